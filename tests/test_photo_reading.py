"""Phone photos of paper: lines follow the text's own baseline, uneven light is flattened.

Real tesseract on page images drawn here and photographed by hand (Pillow): a keystone as a
photo taken at an angle gives, a shadow across the sheet.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from recordkit.config import OcrSettings
from recordkit.layout import analyse_page
from recordkit.text import ocr
from recordkit.text.lighting import flat_lit

from .conftest import FONT

LETTER = [
    "Dear Dr Okonkwo,",
    "I write to update you about Mr Tobias Lindqvist, whom we reviewed today.",
    "He started cycle 3 of venetoclax with decitabine on 14/05/2023 as planned.",
    "The marrow taken on 02/05/2023 showed no excess blasts and normal cellularity.",
    "His platelets have recovered and he no longer needs transfusion support.",
]


def _coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
    return np.linalg.solve(np.array(rows, float), np.array(src, float).reshape(8)).tolist()


def _sheet(lines: list[str], size: tuple[int, int] = (2400, 900)) -> Image.Image:
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    for i, line in enumerate(lines):
        draw.text((120, 100 + i * 62), line, font=font, fill=0)
    return img


def _at_an_angle(img: Image.Image, keystone: float) -> Image.Image:
    """The sheet photographed from its left: its far (right) edge comes out shorter."""
    w, h = img.size
    k = keystone * w
    corners = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    coeffs = _coeffs(corners, [(0, 0), (w, k), (w, h - k), (0, h)])
    return img.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=255)


def _layout_text(img: Image.Image) -> str:
    result = ocr.ocr_image(img, OcrSettings(languages=("eng",)))
    page = ocr.page_from_ocr(result, "photo.png", 1, img.width, img.height, "px")
    return analyse_page(page).text


@pytest.mark.tesseract
def test_lines_of_a_photo_taken_at_an_angle_are_not_woven_together() -> None:
    # the top lines slope down across the page, more than the lines below them; one slope
    # for the whole page levels none of them, and 'Dear' and 'write' were read as one line
    text = _layout_text(_at_an_angle(_sheet(LETTER), 0.1))
    assert "Dear Dr Okonkwo" in text
    assert "write to update" in text
    assert "started cycle 3 of" in text


REPORT = [
    "CHIMERISM REPORT (STR-PCR)",
    "Sample date   Day   Donor %",
    "03/03/2024   +30   98",
    "11/05/2024   +100   96",
    "02/08/2024   +180   91",
    "Comment: falling donor signal, please repeat in four weeks.",
]


def _in_shadow(img: Image.Image, dim: float = 0.7) -> Image.Image:
    """The sheet lit from its right: its left edge `dim` darker, low contrast, some noise."""
    a = np.asarray(img, dtype=np.float32) / 255
    light = 1 - dim * (1 - np.arange(a.shape[1]) / a.shape[1])
    shaded = Image.fromarray(((a * light) ** 1.3 * 255).astype(np.uint8))
    shaded = ImageEnhance.Contrast(shaded).enhance(0.7).filter(ImageFilter.GaussianBlur(0.8))
    noisy = np.asarray(shaded, np.float32) + np.random.default_rng(3).normal(0, 6, a.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


@pytest.mark.tesseract
def test_a_page_in_shadow_is_read_whole_once_its_lighting_is_flattened() -> None:
    photo = _in_shadow(_sheet(REPORT, (1800, 700)))
    assert "96" not in tesseract_alone(photo)  # one threshold for the page: the dim part is lost
    text = ocr.ocr_image(photo, OcrSettings(languages=("eng",))).text
    assert "CHIMERISM REPORT" in text
    assert "11/05/2024 +100 96" in text


def tesseract_alone(img: Image.Image) -> str:
    import pytesseract

    return pytesseract.image_to_string(img, lang="eng")


def test_an_evenly_lit_scan_is_left_as_it_is() -> None:
    scan = _sheet(REPORT, (1800, 700))
    assert flat_lit(scan) is scan
    fax = scan.point(lambda p: 255 if p > 128 else 0)  # black and white, as a fax prints
    assert flat_lit(fax) is fax
    assert flat_lit(_in_shadow(scan)) is not _in_shadow(scan)


GRID = [
    "FULL BLOOD COUNT   Collected: 14/03/2024",
    "Test          Result   Flag   Units       Ref. range",
    "WBC           13.6     H      x10^9/L     4.0-11.0",
    "Haemoglobin   91       L      g/L         130-170",
    "Platelets     38       L      x10^9/L     150-400",
]


@pytest.mark.tesseract
def test_a_grid_photographed_sideways_in_shadow_keeps_its_label_column() -> None:
    # the labels stand in the dim part: read with one threshold, the grid's top rows lost
    # their test names (or the whole page read as nothing); lit flat, every row has its label
    photo = _in_shadow(_sheet(GRID, (1800, 600)), 0.7).rotate(90, expand=True)
    text = _layout_text(photo)
    assert "WBC | 13.6" in text
    assert "Haemoglobin | 91" in text
    assert "Platelets | 38" in text
