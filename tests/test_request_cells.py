"""A test request's field in a grid row ('Clinical | AML in CR1 - for allo-HSCT | ...').

An HLA-typing, chimerism or donor-search report states why the sample was sent in a row of
fields, as a marrow request writes 'Clinical details:'. The state it restates is no new
remission, and the sample's date in the next cell does not date it.
"""

from __future__ import annotations

from pathlib import Path

import docx
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from recordkit.text.office import read_docx
from tests.conftest import facts_from_pdf_page, text_pdf_page
from tests.extraction_helpers import Facts, kinds

_ROWS = [
    ["Patient", "Mr. T. Joshi, 52/M", "Lab ID", "HX/22/3307"],
    ["Referred by", "Dr. M. Sen", "Date of report", "28-04-2022"],
    ["Clinical", "AML in CR1 - for allogeneic HSCT", "Samples received", "23-04-2022"],
]
_HEAD = ["Harbourside Immunogenetics Laboratory", "HLA TYPING REPORT (NGS, high resolution)"]
_REMARK = "Remarks: No matched sibling donor. Son is haploidentical (5/10)."


def _report_pdf(path: Path) -> Path:
    table = Table(_ROWS, hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
    style = getSampleStyleSheet()
    story = [Paragraph(_HEAD[0], style["Title"]), Paragraph(_HEAD[1], style["Heading2"]), table]
    SimpleDocTemplate(str(path), invariant=1).build([*story, Paragraph(_REMARK, style["Normal"])])
    return path


def test_a_request_row_of_an_hla_report_pdf_makes_no_remission(tmp_path: Path) -> None:
    f = facts_from_pdf_page(text_pdf_page(_report_pdf(tmp_path / "hla.pdf")))
    assert kinds(f, "remission") == []
    assert kinds(f, "transplant") == []  # 'for allogeneic HSCT': why the typing was asked


def test_an_indication_row_of_a_word_report_makes_no_remission(
    facts: Facts, tmp_path: Path
) -> None:
    rows = [
        ["Patient", "Ms. R. Bose, 27/F", "Lab ID", "HX/23/0419"],
        ["Referring Dr", "Dr. M. Sen", "Sample date", "14-02-2023"],
        ["Indication", "B-ALL in CR2 post CAR-T - planned haplo-SCT", "Report date", "21-02-2023"],
    ]
    doc = docx.Document()
    for line in _HEAD:
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph(_REMARK)
    doc.save(tmp_path / "hla.docx")
    page = read_docx(tmp_path / "hla.docx", "hla.docx")[0]
    f = facts({"hla.docx": page.text})
    assert kinds(f, "remission") == []
    assert kinds(f, "transplant") == []


def test_a_request_row_keeps_an_event_dated_in_its_own_words(facts: Facts) -> None:
    f = facts(
        {
            "chimerism.txt": "CHIMERISM REPORT (STR-PCR)\n"
            "Patient | Mr. T. Joshi | Sample date | 19-09-2022\n"
            "Clinical | AML, allogeneic PBSCT on 14-07-2022 | Report date | 26-09-2022\n"
            "Donor chimerism (peripheral blood): 99%\n"
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2022-07-14"]
