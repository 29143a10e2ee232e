"""What the CLI prints is whole and specific: full case ids, plain pipeline-file errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.config import load_pipeline
from recordkit.exceptions import BadArgumentsError

IDS = ("ball-003", "ball-007", "a-patient-folder-with-a-rather-long-name-2024-0001")


def test_the_summary_table_never_cuts_a_case_id(tmp_path: Path) -> None:
    for case in IDS:
        (tmp_path / "in" / case).mkdir(parents=True)
        (tmp_path / "in" / case / "n.txt").write_text("AML diagnosed 01/01/2023.\n")
    args = ["process", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    r = CliRunner().invoke(app, [*args, "--pipeline", "extract-only"])  # not a terminal
    assert r.exit_code == 0, r.output
    rows = [line for line in r.output.splitlines() if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows] == sorted(IDS)
    assert "…" not in r.output


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        ("bogus = 1\n", "bogus: not a setting recordkit knows"),
        ("[ocr]\ndpi = 5\n", "ocr.dpi: input should be greater than or equal to 72 (given 5)"),
    ],
)
def test_an_invalid_pipeline_file_names_the_key_and_the_problem(
    tmp_path: Path, toml: str, said: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(toml)
    with pytest.raises(BadArgumentsError) as got:
        load_pipeline(str(bad))
    message = str(got.value)
    assert said in message and "\n" not in message and "pydantic" not in message
