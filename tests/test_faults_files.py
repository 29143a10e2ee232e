"""Hostile files and unlucky disks: links out of the folder, active PDF content, names in
the packet, formula cells, zip bombs, folders we were given, and writes that fail halfway."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from recordkit.config import Settings
from recordkit.exceptions import OutputError
from recordkit.ingest import walk_case
from recordkit.models import CaseFacts, DocumentInfo
from recordkit.outputs import write_bytes
from recordkit.pipeline import run_batch
from recordkit.render import write_case_outputs
from recordkit.render.packet import build_packet
from recordkit.render.table import timeline_csv
from tests.conftest import facts_from_text, text_pdf
from tests.faults_helpers import LETTER, quick_settings, text_case

pytestmark = pytest.mark.slow  # whole batches in subprocesses: make test only

CANARY = "Canary-Wei-Zhang"


def test_links_that_leave_the_case_folder_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other-patient.txt").write_text(f"{CANARY}: AML diagnosed 2020.\n")
    case = text_case(tmp_path, "p")
    (case / "passwd.txt").symlink_to("/etc/passwd")
    (case / "secret.txt").symlink_to(outside / "other-patient.txt")
    (case / "folder").symlink_to(outside, target_is_directory=True)
    (case / "inside.txt").symlink_to(case / "letter.txt")
    out = tmp_path / "out"
    report = run_batch([case], out, quick_settings(), jobs=1, use_cache=False)
    assert report.exit_code == 4
    manifest = json.loads((out / "p" / "manifest.json").read_text())
    files = {f["path"]: f for f in manifest["files"]}
    for link in ("passwd.txt", "secret.txt", "folder"):
        assert files[link]["status"] == "unreadable"
        assert files[link]["reason"] == "points outside the folder"
    assert "folder/other-patient.txt" not in files, "an outside folder is not walked"
    pair = {files["inside.txt"]["status"], files["letter.txt"]["status"]}
    assert pair == {"ok", "duplicate"}, "a link inside the folder is read (once)"
    events = (out / "p" / "events.json").read_text()
    assert CANARY not in events and "root:" not in events


def _pdf_with_active_content(path: Path) -> Path:
    text_pdf(path, LETTER.splitlines())
    writer = PdfWriter(clone_from=PdfReader(path))
    js = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('pwned')"),
        }
    )
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, 50, 200, 80)]),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
            NameObject("/A"): writer._add_object(js),
        }
    )
    page = writer.pages[0]
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(launch)})
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(js)
    bookmark = writer.add_outline_item(title="Open me", page_number=0)
    bookmark.get_object()[NameObject("/A")] = writer._add_object(js)
    with path.open("wb") as f:
        writer.write(f)
    return path


def _facts_for(folder: Path, *docs: DocumentInfo) -> CaseFacts:
    return facts_from_text({"x.txt": LETTER}).model_copy(
        update={"documents": docs, "source_folder": str(folder), "case_id": "p"}
    )


def test_active_content_is_stripped_from_appended_sources(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    raw = _pdf_with_active_content(src / "letter.pdf").read_bytes()
    assert b"/JavaScript" in raw and b"/Launch" in raw
    facts = _facts_for(src, DocumentInfo(file="letter.pdf", type="pdf", pages=1, status="ok"))
    packet = build_packet(tmp_path, facts, None).read_bytes()
    for marker in (b"/JavaScript", b"/Launch", b"/OpenAction", b"app.alert", b"/AA"):
        assert marker not in packet, marker
    reader = PdfReader(io.BytesIO(packet))
    assert "Induction with IA" in reader.pages[-1].extract_text(), "the source page is kept"


def test_file_names_stay_out_of_the_packet_and_index(tmp_path: Path) -> None:
    case = tmp_path / "p"
    case.mkdir()
    (case / f"{CANARY} letter.txt").write_text(LETTER)
    (case / f"{CANARY} scan.pdf").write_bytes(b"%PDF-1.4 truncated")
    out = tmp_path / "out"
    report = run_batch([case], out, quick_settings(packet=True), jobs=1, use_cache=False)
    assert report.exit_code == 4
    reader = PdfReader(out / "p" / "review-packet.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    titles += [c.title for o in reader.outline if isinstance(o, list) for c in o]
    assert "Induction with IA" in text
    assert not any("Canary" in t for t in titles), titles
    assert "D1 text file, 2023-03-12" in titles
    assert "Canary" not in text  # not even the file that could not be read
    index = (out / "index.html").read_text()  # the coordinator's page names only that one
    assert f"{CANARY} letter" not in index and f"not read: {CANARY} scan.pdf" in index
    chosen = {f"{CANARY} letter.txt": "Clinic letter (coordinator's name)"}
    (out / "p" / "display-names.json").write_text(json.dumps(chosen))
    facts = CaseFacts.model_validate_json((out / "p" / "events.json").read_text())
    build_packet(out / "p", facts, None)
    outline = PdfReader(out / "p" / "review-packet.pdf").outline
    sources = next(o for o in outline if isinstance(o, list))
    assert "Clinic letter (coordinator's name)" in [c.title for c in sources]


def test_csv_cells_cannot_become_formulas() -> None:
    facts = facts_from_text({"=HYPERLINK(1).txt": "=1+1 WBC 3.2 x10^9/L on 12 March 2023.\n"})
    rows = timeline_csv(facts).splitlines()[1:]
    assert rows
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row.split(","))
    assert "'=HYPERLINK(1).txt" in rows[0]


def test_a_docx_zip_bomb_is_too_large_not_corrupt(tmp_path: Path) -> None:
    case = tmp_path / "p"
    case.mkdir()
    d = docx.Document()
    d.add_paragraph("Discharge letter")
    buf = io.BytesIO()
    d.save(buf)
    with (
        zipfile.ZipFile(buf) as src,
        zipfile.ZipFile(case / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for item in src.infolist():
            if item.filename != "word/document.xml":
                z.writestr(item, src.read(item))
        xml = src.read("word/document.xml")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(xml[:-1])
            chunk = b" " * 2**20
            for _ in range(100):
                f.write(chunk)
            f.write(xml[-1:])
    assert (case / "bomb.docx").stat().st_size < 2**20
    out = tmp_path / "out"
    run_batch([case], out, quick_settings(), jobs=1, use_cache=False)
    [rec] = json.loads((out / "p" / "manifest.json").read_text())["files"]
    assert rec["status"] == "too_large", rec
    assert "decompression bomb" in rec["reason"]


def test_folders_we_were_given_keep_their_permissions(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o755)
    case = text_case(tmp_path, "p")
    run_batch([case], shared / "out", quick_settings(), jobs=1, cache_dir=cache)
    run_batch([case], shared, quick_settings(), jobs=1, cache_dir=cache)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE(cache.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "out").stat().st_mode) == 0o700, "what we create is ours"
    assert stat.S_IMODE((shared / "p").stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "pages.sqlite3").stat().st_mode) == 0o600


def test_the_figure_is_replaced_whole_or_not_at_all(tmp_path: Path, monkeypatch) -> None:
    from matplotlib.figure import Figure

    facts = facts_from_text({"a.txt": LETTER})
    settings = quick_settings(figure=True)
    write_case_outputs(tmp_path, facts, None, settings)
    good = (tmp_path / "timeline.png").read_bytes()
    real = Figure.savefig

    def killed(self, fname, *args, **kwargs):  # type: ignore[no-untyped-def]
        real(self, fname, *args, **kwargs)
        if isinstance(fname, str | os.PathLike):  # a file half written, then the disk is full
            Path(fname).write_bytes(Path(fname).read_bytes()[:100])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", killed)
    with pytest.raises(OutputError, match="No space left"):
        write_case_outputs(tmp_path, facts, None, settings)
    assert (tmp_path / "timeline.png").read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "events.json",
        "timeline.csv",
        "timeline.png",
        "timeline.svg",
    ]


def test_a_full_disk_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    import recordkit.outputs

    target = tmp_path / "review-packet.pdf"
    write_bytes(target, b"%PDF old packet")
    real_fdopen = os.fdopen

    class Full(io.RawIOBase):
        def __init__(self, fd: int) -> None:
            self.f = real_fdopen(fd, "wb")

        def write(self, data) -> int:  # type: ignore[no-untyped-def,override]
            self.f.write(bytes(data)[:10])
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self.f.close()

    monkeypatch.setattr(recordkit.outputs.os, "fdopen", lambda fd, mode: Full(fd))
    with pytest.raises(OutputError, match="No space left"):
        write_bytes(target, b"%PDF new packet" * 1000)
    assert target.read_bytes() == b"%PDF old packet"
    assert [p.name for p in tmp_path.iterdir()] == ["review-packet.pdf"]


def test_a_file_that_already_holds_the_bytes_is_not_written_again(tmp_path: Path) -> None:
    target = tmp_path / "events.json"
    write_bytes(target, b"{}\n")
    first = target.stat()
    write_bytes(target, b"{}\n")  # an unchanged re-run: same inode, nothing replaced
    assert target.stat().st_ino == first.st_ino
    os.chmod(target, 0o644)  # loosened by hand: written again, owner-only
    write_bytes(target, b"{}\n")
    assert target.stat().st_ino != first.st_ino
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    write_bytes(target, b"[]\n")
    assert target.read_bytes() == b"[]\n"


def test_walk_reports_loops_and_dead_links(tmp_path: Path) -> None:
    case = text_case(tmp_path, "p")
    (case / "dead.txt").symlink_to(tmp_path / "missing.txt")
    (case / "loop").symlink_to(case, target_is_directory=True)
    problems = {f.rel: f.problem for f in walk_case(case)}
    assert problems["dead.txt"] == "broken symbolic link"
    assert "loop" in (problems["loop"] or "")
    assert problems["letter.txt"] is None
    assert Settings().limits.max_file_mb > 0
