"""Several pages in one tesseract run: the same reading as page by page, for less CPU.

Real tesseract on real images; a spy only counts the program's runs, and one test injects a
failure of the run over all pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import recordkit.text.ocr as ocr
from recordkit.config import OcrSettings, Settings
from recordkit.documents import MAX_PAGES_PER_RUN, _PageQueue
from recordkit.exceptions import OcrError
from recordkit.tasks import CRASH_REASON
from recordkit.text import OcrJob
from recordkit.text.worker import Outcome, ocr_pages

from .conftest import scan_image
from .test_ocr_script import chinese_lines

PAGES = [
    ["Bone marrow report", "Blasts 12 % of nucleated cells"],
    ["Flow cytometry", "MRD 0.08 % of leukocytes", "Sample received 03/04/2023"],
    ["Chimerism (STR)", "Donor chimerism 97.5 %", "Recipient 2.5 %"],
]


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    """How many pages each run of the tesseract program was given."""
    seen: list[int] = []
    real = ocr._run_cli

    def counted(path: str, settings: OcrSettings, lang: str, pages: int = 1, psm: int = 3):  # type: ignore[no-untyped-def]
        seen.append(pages)
        return real(path, settings, lang, pages, psm)

    monkeypatch.setattr(ocr, "_run_cli", counted)
    return seen


@pytest.mark.tesseract
def test_pages_read_together_read_as_each_alone(runs: list[int]) -> None:
    images = [scan_image(lines, angle=0) for lines in PAGES]
    alone = [ocr.ocr_image(img, OcrSettings()) for img in images]
    assert runs == [1, 1, 1]
    runs.clear()
    together = ocr.ocr_images(images, OcrSettings())
    assert runs == [3], "one run of the program for the three pages"
    assert [r.text for r in together] == [r.text for r in alone]
    assert [r.words for r in together] == [r.words for r in alone]  # boxes and confidences
    assert "MRD 0.08" in together[1].text and "97.5" in together[2].text


@pytest.mark.tesseract
def test_a_chinese_page_among_english_ones_still_gets_chi_sim(runs: list[int]) -> None:
    chinese = chinese_lines()  # the sample's Chinese marrow report, its text lines
    images = [scan_image(PAGES[0], angle=0), chinese, scan_image(PAGES[2], angle=0)]
    results = ocr.ocr_images(images, OcrSettings())
    assert runs == [3, 1], "the first pass together, then the Chinese page alone again"
    assert "白血病" in results[1].text
    assert "Blasts 12" in results[0].text and "白" not in results[0].text + results[2].text


@pytest.mark.tesseract
def test_when_the_run_over_all_pages_fails_each_page_is_read_alone(
    runs: list[int], monkeypatch, tmp_path: Path
) -> None:
    real = ocr._run_cli

    def no_lists(path: str, settings: OcrSettings, lang: str, pages: int = 1, psm: int = 3):  # type: ignore[no-untyped-def]
        if pages > 1:
            raise OcrError("tesseract failed (status 1): injected")
        return real(path, settings, lang, pages, psm)

    monkeypatch.setattr(ocr, "_run_cli", no_lists)
    folder = _write_pages(tmp_path, [PAGES[0], PAGES[1]])
    jobs = tuple(OcrJob(str(folder / f"{k}.png"), f"{k}.png", "image", 0) for k in range(2))
    outcome = ocr_pages(jobs, Settings())
    assert [p.status for p in outcome.parts] == ["ok", "ok"]
    assert "Blasts 12" in outcome.parts[0].pages[0].text
    assert "MRD 0.08" in outcome.parts[1].pages[0].text


@pytest.mark.tesseract
def test_a_page_that_cannot_be_loaded_fails_alone(runs: list[int], tmp_path: Path) -> None:
    folder = _write_pages(tmp_path, PAGES)
    (folder / "1.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    jobs = tuple(OcrJob(str(folder / f"{k}.png"), f"{k}.png", "image", 0) for k in range(3))
    outcome = ocr_pages(jobs, Settings())
    assert [p.status for p in outcome.parts] == ["ok", "corrupt", "ok"]
    assert outcome.parts[1].reason and not outcome.parts[1].pages
    assert "97.5" in outcome.parts[2].pages[0].text and outcome.parts[2].pages[0].file == "2.png"
    assert runs == [2]


def _write_pages(folder: Path, pages: list[list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k, lines in enumerate(pages):
        scan_image(lines, angle=0).save(folder / f"{k}.png")
    return folder


class _Sent:
    """The tasks a queue sends, kept: (what, function name, first argument)."""

    def __init__(self) -> None:
        self.tasks: list[tuple] = []

    def __call__(self, what, ref, fn, *args) -> None:  # type: ignore[no-untyped-def]
        self.tasks.append((what, fn.__name__, args[0]))


def _queue(n: int, workers: int) -> tuple[_PageQueue, _Sent]:
    sent = _Sent()
    queue = _PageQueue(sent, workers, Settings())
    for k in range(n):
        queue.add(k // 2, OcrJob(f"f{k // 2}.pdf", f"f{k // 2}.pdf", "pdf", k % 2))
    return queue, sent


def test_pages_go_out_in_ever_smaller_tasks() -> None:
    queue, runner = _queue(25, workers=2)
    queue.submit(parsing=0)
    sizes = [len(args) if name == "ocr_pages" else 1 for _tag, name, args in runner.tasks]
    assert sizes == [7, 5, 4, 3, 3, 3] and not queue.queued  # none below MIN_PAGES_PER_RUN
    pages = [(j.path, j.index) for _t, name, a in runner.tasks for j in _jobs(name, a)]
    assert pages == [(f"f{k // 2}.pdf", k % 2) for k in range(25)], "every page once, in order"


def _jobs(name: str, arg) -> list[OcrJob]:  # type: ignore[no-untyped-def]
    return list(arg) if name == "ocr_pages" else [arg]


def test_a_single_page_goes_alone_and_few_pages_are_spread() -> None:
    queue, runner = _queue(1, workers=2)
    queue.submit(parsing=0)
    assert [(what, fn) for what, fn, _ in runner.tasks] == [("ocr", "ocr_page")]
    queue, runner = _queue(3, workers=2)
    queue.submit(parsing=0)
    assert [fn for _, fn, _ in runner.tasks] == ["ocr_pages"], "three pages: one tesseract run"


def test_while_files_are_parsed_only_full_tasks_go_out() -> None:
    queue, runner = _queue(MAX_PAGES_PER_RUN - 1, workers=2)
    queue.submit(parsing=3)
    assert runner.tasks == [] and len(queue.queued) == MAX_PAGES_PER_RUN - 1
    for k in range(MAX_PAGES_PER_RUN + 1):
        queue.add(99, OcrJob("x.pdf", "x.pdf", "pdf", k))
    queue.submit(parsing=3)
    assert [len(a) for _t, _f, a in runner.tasks] == [MAX_PAGES_PER_RUN] * 2
    assert not queue.queued


class _CrashesOnce:
    """Runs tasks in this process; the first several-page task comes back as a dead worker's."""

    jobs = 1

    def __init__(self) -> None:
        self.pending: dict[int, tuple] = {}
        self.calls: list[str] = []

    def submit(self, tag, fn, *args) -> None:  # type: ignore[no-untyped-def]
        self.calls.append(fn.__name__)
        if fn is ocr_pages and self.calls.count("ocr_pages") == 1:
            outcome = Outcome(status="unreadable", reason=CRASH_REASON, describes_file=False)
        else:
            outcome = fn(*args)
        self.pending[len(self.calls)] = (tag, outcome)

    def completed(self) -> list:
        done = list(self.pending.values())
        self.pending.clear()
        return done


@pytest.mark.tesseract
def test_pages_of_a_task_whose_worker_died_are_read_again_one_by_one(tmp_path: Path) -> None:
    from recordkit.documents import read_case
    from recordkit.ingest import Case

    more = [[line.replace("Report", "report (repeat)") for line in p] + ["Copy 2"] for p in PAGES]
    folder = _write_pages(tmp_path / "case", PAGES + more)  # six one-page scans
    runner = _CrashesOnce()
    results = read_case(Case("case", folder), Settings(), runner, None)  # type: ignore[arg-type]
    assert runner.calls.count("ocr_pages") >= 2 and "ocr_page" in runner.calls
    assert [r.record.status for r in results] == ["ok"] * 6
    assert "Donor chimerism 97.5" in results[2].pages[0].text
    assert all(len(r.pages) == 1 for r in results)
