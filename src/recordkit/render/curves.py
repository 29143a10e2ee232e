"""The figure's lower panels: marrow blasts % and MRD % (log scale), and its two time axes.

A point is drawn only where a result exists. A line joins two results only when no CAR-T,
transplant or DLI lies between them: a course across such a treatment was not measured.
"""

from __future__ import annotations

from datetime import date, timedelta

import matplotlib.dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import Formatter

from recordkit.models import CaseFacts
from recordkit.render.table import _as_date

MRD_FLOOR = 1e-3  # %, where undetectable MRD is drawn (hollow)
BREAKING_KINDS = ("car_t", "transplant", "dli")
STATE_KINDS = ("remission", "relapse")
BLASTS_COLOUR, MRD_COLOUR = "#d62728", "#1f77b4"
DAY_TICKS = (0, 30, 60, 100, 180, 270, 365, 545, 730, 1095, 1460, 1825, 2190, 2555, 2920)


def plot_day(text: str | None) -> tuple[date, bool] | None:
    """Where a date is drawn, and whether it is known only to the month (mid-month) or year."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts), False
    return (date(parts[0], parts[1], 15) if len(parts) == 2 else date(parts[0], 7, 1)), True


class DateTicks(Formatter):
    """Month names (day and month on short spans), the year on the first tick and each January."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        """One date on its own (e.g. the cursor read-out)."""
        return mdates.num2date(x).strftime("%Y-%m-%d")

    def format_ticks(self, values: list[float]) -> list[str]:
        """All tick labels of the axis at once."""
        days = [mdates.num2date(v) for v in values]
        monthly = all(d.day == 1 for d in days)
        out, year = [], None
        for d in days:
            text = d.strftime("%b") if monthly else d.strftime("%d %b").lstrip("0")
            if d.year != year:
                text += f" {d.year}"
                year = d.year
            out.append(text)
        return out


def x_range(facts: CaseFacts) -> tuple[float, float]:
    """The time axis: from the diagnosis (or first date) to the last date, with margins."""
    dates = [d for d in (_as_date(x.date) for x in (*facts.events, *facts.measurements)) if d]
    diag = [_as_date(e.date) for e in facts.events if e.kind == "diagnosis" and e.date]
    start = min([d for d in diag if d] or dates or [date(2000, 1, 1)])
    start = min([start, *dates])
    end = max([*dates, start + timedelta(days=60)])
    pad = max(10, (end - start).days // 30)
    return (
        float(mdates.date2num(start - timedelta(days=pad))),
        float(mdates.date2num(end + timedelta(days=pad))),
    )


def _segments(
    points: list[tuple[date, float]], breaks: list[date]
) -> list[list[tuple[date, float]]]:
    """Split date-ordered results wherever a breaking treatment falls between two of them."""
    out: list[list[tuple[date, float]]] = []
    for d, v in points:
        if out and not any(out[-1][-1][0] <= b < d for b in breaks):
            out[-1].append((d, v))
        else:
            out.append([(d, v)])
    return out


def breaks(facts: CaseFacts, points: list[tuple[date, float]]) -> list[date]:
    """Dates a curve must not be drawn across.

    A CAR-T, transplant or DLI, and a remission or relapse without a result of its own in the
    curve (the disease changed where nothing was measured).
    """
    measured = {d for d, _ in points}
    out = []
    for e in facts.events:
        where = plot_day(e.date)
        if where is None:
            continue
        if e.kind in BREAKING_KINDS or (
            e.kind in STATE_KINDS and (where[1] or where[0] not in measured)
        ):
            out.append(where[0])
    return sorted(out)


def _series(facts: CaseFacts, analyte: str) -> list[tuple[date, float]]:
    pts = []
    for m in facts.measurements:
        where = plot_day(m.date)
        if m.analyte == analyte and where is not None and m.value is not None:
            pts.append((where[0], m.value))
    return sorted(set(pts))


def _style_panel(ax: Axes, ylabel: str, colour: str, font: float) -> None:
    ax.set_ylabel(ylabel, color=colour, fontsize=font + 0.5)
    ax.tick_params(labelsize=font)
    ax.grid(axis="y", color="#dddddd", lw=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _empty(ax: Axes, text: str, font: float) -> None:
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=font,
        color="#666666",
    )


def draw_curves(
    facts: CaseFacts, blasts_ax: Axes, mrd_ax: Axes, xlim: tuple[float, float], font: float
) -> list[Artist]:
    """Draw both panels; return the legend handles for what was drawn."""
    handles: list[Artist] = []
    blasts = _series(facts, "blasts")
    for seg in _segments(blasts, breaks(facts, blasts)):
        blasts_ax.plot(
            [mdates.date2num(d) for d, _ in seg],
            [v for _, v in seg],
            "-o",
            color=BLASTS_COLOUR,
            ms=4,
            lw=1.2,
        )
    if blasts:
        handles.append(
            Line2D([], [], color=BLASTS_COLOUR, marker="o", ms=4, label="marrow blasts %")
        )
    blasts_ax.set_ylim(0, max([v for _, v in blasts] + [10]) * 1.15)
    _style_panel(blasts_ax, "blasts %", BLASTS_COLOUR, font)
    if not blasts:
        _empty(blasts_ax, "no marrow blast result in the documents", font)
    blasts_ax.tick_params(labelbottom=False)

    mrd = _series(facts, "mrd")
    for seg in _segments(mrd, breaks(facts, mrd)):
        xs = [mdates.date2num(d) for d, _ in seg]
        mrd_ax.plot(
            xs,
            [max(v, MRD_FLOOR) if v else MRD_FLOOR for _, v in seg],
            "-",
            color=MRD_COLOUR,
            lw=1.0,
        )
        for x, (_, v) in zip(xs, seg, strict=True):
            mrd_ax.plot(
                [x],
                [v or MRD_FLOOR],
                "s",
                ms=5 if not v else 4,
                mfc=MRD_COLOUR if v else "white",
                mec=MRD_COLOUR,
            )
    if mrd:
        handles.append(Line2D([], [], color=MRD_COLOUR, marker="s", ms=4, label="MRD %"))
    if any(not v for _, v in mrd):
        handles.append(
            Line2D(
                [],
                [],
                color=MRD_COLOUR,
                marker="s",
                ms=5,
                mfc="white",
                ls="",
                label=f"MRD undetectable (drawn at {MRD_FLOOR:g} %)",
            )
        )
    mrd_ax.set_yscale("log")
    low = min([MRD_FLOOR] + [v for _, v in mrd if v])
    mrd_ax.set_ylim(low / 2, 200)
    mrd_ax.set_yticks(
        [t for t in (1e-3, 1e-2, 0.1, 1, 10, 100) if t >= low / 2],
        [f"{t:g}" for t in (1e-3, 1e-2, 0.1, 1, 10, 100) if t >= low / 2],
    )
    mrd_ax.minorticks_off()
    _style_panel(mrd_ax, "MRD % (log)", MRD_COLOUR, font)
    if not mrd:
        _empty(mrd_ax, "no MRD result in the documents", font)
    for ax in (blasts_ax, mrd_ax):
        ax.set_xlim(*xlim)
    loc = mdates.AutoDateLocator(minticks=4, maxticks=12)
    mrd_ax.xaxis.set_major_locator(loc)
    mrd_ax.xaxis.set_major_formatter(DateTicks())
    blasts_ax.xaxis.set_major_locator(loc)
    return handles


def draw_day_axis(
    ax: Axes, day0: date, with_days: bool, width_in: float, xlim: tuple[float, float], font: float
) -> None:
    """A band at the transplant's day 0 and, under the lowest panel, day counts after it."""
    x = float(mdates.date2num(day0))
    per_in = (xlim[1] - xlim[0]) / width_in
    half = 0.03 * per_in  # a band 0.06 inch wide
    ax.axvspan(x - half, x + half, color="#2ca02c", alpha=0.25, lw=0, zorder=0)
    if not with_days:
        return
    sec = ax.secondary_xaxis(-0.3, functions=(lambda v: v - x, lambda v: v + x))
    ticks: list[int] = []
    for t in DAY_TICKS:
        inside = x + t <= xlim[1] - 0.2 * per_in  # room for the label's right half
        if inside and (not ticks or (t - ticks[-1]) / per_in >= 0.45):
            ticks.append(t)
    sec.set_xticks(ticks, [f"D+{t}" if t else "D0" for t in ticks])
    sec.tick_params(labelsize=font, colors="#2a7a2a")
    sec.spines["bottom"].set_visible(False)
    sec.set_xlabel(
        f"days after the transplant (day 0 = {day0.isoformat()}, green band)",
        fontsize=font,
        color="#2a7a2a",
        labelpad=1,
    )
