"""Which PDF text layers are trusted as typed text, and which pages go to OCR instead."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from recordkit.config import Settings
from recordkit.text.pdf_text import read_pdf

from .conftest import scan_image

SCANNED = ["Haematology clinic 23/06/2025", "CAR-T cells given on 12/05/2025", "Blasts 0%"]
HIDDEN_OCR = ["Haematology clinic 23/06/2025", "CAR-T cells given on 12/06/2025", "Blasts 8%"]


def _scan_with_text(path: Path, lines: list[str], render_mode: int) -> Path:
    """A full-page scan with a text layer drawn over it in the given render mode."""
    img = scan_image(SCANNED, dpi=100)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    w, h = img.width * 72 / 100, img.height * 72 / 100
    c = canvas.Canvas(str(path), pagesize=(w, h), invariant=1)
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, w, h)
    text = c.beginText()
    text.setTextRenderMode(render_mode)
    text.setFont("Helvetica", 12)
    for i, line in enumerate(lines):
        text.setTextOrigin(58, h - 50 - 20 * i)
        text.textLine(line)
    c.drawText(text)
    c.save()
    return path


def test_invisible_text_over_a_scan_is_not_trusted(tmp_path: Path) -> None:
    """A 'searchable' scan: its hidden layer is a scanner's OCR, so the image is read."""
    pdf = _scan_with_text(tmp_path / "letter_OCR.pdf", HIDDEN_OCR, render_mode=3)
    pages, jobs, notes = read_pdf(pdf, "letter_OCR.pdf", Settings())
    assert pages == [] and [j.index for j in jobs] == [0]
    assert len(notes) == 1 and notes[0].startswith("page 1: invisible text layer")


def test_visible_text_over_a_background_image_is_typed_text(tmp_path: Path) -> None:
    """A form printed over a letterhead picture: its text is drawn, so it is the page."""
    pdf = _scan_with_text(tmp_path / "form.pdf", SCANNED, render_mode=0)
    pages, jobs, notes = read_pdf(pdf, "form.pdf", Settings())
    assert [p.method for p in pages] == ["text"] and jobs == [] and notes == []
    assert "12/05/2025" in pages[0].text

