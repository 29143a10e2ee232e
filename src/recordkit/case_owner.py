"""Whose records a case output folder holds: one case id never mixes two patient folders.

OUT/<case_id> is named after the patient folder alone, so two folders of the same name in
different places (`a/pt-smith`, `b/pt-smith`) would write to the same place, and the second
run would replace the first's outputs under its reviewer's corrections. events.json records
the patient folder it was made from; a run over another folder is refused for that case and
leaves everything in OUT/<case_id> as it was.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.exceptions import ExitCode
from recordkit.own_outputs import CORRECTED_FILE, EARLIER_RUN_DIR, EVENTS_FILE

if TYPE_CHECKING:
    from recordkit.ingest import Case
    from recordkit.pipeline import CaseReport

log = logging.getLogger(__name__)

# where a case folder names its source: the extraction's events, else a failed run's set aside
_RECORDS_OF_SOURCE = (EVENTS_FILE, CORRECTED_FILE, f"{EARLIER_RUN_DIR}/{EVENTS_FILE}")


def earlier_source(case_out: Path) -> Path | None:
    """The patient folder OUT/<case_id>'s outputs were made from; None when none says."""
    for name in _RECORDS_OF_SOURCE:
        try:
            source = json.loads((case_out / name).read_bytes()).get("source_folder")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(source, str) and source:
            return Path(source)
    return None


def foreign_outputs(case: Case, case_out: Path) -> str | None:
    """Why `case` may not write to `case_out` (made from another folder); None when it may."""
    earlier = earlier_source(case_out)
    source = case.root.resolve()
    if earlier is None or earlier == source:
        return None
    return (
        f"not processed: {case_out} holds the outputs (and any review) of the patient folder "
        f"{earlier}, not of {source}; both folders are named {case.case_id!r}. Nothing in "
        f"{case_out} was changed. Process {source} with another --out, or remove {case_out} "
        "first if its outputs are no longer wanted"
    )


def refuse_case(rep: CaseReport, error: str) -> None:
    """Note that the case was not processed; nothing is written to its folder."""
    rep.error, rep.error_code, rep.untouched = error, ExitCode.partial_failure, True
    rep.events = rep.measurements = None  # nothing extracted: '-' in the summary table
    rep.warnings.append(error)
    log.error("case %s: %s", rep.case_id, error)
