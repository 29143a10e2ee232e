"""`recordkit explain`: blocks, tables, typed dates and the fate of every candidate fact."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from recordkit.cli import app

runner = CliRunner()

LETTER = """Clinic letter
Date: 14/02/2023

Marrow results
Collected: 10/02/2023
Test\tResult\tReference
Blasts (marrow aspirate)\t3.5 %\t0-5 %

She reached complete remission on 10/02/2023.
There is no evidence of GVHD.
"""


def test_explain_shows_blocks_tables_dates_and_what_was_dropped(tmp_path: Path) -> None:
    f = tmp_path / "letter.txt"
    f.write_text(LETTER, encoding="utf-8")
    res = runner.invoke(app, ["explain", str(f)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    out = res.output
    assert "heading" in out and "table" in out and "field" in out
    assert "Blasts (marrow aspirate)" in out and "0-5 %" in out  # the grid
    assert "collection" in out  # the collected date is typed
    assert "blasts 3.5" in out  # the table value became a candidate
    assert "dropped: negated" in out  # the negated GVHD, and why


def test_explain_of_a_missing_file_exits_1(tmp_path: Path) -> None:
    res = runner.invoke(app, ["explain", str(tmp_path / "nothing.pdf")])
    assert res.exit_code == 1
    assert "is not a file" in res.output
