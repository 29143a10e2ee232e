"""The words courses are counted and dated in are rule data, not code.

attributes.json `course_counts` ('seven cycles of'), dates.json `given_verbs` ('cycle 2 started').
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.config import ExtractSettings, Settings
from recordkit.extract import extract_case
from recordkit.models import DocumentResult, FileRecord, PageText

LETTER = "Letter 01/09/2022\nShe received seven cycles of HiDAC between January and July 2022.\n"


def _rules_copy(folder: Path) -> dict:
    """The shipped rule files copied into `folder`; attributes.json's data to edit."""
    for entry in resources.files("recordkit.rules").iterdir():
        if entry.name.endswith((".json", ".jsonl")):
            shutil.copyfile(str(entry), folder / entry.name)
    return json.loads((folder / "attributes.json").read_text(encoding="utf-8"))


def _regimen_dates(settings: Settings, letter: str = LETTER) -> list[str | None]:
    record = FileRecord(path="l.txt", sha256=None, size=len(letter), type="text", pages=1,
                        method="text", status="ok")  # fmt: skip
    page = PageText(file="l.txt", page=1, text=letter, method="text")
    got = extract_case("t", [DocumentResult(record=record, pages=(page,))], settings)
    return [e.date for e in got.events if e.kind == "regimen"]


def test_a_count_word_added_to_the_rule_file_is_counted(tmp_path: Path) -> None:
    assert len(_regimen_dates(Settings())) < 7  # 'seven' is no count word of the shipped rules
    data = _rules_copy(tmp_path)
    data["course_counts"]["numbers"]["seven"] = 7  # a rule author's addition
    (tmp_path / "attributes.json").write_text(json.dumps(data), encoding="utf-8")
    got = _regimen_dates(Settings(extract=ExtractSettings(rules=str(tmp_path))))
    assert got == [f"2022-0{m}" for m in range(1, 8)]  # seven courses, one a month


def test_rules_validate_names_a_bad_course_count_pattern(tmp_path: Path) -> None:
    data = _rules_copy(tmp_path)
    assert CliRunner().invoke(app, ["rules", "validate", str(tmp_path)]).exit_code == 0
    data["course_counts"]["phases"].append("re(induction")
    (tmp_path / "attributes.json").write_text(json.dumps(data), encoding="utf-8")
    r = CliRunner().invoke(app, ["rules", "validate", str(tmp_path)])
    assert r.exit_code == 6 and "course_counts.phases" in r.output
    assert "bad regular expression" in r.output


def test_a_verb_added_to_the_given_verbs_dates_a_listed_course(tmp_path: Path) -> None:
    letter = "Letter 01/04/2024\nDA cycle 1 on 18/01/2024 and cycle 2 administered 26/02/2024.\n"
    assert (
        len(_regimen_dates(Settings(), letter)) == 1
    )  # 'administered' is no verb of the shipped list
    _rules_copy(tmp_path)
    dates = json.loads((tmp_path / "dates.json").read_text(encoding="utf-8"))
    dates["given_verbs"]["words"].append("administered")  # a rule author's addition
    (tmp_path / "dates.json").write_text(json.dumps(dates), encoding="utf-8")
    got = _regimen_dates(Settings(extract=ExtractSettings(rules=str(tmp_path))), letter)
    assert got == ["2024-01-18", "2024-02-26"]  # two listed courses, each dated
