"""How the packet and the index page name a source document.

File names often carry the patient's name, so by default a document is shown as its number
in the packet, its type and its date ("D2 Word document, 2023-04-11"). A coordinator may
choose other names in ``OUT/<case_id>/display-names.json`` (``{"file name": "shown as"}``)
and rebuild the packet with ``recordkit packet``; any file not listed keeps the default.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from recordkit.models import CaseFacts, DocumentInfo, FileRecord

log = logging.getLogger(__name__)

NAMES_FILE = "display-names.json"
TYPE_LABEL = {
    "pdf": "PDF",
    "docx": "Word document",
    "text": "text file",
    "png": "image",
    "jpeg": "photo",
    "tiff": "scan",
    "gif": "image",
    "bmp": "image",
    "webp": "image",
}


def packet_order(documents: tuple[DocumentInfo, ...]) -> list[DocumentInfo]:
    """Documents in the order the packet lists them: by date, undated last."""
    return sorted(documents, key=lambda d: (d.date or "9999", d.file))


def _chosen(case_out: Path | None) -> dict[str, str]:
    path = case_out / NAMES_FILE if case_out is not None else None
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        log.warning("%s is not readable JSON (%s); default names used", path, type(e).__name__)
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str) and v.strip()}


def display_names(facts: CaseFacts, case_out: Path | None = None) -> dict[str, str]:
    """File (relative path) -> the name shown for it."""
    chosen = _chosen(case_out)
    names = {}
    for n, d in enumerate(packet_order(facts.documents), 1):
        default = f"D{n} {TYPE_LABEL.get(d.type, 'file')}, {d.date or 'undated'}"
        names[d.file] = chosen.get(d.file, default)
    return names


def doc_number(facts: CaseFacts, file: str) -> int:
    """A document's number in the packet (D1, D2, ...)."""
    for n, d in enumerate(packet_order(facts.documents), 1):
        if d.file == file:
            return n
    return 0


def without_file_names(text: str, names: dict[str, str]) -> str:
    """`text` with each file it names written as the packet names it ('D2 PDF, 2023-04-11')."""
    for file in sorted(names, key=len, reverse=True):  # 'a/b.pdf' before 'b.pdf'
        text = text.replace(file, names[file])
    return text


def shown_without_file_names(facts: CaseFacts) -> list[str]:
    """The extraction's warnings for the index page, each file named as the packet names it."""
    names = display_names(facts)
    return [without_file_names(w, names) for w in facts.warnings]


def file_warning(f: FileRecord) -> str:
    """An index-page line for a file that was not read: its path in the case folder, and why.

    index.html stays beside manifest.json, which names every file; the packet, which may
    leave the care team, names an unread file on its Document index only.
    """
    why = f"{f.status} ({f.reason})" if f.reason else f.status
    return f"not read: {f.path}: {why}"
