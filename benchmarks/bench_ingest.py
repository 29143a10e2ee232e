"""Ingest benchmark (a script, not a test): pages/s, recordkit OCR vs bare tesseract, cache
speed-up, peak memory. Run: make bench   (or .venv/bin/python benchmarks/bench_ingest.py)"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from PIL import Image  # noqa: E402

from recordkit.config import Settings  # noqa: E402
from recordkit.pipeline import run_batch  # noqa: E402


def _ocr_images(samples: Path, work: Path) -> list[Path]:
    """The page images recordkit OCRs in the samples, written once as PGM for bare tesseract."""
    import pypdfium2 as pdfium

    out = []
    for path in sorted(samples.rglob("*")):
        if path.suffix.lower() in (".png", ".jpg", ".tif"):
            with Image.open(path) as img:
                for i in range(getattr(img, "n_frames", 1)):
                    img.seek(i)
                    p = work / f"{path.stem}-{i}.pgm"
                    img.convert("L").save(p)
                    out.append(p)
        elif path.suffix.lower() == ".pdf":
            pdf = pdfium.PdfDocument(path)
            for i, page in enumerate(pdf):
                if len(page.get_textpage().get_text_range().strip()) < 25:
                    objs = list(page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,)))
                    img = objs[0].get_bitmap(render=False).to_pil() if len(objs) == 1 else \
                        page.render(scale=300 / 72).to_pil()
                    p = work / f"{path.stem}-{i}.pgm"
                    img.convert("L").save(p)
                    out.append(p)
            pdf.close()
    return out


def main() -> None:
    """Print the figures the README quotes."""
    samples = ROOT / "samples" / "patients"
    settings = Settings()
    lang = "+".join(settings.ocr.languages)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        images = _ocr_images(samples, work)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        t0 = time.perf_counter()
        for img in images:
            subprocess.run(["tesseract", str(img), "-", "-l", lang, "--psm", "3"], env=env,
                           capture_output=True, check=True)
        bare = time.perf_counter() - t0

        cache = work / "cache"
        t0 = time.perf_counter()
        rep = run_batch([samples], work / "out1", settings, jobs=1, cache_dir=cache)
        first_1 = time.perf_counter() - t0
        shutil.rmtree(cache)
        t0 = time.perf_counter()
        run_batch([samples], work / "out2", settings, jobs=2, cache_dir=cache)
        first_2 = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_batch([samples], work / "out2", settings, jobs=2, cache_dir=cache)
        cached = time.perf_counter() - t0

        shutil.rmtree(cache)
        ocr_only = Settings.model_validate({"outputs": {"events": False, "timeline": False,
                                                        "figure": False, "packet": False}})
        t0 = time.perf_counter()
        run_batch([samples], work / "out3", ocr_only, jobs=1, cache_dir=cache)
        read_1 = time.perf_counter() - t0
        text_only = Settings.model_validate({"ocr": {"text_mode": "text_only"},
                                             "outputs": {"events": False, "timeline": False,
                                                         "figure": False, "packet": False}})
        t0 = time.perf_counter()
        text_rep = run_batch([samples], work / "out4", text_only, jobs=1, cache_dir=work / "c2")
        text_time = time.perf_counter() - t0

    ocr_pages = sum(c.ocr_pages for c in rep.cases)
    text_pages = sum(c.pages for c in text_rep.cases) - 0
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"samples: {len(rep.cases)} cases, {ocr_pages} OCR pages, "
          f"{sum(c.pages for c in rep.cases) - ocr_pages} text pages")
    print(f"bare tesseract ({lang}, 1 thread, same page images): {bare:.1f} s "
          f"= {ocr_pages / bare:.2f} pages/s")
    print(f"recordkit read stage, 1 worker, no cache (OCR + text layers): {read_1:.1f} s; "
          f"ratio to bare tesseract {read_1 / bare:.2f}")
    print(f"text-layer pages (text_only mode): {text_pages} pages in {text_time:.2f} s "
          f"= {text_pages / text_time:.1f} pages/s")
    print(f"full run (all outputs), 1 worker: {first_1:.1f} s; 2 workers: {first_2:.1f} s "
          f"(speed-up {first_1 / first_2:.2f})")
    print(f"cached re-run (2 workers, nothing changed): {cached:.2f} s; "
          f"speed-up {first_2 / cached:.1f}x")
    print(f"peak memory: main process {peak_self:.0f} MiB, largest worker/child "
          f"{peak_children:.0f} MiB")


if __name__ == "__main__":
    main()
