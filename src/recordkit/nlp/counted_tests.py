"""A test named by its day count and then dated: 'the day 28 marrow in 12/2022'.

A day count written right before a test's name ('day 28 marrow', 'Day +100 BMA') tells which
test it was, counted from a course whose first day the sentence may not give; a calendar date
written right after the name, in the same clause, is that test's day. A result of the test
takes the calendar date, never the day count, wherever the result is told in the sentence
('CR1 (MRD-positive, NPM1 0.05%) on the day 28 marrow in 12/2022').
"""

from __future__ import annotations

import re
from collections.abc import Callable

from recordkit.dates import DateMention

_NAME_REACH = 40  # characters the test's name and preposition may take after the day count
_PARTED = re.compile(r"[,;.\n]")


def _counted(d: DateMention) -> bool:
    """A day count: a relative date, or one left unresolved (no calendar value)."""
    return d.value is None or d.relative is not None


def counted_test_date(
    text: str,
    counted: DateMention,
    dates: list[DateMention],
    of_a_test: Callable[[str, DateMention], bool],
) -> DateMention | None:
    """The calendar date of the test `counted` names, written right after the test's name."""
    if not _counted(counted):
        return None
    for d in dates:
        if _counted(d) or not counted.end <= d.start <= counted.end + _NAME_REACH:
            continue
        if not _PARTED.search(text, counted.end, d.start) and of_a_test(text, d):
            return d
    return None


__all__ = ["counted_test_date"]
