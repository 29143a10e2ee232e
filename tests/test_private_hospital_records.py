"""Indian, Pakistani and Gulf private-hospital records: letterheads, idioms, dating."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_letterheads_services_are_not_the_patients(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Our Services: Allogeneic BMT | Haploidentical BMT | Cord Blood Transplant"
            " | CAR-T Cell Therapy | ECP | DLI\n"
            "Diagnosis: AML, s/p Matched Sibling Donor allogeneic PBSCT (Day 0 = 23.07.2023)",
            "b.txt": "Services: Bone Marrow Transplant Unit | CAR-T Centre | Leukaemia Clinic\n"
            "Dr. A. Verma, DM (Haematology) - Consultant, CAR-T & Cellular Therapy\n"
            "Dr. K. Rao, MBBS, Fellowship Adult Haem & BMT\nClinic review 02.09.2023.",
        }
    )
    [tx] = kinds(f, "transplant")
    assert (tx.date, tx.grafts) == ("2023-07-23", ("PBSC",))
    assert kinds(f, "car_t") == [] and kinds(f, "dli") == []


def test_a_response_bracketed_after_a_courses_start_is_not_dated_by_it(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Discharge summary\n"
            "Azacitidine + Venetoclax cycle 1 from 13/02/2023 (CRi on D28 marrow)."
        }
    )
    [course] = kinds(f, "regimen")
    [cri] = kinds(f, "remission")
    assert (course.name, course.date) == ("AZA+VEN", "2023-02-13")
    assert cri.date is None  # found on day 28, later than the course's first day


def test_a_site_found_clear_neither_types_nor_dates_a_relapse(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Final Diagnosis:\n1. Relapsed B-ALL (late marrow relapse, 12-03-2023), "
            "CNS negative (CSF cytospin 19-03-2023: no blasts)"
        }
    )
    assert [(e.date, e.type) for e in kinds(f, "relapse")] == [("2023-03-12", "haematological")]
    spread = facts({"b.txt": "Relapse (CNS, CSF cytospin 19-03-2023: 40 blasts/uL)."})
    assert [(e.date, e.type) for e in kinds(spread, "relapse")] == [
        ("2023-03-19", "extramedullary")
    ]


def test_three_plus_seven_is_seven_plus_three(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Discharge summary\nDiagnosed with AML (NPM1+) and after informed consent "
            "he was started on induction chemotherapy with 3+7 on 14.03.2023."
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("DA", "2023-03-14")]
    assert [e.date for e in kinds(f, "diagnosis")] == [None]
    for schedule in ("7+3", "3+7"):  # idarubicin named with the schedule takes daunorubicin's place
        ida = facts(
            {"b.txt": f"Note 01/11/2022\nInduction {schedule} with idarubicin from 10/05/2022."}
        )
        assert [e.name for e in kinds(ida, "regimen")] == ["IA"]


def test_the_last_course_starting_a_date_is_the_last_of_the_count(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 10/09/2023\nShe received five cycles of Azacitidine + Venetoclax, "
            "the last (C5) starting 26/06/2023."
        }
    )
    courses = kinds(f, "regimen")
    assert sorted((e.date or "", e.cycle or 0) for e in courses) == [("", 0)] * 4 + [
        ("2023-06-26", 5)
    ]


def test_treatments_not_available_or_only_considered_are_not_given(facts: Facts) -> None:
    note = (
        "Clinic note 12/05/2023\n"
        "- CAR-T not available locally; referral abroad not feasible due to cost.\n"
        "CAR-T is not an option for AML.\n"
        "Options (FLAG-IDA re-induction vs blinatumomab vs inotuzumab) discussed with family "
        "in MDT.\n"
        "Gilteritinib considered but not started.\n"
        "HiDAC x1 to be considered.\n"
    )
    assert facts({"n.txt": note}).events == ()
    given = facts({"g.txt": "Clinic note 12/05/2023\nHiDAC x1 was given on 10/05/2023."})
    assert [e.name for e in kinds(given, "regimen")] == ["HiDAC"]


def test_aml_mr_gm_percent_and_thousands_per_cubic_millimetre(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Report 10/02/2023\nDiagnosis (05/02/2023): AML-MR.\n"
            "CBC 05/02/2023: WBC 2.1 thou/mm3, platelets 38 thou/mm3\n",
            "b.txt": "CBC\nDate | Hb(gm%) | TLC(/cumm)\n08/03/2023 | 7.2 | 86400\n",
        }
    )
    assert [e.label for e in kinds(f, "diagnosis")] == ["AML"]
    values = sorted((m.analyte, m.value) for m in f.measurements)
    assert values == [("hb", 72.0), ("plt", 38.0), ("wbc", 2.1), ("wbc", 86.4)]


def test_a_drug_forms_abbreviation_does_not_end_the_sentence(facts: Facts) -> None:
    # 'Inj.', 'Tab.', 'Cap.', 'Syp.' before a drug name are abbreviations, as 'Dr.' is: the
    # course's date after the bracket is still in the sentence that names the course
    f = facts(
        {
            "a.txt": "Discharge summary\n"
            "Received HiDAC (Inj. Cytarabine 3 g/m2) from 21/04/2023.\n"
            "Started AZA+VEN (Inj. Azacitidine + Tab. Venetoclax) from 14/02/2024.",
            "b.txt": "Discharge summary\n3+7 (Inj. Daunorubicin 60 mg/m2 D1-3 + "
            "INJ. CYTARABINE 100 mg/m2 D1-7) from 15.03.23.",
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("DA", "2023-03-15"),
        ("HiDAC", "2023-04-21"),
        ("AZA+VEN", "2024-02-14"),
    ]
