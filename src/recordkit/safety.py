"""Small guards for hostile input and private output.

- `describe_error`: an error as one line that cannot carry document text.
- `inside`: does a path (after following links) stay inside a folder?
- `strip_active_content`: remove JavaScript, launch and other actions from a PDF being built.
- `neutralise_cell`: stop a spreadsheet from reading a CSV cell as a formula.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recordkit.exceptions import RecordkitError

if TYPE_CHECKING:  # pypdf is imported where a packet is made, not by every command
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject

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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def describe_error(e: BaseException) -> str:
    """``Type at module:line`` plus recordkit's own message or the OS's reason.

    Messages of other libraries are left out: a parser's error can quote the document.
    """
    if isinstance(e, RecordkitError):
        return f"{type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}"
    where = ""
    frames = traceback.extract_tb(e.__traceback__)
    if frames:
        last = frames[-1]
        where = f" at {Path(last.filename).name}:{last.lineno}"
    detail = f" ({e.strerror})" if isinstance(e, OSError) and e.strerror else ""
    return f"{type(e).__name__}{where}{detail}"


def inside(root: Path, path: Path) -> bool:
    """True when `path`, with every link followed, is `root` or lies under it."""
    try:
        real_root = root.resolve(strict=True)
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target == real_root or real_root in target.parents


def _is_active(action: Any) -> bool:
    from pypdf.generic import DictionaryObject

    action = action.get_object() if hasattr(action, "get_object") else action
    return isinstance(action, DictionaryObject) and action.get("/S") in ACTIVE_ACTIONS


def _clean_actions(obj: DictionaryObject) -> int:
    """Remove `obj`'s additional actions and an active `/A`; return how many were removed."""
    from pypdf.generic import NameObject

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
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

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


def neutralise_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
