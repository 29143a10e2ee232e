"""'20.01.2022  ADxE  |  d15-KM 12 % Blasten': a value of a later day of the row's course.

An overview of treatment lines each with the day its course began writes beside it what a
marrow showed on a later day of that course ('d15-KM', 'day 15 marrow', 'Tag-15-KM'): day 1
is the line's date, so the marrow was taken N - 1 days later, never on the line's date. An
infusion's line (a transplant, a CAR-T, a DLI) counts from its day 0 by signed days
('d+28'), which are relative dates of their own; this reads only a course's unsigned days.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from recordkit.dates import DateMention
from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.raw import RawDate
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled

COUNTED_FROM_LINE = "a day of a course, counted from its line's date as the course's day 1"
_INFUSED = {"transplant", "car_t", "dli"}  # day 0 is their own day: no day 1 to count from


@lru_cache(maxsize=4)
def _day_of_course(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """The day (unsigned, no schedule 'd1-5', 'd3,5'), then at most two words naming the test."""
    if not words:
        return None
    return compiled(
        rf"(?<![\w+/-])(?:{any_of(list(words))})[ -]?(\d{{1,3}})(?![\d.,/+])(?!\s*[-–]\s*\d)"
        r"[ -]*(?:[^\W\d_]{1,14}[ :-]+){0,2}$",
        re.I,
    )


def day_of_its_course(
    words: list[str], text: str, best: DateMention | None, v: ValueMention, mentions: list
) -> RawDate | None:  # type: ignore[type-arg]
    """The day a value written after 'dN' on its course's line (dated `best`) was taken."""
    if best is None or best.value is None or best.relative is not None:
        return None
    if best.precision != "day" or best.end > v.start or "\n" in text[best.end : v.start]:
        return None
    day_of = _day_of_course(tuple(words))
    m = day_of.search(text, best.end, v.start) if day_of is not None else None
    if m is None or int(m.group(1)) < 2:
        return None
    infused = any(
        getattr(k, "kind", None) in _INFUSED and best.end <= k.start < m.start() for k in mentions
    )
    if infused:
        return None
    day = best.value + timedelta(days=int(m.group(1)) - 1)
    raw = f"{best.raw} {m.group(0).strip()}"
    return RawDate(day, "day", raw, "sentence", reason=COUNTED_FROM_LINE)


__all__ = ["COUNTED_FROM_LINE", "day_of_its_course"]
