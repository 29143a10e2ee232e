"""The unit a lab table gives its values: a unit column, a range, a header's or label's words.

'Hb (g/dL)', 'Neut%', 'NPM1mut/10^5 ABL1', a range ending in 'K/uL'.
"""

from __future__ import annotations

import re

from recordkit.nlp.lab_cells import STRIP
from recordkit.nlp.rules import AnalyteRules, TableRole
from recordkit.values import UnitReader

_UNIT_AFTER_RANGE = re.compile(r"\d\s*([^\d\s-][^\d]{0,15})$")  # the unit a range ends with
_AFTER_NUMBER = re.compile(r"\d(?:\s+(?=[^\s\-–])|(?=[^\d\s.,\-–]))")  # a unit may begin here
_CLOSING_PERCENT = re.compile(r"[^\d\s%]\s*[%％]\s*$")  # 'Neut%', 'Neutrophils %'
# 'Hb, g/l', 'Platelets, x10^9/l': a form's 'indicator, unit' (Гемоглобин, г/л)
_LABEL_COMMA = re.compile(r"[ \t]*,(?=[ \t]*\S)")


def _unit_start(text: str, end: int) -> int:
    """Where a unit written after a name ending at `end` may begin: past a label's comma."""
    comma = _LABEL_COMMA.match(text, end)
    return comma.end() if comma else end


class TableUnits:
    """Reads the units a table states for its values."""

    def __init__(
        self, rules: AnalyteRules, units: UnitReader, head_names: dict[str, re.Pattern[str]]
    ) -> None:
        self.rules = rules
        self.units = units
        self.head_names = head_names

    def row_unit_and_flags(
        self, row: list[str], roles: list[TableRole | None], label: str, analyte: str
    ) -> tuple[str | None, tuple[str, ...]]:
        """A row's unit (its unit cell, else its label's, else its range's) and its flags."""
        unit = ref_unit = None
        flags: tuple[str, ...] = ()
        for c, role in enumerate(roles):
            cell = row[c].strip(STRIP) if c < len(row) else ""
            if role is TableRole.UNIT and cell and unit is None:
                unit = self.units.unit_at(cell, 0)[0]
            elif role is TableRole.FLAG and cell:
                flags += self.units.flags_at(" " + cell, 0)[0]
            elif role is TableRole.REFERENCE and cell:
                ref_unit = self.range_unit(cell)  # '4.0 - 11.0 K/uL' (Epic)
        named = self.label_unit(label, analyte) or self.unit_after_name(label, analyte)
        return unit or named or ref_unit, flags

    def range_unit(self, cell: str) -> str | None:
        """The unit a reference range ends with, digits and all: '150 - 450 x10E3/uL'.

        The unit is the first one that starts after a number of the range and runs to the
        cell's end, so the '3' of 'x10E3/uL' is the unit's, not the range's last figure.
        """
        for m in _AFTER_NUMBER.finditer(cell):
            unit, end = self.units.unit_at(cell, m.end())
            if unit and not cell[end:].strip():
                return unit
        m = _UNIT_AFTER_RANGE.search(cell)
        return self.units.unit_at(m.group(1), 0)[0] if m else None

    def header_unit(self, cell: str, analyte: str) -> str | None:
        """The unit a column header names: in brackets, or right after the analyte's name.

        A comma may part the name from it: 'Hb, g/l', 'WBC, x10^9/l' (indicator, unit).

        'NPM1mut/10^5 ABL1' gives its column's values in copies per 10^5 ABL1.
        """
        text = cell.strip(STRIP)
        name = self.head_names[analyte].search(text)
        after = self.units.unit_at(text, _unit_start(text, name.end()))[0] if name else None
        return self.label_unit(cell, analyte) or after

    def unit_after_name(self, label: str, analyte: str) -> str | None:
        """The unit a row label writes after its analyte's name, ending it: 'Hemoglobine  mmol/L'.

        A cumulative sheet prints the unit between the analyte and its values: it is the unit
        of every value of the row.
        """
        text = label.strip(STRIP)
        name = self.head_names[analyte].search(text)
        unit, end = self.units.unit_at(text, _unit_start(text, name.end())) if name else (None, 0)
        return unit if unit and not text[end:].strip(STRIP) else None

    def label_unit(self, label: str, analyte: str) -> str | None:
        """The unit a label or header names in brackets or a closing %: 'Hb (g/dL)', 'Neut%'.

        A closing % is a unit only for a count (a differential's share) or a percentage:
        'Hb%' is haemoglobin in g%.
        """
        if m := re.search(r"[(\[]([^()\[\]]{1,16})[)\]]\s*$", label):
            return self.units.unit_at(m.group(1), 0)[0]
        spec = self.rules.analytes[analyte]
        percent = _CLOSING_PERCENT.search(label) and (spec.absolute_count or "%" in spec.units)
        return "%" if percent else None


__all__ = ["TableUnits"]
