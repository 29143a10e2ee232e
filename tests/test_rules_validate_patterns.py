"""`recordkit rules validate` compiles every rule-file list written as regular expressions.

A bad pattern in any of them is an error of the rule folder, named by file and key, found
before a batch runs, never a failure in the middle of one.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from recordkit.cli import app

BAD = "in (CR"  # an unclosed group


def _first_list(data: dict[str, Any], key: str) -> list[str]:
    table = data[key]
    return next(iter(table.values())) if isinstance(table, dict) else table


def _modifier_patterns(data: dict[str, Any]) -> list[str]:
    return next(m for m in data["modifiers"] if m["category"] == "literature")["patterns"]


EDITS: list[tuple[str, Callable[[dict[str, Any]], list[str]], str]] = [
    ("attribution.json", lambda d: d["reference_sample_cues"], "reference_sample_cues"),
    ("attribution.json", lambda d: d["treatment_time_cues"], "treatment_time_cues"),
    ("attribution.json", lambda d: d["state_at_treatment"], "state_at_treatment"),
    ("attribution.json", lambda d: d["state_before_treatment"], "state_before_treatment"),
    ("attribution.json", lambda d: d["time_point_labels"]["relapse"], "time_point_labels.relapse"),
    ("attribution.json", lambda d: d["undated_time_points"], "undated_time_points"),
    ("dates.json", lambda d: d["course_offsets"]["patterns"], "course_offsets.patterns"),
    ("dates.json", lambda d: d["narrative_counts"]["later"], "narrative_counts.later"),
    ("dates.json", lambda d: d["narrative_counts"]["in_year"], "narrative_counts.in_year"),
    ("context.json", _modifier_patterns, "(literature) patterns"),
    ("vocabulary.json", lambda d: d["dosing"], "dosing"),
    ("vocabulary.json", lambda d: _first_list(d, "gvhd_organs"), "gvhd_organs."),
    ("vocabulary.json", lambda d: _first_list(d, "donors"), "donors."),
    ("vocabulary.json", lambda d: d["diseases"][0]["patterns"], "diseases."),
    ("analytes.json", lambda d: d["analytes"]["pcr_mrd"]["negative_needs"], "negative_needs"),
    ("analytes.json", lambda d: d["analytes"]["chimerism"]["header_names"], "header_names"),
]


def _rules_copy(folder: Path) -> None:
    for entry in resources.files("recordkit.rules").iterdir():
        if entry.name.endswith((".json", ".jsonl")):
            shutil.copyfile(str(entry), folder / entry.name)


@pytest.mark.parametrize(("name", "where", "key"), EDITS, ids=[e[2] for e in EDITS])
def test_a_bad_pattern_fails_validation_naming_its_key(
    tmp_path: Path, name: str, where: Callable[[dict[str, Any]], list[str]], key: str
) -> None:
    _rules_copy(tmp_path)
    data = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    where(data).append(BAD)
    (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = CliRunner().invoke(app, ["rules", "validate", str(tmp_path)])
    assert r.exit_code == 6
    assert "bad regular expression" in r.output
    assert name in r.output and key in r.output
