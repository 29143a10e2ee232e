"""Lab tables -> values.

A header row says which column holds the analyte, the result, the unit, the reference range,
the flag, or a collection date (a cumulative report has one result column per date).

Works on a `PageLayout` table block. A row whose first cell names an analyte gives values;
rows that name none are left to the prose passes (a Date | Event table is read as sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recordkit.dates import DateMention, DateType, Order, find_dates
from recordkit.layout import Block, PageLayout
from recordkit.nlp.measurements import MeasurementFinder, ValueMention
from recordkit.nlp.rules import RuleSet
from recordkit.values import NUMBER, convert, read_unit, to_number

_VALUE = re.compile(rf"(?<![\w.])([<>≤≥]\s*)?({NUMBER})\s*(\*|\(?[HL]{{1,2}}\)?|↑|↓)?(?![\w.])")
_RANGE = re.compile(rf"^\s*[(\[]?\s*(?:{NUMBER})\s*[-–~]\s*(?:{NUMBER})")


@dataclass(frozen=True)
class TableValue:
    """A value read from a table cell, with the date its column or row gives (if any)."""

    value: ValueMention
    date: DateMention | None
    row_start: int


def _roles(cells: list[str], rules: RuleSet) -> dict[int, str]:
    """Header cell index -> role, from the header words in tables.json."""
    out: dict[int, str] = {}
    for i, cell in enumerate(cells):
        for role, words in rules.tables.roles.items():
            if any(re.fullmatch(rf"\s*(?:{w})\s*[:.]?\s*", cell, re.I) for w in words):
                out[i] = role
                break
    return out


def _analyte(cell: str, finder: MeasurementFinder) -> str | None:
    for name, rx in finder.names.items():
        m = rx.search(cell)
        if m and m.start() <= 2:
            return name
    return None


class LabTableReader:
    """Reads the lab tables of a page with one rule set."""

    def __init__(self, rules: RuleSet, finder: MeasurementFinder, order: Order | None) -> None:
        self.rules, self.finder, self.order = rules, finder, order

    def read(self, layout: PageLayout, block: Block, marrow_page: bool) -> list[TableValue]:
        """Values of one table block; empty when it is not a lab table."""
        text = layout.text
        rows = block.rows
        if len(rows) < 2:
            return []
        head = rows[0]
        head_cells = [text[c.start : c.end] for c in head.cells]
        roles = _roles(head_cells, self.rules)
        head_dates = [
            DateMention(
                d.start + head.start,
                d.end + head.start,
                d.raw,
                d.value,
                d.precision,
                type=DateType.COLLECTION,
                reason=d.reason,
            )
            for d in find_dates(text[head.start : head.end], self.order, self.rules.dates)
            if d.value is not None or d.reason
        ]
        cumulative = len(head_dates) >= 2
        out: list[TableValue] = []
        for row in rows[1 if (roles or cumulative) else 0 :]:
            cells = [text[c.start : c.end] for c in row.cells]
            analyte = _analyte(cells[0], self.finder) if cells else None
            if analyte is None:
                continue
            spec = self.rules.analytes.analytes[analyte]
            if spec.requires_marrow and not (marrow_page or self.finder.marrow.search(cells[0])):
                continue
            if spec.requires_marrow and self.finder.not_marrow.search(cells[0]):
                continue
            found = self._row_values(text, row, roles, head.cells, cumulative)
            unit = self._row_unit(text, row, roles)
            dates = head_dates if cumulative else [None] * len(found)
            for (vs, ve, number, flags, cell_unit), d in zip(found, dates, strict=False):
                mention = self._mention(
                    text, row.start, vs, ve, number, cell_unit or unit, flags, analyte, spec
                )
                if mention is not None:
                    out.append(TableValue(mention, d, row.start))
        return out

    def _row_values(self, text, row, roles, head_cells, cumulative):  # type: ignore[no-untyped-def]
        """(start, end, number, flags, unit in the cell) of each result cell of a row."""
        out = []
        for k, c in enumerate(row.cells[1:], start=1):
            role = roles.get(_head_index(c.column, head_cells))
            if role in ("reference", "unit", "flag", "analyte"):
                continue
            cell = text[c.start : c.end]
            if _RANGE.match(cell) or (not cumulative and out):
                continue
            for m in _VALUE.finditer(cell):
                if m.group(1):
                    continue
                flags = ("abnormal_flag",) if m.group(3) else ()
                unit, _ = read_unit(cell[m.end(2) :].lstrip(" *HL()↑↓"))
                out.append(
                    (c.start + m.start(2), c.start + m.end(), to_number(m.group(2)), flags, unit)
                )
                if not cumulative:
                    break
            if not cumulative and out:
                break
            del k
        return out

    def _row_unit(self, text, row, roles) -> str | None:  # type: ignore[no-untyped-def]
        for c in row.cells[1:]:
            unit, n = read_unit(text[c.start : c.end].strip())
            if unit and n:
                return unit
        return None

    def _mention(self, text, row_start, vs, ve, number, unit, flags, analyte, spec):  # type: ignore[no-untyped-def]
        if spec.unit.startswith("%") and unit not in (None, "%"):
            return None
        conv = convert(number, None if unit == "%" else unit, analyte, spec)
        if conv.value is None and unit is None:
            return None
        if conv.assumed_unit:
            flags = (*flags, "unit_assumed")
        return ValueMention(
            analyte, row_start, ve, conv.value, spec.unit, text[vs:ve].strip(), flags, conv.error
        )


def _head_index(column: int, head_cells) -> int:  # type: ignore[no-untyped-def]
    """The header cell index that sits in `column` (header cells may skip empty columns)."""
    for i, c in enumerate(head_cells):
        if c.column == column:
            return i
    return -1
