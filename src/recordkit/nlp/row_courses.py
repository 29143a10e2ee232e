"""A lines-of-therapy table's row: how many courses it counts, and when the last one ended.

'Line | Regimen | Start | End | Cycles | Best response' over '2 | Blinatumomab | 18-May-2020 |
26-Jul-2020 | 2 | CR': the cell under a `count_columns` header ('Cycles', 'No. of courses')
counts the courses of the row's regimen, the same in every row, whatever the regimen; the
date under an `end_columns` header ('End', 'Stop') is the day the last of them ended. The
counted courses lie between the row's start and that end: the first began on the start date,
the last one share of the row's days before the end (dated to its month, doubted as
inferred), those between on days the row does not give. Counted infusions (DLIs) each take one
day: the last was given on the end.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from recordkit.layout import BlockKind, PageLayout
from recordkit.nlp.episodes import INFERRED, MAX_RANGE
from recordkit.nlp.rules import AttributionRules
from recordkit.nlp.table_columns import header_words

_COUNT = re.compile(r"\s*(\d{1,2})\s*")  # a count cell: a bare number


def row_courses(
    layout: PageLayout, pos: int, dates: list[Any], rules: AttributionRules
) -> tuple[int | None, Any | None]:
    """(the count cell's number, the end cell's date) of the table row holding offset `pos`.

    None for either when the row has no such column, or its cell holds no bare count or date.
    """
    block = layout.block_at(pos)
    if block is None or block.kind is not BlockKind.TABLE or len(block.rows) < 2:
        return None, None
    row = next((r for r in block.rows[1:] if r.start <= pos < r.end), None)
    if row is None:
        return None, None
    heads = {c.column: " ".join(layout.cell_text(c).split()) for c in block.rows[0].cells}
    counted = header_words(tuple(rules.count_columns))
    ending = header_words(tuple(rules.end_columns))
    count = end = None
    for c in row.cells:
        head = heads.get(c.column, "")
        if c.end <= pos or not head:
            continue  # a column before the treatment's cell: the row's number, its line
        m = _COUNT.fullmatch(layout.cell_text(c))
        if m is not None and counted.fullmatch(head):
            count = int(m.group(1))
        if ending.fullmatch(head):
            inside = [d for d in dates if c.start <= d.start < c.end and d.value is not None]
            end = inside[0] if len(inside) == 1 else end
    return count, end


def counted_row_ends(first: Any, end: Any | None, n: int) -> dict[Any, Any]:
    """{first date: the last course's date} for `courses_of`, from a row's end cell.

    The end is the day the last course ended, not the day it began: each of the `n` courses
    took an equal share of the days from the start to the end, so the last began one share
    before the end. It is dated to that month, marked as a month inferred ('course in month
    k of m' of the row's months) so that it is doubted.
    """
    if first is None or end is None or n < 2 or first.value is None or end.value <= first.value:
        return {}
    began = end.value - (end.value - first.value) / n
    months = (end.value.year - first.value.year) * 12 + end.value.month - first.value.month + 1
    k = (began.year - first.value.year) * 12 + began.month - first.value.month + 1
    last = replace(
        end,
        value=began.replace(day=1),
        precision="month",
        raw=f"{end.raw} ({INFERRED} {k} of {months})",
    )
    return {first: last}


def row_infusions(
    layout: PageLayout, pos: int, dates: list[Any], rules: AttributionRules, first: Any
) -> list[list[Any]]:
    """The infusions a row counts between its start and its end, as date groups; [] if none.

    'DLI (escalating, ...) | 06/04/2022 | 11/05/2022 | 2': an infusion takes one day, so the
    first was given on the start and the last on the end; those between on days not given.
    """
    told, end = row_courses(layout, pos, dates, rules)
    if told is None or not 1 < told <= MAX_RANGE or end is None or first is None:
        return []
    if first.value is None or end.value <= first.value:
        return []
    return [[first], *([[None]] * (told - 2)), [end]]


def row_count(text_count: int, told: int | None) -> int:
    """The courses a row holds: its count cell's, where its own words count none."""
    return told if text_count == 1 and told is not None and 1 < told <= MAX_RANGE else text_count


__all__ = ["counted_row_ends", "row_count", "row_courses", "row_infusions"]
