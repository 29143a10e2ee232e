"""Values -> measurement facts: a lab table's cells, and each sentence's values with their date.

A table cell takes its row's or column's collection date. A sentence's value takes its
cheapest date of the sentence (never a date a trend's other value owns, an event's bracketed
own date, a list row's date or, when the sentence says 'today', a date from above it), else its
specimen's collection date, else the document's (never for a value a letter's history of the
disease tells in the past tense: that is an earlier finding).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from recordkit.dates import DateMention
from recordkit.dates.types import specimen_date
from recordkit.layout import BlockKind, cues
from recordkit.models import PRECISION_RANK
from recordkit.nlp.attribution import DatePolicy
from recordkit.nlp.caption_dates import caption_date, cell_bracket_date, result_words
from recordkit.nlp.clause_time import (
    INSIDE_A_BLOCK,
    after_a_listed_course,
    course_pattern,
    dated_after,
    listed_courses,
    numbered_course_day,
    of_a_later_clause,
    of_a_later_item,
    opens_with_its_time,
    phase_words,
    said_now,
)
from recordkit.nlp.counted_tests import counted_test_date
from recordkit.nlp.course_day_counts import day_of_its_course
from recordkit.nlp.course_day_values import (
    a_treatments_day,
    given_on_pattern,
    past_its_course,
    response_on_course_day,
)
from recordkit.nlp.earlier_tests import present_tests
from recordkit.nlp.event_dates import (
    RESULT_AFTER_NUMBERED,
    RESULT_AFTER_START,
    RESULT_ON_COURSE_DAY,
    RESULT_PAST_COURSE,
    month_after_start,
)
from recordkit.nlp.held_courses import held_reason
from recordkit.nlp.later_dates import CLAUSE_BREAK, not_its_date
from recordkit.nlp.measurement_fact import value_fact
from recordkit.nlp.measurements import DATED_ROW, ValueMention
from recordkit.nlp.page_dates import (
    heading_line_date,
    line_above_date,
    paragraph_date,
    stay_date,
    test_line_date,
    value_date,
)
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.past_points import (
    HISTORY,
    NUMBERED_STATE,
    PAST_POINT,
    of_a_numbered_state,
    of_a_past_point,
    of_a_told_history,
    past_point_pattern,
)
from recordkit.nlp.presentation_dates import presented_on
from recordkit.nlp.raw import RawDate, RawFact, raw_date
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.spans import (
    AFTER_UNDATED_STEP,
    arrow_steps,
    closing_date,
    range_ends,
    result_after,
    whole_words,
)
from recordkit.nlp.table_columns import Row, course_dates, outcome_date, outcome_starts
from recordkit.nlp.tables import TablePass
from recordkit.nlp.time_points import TimePoints
from recordkit.nlp.value_lists import owned_dates
from recordkit.nlp.value_trends import LISTED
from recordkit.nlp.value_types import CAPTIONED

LISTED_APART = "a value listed before another of its test dated apart: of an earlier time, unstated"
TREND = ("prior_value", "later_value")  # a trend's other value: it takes its own date


def table_facts(
    scope: PageScope,
    tables: TablePass,
    marrow: Callable[[int], bool],
    named: list[tuple[int, int]],
) -> tuple[list[RawFact], list[tuple[int, int]]]:
    """The values of the page's lab tables, and the rows they stand in (or no value may).

    `marrow` tells whether the table at an offset is of marrow. A number inside a regimen's
    name (`named`: '7+3 | DATE | MRD neg') is no value.
    """
    facts: list[RawFact] = []
    rows: list[tuple[int, int]] = tables.given_spans(scope.layout)
    captions: dict[int, DateMention | None] = {}
    results = result_words(tables.rules.dates.result_captions.words)
    for tv in tables.read_page(scope.layout, marrow, scope.stay()):
        row, value = tv.row, tv.value
        if any(a <= value.start < b for a, b in named):
            continue
        rows.append((row.start, row.end))
        dated = scope.value_evidence(value.start)
        caption = _caption(scope, row.start, captions, results)
        own = cell_bracket_date(scope.text, value, scope.dates)
        if own is not None:  # '91% (06/02/23)': the sample's own day, not the row's
            rd = raw_date(own, "collection")
        elif tv.date:
            rd = raw_date(tv.date, "collection")
        elif caption is not None:  # 'FBC on 29/12/2022:' above the table, doubted a little
            rd = raw_date(caption, "collection")
            value = dataclasses.replace(value, flags=(*value.flags, CAPTIONED))
        else:
            rd = value_date(None, *dated)
        facts.append(value_fact(scope, value, rd, scope.text[row.start : row.end]))
    return facts, rows


@dataclass(frozen=True)
class SentenceValues:
    """What the value pass needs of one sentence: its span, dates, and whether it says 'today'."""

    span: tuple[int, int]
    dates: list[DateMention]
    today: bool
    outcomes: list[list[Row]] = dataclasses.field(default_factory=list)  # the page's response cells


def _caption(
    scope: PageScope, pos: int, seen: dict[int, DateMention | None], results: re.Pattern[str]
) -> DateMention | None:
    """The dated caption line above the table that holds offset `pos` ('FBC on DATE:')."""
    block = scope.layout.block_at(pos)
    if block is None or block.kind is not BlockKind.TABLE:
        return None
    if block.start not in seen:
        seen[block.start] = caption_date(scope.layout, block, scope.dates, results)
    return seen[block.start]


def _stay_heading(scope: PageScope, pos: int) -> DateMention | None:
    """'入院情况：... 血常规：Hb 72 g/L': the admission (discharge) date its paragraph heads."""
    block = scope.layout.block_at(pos)
    lead = scope.text[block.start : pos] if block is not None else ""
    return stay_date("", scope.dates, lead) if lead else None


def _outside_its_bracket(bracket: tuple[int, int] | None, at: int) -> bool:
    """True unless a date is an event's bracketed own date and `at` lies outside the bracket."""
    return bracket is None or bracket[0] <= at < bracket[1]


def _row_date(d: DateMention, v: ValueMention, rows: list[ValueMention]) -> bool:
    """A list's dated value takes the date within it; no other value takes a list's date."""
    if DATED_ROW in v.flags:
        return v.start <= d.start < v.end
    return not any(r.start <= d.start < r.end for r in rows)


def sentence_value_facts(
    scope: PageScope,
    sent: SentenceValues,
    values: list[ValueMention],
    skip: list[tuple[int, int]],
    policy: DatePolicy,
    rules: RuleSet,
    compared: frozenset[tuple[int, int]] = frozenset(),
) -> list[RawFact]:
    """The facts of the sentence's values (not those in `skip`, a table's rows).

    `compared` are the dates of a comparison's earlier result: only a trend's value takes one.
    A value found after a numbered course (the attribute rules' `cycle`: 'C2', 'cycle 2')
    never takes a date before the day the page gives that course.
    """
    text, (s0, s1) = scope.text, sent.span
    masked = [(d.start, d.end) for d in scope.dates]
    owned = compared | {d for p in values if set(TREND) & set(p.flags)
                        for d in owned_dates(text, p.end, masked, p.start)}  # fmt: skip
    rows = [v for v in values if DATED_ROW in v.flags]
    starts = outcome_starts(sent.outcomes, scope.dates)  # a response cell's row's start
    courses = course_dates(sent.outcomes, scope.dates)  # and its course's end
    told = [m for m in scope.doc._.rk_mentions if s0 <= m.start < s1]
    given = set(policy.rules.given_kinds)
    phases = phase_words(tuple(policy.rules.after_words), tuple(policy.rules.phase_words))
    now = whole_words(tuple(policy.rules.now_words))
    cycle = course_pattern(rules.attributes.cycle)
    verbs = rules.dates.given_verbs  # 'C2 started on DATE', 'DLI infused on DATE'
    dated = dated_after((*verbs.words, *verbs.course_began))
    given_on = given_on_pattern((*verbs.words, *verbs.infused))
    plural = listed_courses(tuple(policy.rules.phase_words))
    point = past_point_pattern(
        tuple(policy.rules.past_point_words), tuple(policy.rules.phase_words)
    )
    history = whole_words(tuple(policy.rules.history_words))
    diagnosed = whole_words(tuple(policy.rules.event_participles))
    points = TimePoints.compile(policy.rules.time_point_labels, policy.rules.undated_time_points)
    tested = present_tests(scope, policy)  # not 'Previous myelogram (DATE)'
    ends = range_ends(text, sent.dates)
    captions: dict[int, DateMention | None] = {}
    results = result_words(rules.dates.result_captions.words)
    out: list[RawFact] = []
    for v in values:
        if not s0 <= v.start < s1 or any(a <= v.start < b for a, b in skip):
            continue
        trend = bool(set(TREND) & set(v.flags))
        present = said_now(text, s0, v, now)  # 'but blood MRD is now not detected'
        floor = _own_words_start(text, s0, v, values)
        after = numbered_course_day(text, v, scope.dates, phases[0], cycle, dated, plural, floor)
        found_after = after.value if after is not None else None
        held = held_reason(text, (s0, s1), v.start, policy.rules, told)  # 'delayed for'
        cands = [
            d
            for d in sent.dates
            if d.label != "report"
            and (held is None or held[0] <= d.start < held[1])
            and (present is None or d.start >= present)
            and not _before(d, found_after)
            and ((d.start, d.end) in owned) == trend
            and _outside_its_bracket(policy.event_bracket(text, d), v.start)
            and (s0 <= d.start < s1 or not sent.today)  # 'Today:' is not a block's date
            and _row_date(d, v, rows)
            and not not_its_date(policy, text, d, v, told)
            and not of_a_later_clause(text, d, v, told, values, given)
            and not of_a_later_item(text, d, v)
            and not past_its_course(scope, d, v, given, given_on)
        ]
        sentence = text[s0:s1]
        best = policy.nearest(text, v, cands, told) or stay_date(sentence, scope.dates)
        closing = closing_date(text, v, cands, values, policy.leads_a_date)
        if closing is not None and best is not None and _coarser(best, closing):
            best = closing  # '(Hb 88, ..., platelets 61 on 14/08/2023)': the bracket's day
        if best is not None and (best.value is None or best.relative is not None):
            # 'day +400 BMAT (collected DATE)', 'the day 28 marrow in DATE': the sample's stated
            # day beats a counted one; so does a list line's leading date ('DATE  BMA  (D28)')
            dated = [d for d in cands if d.value and specimen_date(d)]
            stated = next(
                iter(dated or [d for d in cands if cues.heads_dated_line(text, d.start)]), None
            )
            best = stated or counted_test_date(text, best, cands, policy.of_a_test) or best
        earlier = _stay_heading(scope, v.start)
        earlier = earlier or paragraph_date(scope.layout, tested, v.start)
        if earlier is not None and (
            (present is not None and earlier.start < present)
            or _before(earlier, found_after)
            or policy.assessed_after(text, earlier, v, told)
            or not_its_date(policy, text, earlier, v, told)
            or result_after(text, earlier, v, policy, told)
            or (earlier.start < s0 and opens_with_its_time(text, s0, v, *phases))
            or (earlier.start < s0 and a_treatments_day(scope, earlier, given, given_on))
            or past_its_course(scope, earlier, v, given, given_on)
            or (earlier.start < s0 and (earlier.start, earlier.end) in owned)  # '(not detected
            # on DATE).' of a sentence before: the earlier result's date, not the paragraph's
        ):
            earlier = None  # the course's (the diagnosis's) date, not the result's
        elif earlier is None:
            earlier = _work_up_above(scope, v.start, policy)
        if earlier is not None and scope.after_its_entry(earlier):
            earlier = None  # a date the note books ('~12/02'), after the note's own day
        if held is not None and best is None:
            earlier = None  # what held the course was found before it, on no day written
        specimen, doc_date = scope.value_evidence(v.start)
        if sent.today and specimen is not None and not s0 <= specimen.start < s1:
            specimen = None  # 'Counts today:' below 'a sample taken on DATE': not that sample's
        date = value_date(best, specimen, doc_date, earlier, sent.today)
        captioned = _caption(scope, v.start, captions, results) if best is None else None
        if captioned is not None and date.basis in ("document", None):
            date = raw_date(captioned, "collection")  # 'Day +100 restaging (DATE)' over a table
            v = dataclasses.replace(v, flags=(*v.flags, CAPTIONED))
        if response_on_course_day(scope, best, v, policy, given_on, told):
            date = month_after_start(best, RESULT_ON_COURSE_DAY)  # type: ignore[arg-type]
        counted = day_of_its_course(policy.rules.course_day_words, text, best, v, told)
        if counted is not None and date.basis == "stated":
            date = counted  # '20.01.2022  ADxE | d15-KM 12 % Blasten': day 15 of that course
        date = outcome_date(starts, v.start, best, date, courses)  # '| 06/2019 | MRD neg'
        if held is not None and best is None and date.basis in ("document", None):
            date = RawDate(reason=held[2])
        if best is None and date.basis == "document" and _listed_after(v, values):
            date = RawDate(reason=LISTED_APART)  # '(0.45% after 1A; 0.06% on DATE after 1B)'
        course = [d for d in cands if d.value and result_after(text, d, v, policy, told)]
        if best is None and course and date.basis in ("document", None):
            date = month_after_start(course[-1], RESULT_AFTER_START)  # 'x1 (Feb 2023) → CR2, MRD'
            if arrow_steps(text, course[-1], v) > 1:  # 'relapse DATE -> R3 -> CR2 (MRD neg)'
                date = RawDate(reason=AFTER_UNDATED_STEP)
        begun = [d for d in sent.dates if d.value and past_its_course(scope, d, v, given, given_on)]
        begun = [d for d in begun if present is None or d.start >= present]
        if best is None and begun and date.basis in ("document", None):
            date = month_after_start(begun[-1], RESULT_PAST_COURSE)  # 'CAR-T DATE; CR3 MRD-neg'
        if after is None and after_a_listed_course(text, v, best, ends, phases[0], cycle):
            date = RawDate(reason=INSIDE_A_BLOCK)  # 'Nov - Mar | ...; MRD negative after 2A'
        if date.basis in ("document", None) and after is not None:
            date = month_after_start(after, RESULT_AFTER_NUMBERED)  # 'after cycle 2 (12/2023)'
        if date.basis == "document" and of_a_past_point(
            text, (s0, v.end), scope.layout, scope.dates, date.value, point
        ):  # 'End-of-induction MRD <0.01%' in a 2024 letter telling a 2019 induction
            date = RawDate(reason=PAST_POINT)
        elif date.basis == "document" and present is None and of_a_numbered_state(text, v, told):
            date = RawDate(reason=NUMBERED_STATE)  # 'in MRD-negative CR1': the CR1's marrow
        elif (
            date.basis == "document"
            and present is None
            and of_a_told_history(text, (s0, v.end), scope.layout, history, diagnosed)
        ):  # 'Bone marrow showed 88% blasts' after 'was diagnosed' in a letter of years later
            date = RawDate(reason=HISTORY)
        if best is None and present is None and (named := points.date_of(text, v, s0, values)):
            date = named  # 'WBC at diagnosis: 87' on a form of 2024: the diagnosis's day
            date = presented_on(policy.rules, text, scope.dates, v, named) or date
        out.append(value_fact(scope, v, date, sentence))
    return out


def _own_words_start(text: str, s0: int, v: ValueMention, values: list[ValueMention]) -> int:
    """Where the words that lead to value `v` begin: past the clause of the value before it.

    'MRD 0.5% after cycle 1, MRD negative': the course the first value was found after is
    not the second's.
    """
    ends = [p.end for p in values if p is not v and s0 <= p.end <= v.start]
    if not ends:
        return s0
    stop = CLAUSE_BREAK.search(text, max(ends), v.start)
    return stop.end() if stop else v.start


def _coarser(d: DateMention, than: DateMention) -> bool:
    """Whether `d` is told less precisely than `than`."""
    return PRECISION_RANK.get(d.precision, 0) < PRECISION_RANK.get(than.precision, 0)


def _before(d: DateMention, found_after: date | None) -> bool:
    """True when `d` is not after the day of the course the value was found after.

    'C2 18/10/2021 ... MRD negative after C2': the course's own day is when it began, not
    when its result was found.
    """
    return found_after is not None and d.value is not None and d.value <= found_after


def _work_up_above(scope: PageScope, pos: int, policy: DatePolicy) -> DateMention | None:
    """A test's date on the line right above the value's paragraph ('Marrow done on DATE').

    Or of a test's line above the report field that holds the value ('Bone marrow biopsy
    (12.04.2024)', 'Findings: ... 34% myeloblasts'), as a Conclusion field's state takes it,
    or of a test's heading line over the value's ('Marrow of DATE:', a result a line).
    """
    dates = present_tests(scope, policy)  # not an earlier test's: 'Previous myelogram (DATE)'
    d = line_above_date(scope.layout, dates, pos)
    d = d or test_line_date(scope.layout, dates, pos)
    d = d or heading_line_date(scope.layout, dates, pos)
    return d if d is not None and policy.of_a_test(scope.text, d) else None


def _listed_after(v: ValueMention, values: list[ValueMention]) -> bool:
    """'MRD 0.45% after 1A; 0.06% on DATE after 1B': a later value of v's list, dated apart."""
    return any(LISTED in p.flags and p.analyte == v.analyte and p.start >= v.end for p in values)


__all__ = ["SentenceValues", "sentence_value_facts", "table_facts"]
