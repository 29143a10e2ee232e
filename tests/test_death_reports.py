"""What a letter tells of a death (its date, the disease owed it) and what its title does not."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


@pytest.mark.parametrize(
    "sentence",
    [
        "Mrs Jones died at the hospice on 01/02/2025 from relapsed AML.",
        "Mrs Jones died on 01/02/2025 from relapsed AML.",
        "He passed away peacefully in hospital on 01/02/2025 due to relapsed AML.",
        "She died on the ward on 01/02/2025 secondary to relapse of her leukaemia.",
    ],
)
def test_a_cause_of_death_restates_the_disease_and_leaves_the_date_to_the_death(
    facts: Facts, sentence: str
) -> None:
    f = facts({"letter.txt": f"Clinic date: 17/01/2025\n{sentence}\n"})
    assert [d.date for d in kinds(f, "death")] == ["2025-02-01"]
    assert kinds(f, "relapse") == []


@pytest.mark.parametrize(
    "field", ["Cause of death: relapsed AML", "Primary cause of death - relapsed leukaemia"]
)
def test_a_forms_cause_of_death_field_restates_the_disease(facts: Facts, field: str) -> None:
    f = facts(
        {
            "registry.txt": "Follow-up form\nForm completed on: 14/03/2025\n"
            f"Survival status: dead\nDate of death: 27/02/2025\n{field}\n"
        }
    )
    assert [d.date for d in kinds(f, "death")] == ["2025-02-27"]
    assert kinds(f, "relapse") == []


def test_a_notes_head_date_is_not_the_date_of_the_death_it_reports(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic date: 17/01/2025\n"
            "Addendum 03/02/2025: Mrs Jones died at the hospice on 01/02/2025.\n"
        }
    )
    (death,) = kinds(f, "death")
    assert (death.date, death.confidence >= 0.9) == ("2025-02-01", True)


def test_a_relapse_before_the_death_is_still_told(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic date: 17/01/2025\n"
            "Haematological relapse on 02/12/2024 with 40% marrow blasts.\n"
            "She died on 01/02/2025 from relapsed AML.\n"
        }
    )
    assert [r.date for r in kinds(f, "relapse")] == ["2024-12-02"]
    assert [d.date for d in kinds(f, "death")] == ["2025-02-01"]


@pytest.mark.parametrize(
    "title",
    [
        "Re: Relapsed AML - clinic letter, 04/02/2024",
        "One-year follow-up and relapse letter     Date: 04/02/2024",
        "Subject: relapse after allogeneic transplant",
    ],
)
def test_a_letters_subject_line_is_no_finding_of_the_day_it_was_typed(
    facts: Facts, title: str
) -> None:
    f = facts(
        {
            "letter.txt": f"{title}\nBone marrow on 03/18/2024 showed 34% blasts, "
            "confirming hematologic relapse.\n"
        }
    )
    assert [(r.date, r.type) for r in kinds(f, "relapse")] == [("2024-03-18", "haematological")]
