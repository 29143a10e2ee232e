"""Journal pages set in two columns are read column by column, tables and short columns too."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from recordkit.config import Settings
from recordkit.layout import BlockKind, analyse_page
from recordkit.text.pdf_text import read_pdf

LITERATURE = (
    "Relapsed disease in adults carries a poor outlook. Blinatumomab gave complete remission "
    "in 44% of patients in the TOWER study, and inotuzumab ozogamicin gave remission in 80.7% "
    "of patients in the INO-VATE trial. Antigen escape after CD19-directed cell therapy is seen "
    "in up to 30% of responders, and CD22-directed products have been tried after it."
)
CASE = (
    "In October 2021 she relapsed with 31% marrow blasts that were CD19-negative and "
    "CD22-positive. Donor chimerism had declined to 62% by then. She received a CD22 CAR-T "
    "infusion on 9 December 2021 and was in remission a month later."
)


def _two_column_pdf(path: Path, left: list[str], right: list[str], rows: list[list[str]]) -> Path:
    """An A4 page in two columns; a table a little wider than the right column follows its
    prose, reaching into the gutter (journals let a table run past its column's edges)."""
    body = getSampleStyleSheet()["BodyText"]
    body.fontSize, body.leading, body.alignment = 8.5, 10.5, 4  # justified, as journals set
    margin, gutter = 15 * mm, 6 * mm
    width, height = A4
    column = (width - 2 * margin - gutter) / 2
    frames = [
        Frame(margin, margin, column, height - 2 * margin),
        Frame(margin + column + gutter, margin, column, height - 2 * margin),
    ]
    doc = BaseDocTemplate(str(path), pagesize=A4, invariant=1)
    doc.addPageTemplates([PageTemplate("page", frames)])
    story = [Paragraph(t, body) for t in left] + [FrameBreak()]
    story += [Paragraph(t, body) for t in right]
    if rows:
        table = Table(rows, colWidths=[70, 70, 70, 70])  # the column is 247 points wide
        table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 6.5)]))
        story.append(table)
    doc.build(story)
    return path


def _page_text(path: Path) -> str:
    pages, jobs, _ = read_pdf(path, path.name, Settings())
    assert not jobs
    return analyse_page(pages[0]).text


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_table_in_one_column_does_not_splice_the_columns(tmp_path: Path) -> None:
    rows = [
        ["Parameter", "Jun 2018", "Aug 2019", "Oct 2021"],
        ["WBC (x10^9/L)", "42.7", "6.2", "3.8"],
        ["Platelets (x10^9/L)", "22", "95", "61"],
        ["Marrow blasts (%)", "88", "46", "31"],
    ]
    left = [LITERATURE, LITERATURE.replace("Relapsed", "Refractory")]
    pdf = _two_column_pdf(tmp_path / "journal.pdf", left, [CASE, CASE], rows)
    text = _flat(_page_text(pdf))
    assert _flat(LITERATURE) in text  # the left column's paragraph whole, not cut by the right's
    assert _flat(CASE) in text
    assert text.index("Refractory") < text.index("In October 2021")  # left column first


def test_short_columns_on_a_last_page_are_read_one_after_the_other(tmp_path: Path) -> None:
    pdf = _two_column_pdf(tmp_path / "last.pdf", [LITERATURE[:190]], [CASE[:190]], [])
    text = _flat(_page_text(pdf))
    assert _flat(LITERATURE[:190]) in text
    assert _flat(CASE[:190]) in text


def test_a_table_across_the_page_keeps_its_rows(tmp_path: Path) -> None:
    # one table as wide as the page: white bands between its columns, but cells, not prose
    rows = [["Date", "Test", "Result", "Comment on the sample and the method used"]]
    rows += [
        [f"0{d}/03/2024", "Marrow blasts", f"{d}%", "aspirate, morphology"] for d in range(1, 8)
    ]
    pdf = tmp_path / "table.pdf"
    doc = BaseDocTemplate(str(pdf), pagesize=A4, invariant=1)
    doc.addPageTemplates([PageTemplate("page", [Frame(15 * mm, 15 * mm, 180 * mm, 267 * mm)])])
    doc.build([Table(rows, colWidths=[30 * mm, 40 * mm, 25 * mm, 85 * mm])])
    pages, _, _ = read_pdf(pdf, pdf.name, Settings())
    layout = analyse_page(pages[0])
    table = next(b for b in layout.blocks if b.kind is BlockKind.TABLE)
    assert layout.grid(table)[3] == ["03/03/2024", "Marrow blasts", "3%", "aspirate, morphology"]


def test_a_ruled_grid_of_short_rows_is_one_table_not_two_columns(tmp_path: Path) -> None:
    # narrow cells beside a wide one: below the first row a white band runs down the middle,
    # but each side's cells start at their columns' edges, row after row: one table
    rows = [
        ["Phase", "Treatment", "Began", "Outcome"],
        ["Induction", "DA 3+7 then a second DA course at reduced dose", "11-03-2020", "CR1"],
        ["Salvage", "FLAG-IDA x 2", "14-09-2020", "CR2 MRD -ve"],
        ["Allograft", "MUD PBSC, Flu/Mel", "20-12-2020", "Engrafted"],
        ["Relapse", "Azacitidine x 3", "Jun 2021", "Stable"],
        ["Rescue", "Gilteritinib", "10-11/2021", "PR (6% blasts)"],
        ["HSCT 2", "Haplo (sister)", "02-02-2022", "MRD-ve CR"],
    ]
    pdf = tmp_path / "history.pdf"
    doc = BaseDocTemplate(str(pdf), pagesize=A4, invariant=1)
    doc.addPageTemplates([PageTemplate("page", [Frame(15 * mm, 15 * mm, 180 * mm, 267 * mm)])])
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")])
    doc.build([Table(rows, colWidths=[48, 250, 62, 122], style=grid)])
    pages, _, _ = read_pdf(pdf, pdf.name, Settings())
    layout = analyse_page(pages[0])
    tables = [b for b in layout.blocks if b.kind is BlockKind.TABLE]
    assert len(tables) == 1
    assert layout.grid(tables[0])[2] == ["Salvage", "FLAG-IDA x 2", "14-09-2020", "CR2 MRD -ve"]
