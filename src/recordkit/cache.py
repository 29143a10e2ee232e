"""Page-text cache: an embedded SQLite database with JSON values, readable by its owner only."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from recordkit.config import Settings
from recordkit.models import DocumentResult
from recordkit.outputs import ensure_dir

log = logging.getLogger(__name__)

READER_VERSION = "36"  # bump when a reader changes the text it produces
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
    """Maps (file sha256, text settings) to a document's pages and status.

    The cache only saves time: a damaged database is moved aside and rebuilt with a warning,
    and a full disk or a database another run holds locked turns caching off for this run.
    """

    def __init__(self, folder: Path, settings_key: str) -> None:
        ensure_dir(folder)
        self.path = folder / "pages.sqlite3"
        self.settings_key = settings_key
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
                log.warning("page cache is in use by another run; not caching this run")
                return
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            log.warning(
                "page cache %s is damaged (%s); moved aside to %s and rebuilt",
                self.path,
                e,
                aside.name,
            )
            os.replace(self.path, aside)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        new = not self.path.exists()
        db = sqlite3.connect(self.path, timeout=10)
        try:
            if new:
                os.chmod(self.path, 0o600)
            db.execute(
                "CREATE TABLE IF NOT EXISTS documents (sha256 TEXT, settings TEXT, value TEXT, "
                "PRIMARY KEY (sha256, settings))"
            )
            (check,) = db.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                raise sqlite3.DatabaseError(f"integrity check: {check}")
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def _off(self, e: sqlite3.Error) -> None:
        log.warning("page cache turned off for this run: %s", e)
        if self._db is not None:
            self._db.close()
        self._db = None

    def get(self, sha256: str) -> dict[str, Any] | None:
        """The cached document result (as JSON data) or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT value FROM documents WHERE sha256 = ? AND settings = ?",
                (sha256, self.settings_key),
            ).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError) as e:
            self._off(e if isinstance(e, sqlite3.Error) else sqlite3.DatabaseError(str(e)))
            return None

    def put(self, sha256: str, result: DocumentResult, *, describes_file: bool = True) -> None:
        """Store a result that describes the file itself.

        Not stored: results that depend on chance or on the machine (time-outs, crashes, a
        tesseract that could not be run, a memory limit), which a later run may not repeat.
        """
        if self._db is None or not describes_file or result.record.status not in CACHEABLE:
            return
        if any(p.ocr_status == "timeout" for p in result.pages):
            return
        value = result.model_dump_json(exclude={"record": {"path", "duplicate_of"}})
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?)",
                (sha256, self.settings_key, value),
            )
            self._db.commit()
        except sqlite3.Error as e:
            self._off(e)

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None
