"""The table pass: a page's table blocks -> dated values, through `read_lab_table`'s grid logic.

`lab_tables` decides which column holds the analyte, value, unit, flag, reference range or
date on a plain grid; this pass gives it the grids of a `PageLayout`, then maps each value
back to its cell's span on the page and dates it by its column's header date (a cumulative
report's collection dates) or its row's date cell.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from recordkit.dates import DateMention, DateType, Order, find_dates
from recordkit.layout import Block, BlockKind, PageLayout
from recordkit.layout.model import Cell, Row
from recordkit.nlp.lab_tables import LabTableReader
from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.rules import RuleSet


@dataclass(frozen=True)
class TableValue:
    """A value read from a table cell, with the date its column or row gives (if any)."""

    value: ValueMention
    date: DateMention | None
    row: Row


def _cell(row: Row, column: int) -> Cell | None:
    return next((c for c in row.cells if c.column == column), None)


class TablePass:
    """Reads the lab tables of one document's pages with one rule set."""

    def __init__(self, rules: RuleSet, order: Order | None) -> None:
        self.rules, self.order = rules, order
        self.reader = LabTableReader(rules.analytes)

    def read(self, layout: PageLayout, block: Block, marrow: bool) -> list[TableValue]:
        """Values of one table block; empty when it is not a lab table."""
        if block.kind is not BlockKind.TABLE or len(block.rows) < 2:
            return []
        grid = layout.grid(block)
        out = []
        for tv in self.reader.read(grid[0], grid[1:], marrow):
            row = block.rows[tv.row + 1]
            cell = _cell(row, tv.col)
            if cell is None:
                continue
            m = tv.mention
            value = replace(m, start=row.start, end=cell.start + m.end)
            out.append(TableValue(value, self._date(layout, block, tv.date_at), row))
        return out

    def _date(
        self, layout: PageLayout, block: Block, at: tuple[int, int] | None
    ) -> DateMention | None:
        """The date in the cell `at` names ((-1, col): the header's), typed as collection."""
        if at is None:
            return None
        r, c = at
        cell = _cell(block.rows[r + 1], c)
        if cell is None:
            return None
        text = layout.text[cell.start : cell.end]
        d = next((d for d in find_dates(text, self.order, self.rules.dates) if d.value), None)
        if d is None:
            return None
        return replace(d, start=d.start + cell.start, end=d.end + cell.start,
                       type=DateType.COLLECTION)  # fmt: skip
