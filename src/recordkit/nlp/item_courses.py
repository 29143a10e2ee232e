"""A history item's leading date and a later course it tells with its own date.

'- 14/06/2023: decitabine + venetoclax (C1); C2 started 19/07/2023': the item's leading date
is the day of the first course it names, and the '; C2 started DATE' after it adds a second
course of the same regimen on its own day. Neither date relabels the other: two courses,
the first numbered as the item names it (C1), the second by the number before its date.
Only when the item names the earlier course's number between the regimen and the later
date, so a course told once with a later start ('- DATE: referred; AZA C2 started DATE')
keeps its one date.
"""

from __future__ import annotations

import re
from typing import Any

from recordkit.rule_cache import compiled

_LEAD_GAP = re.compile(r"\s*[:–-]?\s*(?:[^\W\d_][\w-]*\s+){0,3}")  # 'DATE: consolidation HiDAC'
_REACH = 40  # characters before the later date its course's number may stand in
_NUMBER = r"(?-i:\b(?:C|[Cc]ycle|[Cc]ourse)\s*(\d{1,2})\b)"


def next_cycle_told(
    text: str, a: Any, number_before: re.Pattern[str], s0: int
) -> tuple[list[list[Any]], bool] | None:
    """The anchor's two dates as two courses, when the item tells them so; else None.

    Both its own, whatever else reads the later one as when the course began ('started').
    """
    owned = sorted(a.dates, key=lambda d: d.start)
    if a.kind != "regimen" or len(owned) != 2 or any(d.relative or not d.value for d in owned):
        return None
    first, later = owned
    if not (first.end <= a.start and a.end <= later.start):
        return None
    if not _LEAD_GAP.fullmatch(text, first.end, a.start):
        return None  # the leading date is the regimen's, nothing else between
    m = number_before.search(text[max(s0, later.start - _REACH) : later.start])
    n = int(m.group(1) or m.group(2)) if m else 0
    told = [int(c.group(1)) for c in compiled(_NUMBER).finditer(text, a.start, later.start)]
    if n < 2 or not any(c < n for c in told):
        return None  # the later date's course and an earlier one the item names
    return [[first], [later]], True


__all__ = ["next_cycle_told"]
