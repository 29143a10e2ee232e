"""Source pages for the review app: text with word boxes, page images, where a quote sits.

Only a case's own documents are opened: a file must be listed in events.json and lie inside
the case's source folder once symlinks are resolved. Page text comes from the page cache when
the batch filled it; otherwise the page is read again in a sandboxed worker (text layer, or
tesseract for scanned pages), exactly as `process` reads it.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps
from rapidfuzz import fuzz

from recordkit.cache import PageCache, default_cache_dir, text_settings_key
from recordkit.config import Settings, load_pipeline
from recordkit.ingest import file_path
from recordkit.models import CaseFacts, DocumentResult, PageText, Word
from recordkit.text import OcrJob

log = logging.getLogger(__name__)

IMAGE_TYPES = {"png", "jpeg", "tiff", "gif", "bmp", "webp"}
PAGE_WIDTH_PX = 1100  # width of a page image in the browser
FUZZY_MIN = 70


class NotServed(LookupError):
    """A file or page the review app does not serve (not a document of this case)."""


def source_path(facts: CaseFacts, file: str) -> tuple[Path, str]:
    """The absolute path and type of one of the case's documents; NotServed otherwise."""
    doc = next((d for d in facts.documents if d.file == file and d.status == "ok"), None)
    if doc is None or not facts.source_folder:
        raise NotServed("not a readable document of this case")
    root = Path(facts.source_folder).resolve()
    path = file_path(root, file).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotServed("the document is not inside the case's folder")
    return path, doc.type


def page_count(facts: CaseFacts, file: str) -> int:
    """Pages of a document as events.json lists them."""
    return next((d.pages for d in facts.documents if d.file == file), 0)


def render_page(path: Path, ftype: str, page: int) -> bytes:
    """PNG of one page: PDF pages drawn by pdfium, image frames as they are (turned upright)."""
    Image.MAX_IMAGE_PIXELS = Settings().limits.max_image_pixels
    if ftype == "pdf":
        pdf = pdfium.PdfDocument(path)
        try:
            if not 1 <= page <= len(pdf):
                raise NotServed("no such page")
            p = pdf[page - 1]
            scale = PAGE_WIDTH_PX / p.get_size()[0]
            img = p.render(scale=scale).to_pil()
        finally:
            pdf.close()
    elif ftype in IMAGE_TYPES:
        with Image.open(path) as im:
            if not 1 <= page <= getattr(im, "n_frames", 1):
                raise NotServed("no such page")
            im.seek(page - 1)
            img = ImageOps.exif_transpose(im.copy()) or im.copy()
        img.thumbnail((PAGE_WIDTH_PX, PAGE_WIDTH_PX * 2))
    else:
        raise NotServed("this document has no page image")
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "PNG", optimize=False)
    return buf.getvalue()


def _norm(text: str) -> str:
    return "".join(ch.lower() for ch in text if not ch.isspace())


def quote_spans(page: PageText, quote: str, start: int = 0) -> dict[int, tuple[float, float]]:
    """The page words that carry `quote`, each with the covered part (fractions 0-1).

    Of several occurrences, the one `start` points to; with none, the closest fuzzy match.
    A word only partly covered is, for instance, a whole line of Chinese text that a PDF's
    text layer gives as one word.
    """
    owner: list[int] = []
    offset: list[int] = []
    for i, w in enumerate(page.words):
        n = len(_norm(w.text))
        owner += [i] * n
        offset += list(range(n))
    hay = "".join(_norm(w.text) for w in page.words)
    needle = _norm(quote)
    if not needle or not hay:
        return {}
    hits, at = [], hay.find(needle)
    while at >= 0:
        hits.append(at)
        at = hay.find(needle, at + 1)
    if hits:
        nth = _norm(page.text[:start]).count(needle) if start > 0 else 0
        lo = hits[min(nth, len(hits) - 1)]
        hi = lo + len(needle)
    else:
        al = fuzz.partial_ratio_alignment(needle, hay)
        if al is None or al.score < FUZZY_MIN:
            return {}
        lo, hi = al.dest_start, al.dest_end
    spans: dict[int, tuple[float, float]] = {}
    for k in range(lo, hi):
        n = len(_norm(page.words[owner[k]].text))
        first = spans.get(owner[k], (offset[k] / n, 0.0))[0]
        spans[owner[k]] = (min(first, offset[k] / n), (offset[k] + 1) / n)
    for i, (a, b) in spans.items():  # only punctuation left out: the whole word
        t = _norm(page.words[i].text)
        rest = t[: round(a * len(t))] + t[round(b * len(t)) :]
        if not any(ch.isalnum() for ch in rest):
            spans[i] = (0.0, 1.0)
    return spans


def quote_words(page: PageText, quote: str, start: int = 0) -> list[int]:
    """Indices of the page words that carry `quote`; empty when it is not on the page."""
    return sorted(quote_spans(page, quote, start))


def part_box(
    whole: tuple[float, float, float, float], span: tuple[float, float]
) -> tuple[float, float, float, float]:
    """The covered part of a word's box (text runs left to right)."""
    x0, top, x1, bottom = whole
    return (round(x0 + (x1 - x0) * span[0], 5), top, round(x0 + (x1 - x0) * span[1], 5), bottom)


def box(page: PageText, w: Word) -> tuple[float, float, float, float]:
    """A word's box as fractions of the page (left, top, right, bottom)."""
    if not page.width or not page.height:
        return (0.0, 0.0, 0.0, 0.0)
    return (
        round(w.x0 / page.width, 5),
        round(w.top / page.height, 5),
        round(w.x1 / page.width, 5),
        round(w.bottom / page.height, 5),
    )


def around(text: str, start: int, end: int, quote: str, width: int = 300) -> tuple[str, str, str]:
    """(before, quote, after): the page text around a quote."""
    if not (0 <= start < end <= len(text)) or _norm(text[start:end]) != _norm(quote):
        at = text.find(quote)
        if at < 0:
            return ("", quote, "")
        start, end = at, at + len(quote)
    lo, hi = max(0, start - width), min(len(text), end + width)
    return (
        ("…" if lo else "") + text[lo:start],
        text[start:end],
        text[end:hi] + ("…" if hi < len(text) else ""),
    )


def join_words(page: PageText, first: int, last: int) -> str:
    """The text of words first..last (CJK characters joined without spaces)."""
    words = [w.text for w in page.words[first : last + 1]]
    out = ""
    for w in words:
        cjk = out and "\u4e00" <= out[-1] <= "\u9fff" and "\u4e00" <= w[0] <= "\u9fff"
        out += w if not out or cjk else " " + w
    return out


@dataclass
class PageReader:
    """Page text of a case's documents: from the page cache, else read again in a worker."""

    settings: Settings
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        self._mem: dict[tuple[str, str, int], PageText | None] = {}
        self._lock = threading.Lock()
        self._key: str | None = None

    @classmethod
    def for_pipeline(cls, name: str | None, cache_dir: Path | None) -> PageReader:
        """A reader with the settings of the pipeline that produced the case."""
        try:
            settings = load_pipeline(name)
        except Exception:  # an unknown or moved pipeline file: fall back to the defaults
            settings = Settings()
        return cls(settings, cache_dir)

    def _cached(self, sha256: str) -> DocumentResult | None:
        from recordkit.deps import probe_tesseract

        if self._key is None:
            version = probe_tesseract(self.settings.ocr.languages).version or ""
            self._key = text_settings_key(self.settings, version)
        folder = self.cache_dir or default_cache_dir()
        if not (folder / "pages.sqlite3").is_file():
            return None
        cache = PageCache(folder, self._key)
        try:
            hit = cache.get(sha256)
        finally:
            cache.close()
        if hit is None:
            return None
        return DocumentResult.model_validate({**hit, "record": {**hit["record"], "path": "-"}})

    def _read(self, path: Path, rel: str, ftype: str, page: int) -> PageText | None:
        from recordkit.text.worker import make_pool, ocr_page, parse_document

        pool = make_pool(1, self.settings)
        try:
            got = pool.submit(parse_document, str(path), rel, ftype, self.settings).result()
            found = next((p for p in got.pages if p.page == page), None)
            if found is None:
                job = next((j for j in got.jobs if j.index == page - 1), None)
                if isinstance(job, OcrJob):
                    done = pool.submit(ocr_page, job, self.settings).result()
                    found = done.pages[0] if done.pages else None
        finally:
            pool.shutdown(wait=True)
        return found

    def page(self, path: Path, rel: str, ftype: str, page: int, sha256: str | None) -> PageText:
        """The page's text and words (NotServed when it cannot be read)."""
        key = (str(path), rel, page)
        with self._lock:
            if key not in self._mem:
                cached = self._cached(sha256) if sha256 else None
                found = next((p for p in cached.pages if p.page == page), None) if cached else None
                if found is None:
                    log.info("page %s p.%d not in the cache; reading it again", rel, page)
                    found = self._read(path, rel, ftype, page)
                if found is not None and not found.words:  # Word and text files: no boxes
                    words = tuple(
                        Word(text=t, x0=0, top=0, x1=0, bottom=0) for t in found.text.split()
                    )
                    found = found.model_copy(update={"words": words})
                self._mem[key] = found
        if self._mem[key] is None:
            raise NotServed("the page could not be read")
        return self._mem[key]  # type: ignore[return-value]
