"""Exit codes a batch script can rely on: each documented, each meaning one thing."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.exceptions import ExitCode

runner = CliRunner()
README = Path(__file__).parent.parent / "README.md"


def test_every_exit_code_is_in_the_readme_table() -> None:
    documented = set(map(int, re.findall(r"^\| (\d+) \|", README.read_text(), re.M)))
    assert {int(c) for c in ExitCode} == documented


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    for args in (["process"], ["bogus"], ["process", str(tmp_path), "--out", "o", "--jobs", "0"]):
        assert runner.invoke(app, args).exit_code == ExitCode.usage == 2


def test_validate_with_no_matching_case_is_an_error(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "aml-1.json").write_text(json.dumps({"case_id": "aml-1", "events": []}))
    (tmp_path / "out" / "pt-x").mkdir(parents=True)
    (tmp_path / "out" / "pt-x" / "events.json").write_text("{}")
    r = runner.invoke(app, ["validate", str(tmp_path / "out"), "--gold", str(gold)])
    assert r.exit_code == 1 and "nothing to score" in r.output and "aml-1" in r.output
    r = runner.invoke(app, ["validate", str(tmp_path / "out"), "--gold", str(gold), "--case", "x"])
    assert r.exit_code == 1 and "no fixture" in r.output


def test_review_on_a_port_in_use_says_so(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = runner.invoke(app, ["review", str(tmp_path), "--port", str(port)])
    assert r.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in r.output
