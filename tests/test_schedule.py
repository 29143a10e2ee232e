"""Case tasks in the worker pool: results and failures reach their own case; re-runs stay light."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from recordkit.config import Settings
from recordkit.documents import TaskRunner
from recordkit.fingerprint import rules_digest
from recordkit.schedule import CaseFinisher, CaseWorkerCrashed

ROOT = Path(__file__).resolve().parents[1]


def double(x: int) -> int:
    return 2 * x


def fail(x: int) -> int:
    raise ValueError(f"case {x} cannot be extracted")


def die(x: int) -> int:
    os._exit(3)  # a worker killed mid-task (fault injection)


def test_each_case_gets_its_own_result_or_error() -> None:
    runner = TaskRunner(2, Settings())
    finisher = CaseFinisher(runner)
    done: dict[str, int] = {}
    errors: dict[str, BaseException] = {}
    try:
        for case, fn, x in (("a", double, 1), ("b", fail, 2), ("c", die, 3), ("d", double, 4)):
            finisher.submit(
                fn,
                (x,),
                lambda r, case=case: done.__setitem__(case, r),
                lambda e, case=case: errors.__setitem__(case, e),
            )
        finisher.collect(block=True)
        assert done == {"a": 2, "d": 8}
        assert isinstance(errors["b"], ValueError) and "case 2" in str(errors["b"])
        assert isinstance(errors["c"], CaseWorkerCrashed)  # ran twice, died twice
        finisher.submit(double, (5,), lambda r: done.__setitem__("e", r))
        finisher.collect(block=True)  # the pool was replaced and still works
        assert done["e"] == 10
    finally:
        runner.close()


def test_rule_digest_follows_the_rule_files(tmp_path: Path) -> None:
    bundled = ROOT / "src" / "recordkit" / "rules"
    copy = shutil.copytree(bundled, tmp_path / "rules")
    assert rules_digest(str(copy)) == rules_digest("recordkit.rules.v1")
    with (copy / "triggers.jsonl").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert rules_digest(str(copy)) != rules_digest("recordkit.rules.v1")


SCRIPT = """
import json, sys
from pathlib import Path
from recordkit.config import Settings
from recordkit.pipeline import run_batch
case, out = Path(sys.argv[1]), Path(sys.argv[2])
first = run_batch([case], out, Settings(), jobs=1, use_cache=False)
events = (out / case.name / "events.json").read_bytes()
second = run_batch([case], out, Settings(), jobs=1, use_cache=False)
print(json.dumps({
    "heavy": sorted(m for m in ("spacy", "matplotlib", "reportlab.platypus") if m in sys.modules),
    "events": [first.cases[0].events, second.cases[0].events],
    "same": events == (out / case.name / "events.json").read_bytes(),
}))
"""


@pytest.mark.slow  # a whole batch in a subprocess
def test_main_process_neither_extracts_nor_draws(tmp_path: Path) -> None:
    """Extraction and drawing run in workers; an unchanged re-run does not import spaCy."""
    case = tmp_path / "p1"
    case.mkdir()
    (case / "note.txt").write_text(
        "Diagnosed with AML on 2021-03-02. Bone marrow blasts 35% on 2021-03-02.\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(case), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["heavy"] == []
    assert result["events"][0] >= 1 and result["events"] == [result["events"][0]] * 2
    assert result["same"]
    assert (tmp_path / "out" / "p1" / "review-packet.pdf").is_file()
