"""Case-level extraction: every readable document of a case -> one CaseFacts (events.json).

Dates relative to other events are resolved here, once all documents are read; the same fact
from several documents becomes one item with several sources; different values of one
analyte on one date are kept and listed as conflicts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from typing import Any

from recordkit.chronic_responses import without_chronic_responses
from recordkit.confidence import VALUE_FLAGS, Evidence, score
from recordkit.config import Settings
from recordkit.dates import Order, infer_order, iso
from recordkit.dates.yearless import written_without_year
from recordkit.day_counts import continuing_remissions, disagreements, engraftments_after_transplant
from recordkit.grouping import BASIS_RANK, PREC_RANK, Item, dates_agree, group_facts
from recordkit.lost_points import lost_points
from recordkit.models import (
    CaseFacts,
    Conflict,
    DateInfo,
    DocumentInfo,
    DocumentResult,
    Event,
    Measurement,
    Source,
)
from recordkit.near_repeats import merge_near_repeats
from recordkit.nlp import build_nlp
from recordkit.nlp.episodes import INFERRED
from recordkit.nlp.facts import extract_document
from recordkit.nlp.measurements import PER_MICROLITRE, SORTED_FRACTION, finder_for, unit_either
from recordkit.nlp.raw import AFTER_DOCUMENT, DEATH_CAUSE, DROP_FLAGS, RawDate, RawFact
from recordkit.nlp.rules import DateRules, load_rules
from recordkit.nlp.sections import Sectionizer, SectionKind
from recordkit.nlp.value_types import AT_LIMIT, CAPTIONED
from recordkit.relapse import time_relapses
from recordkit.relative_anchors import resolve_relative
from recordkit.timeline import number_events

log = logging.getLogger(__name__)
_AMBIGUOUS = re.compile(r"\b(\d{1,2})([/-])(\d{1,2})\2\d{2,4}\b")  # dotted: day first


def _is_patient_fact(f: RawFact, sectionizer: Sectionizer, written: str | None) -> bool:
    """Whether a mention can be the patient's own event or result.

    Not when negated, planned, a relative's, a continuing state, or (events) in a discussion,
    legend, glossary, plan or drug list. `written`: the date of the mention's document.
    """
    if "ongoing" in f.flags and f.kind in ("remission", "relapse"):
        return False
    if f.flags & DROP_FLAGS or DEATH_CAUSE in f.flags:  # 'died from relapsed AML': known
        return False
    # dated in its own words by its document's day (a day-care note's own): done, not planned
    # (an undated document dates nothing as done; a sample's date dates no request's reason)
    value, stated = f.date.value, f.date.basis == "stated" and not f.date.sample
    dated = bool(written and value and stated and value.isoformat() <= written)
    return f.kind == "measurement" or sectionizer.keeps(SectionKind(f.section), f.kind, dated)


def _date_info(d: RawDate, anchor: str | None = None) -> DateInfo:
    return DateInfo(
        anchor=anchor if d.basis == "relative" and d.value else None,
        value=iso(d.value, d.precision) if d.value and d.precision else None,
        precision=d.precision if d.value else None,
        raw=d.raw,
        basis=d.basis,
        reason=None if d.value else (d.reason or "no date found"),
    )


def _sources(item: Item) -> tuple[Source, ...]:
    seen, out = set(), []
    dating = sorted(
        item.facts,
        key=lambda f: (
            not dates_agree(f.date, item.date),
            -BASIS_RANK[f.date.basis],
            -PREC_RANK[f.date.precision],
            f.order,
        ),
    )
    for f in dating:
        key = (f.source.file, f.source.page, f.source.start, f.source.end)
        if key not in seen:
            seen.add(key)
            out.append(f.source)
    return tuple(out)


def _dating_fact(item: Item) -> RawFact:
    return min(
        item.facts,
        key=lambda f: (
            not dates_agree(f.date, item.date) if item.date.value else False,
            -BASIS_RANK[f.date.basis],
            -PREC_RANK[f.date.precision],
            f.order,
        ),
    )


def _evidence(
    item: Item,
    said: DateRules,
    flags: tuple[str, ...] = (),
    error: str | None = None,
    check: str | None = None,
) -> Evidence:
    f = _dating_fact(item)
    ocr = f.source.method == "ocr"
    read = [g.measurement for g in item.facts if g.measurement]  # every source's reading
    return Evidence(
        basis=item.date.basis if item.date.value else None,
        ocr=f.confidence if ocr else None,
        fuzzy=not ocr and f.confidence < 1,
        derived="derived" in flags,
        # a unit one source writes is the value's: assumed only where no reading gives one
        unit_assumed=bool(read) and all("unit_assumed" in m.flags for m in read),
        bound=next((m.raw for m in read if AT_LIMIT in m.flags), None),
        per_microlitre=PER_MICROLITRE in flags,
        unit_either=unit_either(flags),
        year_inferred="year_inferred" in flags,
        captioned=CAPTIONED in flags,
        year_of_document=bool(item.date.value)
        and item.date.basis != "relative"
        and "year_inferred" not in flags  # a chart column's: doubted as such
        and written_without_year(item.date.raw, said),
        value_flags=frozenset(f for f in flags if f in VALUE_FLAGS),
        unsure_glyphs=bool(read) and all("low_word_confidence" in m.flags for m in read),
        range_month=any(cue in (item.date.raw or "") for cue in ("(first course)", INFERRED)),
        shared_flags=frozenset.intersection(*(frozenset(g.flags) for g in item.facts)),
        after_document=bool(item.date.value)  # every document giving its date is older
        and all(AFTER_DOCUMENT in g.flags for g in item.facts if dates_agree(g.date, item.date)),
        coarse=item.date.precision in ("month", "year"),
        value_error=error,
        anchor=item.facts[0].attrs.get("_anchor") if item.date.basis == "relative" else None,
        reason=item.date.reason,
        documents=len({g.source.file for g in item.facts}),
        order_guess=_order_guess(f),
        disagreement=check,
        fraction=next((m.fraction for m in read if m.fraction), None),
    )


def _order_guess(f: RawFact) -> str | None:
    """How the day/month order of an ambiguous numeric date (05/06/2020) was chosen."""
    m = _AMBIGUOUS.search(f.date.raw or "") if f.date.value else None
    if not m or int(m.group(1)) > 12 or int(m.group(3)) > 12 or m.group(1) == m.group(3):
        return None
    return f.attrs.get("_order")


def _stable_id(prefix: str, payload: Any) -> str:
    blob = json.dumps(payload, sort_keys=True, default=str).encode()
    return f"{prefix}-{hashlib.sha256(blob).hexdigest()[:10]}"


def _unique_ids(ids: list[str]) -> list[str]:
    """Every item its own id: repeats told by one mention ('three cycles of HiDAC') get -2, -3.

    A correction names the item it changes by id, so two items may never share one.
    """
    seen: Counter[str] = Counter()
    out = []
    for i in ids:
        seen[i] += 1
        out.append(i if seen[i] == 1 else f"{i}-{seen[i]}")
    return out


def _to_event(item: Item, said: DateRules, check: str | None = None) -> Event:
    a = {k: v for k, v in item.attrs.items() if not k.startswith("_")}
    if not a.get("drugs"):
        a.pop("drugs", None)
    info = _date_info(item.date, _dating_fact(item).attrs.get("_anchor"))
    srcs = _sources(item)
    first = item.facts[0]
    fields = {k: (tuple(v) if isinstance(v, list) else v) for k, v in a.items()}
    conf, doubts = score(_evidence(item, said, check=check))
    told = {f.ordinal for f in item.facts} - {None}  # 'CR2', 'the second DLI': one number
    return Event(
        id="",
        kind=item.kind,
        ordinal=told.pop() if len(told) == 1 else None,
        date=info.value,
        date_info=info,  # type: ignore[arg-type]
        confidence=conf,
        doubts=doubts,
        context=first.context,
        sources=srcs,
        **fields,
    )


def _to_measurement(item: Item, said: DateRules, check: str | None = None) -> Measurement:
    f = max(item.facts, key=lambda f: (f.confidence, -f.order[0]))
    v = f.measurement
    assert v is not None
    info = _date_info(item.date)
    flags = tuple(sorted({fl for g in item.facts if g.measurement for fl in g.measurement.flags}))
    conf, doubts = score(_evidence(item, said, flags, v.error, check))
    return Measurement(
        id="",
        analyte=item.attrs["analyte"],
        value=v.value,
        unit=v.unit,
        date=info.value,
        raw=v.raw,
        flags=flags,
        error=v.error,
        date_info=info,
        confidence=conf,
        doubts=doubts,
        context=f.context,
        sources=_sources(item),
    )


def _orders(
    docs: list[DocumentResult], settings: Settings
) -> tuple[dict[str, Order | None], list[str], dict[str, str]]:
    """Each document's day/month order; warnings; how it was chosen where not by its dates."""
    rules = load_rules(settings.extract.rules).dates
    orders: dict[str, Order | None] = {}
    weak: dict[str, str] = {}
    texts = {d.record.path: "\n".join(p.text for p in d.pages) for d in docs}
    dated: set[str] = set()
    for path, text in texts.items():
        orders[path], why = infer_order(text, rules)
        if orders[path] and why == "the document's unambiguous dates":
            dated.add(path)
        elif orders[path]:
            weak[path] = why
    case_order, case_dated = _case_order(orders, dated)
    warnings = []
    for path, o in orders.items():
        if path in dated or (o and not case_dated):
            continue
        orders[path], why = infer_order(texts[path], rules, case_order, case_dated)
        weak.pop(path, None)
        if orders[path]:
            weak[path] = why
        else:
            warnings.append(
                f"{path}: day/month order could not be settled; "
                "ambiguous numeric dates are left unresolved"
            )
    return orders, warnings, weak


def _case_order(orders: dict[str, Order | None], dated: set[str]) -> tuple[Order | None, bool]:
    """The one order the case's documents agree on, and whether their own dates settle it.

    The documents whose unambiguous dates settle an order speak first; only where none does
    is the order their spelling suggests the case's convention.
    """
    for pool, by_dates in ((dated, True), (set(orders), False)):
        votes = Counter(orders[p] for p in pool if orders[p])
        if votes:
            return (votes.most_common(1)[0][0], by_dates) if len(votes) == 1 else (None, by_dates)
    return None, False


def extract_case(
    case_id: str,
    documents: list[DocumentResult],
    settings: Settings,
    source_folder: str | None = None,
) -> CaseFacts:
    """Extract, date, merge and number the facts of one case."""
    rules = load_rules(settings.extract.rules)
    nlp = build_nlp(settings.extract.rules, settings.extract.fuzzy_min_score)
    finder = finder_for(rules.analytes)
    sectionizer = Sectionizer()
    docs = sorted(
        (d for d in documents if d.record.status == "ok" and d.pages), key=lambda d: d.record.path
    )
    orders, warnings, weak = _orders(docs, settings)
    facts: list[RawFact] = []
    doc_dates: dict[str, str | None] = {}
    for i, d in enumerate(docs):
        got, doc_date = extract_document(
            list(d.pages), orders[d.record.path], rules, i, nlp, finder
        )
        doc_dates[d.record.path] = _date_info(doc_date).value
        for f in got:
            if d.record.path in weak:
                f.attrs.setdefault("_order", weak[d.record.path])  # a message's own first
        facts += got
    infos = tuple(
        DocumentInfo(
            file=r.record.path,
            type=r.record.type,
            pages=r.record.pages,
            status=r.record.status,
            date=doc_dates.get(r.record.path),
        )
        for r in sorted(documents, key=lambda r: r.record.path)
        if r.record.status != "skipped"  # recordkit's own output: not a document of the case
    )
    kept = [f for f in facts if _is_patient_fact(f, sectionizer, doc_dates.get(f.source.file))]
    items = group_facts(kept)
    for _ in range(3):
        if not resolve_relative(kept, items):
            break
        items = group_facts(kept)
    items = continuing_remissions(engraftments_after_transplant(items, doc_dates))
    items = without_chronic_responses(items, rules.attributes.responses_not_remissions)
    items, retold = merge_near_repeats(items)
    checks = lost_points(items, rules.analytes.count_parts) | retold
    checks |= disagreements(items, rules.dates.day_count_checks)
    said = rules.dates
    measurements = [
        _to_measurement(i, said, checks.get(id(i))) for i in items if i.kind == "measurement"
    ]
    told = [i for i in items if i.kind != "measurement"]
    in_blood = {k for k, i in enumerate(told) if any(f.attrs.get("_blood_blasts") for f in i.facts)}
    events = time_relapses(
        [_to_event(i, said, checks.get(id(i))) for i in told], measurements, blood_blasts=in_blood
    )
    events = number_events(
        events,
        {
            id(e): i.order
            for e, i in zip(events, [i for i in items if i.kind != "measurement"], strict=True)
        },
    )
    event_ids = _unique_ids(
        [
            _stable_id(
                "ev",
                [e.kind, e.date, e.name, e.organ, e.lineage, e.sources[0].file, e.sources[0].start],
            )
            for e in events
        ]
    )
    events = [e.model_copy(update={"id": i}) for e, i in zip(events, event_ids, strict=True)]
    measurements.sort(
        key=lambda m: (
            m.date or "9999",
            m.analyte,
            m.value if m.value is not None else -1,
            m.sources[0].file,
            m.sources[0].start,
        )
    )
    measurement_ids = _unique_ids(
        [
            _stable_id("m", [m.analyte, m.date, m.value, m.sources[0].file, m.sources[0].start])
            for m in measurements
        ]
    )
    measurements = [
        m.model_copy(update={"id": i}) for m, i in zip(measurements, measurement_ids, strict=True)
    ]
    conflicts = []
    by_key: dict[tuple[str, str], list[Measurement]] = {}
    for m in measurements:
        if SORTED_FRACTION in m.flags:
            continue  # a sorted fraction's chimerism is another quantity than whole blood's
        if m.date and m.date_info.precision == "day" and m.value is not None:
            by_key.setdefault((m.analyte, m.date), []).append(m)
    for (analyte, day), group in sorted(by_key.items()):
        if len({g.value for g in group}) > 1:
            conflicts.append(
                Conflict(
                    analyte=analyte,
                    date=day,
                    values=tuple(g.value for g in group),
                    measurement_ids=tuple(g.id for g in group),
                )
            )
    n_undated = sum(1 for e in events if e.date is None) + sum(
        1 for m in measurements if m.date is None
    )
    if n_undated:
        warnings.append(f"{n_undated} item(s) without a resolvable date")
    warnings += [f"{m.id}: {m.error}" for m in measurements if m.error]
    return CaseFacts(
        case_id=case_id,
        source_folder=source_folder,
        documents=infos,
        events=tuple(events),
        measurements=tuple(measurements),
        conflicts=tuple(conflicts),
        warnings=tuple(warnings),
    )


__all__ = ["dates_agree", "extract_case"]
