"""Phone photos of paper: lines follow the text's own baseline, uneven light is flattened.

Real tesseract on page images drawn here and photographed by hand (Pillow): a keystone as a
photo taken at an angle gives, a shadow across the sheet.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from recordkit.config import OcrSettings
from recordkit.layout import analyse_page
from recordkit.text import ocr

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
