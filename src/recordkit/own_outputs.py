"""recordkit's own outputs, recognised wherever they lie, so that they are never read as records.

A folder is a case output folder when it holds a `manifest.json` that recordkit wrote (its
`format` is recordkit's). In such a folder the files recordkit writes there (events, CSV,
figure, packet, corrections) are its own; an `index.html` is recordkit's when it begins as
recordkit's batch index does; a run's own bookkeeping files (`.recordkit-state.json`,
`.recordkit-index.json`, `.recordkit.lock`) are recordkit's wherever they are. Everything else
in the folder is still a document.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from recordkit.outputs import LOCK_FILE

EVENTS_FILE = "events.json"  # what extraction found
CORRECTED_FILE = "events-corrected.json"  # with the coordinator's corrections applied
CASE_OUTPUT_NAMES = frozenset(
    {
        "manifest.json",
        EVENTS_FILE,
        CORRECTED_FILE,
        "corrections.json",
        "display-names.json",
        "timeline.csv",
        "timeline.png",
        "timeline.svg",
        "review-packet.pdf",
        "fixture.json",  # `recordkit fixture` without --out
    }
)
# outputs made from the records alone; a failed run sets an earlier run's aside (not the
# coordinator's corrections or display names, nor a fixture, which no run makes)
DERIVED_OUTPUTS = CASE_OUTPUT_NAMES - {
    "manifest.json",
    "corrections.json",
    "display-names.json",
    "fixture.json",
}
EARLIER_RUN_DIR = "earlier-run"  # in a case output folder: a failed run's predecessors
STATE_FILE = ".recordkit-state.json"  # what a case's last run read, to skip unchanged cases
INDEX_STATE = ".recordkit-index.json"  # a batch's cases, for writing index.html again
RUN_FILES = frozenset({STATE_FILE, INDEX_STATE, LOCK_FILE})  # a run's bookkeeping
MANIFEST_FORMAT = "recordkit-manifest/"
INDEX_START = b'<!doctype html><html><head><meta charset="utf-8"><title>recordkit batch</title>'
SKIP_REASON = "recordkit's own output (from an earlier run); never read as a record"


def is_case_output_folder(folder: Path) -> bool:
    """True when `folder` holds a manifest.json written by recordkit."""
    manifest = folder / "manifest.json"
    try:
        if not manifest.is_file() or manifest.stat().st_size > 50 * 2**20:
            return False
        data = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("format", "")).startswith(MANIFEST_FORMAT)


def is_own_output(path: Path) -> bool:
    """True when `path` is a file recordkit wrote: an output of a case, or a batch index."""
    if path.name in RUN_FILES:
        return True
    if path.name == "index.html":
        try:
            with path.open("rb") as f:
                return f.read(len(INDEX_START)) == INDEX_START
        except OSError:
            return False
    if path.name not in CASE_OUTPUT_NAMES:
        return False
    if path.parent.name == EARLIER_RUN_DIR and is_case_output_folder(path.parent.parent):
        return True
    return is_case_output_folder(path.parent)


def is_output_tree(folder: Path) -> bool:
    """True when every file under `folder` (at least one) is recordkit's own output."""
    seen = False
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            if not is_own_output(Path(parent) / name):
                return False
            seen = True
    return seen
