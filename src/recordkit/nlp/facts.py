"""One document's pages -> raw events and measurements, each with its date evidence and source.

Per page: its dates, sections and document date (`page_scope`), its lab tables' values; then per
sentence: its dates, the anchors they are linked to, the anchors' facts and the values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from recordkit.dates import DateMention, Order, find_dates
from recordkit.dates.forms import month_names
from recordkit.layout import PageLayout, analyse_document
from recordkit.models import PageText
from recordkit.nlp.after_letter import letter_dated, mark_after_letter, mark_next_plans
from recordkit.nlp.anchors import find_anchors, form_diagnosis
from recordkit.nlp.attributes import FROM_MRD, clear_site_staging, transplant_fields
from recordkit.nlp.attribution import DatePolicy
from recordkit.nlp.caption_dates import conclusion_words, result_words
from recordkit.nlp.course_tables import mark_table_notes, table_courses
from recordkit.nlp.courses import date_numbered_courses, heading_courses
from recordkit.nlp.earlier_tests import mark_earlier_results, results_apart
from recordkit.nlp.episodes import repeat_total
from recordkit.nlp.event_dates import DatingRules, SentenceDating, item_lead, tested_before
from recordkit.nlp.event_facts import PageEvidence, Sentence, anchor_facts
from recordkit.nlp.event_years import EventYears
from recordkit.nlp.marrow_remissions import marrow_remissions
from recordkit.nlp.measurements import Drop, DroppedValue, MeasurementFinder
from recordkit.nlp.mention import Mention
from recordkit.nlp.page_dates import (
    admission_date_of,
    broken_sentence_spans,
    undated_spans,
)
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.part_courses import continue_part_courses
from recordkit.nlp.raw import RawDate, RawFact
from recordkit.nlp.references import (
    date_the_counted_anchor,
    date_the_marrow,
    date_the_new_disease,
    date_the_qualified_state,
    date_the_state_before_a_reference,
    mark_references,
)
from recordkit.nlp.relative import (
    count_links,
    counted_from,
    courses_counted_from,
    dated_day_zeros,
)
from recordkit.nlp.report_heads import (
    marrow_tables,
    page_head,
    page_headings,
    report_heads,
    specimen_heads,
    table_captions,
)
from recordkit.nlp.restated_values import drop_restated
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.sections import DocumentSections
from recordkit.nlp.sent_messages import redate_after_sending, sent_messages
from recordkit.nlp.sentence_dates import Story, sentence_dates
from recordkit.nlp.spans import Span, in_value_brackets, range_ends
from recordkit.nlp.state_depths import state_depths
from recordkit.nlp.table_columns import (
    apart_from_outcome,
    mark_repeated_states,
    mark_time_point_notes,
    outcome_cells,
)
from recordkit.nlp.tables import TablePass
from recordkit.nlp.text import AnalysisText, from_layout
from recordkit.nlp.told_apart import (
    date_the_transformed_disease,
    join_confirmed_onsets,
    join_dated_diagnoses,
    mark_dated_apart,
    mark_dated_by_onset,
)
from recordkit.nlp.treatment_states import states_at_treatment
from recordkit.nlp.value_facts import SentenceValues, sentence_value_facts, table_facts
from recordkit.rule_cache import per_rule_set
from recordkit.values import NUMBER, to_number

if TYPE_CHECKING:
    from spacy.language import Language

date_policy = per_rule_set(DatePolicy)  # compiled once a rule set: it holds no page's state


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= pos < hi for lo, hi in spans)


def _inside_any(cell: tuple[int, int], dates: list[DateMention]) -> bool:
    """Whether a date is written inside `cell` ('MRD negative (flow, DATE)')."""
    return any(cell[0] <= d.start < cell[1] for d in dates)


def _regimen_names(mentions: list[Mention]) -> list[tuple[int, int]]:
    """Where the page names a regimen: '7+3', '2+5' hold no value of a test."""
    return [(m.start, m.end) for m in mentions if m.kind == "regimen"]


def _blood_blasts(dropped: list[DroppedValue]) -> float:
    """The page's highest share of circulating blasts (no marrow result, a relapse's type)."""
    shares = [to_number(m.group(0)) for d in dropped if d.reason == Drop.IN_BLOOD
              if (m := re.match(NUMBER, d.raw))]  # fmt: skip
    return max([0.0, *shares])


def _anchored_sentence(
    scope: PageScope,
    span: tuple[int, int],
    dates: list[DateMention],
    values: list,
    page: Any,
    apart: Callable[[Span, DateMention], bool] | None = None,
) -> Sentence:
    """The sentence's event anchors, each given its own dates by the attribution policy."""
    text, (s0, s1), policy = scope.text, span, page.policy
    header = scope.table_header(s0) or scope.heading_over(s0)
    mentions = scope.doc._.rk_mentions
    found = find_anchors(mentions, text, s0, s1, page.rules, header)
    found += marrow_remissions(  # after a CAR-T, a course, a relapse
        mentions, text, scope.layout, span, page.rules, page.specimen_heads, page.outcome_cells
    )
    found.sort(key=lambda a: a.start)
    said = page.rules.dates
    links = count_links(tuple(said.day_count_links), tuple(said.day_zero_date_links))
    dates, day_zeros = dated_day_zeros(text, found, dates, links)
    dates = courses_counted_from(text, found, dates, links.course)  # 'D+38 do ciclo 1A do X'
    refs = policy.reference_samples(text, dates)  # what a result is compared with is not told
    earlier = results_apart(policy, text, dates, found)  # '(ID, DATE: 1% blasts) ... relapse'
    anchors = [
        a
        for a in found
        if not any(d.start <= a.start and a.end <= d.end for d in dates)
        and not counted_from(text, (a.start, a.end), a.kind, dates, links.count)
        and not any(at <= a.start < d.start for d, at in refs.items())
    ]
    # 'allo-SCT in CR2 on DATE', 'in CR1, s/p MUD PBSCT on DATE'
    at_treatment = states_at_treatment(text, anchors, policy.rules, dates)
    anchors = [a for i, a in enumerate(anchors) if i not in at_treatment]
    if not any(a.kind == "diagnosis" for a in anchors):
        told = form_diagnosis(scope.doc._.rk_mentions, text, span, dates)
        anchors += [told] if told is not None else []
    ends = range_ends(text, dates)
    sent_values = [v for v in values if s0 <= v.start < s1]
    # 'Re: Relapsed AML - clinic letter, DATE': the letter's date, none of its mentions
    titled = scope.sections.sz.is_subject_line(_line_of(text, s0, s1))
    linkable = [
        d
        for d in dates
        if d.label != "report"
        and not (titled and s0 <= d.start < s1)
        and d not in ends.values()
        and d not in refs
        and d not in earlier
        and not clear_site_staging(text, d, page.rules)
        and (
            not in_value_brackets(text, d, sent_values)
            or policy.bracketed_state(text, anchors, d) is not None
        )
    ]
    policy.assign(text, anchors, linkable, apart)
    for a in found:  # the infusion a count counts from, dated by its own stated date
        if id(a) in day_zeros and a not in anchors:
            a.dates = [day_zeros[id(a)]]
            anchors = sorted([*anchors, a], key=lambda x: x.start)
    mark_references(text, anchors, s0, policy.rules.reference_words)  # type: ignore[arg-type]
    anchors = date_the_counted_anchor(text, found, anchors)  # 'N years after Y (DATE)'
    date_the_new_disease(text, anchors)  # type: ignore[arg-type]
    date_the_transformed_disease(text, anchors, policy)  # 'MDS mit Übergang in sAML (ED DATE)'
    date_the_qualified_state(text, anchors, set(policy.rules.reported_kinds))  # type: ignore[arg-type]
    date_the_state_before_a_reference(text, anchors, policy.rules)  # type: ignore[arg-type]
    date_the_marrow(anchors, FROM_MRD)  # type: ignore[arg-type]
    return Sentence(span, dates, anchors, ends)


def _line_of(text: str, s0: int, s1: int) -> str:
    """The whole line a sentence [s0, s1) stands on."""
    end = text.find("\n", s1)
    return text[text.rfind("\n", 0, s0) + 1 : end if end >= 0 else len(text)]


def _event_facts(
    scope: PageScope, sent: Sentence, page: PageEvidence, dating: DatingRules
) -> list[RawFact]:
    """The facts of the sentence's event anchors."""
    s0 = sent.span[0]
    sections = scope.sections
    undated = SentenceDating(
        scope.text,
        sent.span,
        sent.dates,
        sent.anchors,
        scope.specimen_at(s0),
        scope.doc_date_at(s0),
        dating,
        sections.reports_findings(s0),
        not sections.takes_document_date(s0),
        tested_before(scope, s0, page.policy),
        admission_date_of(scope.layout, scope.dates, s0, page.rules.dates.admission_diagnoses),
        item_lead(scope.layout, scope.dates, s0),
    )
    facts: list[RawFact] = []
    for i, a in enumerate(sent.anchors):
        if a.kind != "ignore":
            facts += anchor_facts(scope, sent, i, undated, page)
    return facts


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
    entry_pages: set[int] = set()  # pages of dated entries
    letter_date: RawDate | None = None  # the document's date when a letter's, not a specimen's
    admitted: date | None = None  # the admission a stay's day counts count from
    tables = TablePass(rules, order)
    policy = date_policy(rules.attribution)
    dating = DatingRules.of(rules.attribution)
    lineage_words = {
        "neutrophil": rules.attributes.engraftment_neutrophil,
        "platelet": rules.attributes.engraftment_platelet,
    }
    window = rules.dates.year_window
    years = EventYears.of(window.first, window.years_ahead, rules.analytes.foreign_units)
    said, entry_heads = rules.dates, rules.dates.entry_heads  # a progress note's entry lines
    results = result_words(said.result_captions.words)  # 'Bloods on discharge (DATE)'
    concluding = conclusion_words(rules.analytes.result_labels)  # 'Conclusion: ...'
    story = Story(month_names(said), said.course_offsets, said.narrative_counts, years)
    layouts = analyse_document(pages)
    before: tuple[PageLayout, list[DateMention]] | None = None
    sections = DocumentSections([lay.text for lay in layouts])
    for page, layout in zip(pages, layouts, strict=True):
        first = len(facts)  # this page's facts start here
        at: AnalysisText = from_layout(layout.text)
        text = at.text
        doc = nlp(text)
        asides = doc._.rk_asides or []  # what a cited trial or author says dates nothing
        dates = [d for d in find_dates(text, order, rules.dates) if not _inside(d.start, asides)]
        scope = PageScope(page, layout, at, doc, dates, sections, doc_date, doc_index, entry_heads)
        outcomes = outcome_cells(layout, rules.attribution)
        mark_repeated_states(text, doc._.rk_mentions, outcomes, rules.attribution)
        mark_table_notes(scope, rules)  # 'C2 | DATE | aza 5 days': a dose note, no course
        sections.page(text, scope.reports_a_specimen(rules.dates.salutations))
        scope.settle_document_date(rules.dates)
        if letter_date is None and doc_date.value is None:
            letter_date = letter_dated(scope, rules.dates.salutations)
        scope.settle_yearless_dates(said)
        admitted = scope.settle_stay_days(admitted)
        if scope.entries:
            entry_pages.add(page.page)
        dates, doc_date = scope.dates, scope.doc_date
        apart = apart_from_outcome(outcomes, dates, rules.attribution) if outcomes else None
        sents = doc._.rk_sentences
        masked = [(d.start, d.end) for d in dates]
        # captions over fields name tests
        headings, captioned = page_headings(layout, text, masked, finder.ctx.result_label)
        dropped: list[DroppedValue] = []
        heads = report_heads(layout, text, finder.ctx, sections)
        opening = page_head(text, sections)
        # 'Peripheral blood (DATE)' over a table: what the table is of
        captions, heads = table_captions(layout, text, finder.ctx, heads, opening)
        reader = finder.on_scans if page.method == "ocr" else finder  # misread names: scans'
        values = reader.find(text, sents, opening, masked, dropped, captioned, heads)
        others = doc._.rk_others or []  # a relative's or donor's clause: their values
        named = _regimen_names(doc._.rk_mentions or [])
        values = [v for v in values if not _inside(v.start, asides + others + named)]
        depths = state_depths(text, values, doc._.rk_mentions, dates, rules)
        values = [v for v in values if v not in depths]  # 'CR2 (MRD negative)': no new test
        values, earlier = mark_earlier_results(policy, text, dates, values)  # '(ID: 1% blasts)'
        compared = (
            frozenset(finder.trends.compared_dates(text, masked))
            | earlier
            | {(d.start, d.end) for d in policy.reference_samples(text, dates)}
        )
        evidence = PageEvidence(
            rules,
            policy,
            max([v.value or 0 for v in values if v.analyte == "blasts"] + [0]),
            transplant_fields(layout, rules),
            lineage_words,
            _blood_blasts(dropped),
            specimen_heads(heads, finder.ctx),
            tuple(v.start for v in values if v.analyte == "mrd" and "negative" in v.flags),
            tuple(c for rows in outcomes for *_, c in rows if _inside_any(c, dates)),
        )
        marrow = marrow_tables(heads, finder.ctx, opening, captions)
        got, table_rows = table_facts(scope, tables, marrow, named)
        mark_time_point_notes(layout, doc._.rk_mentions, table_rows, rules.attribution)
        facts += got
        spans = undated_spans(layout, dates, results, concluding)
        if before is not None:
            spans += broken_sentence_spans(*before, layout, sents)
        before = (layout, dates)
        told = [v.start for v in values]
        joined, apart_dx = join_dated_diagnoses(
            text, layout, sents, dates, doc._.rk_mentions, told, rules.attribution
        )
        joined, onsets = join_confirmed_onsets(
            text, layout, joined, dates, doc._.rk_mentions, told, rules.attribution
        )
        today_in: int | None = None  # the paragraph a dateless 'today' sentence goes on in
        for span in joined:
            story.written = letter_date.value if letter_date else None
            sent_dates = sentence_dates(scope, span, previous, spans, story)
            sent = _anchored_sentence(scope, span, sent_dates, values, evidence, apart)
            if span in apart_dx:  # 'AML, complex karyotype. Diagnosed 03/2021.'
                mark_dated_apart(sent.anchors, apart_dx[span])
            if span in onsets:  # 'On day +24 ... a rash. Skin biopsy consistent with GVHD.'
                mark_dated_by_onset(sent.anchors, onsets[span])
            sent_dates = sent.dates  # a day count resolved from its day 0's stated date
            facts += _event_facts(scope, sent, evidence, dating)
            facts += date_numbered_courses(scope, span, sent_dates, sent.anchors, facts, rules)
            facts += heading_courses(scope, span, sent_dates, sent.anchors, headings, rules)
            sentence = text[span[0] : span[1]]
            facts += repeat_total(sentence, facts, rules)
            block = layout.block_at(span[0])
            here = block.start if block is not None else None
            today = bool(dating.today.search(sentence)) or (here is not None and here == today_in)
            today_in = here if today and not sent_dates else None  # 'Today he is well. FBC:'
            said = SentenceValues(span, sent_dates, today, outcomes)
            found = sentence_value_facts(scope, said, values, table_rows, policy, rules, compared)
            facts += drop_restated(text, found, got)  # 'Comment: ... (71.2%)' under its table
            absolute = [d for d in sent_dates if d.value is not None and d.label != "report"]
            if absolute and sections.patient_events(span[0]):
                previous = absolute[-1]
                if sent.anchors or any(span[0] <= v.start < span[1] for v in values):
                    story.last = absolute[-1]
        facts += table_courses(scope, rules)  # a DLI's or a course's table, a row each
        continue_part_courses(layout, facts[first:], rules)  # '1B | DATE | MTX/Ara-C + ...'
        messages = sent_messages(text, dates, rules.dates)  # '> On DATE, X wrote:'
        redate_after_sending(facts[first:], messages, set(rules.attribution.given_kinds))
    if letter_date is not None:
        for f in facts:
            f.written = letter_date.value
        given = set(rules.attribution.given_kinds)
        letter_pages = [f for f in facts if f.source.page not in entry_pages]
        mark_after_letter(letter_pages, letter_date, given)
    dated = [f for f in facts if f.source.page not in entry_pages]  # a note's day is its own
    mark_next_plans(dated, letter_date or doc_date)  # 'the next DLI ... on DATE': still to come
    return facts, doc_date
