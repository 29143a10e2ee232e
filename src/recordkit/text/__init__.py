"""Turn one file into page text: text layers, OCR, Word and plain text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image


@dataclass(frozen=True)
class OcrJob:
    """One page that needs OCR: a PDF page (0-based index) or an image frame."""

    path: str
    rel: str
    kind: Literal["pdf", "image"]
    index: int


@dataclass(frozen=True)
class PageImage:
    """A page's image ready for OCR, and the page's size in its own unit (pt or px)."""

    image: Image.Image
    width: float
    height: float
    unit: str
    scale: float = 1.0  # page units per image pixel
