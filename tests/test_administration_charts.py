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
