"""The date a caption line right above a table gives the table's values.

'FBC on 29/12/2022:' (a short label closed by its date and a colon) dates the table under it;
so does a short line naming results closed by its date, with no colon: 'Biologie de sortie
(19/08/2022)', 'Esami alla dimissione (06/12/2021)', 'Bilan du 19/08/2022', a Word heading
'Bloods on discharge (09/09/2021)' (dates.json `result_captions`). A day bracketed in a value's
own cell ('91% (06/02/23)') is that sample's, before any the row or a caption gives.
"""

from __future__ import annotations

import re
from functools import lru_cache

from recordkit.dates import DateMention
from recordkit.layout import Block, BlockKind, PageLayout
from recordkit.nlp.label_lines import CAPTION_WORDS, heading_day, label_date, results_caption
from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled


def result_words(words: list[str]) -> re.Pattern[str]:
    """The words that name a set of results ('Biologie', 'Esami', 'Bloods'), as words."""
    return _result_words(tuple(words))


@lru_cache(maxsize=8)
def _result_words(words: tuple[str, ...]) -> re.Pattern[str]:
    return compiled(rf"(?<![^\W\d_])(?:{any_of(list(words))})(?![^\W\d_])", re.I)


def caption_date(
    layout: PageLayout, table: Block, dates: list[DateMention], results: re.Pattern[str]
) -> DateMention | None:
    """The date of the caption line right above `table`, if it is one."""
    above = [b for b in layout.blocks if b.end <= table.start]
    if above and (d := label_date(layout, above[-1], dates)):
        return d
    if above and (d := results_caption(layout, (above[-1].start, above[-1].end), dates, results)):
        return d
    cell = _first_header_cell(layout.text, table)
    return results_caption(layout, cell, dates, results) or _opening_label(layout, cell, dates)


# what may close a caption's day before its colon: its bracket ('Hemograma (DATE):')
_LABEL_CLOSE = re.compile(r"[ \t]*[)\]）]?[ \t]*[:：]")


def _opening_label(
    layout: PageLayout, cell: tuple[int, int], dates: list[DateMention]
) -> DateMention | None:
    """The day of a label that opens a table's first row: 'Hemograma (DATE): Leucocitos ...'.

    A labelled line of values wrapped after a cell bar ('... Neutrófilos 1.900/µL |' then
    '  Hb 10,4 g/dL | Plaquetas ...') reads as a table; its label dates every line of it, as a
    caption line ending in a colon above it would. A label of a few words, not a sentence.
    """
    start, end = cell
    for d in dates:
        if not start <= d.start < end or not heading_day(d):
            continue
        if _LABEL_CLOSE.match(layout.text, d.end) is None:
            return None
        label = layout.text[start : d.start].rstrip(" \t([（")
        return d if 1 <= len(label.split()) <= CAPTION_WORDS and "\n" not in label else None
    return None


def _first_header_cell(text: str, table: Block) -> tuple[int, int]:
    """The span of a table's first header cell: 'Investigation (07/03/2023) | Result'.

    So written, it dates the table as a caption above it does.
    """
    line = text[table.start : table.end].split("\n", 1)[0]
    return table.start, table.start + len(line.split("|", 1)[0])


def conclusion_words(labels: list[str]) -> re.Pattern[str]:
    """A line opening with a result label and its colon: 'Conclusion:', 'Impression:'."""
    return _conclusion_words(tuple(labels))


@lru_cache(maxsize=8)
def _conclusion_words(labels: tuple[str, ...]) -> re.Pattern[str]:
    return compiled(rf"\s*(?:{'|'.join(f'(?:{w})' for w in labels)})\s*[:：]", re.I)


def concluded_tables(
    layout: PageLayout,
    dates: list[DateMention],
    results: re.Pattern[str],
    conclusions: re.Pattern[str],
) -> list[tuple[int, int, DateMention]]:
    """'Day +28 assessment (DATE)' / table / 'Conclusion: MRD-negative CR': the caption's day.

    The conclusion line right under a captioned table sums up that table's results: it is
    of the caption's day, as the results are (a line with a date of its own keeps it).
    """
    out = []
    blocks = layout.blocks
    for k in range(1, len(blocks) - 1):
        table, after = blocks[k], blocks[k + 1]
        if table.kind is not BlockKind.TABLE or after.kind not in _CONCLUSION_BLOCKS:
            continue
        if any(after.start <= x.start < after.end for x in dates):
            continue
        if not conclusions.match(layout.text, after.start):
            continue
        if d := caption_date(layout, table, dates, results):
            out.append((after.start, after.end, d))
    return out


_CONCLUSION_BLOCKS = (BlockKind.FIELD, BlockKind.PARAGRAPH)


_BRACKET_OPEN = re.compile(r"[ \t]*\([ \t]*")
_BRACKET_CLOSE = re.compile(r"[ \t]*\)")


def cell_bracket_date(
    text: str, value: ValueMention, dates: list[DateMention]
) -> DateMention | None:
    """A day in brackets right after a cell's value ('91% (06/02/23)') is its collection day."""
    for d in dates:
        if (
            d.value is not None
            and d.precision == "day"
            and _BRACKET_OPEN.fullmatch(text, value.end, d.start)
            and _BRACKET_CLOSE.match(text, d.end)
        ):
            return d
    return None


__all__ = [
    "caption_date",
    "cell_bracket_date",
    "concluded_tables",
    "conclusion_words",
    "result_words",
]
