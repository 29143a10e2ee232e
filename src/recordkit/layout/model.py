"""The document model: a page as blocks (headings, paragraphs, list items, tables, fields).

A `PageLayout` holds the page's text in reading order and its blocks; every block, row and
cell is a character span of that text, and blocks from word boxes keep their box, so any
quote leads back to its page and can be highlighted there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block of a page is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    FIELD = "field"
    CAPTION = "caption"
    HEADER_FOOTER = "header_footer"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in page units (points for PDFs, pixels for images)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: Box) -> Box:
        """The smallest box holding both."""
        return Box(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its column and its span of the page text."""

    column: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its span of the page text and its cells."""

    start: int
    end: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class WordSpan:
    """One OCR word's span of the page text and how sure the OCR was of it (0-100)."""

    start: int
    end: int
    conf: float | None


@dataclass(frozen=True, slots=True)
class Block:
    """A block of a page; `rows` only for tables (the first row may be its header)."""

    kind: BlockKind
    start: int
    end: int
    box: Box | None = None
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True)
class PageLayout:
    """A page in reading order: text, blocks, and where it came from."""

    file: str
    page: int
    text: str
    blocks: tuple[Block, ...]
    method: str = "text"
    ocr_confidence: float | None = None
    words: tuple[WordSpan, ...] = ()  # an OCR page's words where its text holds them

    def words_in(self, start: int, end: int) -> list[WordSpan]:
        """The OCR words whose text overlaps text[start:end]."""
        return [w for w in self.words if w.start < end and start < w.end]

    def block_at(self, pos: int) -> Block | None:
        """The block that holds offset `pos` of the page's text, if any."""
        return next((b for b in self.blocks if b.start <= pos < b.end), None)

    def cell_text(self, cell: Cell) -> str:
        """A cell's text."""
        return self.text[cell.start : cell.end]

    def grid(self, block: Block) -> list[list[str]]:
        """A table block as rows of cell texts, cells placed in their columns."""
        width = 1 + max((c.column for r in block.rows for c in r.cells), default=0)
        out = []
        for r in block.rows:
            row = [""] * width
            for c in r.cells:
                row[c.column] = self.cell_text(c)
            out.append(row)
        return out
