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
