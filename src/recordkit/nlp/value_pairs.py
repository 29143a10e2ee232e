"""Paired analytes: names joined by slashes over figures joined by slashes.

Labs write two or three tests as one entry: 'WBC / ANC (PB) | 1.8 / 0.4 x10^9/L',
'Hb / PLT 7.9 g/dL / 22 x10^9/L'. The n-th figure is the n-th name's, each unit goes with the
figure it follows, and a bare figure takes the next unit written when that unit fits its
analyte (one unit for both: '1.8 / 0.4 x10^9/L'). As many figures as names, or no pairing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from recordkit.nlp.rules import AnalyteRules
from recordkit.values import UnitReader, read_number

_GAP = re.compile(r"[ \t]*/[ \t]*(?=\d)")  # between one figure (and its unit) and the next
_LABEL = re.compile(r"\s*([^()（）]+?)\s*(?:[(（][^()（）]*[)）])?[\s:]*$")  # 'WBC / ANC (PB)'


class Figure(NamedTuple):
    """One figure of a slash-joined list: where it and its unit lie, its number and unit."""

    start: int
    end: int  # the end of its unit when it has one, else of its number
    number: float
    unit: str | None


def figures(units: UnitReader, text: str, pos: int, n: int, end: int) -> list[Figure] | None:
    """`n` figures joined by slashes from `pos` (before `end`), each with its own unit."""
    out: list[Figure] = []
    while len(out) < n:
        got = read_number(text, pos)
        if got is None:
            return None
        number, j = got
        _, k = units.flags_at(text, j)
        unit, u_end = units.unit_at(text, k)
        out.append(Figure(pos, u_end if unit else j, number, unit))
        gap = _GAP.match(text, u_end if unit else k)
        if len(out) < n and (gap is None or gap.end() > end):
            return None
        pos = gap.end() if gap else pos
    if (more := _GAP.match(text, out[-1].end)) and more.end() < end:
        return None  # more figures than names: no pairing
    return out


def shared_unit(rules: AnalyteRules, analyte: str, figs: list[Figure], k: int) -> str | None:
    """The k-th figure's unit: its own, else the next one written where it fits the analyte."""
    if figs[k].unit:
        return figs[k].unit
    later = next((f.unit for f in figs[k + 1 :] if f.unit), None)
    return later if later in rules.analytes[analyte].units else None


class PairedCells:
    """Splits a lab-table row whose label names several analytes into one row per analyte."""

    def __init__(self, rules: AnalyteRules, units: UnitReader, names: dict[str, re.Pattern[str]],
                 analyte_of: Callable[[str], str | None]) -> None:  # fmt: skip
        self.rules = rules
        self.units = units
        self.names = names
        self.analyte_of = analyte_of

    def split(
        self, label: str, row: list[str], cols: list[int]
    ) -> list[tuple[str, list[str], dict[int, int], str | None]]:
        """(analyte, its row, each cell's offset in the original, its unit) per named analyte.

        A label naming one analyte gives the row whole (no unit of its own); one naming none,
        nothing.
        """
        names = self._names(label)
        if names is None:
            one = self.analyte_of(label)
            return [(one, row, {}, None)] if one else []
        out = [(a, list(row), dict[int, int](), None) for a in names]
        units: list[str | None] = [None] * len(names)
        for c in cols:
            cell = row[c] if c < len(row) else ""
            if not cell.strip():
                continue
            lead = len(cell) - len(cell.lstrip())
            figs = figures(self.units, cell, lead, len(names), len(cell))
            if figs is None:
                one = self.analyte_of(label)
                return [(one, row, {}, None)] if one else []
            for k, (analyte, cells, leads, _) in enumerate(out):
                cells[c], leads[c] = cell[figs[k].start : figs[k].end], figs[k].start
                units[k] = shared_unit(self.rules, analyte, figs, k)
        return [(a, cells, leads, units[k]) for k, (a, cells, leads, _) in enumerate(out)]

    def _names(self, label: str) -> list[str] | None:
        """The analytes a label names one by one between slashes, or None."""
        m = _LABEL.match(label)
        parts = [p.strip() for p in m.group(1).split("/")] if m else []
        if len(parts) < 2:
            return None
        hits = [next((a for a, rx in self.names.items() if rx.fullmatch(p)), None) for p in parts]
        return None if None in hits or len(set(hits)) < len(hits) else hits  # type: ignore[return-value]


__all__ = ["Figure", "PairedCells", "figures", "shared_unit"]
