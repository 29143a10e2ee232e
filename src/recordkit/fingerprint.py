"""Digests that decide whether a case must be extracted again, cheap enough for every re-run.

Fingerprinting the rule files and the code must not import the NLP stack (spaCy alone takes 0.6 s to
import, most of an unchanged re-run), so the files are hashed here, by name and content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def _rule_folder(name: str) -> Traversable:
    """A folder of rule files, or the bundled rule set for a rule-set name."""
    folder = Path(name)
    return folder if folder.is_dir() else resources.files("recordkit.rules")


def rules_digest(name: str) -> str:
    """A digest of every rule file of a rule set (names and bytes, in name order).

    Hashed again only when a file's name, size or modification time changes: a batch's
    cases share their rule set.
    """
    files = [f for f in _rule_folder(name).iterdir() if f.is_file() and not f.name.endswith(".pyc")]
    files.sort(key=lambda f: f.name)
    key = (name, tuple((f.name, _stamp(f)) for f in files))
    if key not in _DIGESTS:
        _DIGESTS[key] = _hash(files)
    return _DIGESTS[key]


_DIGESTS: dict[tuple[str, tuple[tuple[str, tuple[int, int] | None], ...]], str] = {}


def _stamp(f: Traversable) -> tuple[int, int] | None:
    """Size and modification time of a rule file on disk (None inside an archive)."""
    if not isinstance(f, Path):
        return None
    st = f.stat()
    return st.st_size, st.st_mtime_ns


def _hash(files: Sequence[Traversable], names: list[str] | None = None) -> str:
    """A digest of the files' names (`names`, else their own) and bytes, in the given order."""
    h = hashlib.sha256()
    for f, name in zip(files, names or [f.name for f in files], strict=True):
        data = f.read_bytes()
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def code_digest(package: Path | None = None) -> str:
    """A digest of recordkit's own Python source (every .py file, by relative path and bytes).

    A case's facts depend on the code that extracted them as much as on its rules: an upgraded
    or edited recordkit extracts again rather than keep what an older one wrote. Hashed once
    per process (about 1.5 MB of source).
    """
    root = package or Path(__file__).resolve().parent
    if root not in _CODE:
        files = sorted(root.rglob("*.py"))
        _CODE[root] = _hash(files, [f.relative_to(root).as_posix() for f in files])
    return _CODE[root]


_CODE: dict[Path, str] = {}
