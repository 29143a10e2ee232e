"""A page image cleaned for a second reading when the first found no text on a page with ink.

A photocopy of a photocopy prints grey ink on grey paper with sensor noise; tesseract's
binarisation then finds nothing, though a person reads it easily. A 3x3 median filter takes
the noise out and stretching the grey levels to black and white restores the contrast. It is
tried only for a page that read as empty and holds ink, so a clean page never pays for it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter, ImageOps

INK_SPREAD = 60  # grey levels by which print is darker than the paper
INK_SHARE = 0.0005  # of the pixels (noise filtered out) at least that much darker: print


def has_ink(gray: Image.Image) -> bool:
    """Whether a page that read as empty shows print (not a blank or a flat grey page)."""
    a = np.asarray(gray.convert("L").filter(ImageFilter.MedianFilter(3)), dtype=np.int16)
    paper = float(np.median(a))
    return float((a < paper - INK_SPREAD).mean()) >= INK_SHARE


def cleaned(gray: Image.Image) -> Image.Image:
    """The page with its noise filtered out and its grey levels stretched to black and white."""
    return ImageOps.autocontrast(gray.convert("L").filter(ImageFilter.MedianFilter(3)))


__all__ = ["cleaned", "has_ink"]
