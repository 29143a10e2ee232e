"""How transplant and cell-therapy centres write: counts, targets, donors, trends, forms."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


def test_unsupported_platelets_above_a_threshold_are_platelet_engraftment(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter date: 01/09/2022\nAllo-SCT.\nDay 0 = 14/05/2022.\n"
            "Plt > 50 x10^9/L unsupported from day +30.\n"
        }
    )
    got = [(e.date, e.lineage) for e in kinds(f, "engraftment")]
    assert got == [("2022-06-13", "platelet")]


@pytest.mark.parametrize(
    "told",
    [
        "Platelets have been above 20 unsupported since day +16.",
        "Platelets above 20 x10^9/L without transfusion from day +16.",
        "Platelets > 20 (x10^9/L) unsupported for 7 days from day +16.",
    ],
)
def test_platelets_held_above_a_threshold_untransfused_are_platelet_engraftment(
    facts: Facts, told: str
) -> None:
    f = facts({"a.txt": f"Unrelated donor PBSC transplant on 14/06/2023.\n{told}\n"})
    assert [(e.date, e.lineage) for e in kinds(f, "engraftment")] == [("2023-06-30", "platelet")]


def test_neutrophils_above_a_threshold_for_consecutive_days_are_engraftment(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Unrelated donor PBSC transplant on 14/06/2023.\n"
            "Neutrophils > 0.5 (x10^9/L) for 3 consecutive days from day +16.\n"
            "ANC > 0.5 on 20/07/2023.\n"
        }
    )
    assert [(e.date, e.lineage) for e in kinds(f, "engraftment")] == [("2023-06-30", "neutrophil")]


def test_a_dual_target_car_t_has_both_targets(facts: Facts) -> None:
    f = facts({"a.txt": "Infusion of CD19/CD22 dual-targeting CAR-T cells on 23/03/2022.\n"})
    assert [e.target for e in kinds(f, "car_t")] == ["CD19/CD22"]


def test_a_day_0_after_a_donor_field_is_the_transplant(facts: Facts) -> None:
    f = facts({"a.txt": "Donor: haplo (daughter). Day 0 = 14/05/2022, PBSC.\n"})
    got = [(e.date, e.donor, e.grafts) for e in kinds(f, "transplant")]
    assert got == [("2022-05-14", "haploidentical", ("PBSC",))]


def test_mismatched_unrelated_and_cord_blood_donors_are_unrelated(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allo-HCT 14/05/2022 (BM, 8/10 MMUD).\n",
            "b.txt": "Single-unit cord blood transplant on 19/11/2022.\n",
        }
    )
    assert [e.donor for e in kinds(f, "transplant")] == ["unrelated", "unrelated"]


def test_a_trend_from_one_value_to_another_reports_the_later(facts: Facts) -> None:
    f = facts({"a.txt": "NPM1 increased from 0.02% to 1.4% (marrow 04.10.2022).\n"})
    got = [(m.analyte, m.value, m.date) for m in f.measurements]
    assert got == [("mrd", 1.4, "2022-10-04")]


def test_a_forms_assessment_date_dates_its_grading_doubted(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "GVHD assessment form\nDate of assessment: 21/06/2022\n"
            "Acute GVHD: skin stage 3, gut stage 0, liver 0 -> overall grade II.\n"
        }
    )
    (gvhd,) = kinds(f, "gvhd")
    assert (gvhd.date, gvhd.grade) == ("2022-06-21", 2)
    assert gvhd.confidence < 0.9 and gvhd.doubts


@pytest.mark.parametrize(
    "day_0",
    [
        "On 04/12/2022 (Day 0) she received a 10/10 matched unrelated donor peripheral blood "
        "stem cell graft.",
        "Stem cells (MUD, PBSC) were infused on 04/12/2022.",
        "Day 0 was 04/12/2022 (10/10 MUD PBSC).",
    ],
)
def test_a_graft_received_or_infused_is_the_transplant(facts: Facts, day_0: str) -> None:
    f = facts(
        {"a.txt": f"Hematology discharge summary\n{day_0}\nNeutrophil engraftment on Day +16.\n"}
    )
    got = [(e.date, e.donor, e.grafts) for e in kinds(f, "transplant")]
    assert got == [("2022-04-12", "unrelated", ("PBSC",))]
    assert [e.date for e in kinds(f, "engraftment")] == ["2022-04-28"]


@pytest.mark.parametrize("count", ["Neutrophils", "ANC"])
def test_neutrophils_recovered_after_a_transplant_are_engraftment(facts: Facts, count: str) -> None:
    f = facts({"a.txt": f"Allograft 21/06/2023.\n{count} recovered to 1.2 on day +16.\n"})
    assert [(e.date, e.lineage) for e in kinds(f, "engraftment")] == [("2023-07-07", "neutrophil")]


def test_neutrophils_recovered_after_chemotherapy_are_no_engraftment(facts: Facts) -> None:
    f = facts(
        {"a.txt": "FLAG-Ida started 21/06/2023.\nNeutrophils recovered to 1.2 on 17/07/2023.\n"}
    )
    assert kinds(f, "engraftment") == []


def test_a_comment_restating_a_recovery_joins_the_engraftment_reached_before(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Unrelated donor PBSC transplant on 14/06/2023.\n"
            "Neutrophils recovered on day +16.\n"
            "Comment (03/07/23): Neutrophil recovery post allograft.\n"
        }
    )
    assert [(e.date, e.lineage) for e in kinds(f, "engraftment")] == [("2023-06-30", "neutrophil")]


def test_an_engraftment_only_a_comment_dates_is_doubted(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allogeneic PBSC transplant on 01/06/2023.\n"
            "Comment (20/06/23): Platelets transfusion independent.\n"
        }
    )
    (plt,) = kinds(f, "engraftment")
    assert (plt.date, plt.lineage) == ("2023-06-20", "platelet")
    assert plt.confidence < 0.9 and plt.doubts


@pytest.mark.parametrize(
    "stay",
    [
        "Admission on 02.04.2023 for RIC-alloSCT.",
        "The patient was admitted on 02.04.2023 for haplo-SCT.",
        "Stationäre Aufnahme am 02.04.2023 zur allogenen SZT.",
    ],
)
def test_an_admission_for_a_transplant_dates_the_stay_not_the_transplant(
    facts: Facts, stay: str
) -> None:
    letter = f"Discharge letter, 20.05.2023\n{stay}\n"
    assert [e.date for e in kinds(facts({"a.txt": letter}), "transplant")] == [None]
    day0 = letter + "Conditioning FluBu2 from 04.04.2023, alloSCT on 11.04.2023 (d0).\n"
    assert [e.date for e in kinds(facts({"a.txt": day0}), "transplant")] == ["2023-04-11"]


def test_a_letterheads_transplant_department_is_no_transplant(facts: Facts) -> None:
    f = facts(
        {
            "gp letter.txt": "Westmere General Hospital\n"
            "Department of Transplant Haematology    17/03/2023\n"
            "Dear Dr Okafor,\nI write about Ms Lindqvist, who had an allogeneic "
            "HSCT on 14/06/2022 for AML.\n",
        }
    )
    assert [e.date for e in f.events if e.kind == "transplant"] == ["2022-06-14"]


def test_a_day_0_row_written_with_a_month_name_dates_its_sections_transplant(
    facts: Facts,
) -> None:
    f = facts(
        {
            "summary.txt": "Transplant Episode Summary\nSummary date: 14-Sep-2022\n\n"
            "1. Matched unrelated donor transplant\n"
            "Day 0 | 08-Mar-2022\nGraft | PBSC, CD34+ 5.1 x10^6/kg\nConditioning | Flu/Mel\n\n"
            "No count recovery. Day +24 marrow chimerism: 11% donor.\n\n"
            "2. Second haploidentical transplant\n"
            "Day 0 | 19-Apr-2022\nGraft | BM, TNC 3.9 x10^8/kg\nConditioning | Flu/Cy/TBI 2 Gy\n\n"
            "Day +30 PB chimerism: 99% donor.\n"
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2022-03-08", "2022-04-19"]
    # each day count is counted from the day 0 its own section states, not the later one
    got = sorted((m.date, m.value) for m in f.measurements if m.analyte == "chimerism")
    assert got == [("2022-04-01", 11.0), ("2022-05-19", 99.0)]


@pytest.mark.parametrize(
    "letterhead",
    [
        "Northfield Blood Service\nTransplant Immunology & Immunogenetics",
        "Department of Histocompatibility\nTransplantation Immunology Laboratory",
        "Transplant Virology Laboratory",
    ],
)
def test_a_laboratorys_name_is_no_transplant(facts: Facts, letterhead: str) -> None:
    f = facts(
        {
            "a.txt": f"{letterhead}\nHLA typing report\nReport date: 11/02/2024\n"
            "Recipient: AML in CR1. HLA-A*01:01, 03:01; HLA-B*08:01, 35:01\n"
            "Unrelated donor search started.\n"
        }
    )
    assert kinds(f, "transplant") == []
