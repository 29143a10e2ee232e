"""Page-text cache: an embedded SQLite database with JSON values, readable by its owner only."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from recordkit.config import Settings
from recordkit.models import DocumentResult

READER_VERSION = "2"  # bump when a reader changes the text it produces
CACHEABLE = {"ok", "empty", "encrypted", "corrupt", "unsupported", "too_large"}


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/recordkit``, else ``~/.cache/recordkit``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "recordkit"


def text_settings_key(settings: Settings, engine_version: str) -> str:
    """A digest of every setting that changes the page text (engine and its version too)."""
    if settings.ocr.engine == "tesserocr":
        from recordkit.text.tesserocr_engine import engine_version

        engine_version = f"tesserocr {engine_version()}"
    parts = {
        "reader": READER_VERSION,
        "engine": engine_version,
        "ocr": settings.ocr.model_dump(exclude={"page_timeout_s"}),
        "max_image_pixels": settings.limits.max_image_pixels,
        "max_pages": settings.limits.max_pages,
    }
    blob = json.dumps(parts, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


class PageCache:
    """Maps (file sha256, text settings) to a document's pages and status."""

    def __init__(self, folder: Path, settings_key: str) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        self.path = folder / "pages.sqlite3"
        self.settings_key = settings_key
        self._db = sqlite3.connect(self.path)
        os.chmod(self.path, 0o600)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS documents (sha256 TEXT, settings TEXT, value TEXT, "
            "PRIMARY KEY (sha256, settings))"
        )
        self._db.commit()

    def get(self, sha256: str) -> dict[str, Any] | None:
        """The cached document result (as JSON data) or None."""
        row = self._db.execute(
            "SELECT value FROM documents WHERE sha256 = ? AND settings = ?",
            (sha256, self.settings_key),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, sha256: str, result: DocumentResult) -> None:
        """Store a result whose status does not depend on chance (no timeouts, no crashes)."""
        if result.record.status not in CACHEABLE:
            return
        if any(p.ocr_status == "timeout" for p in result.pages):
            return
        value = result.model_dump_json(exclude={"record": {"path", "duplicate_of"}})
        self._db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", (sha256, self.settings_key, value)
        )
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()
