"""US academic (Epic-style) printouts: reference-lab units, thresholds, MRD, flowsheets, recaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from recordkit.models import CaseFacts
from tests.conftest import facts_from_pdf_page, text_pdf_page
from tests.extraction_helpers import Facts, kinds


def values(f: CaseFacts, analyte: str) -> list[tuple[float | None, str | None]]:
    return sorted((m.value, m.date) for m in f.measurements if m.analyte == analyte)


@pytest.mark.parametrize("unit", ["x10E3/uL", "x10E3/µL", "10*3/uL", "K/uL"])
def test_a_reference_labs_x10e3_unit_after_the_range_is_thousands_per_microlitre(
    facts: Facts, unit: str
) -> None:
    # the unit's own '3' is no figure of the range: 10^3/uL is K/uL, x10^9/L
    f = facts(
        {
            "visit.txt": "Hematology Clinic Visit 03/14/2024\n\n"
            "Labs (03/14/2024)\n"
            "Component | Ref Range & Units | Value\n"
            f"WBC | 4.0 - 10.5 {unit} | 5.6\n"
            f"Platelets | 150 - 400 {unit} | 98 (L)\n"
            f"Neutrophils (Absolute) | 1.5 - 7.5 {unit} | 3.1\n"
        }
    )
    assert values(f, "wbc") == [(5.6, "2024-03-14")]
    assert values(f, "plt") == [(98.0, "2024-03-14")]
    assert values(f, "anc") == [(3.1, "2024-03-14")]


def test_a_threshold_before_blasts_is_no_count_and_the_bracketed_figure_is(facts: Facts) -> None:
    # '<5% blasts' is the remission threshold; '(2%)' after it is the count; a bound with no
    # figure gives no value, while '<0.01% MRD' is still an MRD below detection
    f = facts(
        {
            "history.txt": "Hematology Progress Note 06/02/2024\n\n"
            "Oncologic History\n"
            "- 01/10/2024: BM bx: AML with mutated NPM1, 55% blasts.\n"
            "- 03/05/2024: Day 28 BM: <5% blasts (2%), flow MRD negative.\n"
            "- 04/20/2024: BM after HiDAC C1: CR (<5% blasts), MRD 0.3% by flow.\n"
            "- 05/25/2024: BM: 3% blasts, <0.01% MRD by flow.\n"
        }
    )
    assert values(f, "blasts") == [
        (2.0, "2024-03-05"),
        (3.0, "2024-05-25"),
        (55.0, "2024-01-10"),
    ]
    assert (0.0, "2024-05-25") in values(f, "mrd")


def test_a_remission_is_mrd_negative_only_when_every_mrd_assay_of_its_marrow_is(
    facts: Facts,
) -> None:
    # flow negative beside a positive NPM1 qPCR is an MRD-positive CR; both negative is not
    f = facts(
        {
            "history.txt": "Hematology Progress Note 06/02/2024\n\n"
            "Oncologic History\n"
            "- 01/10/2024: BM bx: AML with mutated NPM1, 55% blasts.\n"
            "- 02/12/2024: D28 BM: CR, 3% blasts, flow MRD negative; "
            "NPM1 MRD (qPCR) 0.35% NPM1mut/ABL1.\n"
            "- 05/20/2024: BM: CR, flow MRD negative, NPM1 MRD undetectable.\n"
        }
    )
    got = [(r.date, r.depth) for r in kinds(f, "remission")]
    assert got == [("2024-02-12", "CR"), ("2024-05-20", "MRD-negative")]


def _flowsheet_pdf(path: Path, corner: str, heads: list[str]) -> Path:
    """A clinic note whose lab flowsheet heads each result column with its collection time."""
    rows = [[corner, *heads, "Units"], ["WBC", "3.1 (L)", "3.8", "K/uL"],
            ["PLT", "88 (L)", "121 (L)", "K/uL"], ["ANC", "1.2 (L)", "1.9", "K/uL"]]  # fmt: skip
    table = Table(rows, hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
    style = getSampleStyleSheet()
    story = [Paragraph("Hematology Clinic Note", style["Title"]),
             Paragraph("Date of Service: 03/21/2024", style["Normal"]),
             Paragraph("Labs (Flowsheet)", style["Heading2"]), table]  # fmt: skip
    SimpleDocTemplate(str(path), invariant=1).build(story)
    return path


@pytest.mark.parametrize("heads", [["03/14/2024 0745", "03/21/2024 0910"],
                                   ["03/14/24 07:45", "03/21/24 09:10"]])  # fmt: skip
def test_a_flowsheets_date_and_time_headers_over_a_blank_corner_date_their_columns(
    tmp_path: Path, heads: list[str]
) -> None:
    page = text_pdf_page(_flowsheet_pdf(tmp_path / "note.pdf", "", heads))
    f = facts_from_pdf_page(page)
    assert values(f, "wbc") == [(3.1, "2024-03-14"), (3.8, "2024-03-21")]
    assert values(f, "plt") == [(88.0, "2024-03-14"), (121.0, "2024-03-21")]
    assert all(m.confidence >= 0.9 for m in f.measurements)


@pytest.mark.parametrize(
    "aside", [" (CD22-negative by flow, see FC23-4471)", " (flow cytometry: CD19-negative)", ""]
)
def test_a_blast_count_on_aspirate_differential_stays_morphology_beside_a_flow_aside(
    facts: Facts, aside: str
) -> None:
    # 'on aspirate differential' states the count's method; a bracket after it pointing to a
    # flow report describes the blasts' phenotype, it makes the count no flow population
    f = facts(
        {
            "marrow.txt": "Bone Marrow Pathology Report 11/02/2023\n"
            "Final diagnosis: Relapsed B-lymphoblastic leukemia, 41% blasts on aspirate "
            f"differential{aside}.\n"
        }
    )
    assert values(f, "blasts") == [(41.0, "2023-11-02")]


def test_a_flow_population_stays_one_without_a_morphology_method(facts: Facts) -> None:
    f = facts(
        {
            "marrow.txt": "Bone Marrow Report 11/02/2023\n"
            "Flow cytometry: 12% blasts (CD22-negative by flow).\n"
        }
    )
    assert values(f, "blasts") == []


@pytest.mark.parametrize("point", ["at HCT", "at the time of transplant", "at allo-HSCT"])
def test_a_disease_status_at_transplant_is_no_result_of_the_notes_date(
    facts: Facts, point: str
) -> None:
    # 'CR2 MRD-negative at HCT' restates the pre-transplant marrow, whose day it does not tell
    f = facts(
        {
            "followup.txt": "BMT Follow-up Visit 10/04/2024\n\n"
            f"Disease | Ph-like B-ALL, CR2 MRD-negative {point}\n"
            "Transplant | Haploidentical PBSC, 06/20/2024\n"
        }
    )
    assert [m.date for m in f.measurements if m.analyte == "mrd"] == [None]
