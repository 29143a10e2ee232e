"""A file that could not be read is named where the coordinator looks: stderr, page 1, index."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.models import CaseFacts, DocumentInfo, Event, FileRecord, Source
from recordkit.render.names import file_warning
from recordkit.render.packet import build_packet


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
