"""A small patient folder for the review tests: one text PDF and one scanned page (OCR)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from recordkit.config import load_pipeline
from recordkit.pipeline import run_batch
from tests.conftest import scan_image, text_pdf

CASE = "rv-001"
LETTER = [
    "Haematology Clinic, clinic letter dated 12/03/2023",
    "Diagnosis: acute myeloid leukaemia (AML) diagnosed on 08/11/2021.",
    "Induction chemotherapy with IA was started on 10/11/2021.",
    "Bone marrow on 05/11/2021 showed 68% blasts.",
    "Consolidation with HiDAC was started on 20/02/2022.",
    "MRD on 03/02/2022 was 0.12%.",
    "Haematological relapse was confirmed on 14/09/2022.",
    "Donor lymphocyte infusion was given on 10/01/2024.",
]
# the scan gives only its report date, which never dates a result: an item to check
SCAN = ["STR CHIMERISM ANALYSIS", "Reported: 21/11/2023", "Donor chimerism: 99.2 %"]


def make_case(base: Path) -> Path:
    """Write the patient folder under `base`; return the folder of patient folders."""
    folder = base / "patients" / CASE
    folder.mkdir(parents=True)
    text_pdf(folder / "letter.pdf", LETTER)
    scan_image(SCAN, angle=0.5).save(folder / "chimerism_scan.png", dpi=(300, 300))
    return base / "patients"


def process(patients: Path, out: Path, cache: Path, pipeline: str | None = None) -> None:
    """Run the batch as `recordkit process` does."""
    run_batch([patients], out, load_pipeline(pipeline), jobs=1, cache_dir=cache)


@pytest.fixture(scope="session")
def review_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The review case processed once with real OCR: (patients, out, cache)."""
    base = tmp_path_factory.mktemp("review")
    patients = make_case(base)
    process(patients, base / "out", base / "cache")
    return patients, base / "out", base / "cache"


@pytest.fixture
def review_out(review_batch, tmp_path: Path) -> Path:
    """A private copy of the processed OUT folder, for a test that writes corrections."""
    out = tmp_path / "out"
    shutil.copytree(review_batch[1], out)
    return out


def app_client(out: Path, cache: Path, reviewer: str = "dr test"):
    """A test client of the review app, and its CSRF token."""
    from starlette.testclient import TestClient

    from recordkit.review.app import ReviewConfig, create_app

    client = TestClient(create_app(ReviewConfig(out, reviewer, cache, ("testserver",))))
    page = client.get("/").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return client, token


@pytest.fixture
def recordkit_log(caplog: pytest.LogCaptureFixture):
    """Every record of the recordkit loggers, at DEBUG, even after the CLI stopped propagation."""
    import logging

    logger = logging.getLogger("recordkit")
    level = logger.level
    logger.addHandler(caplog.handler)
    logger.setLevel(logging.DEBUG)
    yield caplog
    logger.removeHandler(caplog.handler)
    logger.setLevel(level)
