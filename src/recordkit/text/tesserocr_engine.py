"""The optional tesserocr engine (``ocr.engine = "tesserocr"``, the `fast` pipeline).

The tesserocr wheel bundles its own tesseract library (built without OpenMP). One engine
per language set is kept loaded for the life of the worker process, so a page pays neither
a process start nor a model load. It reads Debian's language data, the same files the
tesseract program uses. Install it with ``pip install tesserocr``.
"""

from __future__ import annotations

import os
import re
import subprocess
from functools import lru_cache
from typing import Any

from PIL import Image

from recordkit.exceptions import OcrError

TSV_COLUMNS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)


@lru_cache(maxsize=1)
def tessdata_dir() -> str:
    """Where the language data is: $TESSDATA_PREFIX, else what `tesseract` reports."""
    if os.environ.get("TESSDATA_PREFIX"):
        return os.environ["TESSDATA_PREFIX"]
    out = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    found = re.search(r'"([^"]+)"', out)
    return found.group(1) if found else "/usr/share/tesseract-ocr/5/tessdata/"


def _module() -> Any:
    try:
        import tesserocr
    except ImportError as e:
        raise OcrError(
            'ocr.engine = "tesserocr" needs the tesserocr package: pip install tesserocr'
        ) from e
    return tesserocr


@lru_cache(maxsize=4)
def _api(lang: str) -> Any:
    tesserocr = _module()
    return tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=lang, psm=tesserocr.PSM.AUTO)


def engine_version() -> str:
    """The bundled library's version line (part of the page cache key)."""
    return str(_module().tesseract_version().splitlines()[0])


def image_to_data(
    image: Image.Image, lang: str, timeout_s: float, psm: int = 3
) -> dict[str, list] | None:
    """Word rows like ``pytesseract.image_to_data(..., Output.DICT)``; None on a timeout.

    `psm` is tesseract's page segmentation mode (3: automatic, 6: one block of text).
    """
    api = _api(lang)
    api.SetPageSegMode(psm)
    api.SetImage(image)
    try:
        if not api.Recognize(timeout=int(timeout_s * 1000)):
            return None
        tsv = api.GetTSVText(0)
    finally:
        api.Clear()
        api.SetPageSegMode(3)
    data: dict[str, list] = {c: [] for c in TSV_COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) != len(TSV_COLUMNS):
            continue
        for col, cell in zip(TSV_COLUMNS, cells, strict=True):
            data[col].append(cell if col == "text" else float(cell))
    return data
