"""State tables: one row per episode of a state, dated by its row's onset cell.

'GVHD history' over 'Type | Onset | Organs | Grade' and 'Chronic | 15-Feb-2021 | Mouth |
mild (NIH)': a table whose heading or caption right above names one state of
`state_table_kinds` (attribution.json: GVHD), and whose header row has an onset column
(`onset_columns`: 'Onset', 'Date of onset'), lists one episode of that state per body row,
on the date in that column; a row with no date there ('Acute | — | none') lists none. The
row is read as a sentence naming the heading's state, for its form, organ and grade.
"""

from __future__ import annotations

from recordkit.layout import Block, BlockKind
from recordkit.layout.model import Row
from recordkit.nlp.attributes import attributes
from recordkit.nlp.mention import Anchor
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.raw import RawFact, raw_date
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.table_columns import header_words


def _heading_state(scope: PageScope, block: Block, rules: RuleSet) -> Anchor | None:
    """The one state the heading or caption right above the table names."""
    blocks = scope.layout.blocks
    at = blocks.index(block)
    if at == 0 or blocks[at - 1].kind not in (BlockKind.HEADING, BlockKind.CAPTION):
        return None
    above, kinds = blocks[at - 1], set(rules.attribution.state_table_kinds)
    found = [
        m for m in scope.doc._.rk_mentions if above.start <= m.start < above.end and m.kind in kinds
    ]
    if len(found) != 1:
        return None
    m = found[0]
    return Anchor(m.kind, m.start, m.end, dict(m.attrs), set(m.flags))


def _onset_column(scope: PageScope, header: Row, rules: RuleSet) -> int | None:
    """The column whose header names when the row's episode began ('Onset')."""
    onset = header_words(tuple(rules.attribution.onset_columns))
    cells = (c for c in header.cells if onset.fullmatch(scope.layout.cell_text(c)))
    return next((c.column for c in cells), None)


def _row_state(
    scope: PageScope, row: Row, header: Row, column: int, state: Anchor, rules: RuleSet
) -> RawFact | None:
    """The episode one body row lists, if its onset cell holds a date."""
    cell = next((c for c in row.cells if c.column == column), None)
    if cell is None:
        return None
    dates = (d for d in scope.dates if cell.start <= d.start < cell.end)
    d = next((d for d in dates if d.value is not None and d.relative is None), None)
    if d is None:
        return None
    line = scope.text[row.start : row.end]
    header_line = scope.text[header.start : header.end]
    return RawFact(
        kind=state.kind,
        attrs=attributes(state, line, "", f"{header_line}\n{line}", rules, 0.0),
        date=raw_date(d, "stated"),
        source=scope.source(row.start, row.end),
        context=line.strip()[:300],
        order=scope.order(row.start),
        confidence=scope.conf,
        flags=set(state.flags),
        section=scope.sections.section_at(row.start),
    )


def table_states(scope: PageScope, rules: RuleSet) -> list[RawFact]:
    """The page's state tables' episodes: one per row with a date in its onset column."""
    out: list[RawFact] = []
    for block in scope.layout.blocks:
        if block.kind is not BlockKind.TABLE or len(block.rows) < 2:
            continue
        state = _heading_state(scope, block, rules)
        column = _onset_column(scope, block.rows[0], rules) if state is not None else None
        if state is None or column is None:
            continue
        rows = (_row_state(scope, r, block.rows[0], column, state, rules) for r in block.rows[1:])
        out += [f for f in rows if f is not None]
    return out


__all__ = ["table_states"]
