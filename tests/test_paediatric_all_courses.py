"""Paediatric ALL courses: protocol phases, relapse blocks and the regimens they are named by."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


def _courses(f) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.name, e.date) for e in kinds(f, "regimen")]


def test_a_bfm_course_table_names_its_phases_dated_by_the_row_not_the_study_year(
    facts: Facts,
) -> None:
    f = facts(
        {
            "verlauf.txt": "Therapieverlauf:\n"
            "03.03.2020 | Protokoll IA (AIEOP-BFM ALL 2017) | Prednison-Good-Response\n"
            "07.04.2020 | Protokoll IB\n"
            "11.05.2020 | HR-2 | gut vertragen\n"
            "06.07.2020 | Protokoll II\n"
            "21.09.2020 | Dauertherapie (6-MP/MTX)\n",
        }
    )
    assert _courses(f) == [
        ("PROTOCOL IA", "2020-03-03"),  # not IA (idarubicin + cytarabine), not dated 2017
        ("PROTOCOL IB", "2020-04-07"),
        ("HR-2", "2020-05-11"),
        ("PROTOCOL II", "2020-07-06"),
        ("MAINTENANCE", "2020-09-21"),
    ]


def test_phase_words_name_courses_only_in_an_all_protocol_s_records(facts: Facts) -> None:
    f = facts(
        {
            "ukall.txt": "Treated on UKALL 2011, regimen B.\nInduction started 22/10/2018.\n"
            "Delayed intensification from 14/02/2019.\nMaintenance started 15/04/2019.\n",
            "aml.txt": "Induction with DA started 15/01/2021. "
            "Consolidation with HiDAC from 20/02/2021.\n",
        }
    )
    assert _courses(f) == [
        ("INDUCTION", "2018-10-22"),
        ("DELAYED INTENSIFICATION", "2019-02-14"),
        ("MAINTENANCE", "2019-04-15"),
        ("DA", "2021-01-15"),  # an AML letter's 'induction' is the phase of its DA
        ("HiDAC", "2021-02-20"),
    ]


@pytest.mark.parametrize(
    "protocol",
    ["MCP-841 protocol", "modified BFM-90", "BFM 95 protocol", "ICiCLe-ALL-14", "GRAALL-2014"],
)
def test_south_asian_and_french_all_protocols_make_their_phases_courses(
    facts: Facts, protocol: str
) -> None:
    f = facts(
        {
            "letter.txt": "Referral letter\nDate: 14/02/2024\nPre-B ALL diagnosed on 21/06/2021. "
            f"Treated on {protocol}: induction from 24/06/2021, consolidation (Sep 2021), "
            "then oral maintenance from Feb 2022.\n"
        }
    )
    assert _courses(f) == [
        ("INDUCTION", "2021-06-24"),
        ("CONSOLIDATION", "2021-09"),
        ("MAINTENANCE", "2022-02"),
    ]


def test_relapse_protocol_blocks(facts: Facts) -> None:
    f = facts(
        {
            "r3.txt": "ALL R3 Block 2 started 20/06/2021.\n",
            "rez.txt": "Block F2 ab 01.08.2021, danach Block R2 ab 30.08.2021.\n",
        }
    )
    assert _courses(f) == [
        ("ALL-R3 BLOCK 2", "2021-06-20"),
        ("F2", "2021-08-01"),
        ("R2", "2021-08-30"),
    ]


def test_a_written_regimen_name_wins_over_a_smaller_regimen_of_its_drugs(facts: Facts) -> None:
    f = facts(
        {
            "fla.txt": "FLA-Ida from 18/08/2022: fludarabine 30 mg/m2 d1-5, cytarabine 2 g/m2 "
            "d1-5 and idarubicin 8 mg/m2 d3-5.\n",
        }
    )
    assert _courses(f) == [("FLA-IDA", "2022-08-18")]  # not IA: fludarabine is its backbone


def test_planen_wir_is_a_plan(facts: Facts) -> None:
    f = facts(
        {
            "plan.txt": "Wegen des Rückfallrisikos planen wir ab Tag +120 eine DLI vom Bruder.\n"
            "Die DLI erhielt er am 02.05.2023.\n",
        }
    )
    assert [e.date for e in kinds(f, "dli")] == ["2023-05-02"]
