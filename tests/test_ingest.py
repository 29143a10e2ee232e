"""Every input format read for real (tesseract included), and every bad-input status."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.config import Settings
from recordkit.documents import read_case
from recordkit.ingest import Case, detect_type, find_cases
from recordkit.tasks import TaskRunner
from recordkit.text.images import square_pixels
from recordkit.text.ocr import ocr_image

from .conftest import FONT, scan_image, text_pdf

pytestmark = pytest.mark.tesseract


def _read(folder: Path) -> dict[str, object]:
    runner = TaskRunner(2, Settings())
    try:
        results = read_case(Case(folder.name, folder), Settings(), runner, None)
    finally:
        runner.close()
    return {r.record.path: r for r in results}


def test_every_good_format_is_read(tmp_path: Path) -> None:
    d = tmp_path / "case"
    d.mkdir()
    text_pdf(d / "letter.pdf", ["Clinic letter", "Bone marrow blasts 12.5% on 05/01/2023"])
    img = scan_image(["Bone marrow report", "Donor chimerism 97.5 %"])
    # image-only PDF (a scan): the page has no text layer and must be OCR'd
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    c = canvas.Canvas(str(d / "scan.pdf"), pagesize=(img.width * 72 / 300, img.height * 72 / 300))
    c.drawImage(
        ImageReader(io.BytesIO(buf.getvalue())), 0, 0, img.width * 72 / 300, img.height * 72 / 300
    )
    c.save()
    img.convert("RGB").save(d / "photo.jpg", quality=85)
    img.save(d / "photo.png")
    frames = [scan_image(["Fax page one MRD 0.85 %"]), scan_image(["Fax page two WBC 4.1"])]
    frames[0].save(d / "fax.tif", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    doc = docx.Document()
    doc.add_paragraph("Discharge letter: relapse confirmed.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Hb", "112 g/L"
    table.cell(1, 0).text, table.cell(1, 1).text = "PLT", "142"
    doc.save(d / "letter.docx")
    (d / "note_utf16.txt").write_bytes("Patient note: MRD négative".encode("utf-16"))
    (d / "note_gb.txt").write_bytes("复发 急性髓系白血病 骨髓原始细胞 42%".encode("gb18030"))

    got = _read(d)
    assert {p: r.record.status for p, r in got.items()} == dict.fromkeys(got, "ok")
    assert got["letter.pdf"].record.method == "text"
    assert "12.5%" in got["letter.pdf"].pages[0].text
    assert got["letter.pdf"].pages[0].words, "text-layer words carry boxes"
    for name in ("scan.pdf", "photo.jpg", "photo.png"):
        page = got[name].pages[0]
        assert page.method == "ocr" and "chimerism" in page.text.lower(), name
        assert page.ocr_confidence and page.ocr_confidence > 60
        assert page.words and page.words[0].x1 > page.words[0].x0
    assert got["scan.pdf"].pages[0].unit == "pt" and got["photo.png"].pages[0].unit == "px"
    fax = got["fax.tif"]
    assert fax.record.pages == 2 and "0.85" in fax.pages[0].text and "4.1" in fax.pages[1].text
    assert "112 g/L" in got["letter.docx"].pages[0].text, "Word tables are read"
    assert "négative" in got["note_utf16.txt"].pages[0].text
    assert "急性髓系白血病" in got["note_gb.txt"].pages[0].text


def test_a_scanned_page_between_text_pages_is_ocrd_in_its_place(tmp_path: Path) -> None:
    """Pages without a text layer are told apart before pdfplumber parses the rest."""
    d = tmp_path / "case"
    d.mkdir()
    img = scan_image(["Bone marrow report", "Donor chimerism 96.5 %"])
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    w, h = img.width * 72 / 300, img.height * 72 / 300
    c = canvas.Canvas(str(d / "mixed.pdf"), pagesize=(w, h))
    for n, line in enumerate(["Clinic letter one: blasts 4% on 02/03/2023", None, "Letter three"]):
        if line is None:
            c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, w, h)
        else:
            c.setFont("Helvetica", 12)
            c.drawString(72, h - 72, line)
            c.drawString(72, h - 96, f"This is page {n + 1} of the letter, typed.")
        c.showPage()
    c.save()

    got = _read(d)["mixed.pdf"]
    assert got.record.status == "ok" and got.record.pages == 3
    assert [(p.page, p.method) for p in got.pages] == [(1, "text"), (2, "ocr"), (3, "text")]
    assert "blasts 4%" in got.pages[0].text and "Letter three" in got.pages[2].text
    assert "chimerism" in got.pages[1].text.lower() and got.pages[1].unit == "pt"


def test_rotated_page_is_turned_upright(tmp_path: Path) -> None:
    d = tmp_path / "case"
    d.mkdir()
    lines = [
        "Bone marrow aspirate report",
        "Blasts 23.5 percent",
        "Chimerism 98 percent",
        "Collection date 05 January 2023",
    ] * 3
    scan_image(lines, angle=0).rotate(90, expand=True).save(d / "sideways.png")
    page = _read(d)["sideways.png"].pages[0]
    assert page.rotation in (90, 270)
    assert "aspirate" in page.text.lower()


@pytest.mark.parametrize("turn", [270, 180])
def test_a_page_turned_clockwise_or_upside_down_is_read_in_lines(turn: int) -> None:
    # tesseract reads a page turned clockwise well, word by word, but its word boxes stand on
    # end; a short page upside down has too little text for OSD to tell
    lines = [
        "His bone marrow of 25/09/2023 shows haematological relapse",
        "of his AML with 12% blasts. Counts today: Hb 102 g/L, WBC 2.8,",
        "platelets 61. We will start azacitidine and venetoclax on 09/10/2023.",
    ]
    page = ocr_image(scan_image(lines, angle=0).rotate(turn, expand=True), Settings().ocr)
    assert page.rotation == turn  # turned back by the turn it was given
    assert "bone marrow of 25/09/2023 shows" in page.text


def test_a_grey_photocopy_that_reads_as_empty_is_cleaned_and_read() -> None:
    import numpy as np

    page = Image.new("L", (2480, 1754), 255)  # half an A4 page at 300 dpi, two lines at 10 pt
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 42)
    for i, line in enumerate(["Collected: 20/06/2023", "MRD POSITIVE - 0.015% of CD45+ cells"]):
        draw.text((236, 236 + 65 * i), line, font=font, fill=0)
    grey = 60 + np.asarray(page, dtype=np.float32) / 255 * 140  # grey ink on grey paper
    noisy = grey + np.random.default_rng(1).normal(0, 8, grey.shape)  # a copier's sensor noise
    read = ocr_image(Image.fromarray(noisy.clip(0, 255).astype(np.uint8)), Settings().ocr)
    assert "0.015%" in read.text and "20/06/2023" in read.text
    blank = ocr_image(Image.new("L", (1200, 800), 205), Settings().ocr)
    assert blank.status == "empty"  # a flat grey page holds nothing to read again


def _fax(lines: list[str], points: float) -> Image.Image:
    """A fax in standard mode: 200 dpi across, 100 dpi down (each pixel twice as tall)."""
    page = Image.new("L", (1654, 700), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, round(points * 200 / 72))
    for i, line in enumerate(lines):
        draw.text((120, 80 + i * round(points * 1.6 * 200 / 72)), line, font=font, fill=0)
    page = page.rotate(0.4, fillcolor=255).point(lambda v: 255 if v > 150 else 0)
    return page.convert("1").resize((page.width, page.height // 2))  # every other row


def test_a_standard_resolution_fax_is_read_in_square_pixels(tmp_path: Path) -> None:
    lines = [
        "FULL BLOOD COUNT   Collected: 03/05/21 08:10   Reported: 03/05/21 14:32",
        "Haemoglobin 9.8 g/dL 12.0-16.0",
        "Platelet count 42 K/uL 150-450",
        "Neutrophils 1.57 K/uL 1.8-7.7",
    ]
    fax = _fax(lines, points=9)
    d = tmp_path / "case"
    d.mkdir()
    fax.save(d / "fax.tif", compression="group4", dpi=(200, 100))
    got = _read(d)["fax.tif"].pages[0]
    assert (got.width, got.height) == (fax.width, fax.height * 2)  # OCR saw square pixels
    read = [" ".join(line.split()).casefold() for line in got.text.split("\n") if line.strip()]
    assert read == [" ".join(line.split()).casefold() for line in lines], read
    words = {w.text: w for w in got.words}
    assert words["Haemoglobin"].bottom < words["Platelet"].top  # boxes in the page's pixels


def test_a_fax_inside_a_pdf_is_read_in_square_pixels_and_boxed_in_points(tmp_path: Path) -> None:
    lines = ["Bone marrow: blasts 12 %", "Collected: 03/05/21", "Donor chimerism 97.5 %"]
    fax = _fax(lines, points=11)
    d = tmp_path / "case"
    d.mkdir()
    size = (fax.width * 72 / 200, fax.height * 72 / 100)  # the fax fills the page, true size
    c = canvas.Canvas(str(d / "faxed.pdf"), pagesize=size)
    c.drawImage(ImageReader(fax.convert("L")), 0, 0, *size)
    c.save()
    got = _read(d)["faxed.pdf"].pages[0]
    assert got.method == "ocr" and got.unit == "pt"
    read = [" ".join(line.split()).casefold() for line in got.text.split("\n") if line.strip()]
    assert read == [line.casefold() for line in lines], read
    word = next(w for w in got.words if w.text == "Collected:")
    assert 8 < word.bottom - word.top < 17  # an 11 pt word, 'C' to 'd', in points on the page


def test_square_pixels_leaves_square_frames_alone_and_bounds_the_stretch() -> None:
    frame = Image.new("1", (100, 50), 1)
    assert square_pixels(frame, (300, 300), 10**8) is frame
    assert square_pixels(frame, None, 10**8) is frame
    assert square_pixels(frame, ("x", 2), 10**8) is frame  # an unreadable resolution
    assert square_pixels(frame, (204, 98), 10**8).size == (100, 104)
    assert square_pixels(frame, (100, 200), 10**8).size == (200, 50)
    assert square_pixels(frame, (1000, 1), 10**8).size == (100, 200)  # at most 4 times
    assert square_pixels(frame, (200, 100), 9_999) is frame  # over the pixel limit


def _adversarial_folder(root: Path) -> Path:
    d = root / "mixed case"
    d.mkdir()
    text_pdf(d / "good letter.pdf", ["Diagnosis: AML diagnosed 08/11/2021.", "Blasts 68% marrow"])
    scan_image(["Donor chimerism 99.2 %"]).save(d / "Befund Müller März.png")
    (d / "empty.pdf").write_bytes(b"")
    Image.new("1", (20000, 20000)).save(d / "huge.png")
    scan_image(["Platelets 85 x10^9/L"]).save(d / "actually_png.pdf", format="PNG")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(d / "locked.pdf", encryption=pikepdf.Encryption(user="secret", owner="secret"))
    full = (d / "good letter.pdf").read_bytes()
    (d / "truncated.pdf").write_bytes(full[: len(full) // 2])
    (d / "letter copy.pdf").write_bytes(full)
    (d / "random.bin").write_bytes(os.urandom(4096))
    with zipfile.ZipFile(d / "archive.zip", "w") as z:
        z.writestr("a.txt", "hello")
    (d / "loop").symlink_to(d, target_is_directory=True)
    return d


def test_adversarial_files_get_specific_statuses(tmp_path: Path) -> None:
    d = _adversarial_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["process", str(d), "--out", str(out), "--cache-dir", str(tmp_path / "cache"), "-q"]
    )
    assert result.exit_code == 4, result.output
    import json

    manifest = json.loads((out / "mixed case" / "manifest.json").read_text())
    by = {f["path"]: f for f in manifest["files"]}
    assert len(manifest["files"]) == len(by) == 11, "every file listed exactly once"
    expect = {
        "good letter.pdf": "ok",
        "Befund Müller März.png": "ok",
        "empty.pdf": "empty",
        "huge.png": "too_large",
        "actually_png.pdf": "ok",
        "locked.pdf": "encrypted",
        "truncated.pdf": "corrupt",
        "letter copy.pdf": "duplicate",
        "random.bin": "unsupported",
        "archive.zip": "unsupported",
        "loop": "unreadable",
    }
    assert {p: f["status"] for p, f in by.items()} == expect
    for path, f in by.items():
        if f["status"] != "ok":
            assert f["reason"], path
    assert by["actually_png.pdf"]["type"] == "png" and "PNG" in by["actually_png.pdf"]["reason"]
    assert "decompression bomb" in by["huge.png"]["reason"]
    assert by["letter copy.pdf"]["duplicate_of"] == "good letter.pdf"
    assert "loop" in by["loop"]["reason"]
    assert "password" in by["locked.pdf"]["reason"]
    assert "truncated" in by["truncated.pdf"]["reason"]
    assert by["good letter.pdf"]["pages"] == 1 and by["Befund Müller März.png"]["method"] == "ocr"
    assert all(f["sha256"] for p, f in by.items() if p != "loop")


def test_detect_type_uses_content_not_extension(tmp_path: Path) -> None:
    p = tmp_path / "x.pdf"
    Image.new("RGB", (10, 10)).save(p, format="PNG")
    assert detect_type(p) == ("png", None)
    q = tmp_path / "y.txt"
    q.write_bytes(b"%PDF-1.4 fake")
    assert detect_type(q)[0] == "pdf"
    note = tmp_path / "note.txt"  # a letter that starts with the letters of a bitmap's magic
    note.write_text("BMT clinic note 07/22/2022\nDay +100 after transplant.\n")
    assert detect_type(note) == ("text", None)
    bmp = tmp_path / "scan.bin"
    Image.new("L", (20, 10)).save(bmp, format="BMP")
    assert detect_type(bmp) == ("bmp", None)


def test_case_discovery(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    for case in ("p1", "p2"):
        (batch / case / "sub").mkdir(parents=True)
        (batch / case / "sub" / "a.txt").write_text("x")
    assert [c.case_id for c in find_cases([batch])] == ["p1", "p2"]
    (batch / "p1" / "direct.txt").write_text("x")
    assert [c.case_id for c in find_cases([batch / "p1"])] == ["p1"]


def test_text_is_told_from_binary_in_any_encoding(tmp_path: Path) -> None:
    noise = random.Random(7)
    chinese = "骨髓涂片：原始细胞 3%。" * 600  # runs past the 8 KiB head, cut mid-character
    samples = {
        "utf8.txt": chinese.encode("utf-8"),
        "gbk.txt": chinese.encode("gbk"),
        "latin1.txt": ("Befund vom 12.03.2019, Blasten 4 %, Überweisung. " * 40).encode("latin-1"),
        "noise.bin": bytes(noise.randrange(1, 256) for _ in range(8192)),
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
    kinds = {name: detect_type(tmp_path / name)[0] for name in samples}
    assert kinds == {
        "utf8.txt": "text",
        "gbk.txt": "text",
        "latin1.txt": "text",
        "noise.bin": "unknown",
    }


def test_a_searchable_scan_is_read_from_its_image(tmp_path: Path) -> None:
    """The invisible OCR layer under a scan says 12/06/2025; the image says 12/05/2025."""
    from .test_text_layer import HIDDEN_OCR, _scan_with_text

    d = tmp_path / "case"
    d.mkdir()
    _scan_with_text(d / "letter_OCR.pdf", HIDDEN_OCR, render_mode=3)
    got = _read(d)["letter_OCR.pdf"]
    assert got.record.method == "ocr" and "invisible text layer" in (got.record.reason or "")
    page = got.pages[0]
    assert page.ocr_confidence is not None and page.words[0].conf is not None
    assert "12/05/2025" in page.text and "12/06/2025" not in page.text
