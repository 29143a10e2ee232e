"""Text without word boxes (Word documents, text files) -> blocks, line by line.

Rows with cells separated by tabs or ' | ' (how Word tables are read) are tables, and so are
lines set out in columns with spaces (how laboratory systems print): two or more lines whose
text leaves the same two-space-wide gaps in every line, at least two of them (a Chinese
character is two columns wide, as the printer set it), and a row of two or more dates over
rows of a name and as many values, however they are spaced (a cumulative printout), and
a data export's comma-separated values: a header of labels joined by bare commas over rows
of as many fields, each row one table row (a comma there parts cells, never a decimal).
Blank lines end paragraphs, and so does a banner rule ('--- HEMATOLOGY ----', a heading;
'=====', a divider); soft-wrapped lines are joined.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from itertools import pairwise

from recordkit.layout import cues
from recordkit.layout.builder import TextBuilder, join_lines
from recordkit.layout.model import BlockKind

_CELLS = re.compile(r"\t+|\s+\|\s+|\s*\|\s*(?=\S)|\s{3,}")
# a row that starts with a separator, not a border: its first cell is empty ('\t02/01' or
# ' | 02/01', as a Word row is joined); a border is a '|' at the very start of the line
_BLANK_FIRST = re.compile(r"\t|[ ]+\|[ ]")
_SPACED = re.compile(r"\S {2,}\S")  # two cells of a space-aligned line
MIN_GUTTER = 2  # spaces between two columns of a space-aligned table
_VALUE_START = re.compile(r"[<>≤≥]?\d")  # a cell that holds a figure
CSV_SEPARATORS = ",;"  # what a data export puts between its fields
_LABEL_START = re.compile(r"[^\W\d_]")  # a column label starts with a letter
_WIDE_PAD = "\0"  # fills a wide character's second column while columns are measured


def _on_screen(line: str) -> str:
    """`line` as it stands in columns: a wide (CJK) character takes two, as a printer sets it."""
    return "".join(
        ch + _WIDE_PAD if unicodedata.east_asian_width(ch) in "WF" else ch for ch in line
    )


def _cells(line: str) -> list[str] | None:
    if "\t" not in line and "|" not in line:
        return None
    parts = _CELLS.split(line.strip().strip("|"))
    if _BLANK_FIRST.match(line):  # the corner cell above a table's row names is empty
        parts.insert(0, "")
    return parts if len([p for p in parts if p.strip()]) >= 2 else None


def _gutters(lines: list[str]) -> list[tuple[int, int]]:
    """Character spans blank in every line and between text: the columns' gutters."""
    width = max(len(line) for line in lines)
    blank = [all(pos >= len(line) or line[pos] == " " for line in lines) for pos in range(width)]
    first = min(len(line) - len(line.lstrip()) for line in lines)
    spans, start = [], None
    for pos in range(first, width + 1):
        if pos < width and blank[pos]:
            start = pos if start is None else start
        elif start is not None:
            if pos < width and pos - start >= MIN_GUTTER:
                spans.append((start, pos))
            start = None
    return spans


def _label_cells(line: str) -> list[str] | None:
    """A header line's cells: two or more, each a letter and no figure ('Fraction', '% Donor').

    A date is no figure: a header may name when its column was taken ('Labs 02/14/2023').
    """
    cells = re.split(rf"\s{{{MIN_GUTTER},}}", line.strip())
    words = [
        bool(_LABEL_START.search(c)) and not re.search(r"\d", cues.SERIES_DATE.sub("", c))
        for c in cells
    ]
    return cells if len(cells) >= 2 and all(words) else None


def _split(lines: list[str], gutters: list[tuple[int, int]]) -> list[list[tuple[int, str]]]:
    """On-screen `lines` cut at `gutters` into rows of (column, text)."""
    edges = [0, *(pos for span in gutters for pos in span), None]
    return [
        [
            (k, line[edges[2 * k] : edges[2 * k + 1]].replace(_WIDE_PAD, ""))
            for k in range(len(gutters) + 1)
        ]
        for line in lines
    ]


def _columned(rows: list[list[tuple[int, str]]], headed: bool) -> bool:
    """Enough columns for a table: three, or a labelled name | value pair.

    Two columns line up in much prose and in 'Label   value' fields; they are a table when a
    header of labels stands over rows whose second cell is a figure ('Fraction   % Donor'
    over 'CD3+ T cells   92%').
    """
    if len(rows[0]) >= 3:
        return True
    return headed and all(_VALUE_START.match(row[1][1].strip()) for row in rows[1:])


def _cell_starts(line: str) -> set[int]:
    """Where the cells of a space-aligned line start (after a gutter of two spaces or more)."""
    return {m.start() for m in re.finditer(rf"(?:^|(?<= {{{MIN_GUTTER}}}))\S", line)}


def _next_header(lines: list[str], i: int, j: int) -> int:
    """Where a second table starts inside the spaced lines `i`..`j`: at a new header row, or `j`.

    A row of labels under rows of figures whose cells start where no column of the rows
    above starts ('Product   Units   Start' under a count table) heads a table of its own.
    """
    for k in range(i + 2, j):
        if not _label_cells(lines[k]):
            continue
        above = [_on_screen(x) for x in lines[i:k]]
        figures = any(
            _VALUE_START.match(c) for x in lines[i + 1 : k] for c in re.split(r"\s{2,}", x.strip())
        )
        indent = min(len(x) - len(x.lstrip()) for x in above)
        columns = {end for _, end in _gutters(above)} | {indent}
        if figures and not _cell_starts(_on_screen(lines[k])) <= columns:
            return k
    return j


def _aligned_rows(lines: list[str], i: int) -> tuple[list[list[tuple[int, str]]], int] | None:
    """The space-aligned table starting at line `i`, as rows of (column, text), and its end.

    A header cell may reach across a gutter of the rows under it (a panel's name over its
    test names and results): when the rows' own gutters give as many columns as the header
    has cells, the header's cells stand over them in order.
    """
    j, col0 = i, len(lines[i]) - len(lines[i].lstrip())
    while j < len(lines) and "\t" not in lines[j]:
        if not (_SPACED.search(lines[j]) or (j > i and _wraps(lines[j - 1], lines[j], col0))):
            break
        j += 1
    j = _next_header(lines, i, j)
    if j - i < 2:
        return None
    screen = [_on_screen(x) for x in lines[i:j]]
    wrapped = [k > 0 and _wraps(screen[k - 1], x, col0) for k, x in enumerate(screen)]
    head = _label_cells(lines[i])
    gutters = _gutters(screen)
    if head and j - i >= 3 and len(body := _gutters(screen[1:])) > len(gutters):
        rows = [list(enumerate(head)), *_split(screen[1:], body)]
        if len(head) == len(body) + 1 and _columned(rows, True):
            return _fold(rows, wrapped), j
    if gutters and _columned(rows := _split(screen, gutters), head is not None):
        return None if _padded_fields(rows) else (_fold(rows, wrapped), j)
    return None


def _open(cell: str) -> bool:
    """A cell its own line leaves unfinished: a bracket not closed, or a comma or joiner last."""
    text = cell.rstrip()
    return text.count("(") > text.count(")") or text.endswith((",", "(", "-", "/", "+", "&"))


def _wraps(prev: str, line: str, col0: int) -> bool:
    """`line` carries on a cell of the line above that wrapped: one table row over two lines.

    A typed table wraps a long cell onto the next line in its own column, the columns left
    of it blank ('15/05/2023  -   DLI (donor lymphocyte infusion) from original' over
    '                MUD, 1 x 10^6 CD3+ cells/kg'): the line starts right of the table's
    first column, where a cell of the line above starts, and goes on that cell: its
    sentence, or a cell its own line left open ('FLAG-Ida (fludarabine 30 mg/m2' over 'D1-5,
    idarubicin ...)'). A new entry under a blank date ('Plt  45' under 'Hb  98') goes on no
    open cell and stays a row.
    """
    start = len(line) - len(line.lstrip())
    if start <= col0 or start not in _cell_starts(prev):
        return False
    above = re.split(rf"\s{{{MIN_GUTTER},}}", prev[start:].strip())[0]
    return _open(above) or cues.continues(above, re.split(rf"\s{{{MIN_GUTTER},}}", line.strip())[0])


def _fold(rows: list[list[tuple[int, str]]], wrapped: list[bool]) -> list[list[tuple[int, str]]]:
    """Each wrapped line's cells joined, column by column, to the row it carries on."""
    out: list[list[tuple[int, str]]] = []
    for row, wraps in zip(rows, wrapped, strict=True):
        if not (wraps and out):
            out.append(row)
            continue
        cells = dict(out[-1])
        for k, text in row:
            cells[k] = join_lines([cells.get(k, ""), text])
        out[-1] = sorted(cells.items())
    return out


def _padded_fields(rows: list[list[tuple[int, str]]]) -> bool:
    """Every row is a 'Label   : value' field whose label is padded so the colons line up.

    Lab printouts pad their header's labels ('Collected    : 14/04/2023', 'Reported     :
    15/04/2023'): a label cell followed by a cell starting with a colon is one field, not two
    columns of a table.
    """
    return all(
        any(a.strip() and b.lstrip()[:1] in ":：" for (_, a), (_, b) in pairwise(row))
        for row in rows
    )


def _tail(line: str, cell: re.Pattern[str]) -> tuple[str, list[str]]:
    """`line` as its label and the run of trailing tokens that match `cell`."""
    tokens = line.split()
    n = 0
    while n < len(tokens) and cell.fullmatch(tokens[len(tokens) - 1 - n]):
        n += 1
    return " ".join(tokens[: len(tokens) - n]), tokens[len(tokens) - n :]


def _series_rows(lines: list[str], i: int) -> tuple[list[list[tuple[int, str]]], int] | None:
    """A cumulative table set with single spaces: a row of dates, then rows of as many values.

    'Collected 15/01/24 22/01/24 29/01/24' over 'Hgb g/L 79 94 91': the k-th value of each row
    stands under the k-th date, as an OCR'd or pasted lab printout keeps them, whatever the
    spacing.
    """
    label, dates = _tail(lines[i], cues.SERIES_DATE)
    if len(dates) < 2:
        return None
    rows = [[(0, label), *((k + 1, d) for k, d in enumerate(dates))]]
    j = i + 1
    while j < len(lines):
        name, values = _tail(lines[j], cues.SERIES_VALUE)
        if len(values) != len(dates) or not _LABEL_START.search(name):
            break
        rows.append([(0, name), *((k + 1, v) for k, v in enumerate(values))])
        j += 1
    return (rows, j) if len(rows) >= 2 else None


def _fields(line: str, sep: str) -> list[str] | None:
    """`line` read as one record of values parted by bare `sep`s (quoted fields kept whole).

    None where a field starts with a space: prose puts one after its commas, an export not.
    """
    fields = next(csv.reader([line.strip()], delimiter=sep), [])
    return None if any(f[:1].isspace() for f in fields) else fields


def _csv_rows(lines: list[str], i: int) -> tuple[list[list[tuple[int, str]]], int] | None:
    """A comma- (or semicolon-) separated export starting at line `i`, and its end.

    Its header is two or more labels, each starting with a letter, joined by bare separators
    ('Collected,Test,Result,Units'); each following line with as many fields is one row.
    """
    sep = max(CSV_SEPARATORS, key=lines[i].count)
    labels = _fields(lines[i], sep)
    if not labels or len(labels) < 2 or not all(_LABEL_START.match(c) for c in labels):
        return None
    rows = [list(enumerate(labels))]
    j = i + 1
    while j < len(lines) and (fields := _fields(lines[j], sep)) and len(fields) == len(labels):
        rows.append(list(enumerate(fields)))
        j += 1
    return (rows, j) if len(rows) >= 2 else None


def _titled(lines: list[str], i: int) -> bool:
    """A short sentence-case line on its own, not carried on by the next: a heading.

    On its own: after a blank line, or over list items ('Active problems' / '1. AML'), which
    a heading's words name however close the line above stands.
    """
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return (
        cues.is_short_title(lines[i])
        and (i == 0 or not lines[i - 1].strip() or cues.is_list_start(nxt))
        and bool(nxt.strip())
        and (_cells(nxt) is not None or not cues.continues(lines[i], nxt))
    )


def add_text_blocks(tb: TextBuilder, text: str) -> None:
    """Classify the lines of `text` into blocks and add them to `tb`."""
    lines = text.replace("\r", "").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _cells(line) and i + 1 < len(lines) and _cells(lines[i + 1]):  # a table has rows
            rows = []
            while i < len(lines) and (cells := _cells(lines[i])):
                rows.append(list(enumerate(cells)))
                i += 1
            tb.add_table(rows)
            continue
        if aligned := _csv_rows(lines, i) or _aligned_rows(lines, i) or _series_rows(lines, i):
            rows, i = aligned
            tb.add_table(rows)
            continue
        if cues.is_page_mark(line):
            tb.add(BlockKind.HEADER_FOOTER, [line])
            i += 1
            continue
        if (title := cues.rule_title(line)) is not None:  # a banner: a heading or a divider
            if title:
                tb.add(BlockKind.HEADING, [line])
            i += 1
            continue
        if cues.is_list_start(line):
            kind = BlockKind.LIST_ITEM
        elif (cues.is_heading(line) or _titled(lines, i)) and not cues.labels_value(
            line, lines[i + 1] if i + 1 < len(lines) else ""
        ):
            kind = BlockKind.HEADING
        elif cues.is_field(line):
            kind = BlockKind.FIELD
        else:
            kind = BlockKind.PARAGRAPH
        j = i + 1
        while kind is not BlockKind.HEADING and j < len(lines) and lines[j].strip():
            nxt = lines[j]
            indented = (
                nxt[:1].isspace() and kind is BlockKind.LIST_ITEM and not cues.is_list_start(nxt)
            )
            if _cells(nxt) or not (indented or cues.continues(lines[j - 1], nxt)):
                break
            j += 1
        tb.add(kind, lines[i:j])
        i = j
