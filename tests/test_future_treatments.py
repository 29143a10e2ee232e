"""A letter's plans are no treatment given: plan wordings, and dates after the letter's own."""

from __future__ import annotations

import pytest

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts


def treatments(f: CaseFacts) -> list:
    return [e for e in f.events if e.kind in ("regimen", "dli", "car_t", "transplant")]


@pytest.mark.parametrize(
    "plan",
    [
        "Cycle 3 of FLAG-Ida is due to begin on 20/09/2023.",
        "Cycle 3 of FLAG-Ida is due to commence on 20/09/2023.",
        "FLAG-Ida cycle 3 to commence 20/09/2023.",
        "FLAG-Ida cycle 3: 20/09/2023 (provisional).",
        "FLAG-Ida cycle 3 provisionally 20/09/2023.",
        "Second DLI scheduled for 25/09/2023.",
        "DLI penciled in for 25/09/2023.",
    ],
)
def test_a_treatment_said_to_be_yet_to_begin_is_not_given(facts: Facts, plan: str) -> None:
    f = facts({"a.txt": f"Haematology clinic letter\nClinic date: 11/09/2023\n{plan}\n"})
    assert treatments(f) == []


def test_a_start_phrase_plans_its_treatment_not_the_disease_or_an_earlier_course(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Clinic date: 11/09/2023\nAML diagnosed on 02/07/2023, 7+3 given on "
            "05/07/2023, FLAG-Ida due to start on 20/09/2023.\n"
        }
    )
    assert [e.date for e in f.events if e.kind == "diagnosis"] == ["2023-07-02"]
    assert [(e.name, e.date) for e in treatments(f)] == [("DA", "2023-07-05")]


def test_a_treatment_dated_after_its_letter_is_doubted_not_dropped(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic date: 11/09/2023\nDLI on 01/09/2023. FLAG-Ida cycle 3 on "
            "20/09/2023. Allo-SCT October 2023. Azacitidine September 2023.\n"
        }
    )
    by_date = {e.date: e for e in treatments(f)}
    assert by_date["2023-09-01"].confidence >= 0.9  # before the letter: given
    assert by_date["2023-09"].confidence >= 0.8  # the letter's own month: not after it
    for later in ("2023-09-20", "2023-10"):
        assert by_date[later].confidence < 0.9
        assert any("after its own document's date" in d for d in by_date[later].doubts)


def test_a_report_dated_by_its_specimen_may_tell_later_treatment(facts: Facts) -> None:
    f = facts({"a.txt": "Bone marrow 13/01/2021: blasts 17 %.\nDLI on 15/02/2021.\n"})
    assert [e.confidence for e in treatments(f)] == [0.97]


@pytest.mark.parametrize(
    "refusal",
    [
        "He declined decitabine on 09/25/2022.",
        "On 09/25/2022 he was offered decitabine but declined further therapy.",
        "She was offered FLAG-Ida in March 2021 but opted for palliative care.",
        "He refused a second allograft on 09/25/2022.",
    ],
)
def test_a_treatment_declined_or_only_offered_is_not_given(facts: Facts, refusal: str) -> None:
    f = facts({"a.txt": f"Haematology clinic letter\n{refusal}\n"})
    assert treatments(f) == []


def test_counts_that_declined_after_a_treatment_do_not_undo_it(facts: Facts) -> None:
    f = facts({"a.txt": "Platelets declined after FLAG-Ida on 09/25/2022.\n"})
    assert [(e.name, e.date) for e in treatments(f)] == [("FLAG-IDA", "2022-09-25")]


def test_only_a_treatment_is_declined_a_relapse_before_falling_counts_stays(
    facts: Facts,
) -> None:
    notes = [
        "After relapse, platelets declined to 20.",
        "Relapse in May 2023; counts declined.",
        "Allogeneic transplant declined.",
    ]
    got = [
        [e.kind for e in facts({"a.txt": f"Clinic letter 15/08/2023\n{n}\n"}).events] for n in notes
    ]
    assert got == [["relapse"], ["relapse"], []]


def test_what_a_treatment_is_given_with_a_view_to_is_a_plan(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 02/03/2021\nSalvage FLAG-Ida was started on 22/02/2021 "
            "with a view to allogeneic transplant in second remission.\n"
        }
    )
    assert [e.kind for e in f.events if e.kind != "regimen"] == []  # no transplant, no remission
    assert [e.date for e in f.events if e.kind == "regimen"] == ["2021-02-22"]


@pytest.mark.parametrize(
    "question",
    [
        "Question for MDT: Response assessment and suitability for allo-SCT.",
        "Eligibility for allo-SCT to be assessed.",
        "Fitness for allogeneic transplant: to be reviewed.",
        "Candidacy for CAR-T therapy under review.",
        "Unsuitable for allo-SCT in view of frailty.",
    ],
)
def test_a_patients_suitability_for_a_treatment_is_an_assessment_not_the_treatment(
    facts: Facts, question: str
) -> None:
    # whether a patient is suitable, eligible or fit for a treatment is a question about
    # them, asked before any such treatment is given
    f = facts({"a.txt": f"Haematology MDT outcome 05/05/2023\n{question}\n"})
    assert treatments(f) == []


def test_a_treatment_called_planned_or_scheduled_after_its_name_is_not_given(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 14/03/2024\nDLI planned today.\nHiDAC cycle 3 planned "
            "22/03/2024.\nAZA+VEN cycle 4 scheduled 28/03/2024.\n"
        }
    )
    assert treatments(f) == []  # written plans, none of them given yet


def test_a_treatment_given_as_planned_is_given(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 14/03/2024\nHiDAC cycle 2 was given on 01/03/2024 as "
            "planned.\nDLI given 05/03/2024 at the scheduled dose.\nCycle 3 of HiDAC was given "
            "on 10/03/2024, later than planned.\n"
        }
    )
    assert sorted((e.kind, e.date) for e in treatments(f)) == [
        ("dli", "2024-03-05"),
        ("regimen", "2024-03-01"),
        ("regimen", "2024-03-10"),
    ]


def test_options_weighed_at_a_meeting_are_not_given_nor_dated_by_it(facts: Facts) -> None:
    # a US note's 'Assessment / Plan' (spaced slash) is its plan; options set one against the
    # other are a choice still to make, and a tumour board's date is the meeting's
    plan = (
        "Discussed FLAG-IDA vs ven/aza as bridge if progression to AML; will present at "
        "tumor board 06/21/2023.\n"
    )
    note = "Progress note\nDate of service: 06/14/2023\n"
    for head in ("Assessment / Plan\n1. Refer for transplant evaluation.\n2. ", ""):
        assert treatments(facts({"a.txt": note + head + plan})) == []


def test_a_meeting_date_never_dates_the_finding_it_discussed(facts: Facts) -> None:
    # OCR ran two lines together: the MDO's date is still no date of the relapse
    f = facts(
        {
            "a.txt": "Molecular report\nSample date: 09-03-2024\nConclusion: Discussed "
            "relapse (NPM1 re-emergence in MDO 14-03-2024.\n"
        }
    )
    assert [e.date for e in f.events if e.kind == "relapse"] == ["2024-03-09"]


@pytest.mark.parametrize("hold", ["Hold C3 azacitidine.", "Skip cycle 3 of azacitidine."])
def test_a_course_held_by_its_number_is_not_given(facts: Facts, hold: str) -> None:
    f = facts(
        {
            "a.txt": "Progress note\nDate of service: 06/14/2023\nAzacitidine C1 03/01/2023, "
            f"C2 03/29/2023.\n{hold} Refer to the transplant team.\n"
        }
    )
    assert [(e.name, e.cycle) for e in treatments(f)] == [("AZA", 1), ("AZA", 2)]


@pytest.mark.parametrize(
    "told",
    [
        "She was assessed for tisagenlecleucel but declined and chose palliative care.",
        "Assessed for a haploidentical transplant in May 2023; not fit enough.",
    ],
)
def test_a_treatment_the_patient_was_assessed_for_is_not_given(facts: Facts, told: str) -> None:
    f = facts({"a.txt": f"GP letter 14/06/2023\n{told}\n"})
    assert treatments(f) == []


@pytest.mark.parametrize(
    "told",
    [
        "Sample 12/03/2023: E255K detected. Resistance to imatinib, nilotinib and bosutinib "
        "expected; consider ponatinib or asciminib.",
        "His disease proved resistant to imatinib and dasatinib.",
        "T315I detected: the clone is imatinib-resistant and dasatinib-resistant.",
        "A nilotinib- and bosutinib-resistant subclone (F317L) was found.",
    ],
)
def test_drugs_a_mutation_or_the_disease_resists_were_not_given_then(
    facts: Facts, told: str
) -> None:
    f = facts({"a.txt": f"ABL1 kinase domain mutation analysis\n{told}\n"})
    assert treatments(f) == []


def test_a_drug_started_after_a_resisted_one_is_still_given(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 14/06/2023\nResistant to imatinib; ponatinib 45 mg was "
            "started on 02/05/2023.\n"
        }
    )
    assert [(e.name, e.date) for e in treatments(f)] == [("PONATINIB", "2023-05-02")]


def test_a_drug_started_after_a_hyphen_resisted_one_is_still_given(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 14/06/2023\nNow imatinib-resistant (T315I); ponatinib 45 mg "
            "was started on 02/05/2023.\n"
        }
    )
    assert [(e.name, e.date) for e in treatments(f)] == [("PONATINIB", "2023-05-02")]


@pytest.mark.parametrize(
    "told",
    [
        "Hinweis für die Familie: Der nächste Termin ist in der Tagesklinik am 26.09.2024 (DLI 3).",
        "Ward note for the family: the next DLI is booked at the day unit, 26/09/2024.",
        "Next: FLAG-Ida cycle 3 on 26/09/2024.",
        "Her next DLI: day unit, 26/09/2024.",
        "Prochaine cure de FLAG-Ida au service le 26/09/2024.",
    ],
)
def test_the_next_treatment_dated_after_its_report_is_a_plan(facts: Facts, told: str) -> None:
    f = facts({"a.txt": f"Cumulative blood count of 12/09/2024\nWBC 4.2\n{told}\n"})
    assert treatments(f) == []


def test_the_next_course_told_before_its_letter_was_given(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 17/09/2024\nFirst DLI on 15/07/2024; the next DLI was given "
            "on 19/08/2024.\n"
        }
    )
    assert [e.date for e in treatments(f)] == ["2024-07-15", "2024-08-19"]


@pytest.mark.parametrize(
    "told",
    [
        "Haplo-SCT, which had been planned for March 2022, was performed on 19/04/2022.",
        "The DLI, which was scheduled for 02/04/2022, was given on 19/04/2022.",
        "Her transplant (planned for March 2022) was done on 19/04/2022.",
    ],
)
def test_a_treatments_own_day_wins_over_the_date_it_was_planned_for(
    facts: Facts, told: str
) -> None:
    f = facts({"a.txt": f"Transplant follow-up letter\nClinic date: 30/06/2022\n{told}\n"})
    assert [e.date for e in treatments(f)] == ["2022-04-19"]
