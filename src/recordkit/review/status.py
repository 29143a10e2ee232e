"""Why an item needs a second look, and one row per case for the batch view and index.html.

Plain data, no web code: the static OUT/index.html and the review app show the same columns.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from recordkit.exceptions import RecordkitError
from recordkit.models import CaseFacts, Event, Manifest, Measurement
from recordkit.render.doubts import item_reasons, items_to_check
from recordkit.review.store import EVENTS_FILE, corrected_facts

log = logging.getLogger(__name__)


# how the pipeline words a case that could not finish in its manifest's `errors` (other
# entries are sources left out of the packet: the case is partial, not failed)
CASE_FAILED = ("processing failed", "writing outputs failed", "no files to read")


class CaseStatus(StrEnum):
    """A case's state as the batch view shows it; `ok` only when nothing is left to check."""

    ok = "ok"
    check = "check"
    partial = "partial"
    failed = "failed"  # the case could not finish (its manifest says why)
    error = "error"  # its outputs are missing or unreadable


def doubts(item: Event | Measurement, conflict_ids: set[str]) -> list[str]:
    """The reasons to check an item against its page (empty when there is none).

    The same reasons as the packet's "To check" list (render.doubts), so the app, the index
    and the packet agree on what is left to check.
    """
    return item_reasons(item, {i: [] for i in conflict_ids})


def conflict_ids(facts: CaseFacts) -> set[str]:
    """Ids of every measurement in a conflict."""
    return {i for c in facts.conflicts for i in c.measurement_ids}


def to_check(facts: CaseFacts) -> list[Event | Measurement]:
    """Items with a doubt that no reviewer has looked at yet (as the packet's list has them)."""
    return [item for item, _ in items_to_check(facts)]


@dataclass
class CaseRow:
    """One case in the batch view."""

    case_id: str
    status: CaseStatus = CaseStatus.ok
    files: int = 0
    unread: int = 0
    events: int = 0
    measurements: int = 0
    to_check: int = 0
    conflicts: int = 0
    reviewed: int = 0
    items: int = 0
    orphans: int = 0
    last_change: str = ""
    problem: str = ""
    outputs: list[str] = field(default_factory=list)

    @property
    def reviewed_label(self) -> str:
        """'no', 'yes' or 'k of n'."""
        if not self.reviewed:
            return "no"
        return "yes" if self.reviewed >= self.items else f"{self.reviewed} of {self.items}"

    @property
    def status_label(self) -> str:
        """The status, with counts: 'ok' only when the status is (nothing is left to check)."""
        if self.status in (CaseStatus.error, CaseStatus.failed):
            return str(self.status)
        parts = []
        if self.status == CaseStatus.partial:
            parts.append(f"partial: {self.unread} unread" if self.unread else "partial")
        if self.to_check:
            parts.append(f"check: {self.to_check} item(s)")
        return ", ".join(parts) or str(self.status)


OUTPUT_FILES = (
    "review-packet.pdf",
    "timeline.png",
    "timeline.csv",
    "events.json",
    "events-corrected.json",
    "corrections.json",
    "manifest.json",
)


def _stamp(path: Path) -> str:
    when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return when.strftime("%Y-%m-%d %H:%M")


def case_row(case_out: Path) -> CaseRow:
    """The row of one case folder, from its manifest, events and corrections."""
    row = CaseRow(case_id=case_out.name)
    manifest_errors: tuple[str, ...] = ()
    row.outputs = [f for f in OUTPUT_FILES if (case_out / f).is_file()]
    try:
        mpath = case_out / "manifest.json"
        if mpath.is_file():
            manifest = Manifest.model_validate(json.loads(mpath.read_text(encoding="utf-8")))
            row.files, row.unread = len(manifest.files), len(manifest.failed)
            manifest_errors = manifest.errors
            failure = next((e for e in manifest.errors if e.startswith(CASE_FAILED)), None)
            if failure is not None:
                row.status, row.problem = CaseStatus.failed, failure
                return row
        raw = CaseFacts.model_validate_json((case_out / EVENTS_FILE).read_bytes())
        facts, orphans = corrected_facts(case_out, raw)
    except (OSError, ValueError, ValidationError, RecordkitError) as e:
        log.warning("case %s: cannot read its outputs (%s)", case_out.name, type(e).__name__)
        row.status, row.problem = CaseStatus.error, "outputs missing or unreadable"
        return row
    row.events, row.measurements = len(facts.events), len(facts.measurements)
    row.items = row.events + row.measurements
    row.conflicts = len(facts.conflicts)
    row.orphans = len(orphans)
    row.to_check = len(to_check(facts)) + len(orphans)
    row.reviewed = sum(i.review is not None for i in (*facts.events, *facts.measurements))
    row.last_change = (
        facts.review.last.replace("T", " ")[:16]
        if facts.review and facts.review.last
        else _stamp(case_out / EVENTS_FILE)
    )
    partial = row.unread or bool(manifest_errors)
    row.status = (
        CaseStatus.partial if partial else CaseStatus.check if row.to_check else CaseStatus.ok
    )
    return row


def case_folders(out: Path) -> list[Path]:
    """Every case folder under OUT (one holding events.json or manifest.json), by id."""
    return [
        d
        for d in sorted(out.iterdir())
        if d.is_dir() and ((d / EVENTS_FILE).is_file() or (d / "manifest.json").is_file())
    ]


def batch_rows(out: Path) -> list[CaseRow]:
    """The row of every case folder under OUT, by id."""
    return [case_row(d) for d in case_folders(out)]
