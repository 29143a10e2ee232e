"""Faults in a batch: one bad case never stops the others, stale outputs never pass as
current, the cache keeps only what describes a file, and every error has its exit code."""

from __future__ import annotations

import errno
import json
import logging
import os
from pathlib import Path

import pytesseract
import pytest
from typer.testing import CliRunner

from recordkit.cache import PageCache, text_settings_key
from recordkit.cli import app
from recordkit.config import Settings
from recordkit.documents import read_case
from recordkit.exceptions import ExitCode
from recordkit.ingest import Case
from recordkit.own_outputs import is_own_output
from recordkit.pipeline import run_batch
from recordkit.progress import NullProgress
from tests.conftest import scan_image, text_pdf
from tests.faults_helpers import LETTER, InlineRunner, quick_settings, text_case

pytestmark = pytest.mark.slow  # whole batches in subprocesses: make test only

cli = CliRunner()


def _damaged_pdf(path: Path) -> Path:
    """A PDF the readers accept but pypdf cannot copy: one byte of `endstream` changed."""
    text_pdf(path, LETTER.splitlines())
    data = path.read_bytes()
    assert b"endstream" in data
    path.write_bytes(data.replace(b"endstream", b"endsvream", 1))
    return path


def test_damaged_pdf_costs_neither_its_packet_nor_the_next_case(tmp_path: Path) -> None:
    bad = tmp_path / "in" / "a-damaged"
    bad.mkdir(parents=True)
    _damaged_pdf(bad / "letter.pdf")
    text_case(tmp_path / "in", "b-good")
    out = tmp_path / "out"
    report = run_batch([tmp_path / "in"], out, quick_settings(packet=True), jobs=1, use_cache=False)
    assert report.exit_code == ExitCode.partial_failure
    for case in ("a-damaged", "b-good"):
        assert (out / case / "events.json").is_file()
        assert (out / case / "review-packet.pdf").is_file()
    manifest = json.loads((out / "a-damaged" / "manifest.json").read_text())
    assert any("could not be appended" in e for e in manifest["errors"])
    assert "could not be appended" in (out / "index.html").read_text()
    assert json.loads((out / "b-good" / "manifest.json").read_text())["errors"] == []
    rebuilt = cli.invoke(app, ["packet", str(out / "a-damaged")])
    assert rebuilt.exit_code == ExitCode.partial_failure
    assert "could not be appended" in " ".join(rebuilt.output.split())


def test_a_failing_case_is_recorded_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("recordkit.schedule.RUN_INLINE", True)  # the fault is injected here
    import recordkit.extract

    real = recordkit.extract.extract_case

    def flaky(case_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        if case_id == "a":
            raise ValueError("[E088] Text of length 1200000 exceeds maximum of 1000000.")
        return real(case_id, *args, **kwargs)

    monkeypatch.setattr(recordkit.extract, "extract_case", flaky)
    text_case(tmp_path / "in", "a")
    text_case(tmp_path / "in", "b")
    out = tmp_path / "out"
    report = run_batch([tmp_path / "in"], out, quick_settings(), jobs=1, use_cache=False)
    by = {c.case_id: c for c in report.cases}
    assert by["a"].status == "failed" and by["b"].status == "ok"
    assert report.exit_code == ExitCode.partial_failure
    errors = json.loads((out / "a" / "manifest.json").read_text())["errors"]
    assert errors and "ValueError" in errors[0]
    assert (out / "b" / "events.json").is_file()
    index = (out / "index.html").read_text()
    assert 'class="failed"' in index and "ValueError" in index


def test_a_failed_run_sets_the_earlier_runs_outputs_aside(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("recordkit.schedule.RUN_INLINE", True)  # the fault is injected here
    import recordkit.extract

    case = text_case(tmp_path, "p")
    out = tmp_path / "out"
    assert run_batch([case], out, quick_settings(), jobs=1, use_cache=False).exit_code == 0
    earlier = (out / "p" / "events.json").read_bytes()
    (out / "p" / "corrections.json").write_text("{}")  # the coordinator's, never moved

    def fails(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("extraction broke")

    monkeypatch.setattr(recordkit.extract, "extract_case", fails)
    report = run_batch([case], out, quick_settings(), jobs=1, use_cache=False)
    assert report.cases[0].status == "failed"
    assert not (out / "p" / "events.json").exists(), "no earlier events pass as this run's"
    assert (out / "p" / "earlier-run" / "events.json").read_bytes() == earlier
    assert (out / "p" / "corrections.json").read_text() == "{}"
    assert any("earlier-run/" in w for w in report.cases[0].warnings)
    moved = out / "p" / "earlier-run" / "timeline.csv"
    assert moved.is_file() and is_own_output(moved), "never read as a record"


class _FailsOnce(NullProgress):
    """A progress reporter that fails at the first finished file, while a page is in OCR."""

    def __init__(self) -> None:
        self.failed = False

    def advance(self, what: str, n: int = 1) -> None:
        if what == "files" and not self.failed:
            self.failed = True
            raise RuntimeError("the terminal went away")


def test_a_case_failing_mid_read_leaves_nothing_to_the_next(tmp_path: Path) -> None:
    a = text_case(tmp_path / "in", "a", {"letter.txt": LETTER})
    scan_image(["Bone marrow: blasts 35 %"] * 8, dpi=150).save(a / "0-scan.png")
    text_case(tmp_path / "in", "b", {"b-letter.txt": LETTER, "c-letter.txt": LETTER * 2})
    out = tmp_path / "out"
    report = run_batch(
        [tmp_path / "in"], out, quick_settings(), jobs=2, use_cache=False, progress=_FailsOnce()
    )
    assert [c.status for c in report.cases] == ["failed", "ok"]
    files = json.loads((out / "b" / "manifest.json").read_text())["files"]
    assert [(f["status"], f["pages"], f["method"]) for f in files] == [("ok", 1, "text")] * 2
    assert "0-scan.png" not in (out / "b" / "events.json").read_text()


def test_a_page_beyond_spacys_length_limit_is_too_large(tmp_path: Path) -> None:
    case = text_case(tmp_path, "p")
    (case / "huge.txt").write_text("WBC 3.2 x10^9/L on 12 March 2023. " * 30_000)
    out = tmp_path / "out"
    report = run_batch([case], out, quick_settings(), jobs=1, use_cache=False)
    assert report.exit_code == ExitCode.partial_failure and report.cases[0].status == "partial"
    manifest = json.loads((out / "p" / "manifest.json").read_text())
    files = {f["path"]: f for f in manifest["files"]}
    assert files["huge.txt"]["status"] == "too_large"
    assert "1,000,000" in files["huge.txt"]["reason"]
    assert files["letter.txt"]["status"] == "ok" and manifest["errors"] == []
    assert "Induction" in (out / "p" / "events.json").read_text()


def test_a_full_disk_while_saving_the_figure_exits_5(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("recordkit.schedule.RUN_INLINE", True)  # the fault is injected here
    from matplotlib.figure import Figure

    real = Figure.savefig

    def full(self, fname, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(fname, str | os.PathLike):  # in memory: no disk to fill
            return real(self, fname, *args, **kwargs)
        Path(fname).write_bytes(b"<svg")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", full)
    text_case(tmp_path / "in", "a")
    out = tmp_path / "out"
    r = cli.invoke(app, ["process", str(tmp_path / "in"), "--out", str(out), "--no-cache", "-q"])
    assert r.exit_code == ExitCode.output_error, r.output
    assert "Traceback" not in r.output
    errors = json.loads((out / "a" / "manifest.json").read_text())["errors"]
    assert "No space left on device" in errors[0]
    assert not list(out.rglob("*.tmp*")), "no partial file is left behind"
    assert not (out / "a" / "timeline.png").exists()


def test_stale_outputs_never_pass_as_current(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("recordkit.schedule.RUN_INLINE", True)  # the fault is injected here
    import recordkit.render

    case = text_case(tmp_path, "p")
    out = tmp_path / "out"
    settings = quick_settings()
    assert run_batch([case], out, settings, jobs=1, use_cache=False).exit_code == 0
    (case / "later.txt").write_text("Relapse of AML confirmed on 2 May 2024.\n")
    real_writer = recordkit.render.write_case_outputs

    def dies_after_events(case_out, facts, *args, **kwargs):  # type: ignore[no-untyped-def]
        (case_out / "events.json").write_text(facts.model_dump_json())
        raise OSError(errno.EIO, "killed mid-write")

    monkeypatch.setattr(recordkit.render, "write_case_outputs", dies_after_events)
    assert run_batch([case], out, settings, jobs=1, use_cache=False).exit_code == 5
    assert "later.txt" in (out / "p" / "events.json").read_text()
    monkeypatch.setattr(recordkit.render, "write_case_outputs", real_writer)
    (case / "later.txt").unlink()
    report = run_batch([case], out, settings, jobs=1, use_cache=False)
    assert report.exit_code == 0
    assert "later.txt" not in (out / "p" / "events.json").read_text(), "re-extracted"


def test_a_missing_tesseract_is_not_cached_as_a_property_of_the_file(
    tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    scan_image(["Bone marrow: blasts 35 %"], angle=0, dpi=150).save(folder / "scan.png")
    settings = Settings()
    cache = PageCache(tmp_path / "cache", text_settings_key(settings, "test"))
    case = Case("p", folder)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    [gone] = read_case(case, settings, InlineRunner(), cache)  # type: ignore[arg-type]
    assert gone.record.status == "unreadable", gone.record
    assert "read again" in (gone.record.reason or "")
    monkeypatch.undo()
    [back] = read_case(case, settings, InlineRunner(), cache)  # type: ignore[arg-type]
    cache.close()
    assert back.record.status == "ok" and "35" in back.pages[0].text


def test_an_unexpected_error_exits_15_with_one_line(tmp_path: Path, monkeypatch) -> None:
    import recordkit.pipeline

    def broken(*_args):  # type: ignore[no-untyped-def]
        raise RuntimeError("patient Jane Canary, born 1970")

    monkeypatch.setattr(recordkit.pipeline, "find_cases", broken)
    text_case(tmp_path, "p")
    args = ["process", str(tmp_path / "p"), "--out", str(tmp_path / "o"), "--no-cache"]
    r = cli.invoke(app, args)
    assert r.exit_code == ExitCode.other_error
    assert "unexpected RuntimeError" in r.output and "Traceback" not in r.output
    assert "Canary" not in r.output, "another library's message can quote a document"
    assert len(r.output.strip().splitlines()) <= 2
    r = cli.invoke(app, [*args, "-vv"])
    assert r.exit_code == ExitCode.other_error and "Traceback" in r.output


def test_a_file_name_that_is_not_utf8_is_listed_escaped(tmp_path: Path) -> None:
    import os

    case = text_case(tmp_path, "p")
    name = os.fsdecode(b"Befund M\xfcller.txt")  # Latin-1 bytes, as old systems wrote them
    (case / name).write_text(LETTER)
    args = ["process", str(case), "--out", str(tmp_path / "o"), "--pipeline", "extract-only"]
    r = cli.invoke(app, [*args, "--no-cache", "-q"])
    assert r.exit_code == 0, r.output
    files = json.loads((tmp_path / "o" / "p" / "manifest.json").read_text())["files"]
    assert "Befund M\\xfcller.txt" in [f["path"] for f in files]


def test_a_concurrent_run_on_the_same_output_is_refused(tmp_path: Path) -> None:
    import fcntl

    case = text_case(tmp_path, "p")
    out = tmp_path / "o"
    out.mkdir()
    with (out / ".recordkit.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        r = cli.invoke(app, ["process", str(case), "--out", str(out), "--no-cache", "-q"])
    assert r.exit_code == ExitCode.output_error, r.output
    assert "another recordkit run" in r.output


def test_a_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / "pages.sqlite3").write_bytes(b"this is not a database" * 100)
    case = text_case(tmp_path, "p")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("recordkit.cache")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        report = run_batch([case], tmp_path / "o", quick_settings(), jobs=1, cache_dir=cache_dir)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    assert report.exit_code == 0
    assert any("moved aside" in r.getMessage() for r in records)
    assert len(list(cache_dir.glob("pages.sqlite3.corrupt-*"))) == 1
    again = run_batch([case], tmp_path / "o2", quick_settings(), jobs=1, cache_dir=cache_dir)
    assert again.exit_code == 0
