"""review-packet.pdf: what a transplant physician reads first, then the sources.

Summary, to-check list, figure, cited tables and a document index, followed by the source
documents themselves (active content removed), bookmarked and with their pages labelled.
Sources are named by number, type and date (or a name the coordinator chose), never by file
name.
"""

from __future__ import annotations

import io
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from recordkit.ingest import file_path
from recordkit.models import CaseFacts, DocumentInfo, Manifest
from recordkit.outputs import write_bytes
from recordkit.render.figure import figure_pdf
from recordkit.render.front import SECTIONS, render_front
from recordkit.render.names import display_names, doc_number, packet_order
from recordkit.render.pdfsafety import strip_active_content
from recordkit.render.style import CELL, H2, NOTE, P, draw_footer
from recordkit.safety import describe_error, inside
from recordkit.text.images import stretch

log = logging.getLogger(__name__)
rl_config.useA85 = 0  # binary image streams: a JPEG goes in byte for byte, not 25 % larger
IMAGE_TYPES = {"png", "jpeg", "tiff", "gif", "bmp", "webp"}


def _source_footer(canvas, case_id: str, label: str, shown: str, page: int) -> None:  # type: ignore[no-untyped-def]
    """The footer of a source page: case, note, which source, and its page label."""
    draw_footer(canvas, f"case {case_id}  -  {NOTE}  -  source: {shown}", f"page {label}-{page}")


def _jpeg_as_is(img: Image.Image) -> bool:
    """A single upright JPEG frame can go into the PDF as its own bytes (no re-encode)."""
    upright = img.getexif().get(0x0112, 1) == 1  # EXIF orientation
    return img.format == "JPEG" and upright and img.mode in ("L", "RGB", "CMYK")


def _true_shape(size: tuple[int, int], dpi: Any) -> tuple[float, float]:
    """An image's size in pixels of its finer resolution (its shape on paper)."""
    wide, tall = stretch(dpi) or (1.0, 1.0)
    return (size[0] * wide, size[1] * tall)


def _draw_images(c, path: Path, case_id: str, label: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    """Each frame of an image file on its own A4 page; a JPEG keeps its original bytes."""
    w, h = A4
    with Image.open(path) as img, tempfile.TemporaryDirectory(prefix="recordkit-") as tmp:
        for i in range(getattr(img, "n_frames", 1)):
            img.seek(i)
            if _jpeg_as_is(img):
                source = str(path)
                if path.suffix.lower() not in (".jpg", ".jpeg"):  # reportlab goes by the name
                    source = shutil.copyfile(path, Path(tmp) / "image.jpg").as_posix()
                size = img.size
            else:
                grey = img.mode in ("1", "L", "LA", "I", "I;16")  # a fax: a third to encode
                frame = (ImageOps.exif_transpose(img) or img).convert("L" if grey else "RGB")
                frame.thumbnail((1654, 2339), Image.Resampling.BILINEAR)  # half of bicubic's time
                # by file name: reportlab embeds a .jpg as it is, where an ImageReader
                # would be decoded again and its pixels hashed (0.05 s a page)
                source = Path(tmp, f"frame-{i}.jpg").as_posix()
                frame.save(source, "JPEG", quality=80)
                size = frame.size
            size = _true_shape(size, img.info.get("dpi"))  # a fax's pixels are twice as tall
            scale = min((w - 30 * mm) / size[0], (h - 30 * mm) / size[1])
            c.drawImage(
                source, 15 * mm, h - 15 * mm - size[1] * scale, size[0] * scale, size[1] * scale
            )
            _source_footer(c, case_id, label, shown, i + 1)
            c.showPage()


def _render_source(path: Path, ftype: str, case_id: str, label: str, shown: str) -> bytes:
    """A non-PDF source as PDF pages, made once: images drawn, Word and text set in type."""
    buf = io.BytesIO()
    if ftype in IMAGE_TYPES:
        from reportlab.pdfgen.canvas import Canvas

        c = Canvas(buf, pagesize=A4, invariant=1)
        _draw_images(c, path, case_id, label, shown)
        c.save()
        return buf.getvalue()
    from recordkit.text.office import read_docx, read_text

    pages = read_docx(path, path.name) if ftype == "docx" else read_text(path, path.name)
    story: list = [P(f"Source document {shown} (set in type by recordkit)", H2)]
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
        _source_footer(canvas, case_id, label, shown, doc.page)

    doc.build(story, onFirstPage=cb, onLaterPages=cb)
    return buf.getvalue()


def _placeholder(case_id: str, shown: str, why: str) -> bytes:
    """One page standing in for a source that could not be appended."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1)
    doc.build(
        [
            P(f"Source document {shown}", H2),
            P(f"This document could not be appended to the packet: {why}."),
            P("It was read for the timeline; open the original file to see it."),
        ]
    )
    return buf.getvalue()


FOOT_BAND = 12 * mm  # added below a source PDF's page for its footer: nothing is covered


def _footers(sizes: list[tuple[float, float]], case_id: str, label: str, shown: str) -> PdfReader:
    """One band per page, as wide as that page and FOOT_BAND tall, holding its footer."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    for page, (width, _height) in enumerate(sizes, 1):
        c.setPageSize((width, FOOT_BAND))
        _source_footer(c, case_id, label, shown, page)
        c.showPage()
    c.save()
    return PdfReader(buf)


def _foot_pages(writer: PdfWriter, case_id: str, label: str, shown: str) -> None:
    """Give each page of a source PDF its footer, in a band added below what it shows.

    The page is first turned as a viewer shows it, so that the band is at its foot.
    """
    for page in writer.pages:
        page.transfer_rotation_to_content()
    boxes = [page.cropbox for page in writer.pages]
    bands = _footers([(b.width, b.height) for b in boxes], case_id, label, shown)
    for page, box, band in zip(writer.pages, boxes, bands.pages, strict=True):
        left, bottom = float(box.left), float(box.bottom) - FOOT_BAND
        page.mediabox = RectangleObject((left, bottom, float(box.right), float(box.top)))
        page.cropbox = page.mediabox
        for name in ("/TrimBox", "/BleedBox", "/ArtBox"):
            page.pop(name, None)
        page.merge_transformed_page(band, Transformation().translate(left, bottom))


def _clean_pdf(path: Path, case_id: str, label: str, shown: str) -> PdfWriter:
    """A source PDF copied page by page, active content (scripts, actions) removed.

    Each page gets its footer, as every source page does.
    """
    scratch = PdfWriter()
    scratch.append(PdfReader(path), import_outline=False)  # the packet has its own bookmarks
    strip_active_content(scratch)
    _foot_pages(scratch, case_id, label, shown)
    return scratch


def _source_part(
    root: Path, d: DocumentInfo, case_id: str, label: str, shown: str, problems: list[str]
) -> PdfReader | PdfWriter:
    """The source as clean PDF pages, made once.

    A cleaned source PDF stays a writer: it is not written out and parsed again before the
    packet takes its pages.
    """
    path = file_path(root, d.file)
    try:
        if not path.is_file():
            raise UnsafeSourceError("the file is no longer in the patient folder")
        if not inside(root, path):
            raise UnsafeSourceError("it points outside the patient folder")
        if d.type == "pdf":
            return _clean_pdf(path, case_id, label, shown)
        return PdfReader(io.BytesIO(_render_source(path, d.type, case_id, label, shown)))
    except Exception as e:  # a source that cannot be copied must not cost the whole packet
        why = str(e) if isinstance(e, UnsafeSourceError) else describe_error(e)
        log.warning("%s could not be appended to the packet: %s", shown, why)
        problems.append(f"{shown} could not be appended to the packet: {why}")
        return PdfReader(io.BytesIO(_placeholder(case_id, shown, why)))


class UnsafeSourceError(Exception):
    """A source file that must not (or cannot) be opened; its message says why."""


def build_packet(
    case_out: Path,
    facts: CaseFacts,
    manifest: Manifest | None,
    problems: list[str] | None = None,
    figure: bytes | None = None,
) -> Path:
    """Write OUT/<case_id>/review-packet.pdf; sources not appended are noted in `problems`.

    `figure` is the figure's PDF (drawn here if not given).
    """
    problems = problems if problems is not None else []
    root = Path(facts.source_folder) if facts.source_folder else None
    names = display_names(facts, case_out)

    def label(d: DocumentInfo) -> str:
        return f"D{doc_number(facts, d.file)}"

    docs = [
        d
        for d in packet_order(facts.documents)
        if d.status == "ok" and root is not None  # a file gone since: a placeholder says so
    ]
    parts = [
        (d, _source_part(root, d, facts.case_id, label(d), names[d.file], problems))  # type: ignore[arg-type]
        for d in docs
    ]
    writer = PdfWriter()
    source_pages = sum(len(part.pages) for _d, part in parts)
    front = render_front(facts, manifest, source_pages, figure or figure_pdf(facts), names)
    front_n = front.pages
    writer.append(PdfReader(io.BytesIO(front.pdf)))
    writer.set_page_label(0, front_n - 1, style="/D", prefix="R-")
    for name in SECTIONS:
        if name in front.anchors:
            writer.add_outline_item(title=name, page_number=front.anchors[name])
    sources_root = None  # added once its first page exists, so that it points there
    offset = front_n
    for d, part in parts:
        shown, n = names[d.file], len(part.pages)
        if isinstance(part, PdfWriter):
            for page in part.pages:
                writer.add_page(page)
        else:
            writer.append(part)
        writer.set_page_label(offset, offset + n - 1, style="/D", prefix=f"{label(d)}-")
        if sources_root is None:
            sources_root = writer.add_outline_item(title="Source documents", page_number=front_n)
        writer.add_outline_item(title=shown, page_number=offset, parent=sources_root)
        offset += n
    strip_active_content(writer)
    writer.add_metadata({"/Title": f"Review packet {facts.case_id}", "/Producer": "recordkit"})
    buf = io.BytesIO()
    writer.write(buf)
    return write_bytes(case_out / "review-packet.pdf", buf.getvalue())
