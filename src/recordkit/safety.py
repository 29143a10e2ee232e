"""Small guards for hostile input and private output.

- `describe_error`: an error as one line that cannot carry document text.
- `inside`: does a path (after following links) stay inside a folder?
- `neutralise_cell`: stop a spreadsheet from reading a CSV cell as a formula.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from recordkit.exceptions import RecordkitError

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


def neutralise_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
