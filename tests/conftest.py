from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from recordkit.config import Settings
from recordkit.extract import extract_case
from recordkit.models import CaseFacts, DocumentResult, FileRecord, PageText
from recordkit.nlp.measurements import MeasurementFinder
from recordkit.nlp.rules import DateRules, load_rules
from recordkit.pipeline import BatchReport, run_batch

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FONT = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def text_pdf(
    path: Path,
    lines: list[str],
    *,
    font: tuple[str, int] = ("Helvetica", 12),
    left: float = 60,
    top: float = 800,
    leading: float = 16,
) -> Path:
    """A one-page text-layer PDF: each line drawn as a lab system prints it, spaces and all."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont(*font)
    y = top
    for line in lines:
        c.drawString(left, y, line)
        y -= leading
    c.save()
    return path


def text_pdf_page(path: Path) -> PageText:
    """The one page of a text-layer PDF as recordkit reads it (no page needs OCR)."""
    from recordkit.text.pdf_text import read_pdf

    pages, jobs, _ = read_pdf(path, path.name, Settings())
    assert jobs == []
    return pages[0]


def facts_from_pdf_page(page: PageText, case_id: str = "t") -> CaseFacts:
    """Run extraction on one page read from a text-layer PDF."""
    record = FileRecord(
        path=page.file, sha256=None, size=1, type="pdf", pages=1, method="text", status="ok"
    )
    return extract_case(case_id, [DocumentResult(record=record, pages=(page,))], Settings())


def scan_image(lines: list[str], angle: float = 1.2, dpi: int = 300) -> Image.Image:
    """A page image with printed lines, slightly turned, as a scanner gives it."""
    w, h = int(8.27 * dpi), int(5 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, int(12 * dpi / 72))
    for i, line in enumerate(lines):
        draw.text(
            (int(0.8 * dpi), int(0.6 * dpi) + i * int(20 * dpi / 72)), line, font=font, fill=0
        )
    return img.rotate(angle, fillcolor=255)


def facts_from_text(docs: dict[str, str], case_id: str = "t") -> CaseFacts:
    """Run extraction on plain-text documents (one page each)."""
    results = [
        DocumentResult(
            record=FileRecord(
                path=name,
                sha256=None,
                size=len(text),
                type="text",
                pages=1,
                method="text",
                status="ok",
            ),
            pages=(PageText(file=name, page=1, text=text, method="text"),),
        )
        for name, text in docs.items()
    ]
    return extract_case(case_id, results, Settings())


@pytest.fixture
def facts() -> Callable[..., CaseFacts]:
    return facts_from_text


@pytest.fixture(scope="session")
def rules() -> DateRules:
    """The bundled rules' date rules."""
    return load_rules().dates


@pytest.fixture(scope="session")
def finder() -> MeasurementFinder:
    """The bundled rules' value finder."""
    return MeasurementFinder(load_rules().analytes)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchReport]:
    """The whole sample set processed once with real OCR (shared by the tests that read it)."""
    base = tmp_path_factory.mktemp("samples")
    out = base / "out"
    report = run_batch([SAMPLES / "patients"], out, Settings(), jobs=2, cache_dir=base / "cache")
    return out, report


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if shutil.which("tesseract") is None:
        raise pytest.UsageError("tesseract is not installed: run `make test`, which installs it")
