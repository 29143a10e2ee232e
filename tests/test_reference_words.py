"""The words that make a mention a reference to an event told elsewhere are rule data.

attribution.json `reference_words`: 'after', 'prior to', 'day +32 of' before an event's name,
and the offsets ('two months after') that give a reference's date to the sentence's new event.
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.config import ExtractSettings, Settings
from recordkit.extract import extract_case
from recordkit.models import DocumentResult, FileRecord, PageText

OFFSET = (
    "Letter 01/09/2022\nTwo months after FLAG-IDA (03/03/2022), the patient underwent allo-SCT.\n"
)


def _rules_copy(folder: Path) -> dict:
    """The shipped rule files copied into `folder`; attribution.json's data to edit."""
    for entry in resources.files("recordkit.rules").iterdir():
        if entry.name.endswith((".json", ".jsonl")):
            shutil.copyfile(str(entry), folder / entry.name)
    return json.loads((folder / "attribution.json").read_text(encoding="utf-8"))


def _write(folder: Path, data: dict) -> Settings:
    (folder / "attribution.json").write_text(json.dumps(data), encoding="utf-8")
    return Settings(extract=ExtractSettings(rules=str(folder)))


def _dated(settings: Settings, letter: str = OFFSET) -> dict[str, str | None]:
    """Each event kind (a regimen by its name) and its date."""
    record = FileRecord(path="l.txt", sha256=None, size=len(letter), type="text", pages=1,
                        method="text", status="ok")  # fmt: skip
    page = PageText(file="l.txt", page=1, text=letter, method="text")
    got = extract_case("t", [DocumentResult(record=record, pages=(page,))], settings)
    return {e.name or e.kind: e.date for e in got.events}


def test_the_reference_word_comes_from_the_rule_file(tmp_path: Path) -> None:
    # 'after FLAG-IDA' is a reference, and the offset gives its date to the new transplant
    assert _dated(Settings()) == {"transplant": "2022-03-03", "FLAG-IDA": None}
    data = _rules_copy(tmp_path)
    data["reference_words"]["words"].remove("after")  # a rule author's removal
    assert _dated(_write(tmp_path, data)) == {"FLAG-IDA": "2022-03-03", "transplant": None}


def test_the_offset_count_comes_from_the_rule_file(tmp_path: Path) -> None:
    data = _rules_copy(tmp_path)
    data["reference_words"]["offset_counts"].remove("two")  # no offset: the date stays FLAG-IDA's
    assert _dated(_write(tmp_path, data)) == {"FLAG-IDA": "2022-03-03", "transplant": None}


def test_rules_validate_names_a_bad_reference_pattern(tmp_path: Path) -> None:
    data = _rules_copy(tmp_path)
    assert CliRunner().invoke(app, ["rules", "validate", str(tmp_path)]).exit_code == 0
    data["reference_words"]["leads"].append("completion(of")
    _write(tmp_path, data)
    r = CliRunner().invoke(app, ["rules", "validate", str(tmp_path)])
    assert r.exit_code == 6 and "reference_words.leads" in r.output
    assert "bad regular expression" in r.output


@pytest.mark.parametrize("told", ["s/p HiDAC", "status post HiDAC", "post-HiDAC"])
def test_status_post_names_a_course_told_elsewhere(told: str) -> None:
    # the date written before the reference is the chimerism's, never the course's
    letter = f"Letter 01/09/2022\nOn 20/08/2022, {told}, donor chimerism 88%.\n"
    assert _dated(Settings(), letter) == {"HiDAC": None}


def test_a_prefix_makes_no_reference_of_a_state_named_after_its_event() -> None:
    letter = "Letter 01/09/2022\nPost-transplant relapse on 20/08/2022.\n"
    assert _dated(Settings(), letter) == {"relapse": "2022-08-20"}
