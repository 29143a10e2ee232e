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
from recordkit.fingerprint import code_digest, rules_digest
from recordkit.schedule import CaseFinisher, CaseWorkerCrashed
from recordkit.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[1]


def double(x: int) -> int:
    return 2 * x


def fail(x: int) -> int:
    raise ValueError(f"case {x} cannot be extracted")


def die(x: int) -> int:
    os._exit(3)  # a worker killed mid-task (fault injection)


def collector_thresholds(_: int) -> tuple[int, ...]:
    import gc

    return gc.get_threshold()


def test_workers_run_with_the_relaxed_collector() -> None:
    """The fork server and its workers collect garbage after 20,000 objects, not 700."""
    from recordkit.collector import THRESHOLDS

    runner = TaskRunner(2, Settings())
    try:
        got = [runner.pool.submit(collector_thresholds, k).result(timeout=60) for k in range(4)]
    finally:
        runner.close()
    assert got == [THRESHOLDS] * 4
    assert THRESHOLDS[0] > 700 and THRESHOLDS[1:] == (10, 10)


MAIN_SCRIPT = """
import os, sys
cli_loaded = "recordkit.cli" in sys.modules
from recordkit.cli import main  # what the `recordkit` command's script does
with open(sys.argv[1] if __name__ == "__main__" else os.environ["RUNS_LOG"], "a") as f:
    f.write(f"{__name__} {cli_loaded}\\n")
if __name__ == "__main__":
    import time
    from recordkit.config import Settings
    from recordkit.tasks import TaskRunner
    os.environ["RUNS_LOG"] = sys.argv[1]
    runner = TaskRunner(2, Settings())
    try:
        for f in [runner.pool.submit(time.sleep, 0.3) for _ in range(4)]:  # both workers start
            f.result(timeout=60)
        assert len(runner.pool._processes) == 2
    finally:
        runner.close()
"""


def test_workers_find_the_cli_imported_when_they_run_the_main_script(tmp_path: Path) -> None:
    """Each worker runs the command's script again; the fork server has imported the CLI."""
    script, log = tmp_path / "main_script.py", tmp_path / "runs.log"
    script.write_text(MAIN_SCRIPT)
    out = subprocess.run(
        [sys.executable, str(script), str(log)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    runs = sorted(line.split() for line in log.read_text().splitlines())
    assert runs == [["__main__", "False"], ["__mp_main__", "True"], ["__mp_main__", "True"]]


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


def test_code_digest_follows_the_source_not_its_bytecode(tmp_path: Path) -> None:
    package = ROOT / "src" / "recordkit"
    copy = shutil.copytree(package, tmp_path / "recordkit", ignore=shutil.ignore_patterns("*.pyc"))
    assert code_digest(copy) == code_digest(package)
    (copy / "nlp" / "__pycache__").mkdir(exist_ok=True)
    (copy / "nlp" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"bytecode")
    assert code_digest(copy.resolve()) == code_digest(package)  # memoised per folder, equal
    edited = shutil.copytree(copy, tmp_path / "edited" / "recordkit")
    with (edited / "grouping.py").open("a", encoding="utf-8") as f:
        f.write("# an edit\n")
    assert code_digest(edited) != code_digest(package)


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


class _Logged(TaskRunner):
    """A real pool that notes when each case's tasks are sent and come back."""

    def __init__(self, jobs: int, settings: Settings) -> None:
        super().__init__(jobs, settings)
        self.log: list[tuple[str, int, str]] = []

    def submit(self, tag, fn, *args) -> None:  # type: ignore[no-untyped-def]
        self.log.append(("sent", tag[0], tag[1]))
        super().submit(tag, fn, *args)

    def completed(self):  # type: ignore[no-untyped-def]
        done = super().completed()
        self.log += [("back", tag[0], tag[1]) for tag, _ in done]
        return done


@pytest.mark.tesseract
def test_the_next_case_is_read_while_the_last_pages_of_one_are(tmp_path: Path, monkeypatch) -> None:
    import recordkit.pipeline as pipeline
    from recordkit.pipeline import run_batch

    from .conftest import scan_image
    from .faults_helpers import text_case

    a = text_case(tmp_path / "in", "a")
    for k in range(3):
        scan_image([f"Bone marrow: blasts {30 + k} %"], angle=0, dpi=150).save(a / f"scan{k}.png")
    text_case(tmp_path / "in", "b")
    runners: list[_Logged] = []
    monkeypatch.setattr(
        pipeline, "TaskRunner", lambda *a: runners.append(_Logged(*a)) or runners[-1]
    )
    report = run_batch([tmp_path / "in"], tmp_path / "out", Settings(), jobs=2, use_cache=False)
    assert [c.status for c in report.cases] == ["ok", "ok"]
    log = runners[0].log
    b_sent = log.index(("sent", 1, "parse"))
    a_ocr_back = max(i for i, e in enumerate(log) if e[:2] == ("back", 0) and e[2] != "parse")
    assert b_sent < a_ocr_back, "case b's files went out before case a's last page came back"
    a_last_sent = max(i for i, e in enumerate(log) if e[:2] == ("sent", 0))
    waited = [e for e in log[a_last_sent:b_sent] if e[0] == "back"]
    assert not waited, "case b started as soon as case a had sent its last page, not later"
    assert "blasts 32" in (tmp_path / "out" / "a" / "events.json").read_text()
    assert "scan" not in (tmp_path / "out" / "b" / "events.json").read_text()


@pytest.mark.tesseract
def test_the_largest_case_is_read_first_and_reports_keep_the_folder_order(
    tmp_path: Path, monkeypatch
) -> None:
    import recordkit.pipeline as pipeline
    from recordkit.pipeline import run_batch

    from .conftest import scan_image
    from .faults_helpers import text_case

    text_case(tmp_path / "in", "a")
    big = text_case(tmp_path / "in", "b")
    scan_image(["Bone marrow: blasts 41 %"], angle=0, dpi=150).save(big / "scan.png")
    text_case(tmp_path / "in", "c")
    runners: list[_Logged] = []
    monkeypatch.setattr(
        pipeline, "TaskRunner", lambda *a: runners.append(_Logged(*a)) or runners[-1]
    )
    report = run_batch([tmp_path / "in"], tmp_path / "out", Settings(), jobs=1, use_cache=False)
    first_sent = [e[1] for e in runners[0].log if e[0] == "sent"]
    assert first_sent[0] == 1, "case b, the one with a scan, goes to the workers first"
    assert [c.case_id for c in report.cases] == ["a", "b", "c"]
    assert [c.status for c in report.cases] == ["ok", "ok", "ok"]
    index = (tmp_path / "out" / "index.html").read_text()
    assert index.index('href="a/') < index.index('href="b/') < index.index('href="c/')
    assert "blasts 41" in (tmp_path / "out" / "b" / "events.json").read_text()
    assert "blasts 41" not in (tmp_path / "out" / "a" / "events.json").read_text()


SPACY_PROBE = """
import sys
import recordkit.extract
from recordkit.nlp import build_nlp
nlp = build_nlp()
heavy = sorted(m for m in ("spacy.cli", "spacy.cli.info", "weasel", "requests", "httpx", "jinja2")
               if m in sys.modules)
doc = nlp("Relapse on 03/04/2023.")
import spacy.cli
print(heavy, len(doc) > 0, callable(spacy.cli.download), callable(spacy.info))
"""


def test_extraction_imports_spacy_without_its_command_line_package() -> None:
    """A worker that extracts pays for spaCy, not for its training and download commands."""
    out = subprocess.run(
        [sys.executable, "-c", SPACY_PROBE], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[]", "True", "True", "True"]
