"""A page's report head lines: what its own title, headings and specimen fields say.

What specimen a report's values are of is told by the report itself, wherever it stands
above them: its title or a section heading ('BONE MARROW ASPIRATE REPORT'), or its specimen
field ('Specimen: bone marrow aspirate') below a letterhead of any length, whether it stands
on a line of fields or in a cell of a grid of them (a report's header read as a table:
'Specimen: Bone marrow aspirate | Specimen No: ...' over 'Date collected: ... | ...'). A
letterhead's services list (a `services` section) is the hospital's, never a report's head.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from recordkit.layout import Block, BlockKind, PageLayout
from recordkit.nlp.sections import DocumentSections, SectionKind
from recordkit.nlp.value_context import ValueContext

HEAD_CHARS = 300
_CAPTION = re.compile(
    r"[^\W\d][^\d\n.;:!?]{0,58}[^\W\d)]|[^\W\d][^\d\n.;:!?]{0,58}\)"
)  # how far down a page its opening may tell what the page is about


_BRACKETS = re.compile(r"\s*\([^()\n]*\)")  # '(10-color, 1,250,000 events acquired)'


def report_heads(
    layout: PageLayout, text: str, ctx: ValueContext, sections: DocumentSections
) -> tuple[tuple[int, str], ...]:
    """(offset, text) of the page's headings and specimen fields, in page order.

    `sections` are the page's: a services list is the hospital's text, no report's head.
    """
    heads: list[tuple[int, str]] = []
    for block in layout.blocks:
        if sections.section_at(block.start) is SectionKind.SERVICES:
            continue
        if block.kind is BlockKind.HEADING:
            heads.append((block.start, text[block.start : block.end]))
        elif block.kind in (BlockKind.FIELD, BlockKind.PARAGRAPH):
            fields = ctx.specimen_field.finditer(text, block.start, block.end)
            heads += [(m.start(), m.group(0)) for m in fields]
        elif block.kind is BlockKind.TABLE:
            heads += _cell_fields(block, text, ctx)
    return tuple(heads)


def _cell_fields(block: Block, text: str, ctx: ValueContext) -> list[tuple[int, str]]:
    """(offset, text) of the specimen fields a table's cells hold ('Specimen: ...')."""
    cells = [c for row in block.rows for c in row.cells]
    fields = [(c.start, ctx.specimen_field.match(text[c.start : c.end])) for c in cells]
    return [(at + m.start(), m.group(0)) for at, m in fields if m]


def specimen_heads(
    heads: tuple[tuple[int, str], ...], ctx: ValueContext
) -> tuple[tuple[int, bool], ...]:
    """(offset, whether it names the marrow) of the head lines that name a specimen."""
    return tuple((at, ctx.names_marrow(h)) for at, h in heads if ctx.names_specimen(h))


def page_head(text: str, sections: DocumentSections) -> str:
    """The page's first `HEAD_CHARS` characters, a services list in them blanked.

    Where no head line names a specimen, the page's head is what a report of it is about
    ('Bone marrow aspirate' running over the page, a summary's opening 'Bone marrow at
    diagnosis ...'); a hospital's services ('Our services: Bone marrow transplantation') are not.
    """
    head = text[:HEAD_CHARS]
    return "".join(
        " " if sections.section_at(i) is SectionKind.SERVICES and c != "\n" else c
        for i, c in enumerate(head)
    )


def _dated_label(text: str, field: Block, dates: list[tuple[int, int]]) -> bool:
    """True when a field's label holds a date: 'Day 29 marrow (DATE): result'."""
    colon = text.find(":", field.start, field.end)
    return colon > 0 and any(field.start <= a < colon for a, _ in dates)


def page_headings(
    layout: PageLayout,
    text: str,
    dates: list[tuple[int, int]],
    results: re.Pattern[str] | None = None,
) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
    """(offset, text) of the page's headings; and of them with the caption lines over fields.

    A caption is one line of words with no figure and no sentence's end, standing right
    above a 'label: value' line whose label holds a date (of `dates`): 'MRD (Ig/TCR PCR,
    regional laboratory)' over 'Day 29 marrow (DATE): 2 x 10^-3' names the test of the
    samples listed under it by their dates, as a heading does. So is one whose figures stand
    only in brackets right above a result field (`results`: 'B-ALL MRD (10-color, 1,250,000
    events acquired)' over 'RESULT: NEGATIVE.'): the test the result is of.
    """
    blocks = layout.blocks
    out: list[tuple[int, str]] = []
    headings: list[tuple[int, str]] = []
    for k, block in enumerate(blocks):
        line = text[block.start : block.end]
        field = blocks[k + 1] if k + 1 < len(blocks) else None
        caption = (
            block.kind is BlockKind.PARAGRAPH
            and field is not None
            and field.kind is BlockKind.FIELD
            and (
                (_dated_label(text, field, dates) and _CAPTION.fullmatch(line) is not None)
                or (
                    results is not None
                    and results.match(text, field.start) is not None
                    and _CAPTION.fullmatch(_BRACKETS.sub("", line).rstrip()) is not None
                )
            )
        )
        if block.kind is BlockKind.HEADING:
            headings.append((block.start, line))
        if block.kind is BlockKind.HEADING or caption:
            out.append((block.start, line))
    return tuple(headings), tuple(out)


CAPTION_WORDS = 6  # a caption over a table is a few words, not a sentence


def table_captions(
    layout: PageLayout,
    text: str,
    ctx: ValueContext,
    heads: tuple[tuple[int, str], ...],
    opening: str,
) -> tuple[dict[int, str], tuple[tuple[int, str], ...]]:
    """The short lines right above tables that name a specimen, and `heads` with them.

    'Peripheral blood (DATE)' over 'Blasts | 12 | %': one line of a few words (outside
    brackets) with no sentence's end says what its table is of, as a heading would, under
    a report's 'Specimen: bone marrow aspirate'; so does a blood count's heading. It says
    nothing of the text after the table: there the specimen named before it (else the
    page's opening) holds again.
    Returns ({table start: caption}, the head lines with each caption and what follows it).
    """
    captions: dict[int, str] = {}
    added: list[tuple[int, str]] = []
    for block, nxt in pairwise(layout.blocks):
        line = _BRACKETS.sub("", text[block.start : block.end]).strip()
        if nxt.kind is not BlockKind.TABLE or not _caption_kind(block, line, ctx):
            continue
        short = 1 <= len(line.split()) <= CAPTION_WORDS and "\n" not in line
        if short and not re.search(r"[.;!?](?:\s|$)", line) and ctx.names_specimen(line):
            captions[nxt.start] = text[block.start : block.end]
            added.append((block.start, captions[nxt.start]))
            before = ctx.specimen_head(heads, block.start) or opening
            if ctx.names_specimen(before):
                added.append((nxt.end, before))
    return captions, tuple(sorted((*heads, *added), key=lambda h: h[0]))


def _caption_kind(block: Block, line: str, ctx: ValueContext) -> bool:
    """A line that may caption the table below it: a paragraph, or a blood count's heading.

    'Blood count (same day)' heads only the count printed under it: a marrow report's
    'Morphology' after it is the marrow's again, not the blood's.
    """
    if block.kind is BlockKind.HEADING:
        return ctx.panel.search(line) is not None
    return block.kind is BlockKind.PARAGRAPH


def marrow_tables(
    heads: tuple[tuple[int, str], ...],
    ctx: ValueContext,
    opening: str,
    captions: dict[int, str] | None = None,
) -> Callable[[int], bool]:
    """Whether the table starting at an offset holds marrow values, by the head above it.

    Each table is of the specimen its caption (`captions`, by table start) or the last head
    line above it names ('BONE MARROW REPORT' over the differential, a 'Peripheral blood
    (same day)' heading over the blood count printed below it); where none does, of what
    the page's opening names.
    """
    named = captions or {}
    return lambda start: ctx.names_marrow(
        named.get(start) or ctx.specimen_head(heads, start) or opening
    )


__all__ = [
    "marrow_tables",
    "page_head",
    "page_headings",
    "report_heads",
    "specimen_heads",
    "table_captions",
]
