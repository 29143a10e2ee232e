"""A result named by a past time point of a story told long before its document.

'Diagnosed with B-ALL in April 2019, treated on AALL1731. End-of-induction MRD was <0.01%.' in
a letter of June 2024: the MRD is the 2019 induction's, not the letter's. A value whose own
sentence names the treatment phase it was found at or after (`past_point_words` then a phase
word: 'end-of-induction', 'post-induction', 'after consolidation') takes no document date when
the last date its story told (its line and the lines just above, `story_start`) is more than
STALE_DAYS before the document's date. A letter's own recent result ('Bone marrow after
salvage therapy showed ...', told in a story dated near the letter) keeps the letter's date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from recordkit.dates import DateMention
from recordkit.layout import BlockKind, PageLayout
from recordkit.nlp.clause_time import phase_words
from recordkit.rule_cache import compiled

STORY_LINES = 4  # lines above a line that may tell the story it goes on with
STALE_DAYS = 365  # a story's last date this long before its document's is history
PAST_POINT = "names a past time point of a story told long before its document"
_PROSE = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.FIELD)


def story_start(layout: PageLayout, pos: int) -> int:
    """Where the lines that lead to `pos`'s begin: up to STORY_LINES prose lines above it."""
    block = layout.block_at(pos)
    if block is None:
        return pos
    start = block.start
    above = [b for b in layout.blocks if b.end <= block.start][-STORY_LINES:]
    for b in reversed(above):
        if b.kind not in _PROSE:
            break
        start = b.start
    return start


def past_point_pattern(points: tuple[str, ...], phases: tuple[str, ...]) -> re.Pattern[str]:
    """A past time point: a point word ('end of', 'post') and a phase right after it."""
    point, phase = phase_words(points, phases)
    return compiled(rf"{point.pattern}{phase.pattern}", re.I)


def of_a_past_point(
    text: str,
    span: tuple[int, int],
    layout: PageLayout,
    dates: list[DateMention],
    written: date | None,
    point: re.Pattern[str],
) -> bool:
    """Whether the value at `span` names a past time point of a story long before `written`.

    `span` runs from its sentence's start to the value's end; `written` is its document's date.
    The point may follow the value in its clause: 'and was MRD negative at end of treatment'.
    """
    s0, end = span
    if written is None or not point.search(text, s0, _clause_end(text, end)):
        return False
    told = [d for d in dates if story_start(layout, end) <= d.start < end and d.value]
    return bool(told) and told[-1].value < written - timedelta(days=STALE_DAYS)  # type: ignore[operator]


_CLAUSE_END = re.compile(r"[,;.:]\s|[;:]|\.$|\s->|\s→|$", re.M)


def _clause_end(text: str, pos: int) -> int:
    """Where the clause that goes on at `pos` ends: its comma, semicolon, full stop or line end."""
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


NUMBERED_STATE = "names the depth of a numbered remission, reached before its document"
_CR_NUMBER = re.compile(r"\b(?:CR|RC)\s?[1-4]\b")  # 'CR2', 'RC2'
_ADJOINING = re.compile(r"[\s(]{0,3}")  # 'MRD-negative CR1', 'CR2 MRD+ (0.6%)', 'CR1 (MRD neg'


def of_a_numbered_state(text: str, v: Any, told: list[Any]) -> bool:
    """Whether value `v` is the depth of a numbered remission written right beside it.

    'T-ALL in MRD-negative CR1', 'CR2 MRD+ (0.6%) after InO x2', 'CR3 MRD-negative at HCT': a
    remission named by its number is a stage of the history, reached at the marrow that first
    found it; the MRD that qualifies it was measured then, not on the letter's day.
    """
    for m in told:
        if m.kind != "remission" or not _CR_NUMBER.search(text, m.start, m.end):
            continue
        a, b = (v.end, m.start) if v.end <= m.start else (m.end, v.start)
        if a > b or _ADJOINING.fullmatch(text, a, b):
            return True
    return False


HISTORY = "told in the past tense in a letter's history after the diagnosis it tells"


def of_a_told_history(
    text: str,
    span: tuple[int, int],
    layout: PageLayout,
    past: re.Pattern[str],
    since: re.Pattern[str],
) -> bool:
    """Whether the value at `span` is reported in the past tense of a story told from its diagnosis.

    'He was diagnosed ... at the age of 16. Bone marrow showed 88% lymphoblasts. ... he had his
    first relapse with 45% blasts': a letter's history reports earlier findings; its own date
    dates none of them. `past` finds a past-tense verb of the value's sentence (`span` runs
    from its start to the value's end), `since` a diagnosis told before it in its story.
    """
    s0, end = span
    return bool(past.search(text, s0, end)) and bool(
        since.search(text, story_start(layout, s0), end)
    )


__all__ = [
    "HISTORY",
    "NUMBERED_STATE",
    "PAST_POINT",
    "STORY_LINES",
    "of_a_numbered_state",
    "of_a_past_point",
    "of_a_told_history",
    "past_point_pattern",
    "story_start",
]
