"""What a table's column header says about the cells under it: a course's outcome column.

A treatment table ('Regimen | Cycle | Start date | Best response') gives each course a row;
the cell under an `outcome_columns` header tells what came of the course, found weeks after
it started: the row's first date (its start) is the course's, never the outcome's, which
is dated by a later one (the course's end, a marrow's date) or one in its own cell
('CRi (BM 11 Apr 2023)'), or else left to the month the course began, doubted.
The column repeats the patient's state course by course ('CR', then 'CR, MRD 0.01%'): a
state the last filled cell above already named is the same state going on, no new one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from recordkit.dates import DateMention
from recordkit.layout import Block, BlockKind, PageLayout
from recordkit.nlp.attribution_rules import AttributionRules
from recordkit.nlp.event_dates import month_after_start
from recordkit.nlp.mention import TIME_POINT_NOTE, Mention
from recordkit.nlp.raw import RawDate, raw_date
from recordkit.nlp.spans import Span, any_of
from recordkit.rule_cache import compiled

_Cell = tuple[int, int]  # a cell's span of the page text
Row = tuple[int, int, _Cell]  # where a row starts, where its course's cells end, its outcome cell


@lru_cache(maxsize=4)
def header_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """A header cell that is one of `words`, with at most a bracketed note after it."""
    return compiled(rf"\s*(?:{any_of(list(words))})\s*(?:\([^()]*\))?\s*:?\s*", re.I)


def _outcome_columns(layout: PageLayout, block: Block, rules: AttributionRules) -> set[int]:
    """The columns of a table whose header cell names a course's outcome.

    The header may go on after a slash with what the outcome was read on ('Response / marrow',
    'Outcome / MRD'): still the outcome's column.
    """
    if block.kind is not BlockKind.TABLE or len(block.rows) < 2:
        return set()
    words = header_words(tuple(rules.outcome_columns))
    return {
        c.column
        for c in block.rows[0].cells
        if (m := words.match(cell := layout.cell_text(c)))
        and (m.end() == len(cell) or _SLASH_PART.fullmatch(cell, m.end()))
    }


_SLASH_PART = re.compile(r"\s*/\s*[^\W\d][\w .+-]{0,24}\s*")  # '/ marrow', '/ BM MRD'


def outcome_cells(layout: PageLayout, rules: AttributionRules) -> list[list[Row]]:
    """The page's outcome columns, each as its body rows' (row start, course end, cell) spans.

    The row's cells before the outcome's are its course's (Start, End), up to the first whose
    column header names a test (`assessment_words`: 'Marrow date', 'BM assessment').
    """
    out = []
    tests = header_words(tuple(rules.assessment_words))
    for block in layout.blocks:
        for col in sorted(_outcome_columns(layout, block, rules)):
            heads = [c.column for c in block.rows[0].cells
                     if tests.search(layout.cell_text(c)) and c.column < col]  # fmt: skip
            rows = []
            for r in block.rows[1:]:
                for c in (c for c in r.cells if c.column == col):
                    ends = [x.start for x in r.cells if x.column in heads] + [c.start]
                    rows.append((r.start, min(ends), (c.start, c.end)))
            out.append(rows)
    return out


def outcome_starts(columns: list[list[Row]], dates: list[DateMention]) -> dict[_Cell, DateMention]:
    """Each outcome cell's row start date: the row's first date written before the cell."""
    starts: dict[_Cell, DateMention] = {}
    for start, _, cell in (row for rows in columns for row in rows):
        inside = [d for d in dates if start <= d.start < cell[0]]
        if inside:
            starts[cell] = min(inside, key=lambda d: d.start)
    return starts


def course_dates(columns: list[list[Row]], dates: list[DateMention]) -> dict[_Cell, set[int]]:
    """Each outcome cell's row's course dates (by start): its Start and End cells' dates."""
    out: dict[_Cell, set[int]] = {}
    for start, end, cell in (row for rows in columns for row in rows):
        out[cell] = {d.start for d in dates if start <= d.start < end}
    return out


def apart_from_outcome(
    columns: list[list[Row]], dates: list[DateMention], rules: AttributionRules
) -> Callable[[Span, DateMention], bool]:
    """A test for `DatePolicy.assign`: True when a date may not go to a mention.

    A state of `response_kinds` in an outcome cell never takes its row's course dates written
    before the cell: the day the row's course began, nor the day it ended ('Start | End |
    Best response': the response is dated by its assessment, not by the line's last day).
    """
    kinds = set(rules.response_kinds)
    courses = course_dates(columns, dates)

    def apart(mention: Span, d: DateMention) -> bool:
        if getattr(mention, "kind", None) not in kinds:
            return False
        at = mention.start
        return any(lo <= at < hi and d.start in own for (lo, hi), own in courses.items())

    return apart


RESULT_IN_OUTCOME = (
    "a result written in a treatment table's response cell was found weeks after the row's "
    "course began: dated to the month it began, perhaps later"
)


def outcome_date(
    starts: dict[_Cell, DateMention],
    at: int,
    best: DateMention | None,
    date: RawDate,
    courses: dict[_Cell, set[int]] | None = None,
) -> RawDate:
    """A result in an outcome cell ('HiDAC | 06/2019 | NPM1 MRD negative'): never its row's start.

    A value dated by its row's course dates (its Start or End cell; or, with none of its own,
    by the document's) is dated to the month the course began, doubted; one its own cell
    dates ('MRD neg (BM 15.04.2019)') or a test's date of the row keeps that date.
    """
    cell = next(((lo, hi) for (lo, hi) in starts if lo <= at < hi), None)
    start = starts[cell] if cell is not None else None
    if start is None or start.value is None or date.reason is not None:
        return date
    own = (courses or {}).get(cell or (0, 0), set()) | {start.start}
    by_start = best is not None and best.start in own
    if not by_start and not (best is None and date.basis in ("document", None)):
        return date
    if start.precision == "day":
        return month_after_start(start, RESULT_IN_OUTCOME)
    return replace(raw_date(start, "sentence"), reason=RESULT_IN_OUTCOME)  # a month's start


def _states(mentions: list[Mention], cell: _Cell, kinds: set[str], text: str) -> dict[str, Mention]:
    """The states a cell names, by what they say ('cr'), first told first."""
    out: dict[str, Mention] = {}
    for m in mentions:
        if m.kind in kinds and cell[0] <= m.start < cell[1]:
            out.setdefault(" ".join(text[m.start : m.end].casefold().split()), m)
    return out


def mark_repeated_states(
    text: str, mentions: list[Mention], columns: list[list[Row]], rules: AttributionRules
) -> None:
    """Flag as going on a state an outcome column's last filled cell above already named."""
    kinds = set(rules.reported_kinds)
    for rows in columns:
        above: dict[str, Mention] = {}
        for _, _, cell in rows:
            states = _states(mentions, cell, kinds, text)
            if not states:
                continue
            for said, m in states.items():
                if said in above and above[said].kind == m.kind:
                    m.flags.add("ongoing")
            above = states


def mark_time_point_notes(
    layout: PageLayout,
    mentions: list[Mention],
    value_rows: list[tuple[int, int]],
    rules: AttributionRules,
) -> None:
    """Flag the treatments a results table's note column names: the samples' time points.

    A table whose rows are samples (values were read from at least one of its body rows) and
    that names no treatment outside its `note_columns` column ('Collected | Spec | Ratio % |
    Comment' over '... | 0.012 | On nilotinib', 'post FLAG-IDA', 'End inotuzumab C2') notes
    beside each result when the sample was taken: a course given elsewhere, never one given
    on the row's date, nor an undated one.
    """
    words = header_words(tuple(rules.note_columns))
    given = {*rules.given_kinds, "drug"}
    for block in layout.blocks:
        if block.kind is not BlockKind.TABLE or len(block.rows) < 2:
            continue
        cols = {c.column for c in block.rows[0].cells if words.fullmatch(layout.cell_text(c))}
        body = block.rows[1:]
        if not cols or not any(r.start <= a < r.end for r in body for a, _ in value_rows):
            continue
        cells = [(c.start, c.end, c.column in cols) for r in body for c in r.cells]
        treated = [m for m in mentions if m.kind in given and block.start <= m.start < block.end]
        noted = [m for m in treated if any(a <= m.start < b and n for a, b, n in cells)]
        if len(noted) == len(treated):  # no treatment outside the note column
            for m in noted:
                m.flags.add(TIME_POINT_NOTE)
