"""Turn one file into page text: text layers, OCR, Word and plain text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class OcrJob:
    """One page that needs OCR: a PDF page (0-based index) or an image frame."""

    path: str
    rel: str
    kind: Literal["pdf", "image"]
    index: int
