"""A page's transplant fields, each kept to the numbered section that states it.

A summary of one transplant states its `Donor:` and `Graft:` fields once, and every mention
of the transplant on the page takes them. A summary of several ('1. Cord blood transplant'
with its Day 0 and Graft rows, then '2. Rescue haploidentical transplant' with its own)
states a field once per transplant: a mention then takes only the fields of its own section
(from the heading or numbered item above it to the next), never the others' grafts. An
undated mention that states its graft repeats the transplant of that graft, never one
another document gives another graft.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from recordkit.layout import BlockKind, PageLayout
from recordkit.nlp.text import blank_unticked

_SECTION_HEADS = (BlockKind.HEADING, BlockKind.LIST_ITEM)


def field_lines(layout: PageLayout) -> list[tuple[int, str]]:
    """A page's `Label: value` fields where each stands, a two-column table's rows as fields."""
    lines = [(b.start, layout.text[b.start : b.end]) for b in layout.blocks
             if b.kind is BlockKind.FIELD]  # fmt: skip
    for table in (b for b in layout.blocks if b.kind is BlockKind.TABLE):
        lines += [(table.start, f"{row[0]}: {' '.join(row[1:])}")
                  for row in layout.grid(table) if len(row) > 1]  # fmt: skip
    return sorted((at, blank_unticked(line)) for at, line in lines)  # unticked options: nothing


@dataclass(frozen=True)
class PageFields:
    """The page's transplant fields (offset, line) and where its sections begin."""

    lines: tuple[tuple[int, str], ...] = ()
    starts: tuple[int, ...] = ()
    repeated: bool = False  # a label stated twice: one section per transplant

    def near(self, at: int) -> str:
        """The fields a mention at `at` takes: the page's, else (several) its section's."""
        if not self.repeated:
            return "\n".join(line for _, line in self.lines)
        k = bisect_right(self.starts, at)
        lo = self.starts[k - 1] if k else -1
        hi = self.starts[k] if k < len(self.starts) else float("inf")
        return "\n".join(line for where, line in self.lines if lo <= where < hi)


def page_fields(layout: PageLayout, labels: re.Pattern[str]) -> PageFields:
    """The page's transplant fields, those `labels` name, with its section starts."""
    lines = [(at, line) for at, line in field_lines(layout) if labels.match(line)]
    said = [m.group(0).strip(" :：").lower() for _, line in lines if (m := labels.match(line))]
    starts = tuple(b.start for b in layout.blocks if b.kind in _SECTION_HEADS)
    return PageFields(tuple(lines), starts, len(said) != len(set(said)))


class _Told(Protocol):
    attrs: dict[str, Any]


T = TypeVar("T", bound=_Told)


def of_its_graft(same: list[T], attrs: dict[str, Any]) -> list[T]:
    """Of the transplants an undated mention may repeat, those its stated graft allows."""
    said = set() if attrs.get("_grafts_implied") else set(attrs.get("grafts") or ())
    if not said:
        return same
    keep = [i for i in same if not i.attrs.get("grafts") or said & set(i.attrs["grafts"])]
    return [i for i in keep if i.attrs.get("grafts")] or keep or same
