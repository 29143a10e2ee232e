"""The README tells a new user how to run recordkit and what its outputs say."""

from __future__ import annotations

import json
import re
from pathlib import Path

from recordkit import rules
from recordkit.render.table import COLUMNS
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


def test_readme_names_the_csv_columns_and_the_canonical_regimen_names() -> None:
    text = README.read_text()
    csv_row = next(line for line in text.splitlines() if line.startswith("| `timeline.csv`"))
    named = re.findall(r"`(\w+)`(?: \([^)]*\))? ?[,|]", csv_row)
    assert [c for c in named if c in COLUMNS] == list(COLUMNS)
    vocabulary = json.loads((Path(rules.__file__).parent / "vocabulary.json").read_text())
    canonical = {r["name"] for r in vocabulary["regimens"]}
    events = " ".join(text[text.index("- **Events** have a `kind`") :].split())
    assert "`regimens` in `src/recordkit/rules/vocabulary.json`" in events
    listed = events[events.index("ways it is written: ") + 20 : events.index(", ...;")]
    names = re.sub(r" \([^)]*\)", "", listed).split(", ")
    assert names[0] == "DA" and "DA (`7+3`" in listed, "'7+3' is DA: say so first"
    assert len(names) >= 15 and set(names) <= canonical
