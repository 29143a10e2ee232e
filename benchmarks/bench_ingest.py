"""Benchmark (a script, not a test): recordkit against bare tesseract, batch scaling, re-runs,
peak memory, text-layer pages/s. Run: make bench   (or .venv/bin/python benchmarks/bench_ingest.py)

Inputs are made from the project's samples (see bench_inputs.py). Runs that are compared are
interleaved (A, B, A, B, ...) and the median of each is used, because other work may share
the machine; the ratios are the figures to read. recordkit runs as the command a user types
(Python start-up included); bare tesseract runs on the same page images, two at a time with
``OMP_THREAD_LIMIT=1``, as recordkit's two workers do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bench_inputs as inputs

ROOT = Path(__file__).resolve().parents[1]
RECORDKIT = [sys.executable, "-m", "recordkit"]
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")
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


def run(cmd: list[str]) -> tuple[float, float]:
    """Run a command; (wall seconds, peak resident memory of its process tree in MiB)."""
    peak = [0]
    t0 = time.perf_counter()
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
    if proc.returncode not in (0, 4):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return wall, peak[0] / 1024


def bare(images: list[Path], lang: str) -> float:
    """Bare tesseract on the page images, two at a time; wall seconds."""

    def one(img: Path) -> None:
        subprocess.run(
            ["tesseract", str(img), "-", "-l", lang, "--psm", "3"],
            env=ENV,
            capture_output=True,
            check=True,
        )

    t0 = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - t0


def process(folder: Path, out: Path, cache: Path, *extra: str) -> tuple[float, float]:
    """`recordkit process` as a command; (seconds, peak MiB)."""
    return run(
        [
            *RECORDKIT,
            "process",
            str(folder),
            "--out",
            str(out),
            "--cache-dir",
            str(cache),
            "-q",
            *extra,
        ]
    )


def interleave(rounds: int, **runs: Callable[[int], float]) -> dict[str, float]:
    """Run each measurement once per round, in turn; the median seconds of each."""
    times: dict[str, list[float]] = {k: [] for k in runs}
    for r in range(rounds):
        for name, fn in runs.items():
            times[name].append(fn(r))
            print(f"  round {r + 1}: {name} {times[name][-1]:.2f} s", flush=True)
    return {k: statistics.median(v) for k, v in times.items()}


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
    args = ap.parse_args()
    figures: list[tuple[str, str]] = []

    def report(name: str, value: str) -> None:
        figures.append((name, value))
        print(f"{name}: {value}", flush=True)

    with tempfile.TemporaryDirectory(prefix="recordkit-bench-") as tmp:
        work = Path(tmp)
        scans = inputs.scanned_english(work / "scanned" / "english")
        images = inputs.page_images(scans.folder, work / "pgm")
        print(
            f"scanned English folder: {len(list(scans.folder.iterdir()))} files, "
            f"{len(images)} pages",
            flush=True,
        )
        n = iter(range(10_000))
        cold = {}

        def rk(pipeline: str) -> Callable[[int], float]:
            def go(r: int) -> float:
                i = next(n)
                out, cache = work / f"o{i}", work / f"c{i}"
                cold[(pipeline, r)] = (out, cache)
                return process(scans.folder, out, cache, "--pipeline", pipeline)[0]

            return go

        print("1. scanned English pages, interleaved:", flush=True)
        med = interleave(
            args.rounds,
            bare_eng=lambda r: bare(images, "eng"),
            recordkit_default=rk("default"),
            recordkit_fast=rk("fast"),
        )
        report(
            "bare tesseract -l eng, 2 at a time",
            f"{med['bare_eng']:.2f} s, {len(images) / med['bare_eng']:.2f} pages/s",
        )
        report(
            "recordkit cold, default pipeline, all outputs",
            f"{med['recordkit_default']:.2f} s: {med['recordkit_default'] / med['bare_eng']:.2f}"
            " x bare tesseract",
        )
        report(
            "recordkit cold, fast pipeline (tesserocr), all outputs",
            f"{med['recordkit_fast']:.2f} s: {med['recordkit_fast'] / med['bare_eng']:.2f}"
            " x bare tesseract",
        )
        both = bare(images, "eng+chi_sim")
        report(
            "for reference: bare tesseract -l eng+chi_sim (every page, as before)",
            f"{both:.2f} s: {both / med['bare_eng']:.2f} x eng",
        )

        out, cache = cold[("default", 0)]
        reruns = [process(scans.folder, out, cache)[0] for _ in range(3)]
        rerun = statistics.median(reruns)
        report(
            "unchanged re-run of that folder (command, Python start-up included)",
            f"{rerun:.2f} s: {med['recordkit_default'] / rerun:.0f} x faster than cold",
        )

        print("2. batch of copied sample folders, --jobs 1 vs --jobs 2, interleaved:", flush=True)
        folders = inputs.batch(work / "batch", args.copies)
        small = work / "small"
        small.mkdir()
        for case in sorted((work / "batch").iterdir())[:6]:
            case.rename(small / case.name)
        folders -= 6
        peaks: dict[str, float] = {}
        last: dict[str, Path] = {}

        def batch_run(jobs: int) -> Callable[[int], float]:
            def go(r: int) -> float:
                i = next(n)
                last["out"], last["cache"] = work / f"o{i}", work / f"c{i}"
                secs, peak = process(
                    work / "batch", last["out"], last["cache"], "--jobs", str(jobs)
                )
                peaks[f"jobs{jobs}"] = max(peaks.get(f"jobs{jobs}", 0), peak)
                return secs

            return go

        med = interleave(args.rounds, jobs_1=batch_run(1), jobs_2=batch_run(2))
        report(f"batch of {folders} folders, --jobs 1", f"{med['jobs_1']:.1f} s")
        report(
            f"batch of {folders} folders, --jobs 2",
            f"{med['jobs_2']:.1f} s: {med['jobs_1'] / med['jobs_2']:.2f} x faster",
        )
        rerun_b = process(work / "batch", last["out"], last["cache"])[0]
        report(
            "unchanged re-run of the batch",
            f"{rerun_b:.2f} s: {med['jobs_2'] / rerun_b:.0f} x faster than cold --jobs 2",
        )
        i = next(n)
        _, small_peak = process(small, work / f"o{i}", work / f"c{i}", "--jobs", "2")
        report(
            "peak memory (all processes), --jobs 2",
            f"{peaks['jobs2']:.0f} MiB for {folders} folders, {small_peak:.0f} MiB for 6: "
            f"{peaks['jobs2'] / small_peak:.2f} x",
        )

        print("3. text-layer PDFs:", flush=True)
        pages = inputs.text_batch(work / "text", 12)
        pipe = work / "read-only.toml"
        pipe.write_text(READ_ONLY)
        read_s = process(
            work / "text",
            work / "ot1",
            work / "ct1",
            "--no-cache",
            "--pipeline",
            str(pipe),
            "--jobs",
            "2",
        )[0]
        full_s = process(work / "text", work / "ot2", work / "ct2", "--no-cache", "--jobs", "2")[0]
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", PLUMBER, str(work / "text")], check=True)
        plumber_s = time.perf_counter() - t0
        report(
            f"text-layer pages ({pages}), --jobs 2, read stage only",
            f"{pages / read_s:.1f} pages/s",
        )
        report("text-layer pages, --jobs 2, all outputs", f"{pages / full_s:.1f} pages/s")
        report(
            "pdfplumber alone (text + words, one process, start-up included)",
            f"{pages / plumber_s:.1f} pages/s",
        )

        print("4. character error rate on the re-scanned pages:", flush=True)
        for engine, rate in cer(scans.truth, scans.folder).items():
            report(f"CER, {engine} engine, eng ({len(scans.truth)} pages)", f"{rate:.2%}")

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
