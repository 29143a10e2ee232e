"""Relative dates resolved once all documents are read, from the event each counts from.

"Six months after CD19 CAR-T" counts from the CAR-T that names CD19, not from the case's
last one, and a bare 'day +28' from the infusion its own sentence tells, not from a later
line's day 0; a day 0 known only to its month is counted from mid-month, to the month, and
never where it only retells a day 0 another record gives ('haplo-HSCT (07/2019)' beside
'Stem cell infusion (D0): 18-06-2019': '8 months post transplant' counts from the day). A
letter tells only what came before it: an event dated after the letter that tells a
relative date is not what that date counts from, and a date counted to after its own
letter is wrong (its anchor or its count is misread), so it is left undated.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from recordkit.course_day_ones import date_courses_by_day_one
from recordkit.dates import apply_relative, iso
from recordkit.dates.relative import counted_days
from recordkit.day_counts import DAY_ZEROS, told_day_zero, told_on_line
from recordkit.models import PRECISION_RANK
from recordkit.near_repeats import retold_months
from recordkit.nlp.raw import RawDate, RawFact
from recordkit.nlp.told_apart import TAKEN_FROM_ANOTHER_SENTENCE

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
    section = _section_day_zero(f, day0)
    if section is not None:  # '1. Cord blood HSCT | Day 0 ... Day +21 BM': that section's
        return section
    told_before = [i for i in own if i.order < f.order]
    chosen = day0 or told_before or own or anchors
    return chosen[-1] if chosen else None


def _section_day_zero(f: RawFact, day0: list[Item]) -> Item | None:
    """Of a document's several day 0s, the one told last before `f` (its own section's).

    A summary of two transplants gives each its numbered section and its 'Day 0' line: a
    day count written under the first counts from the first, not from the later one.
    """
    told = [
        (g.order, i)
        for i in day0
        for g in i.facts
        if g.source.file == f.source.file and g.order < f.order and _DAY0.search(g.context)
    ]
    if len(day0) < 2 or not told:
        return None
    return max(told, key=lambda t: t[0])[1]


def _told_before_in_sentence(g: RawFact, f: RawFact) -> bool:
    """Whether g is stated in f's own sentence, before f."""
    return (
        (g.source.file, g.source.page, g.context) == (f.source.file, f.source.page, f.context)
        and g.order < f.order
        and g.date.basis == "stated"
    )


def sentence_day_zero(f: RawFact, items: list[Item]) -> Item | None:
    """The dated infusion (transplant, CAR-T) f's own sentence, else its line, tells before f.

    'He received brexu-cel in January 2023 and achieved CR at day +28': an unnamed count
    refers to the therapy of its own sentence, not to a later line's day 0 (a CAR-T summary
    lists several infusions, each with its own day 0), whatever that therapy's precision.
    So does a count on the line (a list item, a paragraph) that dates a transplant just
    before it ('Haplo BMT 02/03/2021. ANC engraftment D+19': in a CAR-T note, still the
    transplant's day), unless the line names another infusion between them.
    """
    told = [
        (g.order, i)
        for i in items
        if i.kind in DAY_ZEROS and i.date.value is not None and f not in i.facts
        for g in i.facts
        if _told_before_in_sentence(g, f)
    ]
    if told:
        return max(told, key=lambda t: t[0])[1]
    on_line = [
        (g.order, g, i)
        for i in items
        if i.kind in DAY_ZEROS and f not in i.facts
        for g in i.facts
        if told_on_line(g, f)
    ]
    if not on_line:
        return None
    _, g, last = max(on_line, key=lambda t: t[0])
    return last if g.date.basis == "stated" and last.date.value is not None else None


def sentence_course(f: RawFact, items: list[Item]) -> Item | None:
    """The dated course f's own sentence names last before f, however that mention is dated.

    'He received induction with idarubicin and cytarabine (3+7) and the day 28 bone marrow
    showed complete remission': day 28 of that induction (dated by the record that gives
    its start), not of the latest course the letter's table dates.
    """
    told = [
        (g.order, i)
        for i in items
        if i.kind == "regimen" and i.date.value is not None and f not in i.facts
        for g in i.facts
        if (g.source.file, g.source.page, g.context) == (f.source.file, f.source.page, f.context)
        and g.order < f.order
    ]
    return max(told, key=lambda t: t[0])[1] if told else None


def _counted_from(value: date, precision: str | None) -> date:
    """The day a count starts from: a day 0 known only to its month (year) is its middle.

    Day +28 from an infusion 'in January 2023' falls between 29 January and 28 February:
    counted from the 15th it lands in February, the likelier month.
    """
    if precision == "month":
        return value.replace(day=15)
    return value.replace(month=7, day=1) if precision == "year" else value


def after_letter(value: date, precision: str, written: date | None) -> bool:
    """Is `value` after `written` at the precision `value` has (May 2024: not after 13 May)?"""
    if written is None:
        return False
    keep = PRECISION_RANK.get(precision, 3)
    v, w = (value.year, value.month, value.day), (written.year, written.month, written.day)
    return v[:keep] > w[:keep]


def _day_zero(facts: list[RawFact]) -> dict[str, str]:
    """Per document, the kind of the event it calls day 0 ("CAR-T infusion (day 0): ...")."""
    out: dict[str, str] = {}
    for f in facts:
        if f.kind in DAY_ZEROS and _DAY0.search(f.context):
            out.setdefault(f.source.file, f.kind)
    return out


_SHOWN = {"car_t": "CAR-T"}


def _zero_told(f: RawFact, items: list[Item], kind: str) -> str:
    """What an undated count is counted from, for its doubt.

    'Day +28' names no day 0: in a document that tells a CAR-T and no transplant it counts
    from the CAR-T.
    """
    rel = f.date.relative
    told = {i.kind for i in items if i.kind in DAY_ZEROS
            and any(x.source.file == f.source.file for x in i.facts)}  # fmt: skip
    if rel is not None and rel.unnamed and kind not in told and len(told) == 1:
        kind = told.pop()
    return _SHOWN.get(kind, kind.replace("_", "-"))


def _refine(f: RawFact, items: list[Item]) -> int:
    """'Relapse in 06/2023 (D+215)': the day count gives the day when it falls in that month.

    Counted from the last dated transplant (or infusion) before the stated period ends; a
    count that lands outside the period is dropped, and the stated month or year stands.
    """
    rel, stated, prec = f.date.relative, f.date.value, f.date.precision or "year"
    f.date = replace(f.date, relative=None)
    if rel is None or stated is None or rel.ordinal is not None:
        return 0
    kind = rel.anchor_kind or "transplant"
    ends = stated.replace(month=12, day=31) if prec == "year" else stated
    zeros = [
        (i.date.value, i)
        for i in items
        if i.kind == kind and i.date.precision == "day" and f not in i.facts
        if i.date.value is not None and i.date.value <= ends
    ]
    if not zeros:
        return 0
    day0, _ = max(zeros, key=lambda z: z[0])
    value = apply_relative(day0, rel)
    if iso(value, prec) != iso(stated, prec):
        return 0
    f.date = RawDate(value, "day", f.date.raw, "relative")
    f.attrs["_anchor"] = f"{kind.replace('_', '-')} {day0.isoformat()}"
    return 1


def resolve_relative(facts: list[RawFact], items: list[Item]) -> int:
    """Give relative dates their calendar date from the anchor events; returns how many."""
    done = date_courses_by_day_one(items)  # 'FLAG-Ida D8' in a note: its course's day 1
    day0 = _day_zero(facts)
    recaps = retold_months(items)  # 'HSCT (07/2019)' beside the D0 record: count from the day
    for f in facts:
        rel = f.date.relative
        if rel is None:
            continue
        if f.date.value is not None:  # a day count beside a coarse date: the day, if it fits
            done += _refine(f, items)
            continue
        kind = rel.anchor_kind or f.kind
        own = sentence_day_zero(f, items) if rel.unnamed else None
        if kind == "regimen" and rel.named is None and rel.ordinal is None:
            own = sentence_course(f, items)
        if own is not None:
            kind = own.kind
        elif kind == "transplant" and not rel.months and day0.get(f.source.file, kind) != kind:
            kind = day0[f.source.file]  # "Day +28" in a CAR-T summary counts from the infusion
        elif rel.unnamed and (told := told_day_zero(f, items)):
            kind = told
            rel = replace(rel, days=counted_days(told, rel.days))  # a course's day 1 is day 1
        anchors = sorted(
            (i for i in items if i.kind == kind and i.date.value is not None and f not in i.facts),
            key=lambda i: i.date.value,
        )
        anchors = [i for i in anchors if id(i) not in recaps]
        if not anchors:
            zero = _zero_told(f, items, kind)
            f.date.reason = f"stated relative to a {zero} whose date is unknown"
            continue
        if rel.ordinal is not None and rel.ordinal > len(anchors):
            f.date.reason = f"stated relative to {kind} number {rel.ordinal}, which is not dated"
            continue
        anchor = own or choose_anchor(f, anchors, rel.ordinal, f.written)
        if anchor is None:
            f.date.reason = AFTER_LETTER
            continue
        start = _counted_from(anchor.date.value, anchor.date.precision)  # type: ignore[arg-type]
        value = apply_relative(start, rel)
        prec = rel.precision if anchor.date.precision == "day" else anchor.date.precision
        if after_letter(value, prec or "day", f.written):
            f.date.reason = AFTER_LETTER
            continue
        taken = f.date.reason if f.flags & TAKEN_FROM_ANOTHER_SENTENCE else None
        f.date = RawDate(value, prec, f.date.raw, "relative", relative=None, reason=taken)
        when = iso(anchor.date.value, anchor.date.precision or "day")  # type: ignore[arg-type]
        named = "the course started" if kind == "regimen" else kind.replace("_", "-")
        f.attrs["_anchor"] = f"{named} {when}"
        done += 1
    return done


__all__ = ["AFTER_LETTER", "after_letter", "choose_anchor", "resolve_relative"]
