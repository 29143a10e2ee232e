"""Digests that decide whether a case must be extracted again, cheap enough for every re-run.

Fingerprinting the rule files must not import the NLP stack (spaCy alone takes 0.6 s to
import, most of an unchanged re-run), so the files are hashed here, by name and content.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def _rule_folder(name: str) -> Traversable:
    """A folder of rule files, or the bundled rule set for a rule-set name."""
    folder = Path(name)
    return folder if folder.is_dir() else resources.files("recordkit.rules")


def rules_digest(name: str) -> str:
    """A digest of every rule file of a rule set (names and bytes, in name order)."""
    h = hashlib.sha256()
    files = [f for f in _rule_folder(name).iterdir() if f.is_file() and not f.name.endswith(".pyc")]
    for f in sorted(files, key=lambda f: f.name):
        data = f.read_bytes()
        h.update(f"{f.name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()
