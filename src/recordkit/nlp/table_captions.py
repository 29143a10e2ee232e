"""A lab table named only by the caption above it ('Chimerism (peripheral blood, % donor):').

Its value columns carry word headers ('Whole blood', 'CD3') and no analyte name; the caption
names the one analyte they hold. Only a serial table (a date column) whose value columns have
every filled cell written with its %, or bare numbers under a caption that gives the %, is
read so (a dash, a fraction not tested that day, fills no cell): an STR table's allele calls
('10,18') are not.
"""

from __future__ import annotations

import re

from recordkit.nlp.lab_cells import STRIP
from recordkit.nlp.rules import AnalyteRules, TableRole
from recordkit.rule_cache import compiled
from recordkit.values import UnitReader

CAPTION_CHARS = 80  # a line longer than this above a table is text, not its caption
_BARE_PERCENT = re.compile(r"\d{1,3}(?:\.\d{1,2})?")  # '93' under a caption giving '% donor'
_NOT_DONE = re.compile(r"[-–—]+")  # a dash in a serial table's cell: that fraction was not tested


class TableCaptions:
    """Which analyte a table's caption names, and which columns it fills."""

    def __init__(
        self, rules: AnalyteRules, units: UnitReader, head_names: dict[str, re.Pattern[str]]
    ) -> None:
        self.rules, self.units, self.head_names = rules, units, head_names
        self.percent = compiled("|".join(rules.units.get("%", [])) or r"(?!)", re.I)

    def analyte(self, caption: str) -> str | None:
        """The one analyte a short caption names (by a name or a column header's name)."""
        if not caption.strip() or len(caption) > CAPTION_CHARS:
            return None
        named = [a for a, rx in self.head_names.items() if rx.search(caption)]
        reported = {self.rules.analytes[a].report_as or a for a in named}
        return min(named, key=lambda a: a not in reported) if len(reported) == 1 else None

    def columns(
        self,
        header: list[str],
        rows: list[list[str]],
        roles: list[TableRole | None],
        analyte: str,
        caption: str,
    ) -> dict[int, str]:
        """The columns a caption's analyte fills: each a named column of percentages."""
        if TableRole.DATE not in roles or "%" not in self.rules.analytes[analyte].units:
            return {}
        bare = _BARE_PERCENT if self.percent.search(caption) else None
        out = {}
        for c, role in enumerate(roles):
            head = header[c].strip(STRIP) if c < len(header) else ""
            cells = [r[c].strip(STRIP) for r in rows if c < len(r) and r[c].strip(STRIP)]
            cells = [cell for cell in cells if not _NOT_DONE.fullmatch(cell)]
            if role is not TableRole.VALUE or not re.search(r"[A-Za-z]", head) or not cells:
                continue
            if all(self.units.unit_at(cell, len(cell) - 1)[0] == "%"
                   or (bare and bare.fullmatch(cell)) for cell in cells):  # fmt: skip
                out[c] = analyte
        return out


__all__ = ["CAPTION_CHARS", "TableCaptions"]


def ratio_columns(
    header: list[str],
    roles: list[TableRole | None],
    head_analytes: dict[int, str],
    result_head: re.Pattern[str],
) -> dict[int, str]:
    """A copies column's test read in the ratio column: 'BCR::ABL1 copies | ... | Ratio %'.

    A molecular lab prints the transcript's copies, the control gene's and their ratio side by
    side: the copies (a `count` header) are counts, never the result; the first column headed
    as a result that names no test of its own holds the test the copies column names.
    """
    counted = [a for c, a in head_analytes.items() if roles[c] is TableRole.COUNT]
    kept = {c: a for c, a in head_analytes.items() if roles[c] is not TableRole.COUNT}
    ratio = [c for c, h in enumerate(header) if c not in head_analytes
             and roles[c] is TableRole.VALUE and result_head.match(h.strip(STRIP))]  # fmt: skip
    if counted and ratio:
        kept[ratio[0]] = counted[0]
    return kept
