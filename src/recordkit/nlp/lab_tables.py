"""Lab tables read as grids: which column holds the analyte, value, unit, flag, reference, date.

`read_lab_table(header, rows)` works on a plain grid (a header row and body rows of cell
strings), so any reader that finds tables (text-layer words, OCR boxes, Word cells) can use it.
Three shapes are read:

- a result table (Test | Result | Units | Flag | Reference range): one value per row;
- a cumulative report whose header cells are collection dates: one value per row and date
  column (`date_at` = (-1, col) names the header cell whose date dates it);
- a table whose header names the analyte (Collected | Sample | % donor): one value per row,
  dated by the row's date cell, else its time point's ('Day +28') (`date_at` = (row, col)).

A reference-range or flag column is never read as a value; a row naming a single STR locus is
not the overall chimerism; blasts count only where the table or its caller says marrow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from recordkit.nlp import cell_repairs as fix
from recordkit.nlp.analyte_patterns import analyte_names, named_outside, names_pattern, other_names
from recordkit.nlp.cell_parts import CellParts
from recordkit.nlp.lab_cells import (
    DATE_ALONE,
    DATE_CELL,
    DATE_ENDS,
    LABELLED_DATE,
    RANGE_CELL,
    STRIP,
    CellReader,
    negative_cell,
)
from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.rules import AnalyteRules, TableRole, load_rules
from recordkit.nlp.table_captions import TableCaptions, ratio_columns
from recordkit.nlp.table_units import TableUnits
from recordkit.nlp.value_context import ValueContext
from recordkit.nlp.value_pairs import PairedCells
from recordkit.rule_cache import compiled
from recordkit.text.script import is_cjk
from recordkit.values import UnitReader, read_number


class TableValue(NamedTuple):
    """One value of a table: its cell, the mention (offsets inside that cell) and its date cell."""

    row: int
    col: int
    mention: ValueMention
    date_at: tuple[int, int] | None = None


def looks_like_date(cell: str) -> bool:
    """A cell that is a date in a common written form (the default date test)."""
    return bool(DATE_ALONE.fullmatch(cell))


_RULE_CELL = re.compile(r"[\s:|=_—–-]*")  # a cell of a table's rule row: '------', ':---:'
NAME_NEAR = 12  # a label's analyte name starts within this many characters of its words


def _may_open(line: str, pos: int) -> bool:
    """A header cell may open at `pos`: a word's start, or inside a run of Chinese."""
    return pos == 0 or line[pos - 1].isspace() or (is_cjk(line[pos - 1]) and is_cjk(line[pos]))


class LabTableReader:
    """Reads lab tables with the analyte rules (names, units, cues, header words)."""

    def __init__(
        self, rules: AnalyteRules, is_date: Callable[[str], bool] = looks_like_date
    ) -> None:
        self.rules = rules
        self.is_date = is_date
        self.units = UnitReader(rules)
        self.ctx = ValueContext(rules)
        self.names = analyte_names(rules)
        self.head_names = {
            a: names_pattern(s.names + s.header_names) for a, s in rules.analytes.items()
        }
        self.table_units = TableUnits(rules, self.units, self.head_names)
        self.cell_parts = CellParts(rules, self.ctx)
        self.pairs = PairedCells(rules, self.units, self.names, self.analyte_of)
        self.headers = {
            TableRole(k): compiled(r"\s*(?:" + "|".join(v) + r")(?![A-Za-z])", re.I)
            for k, v in rules.table_headers.items()
        }
        self.negative = negative_cell(rules)
        self.captions = TableCaptions(rules, self.units, self.head_names)
        self.cells = CellReader(rules, self.units, self.negative, is_date)

    # --- which column is which -------------------------------------------------------------
    def header_role(self, cell: str) -> TableRole | None:
        """The role a header cell names, if any (a date header is a dated value column)."""
        text = cell.strip(STRIP)
        if not text:
            return None
        if self.dates_column(text):
            return TableRole.VALUE
        order = (TableRole.COUNT, TableRole.ROW_NUMBER, TableRole.DATE, TableRole.TIME_POINT,
                 TableRole.PRIOR, TableRole.REFERENCE, TableRole.FLAG,
                 TableRole.UNIT, TableRole.ANALYTE, TableRole.VALUE,
                 TableRole.SPECIMEN, TableRole.ADMINISTRATION)  # fmt: skip
        return next((r for r in order if r in self.headers and self.headers[r].match(text)), None)

    def given_rows(self, header: list[str], rows: list[list[str]]) -> set[int]:
        """The rows that record a blood product given, not a result.

        In a table with a Start, Finish or Volume column, a row or label column that names a
        blood product (`blood_product_cues`: 'Platelets (apheresis, irradiated) | 1 | 13:20',
        a 'Product' column) is a unit given at a time, never a count.
        """
        if not any(self.header_role(h) is TableRole.ADMINISTRATION for h in header):
            return set()
        label_head = header[0] if header else ""
        return {r for r, row in enumerate(rows)
                if self.ctx.product.search(" ".join([label_head, *row]))}  # fmt: skip

    def share_rows(self, header: list[str], rows: list[list[str]]) -> set[int]:
        """The rows of a differential's shares that name a count: no count is read in them.

        'Lignée | Résultat (%)', 'Formula midollare | %', 'Bands + neutrophils | 10': a row
        naming a count gives a share of cells, never the count, here or read as text.
        """
        roles = self.roles(header, rows)
        if TableRole.ANALYTE not in roles:
            return set()
        a_col, results = roles.index(TableRole.ANALYTE), [
            c for c, r in enumerate(roles) if r is TableRole.VALUE]  # fmt: skip
        counts = {r for r, row in enumerate(rows) if a_col < len(row) and any(
            s.absolute_count and named_outside(self.names[a], row[a_col], other_names(self.rules))
            and not self._result_column(results, header, a)
            for a, s in self.rules.analytes.items())}  # fmt: skip
        return counts if results else set()

    def dates_column(self, cell: str) -> bool:
        """A header cell that dates its column: a date alone, or a time point and its date.

        'Diagnosis (22 Sep 2020)', 'First relapse Aug 2021': a month-only one dates to the month.
        """
        text = cell.strip(STRIP)
        return self.is_date(text) or bool(LABELLED_DATE.fullmatch(text))

    def header_cells(self, line: str, width: int) -> list[str] | None:
        """`line` cut into `width` header cells, each opening with a header word or an analyte.

        A header set apart from its columns ('Collected  WBC (x10^9/L)  Hb (g/L)' in a
        proportional font, or a scan's header line read as a paragraph) still names the
        columns in order; None unless every cell so cut opens with a name and they number
        `width`. The first cell, over the rows' keys, may hold any words ('Sampled'). A name
        may start after a space or, in Chinese, after any character ('采样日期白细胞').
        """
        starts, pos = [], 0
        while pos < len(line):
            end = self._name_end(line, pos) if _may_open(line, pos) else 0
            if end:
                starts.append(pos)
            pos = max(end, pos + 1)
        if starts and line[: starts[0]].strip():
            starts.insert(0, 0)
        if len(starts) != width or width < 3:
            return None
        return [line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]

    def _name_end(self, line: str, pos: int) -> int:
        """Where a header word or an analyte's name starting at `pos` ends; 0 if none does."""
        rest = line[pos:]
        role = self.header_role(rest)
        if role not in (None, TableRole.VALUE):
            m = self.headers[role].match(rest)
            return pos + m.end() if m else 0
        ends = [m.end() for rx in self.head_names.values() if (m := rx.match(rest))]
        return pos + max(ends) if ends else 0

    def analyte_of(self, label: str, header: bool = False) -> str | None:
        """The analyte a row label or header cell names (its name near the start).

        Near the start is within a few characters after the part words that may open it
        (`part_labels`, lineages: 'Unfractionated (% donor)', 'Whole blood chimerism').
        """
        text = label.strip(STRIP)
        names = self.head_names if header else self.names
        hits = [(m.start(), -len(m.group(0)), a) for a, rx in names.items()
                if (m := named_outside(rx, text, other_names(self.rules)))
                and m.start() <= NAME_NEAR + self.cell_parts.lead(a, text)]  # fmt: skip
        return min(hits)[2] if hits else None

    def _content_role(self, cells: list[str]) -> TableRole | None:
        filled = [c.strip(STRIP) for c in cells if c.strip(STRIP)]
        if not filled:
            return None

        def share(test: Callable[[str], bool]) -> float:
            return sum(1 for c in filled if test(c)) / len(filled)

        if share(lambda c: bool(RANGE_CELL.match(c)) and not self.is_date(c)) >= 0.5:
            return TableRole.REFERENCE
        if share(lambda c: self.is_date(c) or bool(DATE_ENDS.search(c))) >= 0.5:
            return TableRole.DATE  # a date closing a cell after a scan's specks dates its row
        if share(lambda c: self.analyte_of(c) is not None) >= 0.5:
            return TableRole.ANALYTE
        if share(lambda c: self.units.unit_at(c, 0)[1] == len(c)) >= 0.5:
            return TableRole.UNIT
        if share(lambda c: self.units.flags_at(" " + c, 0)[1] == len(c) + 1) >= 0.5:
            return TableRole.FLAG
        if share(lambda c: read_number(c, 0) is not None or bool(self.negative.match(c))) >= 0.5:
            return TableRole.VALUE
        return None

    def roles(self, header: list[str], rows: list[list[str]]) -> list[TableRole | None]:
        """Each column's role: from its header cell, else from what its cells hold."""
        width = max([len(header), *(len(r) for r in rows)])
        out: list[TableRole | None] = []
        for c in range(width):
            content = self._content_role([r[c] if c < len(r) else "" for r in rows])
            role = self.header_role(header[c]) if c < len(header) else None
            role = None if role is TableRole.ADMINISTRATION else role  # 'Start': its cells say
            out.append(TableRole.ANALYTE if content is TableRole.ANALYTE else role or content)
        return out

    # --- reading ---------------------------------------------------------------------------
    def read(
        self, header: list[str], rows: list[list[str]], marrow: bool = False, caption: str = ""
    ) -> list[TableValue]:
        """Every value the table gives, with the cell that dates it.

        A table whose cells name no analyte takes the one its `caption` names for each value
        column ('SERIAL RESULTS (% donor)' over 'Collected | Unsorted | CD3+'). A row of
        rules under the header ('|------|------|') holds no cell.
        """
        given = self.given_rows(header, rows)
        rows = [[""] * len(row) if r in given or all(map(_RULE_CELL.fullmatch, row)) else row
                for r, row in enumerate(rows)]  # fmt: skip
        roles = self.roles(header, rows)
        head_analytes = {
            c: a for c, h in enumerate(header) if (a := self.analyte_of(h, header=True))
        }
        if TableRole.ANALYTE in roles:
            return self._by_row(header, rows, roles, marrow)
        head_analytes = ratio_columns(header, roles, head_analytes, self.headers[TableRole.VALUE])
        if not head_analytes and (named := self.captions.analyte(caption)):
            head_analytes = self.captions.columns(header, rows, roles, named, caption)
        if head_analytes:
            return self._by_column(header, rows, roles, head_analytes, marrow)
        return []

    def _by_row(
        self, header: list[str], rows: list[list[str]], roles: list[TableRole | None], marrow: bool
    ) -> list[TableValue]:
        a_col = roles.index(TableRole.ANALYTE)
        dated = [
            c
            for c, h in enumerate(header)
            if self.dates_column(h) and self._numeric_column([r[c] for r in rows if c < len(r)])
        ]
        results = [c for c, r in enumerate(roles) if r is TableRole.VALUE]
        named = [c for c in results if c < len(header) and c not in dated
                 and self.header_role(header[c]) is TableRole.VALUE]  # fmt: skip
        d_col = None if dated and not named else self._row_date_column(header, roles)
        out: list[TableValue] = []
        rows_of = [(r, *one) for r, row in enumerate(rows)  # 'WBC / ANC | 1.8 / 0.4': apart
                   for one in self.pairs.split(row[a_col] if a_col < len(row) else "", row,
                                               [*results, *dated])]  # fmt: skip
        for r, analyte, row, leads, own_unit in rows_of:
            label = rows[r][a_col] if a_col < len(rows[r]) else ""
            if not self._row_allowed(analyte, label, marrow):
                continue
            values = self._result_column(named if dated else results, header, analyte)
            values = [*values, *dated]  # 'Résultat | Antériorité 19/06/2023': both, apart
            unit, flags = self.table_units.row_unit_and_flags(row, roles, label, analyte)
            unit = own_unit or unit
            ref = fix.row_range([row[c] for c, role in enumerate(roles)
                                 if role is TableRole.REFERENCE and c < len(row)])  # fmt: skip
            for c in values:
                if c >= len(row) or self.ctx.measures_other(analyte, label, header, c):
                    continue  # 'BCR::ABL1 DC/DF | No fusion | 0%' under '% nuclei': FISH's
                others = [row[k] for k in values if k != c and k < len(row) and row[k].strip()]
                for part, lead, cell in self.cell_parts.split(analyte, label, row[c]):
                    extra = (*flags, "derived") if self._recipient(part, header, c) else flags
                    m = self.cells.read(cell, analyte, unit, extra, ref, fix.row_decimals(others))
                    if m is not None:
                        lead += leads.get(c, 0)
                        m = replace(m, start=m.start + lead, end=m.end + lead)
                        m = self.ctx.of_fraction(m, self.ctx.fraction(part))
                        at = (-1, c) if c in dated else (r, d_col) if d_col is not None else None
                        out.append(TableValue(r, c, m, at))
        return out

    def _row_date_column(self, header: list[str], roles: list[TableRole | None]) -> int | None:
        """The column whose cell dates each result row: 'Test | Result | Collected'.

        A results list printed one result per row gives each its own collection date, first
        or last; of two date columns (Collected, Received) the one a date header names, else
        the first, is the sample's.
        """
        cols = [c for c, role in enumerate(roles) if role is TableRole.DATE]
        named = [c for c in cols if c < len(header) and self.header_role(header[c])
                 is TableRole.DATE]  # fmt: skip
        return (named or cols or [None])[0]

    def _by_column(
        self,
        header: list[str],
        rows: list[list[str]],
        roles: list[TableRole | None],
        head_analytes: dict[int, str],
        marrow: bool,
    ) -> list[TableValue]:
        dating = [roles.index(r) for r in (TableRole.DATE, TableRole.TIME_POINT) if r in roles]
        d_col = (dating or [None])[0]  # with no date column, a time point ('Day +28') dates a row
        out: list[TableValue] = []
        for c, analyte in head_analytes.items():
            if not self._row_allowed(analyte, header[c], marrow):
                continue
            in_marrow = marrow or self.ctx.names_marrow(header[c])  # 'BM blasts': every row's
            # 'Hb(gm%)': g/dL, not a percentage
            named = self.table_units.header_unit(header[c], analyte)
            unit = named or ("%" if "%" in header[c] else None)
            for r, row in enumerate(rows):
                label = " ".join(row)
                if c >= len(row) or not self._row_allowed(analyte, label, in_marrow):
                    continue
                for part, lead, cell in self.cell_parts.split(analyte, header[c], row[c]):
                    extra = ("derived",) if self.ctx.recipient.search(part) else ()
                    m = self.cells.read(cell, analyte, unit, extra)
                    if m is not None:
                        m = replace(m, start=m.start + lead, end=m.end + lead)
                        m = self.ctx.of_fraction(m, self._fraction(part, row, roles))
                        out.append(TableValue(r, c, m, (r, d_col) if d_col is not None else None))
        return out

    def _fraction(self, head: str, row: list[str], roles: list[TableRole | None]) -> str | None:
        """The sorted fraction a column's header or the row's label cells name ('CD3+').

        A specimen column labels the rows too ('Sample | % donor' over 'PB CD3+ | 100').
        """
        labelling = (None, TableRole.SPECIMEN)
        labels = [cell for c, cell in enumerate(row) if c < len(roles) and roles[c] in labelling]
        return next(filter(None, map(self.ctx.fraction, [head, *labels])), None)

    def _result_column(self, results: list[int], header: list[str], analyte: str) -> list[int]:
        """The result column for an analyte: a differential's '%' column is never a count's.

        'Differential | % | Absolute | Units': neutrophils are read in the absolute column; a
        differential with only a '%' column ('Lignée | Résultat (%)', a myélogramme) or headed
        by a marrow word ('Formula midollare | %') gives shares of cells, never a count.
        """
        spec = self.rules.analytes[analyte]
        percent = [c for c in results if c < len(header) and "%" in header[c]]
        if spec.absolute_count:
            in_marrow = bool(header) and self.ctx.names_marrow(header[0])
            return [] if in_marrow else [c for c in results if c not in percent][:1]
        return (percent if "%" in spec.units else [])[:1] or results[:1]

    def _numeric_column(self, cells: list[str]) -> bool:
        """True when most filled cells of a column start with a number (or a negative word)."""
        filled = [c.strip(STRIP) for c in cells if c.strip(STRIP)]
        numeric = [
            c
            for c in filled
            if (fix.NUMBER_FIRST.match(c) and not DATE_CELL.match(c)) or self.negative.match(c)
        ]
        return bool(filled) and len(numeric) * 2 >= len(filled)

    def _row_allowed(self, analyte: str, label: str, marrow: bool) -> bool:
        spec = self.rules.analytes[analyte]
        if analyte == "chimerism" and self.ctx.locus.search(label):
            return False
        if self.ctx.assay.search(label):
            return False  # 'LOD / LLOQ | 0.02%', 'events analysed': the assay's, no result
        if spec.absolute_count and self.ctx.other_specimen(label, 0, len(label), None):
            return False  # 'CSF cell count': no blood count
        if spec.requires_marrow:
            if self.ctx.not_marrow.search(label) or self.ctx.flow.search(label):
                return False
            return marrow or self.ctx.names_marrow(label)
        return True

    def _recipient(self, label: str, header: list[str], col: int) -> bool:
        head = header[col] if col < len(header) else ""
        return bool(self.ctx.recipient.search(label + " " + head))


def read_lab_table(
    header: list[str],
    rows: list[list[str]],
    rules: AnalyteRules | None = None,
    *,
    marrow: bool = False,
    is_date: Callable[[str], bool] = looks_like_date,
) -> list[TableValue]:
    """Values of a lab table given as a header row and body rows of cell strings."""
    reader = LabTableReader(rules or load_rules().analytes, is_date)
    return reader.read(header, rows, marrow)
