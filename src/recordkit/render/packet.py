"""review-packet.pdf: what a transplant physician reads first, then the sources.

Summary, figure, cited tables, items to check and a document index, followed by the source
documents themselves, bookmarked and with their pages labelled.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    Image as RLImage,
)
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from recordkit.models import CaseFacts, Manifest
from recordkit.outputs import write_bytes
from recordkit.render.figure import legend_terms
from recordkit.render.summary import summarise
from recordkit.render.table import ANALYTE_LABEL, event_label

NOTE = "Prepared for specialist review. Not medical advice."
rl_config.useA85 = 0  # binary image streams: a JPEG goes in byte for byte, not 25 % larger
CJK_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
_CJK = re.compile(r"([\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+)")
SS = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=SS["BodyText"], fontSize=9.5, leading=12.5)
CELL = ParagraphStyle("cell", parent=SS["BodyText"], fontSize=7.5, leading=9)
H1, H2 = SS["Heading1"], SS["Heading2"]
IMAGE_TYPES = {"png", "jpeg", "tiff", "gif", "bmp", "webp"}


def rich(text: str) -> str:
    """Escape text for a Paragraph and switch CJK runs to a CJK font."""
    return _CJK.sub(rf'<font name="{CJK_FONT}">\1</font>', escape(text))


def P(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text."""
    return Paragraph(rich(text), style)


def _footer(case_id: str, offset: int, total: int):  # type: ignore[no-untyped-def]
    def draw(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        w = canvas._pagesize[0]
        canvas.drawString(15 * mm, 8 * mm, f"case {case_id}  -  {NOTE}")
        canvas.drawRightString(w - 15 * mm, 8 * mm, f"page {offset + doc.page} of {total}")
        canvas.restoreState()

    return draw


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    data = [[P(c, CELL) for c in r] for r in rows]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def _cite(item) -> str:  # type: ignore[no-untyped-def]
    pages = list(dict.fromkeys(f"{s.file} p.{s.page}" for s in item.sources))
    return "; ".join(pages[:3]) + (f" (+{len(pages) - 3})" if len(pages) > 3 else "")


def _front(facts: CaseFacts, manifest: Manifest | None, figure: Path | None) -> list:  # type: ignore[type-arg]
    s = summarise(facts)
    story: list = [
        P(f"Review packet: case {facts.case_id}", H1),
        P("1. Summary", H2),
        P(f"Diagnosis: {s.diagnosis}"),
        P("Lines of therapy (Figure 1 numbering):"),
    ]
    story += [P(f"  {x}") for x in s.lines] or [P("  none recorded")]
    story += [P(f"Transplant: {s.transplant}"), P("Relapses:")]
    story += [P(f"  - {r}") for r in s.relapses]
    story += [P("GVHD history:")] + [P(f"  - {g}") for g in s.gvhd]
    story += [
        P(f"Chimerism: {s.chimerism}"),
        P(f"Status: {s.status}"),
        PageBreak(),
        P("2. Timeline", H2),
    ]
    if figure is not None and figure.is_file():
        with Image.open(figure) as im:
            ratio = im.height / im.width
        width = 180 * mm
        story.append(RLImage(str(figure), width=width, height=width * ratio))
    legend = [
        f"{e.number} {event_label(e)} ({e.date or 'date unknown'})"
        for e in facts.events
        if e.number
    ]
    story += [
        P("Numbered events: " + "; ".join(legend), CELL),
        P("Abbreviations: " + "; ".join(f"{t} = {d}" for t, d in legend_terms(facts)), CELL),
        PageBreak(),
        P("3. Events", H2),
    ]
    rows = [["#", "date", "event", "details", "source (file, page)", "quoted text"]]
    for e in facts.events:
        det = ", ".join(
            f"{k} {v}"
            for k, v in (
                ("cycle", e.cycle),
                ("donor", e.donor),
                ("dose", e.dose),
                ("genetics", e.genetics),
            )
            if v
        )
        rows.append(
            [
                str(e.number or ""),
                e.date or "unknown",
                event_label(e),
                det,
                _cite(e),
                e.sources[0].quote.replace("\n", " ")[:160] if e.sources else "",
            ]
        )
    story.append(_table(rows, [8 * mm, 18 * mm, 34 * mm, 30 * mm, 40 * mm, 50 * mm]))
    story += [Spacer(1, 6 * mm), P("Measurements", H2)]
    rows = [["date", "analyte", "value", "as written", "source (file, page)", "flags"]]
    for m in facts.measurements:
        val = "error: " + m.error if m.value is None else f"{m.value:g} {m.unit}"
        rows.append(
            [
                m.date or "unknown",
                ANALYTE_LABEL[m.analyte],
                val,
                m.raw,
                _cite(m),
                ", ".join(m.flags),
            ]
        )
    story.append(_table(rows, [18 * mm, 26 * mm, 30 * mm, 30 * mm, 50 * mm, 26 * mm]))
    story += [PageBreak(), P("4. To check", H2)]
    checks = [
        f"Conflict: {c.analyte} on {c.date} has values "
        + ", ".join(f"{v:g}" for v in c.values if v is not None)
        for c in facts.conflicts
    ]
    checks += [
        f"Low confidence ({i.confidence:.2f}): {getattr(i, 'kind', None) or i.analyte} "
        f"{i.date or ''} - {_cite(i)}"
        for i in (*facts.events, *facts.measurements)
        if i.confidence < 0.8
    ]
    checks += [
        f"Date unresolved: {getattr(i, 'kind', None) or i.analyte} - "
        f"{i.date_info.reason} - {_cite(i)}"
        for i in (*facts.events, *facts.measurements)
        if i.date is None
    ]
    checks += [
        f"Value error: {m.analyte} {m.raw}: {m.error} - {_cite(m)}"
        for m in facts.measurements
        if m.error
    ]
    if manifest is not None:
        checks += [f"Not read: {f.path}: {f.status} ({f.reason})" for f in manifest.failed]
    story += [P(f"- {c}") for c in checks] or [P("Nothing flagged.")]
    story += [Spacer(1, 6 * mm), P("5. Document index", H2)]
    rows = [["date", "type", "file", "pages", "status"]]
    for d in sorted(facts.documents, key=lambda d: (d.date or "9999", d.file)):
        rows.append([d.date or "unknown", d.type, d.file, str(d.pages), d.status])
    story.append(_table(rows, [22 * mm, 16 * mm, 100 * mm, 14 * mm, 22 * mm]))
    return story


def _render_front(
    facts: CaseFacts, manifest: Manifest | None, figure: Path | None, total: int
) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        title=f"Review packet {facts.case_id}",
        author="recordkit",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        invariant=1,
    )
    cb = _footer(facts.case_id, 0, total)
    doc.build(_front(facts, manifest, figure), onFirstPage=cb, onLaterPages=cb)
    return buf.getvalue()


def _source_footer(canvas, case_id: str, label: str, name: str, page: int) -> None:  # type: ignore[no-untyped-def]
    """The footer of a source page: case, note, which source, and its page label."""
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    w = canvas._pagesize[0]
    canvas.drawString(15 * mm, 8 * mm, f"case {case_id}  -  {NOTE}  -  source: {name}")
    canvas.drawRightString(w - 15 * mm, 8 * mm, f"page {label}-{page}")
    canvas.restoreState()


def _jpeg_as_is(img: Image.Image) -> bool:
    """A single upright JPEG frame can go into the PDF as its own bytes (no re-encode)."""
    upright = img.getexif().get(0x0112, 1) == 1  # EXIF orientation
    return img.format == "JPEG" and upright and img.mode in ("L", "RGB", "CMYK")


def _draw_images(c, path: Path, case_id: str, label: str) -> None:  # type: ignore[no-untyped-def]
    """Each frame of an image file on its own A4 page; a JPEG keeps its original bytes."""
    w, h = A4
    with Image.open(path) as img, tempfile.TemporaryDirectory(prefix="recordkit-") as tmp:
        for i in range(getattr(img, "n_frames", 1)):
            img.seek(i)
            if _jpeg_as_is(img):
                source: str | ImageReader = str(path)
                if path.suffix.lower() not in (".jpg", ".jpeg"):  # reportlab goes by the name
                    source = shutil.copyfile(path, Path(tmp) / "image.jpg").as_posix()
                size = img.size
            else:
                frame = (ImageOps.exif_transpose(img) or img).convert("RGB")
                frame.thumbnail((1654, 2339))
                jb = io.BytesIO()
                frame.save(jb, "JPEG", quality=80)
                source, size = ImageReader(jb), frame.size
            scale = min((w - 30 * mm) / size[0], (h - 30 * mm) / size[1])
            c.drawImage(
                source, 15 * mm, h - 15 * mm - size[1] * scale, size[0] * scale, size[1] * scale
            )
            _source_footer(c, case_id, label, path.name, i + 1)
            c.showPage()


def _render_source(path: Path, ftype: str, case_id: str, label: str) -> bytes:
    """A non-PDF source as PDF pages, made once: images drawn, Word and text set in type."""
    buf = io.BytesIO()
    if ftype in IMAGE_TYPES:
        from reportlab.pdfgen.canvas import Canvas

        c = Canvas(buf, pagesize=A4, invariant=1)
        _draw_images(c, path, case_id, label)
        c.save()
        return buf.getvalue()
    from recordkit.text.office import read_docx, read_text

    pages = read_docx(path, path.name) if ftype == "docx" else read_text(path, path.name)
    story: list = [P(f"Source document: {path.name} (set in type by recordkit)", H2)]
    for p in pages:
        story += [P(line or " ", CELL) for line in p.text.split("\n")]
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        invariant=1,
    )

    def cb(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        _source_footer(canvas, case_id, label, path.name, doc.page)

    doc.build(story, onFirstPage=cb, onLaterPages=cb)
    return buf.getvalue()


def _source_reader(root: Path, d, case_id: str, label: str) -> PdfReader:  # type: ignore[no-untyped-def]
    """A source document's pages, read or rendered once."""
    path = root / d.file
    if d.type == "pdf":
        return PdfReader(path)
    return PdfReader(io.BytesIO(_render_source(path, d.type, case_id, label)))


def build_packet(case_out: Path, facts: CaseFacts, manifest: Manifest | None) -> Path:
    """Write OUT/<case_id>/review-packet.pdf."""
    figure = case_out / "timeline.png"
    root = Path(facts.source_folder) if facts.source_folder else None
    docs = [
        d
        for d in sorted(facts.documents, key=lambda d: (d.date or "9999", d.file))
        if d.status == "ok" and root is not None and (root / d.file).is_file()
    ]
    sources = [
        (d, _source_reader(root, d, facts.case_id, f"D{n}"))  # type: ignore[arg-type]
        for n, d in enumerate(docs, 1)
    ]
    front_n = len(PdfReader(io.BytesIO(_render_front(facts, manifest, figure, 0))).pages)
    total = front_n + sum(len(r.pages) for _, r in sources)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_render_front(facts, manifest, figure, total))))
    writer.set_page_label(0, front_n - 1, style="/D", prefix="R-")
    writer.add_outline_item(title="Summary", page_number=0)
    sources_root = (
        writer.add_outline_item(title="Source documents", page_number=front_n) if sources else None
    )
    offset = front_n
    for n_doc, (d, reader) in enumerate(sources, 1):
        n = len(reader.pages)
        writer.append(reader)
        writer.set_page_label(offset, offset + n - 1, style="/D", prefix=f"D{n_doc}-")
        writer.add_outline_item(
            title=f"{d.file} ({d.date or 'date unknown'})", page_number=offset, parent=sources_root
        )
        offset += n
    writer.add_metadata({"/Title": f"Review packet {facts.case_id}", "/Producer": "recordkit"})
    buf = io.BytesIO()
    writer.write(buf)
    return write_bytes(case_out / "review-packet.pdf", buf.getvalue())
