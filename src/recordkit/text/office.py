"""Word documents (paragraphs and tables, in document order) and plain text files."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.exceptions import CorruptDocumentError, EmptyFileError, TooLargeDocumentError
from recordkit.ingest import decode_text
from recordkit.models import PageText
from recordkit.text.rtf import is_rtf, rtf_text

if TYPE_CHECKING:  # python-docx is imported when a Word file is read (0.04 s, not every run)
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

FORM_FEED = "\f"
MAX_XML_MB = 64  # Word's XML parts, uncompressed; lxml needs several times this in memory
MAX_UNPACKED_MB = 512  # every part, uncompressed (pictures included)


def check_unpacked_size(path: Path) -> None:
    """Refuse a Word file whose parts would unpack too large, from the ZIP directory alone.

    A 1.5 MB "zip bomb" can unpack to gigabytes; its directory says so before any parsing.
    """
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise CorruptDocumentError(f"damaged Word document: {type(e).__name__}") from e
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    total = sum(i.file_size for i in infos)
    if xml > MAX_XML_MB * 2**20 or total > MAX_UNPACKED_MB * 2**20:
        raise TooLargeDocumentError(
            f"the Word document would unpack to {total / 2**20:,.0f} MiB "
            f"({xml / 2**20:,.0f} MiB of XML; limits {MAX_UNPACKED_MB} and {MAX_XML_MB} MiB): "
            "a possible decompression bomb"
        )


def _styled_heading(paragraph: Paragraph) -> bool:
    """A paragraph in one of Word's heading styles ('Heading 2', 'Title'): a heading."""
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    return name.startswith(("Heading", "Title"))


def _blocks(document: DocxDocument) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if _styled_heading(block) and lines and lines[-1].strip():
                lines.append("")  # Word's heading style sets the line apart, as a blank line does
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                last = None
                for cell in row.cells:
                    if cell._tc is not last:  # a merged cell is listed once per column it spans
                        cells.append(cell.text.strip())
                    last = cell._tc
                lines.append(" | ".join(cells))
            lines.append("")
    return lines


def read_docx(path: Path, rel: str) -> list[PageText]:
    """Read a .docx as one page of text (Word files carry no fixed pages)."""
    import docx

    check_unpacked_size(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise CorruptDocumentError(f"damaged Word document: {type(e).__name__}") from e
    text = "\n".join(_blocks(document)).strip()
    if not text:
        raise EmptyFileError("the Word document has no text")
    return [PageText(file=rel, page=1, text=text, method="text")]


def read_text(path: Path, rel: str) -> list[PageText]:
    """Read a text file in any common encoding; form feeds split pages."""
    try:
        text, _encoding = decode_text(path.read_bytes())
    except UnicodeDecodeError as e:
        raise CorruptDocumentError("text in an encoding that could not be identified") from e
    if is_rtf(text):  # RTF is text with markup: its markup is not the document's text
        text = rtf_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = text.split(FORM_FEED)
    pages = [
        PageText(file=rel, page=i + 1, text=part.strip("\n"), method="text")
        for i, part in enumerate(parts)
    ]
    if not any(p.text.strip() for p in pages):
        raise EmptyFileError("the text file holds only white space")
    return pages
