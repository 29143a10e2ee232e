"""OUT/index.html: one row per case, the same columns as the review app's batch view.

The rows' counts are read from each case folder (its manifest, events and corrections), so
the page can be written again after a case's packet is rebuilt: `process` keeps the list of
its cases, their warnings and outputs in OUT/.recordkit-index.json for that. The page lists
every case in OUT, as the review app does: a run adds its cases to those of earlier runs.
"""

from __future__ import annotations

import json
import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.outputs import write_bytes, write_json
from recordkit.own_outputs import INDEX_STATE
from recordkit.review.status import CaseRow, CaseStatus, case_folders, case_row

if TYPE_CHECKING:
    from recordkit.pipeline import CaseReport

log = logging.getLogger(__name__)

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
    """Write the batch index page, and the list of its cases for `refresh_index`.

    The page lists every case in OUT: this run's, and those of earlier runs whose folders
    are still there. A case whose folder this run left untouched (it holds another patient
    folder's outputs) keeps its earlier entry, with this run's refusal among its warnings.
    """
    kept = {str(e["case"]): e for e in _kept_entries(out)}
    ran = {c.case_id: _entry(c, kept) for c in cases}
    entries = _cases_in(out, {**kept, **ran}, keep=set(ran))
    write_json(out / INDEX_STATE, {"cases": entries})
    return _write_page(out, entries)


def _cases_in(out: Path, listed: dict[str, dict], keep: set[str]) -> list[dict]:
    """The entries of the cases in OUT, by id, with a bare one for a folder not listed.

    A listed case whose folder is gone is dropped, unless it is in `keep` (this run's).
    """
    entries = {c: e for c, e in listed.items() if c in keep or (out / c).is_dir()}
    for folder in case_folders(out):
        entries.setdefault(folder.name, {"case": folder.name, "warnings": [], "outputs": []})
    return [entries[c] for c in sorted(entries)]


def _entry(c: CaseReport, kept: dict[str, dict]) -> dict:
    """A case's line in the list: this run's; for a case left untouched, its earlier one."""
    if not c.untouched:
        return {"case": c.case_id, "warnings": c.warnings, "outputs": list(c.outputs.values())}
    earlier = kept.get(c.case_id, {})
    warnings = dict.fromkeys([*earlier.get("warnings", []), *c.warnings])
    return {"case": c.case_id, "warnings": list(warnings), "outputs": earlier.get("outputs", [])}


def _kept_entries(out: Path) -> list[dict]:
    """The cases OUT/.recordkit-index.json lists; none when it is missing or unreadable."""
    try:
        entries = json.loads((out / INDEX_STATE).read_text(encoding="utf-8"))["cases"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return (
        [e for e in entries if isinstance(e, dict) and "case" in e]
        if isinstance(entries, list)
        else []
    )


def refresh_index(out: Path) -> Path | None:
    """Write OUT/index.html again from its cases' folders (after a packet rebuild).

    None when `out` holds no index that `process` wrote, or its case list is unreadable.
    """
    if not (out / INDEX_STATE).is_file() or not (out / "index.html").is_file():
        return None
    kept = {str(e["case"]): e for e in _kept_entries(out)}
    if not kept:
        return None
    entries = _cases_in(out, kept, keep=set())
    log.info("index.html written again for %d case(s)", len(entries))
    return _write_page(out, entries)


def _row(out: Path, entry: dict) -> str:
    case_id = str(entry["case"])
    r = case_row(out / case_id)
    # a failed case's packet and events, if any, are an earlier run's: not linked as current
    failed = r.status == CaseStatus.failed
    current = [f for f in r.outputs if f == "manifest.json"] if failed else r.outputs
    files = dict.fromkeys([*entry.get("outputs", []), *current])
    links = " ".join(f'<a href="{escape(case_id)}/{escape(f)}">{escape(f)}</a>' for f in files)
    warns = "".join(f"<li>{escape(w)}</li>" for w in entry.get("warnings", [])) or "none"
    cells = "".join(f'<td class="{cls}">{escape(text)}</td>' for cls, text in row_cells(r))
    return f"<tr>{cells}<td><ul>{warns}</ul></td><td>{links}</td></tr>"


def _write_page(out: Path, entries: list[dict]) -> Path:
    """The page itself (relative links only; no scripts, no network)."""
    rows = [_row(out, e) for e in entries]
    head = "".join(f"<th>{escape(h)}</th>" for h in (*COLUMNS, "warnings", "outputs"))
    html = (
        '<!doctype html><html><head><meta charset="utf-8"><title>recordkit batch</title>'
        f"<style>{_STYLE}</style></head><body><h1>recordkit batch: {len(entries)} case(s)</h1>"
        "<p>Prepared for specialist review. Not medical advice. "
        "To check items against their pages and correct them: <code>recordkit review "
        f"{escape(out.name)}</code>.</p><table><tr>{head}</tr>"
        + "".join(rows)
        + "</table></body></html>\n"
    )
    return write_bytes(out / "index.html", html.encode("utf-8"))
