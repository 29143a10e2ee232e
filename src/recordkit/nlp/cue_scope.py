"""Where a ConText cue's scope ends: the bounds brackets put on it."""

from __future__ import annotations

import re


def inside_brackets(text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    """A modifier inside brackets scopes only what the brackets hold.

    'Complete remission on 15/10/2022 (MRD not detected)': the negation is the MRD's.
    A bracket holding the phrase alone comments on what comes before it: 'cycle 5: DATE
    (provisional)' keeps the clause's scope.
    """
    opened = text.rfind("(", lo, a)
    if opened < 0 or ")" in text[opened:a]:
        return lo, hi
    closed = text.find(")", b, hi)
    if closed >= 0 and not text[opened + 1 : a].strip() and not text[b:closed].strip():
        return lo, hi
    return opened + 1, closed if closed >= 0 else hi


CELL_SEP = " | "  # between two cells of a table row, as the layout writes a row
_LABEL_BEFORE = re.compile(r"(?:\s*#?\d{0,3}\.?\s*\|)*\s*")  # only row numbers before the label


def inside_cells(text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    """A negation in a table cell speaks for its own column: its scope ends at the cell.

    A cell that is only a blank, a placeholder or 'none' ('Acute GVHD | none', 'Relapse |
    N/A') negates its row's label, when it is the cell right before it (only a row number
    may stand before the label), and nothing further back: a 'none' in the ICANS column, a
    '?' under 'Best response' or an 'n/a' under 'Reason stopped' never negates the treatment
    or the response the row names in another cell. A negation inside a cell ('CR | not yet
    assessed') reaches no other cell.
    """
    if CELL_SEP not in text[lo:hi]:
        return lo, hi
    seps = [i + 1 for i in _seps(text, lo, hi)]  # where each '|' stands
    first = a + len(text[a:b]) - len(text[a:b].lstrip(" |\t"))  # the cue's own first letter
    own = max([s + 1 for s in seps if s < first] + [lo])  # where the cue's cell opens
    before = max([s + 1 for s in seps if s < own - 1] + [lo])  # and the cell before it
    opens_cell = own > lo and not text[own:first].strip()
    opens_cell = opens_cell and _LABEL_BEFORE.fullmatch(text, lo, before) is not None
    start = max(lo, before if opens_cell else own)
    end = min([s - 1 for s in seps if s >= b] + [hi])
    return start, end


def _seps(text: str, lo: int, hi: int) -> list[int]:
    out, at = [], text.find(CELL_SEP, lo, hi)
    while at >= 0:
        out.append(at)
        at = text.find(CELL_SEP, at + len(CELL_SEP), hi)
    return out


__all__ = ["CELL_SEP", "inside_brackets", "inside_cells"]
