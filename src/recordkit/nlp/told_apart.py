"""A diagnosis dated in a sentence of its own: 'AML, complex karyotype. Diagnosed 03/2021.'.

A sentence that is only a diagnosis word and a date ('Diagnosed 03/2021.', 'Dx in 03/2021.',
'确诊于2023年11月。'; the words of attribution.json's `event_participles` and
`event_bracket_words`) dates the disease named in the sentence just before it, in the same
list item or paragraph, when that sentence names a disease and no other event, no value and no
date of its own: the two are read as one sentence. A date so taken from the next sentence is
less sure than one in the disease's own clause (`NEXT_SENTENCE`), unless the two sentences are
the whole of their item.

A disease that turned into another ('MDS-EB2 mit Übergang in sAML (ED 11/2021)', attribution.json's
`transformation_words`) with no date of its own, where the bracket right after the second holds
a diagnosis date (`event_bracket_words`), was known by that date: it takes it, doubted
(`TRANSFORMED`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from recordkit.dates import DateMention
from recordkit.layout import BlockKind, PageLayout
from recordkit.nlp.anchors import DIAGNOSIS_CUE, Anchor
from recordkit.nlp.attribution import DatePolicy
from recordkit.nlp.raw import DROP_FLAGS, EVENT_KINDS
from recordkit.nlp.rules import AttributionRules
from recordkit.nlp.spans import any_of

Span = tuple[int, int]
NEXT_SENTENCE = "date_in_next_sentence"  # flag: the diagnosis took the next sentence's date
DATED_APART = (
    "date taken from the sentence after the disease's ('Diagnosed DATE'), not from its own clause"
)
TRANSFORMED = "known_by_transformation"  # flag: dated by the disease it turned into
KNOWN_BY_TRANSFORMATION = (
    "dated by the diagnosis of the disease it turned into, told once for both: known by then, "
    "perhaps diagnosed earlier"
)
_ITEMS = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.FIELD)
_ENDS = re.compile(r"\s*[.。;；]?\s*")
# what opens an item: a bullet, a number, a field's label ('Diagnosis:', '诊断：')
_OPENING = re.compile(r"\s*(?:[-–•*·]|\d{1,2}[.)]|[^\W\d_][^\n:：]{0,30}[:：])?\s*")
_OTHER_KINDS = EVENT_KINDS | {"regimen", "drug"}


@lru_cache(maxsize=4)
def _cue_before(words: tuple[str, ...], preps: tuple[str, ...]) -> re.Pattern[str]:
    """'Diagnosed ', 'Dx in ', 'Date of diagnosis: ', '确诊于': all a date-only sentence says."""
    return re.compile(
        rf"\s*(?:{any_of(list(words))})\s*[:：]?\s*(?:(?:{any_of(list(preps))})\s+)?", re.I
    )


def _date_only(
    text: str,
    s: Span,
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    rules: AttributionRules,
) -> bool:
    """Whether sentence `s` is only a diagnosis word and one date."""
    dated = [d for d in dates if s[0] <= d.start < s[1]]
    told = [m for m in mentions if s[0] <= m.start < s[1]]
    if len(dated) != 1 or not told:
        return False
    if not all(str(m.attrs.get("rule", "")).startswith(DIAGNOSIS_CUE) for m in told):
        return False
    cue = _cue_before(
        tuple(rules.event_participles + rules.event_bracket_words), tuple(rules.date_prepositions)
    )
    d = dated[0]
    return bool(cue.fullmatch(text, s[0], d.start) and _ENDS.fullmatch(text, d.end, s[1]))


def _diseases_alone(
    s: Span,
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    values: Sequence[int],
) -> set[str]:
    """The diseases sentence `s` names when it names no other event, no value and no date."""
    told = [m for m in mentions if s[0] <= m.start < s[1]]
    if (
        any(m.kind in _OTHER_KINDS for m in told)
        or any(s[0] <= d.start < s[1] for d in dates)
        or any(s[0] <= v < s[1] for v in values)
    ):
        return set()
    return {m.attrs["label"] for m in told if m.kind == "disease" and not m.flags & DROP_FLAGS}


def join_dated_diagnoses(
    text: str,
    layout: PageLayout,
    sentences: list[Span],
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    values: Sequence[int],
    rules: AttributionRules,
) -> tuple[list[Span], dict[Span, int]]:
    """The sentences, each date-only diagnosis sentence joined to the disease's before it.

    Returns the spans and, for each joined span whose date is doubted, where its second
    sentence begins.
    """
    out: list[Span] = []
    doubted: dict[Span, int] = {}
    for s in sentences:
        block = layout.block_at(s[0])
        before = out[-1] if out else None
        if (
            before is None
            or block is None
            or block.kind not in _ITEMS
            or before[0] < block.start
            or not _date_only(text, s, dates, mentions, rules)
        ):
            out.append(s)
            continue
        diseases = _diseases_alone(before, dates, mentions, values)
        if not diseases:
            out.append(s)
            continue
        joined = (before[0], s[1])
        out[-1] = joined
        rest = text[s[1] : block.end]
        whole = _OPENING.fullmatch(text, block.start, before[0]) and not rest.strip()
        if len(diseases) > 1 or not whole:
            doubted[joined] = s[0]
    return out, doubted


def mark_dated_apart(anchors: list[Anchor], second: int) -> None:
    """Flag the diagnoses named before `second` that took a date written after it."""
    for a in anchors:
        if a.kind == "diagnosis" and a.start < second and any(d.start >= second for d in a.dates):
            a.flags.add(NEXT_SENTENCE)


@lru_cache(maxsize=4)
def _turned(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{any_of(sorted(words, key=len, reverse=True))})\s+", re.I)


_BRACKET_OPENS = re.compile(r"\s*[(（][^()（）]*")


def date_the_transformed_disease(text: str, anchors: list[Anchor], policy: DatePolicy) -> None:
    """'MDS-EB2 mit Übergang in sAML (ED 11/2021)': the first disease known by that date too."""
    turned = _turned(tuple(policy.rules.transformation_words))
    told = [a for a in anchors if a.kind == "diagnosis"]
    for first, then in pairwise(told):
        if first.dates or not then.dates or not turned.fullmatch(text, first.end, then.start):
            continue
        d = min(then.dates, key=lambda x: x.start)
        if _BRACKET_OPENS.fullmatch(text, then.end, d.start) and policy.event_bracket(text, d):
            first.dates = list(then.dates)
            first.flags.add(TRANSFORMED)


__all__ = [
    "DATED_APART",
    "KNOWN_BY_TRANSFORMATION",
    "NEXT_SENTENCE",
    "TRANSFORMED",
    "date_the_transformed_disease",
    "join_dated_diagnoses",
    "mark_dated_apart",
]
