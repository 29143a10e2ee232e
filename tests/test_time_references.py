"""An event named only as a time reference, and a state's later course, make no new events."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


def test_an_onset_date_is_the_state_s_not_the_treatment_it_came_after(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 01/09/2022\nDLI 3 given on 10/05/2022.\n"
            "Mild skin GvHD (chronic, NIH mild) after DLI 3, onset 14/06/2022, "
            "treated with topical steroids.\n"
        }
    )
    assert [d.date for d in kinds(f, "dli")] == ["2022-05-10"]
    (gvhd,) = kinds(f, "gvhd")
    assert gvhd.date == "2022-06-14"
    assert gvhd.organ == "skin"


def test_a_state_s_later_course_is_no_new_state_and_its_dates_are_not_its_onset(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a-letter.txt": "Clinic letter 01/12/2022\nAllograft on 25/08/2021. Chronic skin GvHD "
            "from 05/10/2022.\n",
            "b-review.txt": "Review 20/12/2022\nChronic GvHD has improved on ruxolitinib since "
            "20/10/2022.\n",
            "c-brief.txt": "Brief vom 21.12.2022\nChronische GvHD ist unter Ruxolitinib seit "
            "20.10.2022 gebessert.\n",
        }
    )
    assert [g.date for g in kinds(f, "gvhd")] == ["2022-10-05"]


def test_a_resolved_state_never_takes_the_day_its_treatment_stopped(facts: Facts) -> None:
    f = facts(
        {
            "review.txt": "Review 01/12/2021\nAllograft on 25/08/2021. His acute skin GvHD has "
            "resolved and prednisolone was stopped at day +90.\n"
        }
    )
    (gvhd,) = kinds(f, "gvhd")
    assert gvhd.date is None
    assert gvhd.confidence < 0.9
    assert any("later course" in d for d in gvhd.doubts)


def test_an_infusion_field_after_a_car_t_product_line_is_its_infusion(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Cellular therapy summary 06/20/2023\n"
            "Haploidentical PBSC transplant 11/14/2019.\n"
            "Product: tisagenlecleucel (anti-CD19 CAR-T).\n"
            "Infusion: day 0 = 05/16/2023, 0.8 x10^8 CAR+ T cells.\n"
            "Prolonged cytopenias: ANC 0.3 on day +14.\n"
        }
    )
    (car_t,) = kinds(f, "car_t")
    assert (car_t.date, car_t.target) == ("2023-05-16", "CD19")
    assert [t.date for t in kinds(f, "transplant")] == ["2019-11-14"]
    (anc,) = [m for m in f.measurements if m.analyte == "anc"]
    assert (anc.date, anc.value) == ("2023-05-30", 0.3)


@pytest.mark.parametrize("label", ["Infusion (day 0)", "Infusion (D0)", "Infusion"])
def test_a_bracketed_day_0_in_the_infusion_label_keeps_it_with_its_date(
    facts: Facts, label: str
) -> None:
    text = f"Product: axicabtagene ciloleucel.\n{label}: 24.05.2022.\n"
    (car_t,) = kinds(facts({"cart.txt": text}), "car_t")
    assert (car_t.date, car_t.confidence) == ("2022-05-24", 0.97)


_CAR_T_STEPS = (
    "Leukapheresis: 11/28/2022\n"
    "Bridging: dexamethasone\n"
    "Lymphodepletion: fludarabine/cyclophosphamide 01/12/2023-01/14/2023\n"
)


def test_an_infusion_field_under_the_product_s_steps_is_the_product_s_infusion(
    facts: Facts,
) -> None:
    # the steps between product and infusion are the same summary's: the lymphodepletion's
    # dates never become the CAR-T's
    text = (
        "CAR-T Cell Therapy Summary\nProduct: brexucabtagene autoleucel (CD19)\n"
        f"{_CAR_T_STEPS}Infusion (day 0): 01/17/2023\nToxicity: CRS grade 1.\n"
    )
    (car_t,) = kinds(facts({"cart.txt": text}), "car_t")
    assert (car_t.date, car_t.confidence, car_t.target) == ("2023-01-17", 0.97, "CD19")


def test_a_day_0_field_under_a_car_t_product_s_steps_is_the_car_t_s_not_a_transplant(
    facts: Facts,
) -> None:
    # long step lines put the 'Day 0:' field far below the product: still the CAR-T's day 0
    text = (
        "CAR-T Cell Therapy Summary\nProduct: brexucabtagene autoleucel (CD19)\n"
        "Leukapheresis: 11/28/2022 at the apheresis unit, product shipped for manufacture\n"
        "Bridging: dexamethasone and vincristine weekly during manufacture at the referring "
        "hospital\nLymphodepletion: fludarabine/cyclophosphamide 01/12/2023-01/14/2023\n"
        "Day 0: 01/17/2023\n"
    )
    f = facts({"cart.txt": text})
    assert kinds(f, "transplant") == []
    assert [e.date for e in kinds(f, "car_t")] == ["2023-01-17"]


def test_an_infusion_field_after_another_treatment_s_line_is_not_the_product_s(
    facts: Facts,
) -> None:
    text = (
        "CAR-T Cell Therapy Summary\nProduct: brexucabtagene autoleucel (CD19)\n"
        f"Consolidation: allogeneic HSCT\n{_CAR_T_STEPS}Infusion (day 0): 01/17/2023\n"
    )
    (car_t,) = kinds(facts({"cart.txt": text}), "car_t")
    assert car_t.date is None


@pytest.mark.parametrize("prior", ["Prior therapy: allogeneic HSCT (2021)", "Previous HSCT: MUD"])
@pytest.mark.parametrize("label", ["Infusion date", "Infusion (day 0)"])
def test_a_prior_therapy_field_between_product_and_infusion_is_history(
    facts: Facts, prior: str, label: str
) -> None:
    # a field listing earlier treatments is no step of the CAR-T's course: the infusion field
    # below it is still the product's, and never dates nor makes a transplant
    text = (
        "CAR-T Cell Therapy Summary\nProduct: tisagenlecleucel\n"
        f"{prior}\n{label}: 14/02/2024\nToxicity: CRS grade 1.\n"
    )
    f = facts({"cart.txt": text})
    assert [(e.date, e.confidence) for e in kinds(f, "car_t")] == [("2024-02-14", 0.97)]
    assert [e.date for e in kinds(f, "transplant")] == ["2021" if "2021" in prior else None]


def test_a_transplant_summary_s_day_0_line_dates_it_not_its_conditioning(facts: Facts) -> None:
    text = (
        "Transplant Summary\nDonor: MUD\nSource: PBSC\n"
        "Conditioning: Flu/Mel 03/14/2023-03/18/2023\nDay 0: 03/20/2023\n"
    )
    (transplant,) = kinds(facts({"tx.txt": text}), "transplant")
    assert (transplant.date, transplant.confidence) == ("2023-03-20", 0.97)


def test_a_stem_cell_transplant_unit_is_a_place_not_a_transplant(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Haematology & Stem Cell Transplant Unit, Ward 10\n"
            "Clinic letter 21/12/2021\nSeen in the Haematopoietic Stem Cell Transplant "
            "Programme clinic for AML in CR1.\n"
        }
    )
    assert kinds(f, "transplant") == []


def test_a_treatment_s_start_in_a_state_s_sentence_is_not_the_state_s_onset(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 05/20/2023\nMUD PBSCT 03/14/2023. Acute GVHD grade II "
            "(skin/gut) from 04/07/2023, steroid-refractory, on ruxolitinib since 04/19/2023, "
            "now tapering.\n",
            "review.txt": "Review 06/20/2023\nSkin GVHD, ruxolitinib was started on 05/02/2023.\n",
        }
    )
    got = sorted((g.date, g.organ) for g in kinds(f, "gvhd"))
    assert got == [("2023-04-07", "gut"), ("2023-04-07", "skin")]


def test_a_state_told_as_resolved_right_after_its_name_is_its_later_course(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a-letter.txt": "Clinic letter 05/02/2023\nMUD PBSCT on 03/14/2023. Skin GVHD grade 2 "
            "on 04/07/2023.\n",
            "b-review.txt": "Review 07/10/2023\nGVHD: acute GVHD resolved; steroids stopped "
            "06/01/2023.\n",
            "c-review.txt": "Review 08/10/2023\nAcute GVHD resolved 06/15/2023.\n",
        }
    )
    assert [(g.date, g.organ) for g in kinds(f, "gvhd")] == [("2023-04-07", "skin")]


@pytest.mark.parametrize(
    "ended",
    [
        "tacrolimus weaned by 11/2021",
        "tacrolimus stopped by 11/2021",
        "off steroids by 11/2021",
        "resolved by 11/2021",
    ],
)
def test_a_treatment_s_end_never_dates_the_episode_its_day_count_dates(
    facts: Facts, ended: str
) -> None:
    # the onset is the day count; the month after 'weaned by' ends the treatment, no episode
    f = facts(
        {
            "letter.txt": "Clinic letter 20/06/2023\nMUD allogeneic PBSC transplant 14/03/2021.\n"
            f"Gut aGVHD stage 1 day +41, treated with budesonide and methylprednisolone, {ended}.\n"
        }
    )
    assert [g.date for g in kinds(f, "gvhd")] == ["2021-04-24"]


def test_a_numbered_course_a_result_is_told_after_is_no_course_given_on_its_date(
    facts: Facts,
) -> None:
    given = "Blinatumomab cycle 2 on 03/17/2022. "
    for after in [
        "After cycle 2, MRD was negative on 04/20/2022.",
        "After the second cycle, MRD was negative on 04/20/2022.",
        "At the end of cycle 2, MRD was negative on 04/20/2022.",
        "Following course 2, MRD was negative on 04/20/2022.",
        "MRD negative after cycle 2 (04/2022).",
    ]:
        f = facts({"letter.txt": f"Clinic letter 05/05/2022\n{given}{after}\n"})
        assert [(c.name, c.date) for c in kinds(f, "regimen")] == [
            ("BLINATUMOMAB", "2022-03-17")
        ], after
        assert [(m.value, m.date[:7]) for m in f.measurements] == [(0.0, "2022-04")], after
    f = facts(
        {
            "lettre.txt": "Courrier du 05/05/2022\nBlinatumomab cycle 2 le 17/03/2022. Après le "
            "cycle 2, MRD négative le 20/04/2022.\n"
        }
    )
    assert [c.date for c in kinds(f, "regimen")] == ["2022-03-17"]


def test_a_course_named_after_a_reference_to_the_one_before_keeps_its_own_date(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 05/05/2022\nBlinatumomab cycle 1 on 02/10/2022. After "
            "cycle 1, MRD was 0.01%; cycle 2 was given on 03/17/2022.\n"
        }
    )
    assert [c.date for c in kinds(f, "regimen")] == ["2022-02-10", "2022-03-17"]


@pytest.mark.parametrize(
    "told",
    [
        "alloHCT 07/18/2023, on sorafenib maintenance since 09/2023.",
        "alloHCT on 07/18/2023; on sorafenib since 09/2023.",
        "alloHCT 07/18/2023, on maintenance since 09/2023.",
        "alloHCT 07/18/2023, started oral maintenance in 09/2023.",
    ],
)
def test_a_continuing_treatment_s_start_is_never_an_earlier_treatment_s_date(
    facts: Facts, told: str
) -> None:
    f = facts({"letter.txt": f"Clinic letter 10/02/2023\nAML in CR1, {told}\n"})
    assert [t.date for t in kinds(f, "transplant")] == ["2023-07-18"]


def test_a_state_negated_after_a_treatment_s_date_leaves_the_date_to_the_treatment(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a-letter.txt": "Clinic letter 20/11/2021\nMatched sibling allograft 02/03/2021.\n"
            "Falling donor chimerism: DLI 3 x 10^6 CD3+/kg given on 07/07/2021 without GvHD.\n",
            "b-letter.txt": "Clinic letter 15/12/2021\nSecond DLI on 30/09/2021, no GvHD "
            "since then.\n",
        }
    )
    assert [d.date for d in kinds(f, "dli")] == ["2021-07-07", "2021-09-30"]
    assert not kinds(f, "gvhd")


def test_a_semicolon_list_s_next_value_of_the_same_test_keeps_its_own_date(
    facts: Facts,
) -> None:
    f = facts(
        {
            "summary.txt": "Transplant unit discharge summary\nDate: 11/06/2019\n\n"
            "He was treated on UKALL 2011 and reached a morphological remission, but stayed "
            "MRD-positive (0.31% after phase 1; 0.04% on 23/01/2019 after consolidation).\n"
        }
    )
    mrd = sorted((m.value, m.date) for m in f.measurements if m.analyte == "mrd")
    assert mrd == [(0.04, "2019-01-23"), (0.31, None)]
