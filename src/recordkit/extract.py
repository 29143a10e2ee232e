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
from dataclasses import dataclass, field
from typing import Any

from recordkit.confidence import Evidence, score
from recordkit.config import Settings
from recordkit.dates import Order, apply_relative, infer_order, iso
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
from recordkit.nlp import build_nlp
from recordkit.nlp.facts import DROP_FLAGS, RawDate, RawFact, extract_document
from recordkit.nlp.measurements import MeasurementFinder
from recordkit.nlp.rules import load_rules
from recordkit.nlp.sections import Sectionizer, SectionKind
from recordkit.relapse import time_relapses
from recordkit.timeline import number_events

log = logging.getLogger(__name__)
_DAY0 = re.compile(r"\b(?:day|D)\s*0\b|第\s*0\s*天", re.I)

_PREC_RANK = {"day": 3, "month": 2, "year": 1, None: 0}
_BASIS_RANK = {
    "stated": 4,
    "relative": 3,
    "collection": 3,
    "sentence": 2,
    "document": 1,
    None: 0,
}


def dates_agree(a: RawDate, b: RawDate) -> bool:
    """Both dated and equal at the coarser of their precisions."""
    if a.value is None or b.value is None:
        return False
    p = min(_PREC_RANK[a.precision], _PREC_RANK[b.precision])
    ka = (a.value.year, a.value.month, a.value.day)[:p]
    return ka == (b.value.year, b.value.month, b.value.day)[:p]


@dataclass
class _Item:
    kind: str
    attrs: dict[str, Any]
    date: RawDate
    facts: list[RawFact] = field(default_factory=list)

    @property
    def order(self) -> tuple[int, int, int]:
        """Where the story tells it: its dating mention, else its first mention."""
        dating = [f.order for f in self.facts if dates_agree(f.date, self.date)]
        return min(dating or [f.order for f in self.facts])


def _compatible(item: _Item, f: RawFact) -> bool:
    if item.kind != f.kind:
        return False
    a, b = item.attrs, f.attrs
    if f.kind == "measurement":
        va, vb = a.get("value"), f.measurement.value if f.measurement else None
        if a["analyte"] != b["analyte"] or va is None or vb is None:
            return False
        return abs(va - vb) <= max(0.001, 0.005 * abs(va))
    for key in ("name", "organ", "lineage", "cycle", "_course"):
        if a.get(key) and b.get(key) and a[key] != b[key]:
            return False
    if f.kind == "diagnosis":
        return a["label"] == b["label"] or {a["label"], b["label"]} <= {"ALL", "B-ALL", "T-ALL"}
    return True


def _same_episode(item: _Item, f: RawFact) -> bool:
    """An undated mention repeats an undated item unless it names another course."""
    if item.date.value is not None or item.date.relative is not None:
        return False
    if f.kind == "measurement" or f.kind == "diagnosis":
        return False
    ords = {g.ordinal for g in item.facts} - {None}
    return f.ordinal is None or not ords or f.ordinal in ords


def _merge_attrs(item: _Item, f: RawFact) -> None:
    for k, v in f.attrs.items():
        if k == "grafts":
            item.attrs[k] = sorted(
                set(item.attrs.get(k) or []) | set(v), key=["PBSC", "BM", "UCB"].index
            )
        elif (k == "label" and v in ("B-ALL", "T-ALL")) or item.attrs.get(k) is None:
            item.attrs[k] = v
    if _PREC_RANK[f.date.precision] > _PREC_RANK[item.date.precision] and f.date.value:
        item.date = f.date
    item.facts.append(f)


def _group(facts: list[RawFact]) -> list[_Item]:
    items: list[_Item] = []
    dated = [f for f in facts if f.date.value is not None]
    dated.sort(key=lambda f: (-_BASIS_RANK[f.date.basis], -_PREC_RANK[f.date.precision], f.order))
    for f in dated:
        target = next(
            (
                i
                for i in items
                if _compatible(i, f) and (dates_agree(i.date, f.date) or f.kind == "diagnosis")
            ),
            None,
        )
        if target:
            _merge_attrs(target, f)
        else:
            attrs = dict(f.attrs)
            if f.measurement:
                attrs["value"] = f.measurement.value
            items.append(_Item(f.kind, attrs, f.date, [f]))
    for f in sorted((f for f in facts if f.date.value is None), key=lambda f: f.order):
        if f.date.relative is not None:  # waits for its anchor; never folded into another item
            items.append(
                _Item(
                    f.kind,
                    dict(f.attrs, value=f.measurement.value) if f.measurement else dict(f.attrs),
                    f.date,
                    [f],
                )
            )
            continue
        same = [i for i in items if _compatible(i, f) and i.date.value is not None]
        if same:
            _merge_attrs(max(same, key=lambda i: (i.date.value, i.order)), f)
            continue
        twin = [i for i in items if _compatible(i, f) and _same_episode(i, f)]
        if twin:  # an undated repeat of one episode ("the transplant", "the DLI")
            _merge_attrs(twin[-1], f)
            continue
        attrs = dict(f.attrs)
        if f.measurement:
            attrs["value"] = f.measurement.value
        items.append(_Item(f.kind, attrs, f.date, [f]))
    return items


def _choose_anchor(f: RawFact, anchors: list[_Item], ordinal: int | None) -> _Item:
    """The event a relative date counts from, chosen on evidence.

    A numbered one ("the second DLI") by its number; otherwise the same document's day 0, else
    the one that document dates, the latest told before the mention; else the case's latest.
    """
    if ordinal is not None and ordinal > 0:
        return anchors[ordinal - 1]
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
    return (day0 or told_before or own or anchors)[-1]


def _day_zero(facts: list[RawFact]) -> dict[str, str]:
    """Per document, the kind of the event it calls day 0 ("CAR-T infusion (day 0): ...")."""
    out: dict[str, str] = {}
    for f in facts:
        if f.kind in ("transplant", "car_t") and _DAY0.search(f.context):
            out.setdefault(f.source.file, f.kind)
    return out


def _resolve_relative(facts: list[RawFact], items: list[_Item]) -> int:
    """Give relative dates their calendar date from the anchor events; returns how many."""
    done = 0
    day0 = _day_zero(facts)
    for f in facts:
        rel = f.date.relative
        if rel is None or f.date.value is not None:
            continue
        kind = rel.anchor_kind or f.kind
        if kind == "transplant" and not rel.months and day0.get(f.source.file, kind) != kind:
            kind = day0[f.source.file]  # "Day +28" in a CAR-T summary counts from the infusion
        anchors = sorted(
            (i for i in items if i.kind == kind and i.date.value is not None and f not in i.facts),
            key=lambda i: i.date.value,
        )
        if not anchors:
            f.date.reason = f"stated relative to a {kind.replace('_', '-')} whose date is unknown"
            continue
        if rel.ordinal is not None and rel.ordinal > len(anchors):
            f.date.reason = f"stated relative to {kind} number {rel.ordinal}, which is not dated"
            continue
        anchor = _choose_anchor(f, anchors, rel.ordinal)
        value = apply_relative(anchor.date.value, rel)  # type: ignore[arg-type]
        prec = rel.precision if anchor.date.precision == "day" else anchor.date.precision
        f.date = RawDate(value, prec, f.date.raw, "relative", relative=None, reason=None)
        when = iso(anchor.date.value, anchor.date.precision or "day")  # type: ignore[arg-type]
        f.attrs["_anchor"] = f"{kind.replace('_', '-')} {when}"
        done += 1
    return done


def _is_patient_fact(f: RawFact, sectionizer: Sectionizer) -> bool:
    """Whether a mention can be the patient's own event or result.

    Not when negated, planned, a relative's, a continuing state, or (events) in a discussion,
    legend, glossary, plan or drug list.
    """
    if f.flags & DROP_FLAGS:
        return False
    if "ongoing" in f.flags and f.kind in ("remission", "relapse"):
        return False
    return f.kind == "measurement" or sectionizer.patient_events(SectionKind(f.section))


def _date_info(d: RawDate, anchor: str | None = None) -> DateInfo:
    return DateInfo(
        anchor=anchor if d.basis == "relative" and d.value else None,
        value=iso(d.value, d.precision) if d.value and d.precision else None,
        precision=d.precision if d.value else None,
        raw=d.raw,
        basis=d.basis,
        reason=None if d.value else (d.reason or "no date found"),
    )


def _sources(item: _Item) -> tuple[Source, ...]:
    seen, out = set(), []
    dating = sorted(
        item.facts,
        key=lambda f: (
            not dates_agree(f.date, item.date),
            -_BASIS_RANK[f.date.basis],
            -_PREC_RANK[f.date.precision],
            f.order,
        ),
    )
    for f in dating:
        key = (f.source.file, f.source.page, f.source.start, f.source.end)
        if key not in seen:
            seen.add(key)
            out.append(f.source)
    return tuple(out)


def _dating_fact(item: _Item) -> RawFact:
    return min(
        item.facts,
        key=lambda f: (
            not dates_agree(f.date, item.date) if item.date.value else False,
            -_BASIS_RANK[f.date.basis],
            -_PREC_RANK[f.date.precision],
            f.order,
        ),
    )


def _evidence(item: _Item, flags: tuple[str, ...] = (), error: str | None = None) -> Evidence:
    f = _dating_fact(item)
    ocr = f.source.method == "ocr"
    return Evidence(
        basis=item.date.basis if item.date.value else None,
        ocr=f.confidence if ocr else None,
        fuzzy=not ocr and f.confidence < 1,
        derived="derived" in flags,
        unit_assumed="unit_assumed" in flags,
        range_month=bool(item.date.raw and item.date.raw.endswith("(first course)")),
        coarse=item.date.precision in ("month", "year"),
        value_error=error,
        anchor=item.facts[0].attrs.get("_anchor") if item.date.basis == "relative" else None,
        reason=item.date.reason,
        documents=len({g.source.file for g in item.facts}),
    )


def _stable_id(prefix: str, payload: Any) -> str:
    blob = json.dumps(payload, sort_keys=True, default=str).encode()
    return f"{prefix}-{hashlib.sha256(blob).hexdigest()[:10]}"


def _to_event(item: _Item) -> Event:
    a = {k: v for k, v in item.attrs.items() if not k.startswith("_")}
    if not a.get("drugs"):
        a.pop("drugs", None)
    info = _date_info(item.date, _dating_fact(item).attrs.get("_anchor"))
    srcs = _sources(item)
    first = item.facts[0]
    fields = {k: (tuple(v) if isinstance(v, list) else v) for k, v in a.items()}
    conf, doubts = score(_evidence(item))
    return Event(
        id="",
        kind=item.kind,
        date=info.value,
        date_info=info,  # type: ignore[arg-type]
        confidence=conf,
        doubts=doubts,
        context=first.context,
        sources=srcs,
        **fields,
    )


def _to_measurement(item: _Item) -> Measurement:
    f = max(item.facts, key=lambda f: (f.confidence, -f.order[0]))
    v = f.measurement
    assert v is not None
    info = _date_info(item.date)
    flags = tuple(sorted({fl for g in item.facts if g.measurement for fl in g.measurement.flags}))
    conf, doubts = score(_evidence(item, flags, v.error))
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
) -> tuple[dict[str, Order | None], list[str]]:
    rules = load_rules(settings.extract.rules).dates
    orders: dict[str, Order | None] = {}
    texts = {d.record.path: "\n".join(p.text for p in d.pages) for d in docs}
    for path, text in texts.items():
        orders[path], _ = infer_order(text, rules)
    votes = Counter(o for o in orders.values() if o)
    case_order = votes.most_common(1)[0][0] if len(votes) == 1 else None
    warnings = []
    for path, o in orders.items():
        if o is None:
            orders[path], _ = infer_order(texts[path], rules, case_order)
            if orders[path] is None:
                warnings.append(
                    f"{path}: day/month order could not be settled; "
                    "ambiguous numeric dates are left unresolved"
                )
    return orders, warnings


def extract_case(
    case_id: str,
    documents: list[DocumentResult],
    settings: Settings,
    source_folder: str | None = None,
) -> CaseFacts:
    """Extract, date, merge and number the facts of one case."""
    rules = load_rules(settings.extract.rules)
    nlp = build_nlp(settings.extract.rules, settings.extract.fuzzy_min_score)
    finder = MeasurementFinder(rules.analytes)
    sectionizer = Sectionizer()
    docs = sorted(
        (d for d in documents if d.record.status == "ok" and d.pages), key=lambda d: d.record.path
    )
    orders, warnings = _orders(docs, settings)
    facts: list[RawFact] = []
    doc_dates: dict[str, str | None] = {}
    for i, d in enumerate(docs):
        got, doc_date = extract_document(
            list(d.pages), orders[d.record.path], rules, i, nlp, finder
        )
        doc_dates[d.record.path] = _date_info(doc_date).value
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
    )
    kept = [f for f in facts if _is_patient_fact(f, sectionizer)]
    items = _group(kept)
    for _ in range(3):
        if not _resolve_relative(kept, items):
            break
        items = _group(kept)
    events = time_relapses([_to_event(i) for i in items if i.kind != "measurement"])
    measurements = [_to_measurement(i) for i in items if i.kind == "measurement"]
    events = number_events(
        events,
        {
            id(e): i.order
            for e, i in zip(events, [i for i in items if i.kind != "measurement"], strict=True)
        },
    )
    events = [
        e.model_copy(
            update={
                "id": _stable_id(
                    "ev",
                    [
                        e.kind,
                        e.date,
                        e.name,
                        e.organ,
                        e.lineage,
                        e.sources[0].file,
                        e.sources[0].start,
                    ],
                )
            }
        )
        for e in events
    ]
    measurements.sort(
        key=lambda m: (
            m.date or "9999",
            m.analyte,
            m.value if m.value is not None else -1,
            m.sources[0].file,
            m.sources[0].start,
        )
    )
    measurements = [
        m.model_copy(
            update={
                "id": _stable_id(
                    "m", [m.analyte, m.date, m.value, m.sources[0].file, m.sources[0].start]
                )
            }
        )
        for m in measurements
    ]
    conflicts = []
    by_key: dict[tuple[str, str], list[Measurement]] = {}
    for m in measurements:
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
