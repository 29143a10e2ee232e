"""US academic (Epic-style) printouts: reference-lab units, thresholds, MRD, flowsheets, recaps."""

from __future__ import annotations

import pytest

from recordkit.models import CaseFacts
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
