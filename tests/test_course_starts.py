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
