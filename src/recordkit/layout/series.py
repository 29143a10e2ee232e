"""Cumulative printouts: a header row of collection dates over rows of figures, date by date.

A lab system prints such a report with its columns padded by spaces. Set in a fixed-pitch
font, or drawn cell by cell, each figure stands under its date. Set in a proportional font, a
space is narrower than a digit, so a row of figures (mostly spaces) drifts left of the header
(mostly digits), further at each column, and two dates parted by two spaces stay one segment.
Where the figures stand is then told by the rows that fill every date: the k-th figure of
such a row is the k-th date's. A row with blanks keeps its figures in turn up to its first
blank, which shows as a figure standing nearer another column's figures than its own: a
blank (all spaces) draws what follows it left by an unknown share of a column, so the
figures after one are left out of the dated columns rather than given another date's.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from itertools import pairwise

from recordkit.layout.cues import SERIES_DATE, SERIES_VALUE
from recordkit.layout.lines import Line, Segment, join_words

SERIES_TIME = re.compile(r"\d{1,2}:\d{2}")  # a collection time written beside its date
NEAREST = 0.5  # a figure's column is at most this share as far from it as the next nearest
SNAP = 0.5  # line heights a figure standing under its date may pass the date's ends by

Placed = list[tuple[int, Segment]]  # one table row: each segment with its column


def _is_date(s: Segment) -> bool:
    return bool(SERIES_DATE.fullmatch(join_words(s.words)))


def _is_figure(s: Segment) -> bool:
    return bool(SERIES_VALUE.fullmatch(join_words(s.words)))


def _centre(s: Segment) -> float:
    return (s.x0 + s.x1) / 2


def dates_apart(line: Line) -> Line:
    """The line with each of two or more dates side by side in a cell of its own.

    A date after a date (or after the time beside one) starts a new cell, and so do the
    first of them and the word after the last of them when set off as widely as the dates
    are from each other ('Collected 12/03/23 19/03/23 Units' in a proportional font, the
    dates two spaces apart).
    """
    segs = [part for s in line.segments for part in _parted(s)]
    if len(segs) == len(line.segments):
        return line
    return Line(line.words, tuple(segs))


def _parted(s: Segment) -> list[Segment]:
    words = s.words
    dated = [bool(SERIES_DATE.fullmatch(w.text)) for w in words]
    timed = [bool(SERIES_TIME.fullmatch(w.text)) for w in words]
    cuts = {k for k in range(1, len(words)) if dated[k] and (dated[k - 1] or timed[k - 1])}
    if not cuts or sum(dated) < 2:
        return [s]
    narrowest = min(words[k].x0 - words[k - 1].x1 for k in cuts)
    after = max(k for k, d in enumerate(dated) if d) + 1
    after += after < len(words) and timed[after]
    for k in (dated.index(True), after):
        if 0 < k < len(words) and words[k].x0 - words[k - 1].x1 >= narrowest:
            cuts.add(k)
    bounds = [0, *sorted(cuts), len(words)]
    return [Segment(words[a:b]) for a, b in pairwise(bounds)]


def figures_under_dates(line: Line, first: Line) -> bool:
    """`line` is a row of the cumulative printout `first` heads.

    A name, then two or more figures, no more than the header has dates.
    """
    dates = sum(map(_is_date, first.segments[1:]))
    figures = sum(map(_is_figure, line.segments[1:]))
    return dates >= 2 and 2 <= figures <= dates


@dataclass(frozen=True)
class _Header:
    """A cumulative printout's header row, and what its full rows show of where figures stand."""

    heads: list[Segment]  # the dates
    dates: list[int]  # their columns
    centres: list[float]  # where the full rows' k-th figures stand, if they drift from the dates
    full: bool  # some row fills every date
    spare: int  # a column no date heads
    trailing: list[int]  # the header's columns after its dates (unit, range)
    slack: float


def _within(f: Segment, d: Segment, slack: float) -> bool:
    return d.x0 - slack <= f.x0 and f.x1 <= d.x1 + slack


def place_figures(rows: list[Placed], h: float) -> list[Placed]:
    """The rows under a header of dates with each figure in its date's column, or in none."""
    head = next((i for i, r in enumerate(rows) if sum(_is_date(s) for _, s in r) >= 2), None)
    if head is None:
        return rows
    heads = [(k, s) for k, s in rows[head] if _is_date(s)]
    dates = [k for k, _ in heads]
    rows = [*rows[:head], _timed(rows[head], dates), *rows[head + 1 :]]
    body = rows[head + 1 :]
    full = [figs for r in body if len(figs := [s for _, s in r if _is_figure(s)]) == len(dates)]
    drift = any(
        not _within(f, d, SNAP * h) for figs in full for f, (_, d) in zip(figs, heads, strict=True)
    )
    centres = [statistics.median(_centre(f[k]) for f in full) for k in range(len(dates)) if full]
    header = _Header(
        heads=[s for _, s in heads],
        dates=dates,
        centres=centres if drift else [],
        full=bool(full),
        spare=1 + max(k for r in rows for k, _ in r),
        trailing=sorted({k for k, _ in rows[head] if k > max(dates)}),
        slack=SNAP * h,
    )
    return rows[: head + 1] + [_placed(row, header) for row in body]


def _timed(row: Placed, dates: list[int]) -> Placed:
    """The header row with a line of as many collection times as dates under them in turn."""
    times = [s for _, s in row if SERIES_TIME.fullmatch(join_words(s.words))]
    if len(times) != len(dates):
        return row
    return [(k, s) for k, s in row if s not in times] + list(zip(dates, times, strict=True))


def _placed(row: Placed, hd: _Header) -> Placed:
    """One row with its figures under their dates and what follows them after the dates."""
    figures = [(k, s) for k, s in row if _is_figure(s)]
    if not figures or [k for k, _ in figures] == hd.dates:
        return row
    edge = figures[-1][1].x1
    lead = [(k, s) for k, s in row if not _is_figure(s) and s.x0 < edge]
    tail = [(k, s) for k, s in row if not _is_figure(s) and s.x0 >= edge]
    if not lead or max(k for k, _ in lead) >= hd.dates[0] or len(figures) > len(hd.dates):
        return row
    if len(figures) == len(hd.dates):
        cols = hd.dates
    elif hd.centres:
        cols = _in_turn(figures, hd.dates, hd.centres, hd.spare)
    elif hd.full or _under_own_dates(figures, hd):
        return row
    else:  # no row shows whether the figures drift, nor do this row's stand under dates
        cols = [hd.spare] * len(figures)
    placed = [(c, s) for c, (_, s) in zip(cols, figures, strict=True)]
    return lead + placed + _after(tail, hd.dates, hd.spare, hd.trailing)


def _under_own_dates(figures: Placed, hd: _Header) -> bool:
    """Each figure stands within the date of the column it was placed in."""
    spans = dict(zip(hd.dates, hd.heads, strict=True))
    return all(k in spans and _within(s, spans[k], hd.slack) for k, s in figures)


def _in_turn(figures: Placed, dates: list[int], centres: list[float], spare: int) -> list[int]:
    """The date columns of a drifting row's figures, in turn up to its first blank.

    Its k-th figure is the k-th date's while it stands nearest the full rows' k-th figures,
    by a margin; from the first that does not (a blank before it drew it left by an unknown
    share of a column), each is `spare`.
    """
    out = []
    for k, (_, s) in enumerate(figures):
        far = sorted((abs(_centre(s) - c), j) for j, c in enumerate(centres))
        (d1, j), (d2, _) = far[0], far[1]
        if j != k or d1 > NEAREST * d2:
            return out + [spare] * (len(figures) - k)
        out.append(dates[k])
    return out


def _after(tail: Placed, dates: list[int], spare: int, trailing: list[int]) -> Placed:
    """A moved row's cells right of its figures (unit, range) in the columns after the dates.

    One that stands in a date's column takes the header's next column after the dates (and
    after the row's cells before it), so no unit or range is read as a dated figure.
    """
    out: Placed = []
    last = max(dates)
    for k, s in tail:
        if k <= last or k in dates:
            k = next((c for c in trailing if c > last), last if last > max(dates) else spare + 1)
        out.append((k, s))
        last = max(last, k)
    return out
