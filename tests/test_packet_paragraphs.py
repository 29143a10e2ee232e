"""The packet's paragraphs: each breaks its lines once per width, and still draws whole
wherever the page breaks fall."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Spacer, Table

from recordkit.models import DocumentResult, FileRecord, Manifest, PageText
from recordkit.render.style import BODY, CELL, P
from tests.faults_helpers import LETTER, quick_settings

HISTORY = " ".join(
    f"Course {n}: azacitidine and venetoclax, marrow blasts {n + 2}% on review."
    for n in range(1, 9)
)


def _pdf_text(story: list) -> list[str]:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    doc.build(story)
    return [page.extract_text() for page in PdfReader(io.BytesIO(buf.getvalue())).pages]


def test_a_paragraph_with_room_for_one_line_at_a_page_foot_moves_on_whole() -> None:
    # a page's frame with room for one line left: reportlab will not leave an orphan line
    # there, drops the paragraph's line breaking and moves it to the next page
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
    room = doc.height - 1.5 * BODY.leading - 12  # the frame's padding, top and bottom
    pages = _pdf_text([Spacer(1, room), P(HISTORY)])
    assert len(pages) == 2
    assert "Course 1:" in pages[1] and "Course 8:" in pages[1]


def test_a_long_table_cell_is_drawn_at_the_width_it_was_sized_at() -> None:
    rows = [[P(f"row {i}", CELL), P(HISTORY, CELL)] for i in range(40)]
    pages = _pdf_text([Table(rows, colWidths=[60, 380], repeatRows=0)])
    text = " ".join(pages).replace("\n", " ")
    assert len(pages) > 1
    assert text.count("Course 8:") == 40


def test_a_packet_that_cannot_be_drawn_leaves_the_extraction_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import recordkit.render.packet
    from recordkit.schedule import finish_case

    def broken(*_args: object) -> None:  # a renderer's bug, with a message quoting a record
        raise AttributeError("'Para' object has no attribute for Mrs Ada Quill")

    monkeypatch.setattr(recordkit.render.packet, "build_packet", broken)
    settings = quick_settings(figure=True, packet=True)
    out = tmp_path / "out"
    out.mkdir()
    done = finish_case("p", [_letter()], _manifest(), str(out), settings, str(tmp_path))
    assert done.events >= 2 and (out / "events.json").is_file()
    assert (out / "timeline.csv").is_file() and (out / "timeline.png").is_file()
    assert "packet" not in done.outputs and done.outputs["events"] == "events.json"
    [problem] = done.problems
    assert problem.startswith("the review packet could not be drawn (AttributeError at ")
    assert "Quill" not in problem


def _letter() -> DocumentResult:
    record = FileRecord(
        path="letter.txt", sha256=None, size=1, type="text", pages=1, method="text", status="ok"
    )
    page = PageText(file="letter.txt", page=1, text=LETTER, method="text")
    return DocumentResult(record=record, pages=(page,))


def _manifest() -> Manifest:
    return Manifest(case_id="p", settings={}, files=(_letter().record,))
