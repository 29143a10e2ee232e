"""A value written after a long label's colon, where the search right after the name fails.

'MRD by BCR::ABL1 qPCR after ... (marrow 20/05/2024): undetectable'.
"""

from __future__ import annotations

import re

from recordkit.nlp.rules import Analyte, AnalyteRules
from recordkit.nlp.value_search import Hit, ValueSearch

LABEL_REACH = 100  # characters from a name to the colon that ends its label
_LABEL_END = re.compile(r"[:：](?=\s)")  # a label's colon, not the '::' of a fusion


def after_label(
    search: ValueSearch,
    rules: AnalyteRules,
    text: str,
    analyte: str,
    spec: Analyte,
    span: tuple[int, int],
    masked: list[tuple[int, int]],
) -> Hit | None:
    """The value right after the colon (a space after it) that ends the name's label.

    The colon stands within `LABEL_REACH` of the name, on its line; the label holds no stop
    word ('engraftment occurred on day: +18') and no other analyte's name.
    """
    b, s1 = span
    m = _LABEL_END.search(text, b, min(s1, b + LABEL_REACH))
    label = text[b : m.start()] if m else "\n"
    reported = spec.report_as or analyte
    others = [a for a, o in rules.analytes.items() if (o.report_as or a) != reported]
    if (
        m is None
        or re.search(r"[\n;]", label)
        or search.stops[analyte].search(label)
        or any(search.names[a].search(label) for a in others)
    ):
        return None
    return search.forward(text, analyte, spec, m.end(), s1, masked)


__all__ = ["LABEL_REACH", "after_label"]
