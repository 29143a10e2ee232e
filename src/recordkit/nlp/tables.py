"""The table pass: a page's table blocks -> dated values, through `read_lab_table`'s grid logic.

`lab_tables` decides which column holds the analyte, value, unit, flag, reference range or
date on a plain grid; this pass gives it the grids of a `PageLayout`, then maps each value
back to its cell's span on the page and dates it by its column's header date (a cumulative
report's collection dates) or its row's date cell. A table a page break cut reads on under the
header of the page before (`table_runs`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from recordkit.dates import DateMention, DateType, Order, find_dates
from recordkit.dates.yearless import Stay, day_month
from recordkit.layout import Block, BlockKind, PageLayout
from recordkit.layout.model import Cell, Row
from recordkit.nlp.cell_repairs import Repair
from recordkit.nlp.lab_tables import LabTableReader
from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.prior_columns import earlier_columns
from recordkit.nlp.rules import RuleSet, TableRole
from recordkit.nlp.table_runs import RunningTable
from recordkit.rule_cache import per_rule_set

_DAMAGED_DATE = re.compile(r"\d{1,2}\W{1,3}\d{1,2}\W{1,3}\d{2,4}")  # three numbers, marks between
UNREAD_ROW_DATE = "the row's date could not be read"
_NUMBER_FIRST = re.compile(r"[<>≤≥~]?\d")  # a cell that opens with a figure holds a value


@dataclass(frozen=True)
class TableValue:
    """A value read from a table cell, with the date its column or row gives (if any)."""

    value: ValueMention
    date: DateMention | None
    row: Row


_WORD = re.compile(r"[^\W\d_]{2,}")  # a word: a row that holds one may be a header
_Run = tuple[Cell, str, list[DateMention]]  # a header cell, its text and the dates in it
_Header = tuple[list[str], dict[int, DateMention] | None]  # header cells, dates by column


def _cell(row: Row, column: int) -> Cell | None:
    return next((c for c in row.cells if c.column == column), None)


def _caption(layout: PageLayout, block: Block) -> str:
    """The line right above a table: a paragraph or heading that may name its analyte."""
    above = [b for b in layout.blocks if b.end <= block.start]
    if not above or above[-1].kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING):
        return ""
    return layout.text[above[-1].start : above[-1].end]


_reader_for = per_rule_set(LabTableReader)  # its patterns compiled once, not per document


class TablePass:
    """Reads the lab tables of one document's pages with one rule set."""

    def __init__(self, rules: RuleSet, order: Order | None) -> None:
        self.rules, self.order = rules, order
        self.reader = _reader_for(rules.analytes)
        self.run: RunningTable | None = None  # the table that closed the page before

    def read(
        self, layout: PageLayout, block: Block, marrow: bool, stay: Stay | None = None
    ) -> list[TableValue]:
        """Values of one table block; empty when it is not a lab table.

        `stay` gives the year of a day-wise chart's yearless column dates.
        """
        return self._read(layout, block, marrow, stay)[0]

    def read_page(
        self, layout: PageLayout, marrow: Callable[[int], bool], stay: Stay | None = None
    ) -> list[TableValue]:
        """Values of a page's table blocks, in order; a table the page before broke off goes on.

        `marrow` tells whether the table starting at an offset is of marrow.

        The page's first table reads under the header of the table that closed the page before
        when it carries that table on (`RunningTable`) and prints no header of its own.
        """
        tables = [b for b in layout.blocks if b.kind is BlockKind.TABLE]
        run, self.run = self.run, None
        out: list[TableValue] = []
        head: _Header | None = None
        for k, block in enumerate(tables):
            goes_on = k == 0 and run is not None and self._runs_on(layout, block, run)
            carried = run if goes_on else None
            got, head = self._read(layout, block, marrow(block.start), stay, carried)
            out += got
        if tables and head is not None:
            self.run = RunningTable.closing(layout, tables[-1], head, layout.grid(tables[-1]))
        return out

    def given_spans(self, layout: PageLayout) -> list[tuple[int, int]]:
        """The table rows that record a blood product given, or a count's share: no value."""
        out = []
        for block in (b for b in layout.blocks if b.kind is BlockKind.TABLE and b.rows):
            grid = layout.grid(block)
            given = self.reader.given_rows(grid[0], grid[1:])
            given |= self.reader.share_rows(grid[0], grid[1:])  # a myélogramme's neutrophils
            out += [(block.rows[r + 1].start, block.rows[r + 1].end) for r in sorted(given)]
        return out

    def _runs_on(self, layout: PageLayout, block: Block, run: RunningTable) -> bool:
        """True when the block's rows carry `run` on: no header word, at most one date."""
        grid = layout.grid(block)
        first = [t for t in grid[0] if t.strip()]
        if sum(bool(self._dates(t)) for t in first) > 1:
            return False
        roles = {self.reader.header_role(t) for t in first if not self._dates(t)}
        return roles <= {None, TableRole.VALUE} and run.goes_on_in(layout, block, grid)

    def _read(
        self,
        layout: PageLayout,
        block: Block,
        marrow: bool,
        stay: Stay | None = None,
        carried: RunningTable | None = None,
    ) -> tuple[list[TableValue], _Header | None]:
        """Values of one table block, and the header they were read under (None: no values)."""
        if block.kind is not BlockKind.TABLE or len(block.rows) < 2 - (carried is not None):
            return [], None
        grid = layout.grid(block)
        caption = _caption(layout, block)
        above = None if carried else self._header_above(grid, caption)
        if carried is not None:  # the header stands on the page before
            header, head_dates, skip, caption = carried.header, carried.dates, 0, ""
        elif above is not None:  # every row is a body row; the header is the line above
            header, head_dates, skip, caption = above, None, 0, ""
        else:
            header, head_dates = self._header(layout, block.rows[0], grid)
            skip = 1
        yearless = head_dates is None and stay is not None and skip
        if yearless:
            header, head_dates = self._chart_days(layout, block.rows[0], header, stay)
        corner = (carried.dates or {}).get(0) if carried else self._corner(layout, block, skip)
        out = []
        body = grid[skip:]  # 'Previous (DATE)': an earlier result, its header's date
        read = self.reader.read(header, body, marrow, caption)
        for tv in [*read, *earlier_columns(self.reader, header, body, marrow)]:
            row = block.rows[tv.row + skip]
            cell = _cell(row, tv.col)
            if cell is None:
                continue
            m = tv.mention
            value = replace(m, start=row.start, end=cell.start + m.end)
            if above is not None:
                value = replace(value, flags=(*value.flags, Repair.HEADER_BY_ORDER))
            if carried is not None:
                value = replace(value, flags=(*value.flags, Repair.HEADER_CARRIED))
            if head_dates is not None and tv.date_at is not None and tv.date_at[0] == -1:
                date = head_dates.get(tv.date_at[1])
                if yearless and date is not None and date.value is not None:
                    value = replace(value, flags=(*value.flags, "year_inferred"))
            else:
                date = self._date(layout, block, tv.date_at, skip)
            out.append(TableValue(value, date or corner, row))
        if not out and carried is None and (k := self._inner_header(grid)):
            inner = replace(block, rows=block.rows[k:], start=block.rows[k].start)
            return self._read(layout, inner, marrow, stay)  # the fields above head nothing
        if head_dates is None and skip:
            head_dates = self._column_dates(layout, block.rows[0])
        return out, (header, head_dates) if out else None

    def _inner_header(self, grid: list[list[str]]) -> int | None:
        """A header row below a scan's field rows read into the same table, if any.

        'Specimen | Bone marrow' rows, then 'Sample | Collection date | Donor (%)' over the
        results: a row of words alone, one naming an analyte as a column's, heads the rows
        below it. The lower row of a header whose cells merge down its columns (a Word
        table's 'No. | Date (D0) | ... | Engraftment (days)' over 'No. | Date (D0) | ... |
        Neutrophils | Platelets') is no such row: it names what the upper one counts (days
        here), not the analytes of values.
        """
        for k, row in enumerate(grid[1:-1], start=1):
            cells = [c for c in row if c.strip()]
            words = not any(_NUMBER_FIRST.match(c.strip()) for c in cells)
            if words and any(self.reader.analyte_of(c, header=True) for c in cells):
                merged = sum(
                    1
                    for a, b in zip(grid[k - 1], row, strict=False)
                    if b.strip() == a.strip() != ""
                )
                return None if merged >= 2 else k
        return None

    def _corner(self, layout: PageLayout, block: Block, skip: int) -> DateMention | None:
        """'Labs 02/14/2023 | Result', 'Day +28 labs (DATE)': the top-left header cell's one date.

        It dates every row of the table that no column or row date of its own dates. A day
        count the bracketed date gives the day of reads as that same day: one date still.
        """
        cell = _cell(block.rows[0], 0) if skip else None
        found = self._dates(layout.text[cell.start : cell.end]) if cell else []
        one_day = len({d.value for d in found}) == 1
        return self._typed(found[-1], cell) if cell and found and one_day else None

    def _column_dates(self, layout: PageLayout, head: Row) -> dict[int, DateMention]:
        """The dates of a header row's cells that each hold one: its column dates."""
        found = ((c, self._dates(layout.text[c.start : c.end])) for c in head.cells)
        return {c.column: self._typed(ds[0], c) for c, ds in found if len(ds) == 1}

    def _header_above(self, grid: list[list[str]], caption: str) -> list[str] | None:
        """The line above as the header of a table whose first row is already data.

        A row of figures and at most one date ('28/09/2023 | 3.1 | 98') heads nothing; when
        the line right above cuts into as many header cells as the table has columns, each
        opening with a header word or an analyte, it is the header, its cells taken in order.
        """
        first = [t for t in grid[0] if t.strip()]
        dated = sum(bool(self._dates(t)) for t in first)
        if not caption or dated > 1 or any(_WORD.search(t) for t in first):
            return None
        return self.reader.header_cells(caption, len(grid[0]))

    def _header(
        self, layout: PageLayout, head: Row, grid: list[list[str]]
    ) -> tuple[list[str], dict[int, DateMention] | None]:
        """The header row; a cell where a scan ran several column dates together is split.

        OCR can read '17/03/18  31/07/18  03/02/19  Units' as one word. Its dates head the
        columns from that cell on when the header is blank over them; else, when splitting
        the cells gives the header as many cells as the rows have, each date heads its column.
        A date that cannot be read (39/05/20) still holds its column's place: its values
        are left undated rather than given the next column's date.
        """
        cells = [(c, layout.text[c.start : c.end]) for c in head.cells]
        runs = [(c, t, found) for c, t in cells if len(found := self._dates(t)) >= 2]
        if not runs:
            return grid[0], None
        spread = self._spread(runs, grid[0])
        return spread if spread is not None else self._split(cells, grid[0])

    def _spread(self, runs: list[_Run], header0: list[str]) -> _Header | None:
        """Each run's dates over the blank header cells that follow its cell, or None."""
        header, dates = list(header0), dict[int, DateMention]()
        for cell, _text, found in runs:
            cols = range(cell.column, cell.column + len(found))
            if cols[-1] >= len(header) or any(header[c].strip() for c in cols[1:]):
                return None
            for c, d in zip(cols, found, strict=True):
                dates[c] = self._typed(d, cell)
                header[c] = d.raw
        return header, dates

    def _split(self, cells: list[tuple[Cell, str]], header0: list[str]) -> _Header:
        """The header rebuilt cell by cell, when that gives as many cells as the grid's."""
        header: list[str] = []
        dates: dict[int, DateMention] = {}
        for cell, text in cells:
            found = self._dates(text)
            if len(found) < 2:
                header.append(text)
                continue
            for d in found:
                dates[len(header)] = self._typed(d, cell)
                header.append(d.raw)
            rest = text[found[-1].end :].strip()
            if rest:
                header.append(rest)
        if len(header) != len(header0):
            return header0, None
        return header, dates

    def _chart_days(self, layout: PageLayout, head: Row, header: list[str], stay: Stay) -> _Header:
        """'Parameter | 21/1 | 25/1': yearless column dates of one shape, in the stay's year.

        Every header cell after the first that holds a digit must be such a date, and there
        must be two; each then heads its column as the full date (or, out of the stay, as an
        unread date that keeps its column undated).
        """
        cells = [(c, layout.text[c.start : c.end]) for c in head.cells if c.column > 0]
        read = {c: day_month(t, self.order, self.rules.dates) for c, t in cells if any(
            ch.isdigit() for ch in t)}  # fmt: skip
        shapes = {r[0] if r else None for r in read.values()}
        if len(read) < 2 or len(shapes) != 1 or None in shapes:
            return header, None
        out, dates = list(header), dict[int, DateMention]()
        for cell, got in read.items():
            assert got is not None
            value = stay.date_of(got[1], got[2])
            text = layout.text[cell.start : cell.end]
            raw, lead = text.strip(), len(text) - len(text.lstrip())
            reason = None if value else "a yearless day and month outside the stay"
            d = DateMention(lead, lead + len(raw), raw, value, "day" if value else None,
                            reason=reason)  # fmt: skip
            dates[cell.column] = self._typed(d, cell)
            if value is not None and cell.column < len(out):
                out[cell.column] = value.isoformat()
        return out, dates

    @staticmethod
    def _typed(d: DateMention, cell: Cell) -> DateMention:
        span = {"start": d.start + cell.start, "end": d.end + cell.start}
        return replace(d, **span, type=DateType.COLLECTION)

    def _dates(self, text: str) -> list[DateMention]:
        """Dates written in full, read or not (a misread one keeps its reason)."""
        found = find_dates(text, self.order, self.rules.dates)
        return [d for d in found if d.relative is None and (d.value or d.reason)]

    def _counted(self, text: str) -> list[DateMention]:
        """Day counts ('Day +28'): a time point's cell with no date dates its row so."""
        found = find_dates(text, self.order, self.rules.dates)
        return [d for d in found if d.relative is not None]

    def _date(
        self, layout: PageLayout, block: Block, at: tuple[int, int] | None, skip: int = 1
    ) -> DateMention | None:
        """The date in the body cell `at` names, typed as collection (`skip`: header rows).

        A date the cell writes but that cannot be read ('08/11/2023' where nothing settles
        the day/month order) is still the row's, with its reason: never the letter's date.
        """
        if at is None:
            return None
        r, c = at
        cell = _cell(block.rows[r + skip], c)
        if cell is None:
            return None
        text = layout.text[cell.start : cell.end]
        d = next(iter(self._dates(text)), None) or next(iter(self._counted(text)), None)
        if d is None and _DAMAGED_DATE.search(text):  # '“19. 07-2022': a scan's broken date
            return DateMention(cell.start, cell.end, text.strip(), reason=UNREAD_ROW_DATE)
        if d is None:
            return None
        return replace(d, start=d.start + cell.start, end=d.end + cell.start,
                       type=DateType.COLLECTION)  # fmt: skip
