"""When a course began: a held or stopped date ends a treatment, a later day of a cycle is
inside a course begun before, and a drug's administration row is no new course."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def _courses(f) -> list[tuple[str, int | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.name, e.cycle, e.date) for e in kinds(f, "regimen")]


def test_a_held_date_ends_the_treatment_and_the_bullet_date_starts_it(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Clinic Note\nDate of Service: 03/14/2023\n\nOncologic History:\n"
            "- 01/10/2022: Diagnosed with AML, FLT3-ITD positive.\n"
            "- 06/06/2022: Matched unrelated donor allogeneic HCT.\n"
            "- 08/15/2022: Sorafenib maintenance 400 mg BID started D+70; held 10/30/2022 "
            "for grade 3 rash, not resumed.\n"
            "- 11/21/2022: Decitabine started; stopped on 12/30/2022.\n",
        }
    )
    assert _courses(f) == [
        ("SORAFENIB", None, "2022-08-15"),
        ("DECITABINE", None, "2022-11-21"),
    ]


_MAR = (
    "Medication Administration Record\nEncounter: 02/13/2024\n\n"
    "Scheduled | Medication | Dose | Route | Action\n"
    "02/13/2024 0900 | ondansetron 8 mg tab | 8 mg | PO | Given\n"
    "02/13/2024 1000 | Donor lymphocyte infusion (DLI) 1 x 10^6 CD3+ cells/kg | IV | Given\n"
    "02/14/2024 0800 | sorafenib (NEXAVAR) 400 mg tab | 400 mg | PO | Patient supplied\n"
    "02/14/2024 2000 | sorafenib (NEXAVAR) 400 mg tab | 400 mg | PO | Not given\n"
)


def test_a_patient_supplied_dose_on_a_mar_starts_no_course(facts: Facts) -> None:
    f = facts(
        {
            "mar.txt": _MAR,
            "note.txt": "Clinic Note\nDate of Service: 02/20/2024\n"
            "- 10/02/2023: Sorafenib maintenance started.\n",
        }
    )
    assert _courses(f) == [("SORAFENIB", None, "2023-10-02")]
    assert [e.date for e in kinds(f, "dli")] == ["2024-02-13"]  # a dose given is one


def test_a_bracketed_schedule_note_does_not_part_a_combination(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Progress Note\nDate of Service: 11/20/2023\n"
            "- 10/16/2023: Started venetoclax 400 mg daily (ramp-up) + azacitidine 75 mg/m2 "
            "D1-7, C1D1 10/16/2023.\n",
        }
    )
    assert _courses(f) == [("AZA+VEN", 1, "2023-10-16")]


def test_a_later_day_of_a_cycle_is_inside_the_course_begun_before(facts: Facts) -> None:
    f = facts(
        {
            "consult.txt": "Cellular Therapy Consult\nDate: 06/10/2022\nOncologic History:\n"
            "- 03/07/2022: Inotuzumab ozogamicin C1 started.\n"
            "- 04/04/2022: InO C2 D1.\n"
            "He completed InO C2 D15 on 04/18/2022. Day 8 of cycle 2 of InO was given on "
            "04/11/2022.\n",
            "note.txt": "Progress Note\nDate of Service: 11/20/2023\n"
            "- 10/16/2023: Azacitidine + venetoclax C1D1.\n"
            "Seen today on C1D5 of ven/aza.\n",
        }
    )
    assert _courses(f) == [
        ("INOTUZUMAB", 1, "2022-03-07"),
        ("INOTUZUMAB", 2, "2022-04-04"),
        ("AZA+VEN", 1, "2023-10-16"),
    ]


def test_a_date_then_a_course_number_continues_the_regimen_just_named(facts: Facts) -> None:
    f = facts(
        {
            "consult.txt": "Consult Note\nDate: 05/20/2022\nOncologic History:\n"
            "- 04/12/2021: Hyper-CVAD course 1A; 05/10/2021 course 1B (HD MTX/Ara-C).\n"
            "- 01/04/2022: FLAG-Ida cycle 1; 02/08/2022 cycle 2.\n",
        }
    )
    assert _courses(f) == [
        ("HYPER-CVAD", 1, "2021-04-12"),
        ("HYPER-CVAD", None, "2021-05-10"),  # the half of course 1: numbered by no count
        ("FLAG-IDA", 1, "2022-01-04"),
        ("FLAG-IDA", 2, "2022-02-08"),
    ]


def test_pomp_is_the_adult_all_maintenance_regimen(facts: Facts) -> None:
    f = facts(
        {
            "consult.txt": "Consult Note\nDate: 05/20/2022\nOncologic History:\n"
            "- 07/12/2021: Blinatumomab cycle 1.\n"
            "Started POMP maintenance 10/2021.\n"
            "Medications:\nmercaptopurine 50 mg tablet (POMP) | 10/04/2021 | 03/08/2022\n",
        }
    )
    assert _courses(f) == [("BLINATUMOMAB", 1, "2021-07-12"), ("POMP", None, "2021-10")]


def test_a_range_of_two_months_of_one_year_starts_a_course_in_its_first_month(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter\nDate: 21/04/2021\n\nTreatment so far:\n"
            "- Induction with FLAG-Ida 08-09/2020, CR1.\n"
            "- 2 cycles of HiDAC 10.-11.2020.\n"
        }
    )
    assert [(r.name, r.date) for r in kinds(f, "regimen")] == [
        ("FLAG-IDA", "2020-08"),
        ("HiDAC", "2020-10"),
        ("HiDAC", "2020-11"),
    ]


def test_a_cycle_list_set_out_in_columns_or_on_the_next_line_dates_each_cycle(
    facts: Facts,
) -> None:
    # a line ending ':' opens its list on the next line; a wide gap parts 'Cn DATE' items as a
    # comma does: each is a course of the drug named above, dated by its own date
    drug = "- Decitabine 20 mg/m2 IV days 1-5, every 4 weeks:"
    cycles = "C1 03/15/2023   C2 04/12/2023   C3 05/17/2023"
    for layout in ("\n  ", " "):
        text = f"Progress note\nDate of service: 07/20/2023\nTherapy:\n{drug}{layout}{cycles}\n"
        assert _courses(facts({"n.txt": text})) == [
            ("DECITABINE", 1, "2023-03-15"),
            ("DECITABINE", 2, "2023-04-12"),
            ("DECITABINE", 3, "2023-05-17"),
        ]


def test_a_cycles_date_that_another_number_heads_is_not_the_first_cycles(facts: Facts) -> None:
    # C1 and C2's days cannot be read (day and month unsettled): C3's date stays C3's
    text = (
        "Progress note\nTherapy:\n- Decitabine 20 mg/m2 IV days 1-5:\n"
        "  C1 03/04/2023   C2 04/02/2023   C3 05/05/2023\n"
    )
    assert _courses(facts({"n.txt": text})) == [("DECITABINE", 3, "2023-05-05")]
