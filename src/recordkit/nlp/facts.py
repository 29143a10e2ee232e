"""One document's pages -> raw events and measurements, each with its date evidence and source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from spacy.language import Language

from recordkit.dates import ORDINALS, DateMention, Order, Relative, find_dates, narrative_dates
from recordkit.models import PageText, Precision, Source
from recordkit.nlp.components import Mention
from recordkit.nlp.episodes import (
    course_count,
    courses_of,
    mark_references,
    prefer_absolute,
    repeat_total,
    sentence_date,
    split_organs,
)
from recordkit.nlp.measurements import MeasurementFinder, ValueMention
from recordkit.nlp.regimens import regimen_name
from recordkit.nlp.relative import extra_relatives
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.sections import DocumentSections
from recordkit.nlp.text import AnalysisText, normalise

EVENT_KINDS = {"relapse", "remission", "car_t", "transplant", "dli", "gvhd", "engraftment", "death"}
DROP_FLAGS = {"negated", "planned", "family"}
_GENETICS = re.compile(
    r"\b(?:NPM1|FLT3(?:-ITD|-TKD)?|KMT2A(?:-\w+)?|MLL(?:-\w+)?|BCR-ABL1?|Ph(?:iladelphia)?[- ]"
    r"(?:positive|negative|chromosome)|TP53|CEBPA|RUNX1(?:-RUNX1T1)?|CBFB-MYH11|IDH[12]|DNMT3A|"
    r"ASXL1|inv\(16\)|t\(\d+;\d+\)|complex karyotype|normal karyotype|monosomy \d+|FAB M\d)"
    r"(?:[- ](?:mutated|mutation|positive|negative|wild-type|rearrangement|rearranged))?",
    re.I,
)


@dataclass
class RawDate:
    """Date evidence for one fact."""

    value: date | None = None
    precision: Precision | None = None
    raw: str | None = None
    basis: str | None = None
    relative: Relative | None = None
    reason: str | None = None


@dataclass
class RawFact:
    """An event (kind in EVENT_KINDS/regimen/diagnosis) or a measurement (`value` set)."""

    kind: str
    attrs: dict[str, Any]
    date: RawDate
    source: Source
    context: str
    order: tuple[int, int, int]
    confidence: float = 1.0
    measurement: ValueMention | None = None
    ordinal: int | None = None
    flags: set[str] = field(default_factory=set)
    section: str = "body"


@dataclass
class _Anchor:
    kind: str
    start: int
    end: int
    attrs: dict[str, Any]
    flags: set[str]
    dates: list[DateMention] = field(default_factory=list)


_CONNECT = re.compile(r"^[\s,()+/&-]*(?:and|with|plus|\+|/|,|、|和|联合|及)?[\s,()+/&-]*$", re.I)
_ENUM = re.compile(
    r"^\s*(?:,|;|and|&|,\s*and)\s*(?:(?:cycle|course|C)\s*\d+\s*(?:on|in|from)?\s*|"
    r"(?:on|in)\s+)?$",
    re.I,
)


def _regimen_anchors(mentions: list[Mention], text: str, rules: RuleSet) -> list[_Anchor]:
    """Group drug and alias mentions into regimen anchors."""
    voc = rules.vocabulary
    items = [m for m in mentions if m.kind in ("regimen", "drug")]
    groups: list[list[Mention]] = []
    for m in items:
        if (
            groups
            and _CONNECT.match(text[groups[-1][-1].end : m.start])
            and m.start - groups[-1][-1].end <= 12
        ):
            groups[-1].append(m)
        else:
            groups.append([m])
    anchors = []
    for g in groups:
        names = [m.attrs["name"] for m in g if m.kind == "regimen"]
        drugs = sorted({m.attrs["name"] for m in g if m.kind == "drug"})
        flags = set().union(*(m.flags for m in g))
        name = regimen_name(voc, names, drugs)
        if name is None:
            continue
        fuzzy = any(m.attrs.get("fuzzy") for m in g)
        anchors.append(
            _Anchor(
                "regimen",
                g[0].start,
                g[-1].end,
                {"name": name, "drugs": drugs or None, "fuzzy": fuzzy},
                flags,
            )
        )
    return anchors


def _anchors(mentions: list[Mention], text: str, s0: int, s1: int, rules: RuleSet) -> list[_Anchor]:
    inside = [m for m in mentions if s0 <= m.start < s1]
    out = [
        _Anchor(m.kind, m.start, m.end, dict(m.attrs), set(m.flags))
        for m in inside
        if m.kind in EVENT_KINDS or m.kind == "ignore"
    ]
    out += _regimen_anchors(inside, text, rules)
    cue = [m for m in inside if m.kind == "diagnosis_cue" and not (m.flags & DROP_FLAGS)]
    diseases = [m for m in inside if m.kind == "disease"]
    if cue and diseases:
        labels = [d.attrs["label"] for d in diseases]
        specific = next((lab for lab in labels if lab in ("B-ALL", "T-ALL")), labels[0])
        first = diseases[0]
        out.append(
            _Anchor(
                "diagnosis",
                first.start,
                first.end,
                {"label": specific},
                set().union(*(d.flags for d in diseases)),
            )
        )
    out.sort(key=lambda a: a.start)
    merged: list[_Anchor] = []
    for a in out:  # same-kind neighbours with nothing between them are one mention
        if (
            merged
            and merged[-1].kind == a.kind
            and a.kind != "ignore"
            and merged[-1].attrs.get("name") == a.attrs.get("name")
            and re.fullmatch(r"[\s(),\-]*", text[merged[-1].end : a.start])
        ):
            merged[-1].end = a.end
            merged[-1].flags |= a.flags
        else:
            merged.append(a)
    return merged


def _cost(text: str, a: int, b: int) -> float:
    gap = text[min(a, b) : max(a, b)]
    return (
        len(gap)
        + 30 * gap.count(",")
        + 60 * gap.count(";")
        + 30 * len(re.findall(r"\band\b|以及|并且", gap))
    )


def _assign(text: str, anchors: list[_Anchor], dates: list[DateMention]) -> None:
    for d in dates:
        best: tuple[float, _Anchor] | None = None
        for a in anchors:
            if a.end <= d.start:
                c = _cost(text, a.end, d.start) * 0.8
            elif a.start >= d.end:
                c = _cost(text, d.end, a.start)
                if re.search(
                    r"\b(?:after|before|following|for|because|due to|then)\b",
                    text[d.end : a.start],
                    re.I,
                ):
                    c += 40  # "X on DATE after Y": the date belongs to X
            else:
                continue
            if best is None or c < best[0]:
                best = (c, a)
        if best:
            best[1].dates.append(d)


def _window(text: str, anchors: list[_Anchor], i: int, s0: int, s1: int) -> str:
    lo = anchors[i - 1].end if i > 0 else s0
    hi = anchors[i + 1].start if i + 1 < len(anchors) else s1
    return text[lo:hi]


def _first(table: dict[str, list[str]], hay: str) -> str | None:
    for key, pats in table.items():
        if any(re.search(rf"(?<![A-Za-z]){p}", hay, re.I if len(p) > 3 else 0) for p in pats):
            return key
    return None


def _attributes(
    a: _Anchor, window: str, prefix: str, sentence: str, rules: RuleSet, page_blasts: float
) -> dict[str, Any]:
    voc, out = rules.vocabulary, dict(a.attrs)
    out.pop("rule", None)
    low = window.lower()
    if a.kind == "relapse":
        if re.search(r"molecular|MRD only|分子", window, re.I):
            out["type"] = "molecular"
        elif re.search(r"\bCNS\b|extramedullary|testicular|isolated|髓外", window, re.I):
            out["type"] = "extramedullary"
        elif re.search(r"ha?ematolog|morpholog|blasts|血液学", window, re.I) or page_blasts >= 5:
            out["type"] = "haematological"
        elif re.search(r"\bMRD\b", sentence):
            out["type"] = "molecular"
    elif a.kind == "remission":
        m = re.search(r"\bCRi\b|\bCRh\b", window)
        out["depth"] = (
            m.group(0)
            if m
            else "MRD-negative"
            if re.search(r"MRD[- ]negative", window, re.I)
            else "CR"
            if re.search(r"complete|\bCR\b|morpholog|完全", window, re.I)
            else None
        )
    elif a.kind == "car_t":
        for ag in voc.antigens:
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(ag)}(?![0-9])", window, re.I):
                out["target"] = ag.replace("-", "").upper()
                break
    elif a.kind == "transplant":
        grafts = [
            g
            for g, pats in voc.grafts.items()
            if any(re.search(p, sentence, 0 if p.isupper() else re.I) for p in pats)
        ]
        out["grafts"] = grafts or None
        out["donor"] = _first(voc.donors, sentence)
    elif a.kind == "dli":
        m = re.search(
            r"\d+(?:\.\d+)?\s*[x×]\s*10\^?\s*\d+\s*(?:CD3\+?\s*)?(?:cells\s*)?/\s*kg", window, re.I
        )
        out["dose"] = m.group(0) if m else None
    elif a.kind == "gvhd":
        out["organ"] = _first(voc.gvhd_organs, window)
        m = re.search(r"grade\s*(IV|I{1,3}|[1-4])\b|([1-4]|IV|I{1,3})\s*度", window, re.I)
        if m:
            g = (m.group(1) or m.group(2)).upper()
            out["grade"] = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(g) or int(g)
        out["form"] = (
            "chronic"
            if re.search(r"chronic|\bcGVHD|慢性", window, re.I)
            else "acute"
            if re.search(r"acute|\baGVHD|急性", window, re.I)
            else None
        )
    elif a.kind == "engraftment":
        near = prefix[-25:].lower() or low
        out["lineage"] = "platelet" if "platelet" in near or "血小板" in near else "neutrophil"
    elif a.kind == "regimen":
        m = re.search(r"\b(?:cycle|course|C)\s*(\d{1,2})\b|第\s*(\d+)\s*(?:个)?疗程", window)
        if m:
            out["cycle"] = int(m.group(1) or m.group(2))
    elif a.kind == "diagnosis":
        genes = sorted({g.group(0) for g in _GENETICS.finditer(sentence)}, key=sentence.find)
        out["genetics"] = ", ".join(genes) or None
    return {k: v for k, v in out.items() if v is not None and k != "fuzzy"}


def _ordinal(text: str, a: _Anchor) -> int | None:
    m = re.search(
        r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:\w+\s+)?$",
        text[max(0, a.start - 20) : a.start],
        re.I,
    )
    return ORDINALS[m.group(1).lower()] if m else None


def _raw_date(d: DateMention, basis: str) -> RawDate:
    if d.relative is not None:
        return RawDate(raw=d.raw, basis="relative", relative=d.relative)
    return RawDate(d.value, d.precision, d.raw, basis if d.value else None, reason=d.reason)


def extract_document(
    pages: list[PageText],
    order: Order | None,
    rules: RuleSet,
    doc_index: int,
    nlp: Language,
    finder: MeasurementFinder,
) -> tuple[list[RawFact], RawDate]:
    """Raw facts of one document, and its document date.

    `nlp` (from `build_nlp`) and `finder` are built once per case from the same rule set.
    """
    facts: list[RawFact] = []
    doc_date = RawDate(reason="no document date found")
    previous: DateMention | None = None
    sections = DocumentSections([p.text for p in pages])
    for page in pages:
        at: AnalysisText = normalise(page.text)
        text = at.text
        sections.page(text, at, page.words)
        doc = nlp(text)
        dates = find_dates(text, order, rules.dates)
        collection = next((d for d in dates if d.label == "collection" and d.value), None)
        if doc_date.value is None:
            head = next((d for d in dates if d.label == "document" and d.value), None) or next(
                (d for d in dates if d.value and d.start < 400 and d.label != "report"), None
            )
            if collection or head:
                doc_date = _raw_date(collection or head, "document")  # type: ignore[arg-type]
        conf = (page.ocr_confidence or 0) / 100 if page.method == "ocr" else 1.0
        sents = doc._.rk_sentences
        masked = [(d.start, d.end) for d in dates]
        values = finder.find(text, sents, text[:300], masked)
        page_blasts = max([v.value or 0 for v in values if v.analyte == "blasts"] + [0])

        def source(s: int, e: int, at: AnalysisText = at, page: PageText = page) -> Source:
            a, b = at.page_span(s, e)
            return Source(
                file=page.file,
                page=page.page,
                start=a,
                end=b,
                quote=page.text[a:b],
                method=page.method,
            )

        for s0, s1 in sents:
            narrative = [
                DateMention(d.start + s0, d.end + s0, d.raw, d.value, d.precision)
                for d in narrative_dates(text[s0:s1], previous)
            ]
            sent_dates = [d for d in dates if s0 <= d.start < s1] + narrative
            sent_dates += extra_relatives(text, s0, s1, sent_dates)
            sent_dates.sort(key=lambda d: d.start)
            anchors = [
                a
                for a in _anchors(doc._.rk_mentions, text, s0, s1, rules)
                if not any(d.start <= a.start and a.end <= d.end for d in sent_dates)
            ]
            _assign(text, anchors, [d for d in sent_dates if d.label != "report"])
            mark_references(text, anchors, s0)  # type: ignore[arg-type]
            sentence = text[s0:s1]
            for i, a in enumerate(anchors):
                if a.kind == "ignore":
                    continue
                lo = anchors[i - 1].end if i > 0 else s0
                attrs = _attributes(
                    a,
                    _window(text, anchors, i, s0, s1),
                    text[lo : a.start],
                    sentence,
                    rules,
                    page_blasts,
                )
                owned = prefer_absolute(sorted(a.dates, key=lambda d: d.start)) or [None]
                groups: list[list[DateMention | None]] = [[owned[0]]]
                for prev_d, d in pairwise(owned):
                    if (
                        prev_d is not None
                        and d is not None
                        and _ENUM.match(text[prev_d.end : d.start])
                    ):
                        groups.append([d])
                enum = len(groups) > 1
                n_before = len(facts)
                courses = course_count(text, a.start, a.end, s0, s1)
                if courses > len(groups) and a.kind in ("regimen", "dli", "car_t"):
                    groups = courses_of(groups[0], courses, sentence)
                for gi, grp in enumerate(groups):
                    d = grp[0]
                    if d is not None:
                        rd = _raw_date(d, "stated")
                    elif collection is not None:
                        rd = _raw_date(collection, "collection")
                    elif (shared := sentence_date(a, sent_dates, anchors)) is not None:
                        rd = _raw_date(shared, "sentence")  # a state found when its clause says
                    else:
                        rd = RawDate(reason="no date stated with the mention")
                    fattrs = dict(attrs)
                    if courses > 1:
                        fattrs["_course"] = gi + 1
                    if enum and a.kind == "regimen" and d is not None:
                        m = re.search(
                            r"(?:cycle|course|C)\s*(\d+)\s*(?:on|in|from)?\s*$",
                            text[max(s0, d.start - 16) : d.start],
                            re.I,
                        )
                        if m:
                            fattrs["cycle"] = int(m.group(1))
                    end = max(a.end, d.end) if d is not None and d.start >= s0 else a.end
                    start = min(a.start, d.start) if d is not None and d.start >= s0 else a.start
                    facts.append(
                        RawFact(
                            kind=a.kind,
                            attrs=fattrs,
                            date=rd,
                            source=source(start, end),
                            context=sentence.strip()[:300],
                            order=(doc_index, page.page, a.start + gi),
                            confidence=round(conf * (0.8 if a.attrs.get("fuzzy") else 1.0), 3),
                            ordinal=_ordinal(text, a),
                            flags=set(a.flags),
                            section=sections.section_at(a.start),
                        )
                    )
                facts += split_organs(
                    facts[n_before:],
                    _window(text, anchors, i, s0, s1),
                    rules.vocabulary.gvhd_organs,
                )
            facts += repeat_total(sentence, facts)
            for v in values:
                if not s0 <= v.start < s1:
                    continue
                cands = [d for d in sent_dates if d.label != "report"]
                best = min(
                    cands,
                    key=lambda d: (
                        _cost(text, min(d.end, v.start), max(d.start, v.end))
                        if d.end <= v.start
                        else _cost(text, v.end, d.start)
                    ),
                    default=None,
                )
                if best is not None:
                    rd = _raw_date(best, "stated")
                elif collection is not None:
                    rd = _raw_date(collection, "collection")
                elif doc_date.value is not None:
                    rd = RawDate(doc_date.value, doc_date.precision, doc_date.raw, "document")
                else:
                    rd = RawDate(reason="no date stated with the value")
                facts.append(
                    RawFact(
                        kind="measurement",
                        attrs={"analyte": v.analyte},
                        date=rd,
                        source=source(v.start, v.end),
                        context=sentence.strip()[:300],
                        order=(doc_index, page.page, v.start),
                        confidence=round(conf, 3),
                        measurement=v,
                        section=sections.section_at(v.start),
                    )
                )
            absolute = [d for d in sent_dates if d.value is not None and d.label != "report"]
            if absolute and sections.patient_events(s0):
                previous = absolute[-1]
    return facts, doc_date
