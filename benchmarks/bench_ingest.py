"""Benchmark (a script, not a test): recordkit against bare tesseract, batch scaling, re-runs,
peak memory, text-layer pages/s. Run: make bench   (or .venv/bin/python benchmarks/bench_ingest.py)

Inputs are made from the project's samples (see bench_inputs.py). Runs that are compared are
interleaved (A, B, A, B, ...) and the median of each is used. Costs are given as CPU seconds
of every process a run starts (this script makes itself a child subreaper, so the fork
server, the workers and each tesseract process are all counted), which other work on a
shared machine does not inflate, and as wall time, which it does. recordkit runs as the
command a user types (Python start-up included); bare tesseract runs on the same page
images, two at a time with ``OMP_THREAD_LIMIT=1``, as recordkit's two workers do.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import bench_inputs as inputs

ROOT = Path(__file__).resolve().parents[1]
RECORDKIT = [sys.executable, "-m", "recordkit"]
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")
PR_SET_CHILD_SUBREAPER = 36
READ_ONLY = """name = "read-only"
[outputs]
events = false
timeline = false
figure = false
packet = false
"""


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                parents[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{d}/statm") as f:
                rss[int(d)] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier += kids
    return sum(rss.get(p, 0) for p in tree)


@dataclass(frozen=True)
class Cost:
    """One measured run: wall seconds, CPU seconds of every process it started, peak MiB."""

    wall: float
    cpu: float
    peak: float = 0.0


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _reap_orphans(timeout: float = 10.0) -> None:
    """Reap descendants left to this process (a subreaper): the fork server and its helpers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


def run(cmd: list[str]) -> Cost:
    """Run a command; its wall time, the CPU time of its whole process tree, its peak memory."""
    peak = [0]
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.join()
    _reap_orphans()
    if proc.returncode not in (0, 4):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return Cost(wall, _children_cpu() - cpu0, peak[0] / 1024)


def bare(images: list[Path], lang: str) -> Cost:
    """Bare tesseract on the page images, two at a time."""

    def one(img: Path) -> None:
        subprocess.run(
            ["tesseract", str(img), "-", "-l", lang, "--psm", "3"],
            env=ENV,
            capture_output=True,
            check=True,
        )

    cpu0, t0 = _children_cpu(), time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, images))
    return Cost(time.perf_counter() - t0, _children_cpu() - cpu0)


def process(folder: Path, out: Path, cache: Path, *extra: str) -> Cost:
    """`recordkit process` as a command."""
    cmd = [*RECORDKIT, "process", str(folder), "--out", str(out), "--cache-dir", str(cache)]
    return run([*cmd, "-q", *extra])


def interleave(rounds: int, **runs: Callable[[int], Cost]) -> dict[str, Cost]:
    """Run each measurement once per round, in turn; the median wall and CPU of each."""
    costs: dict[str, list[Cost]] = {k: [] for k in runs}
    for r in range(rounds):
        for name, fn in runs.items():
            c = fn(r)
            costs[name].append(c)
            print(f"  round {r + 1}: {name} {c.wall:.2f} s wall, {c.cpu:.2f} s CPU", flush=True)
    return {
        k: Cost(
            statistics.median(c.wall for c in v),
            statistics.median(c.cpu for c in v),
            max(c.peak for c in v),
        )
        for k, v in costs.items()
    }


def rerun_in_process(folder: Path, out: Path, cache: Path) -> float:
    """An unchanged re-run inside this process (the page cache and outputs are there)."""
    from recordkit.config import load_pipeline
    from recordkit.pipeline import run_batch

    settings = load_pipeline("default")  # as the command loaded it: the same fingerprint
    t0 = time.perf_counter()
    run_batch([folder], out, settings, cache_dir=cache)
    return time.perf_counter() - t0


def second_passes(images: list[Path]) -> int:
    """How many of the page images the script-aware rule sends to an eng+chi_sim pass."""
    from PIL import Image

    from recordkit.config import OcrSettings
    from recordkit.text.ocr import _recognise
    from recordkit.text.script import han_evidence

    settings, n = OcrSettings(), 0
    for path in images:
        with Image.open(path) as img:
            result = _recognise(img, str(path), settings, ("eng",))
        n += han_evidence(result.words, result.mean_conf) is not None
    return n


def cer(truth: dict[str, str], folder: Path) -> dict[str, float]:
    """Character error rate of each engine on the re-scanned pages (reference: text layer)."""
    import pypdfium2 as pdfium
    from rapidfuzz.distance import Levenshtein

    from recordkit.config import OcrSettings
    from recordkit.text.ocr import ocr_image

    def norm(s: str) -> str:
        return " ".join(s.split())

    result = {}
    for engine in ("tesseract", "tesserocr"):
        settings = OcrSettings(engine=engine)
        errors = chars = 0
        for key, text in truth.items():
            name, page = key.split("#")
            pdf = pdfium.PdfDocument(folder / name)
            obj = next(iter(pdf[int(page) - 1].get_objects(max_depth=1)))
            img = obj.get_bitmap(render=False).to_pil()
            pdf.close()
            errors += Levenshtein.distance(norm(ocr_image(img, settings).text), norm(text))
            chars += len(norm(text))
        result[engine] = errors / chars
    return result


def main() -> None:
    """Run every measurement; print each figure as it comes, then a table for the README."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds per comparison")
    ap.add_argument("--copies", type=int, default=4, help="copies of the 8 samples in the batch")
    ap.add_argument("--sections", default="1234", help="which parts to run, e.g. 24")
    args = ap.parse_args()
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # count orphans' CPU too
    figures: list[tuple[str, str]] = []

    def report(name: str, value: str) -> None:
        figures.append((name, value))
        print(f"{name}: {value}", flush=True)

    with tempfile.TemporaryDirectory(prefix="recordkit-bench-") as tmp:
        work = Path(tmp)
        ids = iter(range(10_000))

        def fresh() -> tuple[Path, Path]:
            i = next(ids)
            return work / f"out{i}", work / f"cache{i}"

        scans = inputs.scanned_english(work / "scanned" / "english")
        images = inputs.page_images(scans.folder, work / "pgm")
        n_pages = len(images)
        last: dict[str, tuple[Path, Path]] = {}
        if "1" in args.sections:
            print(
                f"1. scanned English folder: {len(list(scans.folder.iterdir()))} files, "
                f"{n_pages} pages; interleaved:",
                flush=True,
            )

            def rk(pipeline: str) -> Callable[[int], Cost]:
                def go(_: int) -> Cost:
                    last[pipeline] = fresh()
                    return process(scans.folder, *last[pipeline], "--pipeline", pipeline)

                return go

            # a first run after installing keeps the rule patterns' compiled programs
            # (recordkit/__pycache__, as Python keeps .pyc files); the cold runs measured
            # below have no page cache, as with any new folder, but that store is there
            first = process(scans.folder, *fresh())
            print(f"  warm-up run (not counted; keeps the rule patterns): {first.cpu:.1f} s CPU")
            med = interleave(
                args.rounds,
                bare_eng=lambda _: bare(images, "eng"),
                recordkit_default=rk("default"),
                recordkit_fast=rk("fast"),
            )
            b, d, f = med["bare_eng"], med["recordkit_default"], med["recordkit_fast"]
            report(
                "bare `tesseract -l eng`, 2 at a time, on the same page images",
                f"{b.cpu:.1f} s CPU ({b.wall:.1f} s wall, {n_pages / b.wall:.2f} pages/s)",
            )
            report(
                "recordkit cold, default pipeline, all outputs",
                f"{d.cpu:.1f} s CPU: **{d.cpu / b.cpu:.2f} x** bare ({d.wall:.1f} s wall: "
                f"{d.wall / b.wall:.2f} x)",
            )
            report(
                "recordkit cold, fast pipeline (tesserocr), all outputs",
                f"{f.cpu:.1f} s CPU: **{f.cpu / b.cpu:.2f} x** bare ({f.wall:.1f} s wall: "
                f"{f.wall / b.wall:.2f} x)",
            )
            report(
                "pages the script-aware rule sends to a second (eng+chi_sim) pass",
                f"{second_passes(images)} of {n_pages}",
            )
            both = bare(images, "eng+chi_sim")
            report(
                "for reference: bare `tesseract -l eng+chi_sim` (what every page cost before)",
                f"{both.cpu:.1f} s CPU: {both.cpu / b.cpu:.2f} x eng",
            )
            rerun = statistics.median(
                process(scans.folder, *last["default"]).wall for _ in range(3)
            )
            report(
                "unchanged re-run of that folder, as a command (Python start-up included)",
                f"{rerun:.2f} s: {d.wall / rerun:.0f} x faster than cold",
            )
            inproc = rerun_in_process(scans.folder, *last["default"])
            report(
                "unchanged re-run of that folder, in-process `run_batch` (imports done)",
                f"{inproc:.3f} s: {d.wall / inproc:.0f} x faster than cold",
            )

        if "2" in args.sections:
            folders = inputs.batch(work / "batch", args.copies)
            small = work / "small"  # one copy of each sample: the same mix of documents
            small.mkdir()
            for case in sorted((work / "batch").glob("*-r1")):
                shutil.copytree(case, small / case.name)
            print(
                f"2. batch of {folders} sample folders, --jobs 1 vs --jobs 2, interleaved:",
                flush=True,
            )

            def batch_run(jobs: int) -> Callable[[int], Cost]:
                def go(_: int) -> Cost:
                    last["batch"] = fresh()
                    return process(work / "batch", *last["batch"], "--jobs", str(jobs))

                return go

            def small_run(_: int) -> Cost:  # for peak memory, measured as often as the batch
                return process(small, *fresh(), "--jobs", "2")

            med = interleave(
                args.rounds, jobs_1=batch_run(1), jobs_2=batch_run(2), small_jobs_2=small_run
            )
            j1, j2, sm = med["jobs_1"], med["jobs_2"], med["small_jobs_2"]
            report(
                f"batch of {folders} folders, `--jobs 1`",
                f"{j1.wall:.1f} s wall ({j1.cpu:.1f} s CPU)",
            )
            report(
                f"batch of {folders} folders, `--jobs 2`",
                f"{j2.wall:.1f} s wall ({j2.cpu:.1f} s CPU): **{j1.wall / j2.wall:.2f} x** faster",
            )
            rerun_b = process(work / "batch", *last["batch"]).wall
            report(
                "unchanged re-run of the batch, as a command",
                f"{rerun_b:.2f} s: {j2.wall / rerun_b:.0f} x faster than cold `--jobs 2`",
            )
            report(
                "peak memory, all processes, `--jobs 2` (highest of the rounds)",
                f"{j2.peak:.0f} MiB for {folders} folders, {sm.peak:.0f} MiB for "
                f"{len(list(small.iterdir()))} (one of each sample): {j2.peak / sm.peak:.2f} x",
            )

        if "3" in args.sections:
            pages = inputs.text_batch(work / "text", 12)
            print(f"3. text-layer PDFs: 12 folders, {pages} pages:", flush=True)
            pipe = work / "read-only.toml"
            pipe.write_text(READ_ONLY)
            read = process(work / "text", *fresh(), "--no-cache", "--pipeline", str(pipe))
            facts = process(work / "text", *fresh(), "--no-cache", "--pipeline", "extract-only")
            full = process(work / "text", *fresh(), "--no-cache")
            plumber = run([sys.executable, "-c", PLUMBER, str(work / "text")])
            report(
                "text-layer pages, `--jobs 2`, read stage only (outputs off)",
                f"{pages / read.wall:.1f} pages/s ({read.cpu:.1f} s CPU)",
            )
            report(
                "text-layer pages, `--jobs 2`, events and timeline (extract-only)",
                f"{pages / facts.wall:.1f} pages/s ({facts.cpu:.1f} s CPU)",
            )
            report(
                "text-layer pages, `--jobs 2`, all outputs",
                f"{pages / full.wall:.1f} pages/s ({full.cpu:.1f} s CPU)",
            )
            report(
                "pdfplumber alone (text and words, one process, start-up included)",
                f"{pages / plumber.wall:.1f} pages/s ({plumber.cpu:.1f} s CPU)",
            )

        if "4" in args.sections:
            print("4. character error rate on the re-scanned pages:", flush=True)
            for engine, rate in cer(scans.truth, scans.folder).items():
                report(
                    f"character error rate, {engine} engine, eng, {len(scans.truth)} pages",
                    f"{rate:.2%}",
                )

    print("\n| figure | value |\n|---|---|")
    for name, value in figures:
        print(f"| {name} | {value} |")


PLUMBER = """
import sys, pathlib, pdfplumber
for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.pdf')):
    with pdfplumber.open(p) as pdf:
        for page in pdf.pages:
            page.extract_text(); page.extract_words()
"""

if __name__ == "__main__":
    main()
