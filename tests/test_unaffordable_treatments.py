"""A treatment that could not be given for its cost was not given.

Indian summaries tell a plan that fell through for money: 'Allo-SCT which was planned in July
2023 could not be done due to financial constraints'. The relative clause that dates the plan
does not make the transplant a done one.
"""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds

_HEAD = "Death Summary\nDate of death: 12/10/2023\n\nCourse: Relapsed AML in June 2023. "


@pytest.mark.parametrize(
    "told",
    [
        "Allo-SCT which was planned in July 2023 could not be done due to financial constraints.",
        "Matched unrelated HSCT was advised in July 2023 but not done due to cost.",
        "Haplo-SCT in July 2023 was not affordable for the family.",
    ],
)
def test_a_transplant_not_done_for_its_cost_is_no_transplant(facts: Facts, told: str) -> None:
    f = facts({"summary.txt": _HEAD + told + " He died of sepsis.\n"})
    assert kinds(f, "transplant") == []
    assert [e.date for e in kinds(f, "relapse")] == ["2023-06"]


def test_a_transplant_done_after_its_plan_is_kept(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Discharge Summary\nDate of discharge: 30/08/2023\n\n"
            "Course: Allo-SCT, which was planned for July 2023, was done on 02/08/2023.\n"
        }
    )
    assert len(kinds(f, "transplant")) == 1  # its plan's clause negates nothing
