"""A Portuguese lab sheet scanned and read by an English-only tesseract: its names still count."""

from __future__ import annotations

import re

import pytest

from recordkit.config import OcrSettings
from recordkit.nlp.measurements import finder_for
from recordkit.nlp.rules import load_rules
from recordkit.text import ocr

from .conftest import scan_image

LINES = [
    "Data da coleta: 15/08/2022",
    "Leucócitos .........: 1.600 /mm³",
    "Neutrófilos ........: 58,0 %   928 /mm³",
    "Hemoglobina ........: 9,8 g/dL",
]


@pytest.mark.tesseract
def test_names_an_english_scan_misreads_are_read_with_their_units() -> None:
    text = ocr.ocr_image(scan_image(LINES, angle=0), OcrSettings(languages=("eng",))).text
    finder = finder_for(load_rules().analytes).on_scans
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    got = {v.analyte: v for v in finder.find(text, spans, "", [])}
    assert (got["wbc"].value, got["anc"].value, got["hb"].value) == (1.6, 0.928, 98.0)
    assert got["wbc"].source_unit == got["anc"].source_unit == "/uL"
