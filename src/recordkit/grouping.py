"""Case-level grouping: raw facts -> items (one per event or result).

The same fact from several documents becomes one item; an undated repeat of one episode joins
it; distinct courses (cycle, course number, date) stay apart. Relative dates are resolved
against the items afterwards, in `recordkit.relative_anchors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from recordkit.dates.relative import add_months
from recordkit.diagnostic_specimens import date_diagnoses
from recordkit.episode_bounds import OPPOSITE, episodes_it_may_retell
from recordkit.merged_attrs import merge_attrs
from recordkit.models import PRECISION_RANK
from recordkit.nlp.episodes import SPREAD
from recordkit.nlp.event_dates import AFTER_START
from recordkit.nlp.raw import RawDate, RawFact
from recordkit.nlp.section_fields import of_its_graft
from recordkit.relapse import told_after_transplant

STATES = ("relapse", "remission", "gvhd")  # what a note reports again as found 'today'
PREC_RANK = PRECISION_RANK
BASIS_RANK = {
    "stated": 4,
    "relative": 3,
    "collection": 3,
    "sentence": 2,
    "section": 2,
    "today": 2,
    "reported": 1,
    "document": 1,
    None: 0,
}


def dates_agree(a: RawDate, b: RawDate) -> bool:
    """Both dated and equal at the coarser of their precisions."""
    if a.value is None or b.value is None:
        return False
    p = min(PREC_RANK[a.precision], PREC_RANK[b.precision])
    ka = (a.value.year, a.value.month, a.value.day)[:p]
    return ka == (b.value.year, b.value.month, b.value.day)[:p]


@dataclass
class Item:
    """One event or result and the raw facts (mentions) that tell it."""

    kind: str
    attrs: dict[str, Any]
    date: RawDate
    facts: list[RawFact] = field(default_factory=list)

    @property
    def order(self) -> tuple[int, int, int]:
        """Where the story tells it: its dating mention, else its first mention."""
        dating = [f.order for f in self.facts if dates_agree(f.date, self.date)]
        return min(dating or [f.order for f in self.facts])


def _fraction(x: Item | RawFact) -> tuple[str, ...] | None:
    """A chimerism's sorted fraction: its lineages, else its name (None: whole blood, marrow)."""
    first = x.facts[0] if isinstance(x, Item) else x
    m = first.measurement
    if m is None or m.fraction is None:
        return None
    return m.lineages or (m.fraction,)


def _same_fraction(item: Item, f: RawFact) -> bool:
    """Whole blood twice, or two fractions naming a lineage in common ('myeloid (CD15)', 'CD15')."""
    a, b = _fraction(item), _fraction(f)
    return a == b if a is None or b is None else bool(set(a) & set(b))


def _compatible(item: Item, f: RawFact) -> bool:
    if item.kind != f.kind:
        return False
    a, b = item.attrs, f.attrs
    if f.kind == "measurement":
        va, vb = a.get("value"), f.measurement.value if f.measurement else None
        if a["analyte"] != b["analyte"] or va is None or vb is None:
            return False
        if not _same_fraction(item, f):  # 'Whole blood 100% | CD33+ 100%': two quantities
            return False
        return abs(va - vb) <= max(0.001, 0.005 * abs(va))
    for key in ("name", "organ", "lineage", "cycle", "_course", "form"):  # form: acute, chronic
        if a.get(key) and b.get(key) and a[key] != b[key]:
            return False
    if f.kind == "diagnosis":
        return a["label"] == b["label"] or {a["label"], b["label"]} <= {"ALL", "B-ALL", "T-ALL"}
    return True


def _other_stated_type(item: Item, f: RawFact) -> bool:
    """'Molecular relapse (DATE) ... Conclusion: extramedullary relapse: CNS': two relapses.

    An undated mention whose words state a relapse type (`_type_stated`), not one read from
    the results, is not the dated relapse of another type.
    """
    kind, told = item.attrs.get("type"), f.attrs.get("type")
    return bool(f.attrs.get("_type_stated") and kind and told and kind != told)


def _same_episode(item: Item, f: RawFact) -> bool:
    """An undated mention repeats an undated item unless it names another course."""
    if item.date.value is not None or item.date.relative is not None:
        return False
    if f.kind == "measurement" or f.kind == "diagnosis":
        return False
    return _same_number(item, f)


def _told_apart(item: Item, f: RawFact, facts: list[RawFact]) -> bool:
    """'achieved CR ... In November 2019 he relapsed ... CRi in February 2020': two remissions.

    A story tells a patient's course in order: an undated state told, within a dated story,
    before the opposite state (a relapse between two remissions, a remission between two
    relapses) that the same document tells before dating the item is an earlier episode.
    Within a dated story: after an event that document dates before that opposite state (a
    summary heading a letter, 'AML in CR2', is told before the story and is no clue).
    """
    other, file = OPPOSITE.get(f.kind), f.source.file
    told = [g for g in facts if g.source.file == file]
    dating = [g.order for g in item.facts if g.source.file == file and g.date.value is not None]
    for e in (g for g in told if g.kind == other and g.date.value is not None):
        before = e.date.value
        story = any(g.order < f.order and g.date.value and g.date.value < before for g in told)
        if story and any(f.order < e.order < d for d in dating):
            return True
    return False


def _numbered(item: Item) -> set[int]:
    """The numbers its mentions give an item ('CR2', 'the second DLI')."""
    return {g.ordinal for g in item.facts} - {None}


def _same_number(item: Item, f: RawFact) -> bool:
    """'CR2' is never the CR1 an item already tells, nor 'the second DLI' its first."""
    ords = _numbered(item)
    return f.ordinal is None or not ords or f.ordinal in ords


def _merge_attrs(item: Item, f: RawFact) -> None:
    merge_attrs(item.attrs, f, item.date)
    finer = PREC_RANK[f.date.precision] > PREC_RANK[item.date.precision]
    if finer and f.date.value and not _found_by(f):  # a report's date is a bound, not the finding's
        item.date = f.date
    item.facts.append(f)


REPORTED_WINDOW = 183  # days: how long before a note a state it reports may have been found
REPORT_WINDOW = 31  # days: how long before its specimen a report's own stated relapse may be


def _found_by(f: RawFact) -> bool:
    """A state dated by the note that reports it: found by then, perhaps earlier.

    One in a note's assessment, or one the note says it sees 'today' ('appearances today are
    typical of chronic GVHD').
    """
    return f.date.basis == "reported" or (f.date.basis == "today" and f.kind in STATES)


def _ended_since(item: Item, f: RawFact, facts: list[RawFact]) -> bool:
    """Whether the state `item` began was ended (a relapse after a remission) by `f`'s date."""
    ended = OPPOSITE.get(f.kind)
    began, found = item.date.value, f.date.value
    return bool(ended and began and found) and any(
        g.kind == ended and g.date.value and began < g.date.value <= found  # type: ignore[operator]
        for g in facts
    )


def _reported_earlier(items: list[Item], f: RawFact, facts: list[RawFact]) -> Item | None:
    """The item a note reports again: its kind, found up to six months before (`_found_by`).

    Not one the opposite state ended since: 'in second molecular remission' after a relapse
    is a remission of its own, however close the one before.
    """
    if not _found_by(f) or f.date.value is None:
        return None
    found = f.date.value
    earlier = [
        i
        for i in items
        if _compatible(i, f)
        and _same_number(i, f)
        and i.date.value is not None
        and 0 <= (found - i.date.value).days <= REPORTED_WINDOW
    ]
    latest = max(earlier, key=lambda i: (i.date.value, i.order), default=None)
    return None if latest is None or _ended_since(latest, f, facts) else latest


GRADE = {"remission": "depth", "relapse": "type"}  # what tells two states of one kind apart


def _state_still_in(items: list[Item], f: RawFact, facts: list[RawFact]) -> Item | None:
    """'29F with B-ALL in MRD-negative CR1' (a note of DATE): the remission she is in.

    A state a note reports as the current one (`_found_by`), of the number and grade (depth,
    relapse type; or none) of the latest of its kind dated before it, with no opposite state
    dated between, is that state however long ago it began (`_reported_earlier` only looks
    six months back): 'relapsed AML, currently on salvage' a year after the relapse found.
    A deeper remission than the latest is a conversion the note found, a relapse of another
    type (molecular, then haematological) a progression: each stays its own item.
    """
    grade = GRADE.get(f.kind)
    if grade is None or not _found_by(f) or f.date.value is None:
        return None
    found = f.date.value
    before = [i for i in items if i.kind == f.kind and i.date.value and i.date.value <= found]
    latest = max(before, key=lambda i: (i.date.value, i.order), default=None)
    if latest is None or latest.date.value is None or not _same_number(latest, f):
        return None
    if f.attrs.get(grade) not in (None, latest.attrs.get(grade)):
        return None
    return None if _ended_since(latest, f, facts) else latest


RESPONSE_WINDOW = 92  # days after its treatment began (`AFTER_START`) a response is found in


def _response_found_later(items: list[Item], f: RawFact) -> Item | None:
    """'CAR-T on DATE; MRD-negative remission': the same-depth remission dated after DATE."""
    if f.date.reason != AFTER_START or f.date.value is None:
        return None
    later = [
        i for i in items
        if _compatible(i, f) and _same_number(i, f) and i.attrs.get("depth") == f.attrs.get("depth")
        and i.date.value and 0 <= (i.date.value - f.date.value).days <= RESPONSE_WINDOW
    ]  # fmt: skip
    return min(later, key=lambda i: (i.date.value, i.order), default=None)


def _evidence_first(f: RawFact) -> tuple[int, int, bool, date, int]:
    """Best-dated first; of equally dated diagnoses the earliest (it is when it was found).

    A course's month written is better evidence than one spread over a range.
    """
    first = f.date.value if f.kind == "diagnosis" and f.date.value else date.min
    spread = bool(SPREAD.search(f.date.raw or ""))
    return (-BASIS_RANK[f.date.basis], -PREC_RANK[f.date.precision], spread, first, f.order)


def _stated_in_report(items: list[Item], f: RawFact) -> Item | None:
    """'Indication: CSF relapse 14/06/22' over a conclusion's relapse dated by the sample.

    A relapse dated only by its specimen's collection is the one its report dates up to a
    month before: the sample was taken after it was found.
    """
    if f.kind != "relapse" or f.date.basis != "collection" or f.date.value is None:
        return None
    told = [
        i for i in items if _compatible(i, f) and _same_number(i, f) and i.date.value
        and not _other_stated_type(i, f) and i.date.basis == "stated"
        and 0 < (f.date.value - i.date.value).days <= REPORT_WINDOW
        and any(g.source.file == f.source.file for g in i.facts)
    ]  # fmt: skip
    return max(told, key=lambda i: (i.date.value, i.order), default=None)


def _course_in_span(items: list[Item], f: RawFact) -> Item | None:
    """The dated course of the same number within the range a spread course's month came from.

    'DA x2 (Mar–May 2022)' spreads its second course into April; a table's '05/2022 DA C2'
    is that course, told with its own month.
    """
    m = SPREAD.search(f.date.raw or "")
    number = f.attrs.get("_course")
    if m is None or number is None or f.date.value is None:
        return None
    first = add_months(f.date.value, 1 - int(m.group(1)))
    last = add_months(first, int(m.group(2)) - 1)
    return next(
        (
            i for i in items
            if _compatible(i, f) and i.attrs.get("cycle") == number and i.date.value is not None
            and first <= i.date.value.replace(day=1) <= last
        ),
        None,
    )  # fmt: skip


def _dated_episodes(items: list[Item], f: RawFact, facts: list[RawFact]) -> list[Item]:
    """The dated items an undated mention may repeat: of its kind, number and stated type.

    None dated at or after one its document tells as a later episode (`_told_apart`).
    """
    same = [
        i
        for i in items
        if _compatible(i, f)
        and i.date.value is not None
        and _same_number(i, f)
        and not _other_stated_type(i, f)
    ]
    same = episodes_it_may_retell(same, f, facts, items)  # a letter's day; a relapse told between
    named = [i for i in same if f.ordinal is not None and _numbered(i) == {f.ordinal}]
    if f.kind == "remission" and len(named) == 1:  # 'CR1' retold: the case's one dated CR1
        return named  # the same remission however its story is told around it
    later = [i.date.value for i in same if _told_apart(i, f, facts)]
    same = [i for i in same if not later or i.date.value < min(later)]  # type: ignore[operator]
    after = "transplant" if f.kind == "relapse" and told_after_transplant(f.context) else None
    if f.kind == "remission" and (f.ordinal or 0) >= 2:  # CRn comes after the (n-1)th relapse
        relapses = sorted(i.date.value for i in items if i.kind == "relapse" and i.date.value)
        if relapses:  # 'CR3' is never a CR before the second relapse (or the last one told)
            last = relapses[min(f.ordinal or 2, len(relapses) + 1) - 2]
            same = [i for i in same if i.date.value > last]  # type: ignore[operator]
    if after:  # 'relapse after alloSZT', 'CR2': never one dated before the first of those
        first = [i.date.value for i in items if i.kind == after and i.date.value is not None]
        same = [i for i in same if not first or i.date.value > min(first)]  # type: ignore[operator]
    numbered = [i for i in same if f.ordinal is not None and _numbered(i) == {f.ordinal}]
    same = numbered or same
    deep = f.attrs.get("depth")  # '(CRi)' told again: the CRi, not the MRD-negative one after
    same = [i for i in same if deep and i.attrs.get("depth") == deep] or same
    return of_its_graft(same, f.attrs)  # 'cord blood transplant': the cord blood one


def _same_date(item: Item, f: RawFact) -> bool:
    return dates_agree(item.date, f.date) or f.kind == "diagnosis"  # a diagnosis is told once


def group_facts(facts: list[RawFact]) -> list[Item]:
    """Facts -> items: dated facts first (best evidence first), then undated ones join in."""
    items: list[Item] = []
    dated = [f for f in facts if f.date.value is not None]
    dated.sort(key=_evidence_first)
    for f in dated:
        target = (
            _reported_earlier(items, f, dated)
            or _state_still_in(items, f, dated)
            or _response_found_later(items, f)
            or next(
                (i for i in items if _compatible(i, f) and _same_number(i, f) and _same_date(i, f)),
                None,
            )
            or _course_in_span(items, f)
            or _stated_in_report(items, f)
        )
        if target:
            _merge_attrs(target, f)
        else:
            attrs = dict(f.attrs)
            if f.measurement:
                attrs["value"] = f.measurement.value
            items.append(Item(f.kind, attrs, f.date, [f]))
    for f in sorted((f for f in facts if f.date.value is None), key=lambda f: f.order):
        if f.date.relative is not None:  # waits for its anchor; never folded into another item
            attrs = dict(f.attrs, value=f.measurement.value) if f.measurement else dict(f.attrs)
            items.append(Item(f.kind, attrs, f.date, [f]))
            continue
        same = _dated_episodes(items, f, facts)
        if same:  # the episode its own document dated, else the case's latest
            own = [i for i in same if any(g.source.file == f.source.file for g in i.facts)]
            _merge_attrs(max(own or same, key=lambda i: (i.date.value, i.order)), f)
            continue
        twin = [i for i in items if _compatible(i, f) and _same_episode(i, f)]
        if twin:  # an undated repeat of one episode ("the transplant", "the DLI")
            if twin[-1].date.raw is None and f.date.raw is not None:
                twin[-1].date = f.date  # 'Day 0: 04/05/2023' unread says why it stays undated
            _merge_attrs(twin[-1], f)
            continue
        attrs = dict(f.attrs)
        if f.measurement:
            attrs["value"] = f.measurement.value
        items.append(Item(f.kind, attrs, f.date, [f]))
    return date_diagnoses(items)  # a recap's month against the diagnostic specimen's day


__all__ = ["BASIS_RANK", "PREC_RANK", "Item", "dates_agree", "group_facts"]
