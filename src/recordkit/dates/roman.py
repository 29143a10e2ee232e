"""Months written in Roman numerals: '12.IV.2021', '12/IV/2021', '12. IV. 2021', 'IV.2021'.

Russian, Ukrainian, Polish and other Eastern European records write the month so. Only
upper-case numerals are read, between a day and a year (day precision) or right before a
year after a full stop, slash or hyphen (month precision); a numeral after a word that
counts a stage or grade ('stage IV.2021') is no month.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recordkit.dates.forms import full_year
from recordkit.dates.types import DateMention
from recordkit.rule_cache import compiled, per_rule_set

if TYPE_CHECKING:
    from recordkit.nlp.rules import DateRules

_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_MONTH = "|".join(sorted(_NUMERALS, key=len, reverse=True))
# a full stop (perhaps spaced), slash or hyphen, the same on both sides: '1 IV 2000 mg' is a dose
_DAY_FORM = re.compile(
    rf"(?<![A-Za-z0-9.,/-])(\d{{1,2}})(\.[ \t]?|/|-)({_MONTH})\2(\d{{4}}|\d{{2}})"
    r"(?![A-Za-z0-9]|[.,/-]\d)"
)
_MONTH_FORM = re.compile(
    rf"(?<![A-Za-z0-9.,/-])({_MONTH})[./-][ \t]?(\d{{4}})(?![A-Za-z0-9]|[.,/-]\d)"
)


@dataclass(frozen=True)
class _Compiled:
    not_after: re.Pattern[str] | None


@per_rule_set
def _compiled(rules: DateRules) -> _Compiled:
    words = rules.roman_months.not_after
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return _Compiled(compiled(rf"\b(?:{alt})[ \t]*$", re.I) if alt else None)


def roman_dates(text: str, rules: DateRules) -> Iterator[DateMention]:
    """Every date whose month is a Roman numeral, in order (none where the rules switch it off)."""
    if not rules.roman_months.read:
        return
    c = _compiled(rules)
    window = rules.year_window
    last = date.today().year + window.years_ahead
    spans: list[tuple[int, int]] = []
    for m in _DAY_FORM.finditer(text):
        y = m.group(4)
        year = int(y) if len(y) == 4 else full_year(y)
        d = _valid(year, _NUMERALS.index(m.group(3)) + 1, int(m.group(1)), window.first, last)
        if d is not None:
            spans.append(m.span())
            yield DateMention(m.start(), m.end(), m.group(0), d, "day")
    for m in _MONTH_FORM.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue
        if c.not_after and c.not_after.search(text, max(0, m.start() - 24), m.start()):
            continue  # 'stage IV.2021'
        d = _valid(int(m.group(2)), _NUMERALS.index(m.group(1)) + 1, 1, window.first, last)
        if d is not None:
            yield DateMention(m.start(), m.end(), m.group(0), d, "month")


def _valid(year: int, month: int, day: int, first: int, last: int) -> date | None:
    if not first <= year <= last:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def written_roman(raw: str | None) -> bool:
    """Whether a date as written has its month in Roman numerals ('12.IV.2021', 'IV.2021')."""
    if not raw:
        return False
    return bool(_DAY_FORM.fullmatch(raw) or _MONTH_FORM.fullmatch(raw))


__all__ = ["roman_dates", "written_roman"]
