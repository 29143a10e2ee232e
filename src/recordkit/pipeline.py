"""The batch: cases -> read files -> extract facts -> timeline -> outputs, one case at a time."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from recordkit.cache import PageCache, default_cache_dir, text_settings_key
from recordkit.config import Settings
from recordkit.deps import check_dependencies
from recordkit.documents import TaskRunner, read_case
from recordkit.exceptions import BadArgumentsError, ExitCode
from recordkit.extract import extract_case
from recordkit.ingest import Case, find_cases
from recordkit.models import DocumentResult, Manifest
from recordkit.outputs import ensure_dir, write_json
from recordkit.progress import NullProgress, ProgressReporter
from recordkit.render import write_case_outputs
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
            facts = extract_case(case.case_id, results, settings)
            rep.events, rep.measurements = len(facts.events), len(facts.measurements)
            rep.warnings += list(facts.warnings)
            write_case_outputs(case_out, facts, manifest, settings, rep)
            reports.append(rep)
    finally:
        runner.close()
        if cache:
            cache.close()
    return BatchReport(out, reports)
