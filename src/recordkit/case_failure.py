"""A case that could not finish: its error in its report, its manifest and the log.

The batch goes on with the next case; `review.status.CASE_FAILED` lists how these errors
begin, so that index.html shows the case as failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.config import Settings
from recordkit.exceptions import ExitCode, OutputError
from recordkit.ingest import Case
from recordkit.models import Manifest
from recordkit.outputs import ensure_dir, write_json
from recordkit.own_outputs import DERIVED_OUTPUTS, EARLIER_RUN_DIR
from recordkit.safety import describe_error

if TYPE_CHECKING:
    from recordkit.pipeline import CaseReport

log = logging.getLogger(__name__)

NO_FILES = "no files to read: the patient folder is empty"


def failure_recorder(
    case: Case, case_out: Path, manifest: Manifest, settings: Settings, rep: CaseReport
) -> Callable[[BaseException], None]:
    """What to do when this case's extraction or outputs fail later, in a worker."""

    def failed(e: BaseException) -> None:
        if not isinstance(e, Exception):
            raise e
        record_case_failure(case, case_out, manifest, settings, rep, e)

    return failed


def record_case_failure(
    case: Case,
    case_out: Path,
    manifest: Manifest | None,
    settings: Settings,
    rep: CaseReport,
    e: Exception,
    *,
    reading: bool = False,
) -> None:
    """Record a case that could not finish; an OSError while reading is not an output's."""
    output = isinstance(e, OutputError) or (isinstance(e, OSError) and not reading)
    rep.error_code = ExitCode.output_error if output else ExitCode.partial_failure
    stage = "writing outputs" if output else "processing"
    log.debug("case %s failed", case.case_id, exc_info=e)
    record_case_error(
        case, case_out, manifest, settings, rep, f"{stage} failed: {describe_error(e)}"
    )


def record_case_error(
    case: Case,
    case_out: Path,
    manifest: Manifest | None,
    settings: Settings,
    rep: CaseReport,
    error: str,
) -> None:
    """Note `error` as the case's: in its report (a warning too) and its manifest's errors."""
    rep.error = error
    rep.error_code = rep.error_code or ExitCode.partial_failure
    log.error("case %s: %s", case.case_id, error)
    rep.warnings.append(error)
    if manifest is None:
        manifest = Manifest(case_id=case.case_id, settings={"pipeline": settings.name}, files=())
    try:
        ensure_dir(case_out)
        write_json(case_out / "manifest.json", manifest.model_copy(update={"errors": (error,)}))
        rep.outputs["manifest"] = "manifest.json"
    except (OutputError, OSError) as e2:
        log.error("case %s: could not record the failure in manifest.json: %s", case.case_id, e2)
    set_aside_earlier_outputs(case.case_id, case_out, rep)


def set_aside_earlier_outputs(case_id: str, case_out: Path, rep: CaseReport) -> None:
    """Move the outputs an earlier run left, and this failed run did not replace, aside.

    A packet or events.json left beside a failed run's manifest reads as this run's; in
    earlier-run/ it is kept, and is plainly not current. What this run did write stays.
    """
    stale = sorted(n for n in DERIVED_OUTPUTS if _older(case_out / n, rep.started))
    if not stale:
        return
    aside = case_out / EARLIER_RUN_DIR
    try:
        ensure_dir(aside)
        for name in stale:
            (case_out / name).replace(aside / name)
    except OSError as e:
        log.error("case %s: could not set the earlier outputs aside: %s", case_id, e)
        return
    rep.warnings.append(
        f"outputs of an earlier run ({', '.join(stale)}) moved to {EARLIER_RUN_DIR}/: "
        "they are not this run's"
    )


def _older(path: Path, than: float) -> bool:
    try:
        return path.is_file() and path.stat().st_mtime < than
    except OSError:
        return False
