"""What `recordkit process` prints on stderr when a batch ends: the case table, unread files.

File names and reasons only, never document text.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from pydantic import ValidationError

from recordkit.models import Manifest

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from recordkit.pipeline import BatchReport

log = logging.getLogger(__name__)


def unread_lines(report: BatchReport) -> list[str]:
    """One line per file that could not be read: `case/path: status (reason)`."""
    lines = []
    for c in report.cases:
        if c.untouched:  # its folder's manifest is another patient folder's
            continue
        path = report.out / c.case_id / "manifest.json"
        try:
            manifest = Manifest.model_validate(json.loads(path.read_bytes()))
        except (OSError, ValueError, ValidationError):
            continue  # the case's own error is in its row
        for f in manifest.failed:
            why = f"{f.status} ({f.reason})" if f.reason else f.status
            lines.append(f"not read: {c.case_id}/{f.path}: {why}")
    return lines


def summary_table(report: BatchReport) -> Table:
    """The batch table: one row per case, as index.html and the review app count."""
    from rich.table import Table

    from recordkit.review.status import case_row

    table = Table(title=f"recordkit: {len(report.cases)} case(s) -> {report.out}")
    longest = max((len(c.case_id) for c in report.cases), default=4)
    table.add_column("case", no_wrap=True, min_width=longest)  # an id is never cut short
    table.add_column("status", no_wrap=True, min_width=len("partial"))
    for col in ("files", "unread", "pages", "OCR", "events", "measurements", "to check"):
        table.add_column(col, justify="right", min_width=3)
    for c in report.cases:
        row = case_row(report.out / c.case_id)
        table.add_row(
            c.case_id,
            "failed" if c.untouched else str(row.status),
            str(c.files),
            str(c.failed),
            str(c.pages),
            str(c.ocr_pages),
            _count(c.events),
            _count(c.measurements),
            "-" if c.untouched else str(row.to_check),
        )
    return table


def print_summary(report: BatchReport, console: Console) -> None:
    """The table, then one line per unread file; a log or a pipe gets the table at full width."""
    table = summary_table(report)
    if not console.is_terminal:  # rich would fit 80 columns and cut ids short ("ball-0…")
        wide = console.options.update_width(10_000)
        console.width = max(console.width, console.measure(table, options=wide).maximum)
    console.print(table)
    for line in unread_lines(report):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _count(n: int | None) -> str:
    """A count for the summary table; '-' when nothing was extracted."""
    return "-" if n is None else str(n)
