"""review-packet.pdf: what a transplant physician reads first, then the sources.

Summary, figure, cited tables, items to check and a document index, followed by the source
documents themselves, bookmarked and with their pages labelled.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import SimpleDocTemplate

from recordkit.models import CaseFacts, Manifest
from recordkit.outputs import write_bytes
from recordkit.render.figure import figure_pdf
from recordkit.render.front import SECTIONS, render_front
from recordkit.render.style import CELL, H2, NOTE, P
from recordkit.render.style import footer as _footer

IMAGE_TYPES = {"png", "jpeg", "tiff", "gif", "bmp", "webp"}


def _render_source(path: Path, ftype: str, case_id: str, offset: int, total: int) -> bytes:
    """A non-PDF source as PDF pages: images drawn, Word and text set in type."""
    buf = io.BytesIO()
    if ftype in IMAGE_TYPES:
        from reportlab.pdfgen.canvas import Canvas

        c = Canvas(buf, pagesize=A4, invariant=1)
        with Image.open(path) as img:
            for i in range(getattr(img, "n_frames", 1)):
                img.seek(i)
                frame = img.convert("RGB")
                frame.thumbnail((1654, 2339))
                jb = io.BytesIO()
                frame.save(jb, "JPEG", quality=80)
                w, h = A4
                scale = min((w - 30 * mm) / frame.width, (h - 30 * mm) / frame.height)
                c.drawImage(
                    ImageReader(io.BytesIO(jb.getvalue())),
                    15 * mm,
                    h - 15 * mm - frame.height * scale,
                    frame.width * scale,
                    frame.height * scale,
                )
                c.setFont("Helvetica", 7.5)
                c.drawString(15 * mm, 8 * mm, f"case {case_id}  -  {NOTE}  -  source: {path.name}")
                c.drawRightString(w - 15 * mm, 8 * mm, f"page {offset + i + 1} of {total}")
                c.showPage()
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
    cb = _footer(case_id, offset, total)
    doc.build(story, onFirstPage=cb, onLaterPages=cb)
    return buf.getvalue()


def build_packet(
    case_out: Path, facts: CaseFacts, manifest: Manifest | None, figure: bytes | None = None
) -> Path:
    """Write OUT/<case_id>/review-packet.pdf (`figure`: the figure's PDF, drawn if not given)."""
    root = Path(facts.source_folder) if facts.source_folder else None
    docs = [
        d
        for d in sorted(facts.documents, key=lambda d: (d.date or "9999", d.file))
        if d.status == "ok" and root is not None and (root / d.file).is_file()
    ]
    front_n = render_front(facts, manifest, 0, None).pages  # page count only

    parts: list[tuple[str, str, bytes | None, int]] = []  # (file, date, rendered, pages)
    for d in docs:
        path = root / d.file  # type: ignore[operator]
        if d.type == "pdf":
            parts.append((d.file, d.date or "", None, len(PdfReader(path).pages)))
        else:
            n = len(PdfReader(io.BytesIO(_render_source(path, d.type, facts.case_id, 0, 0))).pages)
            parts.append((d.file, d.date or "", b"", n))
    total = front_n + sum(p[3] for p in parts)
    writer = PdfWriter()
    front = render_front(facts, manifest, total, figure or figure_pdf(facts))
    writer.append(PdfReader(io.BytesIO(front.pdf)))
    writer.set_page_label(0, front_n - 1, style="/D", prefix="R-")
    for name in SECTIONS:
        if name in front.anchors:
            writer.add_outline_item(title=name, page_number=front.anchors[name])
    sources_root = None  # added once its first page exists, so that it points there
    offset = front_n
    for n_doc, (file, when, rendered, n) in enumerate(parts, 1):
        path = root / file  # type: ignore[operator]
        if rendered is None:
            writer.append(PdfReader(path))
        else:
            ftype = next(d.type for d in docs if d.file == file)
            writer.append(
                PdfReader(io.BytesIO(_render_source(path, ftype, facts.case_id, offset, total)))
            )
        writer.set_page_label(offset, offset + n - 1, style="/D", prefix=f"D{n_doc}-")
        if sources_root is None:
            sources_root = writer.add_outline_item(title="Source documents", page_number=front_n)
        writer.add_outline_item(
            title=f"{file} ({when or 'date unknown'})", page_number=offset, parent=sources_root
        )
        offset += n
    writer.add_metadata({"/Title": f"Review packet {facts.case_id}", "/Producer": "recordkit"})
    buf = io.BytesIO()
    writer.write(buf)
    return write_bytes(case_out / "review-packet.pdf", buf.getvalue())
