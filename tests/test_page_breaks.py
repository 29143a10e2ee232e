"""Printouts over several pages: running banners, and sentences a page break cuts in two."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from recordkit.config import Settings
from recordkit.extract import extract_case
from recordkit.layout import BlockKind, analyse_document
from recordkit.models import DocumentResult, FileRecord, PageText
from recordkit.text.pdf_text import read_pdf

BANNER = [
    "Riverside General Hospital - Haematology Day Unit",
    "Okafor, B. (M)    born 17-09-1979    Hospital no. 4410027",
]


def _printout(path: Path, pages: list[list[str]]) -> Path:
    """A system printout: the same banner atop every page, a numbered foot line."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    _, height = A4
    for n, body in enumerate(pages, 1):
        y = height - 40
        for line in BANNER:
            c.setFont("Helvetica", 9)
            c.drawString(40, y, line)
            y -= 12
        y -= 14
        c.setFont("Helvetica", 10)
        for line in body:
            c.drawString(40, y, line)
            y -= 14
        c.setFont("Helvetica", 8)
        c.drawString(40, 38, f"Produced 03/06/2024 by ward clerk    {n} of {len(pages)}")
        c.showPage()
    c.save()
    return path


def _read(path: Path) -> list[PageText]:
    pages, jobs, _ = read_pdf(path, path.name, Settings())
    assert jobs == []
    return pages


def _extract(pages: list[PageText]) -> dict[str, tuple[float | None, str | None]]:
    record = FileRecord(
        path=pages[0].file, sha256=None, size=1, type="pdf", pages=len(pages),
        method="text", status="ok",
    )  # fmt: skip
    facts = extract_case("t", [DocumentResult(record=record, pages=tuple(pages))], Settings())
    return {m.analyte: (m.value, m.date) for m in facts.measurements}


def test_a_banner_atop_every_page_is_a_running_header(tmp_path: Path) -> None:
    pdf = _printout(
        tmp_path / "letter.pdf",
        [["Leeds, 10-06-2024", "Seen in clinic today."], ["Counts recovering.", "Plan: review."]],
    )
    layouts = analyse_document(_read(pdf))
    for lay in layouts:
        running = [
            lay.text[b.start : b.end] for b in lay.blocks if b.kind is BlockKind.HEADER_FOOTER
        ]
        assert any(t.startswith("Riverside General Hospital") for t in running)
    body = [b for b in layouts[1].blocks if b.kind is not BlockKind.HEADER_FOOTER]
    assert layouts[1].text[body[0].start : body[0].end] == "Counts recovering."


def test_a_sentence_cut_by_a_page_break_keeps_its_date_past_the_banner(tmp_path: Path) -> None:
    pdf = _printout(
        tmp_path / "letter.pdf",
        [
            ["Leeds, 10-06-2024", "The bone marrow aspirate taken on 28-05-2024 showed"],
            ["4% myeloblasts; donor chimerism in the marrow was 93%."],
        ],
    )
    got = _extract(_read(pdf))
    assert got["blasts"] == (4.0, "2024-05-28")
    assert got["chimerism"] == (93.0, "2024-05-28")


def test_a_new_sentence_on_the_next_page_does_not_take_the_last_pages_date(
    tmp_path: Path,
) -> None:
    pdf = _printout(
        tmp_path / "letter.pdf",
        [
            ["Leeds, 10-06-2024", "The bone marrow aspirate taken on 28-05-2024 was hypocellular."],
            ["Donor chimerism in blood today was 93%."],
        ],
    )
    assert _extract(_read(pdf))["chimerism"] == (93.0, "2024-06-10")


def test_the_same_page_printed_twice_is_not_all_banner() -> None:
    page = "Haematology clinic\nBlasts 3% in the marrow."
    layouts = analyse_document(
        [PageText(file="a.txt", page=n, text=page, method="text") for n in (1, 2)]
    )
    assert all(b.kind is not BlockKind.HEADER_FOOTER for lay in layouts for b in lay.blocks)
