"""One case as the review app sees it: raw and corrected facts, version, documents, pages."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recordkit.models import CaseFacts, Event, Measurement, PageText
from recordkit.review.pages import NotServed, PageReader, source_path
from recordkit.review.status import conflict_ids, doubts
from recordkit.review.store import (
    CORRECTIONS_FILE,
    EVENTS_FILE,
    corrected_facts,
    load_log,
    read_events,
)

_CASE_ID = re.compile(r"^[^/\\\x00]+$")


class NotFound(LookupError):
    """Nothing to serve at this address."""


@dataclass
class CaseContext:
    """A case folder under OUT, reloaded when its events or corrections change on disk."""

    case_out: Path
    reader: PageReader
    raw: CaseFacts | None = None
    facts: CaseFacts | None = None
    orphans: list[dict[str, Any]] = field(default_factory=list)
    version: int = 0
    sha256: dict[str, str] = field(default_factory=dict)
    _stamp: tuple[float, float] = (0.0, 0.0)

    @classmethod
    def open(cls, out: Path, case_id: str, cache_dir: Path | None) -> CaseContext:
        """The case `case_id` directly under `out` (NotFound for anything else)."""
        if not _CASE_ID.match(case_id) or case_id in (".", ".."):
            raise NotFound("no such case")
        case_out = (out / case_id).resolve()
        if case_out.parent != out or not (case_out / EVENTS_FILE).is_file():
            raise NotFound("no such case")
        settings: dict[str, Any] = {}
        mpath = case_out / "manifest.json"
        sha = {}
        if mpath.is_file():
            manifest = json.loads(mpath.read_text(encoding="utf-8"))
            settings = manifest.get("settings", {})
            sha = {f["path"]: f["sha256"] for f in manifest.get("files", []) if f.get("sha256")}
        reader = PageReader.for_pipeline(settings.get("pipeline"), cache_dir)
        return cls(case_out=case_out, reader=reader, sha256=sha)

    def refresh(self) -> None:
        """Reload events.json and corrections.json when either changed."""
        corr = self.case_out / CORRECTIONS_FILE
        stamp = (
            (self.case_out / EVENTS_FILE).stat().st_mtime_ns,
            corr.stat().st_mtime_ns if corr.is_file() else 0,
        )
        if stamp == self._stamp and self.facts is not None:
            return
        self.raw = read_events(self.case_out)
        self.facts, self.orphans = corrected_facts(self.case_out, self.raw)
        self.version = len(load_log(self.case_out, self.raw.case_id).corrections)
        self._stamp = stamp

    @property
    def case_id(self) -> str:
        """The case id (the folder name)."""
        return self.case_out.name

    def items(self) -> list[Event | Measurement]:
        """Events then measurements, corrected."""
        assert self.facts is not None
        return [*self.facts.events, *self.facts.measurements]

    def item(self, item_id: str) -> Event | Measurement:
        """One corrected item by id."""
        found = next((i for i in self.items() if i.id == item_id), None)
        if found is None:
            raise NotFound("no such item")
        return found

    def doubts(self) -> dict[str, list[str]]:
        """Reasons to check, by item id."""
        assert self.facts is not None
        ids = conflict_ids(self.facts)
        return {i.id: doubts(i, ids) for i in self.items()}

    def source(self, file: str) -> tuple[Path, str]:
        """Path and type of one of the case's documents."""
        assert self.facts is not None
        try:
            return source_path(self.facts, file)
        except NotServed as e:
            raise NotFound(str(e)) from e

    def page(self, file: str, page: int) -> PageText:
        """A page of one of the case's documents, with its words."""
        path, ftype = self.source(file)
        try:
            return self.reader.page(path, file, ftype, page, self.sha256.get(file))
        except NotServed as e:
            raise NotFound(str(e)) from e
