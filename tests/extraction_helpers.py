"""Small helpers shared by the extraction tests: the `facts` fixture's type, events by kind,
and values read line by line."""

from __future__ import annotations

import re
from collections.abc import Callable

from recordkit.models import CaseFacts
from recordkit.nlp.measurements import MeasurementFinder

Facts = Callable[..., CaseFacts]  # the `facts` fixture: {file name: text} -> CaseFacts


def kinds(f: CaseFacts, kind: str) -> list:
    """The case's events of one kind, in timeline order."""
    return [e for e in f.events if e.kind == kind]


def dated(f: CaseFacts, analyte: str) -> list[tuple[float | None, str | None]]:
    """(value, date) of the case's measurements of one analyte."""
    return [(m.value, m.date) for m in f.measurements if m.analyte == analyte]


def pairs(finder: MeasurementFinder, text: str, head: str = "") -> list[tuple[str, float | None]]:
    """(analyte, value) found in `text`, each line one sentence."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return [(v.analyte, v.value) for v in finder.find(text, spans, head, [])]
