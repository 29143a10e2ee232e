"""corrections.json on disk: read, append under a lock with a version check, apply to a case.

No web code here: `process`, `packet` and `fixture` use it too.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from recordkit.corrections import Correction, CorrectionLog, apply_corrections
from recordkit.exceptions import BadArgumentsError, RecordkitError
from recordkit.models import CaseFacts, Event, Measurement
from recordkit.outputs import write_json
from recordkit.own_outputs import CORRECTED_FILE, EVENTS_FILE

CORRECTIONS_FILE = "corrections.json"


class VersionConflictError(RecordkitError):
    """The case changed since the reviewer's page was loaded."""

    message = "the case was changed elsewhere"

    def __init__(self, yours: int, current: int) -> None:
        super().__init__(
            f"This case was changed in another tab or by another reviewer since you loaded it "
            f"(your page shows version {yours}, the case is now at version {current}). "
            "Your change was NOT saved. Reload the case to see the other changes, then redo it."
        )
        self.current = current


def load_log(case_out: Path, case_id: str | None = None) -> CorrectionLog:
    """The case's correction log (empty when the file does not exist yet)."""
    path = case_out / CORRECTIONS_FILE
    if not path.is_file():
        return CorrectionLog(case_id=case_id or case_out.name)
    try:
        return CorrectionLog.model_validate_json(path.read_bytes())
    except ValidationError as e:
        raise BadArgumentsError(
            f"{path} is not a valid corrections file (it is left as it is):\n{e}"
        ) from e


def corrections_digest(case_out: Path) -> str:
    """A digest of corrections.json ('' when there is none): part of a case's fingerprint."""
    path = case_out / CORRECTIONS_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


@contextmanager
def _locked(case_out: Path) -> Iterator[None]:
    lock = case_out / ".corrections.lock"
    with lock.open("a") as f:
        lock.chmod(0o600)
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def now() -> str:
    """The current time, ISO 8601 UTC to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def append_correction(
    case_out: Path, case_id: str, expected_version: int, **fields: Any
) -> Correction:
    """Append one correction if the log is still at `expected_version` (its length)."""
    with _locked(case_out):
        log = load_log(case_out, case_id)
        if len(log.corrections) != expected_version:
            raise VersionConflictError(expected_version, len(log.corrections))
        c = Correction(id=f"c{len(log.corrections) + 1:04d}", when=now(), **fields)
        new = log.model_copy(update={"corrections": (*log.corrections, c)})
        write_json(case_out / CORRECTIONS_FILE, new)
    return c


def snapshot(item: Event | Measurement) -> dict[str, Any]:
    """An item as a correction's `before` keeps it (without the reviewer's mark)."""
    return item.model_dump(mode="json", exclude={"review"})


def read_events(case_out: Path) -> CaseFacts:
    """events.json of a case, as extraction wrote it."""
    path = case_out / EVENTS_FILE
    if not path.is_file():
        raise BadArgumentsError(f"{path} does not exist")
    try:
        return CaseFacts.model_validate_json(path.read_bytes())
    except ValidationError as e:
        raise BadArgumentsError(f"{path} is not a valid events file:\n{e}") from e


def corrected_facts(case_out: Path, facts: CaseFacts) -> tuple[CaseFacts, list[dict[str, Any]]]:
    """`facts` with the case's corrections applied, and the orphaned corrections."""
    return apply_corrections(facts, load_log(case_out, facts.case_id).corrections)


def write_corrected(case_out: Path, facts: CaseFacts) -> CaseFacts:
    """Apply corrections.json to `facts`; write events-corrected.json when there are any."""
    fixed, _ = corrected_facts(case_out, facts)
    target = case_out / CORRECTED_FILE
    if fixed.review is not None:
        write_json(target, fixed)
    elif target.is_file():
        target.unlink()
    return fixed


def apply_review(case_out: Path, facts: CaseFacts, written: dict[str, str]) -> CaseFacts:
    """The output step's hook: corrections on top of a fresh extraction, for every output."""
    fixed = write_corrected(case_out, facts)
    if fixed.review is not None:
        written["corrected"] = CORRECTED_FILE
    return fixed
