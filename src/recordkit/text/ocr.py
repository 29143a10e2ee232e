"""The one module that calls tesseract: page images in, text + words + confidence out.

A worker's pages are written once as uncompressed temporary images (PGM: almost free to
write, unlike PNG) and read in one run of the tesseract program (its model loaded once for
all of them) with the languages that are not Han script; a page that shows Han script is read
again alone with all configured languages (`recordkit.text.script`). Orientation detection
(OSD) runs only for a page that reads poorly, so an upright page pays nothing for it. The
engine is Debian's tesseract program (default) or, with ``ocr.engine = "tesserocr"``, the
tesserocr library kept loaded in each worker.
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

import pytesseract
from PIL import Image

from recordkit.config import OcrSettings
from recordkit.exceptions import OcrError
from recordkit.models import PageText, Word
from recordkit.text.cleanup import cleaned, has_ink
from recordkit.text.lighting import flat_lit
from recordkit.text.lost_lines import lost_bands, place
from recordkit.text.script import first_pass_languages, han_evidence, is_cjk

log = logging.getLogger(__name__)

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
MIN_BAND_WORDS = 2  # a band read again is kept when it gives this many words ...
MIN_BAND_CONF = 55  # ... half of them at least this confident (a smudge or a stamp reads
# far lower; a real line's odd unit or flag glyph may too, hence the median);
MIN_WORD_CONF = 30  # its words are kept from this confidence


@dataclass(frozen=True)
class OcrResult:
    """What tesseract read on one image; coordinates are in the image's pixels."""

    text: str
    words: tuple[Word, ...]
    mean_conf: float | None
    status: str  # ok | timeout | empty
    rotation: int = 0


def page_from_ocr(
    result: OcrResult,
    file: str,
    page: int,
    width: float,
    height: float,
    unit: str,
    scale: float = 1.0,
) -> PageText:
    """An OCR'd page; word boxes are scaled from image pixels to the page's unit."""
    words = (
        result.words
        if scale == 1.0
        else tuple(
            Word(
                text=w.text,
                x0=round(w.x0 * scale, 2),
                top=round(w.top * scale, 2),
                x1=round(w.x1 * scale, 2),
                bottom=round(w.bottom * scale, 2),
                conf=w.conf,
            )
            for w in result.words
        )
    )
    return PageText(
        file=file,
        page=page,
        text=result.text,
        method="ocr",
        ocr_confidence=result.mean_conf,
        ocr_status=result.status,  # type: ignore[arg-type]
        rotation=result.rotation,
        width=width,
        height=height,
        unit=unit,
        words=words,
    )  # type: ignore[arg-type]


def _join(prev: str, nxt: str) -> str:
    return "" if prev and nxt and is_cjk(prev[-1]) and is_cjk(nxt[0]) else " "


def _mean(confs: list[float]) -> float | None:
    """A page's mean word confidence, as its result gives it."""
    return round(sum(confs) / len(confs), 1) if confs else None


def _assemble(data: dict[str, list]) -> tuple[str, tuple[Word, ...], float | None]:
    """Rebuild reading-order text from tesseract's TSV rows, one line per text line."""
    lines: list[str] = []
    words: list[Word] = []
    confs: list[float] = []
    current_key: tuple[int, int, int, int] | None = None
    current = ""
    last_block = None
    line_no = -1
    for i, raw in enumerate(data["text"]):
        token = (raw or "").strip()
        if not token:
            continue
        conf = float(data["conf"][i])
        key = (data["page_num"][i], data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if key != current_key:
            line_no += 1
            if current_key is not None:
                lines.append(current)
                if last_block is not None and key[:3] != last_block:
                    lines.append("")
            current, current_key, last_block = token, key, key[:3]
        else:
            current += _join(current, token) + token
        left, top = float(data["left"][i]), float(data["top"][i])
        words.append(
            Word(
                text=token,
                x0=left,
                top=top,
                x1=left + float(data["width"][i]),
                bottom=top + float(data["height"][i]),
                conf=conf if conf >= 0 else None,
                line=line_no,
            )
        )
        if conf >= 0:
            confs.append(conf)
    if current_key is not None:
        lines.append(current)
    return "\n".join(lines).strip(), tuple(words), _mean(confs)


def _run_cli(
    path: str, settings: OcrSettings, lang: str, pages: int = 1, psm: int = 3
) -> dict[str, list] | None:
    """Debian's tesseract program on an image (or a list of `pages` images); None on time-out."""
    try:
        return pytesseract.image_to_data(
            path,
            lang=lang,
            config=f"--psm {psm}",
            timeout=settings.page_timeout_s * pages,
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError as e:  # pytesseract signals its timeout this way
        if "timeout" in str(e).lower():
            return None
        raise OcrError(f"tesseract failed: {e}") from e
    except pytesseract.TesseractError as e:
        raise OcrError(f"tesseract failed (status {e.status}): {e.message[:200]}") from e


def _result(data: dict[str, list]) -> OcrResult:
    text, words, mean = _assemble(data)
    return OcrResult(text, words, mean, "ok" if text else "empty")


def _recognise(
    gray: Image.Image, path: str, settings: OcrSettings, languages: tuple[str, ...], psm: int = 3
) -> OcrResult:
    """One OCR pass with the configured engine and the given languages."""
    lang = "+".join(languages)
    if settings.engine == "tesserocr":
        from recordkit.text.tesserocr_engine import image_to_data

        data = image_to_data(gray, lang, settings.page_timeout_s, psm)
    else:
        data = _run_cli(path, settings, lang, psm=psm)
    if data is None:
        log.warning("OCR timed out after %ss; page left empty", settings.page_timeout_s)
        return OcrResult("", (), None, "timeout")
    return _result(data)


def _first_languages(settings: OcrSettings) -> tuple[tuple[str, ...], bool]:
    """The languages of a page's first pass, and whether Han script may call for a second."""
    first = first_pass_languages(settings.languages) if settings.script_detect else None
    return (first, True) if first is not None else (tuple(settings.languages), False)


def _split_pages(data: dict[str, list], n: int) -> list[dict[str, list]]:
    """The rows of a run over `n` images, one table per image (tesseract counts from 1)."""
    parts: list[dict[str, list]] = [{col: [] for col in data} for _ in range(n)]
    for row, page in enumerate(data["page_num"]):
        k = int(page) - 1
        if 0 <= k < n:
            for col, values in data.items():
                parts[k][col].append(values[row])
    return parts


def _first_passes(paths: list[str], settings: OcrSettings) -> list[OcrResult | None]:
    """The first pass of several pages in one run of the tesseract program.

    The program loads its model once for the whole list instead of once a page, which saves
    about a fifth of the CPU of a page, and reads each image as it would alone (the same
    words, boxes and confidences). None for a page whose first pass is still to be made: one
    page, the tesserocr engine (already loaded), or a run that timed out.
    """
    if len(paths) < 2 or settings.engine == "tesserocr":
        return [None] * len(paths)
    listing = os.path.join(os.path.dirname(paths[0]), "pages.txt")
    with open(listing, "w", encoding="utf-8") as f:
        f.write("".join(f"{p}\n" for p in paths))
    languages, _ = _first_languages(settings)
    data = _run_cli(listing, settings, "+".join(languages), pages=len(paths))
    if data is None:
        log.warning("OCR of %d pages in one run timed out; reading them one at a time", len(paths))
        return [None] * len(paths)
    return [_result(part) for part in _split_pages(data, len(paths))]


def _read(
    gray: Image.Image, path: str, settings: OcrSettings, first: OcrResult | None = None
) -> OcrResult:
    """Read a page with the languages it needs (see `recordkit.text.script`).

    `first` is the page's first pass when it was already made (in a run over several pages).
    """
    languages, may_need_han = _first_languages(settings)
    result = first or _recognise(gray, path, settings, languages)
    if result.status == "timeout":
        return result
    why = han_evidence(result.words, result.mean_conf) if may_need_han else None
    if why is not None:
        log.info("page may hold Han script (%s); read again with all languages", why)
        languages = tuple(settings.languages)
        result = _recognise(gray, path, settings, languages)
    return _recover_lost_lines(gray, path, settings, result, languages)


def _reads_as_print(band: OcrResult) -> bool:
    confs = [w.conf for w in band.words if w.conf is not None]
    return len(confs) >= MIN_BAND_WORDS and statistics.median(confs) >= MIN_BAND_CONF


def _recover_lost_lines(
    gray: Image.Image,
    path: str,
    settings: OcrSettings,
    result: OcrResult,
    languages: tuple[str, ...],
) -> OcrResult:
    """The page with the lines its layout analysis dropped read again (`lost_lines`)."""
    if not settings.recover_lost_lines or result.status != "ok":
        return result
    words, texts = result.words, [result.text]
    lines = 1 + max((w.line for w in words if w.line is not None), default=-1)
    for k, (x0, top, x1, bottom) in enumerate(lost_bands(gray, result.words)):
        crop, band_path = gray.crop((x0, top, x1, bottom)), f"{path}.band{k}.pgm"
        crop.save(band_path)
        band = _recognise(crop, band_path, settings, languages, 6)
        if not _reads_as_print(band):
            continue
        found = [
            w.model_copy(update={"x0": w.x0 + x0, "x1": w.x1 + x0,
                                 "top": w.top + top, "bottom": w.bottom + top,
                                 "line": None if w.line is None else w.line + lines})
            for w in band.words
            if w.conf is not None and w.conf >= MIN_WORD_CONF
        ]  # fmt: skip
        placed = place(words, found)
        if len(placed) > len(words):
            lines = 1 + max((w.line for w in found if w.line is not None), default=lines)
            log.info("a line the page layout dropped was read again")
            texts.append(" ".join(w.text for w in placed if w not in words))
            words = placed
    if words is result.words:
        return result
    mean = _mean([w.conf for w in words if w.conf is not None])
    return OcrResult("\n\n".join(texts), words, mean, result.status, result.rotation)


def _osd_rotation(path: str, settings: OcrSettings) -> int | None:
    """OSD's turn for the page; None when it has too little text to tell."""
    try:
        osd = pytesseract.image_to_osd(
            path,
            config="--psm 0",
            timeout=settings.page_timeout_s,
            output_type=pytesseract.Output.DICT,
        )
    except (pytesseract.TesseractError, RuntimeError):
        return None
    return int(osd.get("rotate", 0)) % 360


SIDEWAYS_SHARE = 0.6  # of a page's words of 3+ characters standing taller than wide: turned


def _sideways(result: OcrResult) -> int:
    """The turn (degrees, as OSD gives it) of a page whose text runs down or up the image.

    Tesseract reads a page turned by 90 degrees well, line by line, but its word boxes then
    stand on end and no layout can rebuild lines from them: 0 when the page is upright.
    """
    long = [w for w in result.words if len(w.text) >= 3]
    tall = [w for w in long if (w.bottom - w.top) > 1.2 * (w.x1 - w.x0)]
    if len(long) < 5 or len(tall) < SIDEWAYS_SHARE * len(long):
        return 0
    steps = [
        b.top - a.top
        for a, b in zip(result.words, result.words[1:], strict=False)
        if min(a.x1, b.x1) > max(a.x0, b.x0)  # the next word of the same (upright) line
    ]
    down = sum(1 for d in steps if d > 0)
    return 270 if down >= len(steps) - down else 90  # reads downward: turned clockwise


def _upright(gray: Image.Image, path: str, settings: OcrSettings, result: OcrResult) -> OcrResult:
    """A page that reads poorly, or whose text stands on end, is turned upright and read again.

    A page read well but with its word boxes on end gives its turn by the boxes' order; one
    read poorly is asked of OSD; when OSD has too little text to tell, a half turn is tried
    and kept only if it reads well.
    """
    if result.status == "timeout":
        return result
    poor = result.mean_conf is None or result.mean_conf < settings.orientation_min_conf
    turn = 0 if poor else _sideways(result)
    if not (turn or poor):
        return result
    rotate = turn or _osd_rotation(path, settings)
    blind = rotate is None
    rotate = (180 if result.words else 0) if rotate is None else rotate
    if not rotate:
        return result
    log.info("page turned by %d degrees before OCR", rotate)
    turned = gray.rotate(-rotate, expand=True)
    turned.save(path)
    second = _read(turned, path, settings)
    was, now = result.mean_conf or 0, second.mean_conf or 0
    better = now > was and (not blind or now >= settings.orientation_min_conf)
    if turn:  # the same words, now in lines: as good a reading will do
        better = better or (not _sideways(second) and now >= 0.8 * was)
    if better:
        return OcrResult(second.text, second.words, second.mean_conf, second.status, rotate)
    return result


def ocr_images(images: Sequence[Image.Image], settings: OcrSettings) -> list[OcrResult]:
    """OCR page images: a first pass over all of them, then each page on its own as needed.

    Each image is written once as PGM (uncompressed: almost free to write and to read);
    the first pass reads them all in one run (`_first_passes`); a page that shows Han script
    or reads poorly is then read again alone.
    """
    grays = [flat_lit(im if im.mode in ("L", "1") else im.convert("L")) for im in images]
    with tempfile.TemporaryDirectory(prefix="recordkit-ocr-") as tmp:
        paths = [os.path.join(tmp, f"page-{k:04d}.pgm") for k in range(len(grays))]
        for gray, path in zip(grays, paths, strict=True):
            gray.save(path)
        firsts = _first_passes(paths, settings)
        return [
            _or_cleaned(
                gray,
                path,
                settings,
                _upright(gray, path, settings, _read(gray, path, settings, first)),
            )
            for gray, path, first in zip(grays, paths, firsts, strict=True)
        ]


def _or_cleaned(
    gray: Image.Image, path: str, settings: OcrSettings, result: OcrResult
) -> OcrResult:
    """A page that read as empty but holds ink, read again cleaned (a grey photocopy)."""
    if result.status != "empty" or not has_ink(gray):
        return result
    log.info("page read as empty though it holds ink; read again cleaned")
    clean = cleaned(gray)
    clean.save(path)
    second = _read(clean, path, settings)
    return second if second.words else result


def ocr_image(image: Image.Image, settings: OcrSettings) -> OcrResult:
    """OCR one page image, correcting a page turned by 90/180/270 degrees when needed."""
    return ocr_images([image], settings)[0]


def tesseract_engine_version() -> str:
    """Tesseract's version, part of the cache key."""
    return str(pytesseract.get_tesseract_version())
