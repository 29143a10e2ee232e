"""Which PDF text layers are trusted as typed text, and which pages go to OCR instead."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from recordkit.config import Settings
from recordkit.text.language import not_language
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


MARROW_REPORT = [
    "Bone Marrow Report",
    "Specimen collected: 14/04/2025 Reported: 17/04/2025",
    "Clinical details: Ph+ B-ALL, sibling allograft 05/08/2024. Rising BCR::ABL1.",
    "Aspirate: Blasts 34% (lymphoblasts, CD19+ CD22+).",
    "MRD (flow cytometry): 31.2% of nucleated cells.",
    "Chimerism (marrow): 71% donor.",
    "Conclusion: Haematological relapse post allograft.",
]


def _shifted(line: str) -> str:
    """Each letter three on, as a font whose glyphs are mapped to the wrong letters gives."""
    return "".join(
        chr((ord(ch.lower()) - 97 + 3) % 26 + (65 if ch.isupper() else 97))
        if ch.isascii() and ch.isalpha()
        else ch
        for ch in line
    )


def test_a_text_layer_that_is_not_language_is_read_by_ocr(tmp_path: Path) -> None:
    scrambled = [_shifted(line) for line in MARROW_REPORT]  # 'Erqh Pduurz Uhsruw'
    pdf = _scan_with_text(tmp_path / "BM_report.pdf", scrambled, render_mode=0)
    pages, jobs, notes = read_pdf(pdf, "BM_report.pdf", Settings())
    assert pages == [] and [j.index for j in jobs] == [0]
    assert len(notes) == 1 and "not language" in notes[0]


def test_text_layers_in_any_language_or_of_numbers_are_trusted() -> None:
    pages = [
        "\n".join(MARROW_REPORT),
        "Befund vom 14.04.2025: Im Knochenmark 34 % Blasten, die Remission ist nicht mehr "
        "gegeben. Es wurde mit dem Patienten über die weitere Therapie gesprochen, die am "
        "20.04.2025 beginnt.",
        "骨髓报告 2025-04-14 原始细胞 34% 流式 MRD 31.2% 嵌合 71% 供者 结论 复发 " * 3,
        "Hb 94 g/L WBC 3.1 PLT 58 ANC 1.9 MCV 88 MCH 29 CRP 4 LDH 220 " * 3,
    ]
    for text in pages:
        assert not_language(text) is None, text[:30]
    assert not_language("\n".join(_shifted(line) for line in MARROW_REPORT)) is not None
