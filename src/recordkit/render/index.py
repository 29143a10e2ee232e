"""OUT/index.html: one row per case, the same columns as the review app's batch view."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.outputs import write_bytes
from recordkit.review.status import CaseRow, case_row

if TYPE_CHECKING:
    from recordkit.pipeline import CaseReport

_STYLE = (
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #bbb;padding:4px 8px;vertical-align:top}"
    "th{background:#e8eef5}.partial,.error,.failed{color:#b35900}.check{color:#8a5a00;font-weight:bold}"
    ".ok{color:#176e2c}ul{margin:0;padding-left:1.2em;font-size:90%}td.n{text-align:right}"
)
COLUMNS = (
    "case",
    "status",
    "files",
    "unread files",
    "events",
    "measurements",
    "to check",
    "conflicts",
    "reviewed",
    "last change",
)


def row_cells(r: CaseRow) -> list[tuple[str, str]]:
    """(css class, text) of each column, in COLUMNS order."""
    return [
        ("", r.case_id),
        (str(r.status), r.status_label),
        ("n", str(r.files)),
        ("n", str(r.unread)),
        ("n", str(r.events)),
        ("n", str(r.measurements)),
        ("n", str(r.to_check)),
        ("n", str(r.conflicts)),
        ("", r.reviewed_label),
        ("", r.last_change),
    ]


def write_index(out: Path, cases: list[CaseReport]) -> Path:
    """Write the batch index page (relative links only; no scripts, no network)."""
    rows = []
    for c in cases:
        r = case_row(out / c.case_id)
        files = dict.fromkeys([*c.outputs.values(), *r.outputs])
        links = " ".join(
            f'<a href="{escape(c.case_id)}/{escape(f)}">{escape(f)}</a>' for f in files
        )
        warns = "".join(f"<li>{escape(w)}</li>" for w in c.warnings) or "none"
        cells = "".join(f'<td class="{cls}">{escape(text)}</td>' for cls, text in row_cells(r))
        rows.append(f"<tr>{cells}<td><ul>{warns}</ul></td><td>{links}</td></tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in (*COLUMNS, "warnings", "outputs"))
    html = (
        '<!doctype html><html><head><meta charset="utf-8"><title>recordkit batch</title>'
        f"<style>{_STYLE}</style></head><body><h1>recordkit batch: {len(cases)} case(s)</h1>"
        "<p>Prepared for specialist review. Not medical advice. "
        "To check items against their pages and correct them: <code>recordkit review "
        f"{escape(out.name)}</code>.</p><table><tr>{head}</tr>"
        + "".join(rows)
        + "</table></body></html>\n"
    )
    return write_bytes(out / "index.html", html.encode("utf-8"))
