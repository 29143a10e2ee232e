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

The other way round, a letter tells an onset on its exact day in one sentence and the state a
finding confirmed in the next ('On day +24 he developed a rash over the trunk. Skin biopsy
consistent with acute GVHD.'): a sentence with no date, no value and no event but a state
(attribution.json's `reported_kinds`) and a confirming word (`confirming_words`) is read as one
with the sentence just before it, in the same item or paragraph, when that one tells only an
exact day (a full date or a day count) and no event nor value. The state so takes the onset's
day, doubted a little (`ONSET_BEFORE`). A line that only concludes on a state
(`interpretation_words`: 'Consistent with hematologic relapse of AML.') under a test's dated
findings ('Bone marrow biopsy DATE: 34% myeloblasts.'), in its item or the prose block right
above, is read as one with them: the state takes the test's day, as if told on its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from recordkit.dates import DateMention
from recordkit.layout import BlockKind, PageLayout
from recordkit.nlp.anchors import DIAGNOSIS_CUE, NEXT_SENTENCE, Anchor
from recordkit.nlp.attribution import DatePolicy
from recordkit.nlp.raw import DROP_FLAGS, EVENT_KINDS
from recordkit.nlp.rules import AttributionRules
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled

Span = tuple[int, int]
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
ONSET_BEFORE = "dated_by_onset_before"  # flag: a confirmed state took the onset's day before it
DATED_BY_ONSET = (
    "date taken from the onset told in the sentence before, which the finding confirms; "
    "not written with the state itself"
)
# a date so taken keeps its doubt once its day count is resolved
TAKEN_FROM_ANOTHER_SENTENCE = frozenset({NEXT_SENTENCE, ONSET_BEFORE, TRANSFORMED})


@lru_cache(maxsize=4)
def _cue_before(words: tuple[str, ...], preps: tuple[str, ...]) -> re.Pattern[str]:
    """'Diagnosed ', 'Dx in ', 'Date of diagnosis: ', '确诊于': all a date-only sentence says."""
    return compiled(
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


def _join_to_before(
    sentences: list[Span],
    layout: PageLayout,
    may_join: Callable[[Span, Span], bool],
    may_cross: Callable[[Span, Span], bool] | None = None,
) -> tuple[list[Span], dict[Span, int]]:
    """The sentences, each one `may_join` accepts read as one with the sentence before it.

    Only within one list item, field or paragraph, and never onto a span already joined;
    `may_cross` may also join a sentence that opens its block to the last sentence of the
    block right above it ('Marrow DATE: blasts 34%.' / 'Consistent with relapse.').
    Returns the spans and, for each joined span, where its second sentence begins.
    """
    out: list[Span] = []
    joined: dict[Span, int] = {}
    for s in sentences:
        block = layout.block_at(s[0])
        before = out[-1] if out else None
        if (
            before is None
            or before in joined
            or block is None
            or block.kind not in _ITEMS
            or not (
                (before[0] >= block.start and may_join(before, s))
                or (
                    may_cross is not None
                    and _right_above(layout, before, s)
                    and may_cross(before, s)
                )
            )
        ):
            out.append(s)
            continue
        out[-1] = (before[0], s[1])
        joined[out[-1]] = s[0]
    return out, joined


def _right_above(layout: PageLayout, before: Span, s: Span) -> bool:
    """Whether `s` opens its block and `before` ends the prose block right above it."""
    blocks = list(layout.blocks)
    here, above = layout.block_at(s[0]), layout.block_at(before[0])
    if here is None or above is None or above.kind not in _ITEMS or here not in blocks:
        return False
    i = blocks.index(here)
    return (
        i > 0
        and blocks[i - 1] is above
        and not layout.text[here.start : s[0]].strip()
        and not layout.text[before[1] : above.end].strip()
    )


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

    def may_join(before: Span, s: Span) -> bool:
        return _date_only(text, s, dates, mentions, rules) and bool(
            _diseases_alone(before, dates, mentions, values)
        )

    out, joined = _join_to_before(sentences, layout, may_join)
    doubted: dict[Span, int] = {}
    for span, second in joined.items():
        block = layout.block_at(second)
        diseases = _diseases_alone((span[0], second), dates, mentions, values)
        rest = text[span[1] : block.end] if block is not None else ""
        whole = block is not None and _OPENING.fullmatch(text, block.start, span[0])
        if len(diseases) > 1 or not (whole and not rest.strip()):
            doubted[span] = second
    return out, doubted


def mark_dated_apart(anchors: list[Anchor], second: int) -> None:
    """Flag the diagnoses named before `second` that took a date written after it."""
    for a in anchors:
        if a.kind == "diagnosis" and a.start < second and any(d.start >= second for d in a.dates):
            a.flags.add(NEXT_SENTENCE)


@lru_cache(maxsize=4)
def _turned(words: tuple[str, ...]) -> re.Pattern[str]:
    return compiled(rf"\s*(?:{any_of(sorted(words, key=len, reverse=True))})\s+", re.I)


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


def _exact_day_only(
    s: Span,
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    values: Sequence[int],
) -> bool:
    """Whether sentence `s` tells one exact day and no event or value ('On day +24 he ...')."""
    dated = [d for d in dates if s[0] <= d.start < s[1]]
    if len(dated) != 1 or any(s[0] <= m.start < s[1] for m in mentions):
        return False
    d = dated[0]
    exact = (
        d.precision == "day"
        if d.value is not None
        else (d.relative is not None and d.relative.precision == "day")
    )
    return exact and not any(s[0] <= v < s[1] for v in values)


def _told_undated(
    s: Span,
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    values: Sequence[int],
) -> list | None:  # type: ignore[type-arg]
    """The event and disease mentions of sentence `s`; None when it states a date or a value."""
    if any(s[0] <= d.start < s[1] for d in dates) or any(s[0] <= v < s[1] for v in values):
        return None
    events = _OTHER_KINDS | {"disease"}
    return [m for m in mentions if s[0] <= m.start < s[1] and m.kind in events]


def _words_in(words: list[str], lead: str) -> re.Pattern[str]:
    """A rule list's words (longest first) as whole words, after `lead`, compiled once."""
    return compiled(rf"{lead}(?:{any_of(sorted(words, key=len, reverse=True))})(?!\w)", re.I)


def _confirmed_state(
    text: str,
    s: Span,
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    values: Sequence[int],
    rules: AttributionRules,
) -> bool:
    """Whether undated sentence `s` tells only a state a finding confirms.

    'Skin biopsy consistent with acute GVHD.': a state of `reported_kinds`, a confirming word.
    """
    told = _told_undated(s, dates, mentions, values)
    states = set(rules.reported_kinds)
    if (
        not rules.confirming_words
        or not told
        or any(m.kind not in states or m.flags & DROP_FLAGS for m in told)
    ):
        return False
    return bool(_words_in(rules.confirming_words, r"(?<!\w)").search(text, s[0], s[1]))


def join_confirmed_onsets(
    text: str,
    layout: PageLayout,
    sentences: list[Span],
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    values: Sequence[int],
    rules: AttributionRules,
) -> tuple[list[Span], dict[Span, int]]:
    """The sentences, each confirmed state's joined to the onset's day just before it.

    Returns the spans and, for each joined span, where its second sentence begins.
    """

    def onset_first(before: Span, s: Span) -> bool:
        return _confirmed_state(text, s, dates, mentions, values, rules) and _exact_day_only(
            before, dates, mentions, values
        )

    def interprets(before: Span, s: Span) -> bool:
        return _interpretation(text, s, dates, mentions, values, rules) and _dated_finding(
            text, before, dates, mentions, rules
        )

    def may_join(before: Span, s: Span) -> bool:
        return onset_first(before, s) or interprets(before, s)

    out, joined = _join_to_before(sentences, layout, may_join, interprets)
    return out, {
        j: second for j, second in joined.items() if onset_first((j[0], second), (second, j[1]))
    }


def _interpretation(
    text: str,
    s: Span,
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    values: Sequence[int],
    rules: AttributionRules,
) -> bool:
    """Whether undated sentence `s` is only a finding's conclusion about a state.

    'Consistent with hematologic relapse of AML.': it opens with one of `interpretation_words`
    and names a state of `reported_kinds` (perhaps with its disease), no value and no date.
    """
    told = _told_undated(s, dates, mentions, values)
    states = set(rules.reported_kinds)
    if (
        told is None
        or not rules.interpretation_words
        or not any(m.kind in states and not m.flags & DROP_FLAGS for m in told)
        or any(m.kind not in states | {"disease"} for m in told)
    ):
        return False
    return bool(_words_in(rules.interpretation_words, r"[\s\-–•*·]*").match(text, s[0]))


def _dated_finding(
    text: str,
    s: Span,
    dates: list[DateMention],
    mentions: list,  # type: ignore[type-arg]
    rules: AttributionRules,
) -> bool:
    """Whether sentence `s` tells one test's findings on an exact day and no event.

    'Bone marrow biopsy 04/03/2024: 34% myeloblasts, NPM1 positive.': a test of
    `assessment_words` named before its one date on the line.
    """
    dated = [d for d in dates if s[0] <= d.start < s[1]]
    if len(dated) != 1 or dated[0].value is None or dated[0].precision != "day":
        return False
    if any(s[0] <= m.start < s[1] and m.kind in _OTHER_KINDS | {"disease"} for m in mentions):
        return False
    d = dated[0]
    line = text[max(s[0], text.rfind("\n", 0, d.start) + 1) : d.start]
    tests = any_of(rules.assessment_words)
    return (
        bool(tests) and re.search(rf"(?<![A-Za-z])(?:{tests})(?![A-Za-z])", line, re.I) is not None
    )


def mark_dated_by_onset(anchors: list[Anchor], second: int) -> None:
    """Flag the states named from `second` on that took the onset's day written before it."""
    for a in anchors:
        if a.start >= second and any(d.start < second for d in a.dates):
            a.flags.add(ONSET_BEFORE)


__all__ = [
    "DATED_APART",
    "DATED_BY_ONSET",
    "KNOWN_BY_TRANSFORMATION",
    "NEXT_SENTENCE",
    "ONSET_BEFORE",
    "TAKEN_FROM_ANOTHER_SENTENCE",
    "TRANSFORMED",
    "date_the_transformed_disease",
    "join_confirmed_onsets",
    "join_dated_diagnoses",
    "mark_dated_apart",
    "mark_dated_by_onset",
]
