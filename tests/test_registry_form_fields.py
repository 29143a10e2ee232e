"""How registry and referral forms (EBMT MED-A, CIBMTR style) state their fields."""

from __future__ import annotations

from recordkit.nlp.measurements import MeasurementFinder
from tests.extraction_helpers import Facts, kinds, pairs


def test_a_date_of_death_or_last_contact_field_is_a_follow_up_date(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Survival status: [X] Alive [ ] Dead\n"
            "Date of death or last contact: 17/05/2023\n",
            "b.txt": "Date of death / last contact: 02/05/2023\n",
            "c.txt": "Date of last contact/death: 18/05/2023\n",
        }
    )
    assert kinds(f, "death") == []


def test_a_ticked_dead_box_dates_the_death_by_the_combined_field(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Survival status: [ ] Alive [X] Dead\n"
            "Date of death or last contact: 17/05/2023\n"
        }
    )
    assert [e.date for e in kinds(f, "death")] == ["2023-05-17"]


def test_the_primary_disease_for_hsct_is_no_transplant(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date of HCT: 03/14/2024\n"
            "1. Date of diagnosis of primary disease for HCT: 06/02/2023\n",
            "b.txt": "Date of diagnosis of primary disease for HSCT: 17/06/2023\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2024-03-14"]


def test_each_value_of_a_form_line_belongs_to_the_label_before_it(
    finder: MeasurementFinder,
) -> None:
    line = "Date assessed: 02/20/2024    Bone marrow blasts: 1 %   MRD by flow: 0.02 %"
    assert pairs(finder, line) == [("blasts", 1.0), ("mrd", 0.02)]
    assert pairs(finder, "BM blasts: 1%   MRD by flow cytometry: 0.02%") == [
        ("blasts", 1.0),
        ("mrd", 0.02),
    ]
    assert pairs(finder, "BM blasts: 1%   MRD (flow): 0.02%") == [("blasts", 1.0), ("mrd", 0.02)]
    assert pairs(finder, "Bone marrow aspirate: 64% blasts") == [("blasts", 64.0)]


def test_a_colon_inside_a_sentence_opens_no_field(finder: MeasurementFinder) -> None:
    # 'same date:' is no form label: the 6% is the lymphoblasts', not the MRD's before it
    text = "Compare with MRD (marrow of the same date: 7% lymphoblasts; flow MRD 3.2%)."
    assert sorted(pairs(finder, text)) == [("blasts", 7.0), ("mrd", 3.2)]


def test_a_gvhd_form_line_is_dated_by_its_own_onset_field(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date of HSCT: 19/08/2022\n"
            "Platelet recovery (>= 20): Date 15/09/2022\n"
            "aGvHD maximum grade: III    Date of onset: 03/10/2022\n"
        }
    )
    assert [(e.date, e.grade) for e in kinds(f, "gvhd")] == [("2022-10-03", 3)]


def test_a_blank_form_field_states_no_event(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Did the recipient die? [ ] Yes [X] No\nDate of death: __/__/____\n",
            "b.txt": "Status | Alive\nDeath | --\nRelapse | N/A\n",
            "c.txt": "Date of death: 12/03/2023\n",
        }
    )
    assert [e.kind for e in f.events] == ["death"]


def test_a_referrals_reason_names_no_treatment_given(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Reason for referral: CD19 CAR-T (brexucabtagene autoleucel) consolidation "
            "given persistent MRD.\n"
            "Reason for referral: relapsed AML on 03/05/2023; received FLAG-IDA on 07/05/2023.\n"
        }
    )
    assert kinds(f, "car_t") == []
    assert [e.kind for e in f.events] == ["relapse", "regimen"]


def test_a_forms_date_of_diagnosis_field_dates_the_disease_it_names(facts: Facts) -> None:
    forms = [
        "Date of diagnosis: 11/10/2021\nPrimary disease diagnosis: [X] AML  [ ] ALL  [ ] CML\n"
        "Date of HSCT: 17/01/2023\n",
        "Diagnosis | Ph-negative B-ALL\nDate of diagnosis | 21/03/2022\n",
        "Date of diagnosis of primary disease for HCT: 14/06/2023\n"
        "Specify the AML classification: AML with t(8;21)\n",
    ]
    got = [[(e.date, e.label) for e in kinds(facts({"a.txt": t}), "diagnosis")] for t in forms]
    assert got == [[("2021-10-11", "AML")], [("2022-03-21", "B-ALL")], [("2023-06-14", "AML")]]


def test_a_date_of_diagnosis_field_beside_two_diseases_dates_neither(facts: Facts) -> None:
    f = facts({"a.txt": "Date of diagnosis: 11/10/2021\nHistory: MDS, then AML.\n"})
    assert all(e.date is None for e in kinds(f, "diagnosis"))


def test_a_ticked_engraftment_threshold_field_dates_that_lineage(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "ENGRAFTMENT\n"
            "ANC >= 0.5 x10^9/L: [X] Yes [ ] No   Date: 31/01/2023\n"
            "Platelets >= 20 x10^9/L: [X] Yes [ ] No   Date: 05/02/2023\n",
            "b.txt": "ENGRAFTMENT\n"
            "ANC >= 0.5 x10^9/L: [ ] Yes [X] No   Date: 14/03/2023\n"
            "Platelets >= 20 x10^9/L: [ ] Yes [ ] No\n",
        }
    )
    got = [(e.date, e.lineage) for e in kinds(f, "engraftment")]
    assert got == [("2023-01-31", "neutrophil"), ("2023-02-05", "platelet")]


def test_a_graft_field_names_its_graft_in_short_words(facts: Facts) -> None:
    forms = [
        "Date of HSCT: 19/08/2022\nStem cell source: BM\n",
        "Date of HSCT: 19/08/2022\nGraft type: [ ] Bone marrow [X] Peripheral blood\n",
        "Date of HSCT: 19/08/2022\nGraft type: [ ] Bone marrow [ ] Peripheral blood\n",
    ]
    got = [[e.grafts for e in kinds(facts({"a.txt": t}), "transplant")] for t in forms]
    assert got == [[("BM",)], [("PBSC",)], [None]]


def test_a_gvhd_grade_line_takes_the_organs_staged_on_the_next_line(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date of HSCT: 19/08/2022\n"
            "aGvHD maximum grade: III    Date of onset: 03/10/2022\n"
            "Organs involved: Skin stage 3, Liver stage 0, Gut stage 1\n"
        }
    )
    got = [(e.date, e.organ, e.grade) for e in kinds(f, "gvhd")]
    assert got == [("2022-10-03", "skin", 3), ("2022-10-03", "gut", 3)]
