"""The process: SIGTERM and kill -9 leave no worker and no page image behind; parser
warnings never print document text; workers' log records reach the main process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recordkit.cli import app
from tests.conftest import scan_image, text_pdf
from tests.faults_helpers import LETTER

pytestmark = pytest.mark.slow  # whole batches in subprocesses: make test only

CANARY = "Canary-Wei-Zhang"


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "recordkit", "process", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


def _pdf_with_canary_in_a_broken_dictionary(path: Path) -> Path:
    text_pdf(path, LETTER.splitlines())
    data = path.read_bytes()
    path.write_bytes(data.replace(b"/Type /Page\n", f"/Type /Page ({CANARY}) 1\n".encode(), 1))
    return path


def test_parser_warnings_never_print_document_text(tmp_path: Path) -> None:
    case = tmp_path / "p"
    case.mkdir()
    _pdf_with_canary_in_a_broken_dictionary(case / "letter.pdf")
    # -q with every output (the packet copies the PDF in this process); -v reading only
    for flags in (["-q"], ["-v", "--pipeline", "extract-only"]):
        proc = _run_cli(str(case), "--out", str(tmp_path / "out"), "--no-cache", *flags)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert CANARY.encode() not in err and b"Canary" not in err
        if "-v" in flags:
            assert b"message withheld" in err, "the warning is shown, its text is not"


def test_worker_log_records_reach_the_main_process(tmp_path: Path) -> None:
    case = tmp_path / "p"
    case.mkdir()
    text_pdf(case / "letter.pdf", LETTER.splitlines())
    args = ["process", str(case), "--out", str(tmp_path / "o"), "--no-cache", "--jobs", "1"]
    quiet = CliRunner().invoke(app, args)
    loud = CliRunner().invoke(app, [*args, "-v"])
    assert quiet.exit_code == loud.exit_code == 0
    assert "page 1: text layer" not in quiet.output
    assert "page 1: text layer" in loud.output, "logged in a worker, shown by the main process"


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _ppid(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _busy_batch(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """A run of several scanned pages, stopped once tesseract is working on one."""
    case = tmp_path / "p"
    case.mkdir()
    for i in range(6):
        scan_image([f"Full blood count {i}: WBC 3.{i} x10^9/L"] * 12).save(case / f"s{i}.png")
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = _run_cli(
        str(case), "--out", str(tmp_path / "out"), "--no-cache", "--jobs", "2", "-q",
        "--pipeline", "english-fast",
        env={"TMPDIR": str(temp)},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(
        _comm(p) == "tesseract" and _ppid(p) != proc.pid for p in _descendants(proc.pid)
    ):  # a page in OCR (the main process runs tesseract itself only to check its version)
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert time.monotonic() < deadline, "tesseract never started"
        time.sleep(0.05)
    return proc, temp


def _assert_all_gone(pids: set[int], temp: Path, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {p: _comm(p) for p in pids if _alive(p)}
    for p in left:
        os.kill(p, signal.SIGKILL)
    assert not left, f"still running {within:g} s later: {left}"
    assert not [p for p in temp.rglob("*") if p.is_file()], "page images left in TMPDIR"


def test_kill_9_of_the_main_process_leaves_no_worker_and_no_page_image(tmp_path: Path) -> None:
    proc, temp = _busy_batch(tmp_path)
    family = _descendants(proc.pid)
    assert len(family) >= 3, "workers and a tesseract run"
    proc.kill()
    proc.wait()
    _assert_all_gone(family, temp)


def test_sigterm_is_handled_like_ctrl_c(tmp_path: Path) -> None:
    proc, temp = _busy_batch(tmp_path)
    family = _descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        for p in {proc.pid, *family}:
            if _alive(p):
                os.kill(p, signal.SIGKILL)
        raise
    assert proc.returncode == 143, err.decode()
    assert b"Traceback" not in err and b"terminated" in err
    _assert_all_gone(family, temp)
    assert not list(temp.iterdir()), "the run's temporary folder is removed"


@pytest.fixture(autouse=True)
def _no_stray_tmp(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield
    assert not list(tmp_path.rglob("*.tmp*")), "no partial output left behind"
