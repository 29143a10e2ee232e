"""Assemble a page's reading-order text from blocks, recording every block, row and cell span."""

from __future__ import annotations

from recordkit.layout.model import Block, BlockKind, Box, Cell, Row
from recordkit.text.script import is_cjk

CELL_SEP = " | "


def join_lines(parts: list[str]) -> str:
    """Lines of one block joined: a space between words, nothing inside Chinese or after '-'."""
    out = ""
    for p in (p.strip() for p in parts):
        if not p:
            continue
        if not out:
            out = p
        elif (is_cjk(out[-1:]) and is_cjk(p[:1])) or (
            out.endswith("-") and p[:1].isalnum() and not out.endswith(" -")
        ):
            out += p
        else:
            out += " " + p
    return out


class TextBuilder:
    """Collects blocks in reading order; one line of text per block or table row."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list[Block] = []

    def _put(self, s: str) -> tuple[int, int]:
        if self._parts:
            self._parts.append("\n")
            self._pos += 1
        start = self._pos
        self._parts.append(s)
        self._pos += len(s)
        return start, self._pos

    def add(self, kind: BlockKind, lines: list[str], box: Box | None = None) -> None:
        """A block whose lines are joined into one line of text."""
        text = join_lines(lines)
        if text:
            start, end = self._put(text)
            self.blocks.append(Block(kind, start, end, box))

    def add_table(self, rows: list[list[tuple[int, str]]], box: Box | None = None) -> None:
        """A table: each row one line, cells (column, text) joined by ' | '."""
        out: list[Row] = []
        for row in rows:
            cells = [(col, t.strip()) for col, t in row if t.strip()]
            if not cells:
                continue
            start, end = self._put(CELL_SEP.join(t for _, t in cells))
            made, pos = [], start
            for col, t in cells:
                made.append(Cell(col, pos, pos + len(t)))
                pos += len(t) + len(CELL_SEP)
            out.append(Row(start, end, tuple(made)))
        if out:
            self.blocks.append(Block(BlockKind.TABLE, out[0].start, out[-1].end, box, tuple(out)))

    def join(self, i: int) -> None:
        """Block `i` carries on block `i - 1`: one block, a space where the break was.

        Only the line break between them becomes a space, so every offset stays as it was.
        """
        a, b = self.blocks[i - 1], self.blocks[i]
        self._parts[self._part_at(b.start) - 1] = " "
        box = a.box.union(b.box) if a.box and b.box else a.box or b.box
        self.blocks[i - 1 : i + 1] = [Block(a.kind, a.start, b.end, box)]

    def _part_at(self, offset: int) -> int:
        pos = 0
        for k, part in enumerate(self._parts):
            if pos == offset:
                return k
            pos += len(part)
        raise ValueError(f"no part starts at {offset}")

    @property
    def text(self) -> str:
        """The page text so far."""
        return "".join(self._parts)
