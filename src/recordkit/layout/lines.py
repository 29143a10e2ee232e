"""Word boxes -> lines -> segments, in reading order, with two-column pages read column by column.

A segment is a run of words on one line separated by less than a cell gap; table cells and
form fields are segments. A page whose words leave a vertical gutter free over a run of prose
lines on both sides is read as two columns: the left column first, then the right. The
columns go on over the lines next to that run that split at the left column's right edge (a
table or figure in one column may reach into the gutter), however short the columns are.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from recordkit.layout.cues import is_field, is_list_start
from recordkit.layout.model import Box
from recordkit.models import Word
from recordkit.text.script import is_cjk

CELL_GAP = 0.9  # a gap wider than this many word heights separates two segments
GUTTER_MIN = 1.5  # a column gutter is at least this many word heights wide
COLUMN_RUN = 4  # lines a two-column stretch must last
PROSE_WORDS = 3.0  # mean words per line on each side of a gutter for prose columns
PROSE_LINES = 3  # lines of prose (no gutter-wide gap) each side holds at least
TABLE_LINES = 0.3  # more two-sided lines than this with cells on both sides: a form or table
SIDE_CELLS = 0.5  # more of a side's lines than this with a gutter-wide gap: cells, not prose
EDGE_SLACK = 0.25  # word heights a column's line may pass its column's right edge by
SPLIT_GAP_MIN = 0.45  # word heights of white a line split at the column edge leaves at least
LEFT_WORDS = 4.0  # mean words of the left column's pieces beside a table reaching into the gutter
EVEN_GAPS = 0.15  # word heights within which the spaces of a justified line of prose agree
INNER_LINES = 0.8  # share of a side's lines whose later cells start at one x: table columns
INNER_SLACK = 0.25  # word heights within which two cells start at one column edge
CHAR_WIDTH = 0.6  # a character is about this many word heights wide on a square scan


@dataclass(frozen=True, slots=True)
class Segment:
    """Words of one line that belong together (a phrase, a cell, a field)."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        """Left edge."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Right edge."""
        return self.words[-1].x1


@dataclass(frozen=True, slots=True)
class Line:
    """One text line: its words left to right, split into segments."""

    words: tuple[Word, ...]
    segments: tuple[Segment, ...]

    @property
    def box(self) -> Box:
        """The box around the line's words."""
        return Box(
            min(w.x0 for w in self.words),
            min(w.top for w in self.words),
            max(w.x1 for w in self.words),
            max(w.bottom for w in self.words),
        )

    @property
    def text(self) -> str:
        """The line's words joined by spaces."""
        return join_words(self.words)


SPLIT_GAP = 0.1  # word heights: a narrower gap inside a run of letters is no space


def join_words(words: tuple[Word, ...] | list[Word]) -> str:
    """Words of a line joined by spaces, except between two Chinese characters.

    Nor across a split word: OCR now and then cuts a word in two with no gap ('dia' 'gnosed').
    """
    out = ""
    h = word_height(words) if words else 0.0
    prev: Word | None = None
    for w in words:
        if out and not (is_cjk(out[-1]) and is_cjk(w.text[:1])) and not _split(prev, w, h):
            out += " "
        out += w.text
        prev = w
    return out


def _split(a: Word | None, b: Word, h: float) -> bool:
    """`b` carries on the word `a` began: lower-case letters touching across the cut."""
    return (
        a is not None
        and a.text[-1:].isalpha()
        and a.text[-1:].islower()
        and b.text[:1].isalpha()
        and b.text[:1].islower()
        and -0.5 * h < b.x0 - a.x1 < SPLIT_GAP * h
    )


def word_height(words: list[Word] | tuple[Word, ...]) -> float:
    """The median word height: the page's type size in its own units."""
    heights = [w.bottom - w.top for w in words if w.bottom > w.top]
    return statistics.median(heights) if heights else 10.0


def _cluster_lines(words: list[Word]) -> list[list[Word]]:
    """Group words whose vertical extents overlap by half a line into lines, top to bottom."""
    lines: list[list[Word]] = []
    bounds: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        h = max(w.bottom - w.top, 1e-6)
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bounds[i]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(h, bottom - top):
                lines[i].append(w)
                bounds[i] = (min(top, w.top), max(bottom, w.bottom))
                break
        else:
            lines.append([w])
            bounds.append((w.top, w.bottom))
    order = sorted(range(len(lines)), key=lambda i: (bounds[i][0], bounds[i][1]))
    return [sorted(lines[i], key=lambda w: w.x0) for i in order]


def _justified(words: list[Word], height: float) -> bool:
    """A line of prose set justified: its spaces all widened alike, its words mostly lower case.

    A narrow column's justified line of a few long words ('unrelated   donor   allogeneic')
    has spaces as wide as a table's; a table row's gaps differ from cell to cell.
    """
    if len(words) < 4 or 2 * sum(w.text[:1].islower() for w in words) < len(words):
        return False
    gaps = [b.x0 - a.x1 for a, b in pairwise(words)]
    return max(gaps) - min(gaps) <= EVEN_GAPS * height


def _segments(words: list[Word], gap: float, height: float) -> tuple[Segment, ...]:
    if _justified(words, height):
        return (Segment(tuple(words)),)
    out: list[list[Word]] = [[words[0]]]
    for w in words[1:]:
        if w.x0 - out[-1][-1].x1 > gap:
            out.append([w])
        else:
            out[-1].append(w)
    return tuple(Segment(tuple(s)) for s in out)


def _stretch(words: list[Word], height: float) -> float:
    """How much wider than usual the page's characters are (2 on a 200 x 100 dpi fax)."""
    widths = [(w.x1 - w.x0) / len(w.text) for w in words if len(w.text) >= 3]
    if not widths or height <= 0:
        return 1.0
    return max(1.0, statistics.median(widths) / (CHAR_WIDTH * height))


def make_lines(words: list[Word], height: float) -> list[Line]:
    """Lines of `words`, top to bottom, each split into segments.

    A cell gap is measured against the type size, stretched where characters are wide, so
    pages scanned at unequal resolutions (fax: 200 x 100 dpi) split as a square scan does.
    """
    clustered = [ws for ws in _cluster_lines(words) if ws]
    gap = CELL_GAP * height * _stretch(words, height)
    return [Line(tuple(ws), _segments(ws, gap, height)) for ws in clustered]


def _free(lines: list[list[Word]], xs: np.ndarray, half: float) -> np.ndarray:
    """Flags: free[i, k] when line i leaves [xs[k]-half, xs[k]+half] free of words.

    One array test a line, instead of a Python loop over its words for every candidate x.
    """
    free = np.ones((len(lines), len(xs)), dtype=bool)
    for i, ws in enumerate(lines):
        if ws:
            x0 = np.array([w.x0 for w in ws])[:, None]
            x1 = np.array([w.x1 for w in ws])[:, None]
            free[i] = ((x1 <= xs - half) | (x0 >= xs + half)).all(axis=0)
    return free


def _gutter_run(
    lines: list[list[Word]], x: float, free: np.ndarray, gap: float
) -> tuple[int, int] | None:
    """The longest run of lines that leave the gutter at x free, with prose on both sides.

    `free` holds one flag a line (a column of `_free`); `gap` is the gutter's least width.
    """
    best: tuple[int, int] | None = None
    start = None
    for i, is_free in enumerate([*free.tolist(), False]):
        if is_free:
            start = i if start is None else start
            continue
        if start is not None and (best is None or i - start > best[1] - best[0]):
            best = (start, i)
        start = None
    if best is None or best[1] - best[0] < COLUMN_RUN:
        return None
    run = lines[best[0] : best[1]]
    sides = [([w for w in ws if w.x1 <= x], [w for w in ws if w.x0 >= x]) for ws in run]
    both = [(a, b) for a, b in sides if a and b]
    if len(both) < 3 or sum(1 for _, b in sides if b) < 3:
        return None
    words_l = statistics.mean(len(a) for a, _ in sides if a) if any(a for a, _ in sides) else 0
    words_r = statistics.mean(len(b) for _, b in sides if b)
    if words_l < PROSE_WORDS or words_r < PROSE_WORDS:
        return None
    return best if _prose_sides(sides, gap) else None


def _prose_sides(sides: list[tuple[list[Word], list[Word]]], gap: float) -> bool:
    """Both sides hold prose, and no table or form runs across the gutter.

    A form's fields or a table's cells leave wide gaps inside a side's lines; prose does not.
    A table inside one column gaps that column's lines only, beside the other's prose; a
    table across the gutter gaps the lines on both sides of it.
    """
    both = [(a, b) for a, b in sides if a and b]
    if sum(_gapped(a, gap) and _gapped(b, gap) for a, b in both) > TABLE_LINES * len(both):
        return False
    halves = ([a for a, _ in sides if a], [b for _, b in sides if b])
    for side in halves:
        cells = sum(_gapped(ws, gap) for ws in side)
        prose = sum(_prose_line(ws, gap) for ws in side)
        if cells > SIDE_CELLS * len(side) or prose < PROSE_LINES:
            return False
    return not all(_inner_column(side, gap / GUTTER_MIN) for side in halves)


def _cell_starts(words: list[Word], h: float) -> list[float]:
    """Where the line's words after more than a word space start (not after a list's bullet)."""
    lead = 1 if is_list_start(words[0].text + " x") else 0  # '•', '1.': an item's text
    return [b.x0 for a, b in pairwise(words[lead:]) if b.x0 - a.x1 > CELL_GAP * h]


def _inner_column(side: list[list[Word]], h: float) -> bool:
    """Most of a side's lines start a later cell at one x: a table's columns, not prose.

    Prose wraps wherever its words end, so no word but a line's first starts at the same x
    line after line; a table's narrow columns ('2nd line | FLAG-IDA x 2' beside
    '02-02-2019 | CR2') start each cell at its column's edge, after more than a word space.
    A list item's text after its bullet or number is no cell.
    """
    starts = [_cell_starts(sorted(ws, key=lambda w: w.x0), h) for ws in side]
    for x in {x for xs in starts for x in xs}:
        lined = sum(any(abs(y - x) <= INNER_SLACK * h for y in xs) for xs in starts)
        if lined >= max(PROSE_LINES, INNER_LINES * len(side)):
            return True
    return False


def _prose_line(words: list[Word], gap: float) -> bool:
    """A line of running text: a few words, no cell gap, not a 'Label: value' field."""
    return len(words) >= PROSE_WORDS and not _gapped(words, gap) and not is_field(join_words(words))


def _gapped(words: list[Word], gap: float) -> bool:
    """Whether a line's words leave a gap wider than `gap` between two of them."""
    xs = sorted((w.x0, w.x1) for w in words)
    return any(b[0] - a[1] > gap for a, b in pairwise(xs))


def _sides(words: list[Word], edge: float) -> tuple[list[Word], list[Word]] | None:
    """The line's words left and right of the column edge; None if a word runs across it."""
    left = [w for w in words if w.x1 <= edge]
    right = [w for w in words if w.x0 >= edge]
    if len(left) + len(right) < len(words):
        return None
    if left and right:
        white = min(w.x0 for w in right) - max(w.x1 for w in left)
        if white < SPLIT_GAP_MIN * word_height(words):  # a word space: one line of text
            return None
    return left, right


def _columns_go_on(pairs: list[tuple[list[Word], list[Word]]], gap: float) -> bool:
    """Lines split at the column edge carry the columns on: no table runs across the gutter.

    A table in one column may reach into the gutter beside the other column's prose; a table
    across the gutter has cells on both sides of it, or short labels left of its values.
    """
    both = [(a, b) for a, b in pairs if a and b]
    if any(_gapped(a, gap) and _gapped(b, gap) for a, b in both):
        return False
    return not both or statistics.mean(len(a) for a, _ in both) >= LEFT_WORDS


def _column_stretch(
    rough: list[list[Word]], gx: float, run: tuple[int, int], height: float, gap: float
) -> tuple[float, int, int]:
    """The left column's right edge, and the gutter's run widened over the lines around it.

    Lines next to the run that split at that edge (a table in one column reaching into the
    gutter, a column's last lines) belong to the columns too.
    """
    a, b = run
    edge = max(w.x1 for ws in rough[a:b] for w in ws if w.x1 <= gx) + EDGE_SLACK * height
    split = [_sides(ws, edge) for ws in rough]
    start = a
    while start > 0 and split[start - 1] is not None:
        start -= 1
    end = b
    while end < len(rough) and split[end] is not None:
        end += 1
    above = [x for x in split[start:a] if x is not None]
    below = [x for x in split[b:end] if x is not None]
    return (
        edge,
        start if _columns_go_on(above, gap) else a,
        end if _columns_go_on(below, gap) else b,
    )


def find_gutter(words: list[Word], width: float, height: float) -> tuple[float, int, int] | None:
    """Two columns: (x between them, first line, end line) over the page's rough lines, or None."""
    if not words or width <= 0:
        return None
    rough = _cluster_lines(words)
    half = GUTTER_MIN * height * _stretch(words, height) / 2
    candidates = []
    x = 0.3 * width
    while x <= 0.7 * width:
        candidates.append(x)
        x += max(1.0, height / 4)
    if not candidates:
        return None
    free = _free(rough, np.array(candidates), half)
    best: tuple[int, float, int, int] | None = None
    for k, x in enumerate(candidates):
        run = _gutter_run(rough, x, free[:, k], 2 * half)
        if run and (best is None or run[1] - run[0] > best[0]):
            best = (run[1] - run[0], x, run[0], run[1])
    if best is None:
        return None
    _, gx, a, b = best
    return _column_stretch(rough, gx, (a, b), height, 2 * half)


def reading_order(words: list[Word], width: float) -> list[list[Line]]:
    """The page's lines as reading-order groups (a group per column stretch or full width)."""
    if not words:
        return []
    h = word_height(words)
    gutter = find_gutter(words, width, h)
    if gutter is None:
        return [make_lines(words, h)]
    edge, a, b = gutter
    rough = _cluster_lines(words)
    before = [w for ws in rough[:a] for w in ws]
    inside = [w for ws in rough[a:b] for w in ws]
    after = [w for ws in rough[b:] for w in ws]
    groups = [
        make_lines(before, h),
        make_lines([w for w in inside if w.x1 <= edge], h),
        make_lines([w for w in inside if w.x1 > edge], h),
        make_lines(after, h),
    ]
    return [g for g in groups if g]
