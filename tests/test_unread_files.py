"""A file that could not be read is named where the coordinator looks: stderr, page 1, index."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.ingest import walk_case
from recordkit.models import CaseFacts, DocumentInfo, Event, FileRecord, Source
from recordkit.pipeline import run_batch
from recordkit.render.index import row_cells
from recordkit.render.names import file_warning
from recordkit.render.packet import build_packet
from recordkit.review.status import CaseRow, CaseStatus
from tests.faults_helpers import quick_settings


def test_each_unread_file_has_its_own_line_on_stderr(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    case.mkdir(parents=True)
    (case / "note.txt").write_text("Clinic date: 05/04/2023\nAML diagnosed 01/01/2023.\n")
    (case / "empty.txt").write_bytes(b"")
    (case / "sub").mkdir()
    (case / "sub" / "blob.xyz").write_bytes(bytes(range(256)) * 4)
    args = ["process", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    r = CliRunner().invoke(app, [*args, "--pipeline", "extract-only"])
    assert r.exit_code == 4
    assert "not read: pt-x/empty.txt: empty (zero-byte file)" in r.output
    assert "not read: pt-x/sub/blob.xyz: unsupported (not a readable document" in r.output
    assert "Clinic date" not in r.output and "AML diagnosed" not in r.output
    index = (tmp_path / "out" / "index.html").read_text()
    assert "not read: empty.txt: empty" in index and "a unknown file" not in index


def test_page1_counts_unread_files_and_the_index_marks_them(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.txt").write_text("AML diagnosed 01/01/2023.\n")
    facts = CaseFacts(
        case_id="u",
        source_folder=str(tmp_path / "in"),
        documents=(
            DocumentInfo(file="note.txt", type="text", pages=1, status="ok", date="2023-01-01"),
            DocumentInfo(file="locked.pdf", type="pdf", pages=0, status="encrypted"),
            DocumentInfo(file="scan.pdf", type="pdf", pages=0, status="corrupt"),
        ),
        events=(
            Event(
                kind="diagnosis",
                date="2023-01-01",
                label="AML",
                number=1,
                sources=(Source(file="note.txt", page=1, start=0, end=3, quote="AML"),),
            ),
        ),
    )
    out = tmp_path / "out"
    out.mkdir()
    build_packet(out, facts, None)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out / "review-packet.pdf").pages]
    assert "2 of 3 files could not be read: see the Document index" in pages[0]
    index = next(p for p in pages if "Document index" in p and "pages status" in p)
    assert "D2 PDF, undated (not read)" in index and "D3 PDF, undated (not read)" in index
    # the packet may leave the care team: no file name (it often carries the patient's name)
    assert not any(name in page for page in pages for name in ("locked", "scan.pdf", "note.txt"))


def test_index_warning_names_the_file_with_its_reason() -> None:
    f = FileRecord(path="a/b.docx", sha256=None, size=3, type="unknown", status="unsupported")
    assert file_warning(f) == "not read: a/b.docx: unsupported"


def _unlisted(locked: str):  # type: ignore[no-untyped-def]
    """Path.iterdir, refusing the folders named `locked` as a chmod 000 folder does."""
    real = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self.name == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    return iterdir


def test_a_folder_that_cannot_be_listed_is_unread_and_the_rest_is_read(
    tmp_path: Path, monkeypatch
) -> None:
    case = tmp_path / "in" / "pt-x"
    (case / "older" / "locked").mkdir(parents=True)
    (case / "older" / "locked" / "hidden.txt").write_text("AML diagnosed 01/01/2023.\n")
    (case / "note.txt").write_text("Clinic date: 05/04/2023\nAML diagnosed 01/01/2023.\n")
    monkeypatch.setattr(Path, "iterdir", _unlisted("locked"))
    out = tmp_path / "out"
    report = run_batch([tmp_path / "in"], out, quick_settings(), jobs=1, use_cache=False)
    assert report.exit_code == 4, "an unread folder is an unread file, not an output failure"
    manifest = json.loads((out / "pt-x" / "manifest.json").read_text())
    files = {f["path"]: f for f in manifest["files"]}
    assert files["note.txt"]["status"] == "ok" and manifest["errors"] == []
    assert files["older/locked"]["status"] == "unreadable"
    assert files["older/locked"]["reason"] == "a folder that cannot be listed: Permission denied"
    assert report.cases[0].events, "the rest of the case is extracted"
    index = (out / "index.html").read_text()
    assert '<td class="partial">partial: 1 unread</td>' in index


def test_a_patient_folder_that_cannot_be_listed_is_one_unread_entry(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(Path, "iterdir", _unlisted("pt-x"))
    found = walk_case(tmp_path / "pt-x")
    assert [(f.rel, f.problem) for f in found] == [
        (".", "a folder that cannot be listed: Permission denied")
    ]


@pytest.mark.parametrize("unread", [0, 2])
def test_a_case_that_failed_is_never_labelled_ok(unread: int) -> None:
    row = CaseRow("pt-x", CaseStatus.failed, unread=unread, problem="processing failed: X")
    assert row_cells(row)[1] == ("failed", "failed")
    partial = CaseRow("pt-y", CaseStatus.partial, problem="a source was not appended")
    assert partial.status_label == "partial"
    for status in CaseStatus:
        label = CaseRow("pt-z", status).status_label
        assert (label == "ok") == (status == CaseStatus.ok), status


def test_an_empty_patient_folder_in_a_batch_is_failed_not_ok(tmp_path: Path) -> None:
    (tmp_path / "in" / "pt-empty").mkdir(parents=True)
    (tmp_path / "in" / "pt-x").mkdir()
    (tmp_path / "in" / "pt-x" / "note.txt").write_text("AML diagnosed 01/01/2023.\n")
    out = tmp_path / "out"
    report = run_batch([tmp_path / "in"], out, quick_settings(packet=True), jobs=1, use_cache=False)
    assert report.exit_code == 4
    empty, full = report.cases
    assert (empty.status, full.status) == ("failed", "ok")
    assert "no files to read: the patient folder is empty" in empty.warnings
    assert not (out / "pt-empty" / "review-packet.pdf").exists(), "no blank packet"
    manifest = json.loads((out / "pt-empty" / "manifest.json").read_text())
    assert manifest["files"] == [] and manifest["errors"] == [
        "no files to read: the patient folder is empty"
    ]
    index = (out / "index.html").read_text()
    assert '<td class="failed">failed</td>' in index
    assert "<li>no files to read: the patient folder is empty</li>" in index


def test_a_failed_case_links_no_outputs_of_an_earlier_run(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    case.mkdir(parents=True)
    (case / "note.txt").write_text("AML diagnosed 01/01/2023.\n")
    out = tmp_path / "out"
    settings = quick_settings(packet=True)
    run_batch([tmp_path / "in"], out, settings, jobs=1, use_cache=False)
    assert 'href="pt-x/review-packet.pdf"' in (out / "index.html").read_text()
    (case / "note.txt").unlink()  # the folder is empty now: the case fails
    report = run_batch([tmp_path / "in"], out, settings, jobs=1, use_cache=False)
    assert report.cases[0].status == "failed"
    assert not (out / "pt-x" / "review-packet.pdf").exists()
    assert (out / "pt-x" / "earlier-run" / "review-packet.pdf").exists()  # kept, set aside
    index = (out / "index.html").read_text()
    assert 'href="pt-x/review-packet.pdf"' not in index, "an old packet is not sent on as current"
    assert 'href="pt-x/manifest.json"' in index  # which says why it failed
