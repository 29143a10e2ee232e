"""A phone photo's uneven lighting flattened before OCR: the page divided by its own paper.

A sheet photographed under a lamp or beside a window is bright at one edge and dim at the
other, and the phone's shadow darkens a patch of it. Tesseract binarises a page with one
threshold, so in the dim part the paper falls below it and the print is lost with it: a
whole region reads as nothing, though a person reads it easily. The paper's brightness is
taken from the page made small (the brightest pixel near each point: print is thin, paper
surrounds it), blurred, and the page divided by it, so the paper is white everywhere and
the print keeps its contrast. A clean scan or fax, lit evenly, is only looked at: the look
is made on a page 16 times smaller (a few milliseconds).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

GLANCE = 16  # the paper's brightness is measured on the page made this many times smaller
REACH = 5  # pixels of that small page around each point the brightest is taken from
UNEVEN = 0.5  # the dim paper (10th percentile) under this share of the bright (90th): uneven
MIN_PAPER = 8  # grey levels: a paper darker than this (a black page) is left alone
WHITE = 0.85  # the page is divided by this share of its paper: paper and desk come out white


def paper(gray: Image.Image) -> Image.Image:
    """The paper's brightness across the page, small (1/GLANCE) and smooth."""
    small = gray.reduce(GLANCE) if min(gray.size) >= GLANCE * REACH else gray
    for _ in range(REACH // 2):  # a 3x3 maximum taken twice is the 5x5 one, at 2 x 9 looks, not 25
        small = small.filter(ImageFilter.MaxFilter(3))
    return small.filter(ImageFilter.GaussianBlur(REACH / 2))


def unevenly_lit(background: Image.Image) -> bool:
    """Whether the paper is much dimmer in some part of the page than in another."""
    lo, hi = np.percentile(np.asarray(background, dtype=np.float32), [10, 90])
    return hi >= MIN_PAPER and lo < UNEVEN * hi


def flat_lit(gray: Image.Image) -> Image.Image:
    """The page with its lighting made even, or the page itself when it is evenly lit."""
    if gray.mode != "L":
        return gray
    background = paper(gray)
    if not unevenly_lit(background):
        return gray
    bg = np.asarray(background.resize(gray.size, Image.Resampling.BILINEAR), dtype=np.uint16)
    page = np.asarray(gray, dtype=np.uint16)
    flat = np.minimum(255, page * 255 // np.maximum(bg * WHITE, 1))
    return Image.fromarray(flat.astype(np.uint8), "L")


__all__ = ["flat_lit", "paper", "unevenly_lit"]
