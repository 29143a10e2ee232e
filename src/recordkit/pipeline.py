"""The batch: cases -> read files -> extract facts -> timeline -> outputs, case by case."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from recordkit.cache import PageCache, default_cache_dir, text_settings_key
from recordkit.case_failure import (
    NO_FILES,
    failure_recorder,
    record_case_error,
    record_case_failure,
)
from recordkit.case_owner import foreign_outputs, refuse_case
from recordkit.config import Settings
from recordkit.deps import check_dependencies
from recordkit.documents import CaseReading
from recordkit.exceptions import BadArgumentsError, ExitCode
from recordkit.ingest import IGNORED_NAMES, Case, FoundFile, find_cases, walk_case
from recordkit.models import DocumentResult, Manifest
from recordkit.outputs import ensure_dir, output_lock, write_json
from recordkit.own_outputs import STATE_FILE
from recordkit.progress import NullProgress, ProgressReporter
from recordkit.render.index import write_index
from recordkit.render.names import file_warning
from recordkit.review.store import corrections_digest
from recordkit.schedule import CaseFinisher, Finished, finish_case
from recordkit.tasks import TaskRunner
from recordkit.text.worker import available_cpus

log = logging.getLogger(__name__)


@dataclass
class CaseReport:
    """What happened to one case."""

    case_id: str
    files: int
    failed: int
    duplicates: int
    pages: int
    ocr_pages: int
    events: int | None = 0  # None: not extracted (no output of the pipeline needs facts)
    measurements: int | None = 0
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # e.g. a source not appended
    error: str | None = None
    error_code: ExitCode | None = None
    started: float = field(default_factory=time.time)  # outputs older than this are a past run's
    untouched: bool = False  # its folder holds another patient folder's outputs: left as it was

    @property
    def status(self) -> str:
        """ok; partial when some files could not be read; failed when the case could not finish."""
        return "failed" if self.error else "partial" if self.failed or self.problems else "ok"


@dataclass
class BatchReport:
    """What happened to the batch."""

    out: Path
    cases: list[CaseReport]

    @property
    def exit_code(self) -> ExitCode:
        """0 when all went well; else the most serious of the cases' codes (4 or 5)."""
        codes = [c.error_code or ExitCode.partial_failure for c in self.cases if c.error]
        codes += [ExitCode.partial_failure for c in self.cases if c.failed or c.problems]
        return max(codes, default=ExitCode.ok)


def case_fingerprint(manifest: Manifest, settings: Settings, root: Path) -> str:
    """A digest of everything the facts and outputs of a case depend on."""
    from recordkit import __version__
    from recordkit.fingerprint import code_digest, rules_digest

    blob = json.dumps(
        {
            "files": manifest.model_dump(mode="json")["files"],
            "settings": settings.model_dump(mode="json"),
            "version": __version__,
            "code": code_digest(),
            "rules": rules_digest(settings.extract.rules),
            "root": str(root),
        },
        sort_keys=True,
    ).encode()
    return hashlib.sha256(blob).hexdigest()


def _facts_and_outputs(
    case: Case,
    results: list[DocumentResult],
    manifest: Manifest,
    case_out: Path,
    settings: Settings,
    rep: CaseReport,
    finisher: CaseFinisher,
    on_error: Callable[[BaseException], None],
) -> None:
    """Extract and write outputs in a worker, unless the same inputs already produced them.

    The worker's result is settled when the finisher collects it: `on_error` records a
    failure of this case (in the worker or while writing its state), never raised.
    """
    if not any(settings.outputs.model_dump().values()):
        log.info("case %s: no output asks for facts; nothing extracted", case.case_id)
        rep.events = rep.measurements = None
        return
    root = case.root.resolve()
    fingerprint = case_fingerprint(manifest, settings, root) + corrections_digest(case_out)
    state_path = case_out / STATE_FILE
    if state_path.is_file():
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            state = {}
        if state.get("fingerprint") == fingerprint and all(
            (case_out / f).is_file() for f in state.get("outputs", {}).values()
        ):
            log.info("case %s unchanged; outputs kept", case.case_id)
            rep.events, rep.measurements = state["events"], state["measurements"]
            rep.warnings = state["warnings"]
            rep.problems = state.get("problems", [])
            rep.outputs.update(state["outputs"])
            return
    # Outputs are about to change: until they are all written, nothing may claim them current.
    state_path.unlink(missing_ok=True)

    def done(result: Finished) -> None:
        rep.events, rep.measurements = result.events, result.measurements
        rep.warnings += list(result.warnings)
        rep.outputs.update(result.outputs)
        rep.problems += list(result.problems)
        if rep.problems:
            rep.warnings += rep.problems
            noted = manifest.model_copy(update={"errors": tuple(rep.problems)})
            write_json(case_out / "manifest.json", noted)
        write_json(
            state_path,
            {
                "fingerprint": fingerprint,
                "outputs": rep.outputs,
                "events": rep.events,
                "measurements": rep.measurements,
                "warnings": rep.warnings,
                "problems": rep.problems,
            },
        )

    def settle(result: Finished) -> None:
        try:
            done(result)
        except Exception as e:  # writing the case's state failed: that case's error
            on_error(e)

    args = (case.case_id, results, manifest, str(case_out), settings, str(root))
    finisher.submit(finish_case, args, settle, on_error)


def build_manifest(case: Case, results: list[DocumentResult], settings: Settings) -> Manifest:
    """The manifest of a case, files in path order."""
    return Manifest(
        case_id=case.case_id,
        settings={
            "pipeline": settings.name,
            "languages": list(settings.ocr.languages),
            "dpi": settings.ocr.dpi,
            "text_mode": settings.ocr.text_mode,
        },
        files=tuple(sorted((r.record for r in results), key=lambda f: f.path)),
    )


def run_batch(
    inputs: list[Path],
    out: Path,
    settings: Settings,
    *,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    progress: ProgressReporter | None = None,
) -> BatchReport:
    """Process patient folders into ``OUT/<case_id>/``; see the README for the layout."""
    for path in inputs:
        if not path.is_dir():
            why = "is not a folder" if path.exists() else "does not exist"
            raise BadArgumentsError(f"input {path} {why}")
    _check_out_apart(inputs, out)
    report = check_dependencies(settings.ocr.languages)
    cases = find_cases(inputs)
    if not cases:
        raise BadArgumentsError(_no_cases(inputs))
    ensure_dir(out)
    progress = progress or NullProgress()
    with output_lock(out):
        cache = None
        if use_cache:
            key = text_settings_key(settings, report.version or "")
            cache = PageCache(cache_dir or default_cache_dir(), key)
        runner = TaskRunner(jobs or available_cpus(), settings)
        finisher = CaseFinisher(runner)
        interrupted = True
        try:
            reports = _read_cases(cases, out, settings, runner, finisher, cache, progress)
            finisher.collect(block=True)
            interrupted = False
        finally:
            runner.close(interrupted=interrupted)
            if cache:
                cache.close()
        write_index(out, reports)
    return BatchReport(out, reports)


def _no_cases(inputs: list[Path]) -> str:
    """Why the inputs hold no patient: an empty folder (hidden files aside) is named as such."""
    empty = [str(p) for p in inputs if not any(_shown(e) for e in p.iterdir())]
    if len(empty) == len(inputs):
        return f"input {', '.join(empty)} is empty: no files and no patient folders in it"
    return "no patient folders found in the input"


def _shown(entry: Path) -> bool:
    return not entry.name.startswith(".") and entry.name not in IGNORED_NAMES


def _check_out_apart(inputs: list[Path], out: Path) -> None:
    """Refuse an output folder that is, lies inside, or holds an input folder.

    recordkit would otherwise write its outputs among the patient's records and read them
    back as records on the next run.
    """
    target = out.resolve()
    for path in inputs:
        source = path.resolve()
        if target == source:
            why = "is the input folder"
        elif source in target.parents:
            why = "is inside the input folder"
        elif target in source.parents:
            why = "holds the input folder"
        else:
            continue
        raise BadArgumentsError(
            f"--out {out} {why} {path}: choose an output folder outside the patient records"
        )


READ_AHEAD = 2  # cases read at once: the next starts when the last has sent all its tasks


def _read_cases(
    cases: list[Case],
    out: Path,
    settings: Settings,
    runner: TaskRunner,
    finisher: CaseFinisher,
    cache: PageCache | None,
    progress: ProgressReporter,
) -> list[CaseReport]:
    """Read the cases and queue their extraction and outputs; failures are recorded per case.

    The next case's files go to the workers while the last pages of the one before are still
    being read, so that no worker waits at the seam between two cases.
    """
    reports = [CaseReport(c.case_id, 0, 0, 0, 0, 0) for c in cases]
    reading: dict[int, CaseReading] = {}
    for k, case in enumerate(cases):
        if why := foreign_outputs(case, out / case.case_id):
            refuse_case(reports[k], why)
    files = [None if r.untouched else _walk(c) for c, r in zip(cases, reports, strict=True)]
    order = [k for k in _largest_first(files) if not reports[k].untouched]
    started = 0

    def fail(k: int, e: Exception) -> None:
        runner.discard_pending(k)
        reading.pop(k, None)
        case_out = out / cases[k].case_id
        record_case_failure(cases[k], case_out, None, settings, reports[k], e, reading=True)

    while started < len(order) or reading:
        for k in sorted(reading):  # pages found by the last outcomes go out first ...
            _guard(fail, k, reading[k].pump)
        while (  # ... so that the next case starts now, not after the next outcome
            started < len(order)
            and len(reading) < READ_AHEAD
            and all(r.all_sent for r in reading.values())
        ):
            k, started = order[started], started + 1
            try:
                reading[k] = CaseReading(
                    k, cases[k], settings, runner, cache, progress, files=files[k]
                )
            except Exception as e:  # one case's failure never stops the batch
                fail(k, e)
        try:
            outcomes = runner.completed() if runner.pending else []
        except Exception as e:  # not one case's: every case being read
            for k in list(reading):
                fail(k, e)
            continue
        for (k, what, ref), outcome in outcomes:
            if k in reading:
                _guard(fail, k, reading[k].take, what, ref, outcome)
        for k in [k for k in sorted(reading) if reading[k].done]:
            done = reading.pop(k)
            _after_reading(cases[k], done, out, settings, finisher, reports[k])
        finisher.collect()
    return reports


def _walk(case: Case) -> list[FoundFile] | None:
    """The case's files; None when its folder cannot be walked (its reading then says why)."""
    try:
        return walk_case(case.root)
    except OSError:
        return None


def _size(files: list[FoundFile] | None) -> int:
    """Bytes in a case's files: a rough measure of the work of reading it (scans are big)."""
    total = 0
    for found in files or []:
        with contextlib.suppress(OSError):
            total += 0 if found.problem else found.path.stat().st_size
    return total


def _largest_first(files: list[list[FoundFile] | None]) -> list[int]:
    """The order in which to read cases (their files given): the largest first.

    A batch then ends on small cases instead of a long one that keeps one worker busy while
    the others wait (ties keep the folders' order). Outputs, index and exit code do not
    depend on the order.
    """
    sizes = [_size(f) for f in files]
    return sorted(range(len(files)), key=lambda k: -sizes[k])


def _guard(fail: Callable[[int, Exception], None], k: int, fn: Callable[..., None], *args) -> None:  # type: ignore[no-untyped-def]
    try:
        fn(*args)
    except Exception as e:  # one case's failure never stops the batch
        fail(k, e)


def _after_reading(
    case: Case,
    reading: CaseReading,
    out: Path,
    settings: Settings,
    finisher: CaseFinisher,
    rep: CaseReport,
) -> None:
    """Write a read case's manifest and queue its extraction and outputs (failures recorded)."""
    case_out = out / case.case_id
    manifest: Manifest | None = None
    try:
        results = reading.results()
        manifest = build_manifest(case, results, settings)
        ensure_dir(case_out)
        write_json(case_out / "manifest.json", manifest)
        pages = [p for r in results for p in r.pages]
        rep.files, rep.failed = len(manifest.files), len(manifest.failed)
        rep.duplicates = sum(f.status == "duplicate" for f in manifest.files)
        rep.pages, rep.ocr_pages = len(pages), sum(p.method == "ocr" for p in pages)
        rep.outputs["manifest"] = "manifest.json"
        rep.warnings += [file_warning(f) for f in manifest.failed]
        if all(f.status == "skipped" for f in manifest.files):  # a blank packet would mislead
            record_case_error(case, case_out, manifest, settings, rep, NO_FILES)
            return
        failed = failure_recorder(case, case_out, manifest, settings, rep)
        _facts_and_outputs(case, results, manifest, case_out, settings, rep, finisher, failed)
    except Exception as e:  # one case's failure never stops the batch
        record_case_failure(case, case_out, manifest, settings, rep, e)
