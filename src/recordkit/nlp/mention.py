"""Mentions found on a page and the event anchors they become.

A mention: its kind, where it stands, what it names, its flags. An anchor: a mention (or a
group of them) that may become an event, with its dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recordkit.dates import DateMention

# a mention of a course table that tells no course of its own: a drug heading a column, or a
# drug of the table's regimen in a cell noting its dose or schedule ('aza 5 days')
TABLE_NOTE = "table_note"
# a treatment a results table's note column names as its sample's time point ('On nilotinib')
TIME_POINT_NOTE = "time_point_note"


@dataclass
class Mention:
    """A clinical mention on a page (offsets in the analysis text)."""

    kind: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


@dataclass
class Anchor:
    """A mention that may become an event: its kind, span, attributes, flags and dates."""

    kind: str
    start: int
    end: int
    attrs: dict[str, Any]
    flags: set[str]
    dates: list[DateMention] = field(default_factory=list)


__all__ = ["TABLE_NOTE", "TIME_POINT_NOTE", "Anchor", "Mention"]
