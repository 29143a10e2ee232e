"""Lines of a page with word boxes -> blocks.

Blocks are running headers and footers, tables, list items, headings, fields and paragraphs
(soft-wrapped lines joined).
"""

from __future__ import annotations

from functools import reduce

from recordkit.layout import cues
from recordkit.layout.builder import TextBuilder
from recordkit.layout.lines import Line
from recordkit.layout.model import BlockKind, Box
from recordkit.layout.tables import table_cells, table_end
from recordkit.text.script import is_cjk

EDGE = 0.08  # the top and bottom share of a page where running headers and footers sit
PARA_GAP = 0.9  # line heights of white space that end a paragraph


def _box(lines: list[Line]) -> Box:
    return reduce(Box.union, (ln.box for ln in lines))


def _edge(line: Line, page_height: float) -> bool:
    if cues.is_page_mark(line.text):
        return True
    if page_height <= 0:
        return False
    b = line.box
    at_edge = b.top < EDGE * page_height or b.bottom > (1 - EDGE) * page_height
    return at_edge and cues.looks_like_edge(line.text)


def _follows(lines: list[Line], j: int, h: float, indent: float | None = None) -> bool:
    """Line j continues the block that line j-1 is in."""
    line, prev = lines[j], lines[j - 1]
    if line.box.top - prev.box.bottom > PARA_GAP * h:
        return False
    if indent is not None:  # list items continue on lines indented past the bullet
        if cues.is_list_start(line.text) or cues.is_heading(line.text):
            return False
        return line.box.x0 > indent + 0.5 * h or cues.continues(prev.text, line.text)
    if cues.is_list_start(line.text) or (
        cues.is_heading(line.text) and not line.text[:1].islower()
    ):
        return False
    if _titled(lines, j, h) or cues.is_dateline(prev.text):
        return False
    if len(line.segments) >= 2 and table_end(lines, j, h)[1]:
        return False
    if _cjk_wrap(lines, j, h):
        return True
    if cues.is_field(line.text):
        return False
    return cues.continues(prev.text, line.text) or not cues.is_heading(prev.text)


def _cjk_wrap(lines: list[Line], j: int, h: float) -> bool:
    """Chinese text that ran to the right margin mid-sentence goes on on the next line.

    A Chinese line breaks between any two characters, even inside a date ('2019' | '年6月'),
    so the next line may open with what looks like a label ('查骨髓：' after '复'); it is the
    rest of the sentence all the same.
    """
    prev, line = lines[j - 1], lines[j]
    p, n = prev.text.rstrip(), line.text.lstrip()
    if not p or not n or cues.ends(p) or not (is_cjk(p[-1]) or is_cjk(n[0])):
        return False
    if not all(is_cjk(c) or c.isdigit() for c in (p[-1], n[0])):  # '2019' | '年6月'
        return False
    right = max(ln.box.x1 for ln in lines if abs(ln.box.x0 - prev.box.x0) < h)  # its column
    return prev.box.x1 >= right - 1.5 * h


def _titled(lines: list[Line], i: int, h: float) -> bool:
    """A short sentence-case line between ended text and a new line: a heading."""
    if not cues.is_short_title(lines[i].text) or i + 1 >= len(lines):
        return False
    prev_ended = i == 0 or not cues.continues(lines[i - 1].text, lines[i].text)
    nxt = lines[i + 1].text.lstrip()
    return prev_ended and not nxt[:1].islower() and lines[i + 1].box.x1 > lines[i].box.x1 + 2 * h


def add_line_blocks(tb: TextBuilder, lines: list[Line], h: float, page_height: float) -> None:
    """Classify `lines` (one reading-order group) into blocks and add them to `tb`."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if _edge(line, page_height):
            tb.add(BlockKind.HEADER_FOOTER, [line.text], line.box)
            i += 1
            continue
        end, rows = table_end(lines, i, h)
        if rows:
            tb.add_table(table_cells(rows, h), _box(lines[i:end]))
            i = end
            continue
        if cues.is_list_start(line.text):
            kind, indent = BlockKind.LIST_ITEM, line.box.x0
        elif (cues.is_heading(line.text) or _titled(lines, i, h)) and not cues.labels_value(
            line.text, lines[i + 1].text if i + 1 < len(lines) else ""
        ):
            kind, indent = BlockKind.HEADING, None
        elif cues.is_field(line.text):
            kind, indent = BlockKind.FIELD, None
        else:
            kind, indent = BlockKind.PARAGRAPH, None
        j = i + 1
        if kind is not BlockKind.HEADING:
            while (
                j < len(lines)
                and _follows(lines, j, h, indent)
                and not _edge(lines[j], page_height)
            ):
                if kind is BlockKind.FIELD and not cues.continues(lines[j - 1].text, lines[j].text):
                    break
                j += 1
        tb.add(kind, [ln.text for ln in lines[i:j]], _box(lines[i:j]))
        i = j


def join_across_columns(tb: TextBuilder, first: int) -> None:
    """A paragraph that a column ends mid-sentence goes on in the next column's first block.

    `first` is the index of the next column's first block ('... consistent with
    MRD-negative' at the foot of one column, 'complete remission.' at the head of the next).
    """
    if not 0 < first < len(tb.blocks):
        return
    a, b = tb.blocks[first - 1], tb.blocks[first]
    if a.kind is not BlockKind.PARAGRAPH or b.kind is not BlockKind.PARAGRAPH:
        return
    text = tb.text
    if cues.continues(text[a.start : a.end], text[b.start : b.end]):
        tb.join(first)
