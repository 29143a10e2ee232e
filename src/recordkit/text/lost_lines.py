"""Lines of print that tesseract's page layout left out, found as ink that no word covers.

Tesseract's automatic page segmentation sometimes drops whole lines: on a phone photo of a
blood count, the last two rows of the table came back as nothing, though every pixel of them
was there. Such a line leaves a trace: across the width of the page's text, a band of rows
as tall as a line of print holds ink (a few per cent of its pixels dark, as print does) and
no word box. Each such band is read again on its own as one block of text, and its words
join the page's. Specks and table rules are too thin or too faint to make a band, so a page
that read whole pays only for the look (a few milliseconds).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from PIL import Image, ImageStat

from recordkit.models import Word

DARK = 0.6  # a pixel darker than this share of the text area's median brightness is ink
MIN_INK = 0.01  # share of dark pixels on a row of print across the text's width
MIN_HEIGHT = 0.6  # a band at least this many word heights tall ...
MAX_HEIGHT = 6.0  # ... and at most this many (taller: a picture, a stamp, a signature)
MAX_BANDS = 4  # bands read again on one page, at most
PAD = 0.3  # word heights added above and below a band before it is read
MIN_WORDS = 3  # a page needs this many words to say where its text is


def lost_bands(gray: Image.Image, words: Sequence[Word]) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, top, x1, bottom, in pixels) of the bands of ink that no word covers.

    Only the rows between the page's first and last word are searched, across the width
    its words span: a line lost above or below all of them is not told from a border.
    """
    if len(words) < MIN_WORDS:
        return []
    h = statistics.median(w.bottom - w.top for w in words)
    x0 = max(0, int(min(w.x0 for w in words) - h))
    x1 = min(gray.width, int(max(w.x1 for w in words) + h))
    y0, y1 = int(min(w.top for w in words)), int(max(w.bottom for w in words))
    if x1 - x0 < h or y1 - y0 < h:
        return []
    ink = _inked_rows(gray.crop((x0, y0, x1, y1)).convert("L"))
    for w in words:  # a word's rows are covered, with a little room for its descenders
        for y in range(max(0, int(w.top) - y0 - 2), min(len(ink), int(w.bottom) - y0 + 2)):
            ink[y] = False
    bands = []
    for top, bottom in _runs(ink):
        if MIN_HEIGHT * h <= bottom - top <= MAX_HEIGHT * h:
            pad = int(PAD * h)
            bands.append((x0, max(0, y0 + top - pad), x1, min(gray.height, y0 + bottom + pad)))
    return bands[:MAX_BANDS]


def _inked_rows(area: Image.Image) -> list[bool]:
    """Whether each row of `area` holds ink enough for a row of print (Pillow, no numpy).

    The paper's brightness (the median) is taken from the area made four times smaller,
    where blocks of paper stay paper: the same median on the benchmark's 25 pages, for a
    quarter of the time of a full page's histogram (2.6 ms a page instead of 10).
    """
    glance = area.reduce(4) if min(area.size) >= 4 * 4 else area
    cut = ImageStat.Stat(glance).median[0] * DARK
    dark = area.point(lambda p: 255 if p < cut else 0)
    shares = dark.resize((1, area.height), Image.Resampling.BOX).tobytes()  # a byte a row
    return [v >= MIN_INK * 255 for v in shares]


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each run of True."""
    runs: list[tuple[int, int]] = []
    start = None
    for k, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            runs.append((start, k))
            start = None
    return runs


def place(words: Sequence[Word], found: Sequence[Word]) -> tuple[Word, ...]:
    """The page's words with a band's new words put where they stand.

    A band word that mostly overlaps a word the page already has (a neighbouring line's
    letters caught at the band's edge) is left out. The rest go before the first word below
    the band's top, so each line's words stay in left-to-right order.
    """
    new = [f for f in found if not any(_overlap(f, w) > 0.5 for w in words)]
    if not new:
        return tuple(words)
    top = min(w.top for w in new)
    at = next((k for k, w in enumerate(words) if w.top > top), len(words))
    return (*words[:at], *new, *words[at:])


def _overlap(a: Word, b: Word) -> float:
    """The share of `a`'s box that `b`'s box covers."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    area = (a.x1 - a.x0) * (a.bottom - a.top)
    return w * h / area if w > 0 and h > 0 and area > 0 else 0.0
