"""Reading stage: a case folder's files -> manifest records + page text, via the worker pool."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from recordkit.cache import PageCache
from recordkit.config import Settings
from recordkit.ingest import Case, FoundFile, detect_type, file_size, sha256_of, walk_case
from recordkit.models import DocumentResult, FileRecord, FileType, PageText
from recordkit.own_outputs import SKIP_REASON
from recordkit.progress import NullProgress, ProgressReporter
from recordkit.tasks import TaskRunner
from recordkit.text import OcrJob
from recordkit.text.worker import Outcome, ocr_page, ocr_pages, parse_document

log = logging.getLogger(__name__)

MAX_PAGE_CHARS = 1_000_000  # spaCy's default max_length; no real page comes near it


@dataclass
class _Doc:
    found: FoundFile
    sha256: str | None = None
    size: int | None = None
    ftype: FileType = "unknown"
    note: str | None = None
    status: str = "ok"
    reason: str | None = None
    duplicate_of: str | None = None
    pages: list[PageText] = field(default_factory=list)
    outstanding: int = 0
    cached: bool = False
    describes_file: bool = True


def _measure(doc: _Doc) -> None:
    """Size, hash and type of a file, or the status of one that is not to be read."""
    f = doc.found
    if f.problem:
        doc.status, doc.reason = "unreadable", f.problem
        return
    if f.own_output:
        doc.status, doc.reason = "skipped", SKIP_REASON
        return
    try:
        doc.size = file_size(f.path)
        doc.sha256 = sha256_of(f.path)
        if doc.size == 0:
            doc.status, doc.reason = "empty", "zero-byte file"
            return
        doc.ftype, doc.note = detect_type(f.path)
    except OSError as e:
        doc.status, doc.reason = "unreadable", f"cannot read the file: {e.strerror}"


# how a copy of a file is named: "scan (1).png", "scan - Copy.png", "Copy of scan.png",
# "scan copy 2.png", "scan_copy.png"
_COPY_NAME = re.compile(
    r"(\s\(\d+\)|\s-\s(copy|kopie|copie)(\s\(\d+\))?|[\s_-]copy(\s?\d+)?)$|^copy[\s_]of[\s_]",
    re.IGNORECASE,
)


def _originals(docs: list[_Doc]) -> dict[str, str]:
    """The file read for each content (sha256) that several files share.

    A name that looks like a copy's never wins over one that does not; then path order.
    """
    best: dict[str, tuple[bool, str]] = {}
    for doc in docs:
        if doc.sha256 and doc.status == "ok":
            key = (bool(_COPY_NAME.search(doc.found.path.stem)), doc.found.rel)
            best[doc.sha256] = min(best.get(doc.sha256, key), key)
    return {sha: rel for sha, (_copy, rel) in best.items()}


def _triage(doc: _Doc, settings: Settings, originals: dict[str, str]) -> bool:
    """Set status for files that need no parsing; True when the file must be parsed."""
    if doc.status != "ok" or doc.sha256 is None:
        return False
    if originals[doc.sha256] != doc.found.rel:
        doc.status, doc.duplicate_of = "duplicate", originals[doc.sha256]
        doc.reason = f"byte-identical to {doc.duplicate_of}; read once"
        return False
    if doc.size > settings.limits.max_file_mb * 1024 * 1024:
        doc.status = "too_large"
        doc.reason = f"{doc.size / 2**20:.0f} MiB; the limit is {settings.limits.max_file_mb:g} MiB"
        return False
    if doc.ftype == "unknown":
        doc.status, doc.reason = "unsupported", f"not a readable document: {doc.note}"
        return False
    return True


def _record(doc: _Doc) -> DocumentResult:
    pages = sorted(doc.pages, key=lambda p: p.page)
    status, reason = doc.status, doc.reason
    if status == "ok" and not any(p.text.strip() for p in pages):
        status, reason = "empty", "no text found on any page (text layer and OCR)"
    longest = max(pages, key=lambda p: len(p.text), default=None)
    if status == "ok" and longest is not None and len(longest.text) > MAX_PAGE_CHARS:
        status = "too_large"
        reason = (
            f"page {longest.page} holds {len(longest.text):,} characters; "
            f"the limit is {MAX_PAGE_CHARS:,} per page"
        )
    methods = {p.method for p in pages}
    method = None if not methods else methods.pop() if len(methods) == 1 else "mixed"
    confs = [p.ocr_confidence for p in pages if p.ocr_confidence is not None]
    ext = doc.found.path.suffix.lower().lstrip(".")
    ext_types = {
        "pdf": "pdf",
        "png": "png",
        "jpg": "jpeg",
        "jpeg": "jpeg",
        "tif": "tiff",
        "tiff": "tiff",
        "docx": "docx",
        "txt": "text",
    }
    if status == "ok" and ext in ext_types and ext_types[ext] != doc.ftype:
        reason = f"read as {doc.ftype.upper()}: the name says .{ext} but the content is {doc.ftype}"
    record = FileRecord(
        path=doc.found.rel,
        sha256=doc.sha256,
        size=doc.size,
        type=doc.ftype,
        pages=len(pages),
        method=method if status == "ok" else None,  # type: ignore[arg-type]
        status=status,
        reason=reason,
        duplicate_of=doc.duplicate_of,  # type: ignore[arg-type]
        ocr_confidence=round(sum(confs) / len(confs), 1) if confs else None,
    )
    return DocumentResult(record=record, pages=tuple(pages) if status == "ok" else ())


def _from_cache(cache: PageCache | None, doc: _Doc) -> DocumentResult | None:
    hit = cache.get(doc.sha256) if cache and doc.sha256 else None
    if hit is None:
        return None
    try:
        return DocumentResult.model_validate(
            {**hit, "record": {**hit["record"], "path": doc.found.rel}}
        )
    except (ValidationError, KeyError, TypeError):
        log.warning("a page-cache entry is damaged; the file is read again")
        return None


MAX_PAGES_PER_RUN = 8  # pages read by one tesseract run (the model is loaded once per run)
MIN_PAGES_PER_RUN = 3  # ... and no fewer, unless fewer are left: a run's start costs 0.08 s

Send = Callable[..., None]  # send(what, ref, fn, *args): queue a worker task of this case


class _PageQueue:
    """Pages waiting for OCR, sent to the workers a few pages per task (`ocr_pages`).

    While files are still being parsed, a task goes out whenever MAX_PAGES_PER_RUN pages are
    waiting; once parsing is done, what is left goes out in ever smaller tasks (an even share
    of what remains for twice as many tasks as workers, down to MIN_PAGES_PER_RUN) so that the
    last ones end close together without paying a tesseract start for every last page.
    """

    def __init__(self, send: Send, workers: int, settings: Settings) -> None:
        self.send, self.workers, self.settings = send, workers, settings
        self.queued: list[tuple[int, OcrJob]] = []

    def add(self, doc: int, job: OcrJob) -> None:
        self.queued.append((doc, job))

    def submit(self, parsing: int) -> None:
        """Send queued pages: full tasks while `parsing` files remain, else all of them."""
        most = MAX_PAGES_PER_RUN
        if parsing:
            while len(self.queued) >= most:
                self._send(self.queued[:most])
                del self.queued[:most]
            return
        while self.queued:  # ever smaller tasks: the last ones end close together
            size = min(most, max(MIN_PAGES_PER_RUN, -(-len(self.queued) // (2 * self.workers))))
            self._send(self.queued[:size])
            del self.queued[:size]

    def _send(self, pages: list[tuple[int, OcrJob]]) -> None:
        if len(pages) == 1:
            doc, job = pages[0]
            self.send("ocr", doc, ocr_page, job, self.settings)
            return
        jobs = tuple(job for _, job in pages)
        self.send("ocrs", tuple(pages), ocr_pages, jobs, self.settings)


class CaseReading:
    """One case's files on their way through the workers: parse, OCR, one record per file.

    Its tasks are tagged ``(key, what, ref)``, so that the outcomes of cases read at the same
    time find their case: `take` each outcome, `pump` to send pages waiting for OCR, and
    `results` once `done`.
    """

    def __init__(
        self,
        key: Any,
        case: Case,
        settings: Settings,
        runner: TaskRunner,
        cache: PageCache | None,
        progress: ProgressReporter | None = None,
        files: list[FoundFile] | None = None,
    ) -> None:
        """`files` are the case's files when already walked (`walk_case`)."""
        self.key, self.settings = key, settings
        self.runner, self.cache = runner, cache
        self.progress = progress or NullProgress()
        self.docs = [_Doc(f) for f in (walk_case(case.root) if files is None else files)]
        self.parsing = 0  # parse tasks not come back
        self.in_flight = 0  # tasks of any kind not come back
        self.ocr = _PageQueue(self._send, runner.jobs, settings)
        self.progress.add_total("files", len(self.docs))
        for doc in self.docs:
            _measure(doc)
        originals = _originals(self.docs)
        for i, doc in enumerate(self.docs):
            if not _triage(doc, settings, originals):
                self.progress.advance("files")
                continue
            cached = _from_cache(cache, doc)
            if cached is not None:
                doc.status, doc.reason = cached.record.status, cached.record.reason
                doc.cached = True
                doc.pages = [p.model_copy(update={"file": doc.found.rel}) for p in cached.pages]
                self.progress.advance("files")
                continue
            path, rel = str(doc.found.path), doc.found.rel
            self._send("parse", i, parse_document, path, rel, doc.ftype, settings)
            self.parsing += 1

    def _send(self, what: str, ref: Any, fn: Callable[..., Outcome], *args: Any) -> None:
        self.runner.submit((self.key, what, ref), fn, *args)
        self.in_flight += 1

    @property
    def all_sent(self) -> bool:
        """No task of this case is left to send (some may still be running)."""
        return self.parsing == 0 and not self.ocr.queued

    @property
    def done(self) -> bool:
        """Every file of the case is read."""
        return self.all_sent and self.in_flight == 0

    def pump(self) -> None:
        """Send the pages waiting for OCR that can go now."""
        self.ocr.submit(self.parsing)

    def take(self, what: str, ref: Any, outcome: Outcome) -> None:
        """A worker's outcome for this case."""
        self.in_flight -= 1
        if what == "parse":
            self.parsing -= 1
        if what != "ocrs":
            self._settle(ref, outcome, what)
        elif not outcome.parts:  # several pages' task failed as a whole: each page again alone
            for i, job in ref:
                self._send("ocr", i, ocr_page, job, self.settings)
        else:  # several pages read together: one outcome per page
            for (i, _job), part in zip(ref, outcome.parts, strict=True):
                self._settle(i, part, "ocr")

    def _settle(self, i: int, outcome: Outcome, what: str) -> None:
        doc = self.docs[i]
        if outcome.status != "ok" and doc.status == "ok":
            doc.status, doc.reason = outcome.status, outcome.reason
        elif outcome.status == "ok" and outcome.reason and doc.reason is None:
            doc.reason = outcome.reason  # a page read otherwise than its file's kind suggests
        doc.pages.extend(outcome.pages)
        doc.describes_file &= outcome.describes_file
        if what == "parse":
            self.progress.add_total("pages", len(outcome.pages) + len(outcome.jobs))
            self.progress.advance("pages", len(outcome.pages))
            for job in outcome.jobs:
                doc.outstanding += 1
                self.ocr.add(i, job)
        else:
            doc.outstanding -= 1
            self.progress.advance("pages")
        if doc.outstanding == 0:
            self.progress.advance("files")

    def results(self) -> list[DocumentResult]:
        """One record per file (and its pages); files read now go into the page cache."""
        results = [_record(d) for d in self.docs]
        if self.cache:
            for doc, result in zip(self.docs, results, strict=True):
                if doc.sha256 and not doc.cached and doc.status != "duplicate":
                    self.cache.put(doc.sha256, result, describes_file=doc.describes_file)
        return results


def read_case(
    case: Case,
    settings: Settings,
    runner: TaskRunner,
    cache: PageCache | None,
    progress: ProgressReporter | None = None,
) -> list[DocumentResult]:
    """Read every file under the case folder; each file yields exactly one manifest record."""
    reading = CaseReading(0, case, settings, runner, cache, progress)
    while not reading.done:
        reading.pump()
        for (_key, what, ref), outcome in runner.completed():
            reading.take(what, ref, outcome)
    return reading.results()


__all__ = ["CaseReading", "read_case"]
