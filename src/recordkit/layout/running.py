"""What repeats on every page of a printout: running headers and footers.

A hospital system prints the same banner (the hospital, the patient's name and number) at
the top of every page, and often a line at the foot; neither belongs to the text between
them. A block is running when the same text (figures aside: 'Page 1 of 3') opens, or closes,
every page of the document. A sentence a page break cuts off goes on past them on the next
page (`carried_on`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from recordkit.layout import cues
from recordkit.layout.model import Block, BlockKind, PageLayout

_FIGURES = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
RUN_DEPTH = 4  # blocks at the top or foot of a page that can be running, at most
# blocks that can run on from one page to the next
_PROSE = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.FIELD})


def _key(layout: PageLayout, block: Block) -> str:
    text = layout.text[block.start : block.end]
    return _SPACE.sub(" ", _FIGURES.sub("#", text)).strip().lower()


def _running_run(layouts: list[PageLayout], from_top: bool) -> list[set[int]]:
    """Per page, the indices of the blocks that open (close) every page with the same text."""
    orders = [
        list(range(len(lay.blocks))) if from_top else list(reversed(range(len(lay.blocks))))
        for lay in layouts
    ]
    found: list[set[int]] = [set() for _ in layouts]
    for depth in range(min(RUN_DEPTH, *(len(o) for o in orders))):
        picks = [o[depth] for o in orders]
        blocks = [lay.blocks[k] for lay, k in zip(layouts, picks, strict=True)]
        if any(b.kind is BlockKind.TABLE for b in blocks):
            break  # a table's header repeated on each page is the table's, not the page's
        keys = {_key(lay, b) for lay, b in zip(layouts, blocks, strict=True)}
        if len(keys) != 1 or keys == {""}:
            break
        for page_found, k in zip(found, picks, strict=True):
            page_found.add(k)
    return found


def mark_running(layouts: list[PageLayout]) -> list[PageLayout]:
    """`layouts` with the blocks repeated atop (at the foot of) every page as header_footer."""
    if len(layouts) < 2:
        return layouts
    tops, feet = _running_run(layouts, True), _running_run(layouts, False)
    marked = [top | foot for top, foot in zip(tops, feet, strict=True)]
    if any(len(m) >= len(lay.blocks) for lay, m in zip(layouts, marked, strict=True)):
        return layouts  # the same page printed twice: nothing but repeats is no banner
    out = []
    for lay, running in zip(layouts, marked, strict=True):
        if not running:
            out.append(lay)
            continue
        blocks = tuple(
            replace(b, kind=BlockKind.HEADER_FOOTER) if k in running else b
            for k, b in enumerate(lay.blocks)
        )
        out.append(replace(lay, blocks=blocks))
    return out


def _body(layout: PageLayout) -> list[Block]:
    return [b for b in layout.blocks if b.kind is not BlockKind.HEADER_FOOTER]


def carried_on(before: PageLayout, page: PageLayout) -> tuple[Block, Block] | None:
    """(last block before the break, first block after it) when a sentence runs over the break.

    'The bone marrow aspirate of 22-01-2024 showed' | banner | '18% myeloblasts; ...': the
    last prose block of a page, unfinished, goes on in the next page's first prose block.
    """
    last, first = _body(before)[-1:], _body(page)[:1]
    if not last or not first or last[0].kind not in _PROSE or first[0].kind not in _PROSE:
        return None
    tail = before.text[last[0].start : last[0].end]
    head = page.text[first[0].start : first[0].end]
    return (last[0], first[0]) if cues.continues(tail, head) else None


__all__ = ["carried_on", "mark_running"]
