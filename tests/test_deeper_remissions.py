"""A marrow's own MRD-negative result tells an MRD-negative remission.

A flow MRD result written after the marrow's morphology ('blasts 1%; flow MRD negative') is
the marrow's; a remission told in one letter as a CR and found MRD-negative by its marrow's own
report on the same day is the MRD-negative one.
"""

from __future__ import annotations

from tests.conftest import facts_from_text


def _case(*letters: tuple[str, str]):
    return facts_from_text(dict(letters))


def _remissions(case) -> list[tuple[str | None, str | None]]:
    return [(e.date, getattr(e, "depth", None)) for e in case.events if e.kind == "remission"]


def test_a_flow_mrd_negative_after_the_marrow_findings_is_the_marrows_result():
    # the assay's name stands right before its result, past a semicolon after the morphology
    case = _case(("summary.txt",
        "DISCHARGE SUMMARY\nT-ALL. Nelarabine course from 03/01/2023.\n"
        "Marrow done on 31/01/2023 - cellular marrow, blasts 1%; flow MRD negative (<0.01%).\n"
    ))  # fmt: skip
    assert ("2023-01-31", "MRD-negative") in _remissions(case)


def test_the_same_remission_told_mrd_negative_elsewhere_is_mrd_negative():
    case = _case(
        ("a_marrow.txt", "BONE MARROW REPORT\nCollected: 17/05/2023\n"
                         "Impression: Morphological remission (blasts 2%).\n"),
        ("b_flow.txt", "FLOW CYTOMETRY MRD REPORT\nSpecimen: Bone marrow aspirate\n"
                       "Collected: 17/05/2023\nClinical details: T-ALL, tisagenlecleucel "
                       "infused on 19/04/2023.\nResult: MRD negative (<0.01%).\n"),
    )  # fmt: skip
    assert ("2023-05-17", "MRD-negative") in _remissions(case)
    assert ("2023-05-17", "CR") not in _remissions(case)
