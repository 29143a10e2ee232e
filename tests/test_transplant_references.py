"""A transplant named as a time point (after one, counted from one) is no new transplant."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_day_count_after_a_hyphenated_transplant_name_makes_no_transplant(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter\nDate: 14/05/2024\n"
            "Axicabtagene infusion 02/02/2023.\nHaploidentical allo-SCT 11/07/2023.\n\n"
            "Marrow 20/03/2024: second relapse of B-ALL after CAR-T and haplo-SCT, "
            "day +253 post SCT.\n",
        }
    )
    assert [t.date for t in kinds(f, "transplant")] == ["2023-07-11"]
    assert [r.date for r in kinds(f, "relapse")] == ["2024-03-20"]

