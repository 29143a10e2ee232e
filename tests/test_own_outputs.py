"""An output folder is never among the records, and recordkit never reads its own outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recordkit.cli import app

runner = CliRunner()
NOTE = "Clinic date: 05/04/2023\nAML diagnosed 01/01/2023 (marrow blasts 30%).\n"


def _batch(tmp_path: Path) -> Path:
    batch = tmp_path / "in" / "batch"
    for case in ("pt-a", "pt-b"):
        (batch / case).mkdir(parents=True)
        (batch / case / "note.txt").write_text(NOTE)
    return batch


def _process(inputs: Path, out: Path, cache: Path):  # type: ignore[no-untyped-def]
    args = ["process", str(inputs), "--out", str(out), "--pipeline", "extract-only", "-q"]
    return runner.invoke(app, [*args, "--cache-dir", str(cache)])


@pytest.mark.parametrize("where", ["in/batch", "in/batch/out", "in", "in/batch/pt-a/x"])
def test_out_equal_to_inside_or_holding_an_input_is_refused(tmp_path: Path, where: str) -> None:
    batch = _batch(tmp_path)
    r = _process(batch, tmp_path / where, tmp_path / "cache")
    assert r.exit_code == 1
    assert "choose an output folder outside the patient records" in r.output
    assert sorted(p.name for p in (batch / "pt-a").iterdir()) == ["note.txt"]


def test_an_earlier_runs_outputs_in_the_input_are_skipped(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    first = tmp_path / "first"
    assert _process(batch, first, tmp_path / "cache").exit_code == 0
    for f in (first / "pt-a").iterdir():  # outputs written among the records ...
        shutil.copy(f, batch / "pt-a" / f.name)
    shutil.copytree(first, batch / "out")  # ... and a whole output folder beside the patients
    shutil.copy(first / "index.html", batch / "index.html")
    second = tmp_path / "second"
    r = _process(batch, second, tmp_path / "cache")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in second.iterdir() if p.is_dir()) == ["pt-a", "pt-b"]
    manifest = json.loads((second / "pt-a" / "manifest.json").read_text())
    status = {f["path"]: f["status"] for f in manifest["files"]}
    assert status.pop("note.txt") == "ok"
    assert set(status.values()) == {"skipped"} and "events.json" in status
    events = json.loads((second / "pt-a" / "events.json").read_text())
    assert [d["file"] for d in events["documents"]] == ["note.txt"]
    items = events["events"] + events["measurements"]
    assert {s["file"] for item in items for s in item["sources"]} == {"note.txt"}
