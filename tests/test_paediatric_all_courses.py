"""Paediatric ALL courses: protocol phases, relapse blocks and the regimens they are named by."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def _courses(f) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.name, e.date) for e in kinds(f, "regimen")]


def test_a_written_regimen_name_wins_over_a_smaller_regimen_of_its_drugs(facts: Facts) -> None:
    f = facts(
        {
            "fla.txt": "FLA-Ida from 18/08/2022: fludarabine 30 mg/m2 d1-5, cytarabine 2 g/m2 "
            "d1-5 and idarubicin 8 mg/m2 d3-5.\n",
        }
    )
    assert _courses(f) == [("FLA-IDA", "2022-08-18")]  # not IA: fludarabine is its backbone
