"""The depth a sentence settles on is the remission's: a bracketed CRi after 'CR with incomplete
platelet recovery', and an MRD-negative result told after a course's arrow, whatever positive
MRD the course was given for."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_cr_with_incomplete_platelet_recovery_is_cri(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter\nDate: 20/02/2024\n\nImpression: morphological CR with "
            "incomplete platelet recovery (CRi), flow MRD positive.\n"
        }
    )
    assert [r.depth for r in kinds(f, "remission")] == ["CRi"]


def test_the_positive_mrd_a_course_was_given_for_is_not_its_result_s(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter\nDate: 20/02/2024\n\nHistory:\n"
            "- Blinatumomab x1 cycle 08/2021 for MRD+ disease -> MRD negative (<0.01%) "
            "09/2021, CR1.\n"
        }
    )
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [("2021-09", "MRD-negative")]


def test_a_positive_mrd_after_the_arrow_still_makes_it_no_mrd_negative_cr(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter\nDate: 20/02/2024\n\nHistory:\n"
            "- FLAG-Ida 08/2021 -> flow MRD negative, NPM1 MRD 0.42% 09/2021, CR2.\n"
        }
    )
    assert [r.depth for r in kinds(f, "remission")] == ["CR"]


def test_mrd_negative_after_a_protocol_phase_is_an_mrd_negative_remission_of_its_date(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 02/05/2021\nTreatment summary:\n"
            "1. UKALL 2011 induction from 03/02/2020; Phase 2 04/2020. CR1 after induction "
            "(marrow 05/03/2020); MRD negative after Phase 2 (28/05/2020).\n"
        }
    )
    got = [(r.date, r.depth) for r in kinds(f, "remission")]
    # the CR1's bracketed marrow stays its own; the later date is the MRD-negative remission's
    assert got == [("2020-03-05", "CR"), ("2020-05-28", "MRD-negative")]
