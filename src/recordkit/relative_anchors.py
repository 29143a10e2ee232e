"""Which event a relative date counts from, chosen on evidence.

"Six months after CD19 CAR-T" counts from the CAR-T that names CD19, not from the case's
last one. A letter tells only what came before it: an event dated after the letter that
tells a relative date is not what that date counts from, and a date counted to after its
own letter is wrong (its anchor or its count is misread), so it is left undated.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from recordkit.nlp.raw import RawFact

if TYPE_CHECKING:
    from recordkit.grouping import Item

_DAY0 = re.compile(r"\b(?:day|D)\s*0\b|第\s*0\s*天", re.I)
_NAME_BEFORE = 40  # how far before its quote a mention's name may stand ('CD19 CAR-T cells were')
AFTER_LETTER = "the event it counts from, or the date counted, falls after the document telling it"


def _names(item: Item, word: str) -> bool:
    """Whether a mention of `item` names `word` in its quote or just before it."""
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", re.I)
    for g in item.facts:
        at = g.context.find(g.source.quote)
        near = g.context[max(0, at - _NAME_BEFORE) : at + len(g.source.quote)] if at >= 0 else ""
        if pattern.search(near or g.source.quote):
            return True
    return False


def _not_after(anchors: list[Item], written: date | None) -> list[Item]:
    """The anchors dated on or before the day the telling document was written."""
    if written is None:
        return anchors
    return [i for i in anchors if i.date.value is not None and i.date.value <= written]


def choose_anchor(
    f: RawFact, anchors: list[Item], ordinal: int | None, written: date | None = None
) -> Item | None:
    """The event `f`'s relative date counts from (None: none could be, given `written`).

    A numbered one ("the second DLI") by its number; the one the mention names ("after CD19
    CAR-T") among those that name it; otherwise the same document's day 0, else the one that
    document dates, the latest told before the mention; else the case's latest before the
    document was written.
    """
    if ordinal is not None and ordinal > 0:
        return anchors[ordinal - 1]
    named = f.date.relative.named if f.date.relative is not None else None
    anchors = _not_after([i for i in anchors if named and _names(i, named)] or anchors, written)
    own = [
        i
        for i in anchors
        if any(g.source.file == f.source.file and g.date.basis == "stated" for g in i.facts)
    ]
    day0 = [
        i
        for i in own
        if any(g.source.file == f.source.file and _DAY0.search(g.context) for g in i.facts)
    ]
    told_before = [i for i in own if i.order < f.order]
    chosen = day0 or told_before or own or anchors
    return chosen[-1] if chosen else None


def after_letter(value: date, precision: str, written: date | None) -> bool:
    """Is `value` after `written` at the precision `value` has (May 2024: not after 13 May)?"""
    if written is None:
        return False
    keep = {"year": 1, "month": 2}.get(precision, 3)
    v, w = (value.year, value.month, value.day), (written.year, written.month, written.day)
    return v[:keep] > w[:keep]


__all__ = ["AFTER_LETTER", "after_letter", "choose_anchor"]
