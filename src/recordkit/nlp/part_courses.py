"""A course table's 'B' row written by its drugs: the second part of the 'A' row's regimen.

Hyper-CVAD and the protocols built on it give each course in two parts, 'A' and 'B' (1A, 1B,
2A, 2B): a table of them may name the regimen in its 'A' row ('1A | DATE | Hyper-CVAD +
ponatinib') and write the 'B' row by that part's own drugs ('1B | DATE | MTX/Ara-C +
ponatinib'). The 'B' row continues the regimen of the 'A' row of its number above it; a drug
given with it (vocabulary.json `companion_drugs`) that the 'A' row does not name is a change
of course, which keeps the name made from its drugs.
"""

from __future__ import annotations

import re

from recordkit.layout import BlockKind, PageLayout
from recordkit.layout.model import Block, Row
from recordkit.nlp.raw import NAMED_FROM_DRUGS, RawFact
from recordkit.nlp.rules import RuleSet

_PART = re.compile(r"\s*(?:course\s*|cycle\s*)?(\d{1,2})\s*([AB])\s*", re.I)  # '1B', 'Course 2A'


def _label(layout: PageLayout, row: Row) -> tuple[str, str] | None:
    """The row's part label (number, part), from its first cell."""
    if not row.cells:
        return None
    m = _PART.fullmatch(layout.cell_text(min(row.cells, key=lambda c: c.column)))
    return (m.group(1), m.group(2).upper()) if m else None


def _row_at(block: Block, pos: int) -> Row | None:
    return next((r for r in block.rows[1:] if r.start <= pos < r.end), None)


def continue_part_courses(layout: PageLayout, facts: list[RawFact], rules: RuleSet) -> None:
    """Name each 'B' row's course written by its drugs after its 'A' row's regimen."""
    companions = set(rules.vocabulary.companion_drugs)
    regimens = [f for f in facts if f.kind == "regimen"]
    for f in regimens:
        block = layout.block_at(f.order[2])
        if NAMED_FROM_DRUGS not in f.flags or block is None or block.kind is not BlockKind.TABLE:
            continue
        row = _row_at(block, f.order[2])
        label = _label(layout, row) if row is not None else None
        if label is None or label[1] != "B":
            continue
        above = [r for r in block.rows[1:] if r.end <= f.order[2]]
        first = next((r for r in reversed(above) if _label(layout, r) == (label[0], "A")), None)
        if first is None:
            continue
        named = [g for g in regimens if first.start <= g.order[2] < first.end]
        a = named[0] if len(named) == 1 and NAMED_FROM_DRUGS not in named[0].flags else None
        if a is None or not (set(f.attrs.get("drugs") or ()) & companions) <= set(
            a.attrs.get("drugs") or ()
        ):
            continue
        f.attrs = {**f.attrs, "name": a.attrs.get("name"), "drugs": a.attrs.get("drugs")}
        f.flags.discard(NAMED_FROM_DRUGS)
