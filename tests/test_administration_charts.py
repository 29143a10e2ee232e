"""A day unit's administration chart: each row a dose given, its next course a plan."""

from __future__ import annotations

import pytest

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts

HEAD = (
    "CHEMOTHERAPY SUITE - ADMINISTRATION CHART\n"
    "Patient: TESTER Alan   MRN 7700123\n\n"
    "Date        Cycle/Day        Drug given                                   Sign\n"
)


def courses(f: CaseFacts) -> list[tuple[str | None, str | None, int | None]]:
    return sorted((e.name, e.date, e.cycle) for e in f.events if e.kind == "regimen")


@pytest.mark.parametrize(
    "plan",
    [
        "Next: C3 D1 due 16/04/2024. Review in clinic beforehand.",
        "C3 D1 due 16/04/2024, review in clinic beforehand.",
        "Next: C3 D1 16/04/2024.",
        "C3 booked 16/04/2024.",
    ],
)
def test_the_next_course_under_a_chart_is_a_plan_not_a_course_given(
    facts: Facts, plan: str
) -> None:
    f = facts(
        {
            "chart.txt": HEAD
            + "13/01/2024  C1 D1            Decitabine 20 mg/m2 IV                       JS\n"
            "14/02/2024  C2 D1            Decitabine 20 mg/m2 IV                       JS\n"
            f"\n{plan}\n"
        }
    )
    assert courses(f) == [("DECITABINE", "2024-01-13", 1), ("DECITABINE", "2024-02-14", 2)]


def test_a_treatment_given_for_a_reason_is_still_given(facts: Facts) -> None:
    f = facts(
        {"a.txt": "Clinic date: 20/02/2024\nDLI given on 14/02/2024 due to falling chimerism.\n"}
    )
    assert [(e.kind, e.date) for e in f.events if e.kind == "dli"] == [("dli", "2024-02-14")]


def test_a_later_day_of_a_charted_cycle_is_a_dose_inside_that_course(facts: Facts) -> None:
    f = facts(
        {
            "chart.txt": HEAD
            + "13/01/2024  C1 D1            Decitabine 20 mg/m2 IV                       JS\n"
            "19/01/2024  C1 D7            Decitabine 20 mg/m2 IV                       JS\n"
            "14/02/2024  C2 D1            Decitabine 20 mg/m2 IV                       JS\n"
            "22/02/2024  C2 D9            Decitabine 20 mg/m2 IV                       MP\n"
        }
    )
    assert courses(f) == [("DECITABINE", "2024-01-13", 1), ("DECITABINE", "2024-02-14", 2)]


def test_a_later_day_after_a_drug_abbreviation_in_its_own_cell_is_no_new_course(
    facts: Facts,
) -> None:
    f = facts(
        {
            "chart.txt": "Date        Day            Treatment                 Dose\n"
            "13/03/2024  InO C1 D1      Inotuzumab ozogamicin     0.8 mg/m2 IV\n"
            "20/03/2024  InO C1 D8      Inotuzumab ozogamicin     0.5 mg/m2 IV\n"
            "10/04/2024  InO C2 D1      Inotuzumab ozogamicin     0.5 mg/m2 IV\n"
            "17/04/2024  InO C2 D8      Inotuzumab ozogamicin     0.5 mg/m2 IV\n"
        }
    )
    assert courses(f) == [("INOTUZUMAB", "2024-03-13", 1), ("INOTUZUMAB", "2024-04-10", 2)]


@pytest.mark.parametrize("gap", ["  ", " | "])
def test_drugs_a_semicolon_parts_in_one_charted_row_are_one_course(facts: Facts, gap: str) -> None:
    row = f"14/08/2024{gap}C2 D1{gap}Azacitidine 140 mg SC; venetoclax 400 mg OD{gap}RP"
    f = facts({"chart.txt": "Day care drug administration\n\n" + row + "\n"})
    assert courses(f) == [("AZA+VEN", "2024-08-14", 2)]


def test_a_semicolon_after_a_dose_in_prose_still_parts_two_lines_of_therapy(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic date: 02/05/2024\nBoth stopped for intolerance, "
            "in turn: imatinib 400 mg; dasatinib 100 mg.\n"
        }
    )
    assert [name for name, _, _ in courses(f)] == ["DASATINIB", "IMATINIB"]
