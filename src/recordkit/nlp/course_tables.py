"""Treatment tables: one row per infusion or course, each dated by its row's date cell.

'DLI | Date | Dose (CD3+/kg)' over '1 | 01/03/2022 | 1 x10^6': a table whose first column
is headed by a treatment given in repeated doses (`course_table_kinds` of attribution.json:
a DLI, a CAR-T infusion), or by a course word (`course_columns`: 'Cycle', 'Course') under a
heading or caption naming one regimen, or beside columns headed by drugs that together name
one ('Cycle | Day 1 | Azacitidine | Venetoclax'), lists one event of that treatment per body
row, on the row's date. A log whose title names such a treatment ('DONOR LYMPHOCYTE INFUSION
LOG' over its fields and a 'No. | Date | Dose' table, its rows numbered as analytes.json's
`row_number` headers say) lists one dose per dated row the same way. A row naming a treatment
of its own is read as a sentence of its own; a row whose date cell is empty, or says planned
or due (`course_plan_cells`), gives none. A DLI's
dose is its row's cell read with the unit its column's header states ('Dose (CD3+/kg)').
A cell naming a drug of the table's regimen with a word of `course_dose_notes` ('aza 5 days',
'venetoclax reduced to 100 mg') notes the row's dose: it names no treatment of the row's own.
"""

from __future__ import annotations

import re

from recordkit.dates import DateMention
from recordkit.layout import Block, BlockKind
from recordkit.layout.model import Cell, Row
from recordkit.nlp.attributes import attributes
from recordkit.nlp.courses import told_not_given
from recordkit.nlp.drug_groups import regimen_anchors
from recordkit.nlp.mention import TABLE_NOTE, Anchor, Mention
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.raw import RawFact, raw_date
from recordkit.nlp.references import is_reference
from recordkit.nlp.regimens import regimen_name
from recordkit.nlp.rules import RuleSet, TableRole
from recordkit.nlp.spans import whole_words
from recordkit.nlp.state_tables import table_states
from recordkit.nlp.table_columns import header_words
from recordkit.rule_cache import compiled

_TREATMENTS = ("regimen", "drug", "dli", "car_t", "transplant")  # a row naming its own
_NOTE = re.compile(r"\(([^()]*)\)")  # a header's bracketed unit: 'Dose (CD3+/kg)'
_NUMBER = re.compile(r"\d+")


def _mentions(scope: PageScope, start: int, end: int) -> list[Mention]:
    return [m for m in scope.doc._.rk_mentions if start <= m.start < end]


def _caption_regimen(scope: PageScope, block: Block, rules: RuleSet) -> Anchor | None:
    """The one regimen the heading, caption, field or line right above the table names.

    A field line may go on past the regimen ('Regimen: Aza/Ven, 28-day cycles'): still its name.
    """
    blocks = scope.layout.blocks
    at = blocks.index(block)
    kinds = (BlockKind.HEADING, BlockKind.CAPTION, BlockKind.PARAGRAPH, BlockKind.FIELD)
    if at == 0 or blocks[at - 1].kind not in kinds:
        return None
    above = blocks[at - 1]
    named = regimen_anchors(_mentions(scope, above.start, above.end), scope.text, rules)
    return named[0] if len(named) == 1 else None


def _table_treatment(scope: PageScope, block: Block, rules: RuleSet) -> Anchor | None:
    """The treatment whose courses the table's rows are, told by its first column's header."""
    if block.kind is not BlockKind.TABLE or len(block.rows) < 2 or not block.rows[0].cells:
        return None
    head = min(block.rows[0].cells, key=lambda c: c.column)
    said = rules.attribution
    kinds = set(said.course_table_kinds)
    found = [m for m in _mentions(scope, head.start, head.end) if m.kind in kinds]
    if len(found) == 1 and not re.search(r"\d", scope.layout.cell_text(head)):
        m = found[0]
        return Anchor(m.kind, m.start, m.end, dict(m.attrs), set(m.flags))
    if header_words(tuple(said.course_columns)).fullmatch(scope.layout.cell_text(head)):
        return _caption_regimen(scope, block, rules) or _column_regimen(scope, block.rows[0], rules)
    if _row_numbers(rules).fullmatch(scope.layout.cell_text(head).strip()):
        return _title_treatment(scope, block, rules)
    return None


def _row_numbers(rules: RuleSet) -> re.Pattern[str]:
    """A header of running row numbers (analytes.json `table_headers.row_number`: No., #)."""
    return compiled("|".join(rules.analytes.table_headers.get(TableRole.ROW_NUMBER) or ["(?!)"]))


def _title_treatment(scope: PageScope, block: Block, rules: RuleSet) -> Anchor | None:
    """'DONOR LYMPHOCYTE INFUSION LOG' over its fields and a 'No. | Date | Dose' table.

    A log whose title names one treatment given in repeated doses (`course_table_kinds`)
    lists one of its doses per numbered row; only fields (patient, donor, indication) may
    stand between the title and the table. A title naming it as a time ('Chimerism after
    DLI') lists no doses.
    """
    blocks = scope.layout.blocks
    at = blocks.index(block) - 1
    while at >= 0 and blocks[at].kind is BlockKind.FIELD:
        at -= 1
    if at < 0 or blocks[at].kind not in (BlockKind.HEADING, BlockKind.CAPTION):
        return None
    title = blocks[at]
    kinds = set(rules.attribution.course_table_kinds)
    found = [m for m in _mentions(scope, title.start, title.end) if m.kind in kinds]
    words = rules.attribution.reference_words
    if len(found) != 1 or is_reference(scope.text, found[0].start, title.start, words):
        return None
    m = found[0]
    return Anchor(m.kind, m.start, m.end, dict(m.attrs), set(m.flags))


def _column_regimen(scope: PageScope, header: Row, rules: RuleSet) -> Anchor | None:
    """The regimen the drugs heading a cycle table's columns name together.

    'Cycle | Day 1 | Azacitidine | Venetoclax': each row is a course of AZA+VEN.
    """
    first = min(header.cells, key=lambda c: c.column)
    named = [m for m in _mentions(scope, first.end, header.end) if m.kind in ("regimen", "drug")]
    names = [m.attrs["name"] for m in named if m.kind == "regimen"]
    drugs = sorted({m.attrs["name"] for m in named if m.kind == "drug"})
    name = regimen_name(rules.vocabulary, names, drugs) if named else None
    if name is None:
        return None
    fuzzy = any(m.attrs.get("fuzzy") for m in named)
    attrs = {"name": name, "drugs": drugs or None, "fuzzy": fuzzy}
    return Anchor("regimen", named[0].start, named[-1].end, attrs, set())


def _row_date(scope: PageScope, row: Row) -> DateMention | None:
    """The first full date of the row's cells after its first (the course's number)."""
    first = min(row.cells, key=lambda c: c.column)
    return next((d for d in scope.dates if first.end <= d.start < row.end
                 and d.value is not None and d.relative is None), None)  # fmt: skip


def _not_given(scope: PageScope, row: Row, d: DateMention, kind: str, rules: RuleSet) -> bool:
    """Does the row's date cell tell its course as planned or due ('3 | due 10/07/2022')?

    A bare word of `course_plan_cells` in the cell says so, or a phrase the ConText modifiers
    read as a plan, a postponement or a negation of the row's treatment ('postponed to DATE').
    """
    cell = next((c for c in row.cells if c.start <= d.start < c.end), None)
    if cell is None:
        return False
    said = scope.text[cell.start : cell.end]
    if whole_words(tuple(rules.attribution.course_plan_cells)).search(said):
        return True
    return told_not_given(scope.text, (row.start, cell.end), kind, row.start, rules)


def _dose(scope: PageScope, row: Row, header: Row, rules: RuleSet) -> str | None:
    """A DLI row's dose: a cell that reads as a dose with its column header's unit.

    The header writes the unit in a bracket ('Dose (CD3+/kg)') or after its word ('Dose
    CD3+/kg').
    """
    dose = compiled(rules.attributes.dli_dose, re.I)
    heads: dict[int, Cell] = {c.column: c for c in header.cells}
    for c in row.cells:
        head = scope.layout.cell_text(heads[c.column]).strip() if c.column in heads else ""
        note = _NOTE.search(head)
        units = [note.group(1)] if note else head.split(None, 1)[1:]
        cell = scope.layout.cell_text(c).strip()
        m = dose.search(cell) or next((m for u in units if (m := dose.search(f"{cell} {u}"))), None)
        if m and m.start() == 0:
            return m.group(0)
    return None


def _row_course(
    scope: PageScope, row: Row, header: Row, treatment: Anchor, rules: RuleSet
) -> RawFact | None:
    """The course one body row lists, if the row dates it and names no treatment of its own."""
    d = _row_date(scope, row)
    said = _mentions(scope, row.start, row.end)
    own = any(m.kind in _TREATMENTS and TABLE_NOTE not in m.flags for m in said)
    if d is None or own or _not_given(scope, row, d, treatment.kind, rules):
        return None
    first = scope.layout.cell_text(min(row.cells, key=lambda c: c.column))
    number = _NUMBER.search(first)
    line = scope.text[row.start : row.end]
    if treatment.kind == "regimen":
        attrs = {k: v for k, v in treatment.attrs.items() if k != "fuzzy"}
        attrs["cycle"] = int(number.group(0)) if number else None
    else:  # read from the row, as a sentence naming the header's treatment would be
        header_line = scope.text[header.start : header.end]
        attrs = attributes(treatment, line, "", f"{header_line}\n{line}", rules, 0.0)
    if treatment.kind == "dli":
        attrs["dose"] = attrs.get("dose") or _dose(scope, row, header, rules)
    fuzzy = 0.8 if treatment.attrs.get("fuzzy") else 1.0
    return RawFact(
        kind=treatment.kind,
        attrs=attrs,
        date=raw_date(d, "stated"),
        source=scope.source(row.start, row.end),
        context=line.strip()[:300],
        order=scope.order(row.start),
        confidence=round(scope.conf * fuzzy, 3),
        flags=set(treatment.flags),
        section=scope.sections.section_at(row.start),
    )


def _drugs_named(m: Mention, rules: RuleSet) -> set[str]:
    """The drugs a drug's or regimen's mention names ('aza': azacitidine)."""
    name = str(m.attrs.get("name", ""))
    if m.kind == "drug":
        return {name}
    reg = next((r for r in rules.vocabulary.regimens if r.name == name), None)
    return set(reg.drugs) if reg is not None and reg.drugs else {name}


def _mark_dose_notes(scope: PageScope, block: Block, regimen: Anchor, rules: RuleSet) -> None:
    """Flag the body cells' mentions of the table regimen's drugs that note a dose change."""
    reg = next((r for r in rules.vocabulary.regimens if r.name == regimen.attrs.get("name")), None)
    drugs = set(reg.drugs) if reg is not None else set(regimen.attrs.get("drugs") or ())
    notes = whole_words(tuple(rules.attribution.course_dose_notes))
    for cell in (c for row in block.rows[1:] for c in row.cells):
        if not notes.search(scope.text[cell.start : cell.end]):
            continue
        for m in _mentions(scope, cell.start, cell.end):
            if m.kind in ("regimen", "drug") and drugs and _drugs_named(m, rules) <= drugs:
                m.flags.add(TABLE_NOTE)


def mark_table_notes(scope: PageScope, rules: RuleSet) -> None:
    """Flag the mentions of the page's course tables that tell no course of their own."""
    for block in scope.layout.blocks:
        treatment = _table_treatment(scope, block, rules)
        if treatment is None or treatment.kind != "regimen":
            continue
        header = block.rows[0]
        for m in _mentions(scope, header.start, header.end):  # a drug heading its column
            m.flags.add(TABLE_NOTE)
        _mark_dose_notes(scope, block, treatment, rules)


def table_courses(scope: PageScope, rules: RuleSet) -> list[RawFact]:
    """The page's treatment tables' courses: one event of the table's treatment per dated row."""
    out: list[RawFact] = []
    for block in scope.layout.blocks:
        treatment = _table_treatment(scope, block, rules)
        if treatment is None:
            continue
        header = block.rows[0]
        courses = (_row_course(scope, r, header, treatment, rules) for r in block.rows[1:])
        out += [f for f in courses if f is not None]
    return out + table_states(scope, rules)  # 'GVHD history' over 'Type | Onset | Organs'


__all__ = ["mark_table_notes", "table_courses"]
