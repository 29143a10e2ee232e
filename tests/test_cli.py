"""The command line, in-process: help, exit codes, error texts, doctor and rule checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.config import Settings, load_pipeline
from recordkit.deps import check_dependencies, probe_tesseract
from recordkit.exceptions import BadArgumentsError, MissingDependencyError
from recordkit.validate import score_case

runner = CliRunner()
COMMANDS = ["process", "validate", "packet", "schema", "doctor", "version", "rules", "explain"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    r = runner.invoke(app, [command, "--help"])
    assert r.exit_code == 0 and "Usage" in r.output


def test_bad_arguments_exit_1(tmp_path: Path) -> None:
    r = runner.invoke(app, ["process", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and "missing does not exist" in r.output
    (tmp_path / "a-file.txt").write_text("not a folder")
    r = runner.invoke(app, ["process", str(tmp_path / "a-file.txt"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and "a-file.txt is not a folder" in r.output
    (tmp_path / "empty" / ".hidden").mkdir(parents=True)
    r = runner.invoke(app, ["process", str(tmp_path / "empty"), "--out", str(tmp_path / "o")])
    said = " ".join(r.output.split())
    assert r.exit_code == 1 and "empty is empty: no files and no patient folders in it" in said
    r = runner.invoke(
        app, ["process", str(tmp_path), "--out", str(tmp_path / "o"), "--pipeline", "nope"]
    )
    assert r.exit_code == 1 and "pipeline 'nope' not found" in r.output


def test_missing_tesseract_exits_3_with_install_advice(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "a.txt").write_text("hello")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    r = runner.invoke(app, ["process", str(tmp_path / "p"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 3
    assert "tesseract is not installed" in r.output and "apt-get install tesseract-ocr" in r.output
    assert not (tmp_path / "o").exists(), "nothing is touched before the probe passes"


def test_probe_checks_version_and_languages() -> None:
    assert probe_tesseract(["eng"], lambda: ("5.3.0", ("eng", "osd"))).problem is None
    old = probe_tesseract(["eng"], lambda: ("3.05", ("eng", "osd")))
    assert "older than 4.1" in (old.problem or "")
    with pytest.raises(MissingDependencyError, match="tesseract-ocr-chi-sim"):
        check_dependencies(["eng", "chi_sim"], lambda: ("5.3.0", ("eng", "osd")))


def test_doctor_reports_the_real_tesseract() -> None:
    r = runner.invoke(app, ["doctor"])
    assert r.exit_code == 0 and "chi_sim" in r.output


def test_default_pipeline_file_matches_the_defaults() -> None:
    skip = {"name", "description"}
    assert load_pipeline("default").model_dump(exclude=skip) == Settings().model_dump(exclude=skip)
    assert load_pipeline("english-fast").ocr.languages == ("eng",)
    assert load_pipeline("extract-only").outputs.packet is False


def test_invalid_pipeline_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[ocr]\ndpi = 5\n")
    with pytest.raises(BadArgumentsError, match="dpi"):
        load_pipeline(str(bad))


def test_rules_validate(tmp_path: Path) -> None:
    rules = Path(__file__).resolve().parents[1] / "src" / "recordkit" / "rules"
    r = runner.invoke(app, ["rules", "validate", str(rules)])
    assert r.exit_code == 0 and "regimens" in r.output
    shipped = runner.invoke(app, ["rules", "validate"])  # no folder: the rules recordkit ships
    assert shipped.exit_code == 0 and shipped.output == r.output
    broken = tmp_path / "rules"
    broken.mkdir()
    for f in rules.iterdir():
        if f.suffix in (".json", ".jsonl"):
            (broken / f.name).write_text(f.read_text())
    with (broken / "triggers.jsonl").open("a") as fh:
        fh.write('{"id": "x", "kind": "relapse", "pattern": "(", "colour": 1}\n')
    r = runner.invoke(app, ["rules", "validate", str(broken)])
    assert r.exit_code == 6 and "triggers.jsonl line" in r.output


def test_schema_is_published() -> None:
    r = runner.invoke(app, ["schema"])
    schema = json.loads(r.stdout)
    assert {"events", "measurements", "conflicts"} <= set(schema["properties"])


def test_matching_rules_of_the_fixture_format() -> None:
    gold = {
        "case_id": "x",
        "events": [
            {"kind": "regimen", "date": "2022-12", "name": "IA"},
            {"kind": "dli", "date": None},
        ],
        "measurements": [
            {"analyte": "mrd", "value": 0.05, "date": "2022-12-01"},
            {"analyte": "blasts", "value": 70, "date": "2022"},
        ],
    }
    got = {
        "events": [
            {"kind": "regimen", "date": "2022-12-03", "name": "IA"},
            {"kind": "regimen", "date": "2022-12-03", "name": "HA"},
            {"kind": "dli", "date": "2024-01-01"},
        ],
        "measurements": [
            {"analyte": "mrd", "value": 0.0505, "date": "2022-12-01"},
            {"analyte": "blasts", "value": 70.3, "date": "2022-05"},
        ],
    }
    s = score_case(gold, got)
    assert s.counts["event:regimen"].tp == 1 and s.counts["event:regimen"].fp == 1
    assert s.counts["event:dli"].tp == 1
    assert s.counts["analyte:mrd"].tp == 1, "0.001 absolute tolerance below 0.1"
    assert s.counts["analyte:blasts"].tp == 1, "within 0.5 % and the same year"


def test_validate_matches_a_combination_regimen_in_any_order(tmp_path: Path) -> None:
    from recordkit.validate import _matches

    gold = {"kind": "regimen", "date": "2021-03", "name": "DASATINIB+FLAG-IDA"}
    assert _matches("regimen", gold, {"date": "2021-03-11", "name": "FLAG-IDA+dasatinib"}, False)
    assert not _matches("regimen", gold, {"date": "2021-03-11", "name": "FLAG-IDA"}, False)
