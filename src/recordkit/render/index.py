"""OUT/index.html: one row per case with its status, counts, warnings and links."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.outputs import write_bytes

if TYPE_CHECKING:
    from recordkit.pipeline import CaseReport

_STYLE = (
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #bbb;padding:4px 8px;vertical-align:top}"
    "th{background:#e8eef5}.partial{color:#b35900}.ok{color:#176e2c}"
    "ul{margin:0;padding-left:1.2em;font-size:90%}"
)


def write_index(out: Path, cases: list[CaseReport]) -> Path:
    """Write the batch index page (relative links only; no scripts, no network)."""
    rows = []
    for c in cases:
        links = " ".join(
            f'<a href="{escape(c.case_id)}/{escape(f)}">{escape(n)}</a>'
            for n, f in sorted(c.outputs.items())
        )
        warns = "".join(f"<li>{escape(w)}</li>" for w in c.warnings) or "none"
        rows.append(
            f'<tr><td>{escape(c.case_id)}</td><td class="{c.status}">{c.status}</td>'
            f"<td>{c.files}</td><td>{c.failed}</td><td>{c.pages}</td><td>{c.events}</td>"
            f"<td>{c.measurements}</td><td><ul>{warns}</ul></td><td>{links}</td></tr>"
        )
    html = (
        '<!doctype html><html><head><meta charset="utf-8"><title>recordkit batch</title>'
        f"<style>{_STYLE}</style></head><body><h1>recordkit batch: {len(cases)} case(s)</h1>"
        "<p>Prepared for specialist review. Not medical advice.</p><table><tr><th>case</th>"
        "<th>status</th><th>files</th><th>unread</th><th>pages</th><th>events</th>"
        "<th>measurements</th><th>warnings</th><th>outputs</th></tr>"
        + "".join(rows)
        + "</table></body></html>\n"
    )
    return write_bytes(out / "index.html", html.encode("utf-8"))
