"""A flow share that is the disease's burden, not a measurable residue of it.

A flow report's share of abnormal cells is MRD only in a sample taken to look for what is left
after treatment. On a diagnostic or relapse sample ('Diagnostic bone marrow 14/03/2022: flow
cytometry 74.5% abnormal myeloid blasts') it measures the disease itself; and a share as large as
a morphological blast count (analytes.json `burden.share_from`) is a blast population unless the
report calls it MRD. The words are each analyte's `burden` rule.
"""

from __future__ import annotations

from recordkit.nlp.analyte_patterns import words_pattern
from recordkit.nlp.rules import AnalyteRules, DiseaseBurden

COMPARED_REACH = 40  # characters before a sample word a comparison may stand in


class _Burden:
    """One analyte's burden rule, compiled."""

    def __init__(self, rule: DiseaseBurden) -> None:
        self.samples = words_pattern(rule.samples) if rule.samples else None
        self.compared = words_pattern(rule.compared_with) if rule.compared_with else None
        self.share_from = rule.share_from
        self.named = words_pattern(rule.unless_named) if rule.unless_named else None

    def sampled(self, text: str, s0: int, start: int) -> bool:
        """True when a diagnostic or relapse sample is named between `s0` and `start`.

        Not as the sample a result is compared with ('compared with the diagnostic sample').
        """
        found = self.samples.finditer(text, s0, start) if self.samples else ()
        return any(not self._compared(text, s0, m.start()) for m in found)

    def _compared(self, text: str, s0: int, at: int) -> bool:
        lo = max(s0, at - COMPARED_REACH)
        return bool(self.compared and self.compared.search(text, lo, at))


class DiseaseBurdens:
    """The analytes whose values may be the disease's burden, by their analytes.json rules."""

    def __init__(self, rules: AnalyteRules) -> None:
        self.rules = {a: _Burden(s.burden) for a, s in rules.analytes.items() if s.burden}

    def of_disease(
        self,
        analyte: str,
        text: str,
        sentence: tuple[int, int],
        value: tuple[int, float],
        page: str,
    ) -> bool:
        """True when the value at `value` (offset, number) measures the disease, not a residue.

        Its sentence names a diagnostic or relapse sample before it, or the share reaches
        `share_from`; either way unless the sentence (or, for the share, the page heading)
        names the value a residue ('MRD').
        """
        rule = self.rules.get(analyte)
        if rule is None:
            return False
        (s0, s1), (start, number) = sentence, value
        if rule.named and rule.named.search(text, s0, s1):
            return False
        if rule.sampled(text, s0, start):
            return True
        large = rule.share_from is not None and number >= rule.share_from
        return large and not (rule.named and rule.named.search(page))


__all__ = ["DiseaseBurdens"]
