"""Active content out of the PDFs recordkit builds: scripts, launch and other actions.

Source PDFs go into the review packet; whatever in them could run code, start a program,
send data or fetch a file is removed first (and once more from the whole packet).
"""

from __future__ import annotations

from typing import Any

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

# Actions that run code, start programs, send data or fetch files; all are removed.
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/ResetForm",
    "/GoToR",
    "/GoToE",
    "/Rendition",
    "/RichMediaExecute",
    "/Sound",
    "/Movie",
}
_ROOT_KEYS = ("/OpenAction", "/AA")


def _is_active(action: Any) -> bool:
    action = action.get_object() if hasattr(action, "get_object") else action
    return isinstance(action, DictionaryObject) and action.get("/S") in ACTIVE_ACTIONS


def _clean_actions(obj: DictionaryObject) -> int:
    """Remove `obj`'s additional actions and an active `/A`; return how many were removed."""
    removed = 0
    if "/AA" in obj:
        del obj[NameObject("/AA")]
        removed += 1
    if "/A" in obj and _is_active(obj["/A"]):
        del obj[NameObject("/A")]
        removed += 1
    return removed


def strip_active_content(writer: PdfWriter) -> int:
    """Remove actions that run code or programs from the document; return how many."""
    root = writer.root_object
    removed = 0
    for key in _ROOT_KEYS:
        if key in root:
            del root[NameObject(key)]
            removed += 1
    names = root.get("/Names")
    names = names.get_object() if names is not None else None
    if isinstance(names, DictionaryObject):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[NameObject(key)]
                removed += 1
    for page in writer.pages:
        removed += _clean_actions(page)
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else None
        if isinstance(annots, ArrayObject):
            for ref in annots:
                annot = ref.get_object()
                if isinstance(annot, DictionaryObject):
                    removed += _clean_actions(annot)
    acro = root.get("/AcroForm")
    acro = acro.get_object() if acro is not None else None
    if isinstance(acro, DictionaryObject):
        for ref in acro.get("/Fields", ArrayObject()):
            field = ref.get_object()
            if isinstance(field, DictionaryObject):
                removed += _clean_actions(field)
    return removed
