"""The packet's front pages, in the order a transplant physician reads them.

1 summary (portrait), 2 items to check and why, 3 the timeline figure on its own landscape
page at print size (vector, merged from matplotlib's PDF), then the cited tables of events
and measurements and the document index.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from recordkit.models import CaseFacts, Event, Manifest, Measurement
from recordkit.render.doubts import Doubt, cite, date_mark, find_doubts
from recordkit.render.figure import FIG_SIZE
from recordkit.render.names import display_names, doc_number, packet_order
from recordkit.render.reviewed import review_checks, review_mark, review_summary
from recordkit.render.style import (
    BODY,
    CELL,
    H1,
    H2,
    HEAD,
    MARK,
    SUMMARY,
    P,
    Para,
    counted_canvas,
    rich,
)
from recordkit.render.summary import summarise
from recordkit.render.table import ANALYTE_LABEL, event_label

SECTIONS = ("Summary", "To check", "Timeline figure", "Events", "Measurements", "Document index")
MARGIN = 15 * mm


class Anchor(Flowable):
    """Zero-size flowable that records the (0-based) page it lands on."""

    def __init__(self, name: str, found: dict[str, int]) -> None:
        super().__init__()
        self.name, self.found = name, found
        self.width = self.height = 0

    def draw(self) -> None:
        """Record the page; draw nothing."""
        self.found[self.name] = self.canv.getPageNumber() - 1


class FigureSlot(Flowable):
    """Room for the figure at print size; records where it was placed."""

    def __init__(self, found: dict[str, tuple[int, float, float]]) -> None:
        super().__init__()
        self.found = found
        self.width, self.height = FIG_SIZE[0] * 72, FIG_SIZE[1] * 72

    def wrap(self, *_: float) -> tuple[float, float]:
        """The figure's size in points."""
        return self.width, self.height

    def draw(self) -> None:
        """Record the page and the slot's lower-left corner on it."""
        x, y = self.canv.absolutePosition(0, 0)
        self.found["figure"] = (self.canv.getPageNumber() - 1, x, y)


@dataclass
class Front:
    """The rendered front pages and the page index of each section."""

    pdf: bytes
    pages: int
    anchors: dict[str, int] = field(default_factory=dict)


def _table(rows: list[list[object]], widths: list[float], head: bool = True) -> Table:
    data = [[c if isinstance(c, (Paragraph, list)) else P(str(c), CELL) for c in r] for r in rows]
    t = Table(data, colWidths=widths, repeatRows=1 if head else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if head:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")))
    t.setStyle(TableStyle(style))
    return t


def _dated(item: Event | Measurement) -> Paragraph:
    """A table's date cell: the date, and a mark when the source did not state it with the item."""
    mark = date_mark(item)
    text = rich((item.date or "") + review_mark(item)) + (
        f'{"<br/>" if item.date else ""}<font color="{MARK}"><i>{mark}</i></font>' if mark else ""
    )
    return Para(text, CELL)


def _summary_page(
    facts: CaseFacts, anchors: dict[str, int], names: dict[str, str]
) -> list[Flowable]:
    s = summarise(facts, names)
    rows = [[P(h, HEAD), [P(x, SUMMARY) for x in lines]] for h, lines in s.sections]
    return [
        Anchor("Summary", anchors),
        P(f"Review packet: case {facts.case_id}", H1),
        P(
            "1. Summary. Numbers in front of items are the Figure 1 numbers; day counts are days "
            "after the transplant (day 0). Sources for every item are in the tables.",
            BODY,
        ),
        Spacer(1, 2 * mm),
        _table(rows, [30 * mm, 150 * mm], head=False),
        Spacer(1, 2 * mm),
        *[P(line, BODY) for line in review_summary(facts)],
        *[P(line, BODY) for line in _unread_line(facts)],
    ]


def _unread(facts: CaseFacts) -> list[str]:
    """Files of the case that could not be read (a duplicate was read once; not among them)."""
    return [d.file for d in facts.documents if d.status not in ("ok", "duplicate", "skipped")]


def _unread_line(facts: CaseFacts) -> list[str]:
    unread = _unread(facts)
    if not unread:
        return []
    return [
        f"{len(unread)} of {len(facts.documents)} files could not be read: see the "
        "Document index (section 6) and To check (section 2) for why; index.html and "
        "manifest.json beside this packet name the files. "
        "Nothing from them is in this packet."
    ]


def _checks_page(
    facts: CaseFacts, manifest: Manifest | None, anchors: dict[str, int], names: dict[str, str]
) -> list[Flowable]:
    story: list[Flowable] = [Anchor("To check", anchors), P("2. To check", H2)]
    doubts = find_doubts(facts, manifest, names)
    reviewed = review_checks(facts)
    story += [P(line) for line in reviewed]
    orphans = len(facts.review.orphans) if facts.review else 0
    if not doubts and not orphans:
        return [
            *story,
            P(
                "Nothing flagged: every item has a date stated with it, every value was read "
                "at confidence 0.9 or more, no two documents disagree and every file was read."
            ),
        ]
    story.append(P(_checks_count(doubts, orphans)))
    if not doubts:
        return story
    rows: list[list[object]] = [["#", "item", "date", "why", "where to look"]]
    for i, d in enumerate(doubts, 1):
        rows.append([str(i), d.subject, d.date or "not stated", "; ".join(d.reasons), d.where])
    story.append(_table(rows, [8 * mm, 40 * mm, 20 * mm, 62 * mm, 50 * mm]))
    return story


def _checks_count(doubts: list[Doubt], orphans: int) -> str:
    """The To check list's header: how many rows follow, of which files not read."""
    unread = sum(d.subject.startswith("File ") for d in doubts)
    items = f"{len(doubts) - unread} item(s) to check against their source before relying on them"
    if unread:
        files = f"{unread} file(s) not read (rows 1-{unread})"
        head = f"{len(doubts)} row(s) below: {files}, then {items}"
    else:
        head = f"{items}, listed below" if doubts else ""
    also = f"{orphans} correction(s) above no longer apply and are to check too" if orphans else ""
    return "; ".join(p for p in (head, also) if p) + "."


def _details(e: Event) -> str:
    pairs = (
        ("cycle", e.cycle),
        ("target", e.target),
        ("donor", e.donor),
        ("grafts", " + ".join(e.grafts) if e.grafts else None),
        ("dose", e.dose),
        ("genetics", e.genetics),
    )
    return ", ".join(f"{k} {v}" for k, v in pairs if v)


def _quote(item: Event | Measurement) -> str:
    return item.sources[0].quote.replace("\n", " ")[:160] if item.sources else "not recorded"


def _tables(facts: CaseFacts, anchors: dict[str, int], names: dict[str, str]) -> list[Flowable]:
    story: list[Flowable] = [Anchor("Events", anchors), P("4. Events", H2)]
    rows: list[list[object]] = [["#", "date", "event", "details", "source (file, page)", "quote"]]
    for e in facts.events:
        num = str(e.number) if e.number else ""
        rows.append([num, _dated(e), event_label(e), _details(e), cite(e, names), _quote(e)])
    story.append(_table(rows, [8 * mm, 20 * mm, 32 * mm, 30 * mm, 40 * mm, 50 * mm]))
    story += [
        Para(
            f'Marked dates: <font color="{MARK}"><i>document date</i></font> = taken from the '
            f'date of the letter or report; <font color="{MARK}"><i>worked out</i></font> = '
            f'computed from another event (e.g. day +30); <font color="{MARK}"><i>no date'
            "</i></font> = none could be established. Each is listed under To check.",
            CELL,
        ),
        Spacer(1, 5 * mm),
        Anchor("Measurements", anchors),
        P("5. Measurements", H2),
    ]
    rows = [["date", "analyte", "value", "as written", "source (file, page)", "flags"]]
    for m in facts.measurements:
        val = f"error: {m.error}" if m.value is None else f"{m.value:g} {m.unit}"
        rows.append(
            [_dated(m), ANALYTE_LABEL[m.analyte], val, m.raw, cite(m, names), ", ".join(m.flags)]
        )
    story.append(_table(rows, [20 * mm, 26 * mm, 28 * mm, 30 * mm, 52 * mm, 24 * mm]))
    return story


def _index(
    facts: CaseFacts, manifest: Manifest | None, anchors: dict[str, int], names: dict[str, str]
) -> list[Flowable]:
    rows: list[list[object]] = [["date", "type", "document", "pages", "status"]]
    unread = set(_unread(facts))
    copies = {f.path: f.duplicate_of for f in manifest.files if f.duplicate_of} if manifest else {}
    for d in packet_order(facts.documents):
        shown = names[d.file] + (" (not read)" if d.file in unread else "")
        status = d.status
        if d.file in copies:  # which document it repeats, by number as the packet names it
            status = f"duplicate of D{doc_number(facts, copies[d.file])}"
        rows.append([d.date or "not stated", d.type, shown, str(d.pages), status])
    return [
        Spacer(1, 5 * mm),
        Anchor("Document index", anchors),
        P("6. Document index", H2),
        _table(rows, [22 * mm, 16 * mm, 100 * mm, 14 * mm, 28 * mm]),
    ]


def _doc(buf: io.BytesIO, facts: CaseFacts) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        title=f"Review packet {facts.case_id}",
        author="recordkit",
        invariant=1,
    )
    pw, ph = A4
    lw, lh = landscape(A4)
    side = (lw - FIG_SIZE[0] * 72) / 2
    pad = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    doc.addPageTemplates(
        [
            PageTemplate(
                "portrait",
                [Frame(MARGIN, 16 * mm, pw - 2 * MARGIN, ph - 30 * mm, **pad)],
                pagesize=A4,
            ),
            PageTemplate(
                "landscape",
                [Frame(side, 10 * mm, lw - 2 * side, lh - 16 * mm, **pad)],
                pagesize=landscape(A4),
            ),
        ]
    )
    return doc


def render_front(
    facts: CaseFacts,
    manifest: Manifest | None,
    pages_after: int,
    figure: bytes | None = None,
    names: dict[str, str] | None = None,
) -> Front:
    """Render the front pages with `figure` (figure_pdf) on its page; None leaves it empty.

    Footers count the `pages_after` source pages appended behind the front pages.

    Documents are named by `names` (display_names), never by their file names.
    """
    names = names if names is not None else display_names(facts)
    anchors: dict[str, int] = {}
    slot: dict[str, tuple[int, float, float]] = {}
    story: list[Flowable] = [
        *_summary_page(facts, anchors, names),
        PageBreak(),
        *_checks_page(facts, manifest, anchors, names),
        NextPageTemplate("landscape"),
        PageBreak(),
        Anchor("Timeline figure", anchors),
        P("3. Timeline figure", H2),
        FigureSlot(slot),
        NextPageTemplate("portrait"),
        PageBreak(),
        *_tables(facts, anchors, names),
        *_index(facts, manifest, anchors, names),
    ]
    buf = io.BytesIO()
    _doc(buf, facts).build(story, canvasmaker=counted_canvas(facts.case_id, pages_after))
    pdf = buf.getvalue() if figure is None else _with_figure(buf.getvalue(), slot["figure"], figure)
    return Front(pdf, len(PdfReader(io.BytesIO(pdf)).pages), anchors)


def _with_figure(front: bytes, slot: tuple[int, float, float], figure: bytes) -> bytes:
    """Put the figure's vector page in the landscape slot.

    The figure's page is widened to the landscape page (its content stays where it is) and the
    slot page's heading and footer are laid over it: cheaper than moving the figure's content.
    """
    index, x, y = slot
    reader = PdfReader(io.BytesIO(front))
    fig_page = PdfReader(io.BytesIO(figure)).pages[0]
    width, height = landscape(A4)
    fig_page.mediabox = RectangleObject([-x, -y, width - x, height - y])
    writer = PdfWriter()
    for i, page in enumerate(reader.pages):
        if i != index:
            writer.add_page(page)
            continue
        placed = writer.add_page(fig_page)
        placed.merge_transformed_page(page, Transformation().translate(-x, -y))
    writer.add_metadata(reader.metadata or {})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
