"""Courses named by their number: a later clause that dates one course of a counted treatment.

'She received two cycles of HiDAC, the first starting April 5, 2021. The second cycle was
dose-reduced and started on May 10, 2021.': the counted mention made two courses, the first
dated; 'the second cycle ... DATE' dates the second. 'Cycle 1 started DATE and cycle 2 started
DATE' dates each in turn.
"""

from __future__ import annotations

import re
from typing import Any

from recordkit.dates import ORDINALS
from recordkit.nlp.raw import RawFact, raw_date

_NAMED_COURSE = re.compile(
    r"\b(?:(?:the\s+)?(first|second|third|fourth|fifth|sixth|[1-6](?:st|nd|rd|th))\s+"
    r"(?:cycle|course|block|round)|(?:cycle|course|block|round)\s*([1-6]))\b",
    re.I,
)
_TREATMENTS = ("regimen", "dli", "car_t")


def _counted(earlier: list[RawFact]) -> list[RawFact]:
    """The courses of the latest counted treatment told before (all of its mention's facts)."""
    last = next((f for f in reversed(earlier) if f.kind in _TREATMENTS), None)
    if last is None or "_course" not in last.attrs:
        return []
    return [f for f in earlier if f.kind == last.kind and f.order[:2] == last.order[:2]
            and f.context == last.context and "_course" in f.attrs]  # fmt: skip


def date_numbered_courses(
    text: str, span: tuple[int, int], dates: list[Any], anchors: list[Any], earlier: list[RawFact]
) -> None:
    """Give each 'second cycle ... DATE' its date, on the undated course of that number.

    Only in a sentence that names no treatment of its own (which would take the date) and
    only a date no mention of the sentence owns.
    """
    s0, s1 = span
    if any(a.kind in _TREATMENTS for a in anchors):
        return
    courses = _counted(earlier)
    owned = {id(d) for a in anchors for d in a.dates}
    named = list(_NAMED_COURSE.finditer(text, s0, s1))
    stops = [m.start() for m in named[1:]] + [s1]
    for m, stop in zip(named, stops, strict=False):
        number = ORDINALS.get((m.group(1) or "").lower()) or int(m.group(2))
        d = next((d for d in dates if m.end() <= d.start < stop and d.value is not None
                  and d.relative is None and id(d) not in owned), None)  # fmt: skip
        course = next((f for f in courses if f.attrs["_course"] == number), None)
        if d is not None and course is not None and course.date.value is None:
            course.date = raw_date(d, "stated")


__all__ = ["date_numbered_courses"]
