"""A coloured stamp over printed text dropped out of a colour page before OCR.

A red (or blue) ink stamp pressed over a results table darkens the black print under it in
grey levels, and tesseract reads the two inks as one glyph (12.6 read as 122). In the colour
channel of the stamp's own hue the ink is as light as the paper while black print stays
black, so the stamp is taken out where it lies: over a large patch of strongly coloured ink
(taller and wider than any line of coloured print) that covers black print. Coloured print
(a red flag, a blue heading, a logo beside the text) is kept as grey as before, and a page
with no such patch is converted exactly as before. Within a stamp's patch every pixel takes
its brightest channel: paper and stamp ink turn light, black print stays black.
"""

from __future__ import annotations

from collections import deque

import numpy as np
from PIL import Image, ImageChops

INK_CHROMA = 100  # channel spread (max - min) of strongly coloured ink
NEUTRAL_CHROMA = 50  # channel spread below which ink is neutral (black print)
CELL_SHARE = 0.012  # of the page's shorter side: the cell in which ink is looked for
CELL_INK = 0.02  # of a cell's pixels coloured: the cell holds coloured ink
STAMP_SIDE = 0.07  # of the shorter side: a patch at least this tall and wide is a stamp
PRINT_DARK = 90  # a neutral pixel darker than this is black print
PRINT_SHARE = 0.002  # of a patch's pixels black print: the stamp covers text


def _cell(size: tuple[int, int]) -> int:
    """The side in pixels of the cells in which a page's coloured ink is looked for."""
    return max(4, round(min(size) * CELL_SHARE))


def _coloured_cells(chroma: np.ndarray, cell: int) -> np.ndarray:
    """Which cells of the page hold strongly coloured ink."""
    rows, cols = chroma.shape[0] // cell, chroma.shape[1] // cell
    ink = (chroma[: rows * cell, : cols * cell] >= INK_CHROMA).reshape(rows, cell, cols, cell)
    return ink.mean(axis=(1, 3)) >= CELL_INK


def _patches(cells: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The bounding boxes (row0, col0, row1, col1, in cells) of touching coloured cells."""
    seen = np.zeros_like(cells)
    boxes = []
    for r, c in zip(*np.nonzero(cells), strict=True):
        if seen[r, c]:
            continue
        seen[r, c] = True
        todo, box = deque([(r, c)]), [r, c, r, c]
        while todo:
            y, x = todo.popleft()
            box = [min(box[0], y), min(box[1], x), max(box[2], y), max(box[3], x)]
            for ny in range(max(0, y - 1), min(cells.shape[0], y + 2)):
                for nx in range(max(0, x - 1), min(cells.shape[1], x + 2)):
                    if cells[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        todo.append((ny, nx))
        boxes.append((box[0], box[1], box[2] + 1, box[3] + 1))
    return boxes


GLANCE = 4  # a page is first looked at this many times smaller: most have no coloured ink
GLANCE_CHROMA = 40  # ... where a stamp's strokes, averaged with the paper, still show
GLANCE_PIXELS = 20  # ... in at least this many pixels (a stamp is thousands at full size)


def _spread(image: Image.Image) -> tuple[Image.Image, Image.Image]:
    """Each pixel's brightest channel, and its channel spread (how coloured it is)."""
    red, green, blue = image.split()
    brightest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)
    return brightest, ImageChops.subtract(brightest, darkest)


def _may_hold_a_stamp(rgb: Image.Image) -> bool:
    """A glance at the page made small: is there coloured ink enough for a stamp at all?"""
    _, spread = _spread(rgb.reduce(GLANCE))
    return sum(spread.histogram()[GLANCE_CHROMA:]) >= GLANCE_PIXELS


def stamp_dropped(image: Image.Image) -> Image.Image | None:
    """The colour page in grey with its stamps over print taken out; None when it has none."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if not _may_hold_a_stamp(rgb):
        return None
    brightest, spread = _spread(rgb)
    if sum(spread.histogram()[INK_CHROMA:]) < CELL_INK * _cell(image.size) ** 2:
        return None  # not one cell's worth of coloured ink
    chroma = np.asarray(spread)
    lightest = np.asarray(brightest)
    cell = _cell(image.size)
    side = min(chroma.shape) * STAMP_SIDE
    grey = None
    for r0, c0, r1, c1 in _patches(_coloured_cells(chroma, cell)):
        if min(r1 - r0, c1 - c0) * cell < side:
            continue
        area = (slice(r0 * cell, r1 * cell), slice(c0 * cell, c1 * cell))
        neutral = lightest[area] < PRINT_DARK
        if (neutral & (chroma[area] < NEUTRAL_CHROMA)).mean() < PRINT_SHARE:
            continue  # a coloured block with no print under it (a logo, a banner)
        if grey is None:
            grey = np.asarray(image.convert("L")).copy()
        grey[area] = lightest[area]
    return None if grey is None else Image.fromarray(grey)
