"""A results table's column headed by an earlier date: 'Fraction | Donor % | Previous (DATE)'.

A lab prints the last result beside the current one, under a header that names it as an
earlier result (analytes.json `table_headers` `prior`: Previous, Antériorité, Vorwert) and
carries its own date. In a table whose columns name the test ('Donor %') and whose rows name
what was tested ('CD3+ T cells'), the cells of such a column are that test's results of the
header's date, read by their rows' labels. A table of two or more tests (not counting one
only the recipient's share, 'Recipient %') leaves it unread: which test it repeats is not said.
A `prior` column naming no date stays unread, as it does everywhere.
"""

from __future__ import annotations

from typing import Any

from recordkit.nlp.lab_cells import STRIP
from recordkit.nlp.rules import TableRole
from recordkit.nlp.table_captions import ratio_columns


def earlier_columns(reader: Any, header: list[str], rows: list[list[str]], marrow: bool) -> list:
    """The values of `prior` columns headed by their own date, dated by their header cell."""
    prior = reader.headers.get(TableRole.PRIOR)
    roles = reader.roles(header, rows)
    if prior is None or TableRole.ANALYTE in roles:  # a row per test: its dated columns are read
        return []
    named = {c: a for c, h in enumerate(header) if (a := reader.analyte_of(h, header=True))}
    named = ratio_columns(header, roles, named, reader.headers[TableRole.VALUE])
    tests = {a for c, a in named.items() if not reader.ctx.recipient.search(header[c])}
    if len(tests) != 1:
        return []
    (test,) = tests
    dated = {
        c: test
        for c, h in enumerate(header)
        if c not in named and reader.dates_column(h) and prior.match(h.strip(STRIP))
    }
    if not dated:
        return []
    found = reader._by_column(header, rows, roles, dated, marrow)
    return [v._replace(date_at=(-1, v.col)) for v in found]


__all__ = ["earlier_columns"]
