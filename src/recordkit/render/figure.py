"""timeline.png and timeline.svg in the manner of Figure 1 (C, D).

Numbered treatment events on one time axis, the transplant as day 0, and marrow blasts %
and MRD % drawn on the same axis.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from recordkit.models import CaseFacts
from recordkit.nlp.rules import load_rules
from recordkit.render.table import _as_date, event_label, transplant_day0

MRD_FLOOR = 1e-3  # % where undetectable MRD is drawn
STYLE = {  # kind -> (marker, colour)
    "diagnosis": ("D", "#222222"),
    "regimen": ("s", "#1f77b4"),
    "relapse": ("v", "#d62728"),
    "car_t": ("P", "#9467bd"),
    "transplant": ("*", "#2ca02c"),
    "dli": ("^", "#17becf"),
    "gvhd": ("X", "#8c564b"),
    "remission": ("o", "#7f7f7f"),
    "engraftment": (".", "#bcbd22"),
    "death": ("x", "#000000"),
}
EXTRA_TERMS = {"car_t": ["CAR-T"], "transplant": ["HSCT"], "dli": ["DLI"], "gvhd": ["GVHD"]}


def legend_terms(facts: CaseFacts) -> list[tuple[str, str]]:
    """Every abbreviation the figure uses, spelled out."""
    glossary = load_rules().vocabulary.regimen_glossary
    used: list[str] = []
    for e in facts.events:
        for term in ([e.name] if e.kind == "regimen" and e.name else []) + EXTRA_TERMS.get(
            e.kind, []
        ):
            if term not in used:
                used.append(term)
    if any(m.analyte == "mrd" for m in facts.measurements):
        used.append("MRD")
    for e in facts.events:
        for g in e.grafts or ():
            if g not in used:
                used.append(g)
    return [(t, glossary.get(t, t)) for t in used]


def _lanes(xs: list[float], widths: list[float]) -> list[int]:
    """Greedy lane packing so that no two labels overlap."""
    ends: list[float] = []
    lanes = []
    for x, w in zip(xs, widths, strict=True):
        for i, end in enumerate(ends):
            if x >= end:
                ends[i] = x + w
                lanes.append(i)
                break
        else:
            ends.append(x + w)
            lanes.append(len(ends) - 1)
    return lanes


def build_figure(facts: CaseFacts) -> Figure:
    """The figure for a case (not yet saved)."""
    dated = [(e, _as_date(e.date)) for e in facts.events if e.date]
    mdated = [(m, _as_date(m.date)) for m in facts.measurements if m.date and m.value is not None]
    all_dates = [d for _, d in dated] + [d for _, d in mdated]
    diag = [d for e, d in dated if e.kind == "diagnosis"]
    start = min(diag or all_dates or [date.today()])
    end = max(all_dates or [start])
    if end <= start:
        end = start + timedelta(days=30)
    span_days = (end - start).days
    pad = timedelta(days=max(7, span_days // 40))
    x0, x1 = mdates.date2num(start - pad), mdates.date2num(end + pad * 6)
    width_in = 16.0
    per_char = (x1 - x0) / (width_in * 12.5)  # data units per label character at 7.5 pt

    treat = sorted([(e, d) for e, d in dated if e.number], key=lambda t: t[0].number or 0)
    other = [
        (e, d)
        for e, d in dated
        if not e.number and e.kind in ("gvhd", "remission", "engraftment", "death")
    ]
    labels = [f"{e.number} {event_label(e)}" for e, _ in treat]
    xs = [mdates.date2num(d) for _, d in treat]
    lanes = _lanes(xs, [len(t) * per_char + per_char * 2 for t in labels])
    olabels = [event_label(e) for e, _ in other]
    oxs = [mdates.date2num(d) for _, d in other]
    olanes = _lanes(oxs, [len(t) * per_char + per_char * 2 for t in olabels])
    n_lanes = (max(lanes) + 1.8 if lanes else 1) + (max(olanes) + 1 if olanes else 0)

    top_h = 1.2 + 0.32 * n_lanes
    fig, (ax, ax2) = plt.subplots(
        2,
        1,
        sharex=True,
        figsize=(width_in, top_h + 3.6),
        gridspec_kw={"height_ratios": [top_h, 3.4]},
    )
    ax.set_ylim(-1, n_lanes + 0.5)
    ax.axhline(0, color="#444444", lw=1.2)
    for (e, d), lab, lane in zip(treat, labels, lanes, strict=True):
        mk, col = STYLE[e.kind]
        x = mdates.date2num(d)
        ax.plot([x], [0], marker=mk, color=col, ms=9 if e.kind == "transplant" else 7, zorder=3)
        ax.plot([x, x], [0, lane + 0.7], color=col, lw=0.6, alpha=0.6)
        ax.text(
            x,
            lane + 0.75,
            lab,
            fontsize=7.5,
            color=col,
            va="bottom",
            ha="left",
            fontweight="bold" if e.kind in ("relapse", "transplant") else "normal",
        )
    base = (max(lanes) + 1.8) if lanes else 1
    for (e, d), lab, lane in zip(other, olabels, olanes, strict=True):
        mk, col = STYLE[e.kind]
        x = mdates.date2num(d)
        y = base + lane + 0.2
        ax.plot([x], [y], marker=mk, color=col, ms=6)
        ax.text(x + per_char, y, lab, fontsize=7, color=col, va="center", ha="left")
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"Treatment timeline: case {facts.case_id}", fontsize=11, loc="left")

    day0 = transplant_day0(facts)
    if day0:
        for axis in (ax, ax2):
            axis.axvline(mdates.date2num(day0), color=STYLE["transplant"][1], ls="--", lw=0.9)
        secax = ax.secondary_xaxis(
            "top",
            functions=(lambda x: x - mdates.date2num(day0), lambda d: d + mdates.date2num(day0)),
        )
        ticks = [
            t
            for t in (0, 30, 60, 100, 180, 270, 365, 545, 730, 1095, 1460, 1825)
            if mdates.date2num(day0) + t <= x1
        ]
        secax.set_xticks(ticks, [f"D{'+' if t else ''}{t}" for t in ticks], fontsize=7)
        secax.set_xlabel("days after transplant (day 0 = HSCT)", fontsize=8)

    blasts = sorted([(d, m.value) for m, d in mdated if m.analyte == "blasts"])
    mrd = sorted([(d, m.value) for m, d in mdated if m.analyte == "mrd"])
    if blasts:
        ax2.plot(
            [mdates.date2num(d) for d, _ in blasts],
            [v for _, v in blasts],
            "o-",
            color="#d62728",
            ms=4,
            lw=1.2,
            label="Marrow blasts (%)",
        )
    ax2.set_ylabel("marrow blasts (%)", color="#d62728", fontsize=9)
    ax2.set_ylim(0, max([v for _, v in blasts] + [10]) * 1.15)
    ax3 = ax2.twinx()
    if mrd:
        xs_m = [mdates.date2num(d) for d, _ in mrd]
        ys_m = [max(v or 0, MRD_FLOOR) for _, v in mrd]
        ax3.plot(xs_m, ys_m, "s--", color="#1f77b4", ms=4, lw=1.0, label="MRD (%)")
        for x, (_, v) in zip(xs_m, mrd, strict=True):
            if not v:
                ax3.plot([x], [MRD_FLOOR], "s", mfc="white", mec="#1f77b4", ms=6)
        if any(not v for _, v in mrd):
            ax3.annotate(
                "hollow = undetectable (drawn at floor)",
                xy=(0.01, 0.93),
                xycoords="axes fraction",
                fontsize=7,
                color="#1f77b4",
            )
    ax3.set_yscale("log")
    ax3.set_ylim(MRD_FLOOR / 2, 100)
    ax3.set_ylabel("MRD (%, log scale)", color="#1f77b4", fontsize=9)
    ax2.set_xlim(x0, x1)
    loc = mdates.AutoDateLocator(minticks=5, maxticks=14)
    ax2.xaxis.set_major_locator(loc)
    ax2.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    handles = ax2.get_legend_handles_labels()[0] + ax3.get_legend_handles_labels()[0]
    if handles:
        ax2.legend(handles=handles, loc="upper right", fontsize=8)

    terms = legend_terms(facts)
    text = "   ".join(f"{t} = {d}" for t, d in terms)
    fig.text(0.01, 0.005, text, fontsize=7, wrap=True, va="bottom")
    fig.subplots_adjust(
        left=0.05, right=0.94, top=0.9, bottom=0.08 + 0.012 * (len(text) // 180), hspace=0.12
    )
    return fig


def draw_timeline(facts: CaseFacts, png: Path, svg: Path | None = None) -> None:
    """Write the figure as a 300-dpi PNG (and an SVG) with reproducible metadata."""
    fig = build_figure(facts)
    try:
        fig.savefig(png, dpi=300, metadata={"Software": None})
        if svg is not None:
            with matplotlib.rc_context({"svg.hashsalt": "recordkit"}):
                fig.savefig(svg, metadata={"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    for path in (png, svg):
        if path is not None:
            path.chmod(0o600)


__all__ = ["build_figure", "draw_timeline", "legend_terms"]
