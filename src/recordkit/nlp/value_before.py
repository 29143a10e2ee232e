"""A percentage written before its analyte's name: '64% blasts', '97 % donor chimerism'.

A bound is no count: '<5% blasts (1%)' is the remission threshold, the bracket's figure the
count; only an analyte whose below-detection reading is zero ('<0.01% MRD') reads it so. Nor
is an assay's limit ('LOD / LLOQ 0.02% / 0.05% chimerism and MRD').
"""

from __future__ import annotations

import re

from recordkit.nlp.rules import AnalyteRules
from recordkit.nlp.value_types import Hit
from recordkit.rule_cache import compiled
from recordkit.values import NUMBER, to_number

_FIELD_BEFORE = re.compile(r"([^:=;|\n]+)[:=][ \t]*$")  # 'Bone marrow blasts: ' before a value
_FIELD_REACH = 40  # characters from a field's label to its value
_FIELD_GAP = re.compile(r"[ \t]{2,}|\t")  # a form's fields start a line or follow a wide gap


class PercentBefore:
    """Finds the percentage written just before an analyte's name."""

    def __init__(
        self, rules: AnalyteRules, names: dict[str, re.Pattern[str]], below: re.Pattern[str]
    ) -> None:
        self.rules = rules
        self.names = names
        self.below = below
        signs = sorted(rules.threshold_signs + rules.below_signs, key=len, reverse=True)
        bounds = "|".join(rf"(?<![^\W\d_]){re.escape(b)}" for b in signs)
        self.bound_before = compiled(rf"(?:{bounds})\s*$", re.I)
        cues = "|".join(rules.assay_cues) or r"(?!x)x"  # 'LOD / LLOQ 0.02% / 0.05% chimerism'
        self.assay_before = compiled(rf"(?:{cues})(?:[^.;:\n]|\.(?=\d)){{0,24}}$", re.I)

    def find(self, text: str, analyte: str, s0: int, name_start: int) -> Hit | None:
        """'64% blasts', '97 % donor chimerism': a percentage written before the name.

        A specimen word may stand between ('4% circulating blasts': the context then judges it).
        A number joined to the letters before it is a name's ('CD15 % donor': a marker), none.
        """
        if "%" not in self.rules.analytes[analyte].units:
            return None
        before = text[max(s0, name_start - 30) : name_start]
        m = re.search(
            rf"(?<![\d,A-Za-z])(?<!\d\.)({NUMBER})\s*%\s*(?:(?:of|de|di)\s+)?(?:(?:bone\s+)?marrow\s+|BM\s+|"
            r"donor\s+|recipient\s+|circulating\s+|peripheral(?:\s+blood)?\s+)?(?:\(\w+\)\s*)?$",
            before,
        )
        if not m:
            return None
        vs = name_start - len(before) + m.start()
        if self._field_value(text, analyte, vs) or self._cell_value(text, vs, m.group(0)):
            return None
        if self.assay_before.search(text, max(s0, vs - 40), vs):
            return None  # the assay's limit written before the name it serves, not a result
        end, number = vs + len(m.group(0).rstrip()), to_number(m.group(1))
        if bound := self.bound_before.search(text, max(s0, vs - 16), vs):
            if self.rules.analytes[analyte].below_detection_is_zero and self.below.match(
                text, bound.start()
            ):
                return Hit(bound.start(), end, number, "%", ("below_detection",))  # '<0.01% MRD'
            return None  # '<5% blasts (1%)': a bound, not a count; the bracket's figure is
        return Hit(vs, end, number, "%")

    def _cell_value(self, text: str, pos: int, told: str) -> bool:
        """The percentage at `pos` closes a cell that names its analyte before it.

        'blasts 3%    MRD negative': a column's gap parts the cells of a typed list, so the
        value belongs to the name before it in its own cell, not to the one after the gap.
        """
        if not _FIELD_GAP.search(told):
            return False
        cell = _FIELD_GAP.split(text[text.rfind("\n", 0, pos) + 1 : pos])[-1]
        return any(names.search(cell) for names in self.names.values())

    def _field_value(self, text: str, analyte: str, pos: int) -> bool:
        """The number at `pos` is the value of a field whose label names another analyte.

        'Bone marrow blasts: 1 %   MRD by flow: 0.02 %': several fields on one line, each
        value belongs to the label before it, not to the name after it ('BM: 64% blasts' is
        the blasts': its label names no analyte). A field starts its line or follows a wide
        gap; a colon inside a sentence ('MRD (same date: 6% lymphoblasts') opens no field.
        """
        line_start = text.rfind("\n", 0, pos) + 1
        field = _FIELD_BEFORE.search(text, max(line_start, pos - _FIELD_REACH), pos)
        if field is None:
            return False
        *before, label = _FIELD_GAP.split(field.group(1))
        if not before and field.start(1) != line_start:
            return False  # a colon inside a sentence ('MRD (same date: 6% blasts'): no field
        specs = self.rules.analytes
        reported = specs[analyte].report_as or analyte
        return any(
            (spec.report_as or other) != reported and self.names[other].search(label)
            for other, spec in specs.items()
        )


__all__ = ["PercentBefore"]
