"""The batch: cases -> read files -> extract facts -> outputs; see recordkit.schedule."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from recordkit.cache import PageCache, default_cache_dir, text_settings_key
from recordkit.config import Settings
from recordkit.deps import check_dependencies
from recordkit.documents import TaskRunner, read_case
from recordkit.exceptions import BadArgumentsError, ExitCode
from recordkit.ingest import Case, find_cases
from recordkit.models import DocumentResult, Manifest
from recordkit.outputs import ensure_dir, write_json
from recordkit.progress import NullProgress, ProgressReporter
from recordkit.render.index import write_index
from recordkit.schedule import CaseFinisher, Finished, finish_case
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
    events: int = 0
    measurements: int = 0
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """ok, or partial when some files could not be read."""
        return "partial" if self.failed else "ok"


@dataclass
class BatchReport:
    """What happened to the batch."""

    out: Path
    cases: list[CaseReport]

    @property
    def exit_code(self) -> ExitCode:
        """0 when every file was read, `partial_failure` otherwise."""
        return ExitCode.partial_failure if any(c.failed for c in self.cases) else ExitCode.ok


STATE_FILE = ".recordkit-state.json"


def case_fingerprint(manifest: Manifest, settings: Settings, root: Path) -> str:
    """A digest of everything the facts and outputs of a case depend on."""
    from recordkit import __version__
    from recordkit.fingerprint import rules_digest

    blob = json.dumps(
        {
            "files": manifest.model_dump(mode="json")["files"],
            "settings": settings.model_dump(mode="json"),
            "version": __version__,
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
) -> None:
    """Extract and write outputs in a worker, unless the same inputs already produced them."""
    root = case.root.resolve()
    fingerprint = case_fingerprint(manifest, settings, root)
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
            rep.outputs.update(state["outputs"])
            return

    def done(result: Finished) -> None:
        rep.events, rep.measurements = result.events, result.measurements
        rep.warnings += list(result.warnings)
        rep.outputs.update(result.outputs)
        write_json(
            state_path,
            {
                "fingerprint": fingerprint,
                "outputs": rep.outputs,
                "events": rep.events,
                "measurements": rep.measurements,
                "warnings": rep.warnings,
            },
        )

    args = (case.case_id, results, manifest, str(case_out), settings, str(root))
    finisher.submit(finish_case, args, done)


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
            raise BadArgumentsError(f"input {path} is not a folder")
    report = check_dependencies(settings.ocr.languages)
    cases = find_cases(inputs)
    if not cases:
        raise BadArgumentsError("no patient folders found in the input")
    ensure_dir(out)
    progress = progress or NullProgress()
    cache = None
    if use_cache:
        cache = PageCache(
            cache_dir or default_cache_dir(), text_settings_key(settings, report.version or "")
        )
    runner = TaskRunner(jobs or available_cpus(), settings)
    finisher = CaseFinisher(runner)
    reports: list[CaseReport] = []
    try:
        for case in cases:
            results = read_case(case, settings, runner, cache, progress)
            manifest = build_manifest(case, results, settings)
            case_out = ensure_dir(out / case.case_id)
            write_json(case_out / "manifest.json", manifest)
            pages = [p for r in results for p in r.pages]
            rep = CaseReport(
                case_id=case.case_id,
                files=len(manifest.files),
                failed=len(manifest.failed),
                duplicates=sum(f.status == "duplicate" for f in manifest.files),
                pages=len(pages),
                ocr_pages=sum(p.method == "ocr" for p in pages),
                outputs={"manifest": "manifest.json"},
            )
            for f in manifest.failed:
                rep.warnings.append(f"{f.path}: {f.status} ({f.reason})")
            _facts_and_outputs(case, results, manifest, case_out, settings, rep, finisher)
            reports.append(rep)
            finisher.collect()
        finisher.collect(block=True)
    finally:
        runner.close()
        if cache:
            cache.close()
    write_index(out, reports)
    return BatchReport(out, reports)
