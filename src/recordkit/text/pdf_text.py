"""PDF pages: read the text layer with pdfplumber, or hand the page to OCR."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from recordkit.config import OcrSettings, Settings
from recordkit.exceptions import (
    CorruptDocumentError,
    EncryptedDocumentError,
    TooLargeDocumentError,
)
from recordkit.models import PageText, Word
from recordkit.text import OcrJob, PageImage
from recordkit.text.images import square_pixels
from recordkit.text.language import not_language

log = logging.getLogger(__name__)


class OcrDecision(NamedTuple):
    """Whether a PDF page is OCR'd, why, and whether a text layer it has is distrusted."""

    ocr: bool
    why: str
    distrusted: bool = False


def needs_ocr(text: str, n_images: int, settings: OcrSettings) -> OcrDecision:
    """Decide whether a PDF page is OCR'd, with the reason (always logged by the caller)."""
    if settings.text_mode == "force_ocr":
        return OcrDecision(True, "force_ocr mode")
    if settings.text_mode == "text_only":
        return OcrDecision(False, "text_only mode")
    useful = sum(ch.isalnum() for ch in text)
    if "(cid:" in text and text.count("(cid:") * 6 > len(text) / 2:
        return OcrDecision(True, "text layer is unmapped glyph codes", True)
    if useful < settings.min_text_chars:
        return OcrDecision(
            True,
            f"only {useful} text characters and {n_images} image(s)"
            if n_images
            else f"only {useful} text characters",
        )
    scrambled = not_language(text)
    if scrambled:  # the page's glyphs look right; OCR of the rendered page reads them
        return OcrDecision(True, scrambled, True)
    return OcrDecision(False, f"{useful} text characters in the text layer")


def check_pdf(path: Path) -> int:
    """Raise for encrypted or truncated PDFs; return the page count."""
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 2048))
        tail = f.read()
    if b"%%EOF" not in tail:
        raise CorruptDocumentError("truncated PDF: the end-of-file marker is missing")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocumentError("encrypted PDF: it needs a password to open")
        return len(reader.pages)
    except EncryptedDocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        if "password" in str(e).lower() or "decrypt" in str(e).lower():
            raise EncryptedDocumentError("encrypted PDF: it needs a password to open") from e
        raise CorruptDocumentError(f"damaged PDF: {type(e).__name__}") from e


PAGE_COVER = 0.95  # of the page's width and height an image covers to be the page's scan


def _covers(obj: pdfium.PdfObject, width: float, height: float) -> bool:
    """An image object that fills the page: a scanned page."""
    left, bottom, right, top = obj.get_bounds()
    return (right - left) >= PAGE_COVER * width and (top - bottom) >= PAGE_COVER * height


def _invisible(obj: pdfium.PdfObject) -> bool:
    """A text object drawn invisibly (render mode 3): a scanner's OCR under its image."""
    return (
        obj.type == pdfium.raw.FPDF_PAGEOBJ_TEXT
        and pdfium.raw.FPDFTextObj_GetTextRenderMode(obj.raw)
        == pdfium.raw.FPDF_TEXTRENDERMODE_INVISIBLE
    )


def _hidden_text_over_scan(page: pdfium.PdfPage) -> bool:
    """A 'searchable' scan: all its text is invisible, over an image that fills the page.

    That text is another program's OCR of the image, with its misreadings and without word
    confidences; what the page says is the image, read by OCR here.
    """
    width, height = page.get_size()
    objs = list(page.get_objects())
    texts = [o for o in objs if o.type == pdfium.raw.FPDF_PAGEOBJ_TEXT]
    return (
        bool(texts)
        and all(_invisible(o) for o in texts)
        and any(o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE and _covers(o, width, height) for o in objs)
    )


def _survey(path: Path) -> tuple[set[int], set[int]]:
    """Pages with no text layer, and pages whose text is hidden under their scan.

    Told by PDFium (about 1 ms a page; see `_hidden_text_over_scan`). Both are OCR'd
    whatever their text would be, so pdfplumber (tens of ms a page in Python) need not
    parse them; a scanned PDF is not opened by pdfplumber at all.
    """
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return set(), set()  # pdfplumber reads it, or says what is wrong with it
    blank, hidden = set(), set()
    try:
        for i in range(len(pdf)):
            try:
                page = pdf[i]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                continue  # a page PDFium cannot load: pdfplumber decides
            if textpage.count_chars() == 0:
                blank.add(i)
            elif _hidden_text_over_scan(page):
                hidden.add(i)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return blank, hidden


HIDDEN_NOTE = "invisible text layer over a scanned image (another program's OCR)"


def read_pdf(
    path: Path, rel: str, settings: Settings
) -> tuple[list[PageText], list[OcrJob], list[str]]:
    """Read text-layer pages; return them, the pages that need OCR, and notes.

    A note names a page whose text layer was there but not trusted (for the manifest).
    """
    n = check_pdf(path)
    if n > settings.limits.max_pages:
        raise TooLargeDocumentError(f"{n} pages; the limit is {settings.limits.max_pages}")
    blank: set[int] = set()  # pages that go to OCR without pdfplumber
    hidden: set[int] = set()
    if settings.ocr.text_mode == "force_ocr":
        blank = set(range(n))
    elif settings.ocr.text_mode == "auto":  # (parsers can count a damaged file's pages apart)
        blank, hidden = ({i for i in found if i < n} for found in _survey(path))
    pages: list[PageText] = []
    jobs: list[OcrJob] = []
    notes: list[str] = []
    if len(blank | hidden) < n:
        pages, jobs, notes = _read_text_layer(path, rel, blank | hidden, settings)
    for i in sorted(blank):
        log.info("page %d: OCR (no text layer)", i + 1)
    for i in sorted(hidden):
        log.info("page %d: OCR (%s)", i + 1, HIDDEN_NOTE)
        notes.append(f"page {i + 1}: {HIDDEN_NOTE}; read by OCR")
    ocr = [OcrJob(str(path), rel, "pdf", i) for i in blank | hidden]
    return pages, sorted(jobs + ocr, key=lambda j: j.index), sorted(notes, key=_page_number)


def _page_number(note: str) -> int:
    return int(note.split(":")[0].split()[-1])


def _read_text_layer(
    path: Path, rel: str, skip: set[int], settings: Settings
) -> tuple[list[PageText], list[OcrJob], list[str]]:
    """The text and words (pdfplumber) of each page not in `skip`, or that page's OCR job.

    A page whose text layer is not trusted gets a note.
    """
    pages: list[PageText] = []
    jobs: list[OcrJob] = []
    notes: list[str] = []
    try:
        with pdfplumber.open(path) as pdf:
            for i, page in enumerate(pdf.pages):
                if i in skip:
                    continue
                text = page.extract_text() or ""
                decision = needs_ocr(text, len(page.images), settings.ocr)
                log.info(
                    "page %d: %s (%s)", i + 1, "OCR" if decision.ocr else "text layer", decision.why
                )
                if decision.distrusted:
                    notes.append(f"page {i + 1}: {decision.why}; read by OCR")
                if decision.ocr:
                    jobs.append(OcrJob(str(path), rel, "pdf", i))
                    continue
                pages.append(_text_page(page, text, rel, i))
    except PdfminerException as e:
        inner = e.args[0] if e.args else e
        if isinstance(inner, PDFPasswordIncorrect):
            raise EncryptedDocumentError("encrypted PDF: it needs a password to open") from e
        raise CorruptDocumentError(f"damaged PDF: {type(inner).__name__}") from e
    except PDFSyntaxError as e:
        raise CorruptDocumentError(f"damaged PDF: {e}") from e
    return pages, jobs, notes


def _text_page(page: pdfplumber.page.Page, text: str, rel: str, i: int) -> PageText:
    words = tuple(
        Word(
            text=w["text"],
            x0=round(w["x0"], 2),
            top=round(w["top"], 2),
            x1=round(w["x1"], 2),
            bottom=round(w["bottom"], 2),
        )
        for w in page.extract_words()
    )
    return PageText(
        file=rel,
        page=i + 1,
        text=text,
        method="text",
        width=float(page.width),
        height=float(page.height),
        unit="pt",
        words=words,
    )


def _page_image(page: pdfium.PdfPage, dpi: int, max_pixels: int) -> tuple[Image.Image, float]:
    """The page as an image and the points-per-pixel scale.

    An image-only page whose single picture fills it gives that picture directly (about
    20 ms instead of 100-200 ms to render the page); invisible text over it draws nothing.
    """
    width, height = page.get_size()
    if page.get_rotation() == 0:
        objs = list(page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=1))
        others = [
            o
            for o in page.get_objects(max_depth=1)
            if o.type != pdfium.raw.FPDF_PAGEOBJ_IMAGE and not _invisible(o)
        ]
        if len(objs) == 1 and not others:
            px_w, px_h = objs[0].get_px_size()
            if _covers(objs[0], width, height) and 0 < px_w * px_h <= max_pixels:
                try:
                    img = objs[0].get_bitmap(render=False).to_pil()
                    if img.mode not in ("L", "RGB", "1"):
                        img = img.convert("RGB")
                    dpi = (img.width * 72 / width, img.height * 72 / height)  # a fax: 200 x 100
                    img = square_pixels(img, dpi, max_pixels)
                    return img, width / img.width
                except pdfium.PdfiumError:
                    pass
    scale = dpi / 72
    if width * height * scale * scale > max_pixels:
        scale = (max_pixels / (width * height)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    return bitmap.to_pil(), 1 / scale


def pdf_page_image(job: OcrJob, settings: Settings) -> PageImage:
    """Render (or take out) one PDF page's image; boxes are scaled back to points."""
    pdf = pdfium.PdfDocument(job.path)
    try:
        page = pdf[job.index]
        width, height = page.get_size()
        image, pt_per_px = _page_image(page, settings.ocr.dpi, settings.limits.max_image_pixels)
    finally:
        pdf.close()
    return PageImage(image, width, height, "pt", pt_per_px)
