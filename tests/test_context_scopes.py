"""How far a ConText cue reaches: its own clause, not what a new clause says happened."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


def test_an_unfitness_cue_does_not_reach_the_treatment_started_after_and(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic letter 05/03/2024\nHe was not fit for intensive chemotherapy and "
            "was started on azacitidine plus venetoclax on 20/11/2023. Cycle 2 was given on "
            "02/01/2024 and cycle 3 on 01/02/2024.\nShe was not fit for FLAG-Ida and received "
            "decitabine from 23/03/2023.\nHe was fit for intensive chemotherapy and "
            "underwent 7+3 induction on 02/02/2022."
        }
    )
    got = [(e.name, e.date) for e in kinds(f, "regimen")]
    assert ("AZA+VEN", "2023-11-20") in got
    assert ("AZA+VEN", "2024-01-02") in got and ("AZA+VEN", "2024-02-01") in got
    assert not any(name == "FLAG-IDA" for name, _ in got)  # what was unfit stays negated
    assert ("DECITABINE", "2023-03-23") in got
    assert len(got) == 5, got


def test_a_differential_diagnosis_lists_what_is_considered_not_found(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 5 December 2023\nThe differential diagnosis included MDS, "
            "hypoplastic AML, B12 deficiency and alcohol-related marrow suppression.",
            "b.txt": "Date of service: 06/20/2024\nRelapse and MDS were on the differential "
            "but the smear shows no blasts.",
        }
    )
    assert kinds(f, "diagnosis") == [] and kinds(f, "relapse") == []


def test_a_disease_confirmed_after_its_differential_is_diagnosed(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic letter 5 December 2023\nDD: MDS vs hypoplastic AML; bone marrow "
            "on 22/11/2023 confirmed AML with myelodysplasia-related changes."
        }
    )
    assert [(d.label, d.date) for d in kinds(f, "diagnosis")] == [("AML", "2023-11-22")]


def test_a_treatment_running_alongside_a_dated_one_does_not_start_on_its_date(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Clinic 11/10/2024\nHe received a second DLI on 19/06/2024, alongside "
            "azacitidine maintenance.",
            "b.txt": "Clinic 12/10/2024\nShe had DLI on 03/07/2024, alongside low-dose "
            "azacitidine.",
        }
    )
    assert sorted(d.date for d in kinds(f, "dli")) == ["2024-06-19", "2024-07-03"]
    assert kinds(f, "regimen")
    for aza in kinds(f, "regimen"):  # kept, it was given, but not started on the DLI's day
        assert aza.date is None and aza.confidence < 0.9
        assert any("running beside another" in d for d in aza.doubts)


def test_a_treatment_naming_when_a_test_was_done_is_no_course(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic 01/03/2024\nPost-blinatumomab marrow 12/01/2024: MRD undetectable "
            "(<0.01%).\nPost FLAG-Ida marrow on 14/02/2024: CR2."
        }
    )
    assert kinds(f, "regimen") == []
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        (0.0, "2024-01-12")
    ]
    assert [r.date for r in kinds(f, "remission")] == ["2024-02-14"]


def test_a_test_timed_by_a_treatment_gives_its_date_to_the_result_after_a_value(
    facts: Facts,
) -> None:
    # 'post-induction' says when the marrow was done; the marrow's date is its results',
    # the response listed after the blast count as much as the count itself
    f = facts(
        {
            "l.txt": "Clinic 01/07/2023\nPost-induction marrow 14/04/2023: blasts 2%, CR.\n"
            "Post C2 marrow 14/06/2023: blasts 2%, CRi.\n"
            "Day 28 post-consolidation bone marrow done on 12.08.23 showed blasts 2%, "
            "trilineage haematopoiesis, morphological remission."
        }
    )
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [
        ("2023-04-14", "CR"),
        ("2023-06-14", "CRi"),
        ("2023-08-12", "CR"),
    ]
    assert [m.date for m in f.measurements if m.analyte == "blasts"] == [
        "2023-04-14",
        "2023-06-14",
        "2023-08-12",
    ]


@pytest.mark.parametrize(
    "finding",
    [
        "blasts not increased (CRi)",
        "no excess of blasts (CRi)",
        "blasts not in excess, CRi",
    ],
)
def test_blasts_not_in_excess_negate_the_excess_not_the_remission(
    facts: Facts, finding: str
) -> None:
    f = facts({"a.txt": f"Relapse 14/02/2023.\nThe marrow of 28/03/2023: {finding}.\n"})
    got = [(e.date, e.depth) for e in kinds(f, "remission")]
    assert got == [("2023-03-28", "CRi")]


def test_a_negation_after_blasts_not_increased_still_negates(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Relapse 14/02/2023.\n"
            "The marrow of 28/03/2023: blasts not increased; no evidence of relapse.\n"
        }
    )
    assert [e.date for e in kinds(f, "relapse")] == ["2023-02-14"]


@pytest.mark.parametrize(
    "sentence",
    [
        "As CAR-T is not funded here, her parents arranged CD19 CAR-T cell therapy abroad, and "
        "she was infused on 9th June 2023.",
        "Since tisagenlecleucel was not available locally, she travelled to Madrid for CD19 "
        "CAR-T and was infused on 9th June 2023.",
    ],
)
def test_a_negation_in_an_opening_as_or_since_clause_ends_at_its_comma(
    facts: Facts, sentence: str
) -> None:
    f = facts({"l.txt": f"Clinic letter 02/11/2023\nShe relapsed in March 2023. {sentence}\n"})
    assert [e.date for e in kinds(f, "car_t")] == ["2023-06-09"]


def test_no_response_in_a_response_cell_negates_the_response_not_the_rows_treatment(
    facts: Facts,
) -> None:
    f = facts(
        {
            "h.txt": "Summary 02/11/2023\n"
            "Therapy | Date | Response\n"
            "DLI x1 | 14/03/2023 | No molecular response\n"
            "Ruxolitinib | 01/05/2023 | None\n"
            "Acute GVHD | No\n"
        }
    )
    assert [e.date for e in kinds(f, "dli")] == ["2023-03-14"]
    assert kinds(f, "gvhd") == []  # a cell that holds no more than 'No' still negates its row
