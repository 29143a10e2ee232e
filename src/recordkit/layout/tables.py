"""Lines with aligned segments -> table rows and columns (wrapped cells folded into their row)."""

from __future__ import annotations

import re

from recordkit.layout.cues import SERIES_DATE, is_field
from recordkit.layout.lines import Line, Segment, join_words
from recordkit.layout.series import dates_apart, figures_under_dates, place_figures
from recordkit.models import Word

ROW_GAP = 2.5  # line heights between two lines of one table at most
ALIGN = 1.2  # line heights within which two cells start in the same column
KEY_COLUMN = 0.75  # share of rows whose cell in one column is short, in a real table
PROSE_WORDS = 4  # a cell of this many words, some in lower case, is a run of prose ...
PROSE_COLUMNS = 2  # ... and a "table" with this many columns mostly of prose is justified text
SNAP = 0.5  # a word this close to a column's left edge may start a cell ...
WIDE_SPACE = 0.45  # ... when the space before it is wider than this many line heights
PITCH_SPREAD = 0.01  # share within which a fixed-pitch line's character widths agree
HEAD_CELLS = 3  # labels in a row that may head another table stacked under one
# a column's collection date, perhaps with its time ('02/21/2023 0830', '03/06/23 07:12', Epic)
_DATE_HEAD = re.compile(
    rf"(?:{SERIES_DATE.pattern})(?:\s+(?:\d{{1,2}}:\d{{2}}|[01]\d[0-5]\d|2[0-3][0-5]\d))?"
)


def _seg_text(s: Segment) -> str:
    return join_words(s.words)


def _field_line(line: Line) -> bool:
    return all(is_field(t) for t in _field_texts(line))


def _field_texts(line: Line) -> list[str]:
    """The line's segments, one that starts with a colon joined to the label before it.

    Lab printouts pad their labels so the colons line up ('Collected    : 14/04/2023'): the
    label and the colon's cell are one 'Label: value' field.
    """
    texts: list[str] = []
    for s in line.segments:
        t = _seg_text(s)
        if texts and t[:1] in ":：":
            texts[-1] += " " + t
        else:
            texts.append(t)
    return texts


def _edges(line: Line) -> set[tuple[str, float]]:
    """Where a line's later cells start, and where those before its last one end.

    The last cell's right end is left out: in justified prose every line ends at the margin.
    """
    segs = line.segments[1:]
    return {("l", s.x0) for s in segs} | {("r", s.x1) for s in segs[:-1]}


def _aligned(line: Line, edges: set[tuple[str, float]], h: float, col0: float) -> bool:
    """Most of the line's cells after the first column start or end where earlier rows' do."""
    if not edges:
        return False
    in_col0 = abs(line.segments[0].x0 - col0) <= ALIGN * h
    later = line.segments[1:] if in_col0 else line.segments
    mine = [("l", s.x0) for s in later] + [("r", s.x1) for s in later[:-1]]
    hits = {
        i
        for i, (side, x) in enumerate(mine)
        for side2, x2 in edges
        if side == side2 and abs(x - x2) <= ALIGN * h
    }
    cells_hit = sum(1 for k in range(len(later)) if k in hits or k + len(later) in hits)
    return cells_hit >= max(1, 0.5 * len(later))


def _wide_space(line: Line, h: float) -> float:
    """How wide a space between two words of `line` must be to part two cells.

    In a fixed-pitch font (a lab system's printout: every character as wide as the next) a
    single space is a whole character wide, wider than a proportional font's; only two or
    more part cells there.
    """
    pitches = [(w.x1 - w.x0) / len(w.text) for w in line.words if len(w.text) >= 2]
    if len(pitches) >= 3 and max(pitches) - min(pitches) <= PITCH_SPREAD * max(pitches):
        return max(WIDE_SPACE * h, 1.5 * max(pitches))
    return WIDE_SPACE * h


def _split_at(line: Line, edges: set[tuple[str, float]], h: float) -> Line:
    """The line with a cell break wherever a word starts at a known column after a wide space."""
    lefts = [x for side, x in edges if side == "l"]
    wide = _wide_space(line, h)
    segs: list[list[Word]] = []
    for s in line.segments:
        segs.append([s.words[0]])
        for a, b in zip(s.words, s.words[1:], strict=False):
            at_column = any(abs(b.x0 - x) <= SNAP * h for x in lefts)
            if at_column and b.x0 - a.x1 > wide:
                segs.append([b])
            else:
                segs[-1].append(b)
    if len(segs) == len(line.segments):
        return line
    return Line(line.words, tuple(Segment(tuple(ws)) for ws in segs))


def _short(cell: str) -> bool:
    """A cell as tables hold them: a figure, a date, a label, a unit; not a run of prose."""
    words = cell.split()
    if not words:
        return False
    if any(c.isdigit() for c in cell) and len(words) <= 4:
        return True
    return (len(words) <= 3 and not cell[:1].islower()) or (len(words) == 1 and len(cell) <= 8)


def _has_key_column(cells: list[list[tuple[int, str]]]) -> bool:
    """Some column holds short cells in most rows (dates, values, names): prose has none."""
    columns = {c for row in cells for c, _ in row}
    for c in columns:
        short = sum(any(k == c and _short(t) for k, t in row) for row in cells)
        if short >= KEY_COLUMN * len(cells):
            return True
    return False


def _prose(cell: str) -> bool:
    words = cell.split()
    return len(words) >= PROSE_WORDS and any(w.isalpha() and w.islower() for w in words)


def _prose_columns(cells: list[list[tuple[int, str]]]) -> int:
    """How many columns hold prose in at least half of their filled cells.

    A table has at most one such column (a Date | Event list's events, a comment column);
    justified text whose wide word gaps line up from line to line has several.
    """
    texts: dict[int, list[str]] = {}
    for row in cells:
        for c, t in row:
            if t.strip():
                texts.setdefault(c, []).append(t)
    return sum(2 * sum(map(_prose, ts)) >= len(ts) for ts in texts.values())


def _dated_rows(cells: list[list[tuple[int, str]]]) -> bool:
    """The first column opens most rows below the first with a date: a dated history.

    A treatment history ('05/11/2020 | Hyper-CVAD cycle 1 (course A) + IT MTX | BM
    01/12/2020: CR, blasts 1.5%') holds prose in two columns; justified text lines up no
    date at the start of each line.
    """
    body = [dict(row).get(0, "") for row in cells[1:]]
    dated = sum(bool(SERIES_DATE.match(t.strip())) for t in body)
    return dated >= 2 and dated >= KEY_COLUMN * len(body)


def _label_row(line: Line) -> bool:
    """A row of three or more labels, none with a figure: a table's header ('Day | Date')."""
    cells = [_seg_text(s) for s in line.segments]
    return len(cells) >= HEAD_CELLS and all(
        any(ch.isalpha() for ch in c) and not any(ch.isdigit() for ch in c) for c in cells
    )


def _heads_another(line: Line, first: Line, gap: float, widest: float, h: float) -> bool:
    """A header of another table stacked under this one, which has a header of its own.

    A row of labels set apart by more space than any between the table's lines so far, with
    a different number of cells from the table's header row.
    """
    return (
        gap > widest + SNAP * h
        and _label_row(first)
        and _label_row(line)
        and len(line.segments) != len(first.segments)
    )


def _under_blank_corner(first: Line, line: Line, h: float) -> bool:
    """`first` heads its columns over a blank top-left cell, and `line` is the row under it.

    Analytes across the top and time points down the side ('Hb (g/L) | Plt' over
    'Pre-transfusion | 68 | 8') usually leave the corner blank, and so do cumulative
    printouts over their test names ('10/06/23 | 15/06/23 | Units' over 'Hb | 78 | 84 | g/L'):
    the row's name ends left of the header's first cell, and its other cells stand under the
    header's labels, or within its dates.
    """
    if len(line.segments) < 2 or line.segments[0].x1 > first.segments[0].x0:
        return False
    if _field_line(line):
        return False
    if not all(_seg_text(s)[:1].isalpha() for s in first.segments):
        return _within_dates(first.segments, line.segments[1:], h, timed=True)
    heads = {("l", s.x0) for s in first.segments} | {("r", s.x1) for s in first.segments[:-1]}
    return _aligned(line, heads, h, line.segments[0].x0)


def _under_dates(line: Line, first: Line, h: float) -> bool:
    """Under a cumulative printout's row of dates, most of the row's figures stand within them.

    A date wider than its column's figures ('20/05/24' over '84') leaves them right-aligned
    or centred under it, starting and ending nowhere the date does; the printout's first
    row lines up with its header only so.
    """
    return _within_dates(first.segments[1:], line.segments[1:], h)


def _within_dates(
    heads: tuple[Segment, ...], later: tuple[Segment, ...], h: float, timed: bool = False
) -> bool:
    """Two or more of `heads` are dates, and most of `later` stand within some head.

    `timed`: a date may carry its collection time ('02/21/2023 0830'), as an Epic flowsheet's
    column heads over a blank corner do.
    """
    date = _DATE_HEAD if timed else SERIES_DATE
    if sum(bool(date.fullmatch(_seg_text(s))) for s in heads) < 2:
        return False
    slack = SNAP * h
    within = sum(
        any(hd.x0 - slack <= s.x0 and s.x1 <= hd.x1 + slack for hd in heads) for s in later
    )
    return within >= max(2, 0.5 * len(later))


def table_end(lines: list[Line], i: int, h: float) -> tuple[int, list[list[Line]]]:
    """Where a table starting at line `i` ends, and its rows as groups of lines; (i, []) if none."""
    first = dates_apart(lines[i])
    if len(first.segments) < 2 or _field_line(first):
        return i, []
    col0 = first.segments[0].x0
    rows: list[list[Line]] = [[first]]
    edges = _edges(first)
    multi = 1
    widest = 0.0  # the widest space between two of the table's lines
    j = i + 1
    while j < len(lines):
        line, prev = _split_at(lines[j], edges, h), lines[j - 1]
        gap = line.box.top - prev.box.bottom
        if gap > ROW_GAP * h or (multi >= 2 and _heads_another(line, first, gap, widest, h)):
            break
        widest = max(widest, gap)
        starts_col0 = abs(line.segments[0].x0 - col0) <= ALIGN * h
        lead = _seg_text(line.segments[0])
        if j == i + 1 and not starts_col0 and _under_blank_corner(first, line, h):
            col0 = line.segments[0].x0
            edges = {("l", s.x0) for s in first.segments} | _edges(first) | _edges(line)
            rows.append([line])
            multi += 1
        elif len(line.segments) >= 2 and starts_col0 and not _field_line(line):
            under = multi == 1 and _under_dates(line, first, h)
            under = under or figures_under_dates(line, first)
            if not under and not _aligned(line, edges, h, col0):
                break
            rows.append([line])
            edges |= _edges(line)
            multi += 1
        elif not starts_col0 and line.segments[0].x0 > col0 and _aligned(line, edges, h, col0):
            rows[-1].append(line)  # a wrapped cell further right
        elif starts_col0 and (lead[:1].islower() or lead[:1] in "()" or len(line.segments) > 1):
            rows[-1].append(line)  # the first cell wrapped
        else:
            break
        j += 1
    cells = table_cells(rows, h) if multi >= 2 else []
    if not cells or not _has_key_column(cells):
        return i, []
    if _prose_columns(cells) >= PROSE_COLUMNS and not _dated_rows(cells):
        return i, []
    return j, rows


def _columns(rows: list[list[Line]], h: float) -> list[tuple[float, float]]:
    """Column extents: segments of different rows that overlap or start together share one."""
    cols: list[list[float]] = []
    for row in rows:
        for line in row:
            used: set[int] = set()
            for s in line.segments:
                best, score = None, 0.0
                for k, (a, b) in enumerate(cols):
                    if k in used:
                        continue
                    overlap = min(b, s.x1) - max(a, s.x0)
                    near = abs(a - s.x0) <= ALIGN * h
                    sc = max(overlap, h if near else 0.0)
                    if sc > score:
                        best, score = k, sc
                if best is None:
                    cols.append([s.x0, s.x1])
                    used.add(len(cols) - 1)
                else:
                    cols[best] = [min(cols[best][0], s.x0), max(cols[best][1], s.x1)]
                    used.add(best)
    return sorted((a, b) for a, b in cols)


def table_cells(rows: list[list[Line]], h: float) -> list[list[tuple[int, str]]]:
    """Each row as (column, text) cells; a wrapped cell's lines joined in its column."""
    cols = _columns(rows, h)

    def col_of(s: Segment) -> int:
        return max(
            range(len(cols)),
            key=lambda k: (min(cols[k][1], s.x1) - max(cols[k][0], s.x0), -abs(cols[k][0] - s.x0)),
        )

    placed = [[(col_of(s), s) for line in row for s in line.segments] for row in rows]
    placed = place_figures(placed, h)
    out = []
    for row in placed:
        cells: dict[int, list[str]] = {}
        for k, s in sorted(row, key=lambda ks: ks[0]):
            cells.setdefault(k, []).append(_seg_text(s))
        out.append([(k, " ".join(v)) for k, v in sorted(cells.items())])
    return out
