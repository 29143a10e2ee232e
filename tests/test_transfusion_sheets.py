"""Transfusion sheets and the count tables beside them: products given are never counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from recordkit.config import Settings
from recordkit.models import PageText
from recordkit.nlp import build_nlp
from recordkit.nlp.facts import extract_document
from recordkit.nlp.measurements import MeasurementFinder
from recordkit.nlp.rules import load_rules
from recordkit.text.pdf_text import read_pdf

RULES = load_rules()
FINDER = MeasurementFinder(RULES.analytes)


def _values(text: str, file: str = "sheet.txt") -> list[tuple[str, float | None, str]]:
    """(analyte, value, date) of a one-page document's measurements, in page order."""
    page = PageText(file=file, page=1, text=text, method="text")
    nlp = build_nlp(Settings().extract.rules)
    facts, _ = extract_document([page], "DMY", RULES, 0, nlp, FINDER)
    got = [f for f in facts if f.measurement]
    return [(f.measurement.analyte, f.measurement.value, f.date.raw if f.date else "") for f in got]


@pytest.mark.parametrize("sep", ["   ", " | "])
def test_a_blood_product_given_is_no_count(sep: str) -> None:
    rows = [
        ["Product", "Units", "Start", "Finish"],
        ["Platelets (apheresis, irradiated)", "1", "13:20", "13:55"],
        ["Red cells (irradiated)", "2", "09:40", "13:10"],
        ["Platelets", "1", "15:00", "15:30"],
    ]
    text = "Date: 22/07/2024\n" + "".join(sep.join(r) + "\n" for r in rows)
    assert _values(text) == []


def test_a_clock_time_in_a_value_column_is_no_value() -> None:
    text = "Date: 22/07/2024\nTest | Result | Units\nPlatelets | 13:20 | x10^9/L\nHb | 84 | g/L\n"
    assert [(a, v) for a, v, _ in _values(text)] == [("hb", 84.0)]


def test_a_new_header_row_starts_a_new_table_without_a_blank_line() -> None:
    text = (
        "Date: 22/07/2024\n"
        "                       Time    Hb (g/L)   Plt (x10^9/L)\n"
        "Pre-transfusion FBC    08:30   68         8\n"
        "Post-transfusion FBC   16:45   84         31\n"
        "Product                             Units   Start   Finish\n"
        "Platelets (apheresis, irradiated)   1       13:20   13:55\n"
    )
    got = sorted((a, v) for a, v, _ in _values(text))
    assert got == [("hb", 68.0), ("hb", 84.0), ("plt", 8.0), ("plt", 31.0)]


def test_a_table_whose_rows_say_not_done_stays_one_table() -> None:
    text = (
        "Collected 22/07/2024\n"
        "Test          Result      Units\n"
        "Haemoglobin   84          g/L\n"
        "Platelets     Not done    x10^9/L\n"
        "WBC           3.1         x10^9/L\n"
    )
    assert sorted((a, v) for a, v, _ in _values(text)) == [("hb", 84.0), ("wbc", 3.1)]


def _grid_pdf(path: Path, corner: str) -> Path:
    """A PDF whose grid table sets analytes across the top and time points down the side."""
    rows = [[corner, "Hb (g/L)", "Plt (x10^9/L)"], ["Pre-transfusion", "68", "8"],
            ["Post-transfusion", "84", "31"]]  # fmt: skip
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
    story = [Paragraph("Date: 22/07/2024", getSampleStyleSheet()["Normal"]), table]
    SimpleDocTemplate(str(path), invariant=1).build(story)
    return path


@pytest.mark.parametrize("corner", ["", "Sample"])
def test_a_grid_table_with_a_blank_corner_reads_its_counts(tmp_path: Path, corner: str) -> None:
    pdf = _grid_pdf(tmp_path / "counts.pdf", corner)
    pages, _, _ = read_pdf(pdf, "counts.pdf", Settings())
    nlp = build_nlp(Settings().extract.rules)
    facts, _ = extract_document(pages, "DMY", RULES, 0, nlp, FINDER)
    got = sorted((f.measurement.analyte, f.measurement.value, str(f.date.value)) for f in facts
                 if f.measurement)  # fmt: skip
    assert got == [("hb", 68.0, "2024-07-22"), ("hb", 84.0, "2024-07-22"),
                   ("plt", 8.0, "2024-07-22"), ("plt", 31.0, "2024-07-22")]  # fmt: skip
