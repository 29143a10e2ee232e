"""A listed course's number goes with the date told after it, a verb between them or not."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


@pytest.mark.parametrize(
    "told",
    [
        "cycle 1 from 04/04/2022 and cycle 2 started on 02/05/2022",
        "cycle 1 from 04/04/2022 and cycle 2 commenced on 02/05/2022",
    ],
)
def test_each_cycle_number_goes_with_the_date_after_it(facts: Facts, told: str) -> None:
    f = facts(
        {
            "letter.txt": "Referral letter\nDate: 01/08/2022\n\nHaematology history\n"
            f"She has had HiDAC consolidation {told}. Both were well tolerated.\n"
        }
    )
    got = [(e.date, e.name, e.cycle) for e in kinds(f, "regimen")]
    assert got == [("2022-04-04", "HiDAC", 1), ("2022-05-02", "HiDAC", 2)]


@pytest.mark.parametrize("bracket", ["", " (imatinib 400 mg carried on throughout)"])
def test_a_listed_cycle_with_its_first_day_is_the_next_course_of_the_drug_named(
    facts: Facts, bracket: str
) -> None:
    f = facts(
        {
            "letter.txt": "Haematology clinic letter\nClinic date: 02/05/2024\nSalvage given:\n"
            f"* Inotuzumab ozogamicin C1 D1 05/02/2024, C2 D1 04/03/2024{bracket}.\n"
        }
    )
    dated = [(e.date, e.name, e.cycle) for e in kinds(f, "regimen") if e.date]
    assert dated == [("2024-02-05", "INOTUZUMAB", 1), ("2024-03-04", "INOTUZUMAB", 2)]


@pytest.mark.parametrize(
    ("told", "name"),
    [
        (
            "Hyper-CVAD course 1A commenced 15/01/2024 with imatinib 600 mg od from day 1",
            "HYPER-CVAD+IMATINIB",
        ),
        ("FLAG-Ida started on 15/01/2024 with venetoclax 100 mg", "FLAG-IDA+VEN"),
        ("FLAG-Ida started 15/01/2024 with G-CSF support", "FLAG-IDA"),
    ],
)
def test_a_drug_with_which_a_course_began_on_its_date_is_part_of_that_course(
    facts: Facts, told: str, name: str
) -> None:
    f = facts({"letter.txt": f"Discharge summary\nDate: 02/03/2024\n{told}, well tolerated.\n"})
    assert [(e.date, e.name) for e in kinds(f, "regimen")] == [("2024-01-15", name)]


def test_cycles_listed_with_ranges_each_start_on_their_first_date(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Discharge summary 13/11/2023\n\nTherapy so far\n"
            "Inotuzumab C1 16/03/2023-12/04/2023; C2 24/04/2023-21/05/2023\n"
        }
    )
    # a range's last date ends its cycle: the list goes on with the next cycle's first date
    got = [(e.date, e.name, e.cycle) for e in kinds(f, "regimen")]
    assert got == [("2023-03-16", "INOTUZUMAB", 1), ("2023-04-24", "INOTUZUMAB", 2)]


def test_hyper_cvad_parts_listed_in_a_bracket_each_take_their_own_day(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Transplant clinic letter 21/10/2022\n\nHistory\n"
            "Hyper-CVAD + imatinib x 4 courses (1A 14/01/22, 1B 15/02/22, 2A 16/03/22, "
            "2B 19/04/22), then a sibling allograft.\n"
        }
    )
    # each part label heads its own course's day: no range from the first to the last
    got = [(e.date, e.confidence >= 0.9) for e in kinds(f, "regimen")]
    assert got == [
        ("2022-01-14", True),
        ("2022-02-15", True),
        ("2022-03-16", True),
        ("2022-04-19", True),
    ]
