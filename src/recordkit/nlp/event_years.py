"""A bare year written right after an event ('History: AML, allograft 2022') dates it.

A history list names an event and its year with no preposition ('allograft 2022', 'relapse
(2023)'); the date forms read a year alone only after one ('in 2022'). A year right after an
event mention dates it to that year: year precision, doubted as every coarse date is. Not a
number a unit follows ('2000 mg', rules/analytes.json `foreign_units`), nor part of a longer
number or date, nor a year outside the plausible window (rules/dates.json `year_window`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from recordkit.dates import DateMention
from recordkit.rule_cache import compiled

_YEAR_AFTER = re.compile(r"[ \t]*[(:]?[ \t]*((?:19|20)\d{2})(?![\d/.,:-]?\d)\)?")
_NOT_EVENTS = frozenset({"ignore", "drug"})  # a drug's number is its dose


@dataclass(frozen=True)
class EventYears:
    """Reads the bare years that follow event mentions."""

    first: int  # the plausible years: from `first` to this year plus `ahead`
    ahead: int
    units: re.Pattern[str]  # what makes a number a quantity, not a year

    @classmethod
    def of(cls, first: int, ahead: int, foreign_units: list[str]) -> EventYears:
        """From the year window and the units of other quantities."""
        return cls(first, ahead, compiled(r"\s*(?:" + "|".join(foreign_units) + ")", re.I))

    def find(
        self, text: str, span: tuple[int, int], found: list[DateMention], mentions: list[Any]
    ) -> list[DateMention]:
        """Years right after the event mentions in text[span], not overlapping `found`."""
        out: list[DateMention] = []
        last = date.today().year + self.ahead
        for m in mentions:
            if m.kind in _NOT_EVENTS or not span[0] <= m.start < span[1]:
                continue
            y = _YEAR_AFTER.match(text, m.end, span[1])
            if y is None or not self.first <= int(y.group(1)) <= last:
                continue
            a, b = y.span(1)
            if self.units.match(text, b) or any(d.start < b and a < d.end for d in found):
                continue
            out.append(DateMention(a, b, y.group(1), date(int(y.group(1)), 1, 1), "year"))
        return out


__all__ = ["EventYears"]
