"""A value whose own label names a past time point: 'WBC at diagnosis: 87', '初诊时白细胞 87'.

A form or letter written years after the diagnosis lists what the patient had then ('Blasts
at diagnosis 64%', 'Hb at presentation 72 g/L'): the value is of that time point, never of the
form's date. The label says which: `time_point_labels` name an event's own day (the diagnosis,
a relapse), which the value takes once the case's documents tell it (as a relative date of
that event, offset 0); `undated_time_points` name a time before an event ('pre-transplant'),
whose day no document tells: the value is left undated, with the reason.

The label is the value's own: the words inside its span ('WBC at diagnosis: 87'), right after
it ('WBC 87 x10^9/L at diagnosis'), or leading its clause before its first value ('初诊时白细胞
87×10^9/L，骨髓原始细胞 64%'); 'Blasts 64% at diagnosis, now 2%' leaves the 2% alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recordkit.dates import Relative
from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.raw import RawDate
from recordkit.rule_cache import compiled

UNDATED_POINT = "measured at a time point before an event, whose day no document tells"
_CLAUSE_START = re.compile(r"[;；。\n]|\.\s")
_RIGHT_AFTER = re.compile(r"\s*[(（]?\s*")


@dataclass(frozen=True)
class TimePoints:
    """The time-point labels, compiled: per event kind, and those of no told day."""

    points: dict[str, re.Pattern[str]]

    @classmethod
    def compile(cls, labels: dict[str, list[str]], undated: list[str]) -> TimePoints:
        """One pattern per event kind ('' for the undated points)."""
        raw = {**labels, "": undated}
        return cls({k: _pattern(ws) for k, ws in raw.items() if ws})

    def _named(self, text: str, start: int, end: int, anchored: bool = False) -> RawDate | None:
        """The date the first label between `start` and `end` gives (`anchored`: at `start`)."""
        found = []
        for kind, rx in self.points.items():
            m = rx.match(text, start, end) if anchored else rx.search(text, start, end)
            if m is not None:
                found.append((m.start(), kind, m.group(0)))
        if not found:
            return None
        _, kind, said = min(found)
        if not kind:
            return RawDate(raw=said, reason=UNDATED_POINT)
        return RawDate(raw=said, basis="relative", relative=Relative(kind, None))

    def date_of(
        self, text: str, v: ValueMention, s0: int, values: list[ValueMention]
    ) -> RawDate | None:
        """The date the value's own label gives it, if it names a past time point."""
        inside = self._named(text, v.start, v.end)
        if inside is not None:
            return inside
        after = _RIGHT_AFTER.match(text, v.end)
        right = self._named(text, after.end() if after else v.end, len(text), anchored=True)
        if right is not None:
            return right
        starts = [m.end() for m in _CLAUSE_START.finditer(text, s0, v.start)]
        clause = max(starts, default=s0)
        first = min((w.start for w in values if clause <= w.start <= v.start), default=v.start)
        return self._named(text, clause, first)


def _pattern(words: list[str]) -> re.Pattern[str]:
    """Regular expressions `words` as one, whole words where they begin or end in a letter."""
    alts = "|".join(f"(?:{w})" for w in words)
    return compiled(rf"(?<![A-Za-z])(?:{alts})(?![A-Za-z])", re.I)


__all__ = ["UNDATED_POINT", "TimePoints"]
