"""A table that runs on across a page break, its header printed only on the page it starts on.

An EHR printout breaks a long table where the page ends and goes on below the next page's
running banner without repeating the header: 'Component | Ref range | 22/01 | 25/04 | 12/05'
over WBC and Hb, a page break, then Platelets and Neutrophils. The rows after the break stand
under the header before it when nothing but running text lies between: the table closes its
page (below it only page footers, or lines the next page repeats), opens the next (above it
only page headers, or lines the page before also held), and the rows there print no header of
their own (no header word, at most one date) and as many value cells as the rows before.
"""

from __future__ import annotations

from dataclasses import dataclass

from recordkit.dates import DateMention
from recordkit.layout import Block, BlockKind, PageLayout
from recordkit.nlp.cell_repairs import NUMBER_FIRST
from recordkit.nlp.lab_cells import DATE_CELL, STRIP


def _running(layout: PageLayout, blocks: list[Block]) -> list[str]:
    """The texts of `blocks` that may run on every page (a page mark's is left out)."""
    return [
        " ".join(layout.text[b.start : b.end].split())
        for b in blocks
        if b.kind is not BlockKind.HEADER_FOOTER
    ]


def value_cells(row: list[str]) -> int:
    """How many cells of a row hold a value (a number first, not a date)."""
    cells = [c.strip(STRIP) for c in row]
    return sum(bool(NUMBER_FIRST.match(c)) and not DATE_CELL.fullmatch(c) for c in cells)


@dataclass(frozen=True)
class RunningTable:
    """The header of the table that closed a page, for rows the next page carries on."""

    header: list[str]
    dates: dict[int, DateMention] | None  # the header's column dates, by column
    width: int  # the grid's columns
    values: int  # value cells in its last row
    below: list[str]  # the running texts under it on its page: footers
    page: list[str]  # every running text of its page

    @classmethod
    def closing(
        cls,
        layout: PageLayout,
        block: Block,
        head: tuple[list[str], dict[int, DateMention] | None],
        grid: list[list[str]],
    ) -> RunningTable:
        """The table `block` read under `head`, as the next page may carry it on."""
        after = [b for b in layout.blocks if b.start >= block.end]
        return cls(head[0], head[1], len(grid[0]), value_cells(grid[-1]),
                   _running(layout, after), _running(layout, list(layout.blocks)))  # fmt: skip

    def goes_on_in(self, layout: PageLayout, block: Block, grid: list[list[str]]) -> bool:
        """True when `block`, the first table of the next page, is this table's next rows."""
        page = _running(layout, list(layout.blocks))
        above = _running(layout, [b for b in layout.blocks if b.end <= block.start])
        return (
            all(t in page for t in self.below)
            and all(t in self.page for t in above)
            and all(len(row) == self.width for row in grid)
            and value_cells(grid[0]) == self.values
        )


__all__ = ["RunningTable", "value_cells"]
