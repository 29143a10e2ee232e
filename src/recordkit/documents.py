"""Reading stage: a case folder's files -> manifest records + page text, via the worker pool."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from recordkit.cache import PageCache
from recordkit.config import Settings
from recordkit.ingest import Case, FoundFile, detect_type, file_size, sha256_of, walk_case
from recordkit.models import DocumentResult, FileRecord, FileType, PageText
from recordkit.progress import NullProgress, ProgressReporter
from recordkit.text import OcrJob
from recordkit.text.worker import Outcome, make_pool, ocr_page, ocr_pages, parse_document
from recordkit.workerenv import WorkerEnvironment, stop_workers

log = logging.getLogger(__name__)

CRASH_REASON = "the parser process crashed on this file"
MAX_PAGE_CHARS = 1_000_000  # spaCy's default max_length; no real page comes near it


class TaskRunner:
    """Runs worker tasks; when a worker dies, finds the culprit by re-running tasks alone."""

    def __init__(self, jobs: int, settings: Settings) -> None:
        self.jobs, self.settings = jobs, settings
        self._pool: ProcessPoolExecutor | None = None
        self._env: WorkerEnvironment | None = None
        self.pending: dict[
            Future[Outcome], tuple[Callable[..., Outcome], tuple[Any, ...], Any]
        ] = {}

    @property
    def pool(self) -> ProcessPoolExecutor:
        """The worker pool, started on first use (a fully cached run starts no workers)."""
        if self._pool is None:
            if self._env is None:
                self._env = WorkerEnvironment()
            self._pool = make_pool(self.jobs, self.settings, self._env.context())
        return self._pool

    def submit(self, tag: Any, fn: Callable[..., Outcome], *args: Any) -> None:
        """Queue `fn(*args)`; its outcome is reported with `tag`."""
        self.pending[self.pool.submit(fn, *args)] = (fn, args, tag)

    def restart(self) -> None:
        """Replace a broken pool with a fresh one."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def _isolate(
        self, tasks: list[tuple[Callable[..., Outcome], tuple[Any, ...], Any]]
    ) -> list[tuple[Any, Outcome]]:
        results = []
        for fn, args, tag in tasks:
            try:
                results.append((tag, self.pool.submit(fn, *args).result()))
            except BrokenProcessPool:
                self.restart()
                crashed = Outcome(status="unreadable", reason=CRASH_REASON, describes_file=False)
                results.append((tag, crashed))
        return results

    def completed(self) -> list[tuple[Any, Outcome]]:
        """Wait for at least one task; return (tag, outcome) of every finished task."""
        done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
        results, broken = [], []
        for fut in done:
            fn, args, tag = self.pending.pop(fut)
            try:
                results.append((tag, fut.result()))
            except BrokenProcessPool:
                broken.append((fn, args, tag))
        if broken:
            broken += list(self.pending.values())
            self.pending.clear()
            log.warning("a worker process died; re-running %d task(s) one at a time", len(broken))
            self.restart()
            results += self._isolate(broken)
        return results

    def discard_pending(self) -> None:
        """Forget unfinished tasks (of a case that failed): their results are never read."""
        for fut in self.pending:
            fut.cancel()
        self.pending.clear()

    def close(self, *, interrupted: bool = False) -> None:
        """Stop the workers (at once when interrupted) and remove their temporary files."""
        if self._pool is not None:
            if interrupted:
                stop_workers(self._pool)
            self._pool.shutdown(wait=not interrupted, cancel_futures=True)
            self._pool = None
        if self._env is not None:
            self._env.close()
            self._env = None


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


def _triage(doc: _Doc, settings: Settings, first_by_hash: dict[str, str]) -> bool:
    """Set status for files that need no parsing; True when the file must be parsed."""
    f = doc.found
    if f.problem:
        doc.status, doc.reason = "unreadable", f.problem
        return False
    try:
        doc.size = file_size(f.path)
        doc.sha256 = sha256_of(f.path)
        if doc.size == 0:
            doc.status, doc.reason = "empty", "zero-byte file"
            return False
        doc.ftype, doc.note = detect_type(f.path)
    except OSError as e:
        doc.status, doc.reason = "unreadable", f"cannot read the file: {e.strerror}"
        return False
    if doc.sha256 in first_by_hash:
        doc.status, doc.duplicate_of = "duplicate", first_by_hash[doc.sha256]
        doc.reason = f"byte-identical to {doc.duplicate_of}; read once"
        return False
    first_by_hash[doc.sha256] = f.rel
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


class _PageQueue:
    """Pages waiting for OCR, sent to the workers a few pages per task (`ocr_pages`).

    While files are still being parsed, a task goes out whenever MAX_PAGES_PER_RUN pages are
    waiting; once parsing is done, what is left goes out in ever smaller tasks (an even share
    of what remains for twice as many tasks as workers) so that the last ones end together.
    """

    def __init__(self, runner: TaskRunner, settings: Settings) -> None:
        self.runner, self.settings = runner, settings
        self.queued: list[tuple[int, OcrJob]] = []

    def add(self, doc: int, job: OcrJob) -> None:
        self.queued.append((doc, job))

    def submit(self, parsing: int) -> None:
        """Send queued pages: full tasks while `parsing` files remain, else all of them."""
        workers, most = self.runner.jobs, MAX_PAGES_PER_RUN
        if parsing:
            while len(self.queued) >= most:
                self._send(self.queued[:most])
                del self.queued[:most]
            return
        while self.queued:  # ever smaller tasks: the last ones end close together
            size = min(most, -(-len(self.queued) // (2 * workers)))
            self._send(self.queued[:size])
            del self.queued[:size]

    def _send(self, pages: list[tuple[int, OcrJob]]) -> None:
        if len(pages) == 1:
            doc, job = pages[0]
            self.runner.submit(("ocr", doc), ocr_page, job, self.settings)
            return
        jobs = tuple(job for _, job in pages)
        self.runner.submit(("ocrs", tuple(pages)), ocr_pages, jobs, self.settings)


def _settle(
    doc: _Doc,
    outcome: Outcome,
    what: str,
    ocr: _PageQueue,
    progress: ProgressReporter,
    index: int | None = None,
) -> None:
    """Take a worker's outcome for one file: its pages, its status, its pages still to OCR."""
    if outcome.status != "ok" and doc.status == "ok":
        doc.status, doc.reason = outcome.status, outcome.reason
    doc.pages.extend(outcome.pages)
    doc.describes_file &= outcome.describes_file
    if what == "parse":
        progress.add_total("pages", len(outcome.pages) + len(outcome.jobs))
        progress.advance("pages", len(outcome.pages))
        for job in outcome.jobs:
            doc.outstanding += 1
            ocr.add(index, job)  # type: ignore[arg-type]
    else:
        doc.outstanding -= 1
        progress.advance("pages")
    if doc.outstanding == 0:
        progress.advance("files")


def read_case(
    case: Case,
    settings: Settings,
    runner: TaskRunner,
    cache: PageCache | None,
    progress: ProgressReporter | None = None,
) -> list[DocumentResult]:
    """Read every file under the case folder; each file yields exactly one manifest record."""
    progress = progress or NullProgress()
    docs = [_Doc(f) for f in walk_case(case.root)]
    progress.add_total("files", len(docs))
    first_by_hash: dict[str, str] = {}
    parsing = 0  # files whose parse task has not come back
    for i, doc in enumerate(docs):
        if not _triage(doc, settings, first_by_hash):
            progress.advance("files")
            continue
        cached = _from_cache(cache, doc)
        if cached is not None:
            doc.status, doc.reason, doc.cached = cached.record.status, cached.record.reason, True
            doc.pages = [p.model_copy(update={"file": doc.found.rel}) for p in cached.pages]
            progress.advance("files")
            continue
        runner.submit(
            ("parse", i), parse_document, str(doc.found.path), doc.found.rel, doc.ftype, settings
        )
        parsing += 1
    ocr = _PageQueue(runner, settings)
    while runner.pending or ocr.queued:
        ocr.submit(parsing)
        for (what, ref), outcome in runner.completed():
            parsing -= what == "parse"
            if what == "ocrs":  # several pages read together: one outcome per page
                if not outcome.parts:  # the task failed as a whole: each page again alone
                    for i, job in ref:
                        runner.submit(("ocr", i), ocr_page, job, settings)
                    continue
                for (i, _job), part in zip(ref, outcome.parts, strict=True):
                    _settle(docs[i], part, "ocr", ocr, progress)
                continue
            _settle(docs[ref], outcome, what, ocr, progress, ref)
    results = [_record(d) for d in docs]
    if cache:
        for doc, result in zip(docs, results, strict=True):
            if doc.sha256 and not doc.cached and doc.status != "duplicate":
                cache.put(doc.sha256, result, describes_file=doc.describes_file)
    return results


__all__ = ["TaskRunner", "read_case"]
