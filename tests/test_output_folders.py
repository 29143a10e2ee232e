"""OUT as a whole: one case id never mixes two patient folders, the index lists every case in
OUT, and outputs go where they are asked to, with the folders they need."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.exceptions import ExitCode
from recordkit.own_outputs import is_own_output
from recordkit.pipeline import run_batch
from recordkit.review.status import batch_rows, case_row
from tests.faults_helpers import LETTER, quick_settings, text_case

cli = CliRunner()

OTHER_LETTER = "Haematology clinic letter, 2 May 2024.\nDiagnosis: B-ALL in February 2024.\n"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_case_folder_made_from_another_patient_folder_is_left_alone(tmp_path: Path) -> None:
    first = text_case(tmp_path / "ward-a", "pt-smith")
    out = tmp_path / "out"
    assert run_batch([first], out, quick_settings(), jobs=1, use_cache=False).exit_code == 0
    (out / "pt-smith" / "corrections.json").write_text('{"reviewed": "by the coordinator"}')
    before = _snapshot(out / "pt-smith")

    other = text_case(tmp_path / "ward-b", "pt-smith", {"letter.txt": OTHER_LETTER})
    text_case(tmp_path / "ward-b", "pt-lee")
    r = cli.invoke(app, ["process", str(tmp_path / "ward-b"), "--out", str(out), "-q"])

    assert r.exit_code == ExitCode.partial_failure, r.output
    said = "".join(r.output.split())  # the log wraps long paths
    assert str(first.resolve()) in said and str(other.resolve()) in said
    assert "another--out" in said and "remove" in said
    assert _snapshot(out / "pt-smith") == before, "the earlier outputs and review are untouched"
    assert (out / "pt-lee" / "events.json").is_file(), "the rest of the batch goes on"
    index = (out / "index.html").read_text()
    assert "pt-smith" in index and str(other.resolve()) in index
    again = run_batch([other], out, quick_settings(), jobs=1, use_cache=False)
    assert again.cases[0].status == "failed" and again.cases[0].events is None
    assert _snapshot(out / "pt-smith") == before


def test_the_same_patient_folder_again_is_processed_as_before(tmp_path: Path) -> None:
    case = text_case(tmp_path / "in", "pt-x", {"letter.txt": LETTER})
    out = tmp_path / "out"
    run_batch([case], out, quick_settings(), jobs=1, use_cache=False)
    (case / "later.txt").write_text(OTHER_LETTER)
    report = run_batch([case], out, quick_settings(), jobs=1, use_cache=False)
    assert report.exit_code == 0 and report.cases[0].status == "ok"
    events = json.loads((out / "pt-x" / "events.json").read_text())
    assert any(d["file"] == "later.txt" for d in events["documents"])


def test_the_index_lists_every_case_in_out_not_only_the_last_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for name in ("pt-jones", "pt-lee"):
        run_batch([text_case(tmp_path, name)], out, quick_settings(), jobs=1, use_cache=False)
    run_batch([text_case(tmp_path / "b", "pt-kim")], out, quick_settings(), jobs=1, use_cache=False)
    shutil.rmtree(out / "pt-lee")  # a case removed from OUT leaves the index
    run_batch([text_case(tmp_path, "pt-ng")], out, quick_settings(), jobs=1, use_cache=False)

    kept = json.loads((out / ".recordkit-index.json").read_text())["cases"]
    assert [e["case"] for e in kept] == ["pt-jones", "pt-kim", "pt-ng"]
    assert [r.case_id for r in batch_rows(out)] == ["pt-jones", "pt-kim", "pt-ng"]
    index = (out / "index.html").read_text()
    assert "3 case(s)" in index and 'href="pt-jones/events.json"' in index
    assert "pt-lee" not in index

    r = cli.invoke(app, ["packet", str(out / "pt-kim")])  # writes index.html again
    assert r.exit_code == 0, r.output
    index = (out / "index.html").read_text()
    assert all(case in index for case in ("pt-jones", "pt-kim", "pt-ng"))


def test_fixture_makes_the_folder_it_is_asked_to_write_in(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([text_case(tmp_path, "pt-x")], out, quick_settings(), jobs=1, use_cache=False)
    dest = tmp_path / "gold2" / "pt-x.json"
    r = cli.invoke(app, ["fixture", str(out / "pt-x"), "--out", str(dest)])
    assert r.exit_code == 0, r.output
    assert json.loads(dest.read_text())["format"] == "recordkit-fixture/1"
    assert stat.S_IMODE(dest.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    r = cli.invoke(app, ["fixture", str(out / "pt-x")])  # by default beside the case's outputs
    assert r.exit_code == 0 and is_own_output(out / "pt-x" / "fixture.json")


def test_the_manifest_leaves_document_dates_to_events_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([text_case(tmp_path, "pt-x")], out, quick_settings(), jobs=1, use_cache=False)
    manifest = json.loads((out / "pt-x" / "manifest.json").read_text())
    assert all("document_date" not in f for f in manifest["files"]), "never filled: not written"
    events = json.loads((out / "pt-x" / "events.json").read_text())
    assert [(d["file"], d["date"]) for d in events["documents"]] == [("letter.txt", "2023-03-12")]
    for f in manifest["files"]:  # an earlier run's manifest, with the field, still reads
        f["document_date"] = None
    (out / "pt-x" / "manifest.json").write_text(json.dumps(manifest))
    row = case_row(out / "pt-x")
    assert row.status != "error" and row.files == 1
