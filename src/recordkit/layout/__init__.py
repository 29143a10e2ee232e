"""Pages -> PageLayout: reading order, blocks, tables. See `layout.model`."""

from __future__ import annotations

import re

from recordkit.layout.blocks import add_line_blocks
from recordkit.layout.builder import TextBuilder
from recordkit.layout.lines import reading_order, word_height
from recordkit.layout.model import Block, BlockKind, Box, Cell, PageLayout, Row
from recordkit.layout.plain import add_text_blocks
from recordkit.models import PageText, Word

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


def analyse_page(page: PageText) -> PageLayout:
    """A page's blocks in reading order, from its word boxes where it has them."""
    tb = TextBuilder()
    words = clean_words(page.words) if page.method == "ocr" else list(page.words)
    if words:
        h = word_height(words)
        for group in reading_order(words, page.width):
            add_line_blocks(tb, group, h, page.height)
    else:
        add_text_blocks(tb, page.text)
    return PageLayout(
        file=page.file,
        page=page.page,
        text=tb.text,
        blocks=tuple(tb.blocks),
        method=page.method,
        ocr_confidence=page.ocr_confidence,
    )


__all__ = ["Block", "BlockKind", "Box", "Cell", "PageLayout", "Row", "analyse_page"]
