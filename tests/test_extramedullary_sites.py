"""Extramedullary disease in marrow reports and letters: CSF, skin, testis are their own sites."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts


def _blasts(f) -> list[float | None]:
    return [m.value for m in f.measurements if m.analyte == "blasts"]


@pytest.mark.parametrize(
    "clause",
    [
        "Referred as CNS3 on lumbar puncture 02/09/2023 (CSF cytospin 85% blasts).",
        "Diagnostic LP 02/09/2023: cytospin 70% blasts.",
        "Skin punch biopsy 02/09/2023: leukaemia cutis, blasts about 75% of dermal infiltrate.",
        "Testicular biopsy 02/09/2023: blasts 90% of the infiltrate.",
    ],
)
def test_blasts_of_another_site_are_not_the_marrow_count(facts: Facts, clause: str) -> None:
    # the clause names the fluid or tissue counted: the marrow report's own count stays alone
    report = (
        "BONE MARROW ASPIRATE REPORT\nSpecimen: bone marrow aspirate\n"
        "Collected: 05/09/2023\n\n"
        f"Clinical details: T-ALL in remission after allograft. {clause}\n\n"
        "Morphology: normocellular particles, blasts 2%.\n"
    )
    assert _blasts(facts({"bm.txt": report})) == [2.0]


def test_a_marrow_named_beside_a_csf_keeps_its_blasts(facts: Facts) -> None:
    report = (
        "BONE MARROW ASPIRATE REPORT\nSpecimen: bone marrow aspirate\n"
        "Collected: 05/09/2023\n\n"
        "Morphology: bone marrow blasts 2% (CSF not sent).\n"
    )
    assert _blasts(facts({"bm.txt": report})) == [2.0]
