"""Mentions that only refer to an event told elsewhere, and whose dates they hold.

"after completing CAR-T (date)", "following HiDAC", "prior to transplant", "day +32 of the
second transplant": the event named after such a word is a reference. It joins that event
when there is one (and creates it only when there is none). In "Two months after Y (date),
the patient underwent X" the date dates X, the new event of the main clause; in "X after Y
(date)" or "After Y on (date), X" it stays Y's; in "X on (date) after Y" it is never Y's.
"""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise
from typing import Any

from recordkit.nlp.attribution_rules import AttributionRules, ReferenceWords
from recordkit.nlp.episodes import AnchorLike
from recordkit.rule_cache import compiled, per_rule_set


def _one_of(patterns: list[str]) -> str:
    """An alternation of rule patterns; never matching if there are none."""
    return "|".join(f"(?:{p})" for p in patterns) or r"(?!x)x"


class ReferencePatterns:
    """attribution.json `reference_words` compiled: a reference's lead-in and an offset's."""

    def __init__(self, words: ReferenceWords) -> None:
        # 'after the completion of his', 'day +32 of the second transplant': then up to three
        # words of the event's name, ending where the mention begins, the last perhaps joined
        # to it by a hyphen ('after CAR-T and haplo-SCT'); 'post-HiDAC': none
        self.lead_in = compiled(
            rf"\b(?:(?:{_one_of(words.words)})\s+(?:(?:{_one_of(words.articles)})\s+)?"
            rf"(?:{_one_of(words.leads)})?\s*(?:(?:{_one_of(words.determiners)})\s+)?"
            rf"(?:[A-Za-z0-9/-]+\s+){{0,3}}(?:[A-Za-z0-9/]+-)?|(?:{_one_of(words.prefixes)}))$",
            re.I,
        )
        days = _one_of(words.course_days)  # 'FLAG-Ida D8', 'D5 FLAG-Ida', 'day 8 of FLAG-Ida'
        self.day_after = compiled(rf"\s*(?:{days})", re.I)
        self.day_before = compiled(rf"\b(?:{days})\s+(?:of\s+)?$", re.I)
        self.offset = compiled(  # 'two weeks after', '3 months post'
            rf"\b(?:\d{{1,3}}|{_one_of(words.offset_counts)})\s+(?:{_one_of(words.offset_units)})"
            rf"\s+(?:{_one_of(words.offset_words)})\b",
            re.I,
        )


reference_patterns = per_rule_set(ReferencePatterns)


def is_reference(text: str, start: int, s0: int, words: ReferenceWords) -> bool:
    """True when the mention at `start` follows 'after', 'following', 'prior to' ... ."""
    lead_in = reference_patterns(words).lead_in
    return bool(lead_in.search(text[max(s0, start - 45) : start]))


def a_courses_later_day(text: str, a: AnchorLike, words: ReferenceWords) -> bool:
    """'FLAG-Ida D8', 'D5 FLAG-Ida': a course named with a later day of it is one begun before."""
    return _later_day(text, a, words) is not None


def _later_day(text: str, a: AnchorLike, words: ReferenceWords) -> int | None:
    """The day of its course a regimen is named with ('FLAG-Ida D8': 8), if any."""
    if a.kind != "regimen":
        return None
    pats = reference_patterns(words)
    lead = text[max(0, a.start - 16) : a.start]
    m = pats.day_after.match(text, a.end) or pats.day_before.search(lead)
    n = re.findall(r"\d+", m.group(0)) if m else []  # 'C1 D+24': the day, not the cycle
    return int(n[-1]) if n else None


DAY_ONE = "_day_one"  # 'DATE ... FLAG-Ida D8': the course's day 1, DATE - 7 (isoformat)


def _count_back_to_day_one(text: str, anchors: list[AnchorLike], words: ReferenceWords) -> None:
    """'23/01/2024 - HD 9 / FLAG-Ida D8': day 1 of the course was seven days before that date.

    Kept on the mention (`DAY_ONE`) for a course the case records nowhere else; the date
    itself is the note's, never the course's start.
    """
    for a in anchors:
        n = _later_day(text, a, words) if "reference" in a.flags else None
        told = [d for d in a.dates if d.end <= a.start and d.relative is None
                and d.value is not None and d.precision == "day"]  # fmt: skip
        attrs = getattr(a, "attrs", None)
        if n and told and attrs is not None:
            attrs[DAY_ONE] = (told[-1].value - timedelta(days=n - 1)).isoformat()


def mark_references(text: str, anchors: list[AnchorLike], s0: int, words: ReferenceWords) -> None:
    """Flag reference mentions; give their dates to the clause's undated new event."""
    for a in anchors:
        if a.kind != "ignore" and (
            (
                is_reference(text, a.start, s0, words)
                and not _after_of_its_own_date(text, a, s0, words)
            )
            or a_courses_later_day(text, a, words)
        ):
            a.flags.add("reference")
    _own_day_counts(anchors)
    _count_back_to_day_one(text, anchors, words)
    _dates_before_a_reference(anchors)
    _cell_dates_to_the_row(text, anchors)
    for a in anchors:
        if "reference" not in a.flags or not a.dates:
            continue
        if not reference_patterns(words).offset.search(text[max(s0, a.start - 70) : a.start]):
            continue  # "After FLAG-IDA on 3/3/2020, ...": the date is FLAG-IDA's own
        free = [
            b
            for b in anchors
            if b is not a
            and b.kind not in ("ignore", a.kind)
            and "reference" not in b.flags
            and not b.dates
            and b.start > max(d.end for d in a.dates)
        ]  # "After Y (date), X ...": the date is X's; "X after Y (date)": it stays Y's
        if free:
            near = min(free, key=lambda b: abs(b.start - a.start))
            near.dates, a.dates = a.dates, []


CELL_BREAK = " | "  # between two cells of a table row, as the layout writes a row


def _after_of_its_own_date(text: str, a: AnchorLike, s0: int, words: ReferenceWords) -> bool:
    """Whether the 'after' before `a` is inside a relative date `a` holds, ending before it.

    'Six months after CAR-T she relapsed again': 'after' names the CAR-T, which the date
    counts from; the relapse is the sentence's new event, dated by it, not a reference.
    """
    lo = max(s0, a.start - 45)
    m = reference_patterns(words).lead_in.search(text[lo : a.start])
    at = lo + m.start() if m else -1
    return any(d.relative is not None and d.start <= at < d.end <= a.start for d in a.dates)


def _cell_dates_to_the_row(text: str, anchors: list[AnchorLike]) -> None:
    """A date cell dates what its row names, not the event that row is told against.

    'Relapse of AML post allogeneic SCT | 22/01/2024 | Active': a problem list's onset cell
    is the relapse's date; the transplant, named after 'post' in the same cell (a reference,
    or a relative adjective the rules ignore), is only what the relapse is told against.
    """
    for a in anchors:
        later = [d for d in a.dates if d.start >= a.end and CELL_BREAK in text[a.end : d.start]]
        if not ("reference" in a.flags or a.kind == "ignore") or not later:
            continue
        named = [
            b for b in anchors
            if b.end <= a.start and b.kind not in ("ignore", a.kind) and not b.dates
            and "reference" not in b.flags and CELL_BREAK not in text[b.end : a.start]
        ]  # fmt: skip
        if named:
            named[0].dates, a.dates = later, [d for d in a.dates if d not in later]


def _dates_before_a_reference(anchors: list[AnchorLike]) -> None:
    """A date written before 'after his transplant' dates what came after it, not the event.

    'Donor chimerism 88% on DATE after his second transplant': the transplant named after
    'after' is a time reference to one told elsewhere, and the date is the value's (by its
    own rule). It is no other event's either ('(88% on DATE) after his second transplant, he
    received DLI'): an event that had been its owner would have been the cheaper link.
    """
    for a in anchors:
        if "reference" in a.flags:
            a.dates = [d for d in a.dates if d.end > a.start]


def _own_day_counts(anchors: list[AnchorLike]) -> None:
    """A day count from an event never dates that event named as a reference.

    'Rezidiv nach allogener SZT (Tag +405)': the count dates the clause's undated new event
    (the relapse), if any. So does a count written before a relative adjective the rules
    ignore ('acute GVHD of the gut on day +32 post-transplant').
    """
    for a in anchors:
        own = _held_day_counts(a)
        if not own:
            continue
        a.dates = [d for d in a.dates if d not in own]
        free = [
            b for b in anchors
            if b.kind not in ("ignore", a.kind) and "reference" not in b.flags and not b.dates
        ]  # fmt: skip
        if free:
            min(free, key=lambda b: abs(b.start - a.start)).dates = own


def _held_day_counts(a: AnchorLike) -> list[Any]:
    """The day counts `a` holds that count from the event it names ('day +32 post-transplant')."""
    if "reference" in a.flags:
        return [d for d in a.dates if d.relative is not None and d.relative.anchor_kind == a.kind]
    if a.kind == "ignore":
        return [d for d in a.dates if d.relative is not None and d.end <= a.start]
    return []


def date_the_marrow(anchors: list[AnchorLike], rule: str) -> None:
    """'D+28 post CAR-T BM: MRD negative': the day count dates the marrow's remission.

    The relative adjective ('post CAR-T', an ignore trigger) holds the count so that no
    infusion takes it; a remission found by the marrow (trigger `rule`) has no date of its
    own, and the count before it is when the marrow was taken.
    """
    for a in anchors:
        if a.kind != "remission" or a.dates or getattr(a, "attrs", {}).get("rule") != rule:
            continue
        held = [b for b in anchors if b.kind == "ignore" and b.end <= a.start
                and any(d.relative is not None for d in b.dates)]  # fmt: skip
        if held:
            a.dates = [d for d in held[-1].dates if d.relative is not None]


def date_the_new_disease(text: str, anchors: list[AnchorLike]) -> None:
    """'sAML nach MDS-EB2, Erstdiagnose 05/2020': the disease named first is the new one.

    A disease named after 'following'/'nach' is its history; a date written after it across
    a comma is the new disease's, when that has none ('MDS diagnosed 2018' keeps its own).
    """
    for a in anchors:
        if a.kind != "diagnosis" or "reference" not in a.flags or not a.dates:
            continue
        first = min(a.dates, key=lambda d: d.start)
        if first.start < a.end or "," not in text[a.end : first.start]:
            continue
        new = [
            b for b in anchors
            if b.kind == "diagnosis" and b.end <= a.start and not b.dates
            and "reference" not in b.flags
        ]  # fmt: skip
        if new:
            new[-1].dates, a.dates = a.dates, []


# 'three years after her allograft (DATE)', '... after his transplant with you (DATE)',
# '... after the transplant on DATE': the date written right after the event counted from
_COUNTED_FROM_DATE = re.compile(r"\s*(?:[^\W\d_]+\s+){0,3}\(\s*|\s+(?:on|dated)\s+", re.I)


def date_the_counted_anchor(text: str, found: list[Any], anchors: list[Any]) -> list[Any]:
    """'relapsed two years after his allograft (DATE)': the date is the allograft's.

    An event told before an offset ('N years after Y') is dated by the offset, counted from
    Y; a date written right after Y's name (in brackets, or after 'on') is Y's own day, so
    never the event's: Y, which the offset holds, takes it as a reference to the event told
    elsewhere. Returns the anchors, with Y added where it was taken.
    """
    added = []
    for a in anchors:
        for r in [d for d in a.dates if d.relative is not None and d.start >= a.end]:
            own = [
                d for d in a.dates
                if d.value is not None and _COUNTED_FROM_DATE.fullmatch(text, r.end, d.start)
            ]  # fmt: skip
            if not own or not (r.relative.months or r.relative.days):
                continue
            a.dates = [d for d in a.dates if d is not own[0]]
            named = [
                b for b in found
                if b.kind == r.relative.anchor_kind and r.start <= b.start and b.end <= r.end
            ]  # fmt: skip
            if named and named[-1] not in anchors:
                named[-1].dates = [own[0]]
                named[-1].flags.add("reference")
                added.append(named[-1])
    return sorted([*anchors, *added], key=lambda x: x.start)


_QUALIFIER_GAP = re.compile(r"\s*(?:[^\W\d_]+\s+){0,2}", re.I)  # 'relapse', 'Recaída hematológica'


def _told_apart(text: str, qualifier: AnchorLike, anchors: list[AnchorLike]) -> bool:
    """'AML relapse post allo-HSCT; after AZA/VEN cycle 1 (started DATE)': another clause's.

    A date past a semicolon, or past another event named after the qualifier, is told of
    that event or clause, never of the state the qualifier times.
    """
    first = min(d.start for d in qualifier.dates)
    between = [b for b in anchors if b.kind != "ignore" and qualifier.end <= b.start < first]
    return bool(between) or ";" in text[qualifier.end : first]


def date_the_qualified_state(text: str, anchors: list[AnchorLike], states: set[str]) -> None:
    """'Haematological relapse post-transplant on DATE': the date is the state's.

    A phrase the rules ignore (a relative adjective, 'post-transplant', 'pos-trasplante')
    written right after an undated state, a word or two apart, says when the state came
    relative to another event; the date written after it is the state's own.
    """
    for state, qualifier in pairwise(anchors):
        if (
            state.kind in states
            and qualifier.kind == "ignore"
            and not state.dates
            and qualifier.dates
            and all(d.start >= qualifier.end for d in qualifier.dates)
            and _QUALIFIER_GAP.fullmatch(text, state.end, qualifier.start)
            and not _told_apart(text, qualifier, anchors)
        ):
            state.dates, qualifier.dates = qualifier.dates, []


def date_the_state_before_a_reference(
    text: str, anchors: list[AnchorLike], rules: AttributionRules
) -> None:
    """'Haematological relapse post allograft, February 2023': the date is the relapse's.

    A treatment named after 'post' or 'after' right after an undated state is the reference
    the state is told against, an event told before; a date written after it (not its own
    day, in a bracket or after 'on': 'relapse after the transplant on DATE') dates the state.
    """
    states, given = set(rules.reported_kinds), set(rules.given_kinds)
    lead_in = reference_patterns(rules.reference_words).lead_in
    for state, ref in pairwise(anchors):
        if (
            state.kind in states
            and ref.kind in given
            and "reference" in ref.flags
            and not state.dates
            and ref.dates
            and all(d.start >= ref.end and d.relative is None for d in ref.dates)
            and lead_in.fullmatch(text[state.end : ref.start].lstrip())
            and not any(_COUNTED_FROM_DATE.match(text, ref.end, d.start) for d in ref.dates)
            and not _told_apart(text, ref, anchors)
        ):
            state.dates, ref.dates = ref.dates, []


__all__ = [
    "CELL_BREAK",
    "DAY_ONE",
    "date_the_counted_anchor",
    "date_the_marrow",
    "date_the_new_disease",
    "date_the_qualified_state",
    "date_the_state_before_a_reference",
    "is_reference",
    "mark_references",
    "reference_patterns",
]
