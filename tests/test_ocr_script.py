"""Script-aware OCR on real pages: English pages read with eng alone, Han script gets chi_sim."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from recordkit.cache import text_settings_key
from recordkit.config import OcrSettings, Settings, load_pipeline
from recordkit.text.ocr import _recognise, ocr_image
from recordkit.text.script import first_pass_languages, han_evidence

from .conftest import SAMPLES, scan_image

pytestmark = pytest.mark.tesseract

ENGLISH = ["Bone marrow report", "Blasts 12 % of nucleated cells", "Donor chimerism 97.5 %"]


def _han(text: str) -> int:
    return sum("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.fixture(scope="module")
def chinese_scan() -> Image.Image:
    return chinese_lines()


def chinese_lines() -> Image.Image:
    """The sample Chinese marrow report (a 300-dpi scan), as its embedded page image."""
    pdf = pdfium.PdfDocument(SAMPLES / "patients" / "tall-004" / "relapse_marrow_cn.pdf")
    obj = next(iter(pdf[0].get_objects(max_depth=1)))
    img = obj.get_bitmap(render=False).to_pil().convert("L")
    pdf.close()
    return img.crop((0, 0, img.width, 560))  # the page's four lines of text


def _eng_pass(img: Image.Image) -> tuple[str, str | None]:
    settings = OcrSettings()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "p.pgm")
        img.save(path)
        result = _recognise(img, path, settings, ("eng",))
    return result.text, han_evidence(result.words, result.mean_conf)


def test_first_pass_languages() -> None:
    assert first_pass_languages(("eng", "chi_sim")) == ("eng",)
    assert first_pass_languages(("eng",)) is None  # nothing to leave out
    assert first_pass_languages(("chi_sim",)) is None  # Han only: one pass with it


def test_english_page_is_read_with_eng_alone() -> None:
    img = scan_image(ENGLISH)
    eng_text, evidence = _eng_pass(img)
    assert evidence is None
    result = ocr_image(img, Settings().ocr)
    assert result.text == eng_text  # the eng pass is the result: no second pass was kept
    assert "chimerism 97.5" in result.text


def test_chinese_page_gets_chi_sim(chinese_scan: Image.Image) -> None:
    _, evidence = _eng_pass(chinese_scan)
    assert evidence is not None
    result = ocr_image(chinese_scan, Settings().ocr)
    assert "白血病" in result.text and "42%" in result.text.replace(" ", "")


def test_bilingual_page_gets_chi_sim(chinese_scan: Image.Image) -> None:
    """An English report with one Chinese line (the sample's conclusion line) pasted in."""
    page = scan_image(ENGLISH, angle=0)
    line = chinese_scan.crop((200, 400, 1100, 500))
    page.paste(line, (240, 1100))
    _, evidence = _eng_pass(page)
    assert evidence is not None
    result = ocr_image(page, Settings().ocr)
    assert _han(result.text) >= 6 and "chimerism 97.5" in result.text


def test_script_detection_can_be_turned_off(chinese_scan: Image.Image) -> None:
    settings = OcrSettings(script_detect=False)
    assert "白血病" in ocr_image(chinese_scan, settings).text


def test_tesserocr_engine_reads_the_same_page(tmp_path: Path) -> None:
    settings = load_pipeline(str(Path(__file__).parents[1] / "pipelines" / "fast.toml"))
    assert settings.ocr.engine == "tesserocr"
    result = ocr_image(scan_image(ENGLISH), settings.ocr)
    assert "chimerism 97.5" in result.text and result.words and result.mean_conf > 80
    # a page read by another engine is cached under another key
    assert text_settings_key(settings, "5.3.0") != text_settings_key(Settings(), "5.3.0")
