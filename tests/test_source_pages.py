"""The packet's appended sources: every file read is appended, each page labelled and footed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pypdf import PdfReader

from recordkit.models import CaseFacts
from recordkit.pipeline import run_batch
from recordkit.render.packet import build_packet
from recordkit.review.pages import source_path
from tests.faults_helpers import LETTER, quick_settings


def _outline(reader: PdfReader) -> list[str]:
    """Bookmark titles, nested ones included, in order."""

    def walk(items: list) -> list[str]:  # type: ignore[type-arg]
        titles: list[str] = []
        for item in items:
            titles += walk(item) if isinstance(item, list) else [item.title]
        return titles

    return walk(reader.outline)


def test_a_file_name_that_is_not_utf8_is_appended_and_served(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    case.mkdir(parents=True)
    (case / "letter.txt").write_text(LETTER)
    odd = os.path.join(os.fsencode(case), b"M\xfcller_note.txt")
    with open(odd, "wb") as fh:
        fh.write(b"Note 28/09/2023: day +30 marrow blasts 2%, MRD 0.05%.\n")
    out = tmp_path / "out"
    report = run_batch([case], out, quick_settings(packet=True), jobs=1, use_cache=False)
    assert report.exit_code == 0 and not report.cases[0].problems
    manifest = json.loads((out / "pt-x" / "manifest.json").read_text())
    assert {f["path"]: f["status"] for f in manifest["files"]} == {
        "M\\xfcller_note.txt": "ok",
        "letter.txt": "ok",
    }
    reader = PdfReader(out / "pt-x" / "review-packet.pdf")
    sources = _outline(reader)[_outline(reader).index("Source documents") + 1 :]
    assert len(sources) == 2, sources
    labels = [reader.page_labels[i] for i in range(len(reader.pages))]
    assert {lb.split("-")[0] for lb in labels} == {"R", "D1", "D2"}
    facts = CaseFacts.model_validate_json((out / "pt-x" / "events.json").read_bytes())
    path, _ftype = source_path(facts, "M\\xfcller_note.txt")
    assert os.fsencode(path.name) == b"M\xfcller_note.txt"


def test_a_source_gone_since_it_was_read_is_a_problem_not_a_silent_gap(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    case.mkdir(parents=True)
    (case / "letter.txt").write_text(LETTER)
    (case / "note.txt").write_text("Note 28/09/2023: marrow blasts 2%.\n")
    out = tmp_path / "out"
    run_batch([case], out, quick_settings(), jobs=1, use_cache=False)
    (case / "note.txt").unlink()
    facts = CaseFacts.model_validate_json((out / "pt-x" / "events.json").read_bytes())
    problems: list[str] = []
    build_packet(out / "pt-x", facts, None, problems)
    assert problems == [
        "D2 text file, 2023-09-28 could not be appended to the packet: "
        "the file is no longer in the patient folder"
    ]
    assert "Source documents" in _outline(PdfReader(out / "pt-x" / "review-packet.pdf"))
