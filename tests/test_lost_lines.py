"""Lines tesseract's page layout drops are found as uncovered ink and read again."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw, ImageFont

from recordkit.config import OcrSettings
from recordkit.models import Word
from recordkit.text import ocr
from recordkit.text.lost_lines import lost_bands, place

from .conftest import FONT

LINES = [
    "FULL BLOOD COUNT  Collected 11/06/2018",
    "White cell count   3.4   x10^9/L   4.0-11.0",
    "Haemoglobin   122   g/L   115-165",
    "Platelets   188   x10^9/L   150-400",
    "Neutrophils   1.97   x10^9/L   2.0-7.5",
]


def _page(specks: bool = False) -> Image.Image:
    img = Image.new("L", (1400, 520), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(LINES):
        draw.text((60, 40 + i * 90), line, fill=0, font=font)
    draw.line((60, 122, 1300, 122), fill=0, width=3)  # a table rule between two lines
    if specks:
        noise = random.Random(3)
        for _ in range(300):
            x, y = noise.randrange(1400), noise.randrange(520)
            draw.point((x, y), fill=0)
    return img


@pytest.mark.tesseract
def test_a_dropped_line_is_read_again_where_it_stands() -> None:
    page = _page(specks=True)
    settings = OcrSettings(languages=("eng",))
    whole = ocr.ocr_image(page, settings)
    assert "Platelets" in whole.text  # tesseract reads this clean page whole ...
    dropped = [w for w in whole.words if not 300 <= (w.top + w.bottom) / 2 <= 360]
    assert len(dropped) < len(whole.words)  # ... so its layout's loss is injected here
    lost = ocr.OcrResult("", tuple(dropped), whole.mean_conf, "ok")
    assert len(lost_bands(page, lost.words)) == 1  # specks and the rule make no band
    again = ocr._recover_lost_lines(page, _tmp_pgm(page), settings, lost, ("eng",))
    texts = [w.text for w in again.words]
    assert "Platelets" in texts and "188" in texts
    # in reading order: after the haemoglobin line's words, before the neutrophils line's
    assert texts.index("122") < texts.index("Platelets") < texts.index("Neutrophils")
    assert again.words.count(again.words[texts.index("188")]) == 1


def _tmp_pgm(page: Image.Image) -> str:
    import tempfile

    path = tempfile.mkdtemp() + "/page.pgm"
    page.save(path)
    return path


def test_a_page_whose_every_line_has_words_has_no_band() -> None:
    page = _page()
    words = [
        Word(text="x", x0=60, top=40 + i * 90, x1=1200, bottom=40 + i * 90 + 40)
        for i in range(len(LINES))
    ]
    assert lost_bands(page, words) == []
    assert len(lost_bands(page, words[:2] + words[3:])) == 1


def test_a_band_word_over_a_known_word_is_not_added_twice() -> None:
    known = (Word(text="Haemoglobin", x0=60, top=220, x1=300, bottom=255),)
    found = [
        Word(text="Haemoglobin", x0=61, top=221, x1=299, bottom=254),  # the neighbour, again
        Word(text="Platelets", x0=60, top=310, x1=240, bottom=345),
    ]
    assert [w.text for w in place(known, found)] == ["Haemoglobin", "Platelets"]
