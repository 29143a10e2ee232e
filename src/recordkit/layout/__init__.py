"""Pages -> PageLayout: reading order, blocks, tables. See `layout.model`."""

from __future__ import annotations

import re
import statistics
from itertools import pairwise

from recordkit.layout.blocks import add_line_blocks, join_across_columns
from recordkit.layout.builder import TextBuilder
from recordkit.layout.lines import reading_order, word_height
from recordkit.layout.model import Block, BlockKind, Box, Cell, PageLayout, Row, WordSpan
from recordkit.layout.placed import place_words
from recordkit.layout.plain import add_text_blocks
from recordkit.layout.running import carried_on, mark_running
from recordkit.models import PageText, Word
from recordkit.text.script import is_cjk

MIN_SLOPES = 10  # word pairs needed to measure a scan's skew
MIN_SKEW = 0.005  # slopes below this (0.3 degrees) are left alone
_RULE = re.compile(r"^[|\[\]]+|[|\[\]]+$")


def clean_words(words: tuple[Word, ...]) -> list[Word]:
    """OCR words without the table rules tesseract reads as '|', '[' or ']'."""
    out = []
    for w in words:
        text = _RULE.sub("", w.text)
        if not text:
            continue
        if text != w.text:  # move the box edges in past the stripped rule glyphs
            per = (w.x1 - w.x0) / len(w.text)
            lead = w.text.index(text)
            tail = len(w.text) - lead - len(text)
            w = w.model_copy(
                update={"text": text, "x0": w.x0 + lead * per, "x1": w.x1 - tail * per}
            )
        out.append(w)
    return out


def deskew(words: list[Word]) -> list[Word]:
    """Words of a slightly skewed scan with their boxes turned level.

    Tesseract lists a line's words left to right, so neighbours in its order give the slope
    of the text; a box's top and bottom are moved by that slope times its distance across
    the page. Without this, two lines of a skewed scan overlap and read as one.
    """
    h = word_height(words)
    slopes = []
    for a, b in pairwise(words):
        gap = b.x0 - a.x1
        dy = (b.top + b.bottom - a.top - a.bottom) / 2
        if 0 < gap < 3 * h and abs(dy) < 0.5 * h:
            slopes.append(dy / ((b.x0 + b.x1 - a.x0 - a.x1) / 2))
    if len(slopes) < MIN_SLOPES:
        return words
    slope = statistics.median(slopes)
    if abs(slope) < MIN_SKEW:
        return words
    return [
        w.model_copy(
            update={
                "top": w.top - slope * (w.x0 + w.x1) / 2,
                "bottom": w.bottom - slope * (w.x0 + w.x1) / 2,
            }
        )
        for w in words
    ]


LEVEL_SLACK = 0.5  # word heights every word of a tesseract line stands within its slope
LEVEL_RISE = 0.25  # word heights a line rises across its width before it is levelled
LEVEL_CONF = 70  # median word confidence of a line tesseract is taken at its word on


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least squares: the mean x and y of the points and the slope through them."""
    mx, my = statistics.mean(xs), statistics.mean(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    rise = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return mx, my, rise / spread if spread else 0.0


def _levelled(words: list[Word]) -> list[Word] | None:
    """One tesseract line's words put level at its middle height; None to leave it alone.

    A line already level (it rises less than LEVEL_RISE across its width) is left as it
    is, and so is one whose words do not all stand on one slope (tesseract joined a word of
    another row, a stamp or a tall glyph to it) or that tesseract read poorly (a garbled
    line may be one it put together wrongly): only a clean, sloping line is levelled. Nor is
    a line of Chinese, whose characters' boxes (a full stop's, a character's) do not share
    one baseline, so they give no slope to level by.
    """
    confs = [w.conf for w in words if w.conf is not None]
    if not confs or statistics.median(confs) < LEVEL_CONF:
        return None
    if any(is_cjk(w.text[:1]) for w in words):
        return None
    xs = [(w.x0 + w.x1) / 2 for w in words]
    ys = [(w.top + w.bottom) / 2 for w in words]
    h = word_height(words)
    mx, my, slope = _fit(xs, ys)
    if abs(slope) * (max(xs) - min(xs)) < LEVEL_RISE * h:
        return None
    if any(abs(y - my - slope * (x - mx)) > LEVEL_SLACK * h for x, y in zip(xs, ys, strict=True)):
        return None
    return [
        w.model_copy(update={"top": w.top + my - y, "bottom": w.bottom + my - y})
        for w, y in zip(words, ys, strict=True)
    ]


def level_lines(words: list[Word]) -> list[Word]:
    """Words of each of tesseract's own text lines put level, at their line's middle height.

    On a photo taken at an angle the text's slope changes down the page, so no one slope
    (`deskew`) levels every line; tesseract follows each line's baseline, and its line ids
    say which words stand on one. A long line that slopes across the page would otherwise
    overlap the lines above and below it, and their words would be woven together.
    """
    by_line: dict[int, list[int]] = {}
    for k, w in enumerate(words):
        if w.line is not None:
            by_line.setdefault(w.line, []).append(k)
    out = list(words)
    for members in by_line.values():
        level = _levelled([words[k] for k in members]) if len(members) > 1 else None
        for k, w in zip(members, level or (), strict=False):
            out[k] = w
    return out


def analyse_page(page: PageText) -> PageLayout:
    """A page's blocks in reading order, from its word boxes where it has them."""
    tb = TextBuilder()
    words = (
        level_lines(deskew(clean_words(page.words))) if page.method == "ocr" else list(page.words)
    )
    ordered: list[Word] = []
    if words:
        h = word_height(words)
        for group in reading_order(words, page.width):
            first = len(tb.blocks)
            add_line_blocks(tb, group, h, page.height)
            join_across_columns(tb, first)
            ordered += [w for line in group for w in line.words]
    else:
        add_text_blocks(tb, page.text)
    return PageLayout(
        file=page.file,
        page=page.page,
        text=tb.text,
        blocks=tuple(tb.blocks),
        method=page.method,
        ocr_confidence=page.ocr_confidence,
        words=place_words(tb.text, ordered) if page.method == "ocr" else (),
    )


def analyse_document(pages: list[PageText]) -> list[PageLayout]:
    """Every page's layout, with the banner and foot lines repeated on every page marked."""
    return mark_running([analyse_page(p) for p in pages])


__all__ = [
    "Block",
    "BlockKind",
    "Box",
    "Cell",
    "PageLayout",
    "Row",
    "WordSpan",
    "analyse_document",
    "analyse_page",
    "carried_on",
]
