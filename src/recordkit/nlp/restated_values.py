"""A result a report's comment restates in brackets from its own table is the table's.

A cumulative lab report tabulates each specimen's result on its row, then comments on it:
'Comment (DATE): fall in donor chimerism in the marrow (71.2%), in keeping with relapse'.
The bracket repeats the row's value for the reader; it is no new test on the comment's date.
A value written so, whose analyte and value a table of the same page holds, is dropped: the
table's row, with its own specimen's date, stands.
"""

from __future__ import annotations

import re

from recordkit.nlp.raw import RawFact

# the value's number closes its mention inside an opened bracket: '... marrow (71.2%'
_BRACKETED = re.compile(r"[(（]\s*[<>≤≥]?\d[\d.,]*\s*%?\s*$")
_CLOSED = re.compile(r"\s*[)）]")


def _key(f: RawFact) -> tuple[str, float] | None:
    v = f.measurement
    if f.kind != "measurement" or v is None or v.value is None:
        return None
    return v.analyte, v.value


def _bracketed(text: str, f: RawFact) -> bool:
    v = f.measurement
    return (
        v is not None
        and _BRACKETED.search(text, v.start, v.end) is not None
        and _CLOSED.match(text, v.end) is not None
    )


def drop_restated(text: str, said: list[RawFact], tabled: list[RawFact]) -> list[RawFact]:
    """`said` (a page's sentence facts) without the bracketed values its tables hold."""
    held = {k for f in tabled if (k := _key(f)) is not None}
    if not held:
        return said
    return [f for f in said if not (_key(f) in held and _bracketed(text, f))]


__all__ = ["drop_restated"]
