"""The one module that calls tesseract: page image in, text + words + confidence out.

Each page costs one tesseract run on an uncompressed temporary image (PGM: writing it is
almost free, unlike PNG) with the languages that are not Han script; a second run with all
configured languages follows only when the first shows Han script (`recordkit.text.script`).
Orientation detection (OSD) runs only when the result reads poorly, so an upright page pays
nothing for it. The engine is Debian's tesseract program (default) or, with
``ocr.engine = "tesserocr"``, the tesserocr library kept loaded in each worker.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass

import pytesseract
from PIL import Image

from recordkit.config import OcrSettings
from recordkit.exceptions import OcrError
from recordkit.models import PageText, Word
from recordkit.text.script import first_pass_languages, han_evidence, is_cjk

log = logging.getLogger(__name__)

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


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


def _assemble(data: dict[str, list]) -> tuple[str, tuple[Word, ...], float | None]:
    """Rebuild reading-order text from tesseract's TSV rows, one line per text line."""
    lines: list[str] = []
    words: list[Word] = []
    confs: list[float] = []
    current_key: tuple[int, int, int, int] | None = None
    current = ""
    last_block = None
    for i, raw in enumerate(data["text"]):
        token = (raw or "").strip()
        if not token:
            continue
        conf = float(data["conf"][i])
        key = (data["page_num"][i], data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if key != current_key:
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
            )
        )
        if conf >= 0:
            confs.append(conf)
    if current_key is not None:
        lines.append(current)
    mean = round(sum(confs) / len(confs), 1) if confs else None
    return "\n".join(lines).strip(), tuple(words), mean


def _run_cli(path: str, settings: OcrSettings, lang: str) -> dict[str, list] | None:
    """Debian's tesseract program on the image file; None when it timed out."""
    try:
        return pytesseract.image_to_data(
            path,
            lang=lang,
            config="--psm 3",
            timeout=settings.page_timeout_s,
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError as e:  # pytesseract signals its timeout this way
        if "timeout" in str(e).lower():
            return None
        raise OcrError(f"tesseract failed: {e}") from e
    except pytesseract.TesseractError as e:
        raise OcrError(f"tesseract failed (status {e.status}): {e.message[:200]}") from e


def _recognise(
    gray: Image.Image, path: str, settings: OcrSettings, languages: tuple[str, ...]
) -> OcrResult:
    """One OCR pass with the configured engine and the given languages."""
    lang = "+".join(languages)
    if settings.engine == "tesserocr":
        from recordkit.text.tesserocr_engine import image_to_data

        data = image_to_data(gray, lang, settings.page_timeout_s)
    else:
        data = _run_cli(path, settings, lang)
    if data is None:
        log.warning("OCR timed out after %ss; page left empty", settings.page_timeout_s)
        return OcrResult("", (), None, "timeout")
    text, words, mean = _assemble(data)
    return OcrResult(text, words, mean, "ok" if text else "empty")


def _read(gray: Image.Image, path: str, settings: OcrSettings) -> OcrResult:
    """Read a page with the languages it needs (see `recordkit.text.script`)."""
    first = first_pass_languages(settings.languages) if settings.script_detect else None
    if first is not None:
        result = _recognise(gray, path, settings, first)
        if result.status == "timeout":
            return result
        why = han_evidence(result.words, result.mean_conf)
        if why is None:
            return result
        log.info("page may hold Han script (%s); read again with all languages", why)
    return _recognise(gray, path, settings, settings.languages)


def _osd_rotation(path: str, settings: OcrSettings) -> int:
    try:
        osd = pytesseract.image_to_osd(
            path,
            config="--psm 0",
            timeout=settings.page_timeout_s,
            output_type=pytesseract.Output.DICT,
        )
    except (pytesseract.TesseractError, RuntimeError):
        return 0  # too little text to tell orientation: keep the page as it is
    return int(osd.get("rotate", 0)) % 360


def ocr_image(image: Image.Image, settings: OcrSettings) -> OcrResult:
    """OCR one page image, correcting a page turned by 90/180/270 degrees when needed."""
    gray = image if image.mode in ("L", "1") else image.convert("L")
    with tempfile.TemporaryDirectory(prefix="recordkit-ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        gray.save(path)
        result = _read(gray, path, settings)
        if result.status == "timeout":
            return result
        if result.mean_conf is None or result.mean_conf < settings.orientation_min_conf:
            rotate = _osd_rotation(path, settings)
            if rotate:
                log.info("page turned by %d degrees before OCR (OSD)", rotate)
                turned = gray.rotate(-rotate, expand=True)
                turned.save(path)
                second = _read(turned, path, settings)
                if (second.mean_conf or 0) > (result.mean_conf or 0):
                    return OcrResult(
                        second.text, second.words, second.mean_conf, second.status, rotate
                    )
        return result


def tesseract_engine_version() -> str:
    """Tesseract's version, part of the cache key."""
    return str(pytesseract.get_tesseract_version())
