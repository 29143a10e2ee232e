"""Worker processes that parse untrusted files under time and memory limits.

Workers live for the whole batch (a Python start-up costs 0.1-0.7 s). Each runs with
``OMP_THREAD_LIMIT=1`` (tesseract's own threads make two parallel pages slower, not faster)
and an address-space limit, so a decompression bomb raises MemoryError in the worker
instead of taking the machine down; a hang is cut by an alarm signal.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from recordkit.config import Settings
from recordkit.exceptions import (
    DocumentError,
    OcrError,
    TooLargeDocumentError,
    UnreadableDocumentError,
)
from recordkit.models import FileType, PageText
from recordkit.text import OcrJob, PageImage

if TYPE_CHECKING:
    from recordkit.text.ocr import OcrResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """A worker's answer: pages and OCR jobs, or a manifest status with its reason."""

    pages: tuple[PageText, ...] = ()
    jobs: tuple[OcrJob, ...] = ()
    status: str = "ok"
    reason: str | None = None
    describes_file: bool = True  # False when the result depends on the machine or on chance
    parts: tuple[Outcome, ...] = ()  # of a task over several pages: one outcome per page


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class WorkerContext:
    """What every worker gets from the main process: its log queue and its temp folder."""

    log_queue: Any
    log_level: int
    main_pid: int
    temp_root: str


def _init_worker(memory_mb: int, wctx: WorkerContext | None = None) -> None:
    from recordkit.collector import relax

    relax()  # inherited from the fork server too; set again for any other start method
    os.umask(0o077)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if wctx is not None:
        from recordkit._logging import init_worker_logging
        from recordkit.signals import die_with_parent

        init_worker_logging(wctx.log_queue, wctx.log_level)
        temp = Path(tempfile.mkdtemp(prefix="worker-", dir=wctx.temp_root))
        tempfile.tempdir = str(temp)  # page images go where the main process removes them
        os.environ["TMPDIR"] = str(temp)
        die_with_parent(wctx.main_pid, temp)
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _is_environment_error(e: BaseException) -> bool:
    """An error of the machine (a missing program, a full disk), not of the file."""
    import pytesseract

    return isinstance(e, pytesseract.TesseractNotFoundError) or (
        isinstance(e, OSError) and e.errno is not None
    )


def _guarded(fn, *args, timeout: float):  # type: ignore[no-untyped-def]
    """fn(*args), or the Outcome that says why it failed."""
    try:
        with _time_limit(timeout):
            return fn(*args)
    except DocumentError as e:
        return Outcome(status=e.status, reason=str(e), describes_file=not isinstance(e, OcrError))
    except _Timeout:
        err = UnreadableDocumentError(f"parsing did not finish within {timeout:g} s")
        return Outcome(status=err.status, reason=str(err), describes_file=False)
    except MemoryError:
        err2 = TooLargeDocumentError("parsing exceeded the worker's memory limit")
        return Outcome(status=err2.status, reason=str(err2), describes_file=False)
    except Exception as e:  # a parser bug on a hostile file must not end the batch
        if _is_environment_error(e):
            log.warning("could not read a file now: %s", type(e).__name__)
            return Outcome(
                status="unreadable",
                reason=f"could not be read on this run ({type(e).__name__}); "
                "it is read again on the next run",
                describes_file=False,
            )
        log.debug("parser raised %s", type(e).__name__, exc_info=True)
        return Outcome(status="corrupt", reason=f"the parser failed: {type(e).__name__}")


def _parse(path: str, rel: str, ftype: FileType, settings: Settings) -> Outcome:
    from recordkit.text.images import image_jobs
    from recordkit.text.office import read_docx, read_text
    from recordkit.text.pdf_text import read_pdf
    from recordkit.text.rtf import RTF_NOTE, is_rtf

    p = Path(path)
    if ftype == "pdf":
        pages, jobs, notes = read_pdf(p, rel, settings)
        return Outcome(tuple(pages), tuple(jobs), reason="; ".join(notes) or None)
    if ftype in ("png", "jpeg", "tiff", "gif", "bmp", "webp"):
        return Outcome(jobs=tuple(image_jobs(p, rel, settings)))
    if ftype == "docx":
        return Outcome(tuple(read_docx(p, rel)))
    if ftype == "text":
        pages = tuple(read_text(p, rel))
        with p.open("rb") as fh:
            rtf = is_rtf(fh.read(64).decode("latin-1"))
        return Outcome(pages, reason=RTF_NOTE if rtf else None)
    return Outcome(status="unsupported", reason=f"files of type {ftype} are not read")


def parse_document(path: str, rel: str, ftype: FileType, settings: Settings) -> Outcome:
    """Worker task: read a file's text pages and list the pages that need OCR."""
    return _guarded(_parse, path, rel, ftype, settings, timeout=settings.limits.document_timeout_s)


def _page_image(job: OcrJob, settings: Settings) -> PageImage:
    """The page's image in grey (what OCR reads; a third of a colour photo's memory)."""
    from recordkit.text.images import frame_image, grey_for_ocr
    from recordkit.text.pdf_text import pdf_page_image

    img = pdf_page_image(job, settings) if job.kind == "pdf" else frame_image(job, settings)
    grey = grey_for_ocr(img.image)
    return img if grey is img.image else replace(img, image=grey)


def _page(job: OcrJob, img: PageImage, result: OcrResult) -> Outcome:
    from recordkit.text.ocr import page_from_ocr

    page = page_from_ocr(result, job.rel, job.index + 1, img.width, img.height, img.unit, img.scale)
    return Outcome(pages=(page,))


def _ocr(job: OcrJob, settings: Settings) -> Outcome:
    from recordkit.text.ocr import ocr_image

    img = _page_image(job, settings)
    return _page(job, img, ocr_image(img.image, settings.ocr))


def ocr_page(job: OcrJob, settings: Settings) -> Outcome:
    """Worker task: OCR one page."""
    return _guarded(_ocr, job, settings, timeout=settings.ocr.page_timeout_s * 3)


def _read_together(ready: list[tuple[OcrJob, PageImage]], settings: Settings) -> Outcome:
    from recordkit.text.ocr import ocr_images

    results = ocr_images([img.image for _, img in ready], settings.ocr)
    return Outcome(
        parts=tuple(_page(job, img, r) for (job, img), r in zip(ready, results, strict=True))
    )


def ocr_pages(jobs: tuple[OcrJob, ...], settings: Settings) -> Outcome:
    """Worker task: OCR several pages, the first pass in one tesseract run (`ocr_images`).

    `parts` holds one outcome per page, in order: a page that cannot be loaded fails alone,
    and when the run over all of them fails, each page is read again on its own.
    """
    limit = settings.ocr.page_timeout_s * 3
    loaded = [_guarded(_page_image, job, settings, timeout=limit) for job in jobs]
    ready = [
        (job, img) for job, img in zip(jobs, loaded, strict=True) if isinstance(img, PageImage)
    ]
    together = _guarded(_read_together, ready, settings, timeout=limit * max(1, len(ready)))
    if together.status == "ok":
        read = iter(together.parts)
        parts = [next(read) if isinstance(got, PageImage) else got for got in loaded]
    else:  # a page that failed to load has its outcome already; the others go alone
        log.warning("OCR of %d pages together failed; reading them one at a time", len(ready))
        parts = [
            ocr_page(job, settings) if isinstance(got, PageImage) else got
            for job, got in zip(jobs, loaded, strict=True)
        ]
    return Outcome(parts=tuple(parts))


def make_pool(
    jobs: int, settings: Settings, wctx: WorkerContext | None = None
) -> ProcessPoolExecutor:
    """A pool of `jobs` long-lived workers started from a clean fork server."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(
        [
            "recordkit._forkserver_first",  # the collector's thresholds, before the imports
            # each worker runs the main script again before its first task; the `recordkit`
            # command's script imports the CLI (typer, rich: 0.06 s), so import it once here
            # ("__main__" in this list is not passed on by Python 3.11's fork server)
            "recordkit.cli",
            "recordkit.text.worker",
            "recordkit.text.pdf_text",
            "recordkit.text.images",
            "recordkit.text.ocr",
            "recordkit.text.office",
        ]
    )
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(settings.limits.worker_memory_mb, wctx),
    )


def available_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
