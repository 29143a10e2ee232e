"""Courses weighed but not given, states restated in follow-up letters, and the like."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_course_considered_on_a_date_but_not_given_is_no_course(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Discharge summary 12/06/2024\nTreatment history:\n"
            "- CPX-351 considered 04/2024 but not given (frailty, sepsis).\n"
            "- Azacitidine started 04/2024.\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("AZA", "2024-04")]


_LETTER = (
    "Transplant clinic letter\nDate: 14/09/2023\n\n"
    "I reviewed Mr Stone today for follow-up of his relapsed AML after allogeneic "
    "transplant. In brief:\n"
    "- 06/01/2022: allogeneic HSCT from a matched unrelated donor.\n"
    "- 20/05/2023: marrow 28% blasts - relapse.\n"
    "- 02/06/2023: azacitidine + venetoclax C1.\n"
    "- 11/08/2023: marrow 2% blasts, CRi.\n\n"
    "Impression\n"
)


def test_the_relapsed_disease_a_letter_follows_up_is_no_relapse_of_its_day(
    facts: Facts,
) -> None:
    f = facts({"a.txt": _LETTER + "1. Counts recovering; continue aza/ven.\n"})
    assert [r.date for r in kinds(f, "relapse")] == ["2023-05-20"]


def test_a_relapsed_disease_now_in_remission_retells_both_states(facts: Facts) -> None:
    f = facts({"a.txt": _LETTER + "1. Relapsed AML post MUD allograft, now CRi after two "
               "cycles of aza/ven.\n"})  # fmt: skip
    assert [r.date for r in kinds(f, "relapse")] == ["2023-05-20"]
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [("2023-08-11", "CRi")]


def test_a_marrow_told_mrd_negative_elsewhere_on_its_day_is_an_mrd_negative_remission(
    facts: Facts,
) -> None:
    marrow = (
        "Bone marrow report\nSpecimen: Bone marrow aspirate\nCollected: 16/06/2023\n\n"
        "Conclusion: morphological CR, 1% blasts.\n"
    )
    summary = (
        "Discharge summary 30/06/2023\n"
        "- Axicabtagene ciloleucel infused 19/05/2023.\n"
        "- Day +28 marrow: MRD-negative CR.\n"
    )
    f = facts({"a.txt": marrow, "b.txt": summary})
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [("2023-06-16", "MRD-negative")]


def test_drugs_an_ngs_report_names_as_a_variants_targets_are_no_courses(facts: Facts) -> None:
    ngs = (
        "Myeloid NGS panel\nCollected: 02/03/2023\n\n"
        "Results: IDH1 R132H VAF 31%; FLT3-TKD D835Y VAF 12%.\n"
        "Interpretation: IDH1 R132H is a potential target for ivosidenib; FLT3-TKD for "
        "gilteritinib.\n"
    )
    assert kinds(facts({"a.txt": ngs}), "regimen") == []
    given = facts({"a.txt": "Clinic letter 30/05/2023\nGilteritinib started 25/04/2023.\n"})
    assert [(r.name, r.date) for r in kinds(given, "regimen")] == [("GILTERITINIB", "2023-04-25")]


def test_a_history_items_date_is_its_first_course_and_a_later_start_another(
    facts: Facts,
) -> None:
    item = "- 14/06/2023: decitabine 20 mg/m2 D1-5 + venetoclax 400 mg (C1); C2 started 19/07/2023."
    f = facts({"a.txt": f"Clinic letter\nDate: 30/09/2023\n\nHistory:\n{item}\n"})
    courses = [(r.name, r.date, r.cycle) for r in kinds(f, "regimen")]
    assert courses == [("DEC+VEN", "2023-06-14", 1), ("DEC+VEN", "2023-07-19", 2)]


def test_a_response_cell_mrd_negative_with_its_own_date_is_the_courses_remission(
    facts: Facts,
) -> None:
    table = (
        "Referral letter\nDate: 15/08/2022\n\nTreatment history\n"
        "Date | Treatment | Response\n"
        "18/03/2022 | Blinatumomab C1 | MRD positive (flow, 0.4%)\n"
        "19/04/2022 | Blinatumomab C2 | MRD negative (flow, 17/05/2022)\n"
    )
    f = facts({"a.txt": table})
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [("2022-05-17", "MRD-negative")]
