"""Byte-identical files: the copy-named one is the duplicate; the index says of which."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from recordkit.models import CaseFacts
from recordkit.pipeline import run_batch
from recordkit.render.names import doc_number
from tests.faults_helpers import LETTER, quick_settings

NOTE = "Bone marrow 18/04/2023: blasts 3%, complete remission.\n"


def test_the_copy_named_file_is_the_duplicate_whatever_the_path_order(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    (case / "a-older").mkdir(parents=True)
    copies = {
        "scan (1).txt": "scan.txt",  # " (1)" sorts before "." : path order alone got it wrong
        "Copy of letter.txt": "letter.txt",
        "a-older/note - Copy.txt": "note.txt",
    }
    texts = {"scan.txt": NOTE, "letter.txt": LETTER, "note.txt": "Clinic 01/11/2023: in CR.\n"}
    for copy, original in copies.items():
        (case / copy).write_text(texts[original])
        (case / original).write_text(texts[original])
    out = tmp_path / "out"
    report = run_batch([case], out, quick_settings(packet=True), jobs=1, use_cache=False)
    assert report.exit_code == 0
    manifest = json.loads((out / "pt-x" / "manifest.json").read_text())
    duplicates = {f["path"]: f["duplicate_of"] for f in manifest["files"] if f["duplicate_of"]}
    assert duplicates == copies
    facts = CaseFacts.model_validate_json((out / "pt-x" / "events.json").read_bytes())
    reader = PdfReader(out / "pt-x" / "review-packet.pdf")
    index = next(
        " ".join(p.extract_text().split())
        for p in reader.pages
        if "Document index" in p.extract_text() and "status" in p.extract_text()
    )
    for original in copies.values():
        assert f"duplicate of D{doc_number(facts, original)}" in index
    assert index.count("duplicate of D") == 3
