"""Laboratory printouts set in a fixed-pitch font and sent as text-layer PDFs."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from recordkit.layout import BlockKind, analyse_page
from recordkit.models import PageText
from tests.conftest import facts_from_pdf_page, text_pdf, text_pdf_page
from tests.extraction_helpers import Facts

# a cumulative count report as a lab system prints it: each figure right-aligned under its
# collection date (and time), so it neither starts nor ends where the date does
CUMULATIVE = [
    "SOUTHFIELD PATHOLOGY - CUMULATIVE HAEMATOLOGY",
    "",
    "Specimen taken     14/02/24  21/02/24  28/02/24   Units      Normal",
    "                     07:45     08:20     09:05",
    "Hb                   102        96        88      g/L        115-165",
    "WBC                  3.4       2.2       1.7      x10^9/L    4.0-11.0",
    "Plt                  112        64        39      x10^9/L    150-400",
    "",
    "Report checked by: R Amadi, Biomedical Scientist",
]


def _page(tmp_path: Path, lines: list[str]) -> PageText:
    path = tmp_path / "cumulative.pdf"
    return text_pdf_page(
        text_pdf(path, lines, font=("Courier", 8), left=40, top=A4[1] - 40, leading=11)
    )


def test_values_right_aligned_under_wider_dates_stay_in_their_date_columns(
    tmp_path: Path,
) -> None:
    lay = analyse_page(_page(tmp_path, CUMULATIVE))
    [table] = [b for b in lay.blocks if b.kind is BlockKind.TABLE]
    assert lay.grid(table) == [
        ["Specimen taken", "14/02/24 07:45", "21/02/24 08:20", "28/02/24 09:05", "Units", "Normal"],
        ["Hb", "102", "96", "88", "g/L", "115-165"],
        ["WBC", "3.4", "2.2", "1.7", "x10^9/L", "4.0-11.0"],
        ["Plt", "112", "64", "39", "x10^9/L", "150-400"],
    ]
    # a single space of the fixed-pitch font parts no cells: the sign-off is no table row
    assert "Report checked by: R Amadi, Biomedical Scientist" in lay.text


def test_each_column_of_a_printed_cumulative_report_is_dated_and_takes_the_rows_unit(
    tmp_path: Path,
) -> None:
    page = _page(tmp_path, CUMULATIVE[2:3] + CUMULATIVE[4:7])  # no time row either
    facts = facts_from_pdf_page(page)
    got = {(m.analyte, m.date): (m.value, m.unit) for m in facts.measurements}
    assert got == {
        ("hb", "2024-02-14"): (102.0, "g/L"),
        ("hb", "2024-02-21"): (96.0, "g/L"),
        ("hb", "2024-02-28"): (88.0, "g/L"),
        ("wbc", "2024-02-14"): (3.4, "x10^9/L"),
        ("wbc", "2024-02-21"): (2.2, "x10^9/L"),
        ("wbc", "2024-02-28"): (1.7, "x10^9/L"),
        ("plt", "2024-02-14"): (112.0, "x10^9/L"),
        ("plt", "2024-02-21"): (64.0, "x10^9/L"),
        ("plt", "2024-02-28"): (39.0, "x10^9/L"),
    }
    # the unit is read from its own column, not assumed
    assert all(m.confidence >= 0.9 and not m.doubts for m in facts.measurements)


def _drawn_grid(path: Path, rows: list[list[str]]) -> Path:
    """A printout drawn cell by cell: each cell a ruled box with its text at its left."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = 700.0
    for row in rows:
        for k, cell in enumerate(row):
            c.rect(50 + 65 * k, y - 4, 65, 15)
            c.setFont("Courier", 9)
            c.drawString(53 + 65 * k, y, cell)
        y -= 15
    c.save()
    return path


def test_a_cumulative_report_with_a_blank_corner_dates_every_column(tmp_path: Path) -> None:
    # the top-left cell above the test names is usually left blank: the header of dates
    # still heads the rows, not a paragraph of its own
    rows = [["", "10/06/23", "15/06/23", "17/06/23", "Units"],
            ["Hb", "78", "84", "88", "g/L"], ["Plt", "11", "14", "22", "x10^9/L"]]  # fmt: skip
    facts = facts_from_pdf_page(text_pdf_page(_drawn_grid(tmp_path / "cum.pdf", rows)))
    got = {(m.analyte, m.date): m.value for m in facts.measurements}
    assert got == {
        ("hb", "2023-06-10"): 78.0, ("hb", "2023-06-15"): 84.0, ("hb", "2023-06-17"): 88.0,
        ("plt", "2023-06-10"): 11.0, ("plt", "2023-06-15"): 14.0, ("plt", "2023-06-17"): 22.0,
    }  # fmt: skip
    assert all(m.confidence >= 0.9 and not m.doubts for m in facts.measurements)


# a lab printout's header pads its labels so that their colons line up
PADDED_HEAD = [
    "Collected    : 14/04/2023 08:40          Received : 14/04/2023 10:12",
    "Reported     : 15/04/2023 13:05",
    "",
    "Haemoglobin  7.4  g/dL",
]


def test_a_padded_label_and_its_colon_are_one_field_in_a_text_file(facts: Facts) -> None:
    f = facts({"lab.txt": "\n".join(PADDED_HEAD) + "\n"})
    [hb] = f.measurements
    assert (hb.analyte, hb.value, hb.unit, hb.date) == ("hb", 74.0, "g/L", "2023-04-14")
    assert hb.date_info and hb.date_info.basis == "collection"


def test_a_padded_label_and_its_colon_are_one_field_in_a_printed_pdf(tmp_path: Path) -> None:
    page = _page(tmp_path, PADDED_HEAD)
    assert not [b for b in analyse_page(page).blocks if b.kind is BlockKind.TABLE]
    [hb] = facts_from_pdf_page(page).measurements
    assert (hb.analyte, hb.value, hb.date) == ("hb", 74.0, "2023-04-14")
    assert hb.date_info and hb.date_info.basis == "collection"
