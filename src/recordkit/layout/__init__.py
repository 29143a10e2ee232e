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


def analyse_page(page: PageText) -> PageLayout:
    """A page's blocks in reading order, from its word boxes where it has them."""
    tb = TextBuilder()
    words = deskew(clean_words(page.words)) if page.method == "ocr" else list(page.words)
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
