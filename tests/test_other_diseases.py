"""Another disease of the patient's (a lymphoma, a cancer): its history is not the leukaemia's."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


def test_a_lymphomas_relapse_courses_and_autograft_are_not_the_leukaemias(facts: Facts) -> None:
    f = facts(
        {
            "w.txt": "Ward summary 20/07/2023\n"
            "Past history: follicular lymphoma 2014 (R-CVP x8), relapse 2016 -> R-DHAP x2 "
            "(rituximab, dexamethasone, high-dose cytarabine 2 g/m2, cisplatin) + BEAM autograft "
            "12/03/2017, in CMR since.\n"
            "AML diagnosed on marrow 04/05/2023. DA started 08/05/2023. "
            "Day 28 marrow 06/06/2023: morphological CR.\n"
        }
    )
    assert kinds(f, "relapse") == [] and kinds(f, "transplant") == []
    assert [(r.name, r.date) for r in kinds(f, "regimen")] == [("DA", "2023-05-08")]
    assert [e.date for e in kinds(f, "remission")] == ["2023-06-06"]


def test_a_lymphoma_clinics_table_and_engraftment_are_that_diseases(facts: Facts) -> None:
    f = facts(
        {
            "lymphoma letter.txt": "Lymphoma clinic 02/06/2017\n"
            "Diagnosis: DLBCL, stage IIA (diagnosed 01/2015)\n"
            "Date | Treatment | Response\n"
            "02/2015 - 06/2015 | R-CHOP x6 | CMR (PET-CT 07/2015)\n"
            "05/05/2017 | Autologous SCT, BEAM conditioning | -\n"
            "Seen on day +28 after his autograft. Neutrophils engrafted on day +12 "
            "(17/05/2017) and platelets on day +15 (20/05/2017).\n",
            "aml letter.txt": "Haematology clinic 10/10/2023\n"
            "AML diagnosed 12/08/2023; allogeneic HSCT on 01/10/2023. "
            "Neutrophil engraftment on day +16 (17/10/2023).\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2023-10-01"]
    assert kinds(f, "remission") == [] and kinds(f, "regimen") == []
    assert [e.date for e in kinds(f, "engraftment")] == ["2023-10-17"]


def test_a_leukaemia_in_the_clause_keeps_its_own_course(facts: Facts) -> None:
    f = facts(
        {
            "n.txt": "Clinic 01/04/2023\n"
            "t-AML, 5 years after R-CHOP for DLBCL, received CPX-351 on 23/02/2023.\n"
        }
    )
    assert [(r.name, r.date) for r in kinds(f, "regimen")] == [("CPX-351", "2023-02-23")]


def test_a_problem_lists_lymphoma_in_remission_is_no_leukaemia_remission(facts: Facts) -> None:
    f = facts(
        {
            "gp.txt": "Letter 14/03/2023\nProblems:\n1 Acute myeloid leukaemia (relapsed 2022)\n"
            "2 Mantle cell lymphoma (in remission); type 2 diabetes; influenza A (01/2023)\n"
        }
    )
    assert kinds(f, "remission") == []


@pytest.mark.parametrize(
    "letterhead",
    [
        "Northshire Haematological Malignancy Diagnostic Service (NHMDS)",
        "Northshire Haematological Malignancy Diagnostic Servic MDS)",  # OCR lost 'e (NH'
        "Regional Diagnostic Serv1ce (RHMDS)",
    ],
)
def test_a_lab_service_s_name_in_a_letterhead_names_no_disease(
    facts: Facts, letterhead: str
) -> None:
    f = facts(
        {
            "report.txt": f"{letterhead}\nIntegrated haematopathology report\n"
            "Specimen: bone marrow aspirate   Collected: 11/04/2023\n\n"
            "Conclusion: relapsed acute myeloid leukaemia, 34% blasts.\n"
        }
    )
    assert [e.label for e in kinds(f, "diagnosis") if e.date] == []
    assert [r.date for r in kinds(f, "relapse")] == ["2023-04-11"]
