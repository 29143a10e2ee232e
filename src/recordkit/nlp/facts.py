"""One document's pages -> raw events and measurements, each with its date evidence and source."""

from __future__ import annotations

import dataclasses
import re
from itertools import pairwise

from spacy.language import Language

from recordkit.dates import DateMention, DateType, Order, find_dates, narrative_dates
from recordkit.dates.yearless import Stay
from recordkit.layout import BlockKind, PageLayout, analyse_page
from recordkit.models import PageText, Source
from recordkit.nlp.anchors import find_anchors, window
from recordkit.nlp.attributes import attributes, ordinal, transplant_fields
from recordkit.nlp.attribution import (
    DatePolicy,
    in_value_brackets,
    outside_brackets,
    range_ends,
)
from recordkit.nlp.courses import date_numbered_courses
from recordkit.nlp.episodes import (
    course_count,
    courses_of,
    date_the_new_disease,
    day_count_beside,
    engraftment_lineages,
    mark_references,
    prefer_absolute,
    repeat_total,
    split_organs,
)
from recordkit.nlp.event_dates import DatingRules, SentenceDating
from recordkit.nlp.measurements import DATED_ROW, MeasurementFinder, ValueMention, owned_dates
from recordkit.nlp.page_dates import (
    event_sentences,
    letter_date,
    paragraph_date,
    stay_date,
    undated_spans,
    value_date,
)
from recordkit.nlp.raw import RawDate, RawFact, raw_date
from recordkit.nlp.relative import counted_from, course_days, extra_relatives
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.sections import DocumentSections
from recordkit.nlp.tables import TablePass
from recordkit.nlp.text import AnalysisText, blank_unticked, from_layout

_ENUM = re.compile(
    r"^\s*(?:,|;|and|und|&|,\s*and)\s*(?:(?:cycle|course|C)\s*\d+\s*(?:on|in|from)?\s*|"
    r"(?:the\s+)?(?:second|third|fourth|2nd|3rd|4th|last)(?:\s+(?:one|cycle|course))?"
    r"(?:\s+(?:on|in|from|started(?:\s+on)?))?\s*|"
    r"(?:on|in)\s+)?$",
    re.I,
)


LOW_WORD_CONF = 50  # a value whose own word tesseract read below this confidence is in doubt
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def unsure_reading(v: ValueMention, page: PageText) -> ValueMention:
    """The value flagged `low_word_confidence` when every OCR word that shows it read poorly.

    A page's mean confidence hides a single bad cell: '0.7*' read as '0.77' at 1 %.
    """
    number = _NUMBER.search(v.raw) if page.method == "ocr" else None
    if number is None:
        return v
    confs = [w.conf for w in page.words if number.group(0) in w.text and w.conf is not None]
    if confs and max(confs) < LOW_WORD_CONF:
        return dataclasses.replace(v, flags=(*v.flags, "low_word_confidence"))
    return v


def _outside_its_bracket(bracket: tuple[int, int] | None, at: int) -> bool:
    """True unless a date is an event's bracketed own date and `at` lies outside the bracket."""
    return bracket is None or bracket[0] <= at < bracket[1]


def _value_fact(v, rd, source, context, order, conf, section) -> RawFact:  # type: ignore[no-untyped-def]
    return RawFact(
        kind="measurement",
        attrs={"analyte": v.analyte},
        date=rd,
        source=source(v.start, v.end),
        context=context.strip()[:300],
        order=order,
        confidence=round(conf, 3),
        measurement=v,
        section=section,
    )


def _field_lines(layout: PageLayout) -> list[str]:
    """A page's `Label: value` fields, with a two-column table's rows read as fields."""
    lines = [layout.text[b.start : b.end] for b in layout.blocks if b.kind is BlockKind.FIELD]
    for table in (b for b in layout.blocks if b.kind is BlockKind.TABLE):
        lines += [f"{row[0]}: {' '.join(row[1:])}" for row in layout.grid(table) if len(row) > 1]
    return [blank_unticked(line) for line in lines]  # a form's unticked options say nothing


def _row_date(d: DateMention, v: ValueMention, rows: list[ValueMention]) -> bool:
    """A list's dated value takes the date within it; no other value takes a list's date."""
    if DATED_ROW in v.flags:
        return v.start <= d.start < v.end
    return not any(r.start <= d.start < r.end for r in rows)


def _specimen_dates(dates: list[DateMention], text: str) -> list[DateMention]:
    """A page's specimen dates: its first collection date, then each later one that heads.

    A later report on the page heads its own 'Collected: DATE' field; a prior-results table's
    date column does not.
    """
    found = [d for d in dates if d.label == "collection" and d.value]
    return found[:1] + [d for d in found[1:] if text[: d.start].rstrip().endswith((":", "："))]


def _specimen_at(specimens: list[DateMention], pos: int) -> DateMention | None:
    """The specimen date of the report `pos` is in: the last heading one above it."""
    above = [d for d in specimens[1:] if d.start < pos]
    return above[-1] if above else (specimens[0] if specimens else None)


def _page_dates(
    sections: DocumentSections, pos: int, specimens: list[DateMention], doc_date: RawDate
) -> tuple[DateMention | None, RawDate]:
    """The specimen date of `pos` and the document's, unless `pos` is in a retold history."""
    if sections.takes_document_date(pos):
        return _specimen_at(specimens, pos), doc_date
    return None, RawDate(reason="a past result retold in a history section")


def _stay(dates: list[DateMention], doc_date: RawDate) -> Stay:
    """The stay a day-wise chart on the page falls in: its admission and the document's date."""
    admitted = next((d.value for d in dates if d.type is DateType.ADMISSION and d.value), None)
    return Stay(admitted, doc_date.value)


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
    tables = TablePass(rules, order)
    policy = DatePolicy(rules.attribution)
    dating = DatingRules.of(rules.attribution)
    lineage_words = {
        "neutrophil": rules.attributes.engraftment_neutrophil,
        "platelet": rules.attributes.engraftment_platelet,
    }
    layouts = [analyse_page(p) for p in pages]
    sections = DocumentSections([lay.text for lay in layouts])
    for page, layout in zip(pages, layouts, strict=True):
        at: AnalysisText = from_layout(layout.text)
        text = at.text
        sections.page(text)
        doc = nlp(text)
        dates = find_dates(text, order, rules.dates)
        specimens = _specimen_dates(dates, text)
        collection = specimens[0] if specimens else None

        if doc_date.value is None:
            letter = letter_date(text, dates, rules.dates.salutations)
            stated = (d for d in [letter] if d) if letter else (
                d for d in dates if d.label == "document" and d.value)  # fmt: skip
            # the head of a page, above its first table: a date below one dates a result
            top = min([400, *(b.start for b in layout.blocks if b.kind is BlockKind.TABLE)])
            told = event_sentences(doc._.rk_mentions, doc._.rk_sentences)
            near_top = (
                d
                for d in dates
                if d.value and d.start < top and d.label != "report"
                and not any(a <= d.start < b for a, b in told)  # an event's own date
            )  # fmt: skip
            # a report whose collection date cannot be read is dated by its report date
            reported = (d for d in dates if d.type is DateType.REPORT and d.value)
            head = next(stated, None) or next(near_top, None) or next(reported, None)
            if collection or head:
                doc_date = raw_date(collection or head, "document")  # type: ignore[arg-type]
        conf = (page.ocr_confidence or 0) / 100 if page.method == "ocr" else 1.0
        sents = doc._.rk_sentences
        masked = [(d.start, d.end) for d in dates]
        headings = tuple(
            (b.start, text[b.start : b.end]) for b in layout.blocks if b.kind is BlockKind.HEADING
        )
        values = finder.find(text, sents, text[:300], masked, headings=headings)
        page_blasts = max([v.value or 0 for v in values if v.analyte == "blasts"] + [0])
        page_fields = transplant_fields(_field_lines(layout), rules)

        def source(s: int, e: int, at: AnalysisText = at, page: PageText = page) -> Source:
            a, b = at.page_span(s, e)
            return Source(
                file=page.file,
                page=page.page,
                start=a,
                end=b,
                quote=at.page_text[a:b],
                method=page.method,
            )

        table_rows: list[tuple[int, int]] = []
        marrow_page = bool(finder.ctx.marrow.search(text[:300]))
        for block in layout.blocks:
            if block.kind is not BlockKind.TABLE:
                continue
            for tv in tables.read(layout, block, marrow_page, _stay(dates, doc_date)):
                row = tv.row
                table_rows.append((row.start, row.end))
                page_dated = _page_dates(sections, tv.value.start, specimens, doc_date)
                rd = raw_date(tv.date, "collection") if tv.date else value_date(None, *page_dated)
                facts.append(
                    _value_fact(
                        unsure_reading(tv.value, page),
                        rd,
                        source,
                        text[row.start : row.end],
                        (doc_index, page.page, tv.value.start),
                        conf,
                        sections.section_at(tv.value.start),
                    )
                )

        spans = undated_spans(layout, dates)
        for s0, s1 in sents:
            narrative = [
                DateMention(d.start + s0, d.end + s0, d.raw, d.value, d.precision)
                for d in narrative_dates(text[s0:s1], previous)
            ]
            sent_dates = [d for d in dates if s0 <= d.start < s1] + narrative
            sent_dates += extra_relatives(text, s0, s1, sent_dates)
            sent_dates = course_days(text, s0, s1, sent_dates)
            sent_dates.sort(key=lambda d: d.start)
            if not any(d.value for d in sent_dates):
                sent_dates += [d for a, b, d in spans if a <= s0 < b]
            anchors = [
                a
                for a in find_anchors(doc._.rk_mentions, text, s0, s1, rules)
                if not any(d.start <= a.start and a.end <= d.end for d in sent_dates)
                and not counted_from(text, a.start, a.kind, sent_dates)
            ]
            ends = range_ends(text, sent_dates)
            sent_values = [v for v in values if s0 <= v.start < s1]
            policy.assign(
                text,
                anchors,
                [
                    d
                    for d in sent_dates
                    if d.label != "report"
                    and d not in ends.values()
                    and (
                        not in_value_brackets(text, d, sent_values)
                        or policy.bracketed_state(text, anchors, d) is not None
                    )
                ],
            )
            mark_references(text, anchors, s0)  # type: ignore[arg-type]
            date_the_new_disease(text, anchors)  # type: ignore[arg-type]
            sentence = text[s0:s1]
            undated = SentenceDating(
                text,
                (s0, s1),
                sent_dates,
                anchors,
                _specimen_at(specimens, s0),
                doc_date,
                dating,
                sections.reports_findings(s0),
                not sections.takes_document_date(s0),
            )
            for i, a in enumerate(anchors):
                if a.kind == "ignore":
                    continue
                lo = anchors[i - 1].end if i > 0 else s0
                attrs = attributes(
                    a,
                    window(text, anchors, i, s0, s1),
                    text[lo : a.start],
                    sentence,
                    rules,
                    page_blasts,
                    page_fields,
                )
                own = sorted(a.dates, key=lambda d: d.start)
                if a.kind == "diagnosis":  # a diagnosis comes before any day count
                    own = [d for d in own if d.relative is None]
                owned = prefer_absolute(own) or [None]
                groups: list[list[DateMention | None]] = [[owned[0]]]
                for prev_d, d in pairwise(owned):
                    if (
                        prev_d is not None
                        and d is not None
                        and _ENUM.match(outside_brackets(text[prev_d.end : d.start]))
                    ):
                        groups.append([d])
                enum = len(groups) > 1
                lineages = (
                    engraftment_lineages(text, (s0, s1), [d for d in owned if d], lineage_words)
                    if a.kind == "engraftment"
                    else []
                )
                if lineages:  # 'ANC D+19, plt D+31': an engraftment a lineage
                    groups, enum = [[d] for d, _ in lineages], True
                elif not enum and len(owned) > 1:  # one event, several dates: its closest own
                    groups = [[min(owned, key=lambda d: policy.link_cost(text, a, d) or 0.0)]]
                n_before = len(facts)
                courses = course_count(text, a.start, a.end, s0, s1)
                if courses > len(groups) and a.kind in ("regimen", "dli", "car_t"):
                    groups = courses_of(groups[0], courses, sentence, ends)
                for gi, grp in enumerate(groups):
                    d = grp[0]
                    rd = raw_date(d, "stated") if d is not None else undated.date_of(a, gi == 0)
                    finer = day_count_beside(own) if d is not None and not enum else None
                    if finer is not None:  # 'in 06/2023 (D+215)': the day, if it fits
                        rd.relative = finer
                    fattrs = dict(attrs)
                    if lineages:
                        fattrs["lineage"] = lineages[gi][1]
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
                            ordinal=ordinal(text, a),
                            flags=set(a.flags),
                            section=sections.section_at(a.start),
                        )
                    )
                facts += split_organs(
                    facts[n_before:],
                    window(text, anchors, i, s0, s1),
                    rules.vocabulary.gvhd_organs,
                )
            date_numbered_courses(text, (s0, s1), sent_dates, anchors, facts)
            facts += repeat_total(sentence, facts)
            trend = ("prior_value", "later_value")  # a trend's other value: its own date
            owned = {d for p in values if set(trend) & set(p.flags)
                     for d in owned_dates(text, p.end, masked, p.start)}  # fmt: skip
            rows = [v for v in values if DATED_ROW in v.flags]
            for v in values:
                if not s0 <= v.start < s1 or any(a <= v.start < b for a, b in table_rows):
                    continue
                prior = bool(set(trend) & set(v.flags))  # it takes its own date, none other
                today = bool(dating.today.search(sentence))
                cands = [
                    d
                    for d in sent_dates
                    if d.label != "report"
                    and ((d.start, d.end) in owned) == prior
                    and _outside_its_bracket(policy.event_bracket(text, d), v.start)
                    and (s0 <= d.start < s1 or not today)  # 'Today:' is not a block's date
                    and _row_date(d, v, rows)
                ]
                best = policy.nearest(text, v, cands) or stay_date(sentence, dates)
                facts.append(
                    _value_fact(
                        unsure_reading(v, page),
                        value_date(
                            best,
                            *_page_dates(sections, v.start, specimens, doc_date),
                            paragraph_date(layout, dates, v.start),
                            today,
                        ),
                        source,
                        sentence,
                        (doc_index, page.page, v.start),
                        conf,
                        sections.section_at(v.start),
                    )
                )
            absolute = [d for d in sent_dates if d.value is not None and d.label != "report"]
            if absolute and sections.patient_events(s0):
                previous = absolute[-1]
    return facts, doc_date
