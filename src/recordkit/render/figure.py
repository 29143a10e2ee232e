"""timeline.png, timeline.svg and the packet's figure page in the manner of Figure 1 (C, D).

Numbered treatment events above one time axis, disease events (diagnosis, relapses,
remissions, GVHD) below it, the transplant as a day-0 band with day counts, and marrow
blasts % and MRD % (log scale) underneath. The figure is drawn at its print size
(FIG_SIZE inches, placed 1:1 on a landscape page), so its font sizes are the printed sizes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
import pypdfium2 as pdfium

matplotlib.use("Agg")
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from recordkit.models import CaseFacts, Event
from recordkit.nlp.rules import load_rules
from recordkit.render.curves import draw_curves, draw_day_axis, plot_day, x_range
from recordkit.render.table import event_label, transplant_day0

FIG_SIZE = (10.8, 7.0)  # inches; fits A4 and Letter landscape at 1:1 within the margins
PANEL_H = 0.85  # inches, each curve panel
PNG_DPI = 150  # the PNG is for screens: 1620 pixels wide; paper gets the vector page
FONT = 7.5  # smallest text, in points at print size (>= 7 even when A4 is fitted to Letter)
LABEL_GID = "event-label"
MARKER_GID = "event-marker"
TREATMENT_KINDS = ("regimen", "car_t", "transplant", "dli")
STYLE = {  # kind -> (marker, colour)
    "diagnosis": ("D", "#222222"),
    "regimen": ("s", "#1f77b4"),
    "relapse": ("v", "#d62728"),
    "car_t": ("P", "#9467bd"),
    "transplant": ("*", "#2ca02c"),
    "dli": ("^", "#17a2b8"),
    "gvhd": ("X", "#8c564b"),
    "remission": ("o", "#555555"),
    "engraftment": ("h", "#8a8a00"),
    "death": ("X", "#000000"),
}
FIGURE_TERMS = {
    "c": "c1, c2 = cycle 1, cycle 2",
    "aGVHD": "acute GVHD",
    "cGVHD": "chronic GVHD",
    "CR": "complete remission",
    "CRi": "complete remission with incomplete count recovery",
    "ANC": "absolute neutrophil count",
    "PLT": "platelets",
}
EXTRA_TERMS = {"car_t": ["CAR-T"], "transplant": ["HSCT"], "dli": ["DLI"], "gvhd": ["GVHD"]}
RELAPSE_SHORT = {
    "haematological": "haem. relapse",
    "molecular": "molec. relapse",
    "extramedullary": "extramed. relapse",
}
ENGRAFT_SHORT = {"neutrophil": "ANC engraftment", "platelet": "PLT engraftment"}
_MEASURE = TextToPath()


def _figure_terms(e: Event) -> list[str]:
    """Abbreviations the figure's own short labels bring in for an event."""
    if e.kind == "regimen" and e.cycle:
        return ["c"]
    if e.kind == "gvhd" and e.form in ("acute", "chronic"):
        return [f"{e.form[0]}GVHD"]
    if e.kind == "remission" and e.depth in FIGURE_TERMS:
        return [e.depth]
    if e.kind == "engraftment" and e.lineage in ("neutrophil", "platelet"):
        return ["ANC" if e.lineage == "neutrophil" else "PLT"]
    return []


def legend_terms(facts: CaseFacts) -> list[tuple[str, str]]:
    """Every abbreviation the figure uses, spelled out (rule glossary, then the figure's own)."""
    glossary = {**load_rules().vocabulary.regimen_glossary, **FIGURE_TERMS}
    used: list[str] = []
    for e in facts.events:
        names = [e.name] if e.kind == "regimen" and e.name else []
        extra = EXTRA_TERMS.get(e.kind, []) + list(e.grafts or ()) + _figure_terms(e)
        for term in names + extra:
            if term not in used:
                used.append(term)
    if any(m.analyte == "mrd" for m in facts.measurements):
        used.append("MRD")
    return [(t, glossary[t]) for t in used if glossary.get(t, t) != t]


def short_label(e: Event) -> str:
    """The figure's label of an event: its Figure 1 number and a short name."""
    if e.kind == "diagnosis":
        text = f"{e.label} diagnosis" if e.label else "Diagnosis"
    elif e.kind == "relapse":
        text = RELAPSE_SHORT.get(e.type or "", "relapse")
    elif e.kind == "remission":
        text = e.depth or "remission"
    elif e.kind == "gvhd":
        form = {"acute": "aGVHD", "chronic": "cGVHD"}.get(e.form or "", "GVHD")
        text = " ".join(p for p in (form, e.organ, f"gr {e.grade}" if e.grade else None) if p)
    elif e.kind == "engraftment":
        text = ENGRAFT_SHORT.get(e.lineage or "", "engraftment")
    elif e.kind == "regimen" and e.cycle:
        text = f"{event_label(e)} c{e.cycle}"
    else:
        text = event_label(e)
    return f"{e.number} {text}" if e.number else text


@lru_cache(maxsize=4096)
def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """Width of a line of text in points."""
    return _MEASURE.get_text_width_height_descent(text, _font(size, bold), False)[0]


@lru_cache(maxsize=8)
def _font(size: float, bold: bool) -> FontProperties:
    return FontProperties(size=size, weight="bold" if bold else "normal")


def dodge(xs: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions near xs (sorted) at least `gap` apart, each crowd centred on its dates."""
    clusters = [[x] for x in xs]
    changed = True
    while changed:
        changed = False
        spans = []
        for c in clusters:
            n = len(c)
            first = sum(c) / n - gap * (n - 1) / 2
            first = min(max(first, lo), hi - gap * (n - 1))
            spans.append(first)
        for i in range(len(clusters) - 1):
            if spans[i] + gap * len(clusters[i]) > spans[i + 1] + 1e-9:
                clusters[i : i + 2] = [clusters[i] + clusters[i + 1]]
                changed = True
                break
    out: list[float] = []
    for c, first in zip(clusters, spans, strict=True):
        out += [first + gap * k for k in range(len(c))]
    return out


@dataclass
class Track:
    """One side of the event axis: the events drawn there and their labels."""

    events: list[tuple[Event, float, str]]  # event, x (date number), label
    side: int  # +1 above the axis (treatments), -1 below (disease events)

    @property
    def height(self) -> float:
        """Inches the side needs: markers, leaders and the longest label."""
        longest = max((text_width(lab, bold=True) for _, _, lab in self.events), default=0.0)
        return 0.47 + longest / 72

    def fit(self, height: float) -> None:
        """Shorten labels (the tables keep the full names) so that the side fits `height`."""
        room = (height - 0.47) * 72
        self.events = [(e, x, fit_text(lab, room)) for e, x, lab in self.events]


def fit_text(text: str, room: float, size: float = FONT) -> str:
    """text, cut with an ellipsis if it is wider than `room` points (measured in bold)."""
    if text_width(text, size, True) <= room:
        return text
    while len(text) > 1 and text_width(text + "\u2026", size, True) > room:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _tracks(facts: CaseFacts) -> tuple[Track, Track, bool]:
    above, below, approx = [], [], False
    for e in facts.events:
        where = plot_day(e.date)
        if where is None:
            continue
        d, rough = where
        approx |= rough
        label = short_label(e) + (" \u2248" if rough else "")
        entry = (e, float(mdates.date2num(d)), label)
        (above if e.kind in TREATMENT_KINDS else below).append(entry)
    for side in (above, below):
        side.sort(key=lambda t: (t[1], t[0].number or 99))
    return Track(above, 1), Track(below, -1), approx


def _draw_track(ax: Axes, track: Track, x_per_in: float, lo: float, hi: float) -> None:
    s = track.side
    gap = FONT * 1.45 / 72 * x_per_in
    xs = [x for _, x, _ in track.events]
    pos = dodge(xs, gap, lo + gap / 2, hi - gap / 2)
    for (e, x, label), p in zip(track.events, pos, strict=True):
        mk, col = STYLE[e.kind]
        big = e.kind == "transplant"
        ax.plot([x, p], [s * 0.22, s * 0.38], color=col, lw=0.6, alpha=0.8)
        ax.plot([x], [s * 0.12], marker=mk, color=col, ms=9 if big else 6, ls="", gid=MARKER_GID)
        ax.text(
            p,
            s * 0.42,
            label,
            rotation=90,
            ha="center",
            va="bottom" if s > 0 else "top",
            fontsize=FONT,
            color=col,
            fontweight="bold" if e.number else "normal",
            gid=LABEL_GID,
        )


def _caption(facts: CaseFacts, approx: bool, width_in: float) -> str:
    notes = ["Numbers: Figure 1 order of treatment events."]
    undated = [short_label(e) for e in facts.events if e.number and not e.date]
    if undated:
        notes.append(f"Not drawn, no date: {', '.join(undated)}.")
    if approx:
        notes.append("\u2248 date known to the month or year only.")
    if any(m.analyte in ("blasts", "mrd") and m.value is not None for m in facts.measurements):
        notes.append(
            "Curves show only dated results; no line crosses a CAR-T, HSCT or DLI, nor a"
            " remission or relapse without a result of its own."
        )
    tokens = " ".join(notes).split(" ")
    terms = legend_terms(facts)
    if terms:
        tokens += ["Abbreviations:"] + [d + ";" if t == "c" else f"{t} = {d};" for t, d in terms]
        tokens[-1] = tokens[-1][:-1] + "."
    return "\n".join(_wrap(tokens, width_in * 72))


def _wrap(tokens: list[str], room: float) -> list[str]:
    """Greedy line breaking that measures each word once.

    A line's width is the sum of its words' and spaces' widths (the font's advances add up);
    only a line within a point of the limit is measured whole, so kerning cannot tip it over.
    """
    lines: list[str] = []
    width = 0.0
    space = text_width(" ")
    for tok in tokens:
        longer = width + space + text_width(tok)
        if lines and abs(longer - room) <= 1.0:
            longer = text_width(lines[-1] + " " + tok)
        if lines and longer <= room:
            lines[-1] += " " + tok
            width = longer
        else:
            lines.append(tok)
            width = text_width(tok)
    return lines


def build_figure(facts: CaseFacts) -> Figure:
    """The figure for a case (not yet saved), laid out at its print size."""
    w, h = FIG_SIZE
    fig = Figure(figsize=FIG_SIZE)  # no pyplot: nothing global to close, 0.3 s less to import
    FigureCanvasAgg(fig)
    top, below, approx = _tracks(facts)
    x0, x1 = x_range(facts)
    left, right = 0.75, 0.25  # inches
    plot_w = w - left - right
    caption = _caption(facts, approx, w - 0.3)
    cap_h = (caption.count("\n") + 1) * FONT * 1.3 / 72 + 0.14
    day0 = transplant_day0(facts)
    axis_h = 0.58 if day0 else 0.3
    curves_h = 2 * PANEL_H + 0.12
    room = h - 0.42 - curves_h - axis_h - cap_h
    if top.height + below.height > room:
        small, large = sorted((top, below), key=lambda t: t.height)
        small.fit(room / 2)
        large.fit(room - small.height)
    ev_h = min(room, top.height + below.height)
    y_ev = cap_h + axis_h + curves_h + 0.08
    ax = fig.add_axes((left / w, y_ev / h, plot_w / w, ev_h / h))
    ax.set_xlim(x0, x1)
    ax.set_ylim(-(ev_h - top.height), top.height)
    ax.axhline(0, color="#444444", lw=1.0)
    x_per_in = (x1 - x0) / plot_w
    for track in (top, below):
        _draw_track(ax, track, x_per_in, x0, x1)
    ax.set_yticks([])
    ax.set_xticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    for y, label, va in ((0.2, "treatment", "bottom"), (-0.2, "disease", "top")):
        ax.text(-0.01, y, label, transform=ax.get_yaxis_transform(), ha="right", va=va,
                fontsize=FONT, color="#444444")  # fmt: skip
    fig.text(
        0.3 / w,
        1 - 0.3 / h,
        fit_text(f"Treatment timeline: case {facts.case_id}", 300, 10),
        fontsize=10,
        fontweight="bold",
        va="bottom",
    )
    axes = [
        fig.add_axes((left / w, y / h, plot_w / w, PANEL_H / h))
        for y in (cap_h + axis_h + PANEL_H + 0.12, cap_h + axis_h)
    ]
    handles = draw_curves(facts, axes[0], axes[1], (x0, x1), FONT)
    if handles:
        fig.legend(
            handles=handles,
            loc="lower right",
            bbox_to_anchor=(1 - right / w, 1 - 0.38 / h),
            ncol=len(handles),
            fontsize=FONT,
            frameon=False,
            borderaxespad=0,
        )
    if day0:
        for a in axes:
            draw_day_axis(a, day0, a is axes[1], plot_w, (x0, x1), FONT)
    fig.text(0.3 / w, 0.08 / h, caption, fontsize=FONT, va="bottom", linespacing=1.3)
    return fig


def _pdf(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf", metadata={"CreationDate": None, "Producer": None})
    return buf.getvalue()


def _png(pdf: bytes, path: Path) -> None:
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=PNG_DPI / 72).to_pil()
    finally:
        doc.close()
    # zlib level 3: two thirds of the time of the default 6, and the file is smaller here
    image.save(path, format="PNG", dpi=(PNG_DPI, PNG_DPI), compress_level=3)


def figure_pdf(facts: CaseFacts) -> bytes:
    """The figure as a one-page vector PDF at print size, for the packet."""
    fig = build_figure(facts)
    return _pdf(fig)


def draw_timeline(facts: CaseFacts, png: Path, svg: Path | None = None) -> bytes:
    """Write the figure as PNG (for screens) and SVG; return it as PDF for the packet.

    The PNG is the PDF page rasterised by PDFium at PNG_DPI (1620 pixels wide, what a
    screen shows; a tenth of the cost of matplotlib drawing it again); paper gets the
    packet's vector page, and the SVG scales to any size.
    """
    fig = build_figure(facts)
    pdf = _pdf(fig)
    if svg is not None:
        with matplotlib.rc_context({"svg.hashsalt": "recordkit", "svg.fonttype": "none"}):
            fig.savefig(svg, metadata={"Date": None, "Creator": None})
    _png(pdf, png)
    for path in (png, svg):
        if path is not None:
            path.chmod(0o600)
    return pdf


__all__ = ["FIG_SIZE", "build_figure", "draw_timeline", "figure_pdf", "legend_terms"]
