"""A table cell holding several values of one analyte, each under its part of the header.

'PB chimerism (whole / CD3)' over '93% / 72%' gives 93 (whole blood) and 72 (CD3);
'Chimerism (donor / recipient)' over '98% / 2%' gives the donor's 98 alone.
"""

from __future__ import annotations

import re

from recordkit.nlp.lab_cells import STRIP
from recordkit.nlp.rules import AnalyteRules
from recordkit.nlp.value_context import ValueContext
from recordkit.nlp.value_lists import part_words
from recordkit.rule_cache import compiled
from recordkit.values import read_number

_PARTS_NAMED = re.compile(r"[(（]([^()（）/]+(?:/[^()（）/]+)+)[)）]\s*$")
_PART_CELL = re.compile(r"[^/]+")


class CellParts:
    """Splits a cell by the parts its header's closing bracket names."""

    def __init__(self, rules: AnalyteRules, ctx: ValueContext) -> None:
        self.rules = rules
        self.ctx = ctx
        self.part_label = {  # a part's label: specimen and lineage words only ('whole', 'CD3')
            a: compiled(
                rf"\s*(?:(?:{part_words(s.part_labels, rules.lineage_cues)})[\s+-]*)+", re.I
            )
            for a, s in rules.analytes.items()
            if s.part_labels
        }

    def lead(self, analyte: str, label: str) -> int:
        """Where the part words opening a label end: 'Unfractionated (% donor)' -> 15.

        A header or row label may name its part before the analyte ('Whole blood
        chimerism', 'Unfractionated (% donor)'): the name then stands after those words.
        """
        rx = self.part_label.get(analyte)
        m = rx.match(label) if rx else None
        return m.end() if m else 0

    def split(self, analyte: str, head: str, cell: str) -> list[tuple[str, int, str]]:
        """The cell's values, each with the label it is under and its offset in the cell.

        A header or row label whose closing bracket lists as many parts as the cell holds
        slash-separated numbers gives each value its part, for an analyte listed by parts
        (`part_labels`): a part naming no lineage is under the label's words before the
        bracket, and a recipient's part is no value of the donor's. Else the cell is one
        value under the whole label.
        """
        named = _PARTS_NAMED.search(head) if analyte in self.part_label else None
        pieces = list(_PART_CELL.finditer(cell))
        parts = named.group(1).split("/") if named else []
        if named is None or len(parts) != len(pieces):
            return [(head, 0, cell)]
        if not all(read_number(p.group(0).strip(STRIP), 0) for p in pieces):
            return [(head, 0, cell)]
        outside = head[: named.start()]
        if any(self.ctx.recipient.search(part) for part in parts):  # '(donor / recipient)'
            return [(outside, p.start(), p.group(0)) for part, p in zip(parts, pieces, strict=True)
                    if not self.ctx.recipient.search(part)]  # fmt: skip
        if not all(self.part_label[analyte].fullmatch(part) for part in parts):
            return [(head, 0, cell)]
        labels = [part.strip() if self.ctx.fraction(part) else outside for part in parts]
        return [(lab, p.start(), p.group(0)) for lab, p in zip(labels, pieces, strict=True)]


__all__ = ["CellParts"]
