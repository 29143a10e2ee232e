"""The README tells a new user how to run recordkit and what its outputs say."""

from __future__ import annotations

from pathlib import Path

from recordkit.review.status import CaseStatus

README = Path(__file__).parent.parent / "README.md"


def test_readme_says_how_to_run_it_and_what_each_status_means() -> None:
    text = README.read_text()
    top = text[: text.index("## Command line")]
    assert ".venv/bin/recordkit" in top and ".venv/bin/activate" in top
    assert "## Two commands" not in text
    index_row = next(line for line in text.splitlines() if line.startswith("| `OUT/index.html`"))
    for status in CaseStatus:
        assert f"`{status.value}`" in index_row, status
