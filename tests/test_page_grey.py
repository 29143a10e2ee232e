"""How a colour page becomes the grey image OCR reads: ink stamps over print taken out."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from recordkit.text.images import grey_for_ocr
from recordkit.text.stamps import stamp_dropped


def _bars(size: tuple[int, int], mode: str) -> Image.Image:
    """A page of black 'print': short bars in rows, like lines of digits."""
    page = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(page)
    for top in range(40, size[1] - 40, 50):
        for left in range(40, size[0] - 60, 60):
            draw.rectangle([left, top, left + 30, top + 24], fill="black")
    return page


def _stamped(page: Image.Image, centre: tuple[int, int], radius: int) -> Image.Image:
    """A half-transparent red ring with a bar of red 'characters' pressed over the page."""
    ink = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(ink)
    x, y = centre
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=(210, 30, 40, 150),
                 width=8)  # fmt: skip
    draw.rectangle([x - radius // 2, y - 12, x + radius // 2, y + 12], fill=(210, 30, 40, 150))
    out = page.convert("RGBA")
    out.alpha_composite(ink)
    return out.convert("RGB")


def test_a_red_stamp_over_print_is_taken_out_and_the_print_kept() -> None:
    page = _stamped(_bars((600, 800), "RGB"), (300, 400), 120)
    grey = np.asarray(grey_for_ocr(page))
    ring_only = grey[284, 300]  # on the ring, between two rows of print
    assert ring_only > 200, ring_only  # as light as the paper
    assert np.asarray(page.convert("L"))[284, 300] < 160  # it was grey as print
    assert grey[395, 280] < 140  # print under the stamp stays dark
    assert grey[52, 55] < 30  # print away from the stamp is unchanged


def test_a_page_without_a_stamp_is_read_exactly_as_before() -> None:
    page = _bars((600, 800), "RGB")
    draw = ImageDraw.Draw(page)
    draw.rectangle([40, 10, 400, 30], fill=(200, 20, 30))  # a line of red print (a flag)
    draw.rectangle([420, 620, 600, 800], fill="white")
    draw.rectangle([440, 640, 580, 780], fill=(20, 60, 200))  # a blue logo beside the print
    assert stamp_dropped(page) is None
    assert np.array_equal(np.asarray(grey_for_ocr(page)), np.asarray(page.convert("L")))
