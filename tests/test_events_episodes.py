"""Episodes: one mention holding several events, repeats merging, distinct courses staying apart."""

from __future__ import annotations

import pytest

from recordkit.nlp.regimens import regimen_name
from recordkit.nlp.rules import load_rules
from tests.extraction_helpers import Facts, kinds


def test_two_courses_between_two_months_are_two_regimens(facts: Facts) -> None:
    f = facts({"r.txt": "Two courses of HiDAC were given between March and April 2023.\n"})
    assert [(r.name, r.date) for r in kinds(f, "regimen")] == [
        ("HiDAC", "2023-03"),
        ("HiDAC", "2023-04"),
    ]
    assert kinds(f, "regimen")[0].doubts  # the first course's month is inferred


def test_as_many_courses_as_months_of_a_range_are_one_a_month(facts: Facts) -> None:
    f = facts({"r.txt": "Letter 01/09/2022\nShe received three cycles of HiDAC between May "
               "and July 2022.\n"})  # fmt: skip
    got = [(r.date, r.confidence < 0.9) for r in kinds(f, "regimen")]
    assert got == [("2022-05", True), ("2022-06", True), ("2022-07", True)]


def test_a_block_of_courses_completed_in_a_month_dates_only_its_last(facts: Facts) -> None:
    f = facts(
        {
            "m.txt": "Letter 01/06/2023\nHiDAC x3 consolidation (completed March 2023).\n",
            "d.txt": "Letter 01/06/2022\nFLAG-IDA x2, completed on 15/03/2022.\n",
        }
    )
    assert sorted((r.name, r.date or "") for r in kinds(f, "regimen")) == [
        ("FLAG-IDA", ""),  # the day it ended is no course's first day
        ("FLAG-IDA", ""),
        ("HiDAC", ""),
        ("HiDAC", ""),
        ("HiDAC", "2023-03"),
    ]


def test_a_course_list_keeps_each_course_s_own_number_and_month(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 01/04/2024\nTreatment to date: DA 3+10 cycle 1 (18/01/2024); DA 3+8 "
            "cycle 2 (commenced 26/02/2024)\n",
            "b.txt": "Letter 01/09/2023\nShe completed HiDAC x 2 cycles (May & June 2023).\n",
        }
    )
    got = sorted((r.name, r.date, r.cycle) for r in kinds(f, "regimen"))
    assert got == [
        ("DA", "2024-01-18", 1),
        ("DA", "2024-02-26", 2),
        ("HiDAC", "2023-05", 1),  # 'x 2 cycles (May & June)': the first two, in order
        ("HiDAC", "2023-06", 2),
    ]


def test_each_dli_keeps_its_own_dose(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 01/04/2023\nHe received DLI on 15/02/2023 (1x10^6 CD3/kg) and a "
            "second DLI on 20/03/2023 (5x10^6 CD3/kg).\n"
        }
    )
    got = [(d.date, d.dose) for d in kinds(f, "dli")]
    assert got == [("2023-02-15", "1x10^6 CD3/kg"), ("2023-03-20", "5x10^6 CD3/kg")]


def test_a_range_of_months_without_between_spreads_the_courses(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 01/09/2021\n- Consolidation with HiDAC x3 and midostaurin, May "
               "to July 2021.\n"})  # fmt: skip
    assert [r.date for r in kinds(f, "regimen")] == ["2021-05", "2021-06", "2021-07"]


def test_a_numbered_range_of_cycles_is_one_course_per_cycle(facts: Facts) -> None:
    head = "Letter 01/09/2024\n"
    f = facts({"r.txt": head + "HiDAC cycles 3-6 (03/2023 - 06/2023).\n"})
    got = [(r.date, r.cycle, r.confidence < 0.9) for r in kinds(f, "regimen")]
    assert got == [("2023-03", 3, True), ("2023-04", 4, True), ("2023-05", 5, True),
                   ("2023-06", 6, True)]  # fmt: skip
    for told in ("AZA-VEN C2-C4 (02/2024 - 04/2024).", "Cycles 2 to 4 of AZA (02/2024 - 04/2024)."):
        got = [(r.date, r.cycle) for r in kinds(facts({"c.txt": head + told + "\n"}), "regimen")]
        assert got == [("2024-02", 2), ("2024-03", 3), ("2024-04", 4)], told
    # hyper-CVAD's A and B halves are courses each: 2B, 3A, 3B, 4A, 4B
    halves = head + "Hyper-CVAD cycles 2B through 4B completed 01/2024 - 05/2024.\n"
    got = [r.date for r in kinds(facts({"h.txt": halves}), "regimen")]
    assert got[0] == "2024-01" and got[-1] == "2024-05" and len(got) == 5


def test_a_count_written_after_the_regimen_spreads_its_courses(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 14/11/2022\n- Consolidation: HiDAC, three courses, August to "
               "October 2022.\n- Two cycles of AZA followed.\n"})  # fmt: skip
    got = [(r.date, bool(r.doubts)) for r in kinds(f, "regimen") if r.name == "HiDAC"]
    assert got == [("2022-08", True), ("2022-09", True), ("2022-10", True)]


def test_a_count_of_the_next_regimen_is_not_the_one_before(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 14/11/2022\nHe relapsed after HiDAC, two cycles of decitabine "
               "followed in October 2022.\n"})  # fmt: skip
    assert [r.name for r in kinds(f, "regimen")].count("HiDAC") <= 1


def test_dli_times_two_with_two_dates(facts: Facts) -> None:
    f = facts({"r.txt": "Note 30/09/2020\nDLI x2: 08/05/2020; 09/02/2020\n"})
    assert [d.date for d in kinds(f, "dli")] == ["2020-02-09", "2020-05-08"]


def test_a_total_of_two_infusions(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "DLI was started after the relapse. By April, a total of two infusions had "
            "been given.\n"
        }
    )
    assert len(kinds(f, "dli")) == 2


def test_gvhd_of_two_organs_is_two_events(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Letter 22/02/2023\nGrade 2 skin GVHD on 21/01/2023 and grade 2 gut GVHD on "
            "28/01/2023.\n"
        }
    )
    assert sorted((g.organ, g.date) for g in kinds(f, "gvhd")) == [
        ("gut", "2023-01-28"),
        ("skin", "2023-01-21"),
    ]


def test_two_gvhds_joined_by_a_conjunction_each_keep_their_organ_and_date(
    facts: Facts,
) -> None:
    """'DECH intestinal em DATE e DECH hepática em DATE': each GVHD owns the date after it."""
    f = facts(
        {
            "p.txt": "Evolução 30/09/2022\nDECH aguda intestinal grau III em 20/08/2022 e DECH "
            "hepática em 10/09/2022.\n",
            "e.txt": "Letter 30/09/2022\nShe developed acute GVHD of the gut, grade III, on "
            "14/08/2022 and of the liver on 12/09/2022.\n",
        }
    )
    assert sorted((g.organ, g.date, g.grade) for g in kinds(f, "gvhd")) == [
        ("gut", "2022-08-14", 3),
        ("gut", "2022-08-20", 3),
        ("liver", "2022-09-10", None),  # the grade was written for the gut
        ("liver", "2022-09-12", None),
    ]


@pytest.mark.parametrize("abbreviation", ["i.e.", "e.g."])
def test_an_abbreviation_s_letter_is_no_conjunction(facts: Facts, abbreviation: str) -> None:
    """'e' joins clauses in Portuguese and Italian, but the 'e' of 'i.e.' or 'e.g.' does not.

    Read as a conjunction, it made the date written after the engraftment's gloss dearer to
    reach than the GVHD after it, which took it.
    """
    text = (
        f"Letter 30/09/2023\nNeutrophil engraftment, {abbreviation} ANC above 0.5, 20/03/2023, "
        "and later skin GVHD.\n"
    )
    f = facts({"a.txt": text})
    assert [e.date for e in kinds(f, "engraftment")] == ["2023-03-20"]
    assert [e.date for e in kinds(f, "gvhd")] != ["2023-03-20"]


def test_undated_repeats_of_one_episode_merge(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "The patient went on to a transplant. The transplant was uneventful.\n",
            "b.txt": "After the transplant she was well; the transplant team saw her.\n",
        }
    )
    assert len(kinds(f, "transplant")) == 1


def test_numbered_cycles_stay_distinct(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Letter 22/02/2023\nHiDAC cycle 1 started on 14/01/2023.\n"
            "HiDAC cycle 2 started on 15/02/2023.\n",
            "s.txt": "Summary\nShe had HiDAC cycle 2 (15/02/2023) after cycle 1.\n",
        }
    )
    assert [(r.cycle, r.date) for r in kinds(f, "regimen")] == [
        (1, "2023-01-14"),
        (2, "2023-02-15"),
    ]


def test_a_numbered_remission_joins_the_remission_of_its_number(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 02/09/2022\nMarrow of 21/03/2022: complete remission (CR1).\n"
            "Relapse on 18/06/2022; salvage FLAG-Ida; CRi (CR2) on the marrow of 16/08/2022.\n",
            "b.txt": "Letter 14/01/2023\nMarrow of 19/12/2022: MRD-negative remission.\n",
            "c.txt": "Summary 20/01/2023\n- AML, 7+3 induction, CR1.\n"
            "- Relapse 18/06/2022; FLAG-Ida; CR2.\n"
            "- CAR-T on 15/11/2022; MRD-negative remission.\n",
        }
    )
    told = {
        r.date: sorted(s.quote for s in r.sources if s.file == "c.txt")
        for r in kinds(f, "remission")
    }
    assert told["2022-03-21"] == ["CR1"]
    assert told["2022-08-16"] == ["CR2"]  # not the CR1 of the summary
    # the CAR-T's response, dated by its month, is the MRD-negative marrow found after it
    assert told["2022-12-19"] == ["MRD-negative remission"]  # not its CR2


def test_remission_is_dated_when_first_found(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Induction with DA was given in January 2021 and achieved complete "
            "remission.\n"
            "Marrow on 14/06/2021 showed remission again.\n"
        }
    )
    assert next(r.date for r in kinds(f, "remission")) == "2021-01"


def test_regimen_names_from_the_whole_group() -> None:
    voc = load_rules().vocabulary
    assert regimen_name(voc, ["FLAG-IDA"], ["dasatinib"]) == "FLAG-IDA+DASATINIB"
    assert regimen_name(voc, ["HYPER-CVAD"], ["imatinib"]) == "HYPER-CVAD+IMATINIB"
    assert regimen_name(voc, ["HAG"], ["azacitidine"]) == "AZA+HAG"
    assert regimen_name(voc, [], ["decitabine"]) == "DECITABINE"
    assert regimen_name(voc, ["HiDAC"], ["cytarabine"]) == "HiDAC"
    assert regimen_name(voc, ["IA"], ["cytarabine", "idarubicin", "g-csf"]) == "IA"


def test_a_slash_joined_pair_and_a_third_drug_are_two_treatments(facts: Facts) -> None:
    f = facts(
        {
            "path.txt": "Bone marrow report 12/10/2022\nClinical history: Ph+ B-ALL, s/p "
            "hyper-CVAD/dasatinib and blinatumomab; rule out relapse.\n",
            "letter.txt": "Letter 20/12/2021\nHyper-CVAD plus dasatinib started on "
            "03/03/2021. Blinatumomab started on 10/11/2021.\n",
        }
    )
    assert sorted((r.name, r.date) for r in kinds(f, "regimen")) == [
        ("BLINATUMOMAB", "2021-11-10"),
        ("HYPER-CVAD+DASATINIB", "2021-03-03"),
    ]  # the request's history joins the dated courses: no three-drug regimen


def test_doses_routes_and_days_between_drugs_keep_one_combination(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 20/12/2022\nTreatment with azacitidine 75 mg/m2 D1-7 + venetoclax "
            "400 mg D1-28 started on 17/11/2022.\n",
            "b.txt": "Letter 20/12/2021\nInduction with idarubicin 12 mg/m2 D1-3 + cytarabine "
            "100 mg/m2 SC on days 1-7 started on 03/05/2021.\n",
            "c.txt": "Letter 20/12/2020\nInduction (cytarabine 200 mg/m2/day x 7 days + "
            "daunorubicin 60 mg/m2 x 3 days) started on 10/02/2020.\n",
        }
    )
    assert sorted((r.name, r.date) for r in kinds(f, "regimen")) == [
        ("AZA+VEN", "2022-11-17"),
        ("DA", "2020-02-10"),
        ("IA", "2021-05-03"),
    ]


def test_a_tki_with_chemotherapy_or_a_steroid_is_one_dated_course(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Discharge summary 20/03/2023\n - Commenced Hyper-CVAD course 1A + "
            "dasatinib 100mg OD on 08/02/2023.\n",
            "b.txt": "Letter 28/06/2024\nInduction: dasatinib + prednisolone started "
            "12/03/2024; then blinatumomab cycle 1 from 22/04/2024.\n",
        }
    )
    assert sorted((r.name, r.date) for r in kinds(f, "regimen")) == [
        ("BLINATUMOMAB", "2024-04-22"),
        ("DASATINIB", "2024-03-12"),
        ("HYPER-CVAD+DASATINIB", "2023-02-08"),
    ]


def test_gvhd_of_skin_and_gut_in_one_mention_is_two_organs(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Letter 22/02/2023\nAcute GVHD of the skin and gut was diagnosed on "
            "21/01/2023; no liver involvement.\n"
        }
    )
    assert sorted((g.organ, g.date, g.form) for g in kinds(f, "gvhd")) == [
        ("gut", "2023-01-21", "acute"),
        ("skin", "2023-01-21", "acute"),
    ]


def test_an_organ_staged_0_in_a_gvhd_staging_is_not_involved(facts: Facts) -> None:
    """'gut stage 3, skin 0, liver 0': the gut's GVHD alone; an organ staged above 0 is one."""
    f = facts(
        {
            "r.txt": "Review 14/07/2023\nGrade III acute GvHD (gut stage 3, skin 0, liver 0) "
            "from 02/07/2023.\n",
            "s.txt": "Review 30/08/2023\nGrade II acute GvHD (liver 0, skin stage 2, gut stage 1) "
            "from 21/08/2023.\n",
        }
    )
    assert sorted((g.organ, g.date) for g in kinds(f, "gvhd")) == [
        ("gut", "2023-07-02"),
        ("gut", "2023-08-21"),
        ("skin", "2023-08-21"),
    ]


def test_chronic_gvhd_organs_listed_as_phrases_are_each_an_organ(facts: Facts) -> None:
    """'lichen planus-like oral changes, dry eyes and sclerotic skin': mouth, eyes and skin."""
    f = facts(
        {
            "r.txt": "Letter 02/10/2023\nFrom September 2023 she has developed lichen planus-like "
            "oral changes, dry eyes and sclerotic skin over the forearms: chronic GvHD, NIH "
            "severe.\n",
            "s.txt": "Letter 20/11/2023\nChronic GVHD since 11/2023: ocular sicca, oral "
            "lichenoid changes and fasciitis of the forearms.\n",
        }
    )
    assert sorted((g.organ, g.date, g.form) for g in kinds(f, "gvhd")) == [
        ("eye", "2023-09", "chronic"),
        ("eye", "2023-11", "chronic"),
        ("joint", "2023-11", "chronic"),
        ("mouth", "2023-09", "chronic"),
        ("mouth", "2023-11", "chronic"),
        ("skin", "2023-09", "chronic"),
    ]


def test_a_bracket_explaining_an_organ_keeps_the_organ_list(facts: Facts) -> None:
    """'the lungs (bronchiolitis obliterans syndrome) and liver involvement': lung and liver."""
    f = facts(
        {
            "r.txt": "Letter 05/03/2024\nChronic GvHD of the lungs (bronchiolitis obliterans "
            "syndrome) and liver involvement was diagnosed on 19/02/2024.\n"
        }
    )
    assert sorted((g.organ, g.date, g.form) for g in kinds(f, "gvhd")) == [
        ("liver", "2024-02-19", "chronic"),
        ("lung", "2024-02-19", "chronic"),
    ]


def test_dates_listed_after_a_treatments_reason_are_its_courses(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Date: 18/10/2020\nHaplo-HSCT 03/09/2019.\n"
            "DLI x3 for MRD relapse: 10/06/2020 (1x10^6 CD3/kg), 22/07/2020 (5x10^6/kg), "
            "09/09/2020 (1x10^7/kg).\n"
        }
    )
    assert [d.date for d in kinds(f, "dli")] == ["2020-06-10", "2020-07-22", "2020-09-09"]
    # the reason is not a new event dated at the first course
    assert all(r.date != "2020-06-10" for r in kinds(f, "relapse"))


def test_a_counted_course_with_one_day_dates_only_the_first(facts: Facts) -> None:
    f = facts({"r.txt": "Azacitidine + venetoclax x2 from 25/04/2019.\n"})
    dates = [r.date for r in kinds(f, "regimen")]
    assert len(dates) == 2 and dates.count("2019-04-25") == 1  # not two starts on one day


def test_counted_courses_from_a_start_day_follow_it_a_cycle_apart(facts: Facts) -> None:
    f = facts({"r.txt": "Letter 15/03/2022\n\nConsolidation: HiDAC x 3, start 01/12/2021.\n"})
    courses = kinds(f, "regimen")
    assert [r.date for r in courses] == ["2021-12-01", "2022-01", "2022-02"]
    assert not courses[0].doubts
    assert all(r.confidence < 0.9 and r.doubts for r in courses[1:])  # months inferred


def test_counted_courses_from_a_start_month_are_not_all_of_that_month(facts: Facts) -> None:
    f = facts({"r.txt": "Letter 15/06/2021\n\nAML 11/2020. Induction DA x2 from 12/2020.\n"})
    first, second = kinds(f, "regimen")
    assert first.date == "2020-12"
    assert second.date != "2020-12" and second.confidence < 0.9 and second.doubts


def test_a_course_named_by_its_number_later_takes_its_date(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "She received two cycles of high-dose cytarabine, the first starting "
            "April 5, 2021. The second cycle was dose-reduced and started on May 10, 2021.\n"
        }
    )
    assert [r.date for r in kinds(f, "regimen")] == ["2021-04-05", "2021-05-10"]
    f = facts(
        {
            "r.txt": "She received two cycles of high-dose cytarabine. Cycle 1 started "
            "April 5, 2021 and cycle 2 started May 10, 2021.\n"
        }
    )
    assert [r.date for r in kinds(f, "regimen")] == ["2021-04-05", "2021-05-10"]


def test_two_numbered_courses_joined_by_and_keep_their_own_numbers(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Letter 22/08/2023\nConsolidation: HiDAC cycle 1 on 05/05/2023 and "
            "HiDAC cycle 2 on 09/06/2023.\n"
        }
    )
    assert [(r.cycle, r.date) for r in kinds(f, "regimen")] == [
        (1, "2023-05-05"),
        (2, "2023-06-09"),
    ]


def test_a_later_cycle_put_off_to_a_date_is_no_course_given(facts: Facts) -> None:
    letter = ("5 December 2023\n\nDear Fiona,\nFBC 14/08/2023: Hb 88 g/L.\n"
              "Jack commenced azacitidine 75 mg/m2 days 1-7 on 06/11/2023 (cycle 1). ")  # fmt: skip
    for later in ["Cycle 2 was delayed to 11/12/2023 because of neutropenic sepsis on 22/11/2023.",
                  "Cycle 2 is due on 11/12/2023."]:  # fmt: skip
        got = [
            (r.name, r.date, r.cycle, r.confidence)
            for r in kinds(facts({"l.txt": letter + later + "\n"}), "regimen")
        ]
        assert got == [("AZA", "2023-11-06", 1, 0.97)], later


def test_a_later_cycles_doubt_is_not_the_first_ones(facts: Facts) -> None:
    letter = ("5 December 2023\n\nDear Fiona,\nFBC 14/08/2023: Hb 88 g/L.\n"
              "Azacitidine cycle 1 began on 06/11/2023. "
              "Cycle 2 was given on 11/12/2023.\n")  # fmt: skip
    first, later = kinds(facts({"l.txt": letter}), "regimen")
    assert (first.date, first.doubts) == ("2023-11-06", ())
    assert later.date == "2023-12-11" and any("after its own document" in d for d in later.doubts)


def test_a_later_cycle_told_without_its_drug_is_another_course(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "She received HiDAC cycle 1 on 15 November 2021. "
            "Cycle 2 was given on 20 December 2021.\n",
            "b.txt": "He began azacitidine plus venetoclax on 3/15/2022. "
            "Cycle 5 was started on 7/12/2022.\n",
        }
    )
    got = sorted((r.name, r.date, r.cycle) for r in kinds(f, "regimen"))
    assert got == [
        ("AZA+VEN", "2022-03-15", None),
        ("AZA+VEN", "2022-07-12", 5),
        ("HiDAC", "2021-11-15", 1),
        ("HiDAC", "2021-12-20", 2),
    ]


def test_a_second_cycle_after_a_first_in_one_sentence_is_a_course(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "She received a first cycle of HiDAC on 11/15/2021 and a second cycle "
            "on 12/20/2021.\n"
        }
    )
    assert [r.date for r in kinds(f, "regimen")] == ["2021-11-15", "2021-12-20"]


def test_courses_listed_one_per_line_are_one_regimen_each(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter\nDate: 20/05/2023\n\nTreatment:\n"
            "C1 (12 Jan 2023) – FLAG-Ida\nC2 (20 Feb 2023) – FLAG-Ida\n"
            "Course 3: HiDAC, started 2023-03-28\n",
        }
    )
    got = [(e.name, e.date) for e in f.events if e.kind == "regimen"]
    assert got == [("FLAG-IDA", "2023-01-12"), ("FLAG-IDA", "2023-02-20"), ("HiDAC", "2023-03-28")]


def test_course_lines_under_a_heading_naming_the_treatment_are_its_courses(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter\nDate: 20/08/2023\n\nConsolidation HiDAC\n"
            "Cycle 1: 10.03.2023\nCycle 2: 14.04.2023\nCycle 3: 19.05.2023\n",
        }
    )
    got = [(e.name, e.date) for e in f.events if e.kind == "regimen"]
    assert got == [("HiDAC", "2023-03-10"), ("HiDAC", "2023-04-14"), ("HiDAC", "2023-05-19")]


def test_a_diagnosis_two_reports_state_is_dated_by_the_earlier(facts: Facts) -> None:
    # the later marrow sorts first by file name; the disease was found on the earlier one
    got = facts(
        {
            "a_march.txt": "Bone marrow aspirate report\nDate collected: 20/03/2024\n"
            "Conclusion: hypercellular marrow with 40% blasts, consistent with acute myeloid "
            "leukaemia.\n",
            "b_january.txt": "Bone marrow aspirate report\nDate collected: 12/01/2024\n"
            "Conclusion: hypercellular marrow with 62% blasts, consistent with acute myeloid "
            "leukaemia.\n",
        }
    )
    dx = [e for e in got.events if e.kind == "diagnosis"]
    assert [(e.label, e.date) for e in dx] == [("AML", "2024-01-12")]


def test_fewer_courses_than_months_of_a_range_share_its_months(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 12/09/2022\n   - Induction: DA + midostaurin x2 (Mar–May 2022)\n"})
    got = [(r.date, "month of the course inferred from a range" in r.doubts)
           for r in kinds(f, "regimen")]  # fmt: skip
    assert got == [("2022-03", True), ("2022-04", True)]  # May is when the block ended


def test_two_months_joined_by_a_slash_are_a_range_one_course_each(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 02/02/2022\nFalling chimerism: DLI x2 (Jun/Jul 2021).\n"})
    got = [(e.date, "month of the course inferred from a range" in e.doubts)
           for e in kinds(f, "dli")]  # fmt: skip
    assert got == [("2021-06", True), ("2021-07", True)]  # never past July


def test_courses_spread_over_a_range_join_the_courses_dated_elsewhere(facts: Facts) -> None:
    letter = "Letter 12/09/2022\n   - Induction: DA + midostaurin x2 (Mar–May 2022)\n"
    for second in ("04/2022", "05/2022"):
        table = ("MDT 20/09/2022\n\nDate    | Treatment\n03/2022 | DA + midostaurin C1\n"
                 f"{second} | DA + midostaurin C2\n")  # fmt: skip
        f = facts({"l.txt": letter, "m.txt": table})
        got = [(r.date, r.cycle, bool(r.doubts)) for r in kinds(f, "regimen")]
        assert [(d, c) for d, c, _ in got] == [("2022-03", 1), (second[3:] + "-" + second[:2], 2)]
        assert all(r.confidence > 0.8 for r in kinds(f, "regimen"))  # their months are written


def test_cycles_alternating_two_regimens_are_counted(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 10/03/2023\n- 3/2022 - 7/2022: completed 4 cycles alternating "
               "hyper-CVAD / HD-MTX-AraC (cycles 1B-4B).\n"})  # fmt: skip
    got = [(r.date, bool(r.doubts)) for r in kinds(f, "regimen")]
    assert got == [("2022-03", True), ("2022-04", True), ("2022-05", True), ("2022-06", True)]


def test_courses_listed_by_their_labels_are_one_course_a_label(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 21/12/2021\nDate | Event\n05/03/2021 | Hyper-CVAD course 1A\n"
               "Apr 2021 - Aug 2021 | Hyper-CVAD courses 1B, 2A, 2B, 3A completed\n"
               "Sep 2021 | Blinatumomab cycles 2 and 3\n"})  # fmt: skip
    got = [(r.name, r.date, r.cycle) for r in kinds(f, "regimen")]
    assert got == [
        ("HYPER-CVAD", "2021-03-05", 1),
        ("HYPER-CVAD", "2021-04", None),  # halves: no one number names them
        ("HYPER-CVAD", "2021-05", None),
        ("HYPER-CVAD", "2021-06", None),
        ("HYPER-CVAD", "2021-07", None),
        ("BLINATUMOMAB", "2021-09", 2),
        ("BLINATUMOMAB", "2021-10", 3),  # a cycle on, inferred
    ]


def test_an_mrd_negative_marrow_after_therapy_is_a_remission_of_its_day(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 10/03/2023\n- 25/01/2023: CAR-T (tisagenlecleucel) infusion.\n"
               "- D+28 post CAR-T BM: MRD negative.\n"})  # fmt: skip
    (r,) = kinds(f, "remission")
    assert (r.date, r.depth) == ("2023-02-22", "MRD-negative")
    assert r.confidence < 0.9 and any("MRD-negative marrow" in d for d in r.doubts)


def test_an_mrd_negative_value_alone_is_no_remission(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 10/03/2023\nDiagnostic marrow 02/02/2022: B-ALL, 88% blasts. "
               "BCR-ABL1 PCR negative. MRD negative in blood on 01/03/2023.\n"})  # fmt: skip
    assert kinds(f, "remission") == []


def test_acute_and_chronic_gvhd_are_two_events_each_with_its_own_grade(facts: Facts) -> None:
    f = facts(
        {
            "g.txt": "Acute GVHD of skin, overall grade II.\n"
            "Chronic GVHD diagnosed 18/04/2024: skin sclerotic features.\n"
        }
    )
    got = sorted((e.form, e.date, e.grade) for e in kinds(f, "gvhd"))
    # the acute episode's grade stays with it; the chronic one states none
    assert got == [("acute", None, 2), ("chronic", "2024-04-18", None)]


def test_a_relapse_of_another_stated_type_is_not_folded_into_a_dated_one(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Molecular relapse: NPM1 rising to 0.9% (peripheral blood 15.12.2023).\n"
            "Conclusion: extramedullary relapse: CNS.\n"
        }
    )
    got = sorted((e.type, e.date) for e in kinds(f, "relapse"))
    assert got == [("extramedullary", None), ("molecular", "2023-12-15")]


def test_cycles_listed_each_with_started_and_its_date_are_courses(facts: Facts) -> None:
    f = facts({"a.txt": "Azacitidine cycle 1 started 22/01/2024, cycle 2 started 19/02/2024.\n"})
    got = [(r.name, r.date, r.cycle) for r in kinds(f, "regimen")]
    assert got == [("AZA", "2024-01-22", 1), ("AZA", "2024-02-19", 2)]


def test_course_numbers_listed_together_before_their_dates_number_each_course(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Decitabine-venetoclax cycle 1 started 03/01/2023, then cycles 2, 3 "
            "and 4 on 31/01/2023, 27/02/2023 and 27/03/2023.\n"
        }
    )
    got = [(r.date, r.cycle) for r in kinds(f, "regimen")]
    assert got == [("2023-01-03", 1), ("2023-01-31", 2), ("2023-02-27", 3), ("2023-03-27", 4)]


def test_each_listed_infusion_keeps_its_own_dose(facts: Facts) -> None:
    f = facts({"a.txt": "DLI 1 x 10^7 CD3/kg on 14/08/2023 and 3 x 10^7 CD3/kg on 18/09/2023.\n"})
    got = [(e.date, e.dose) for e in kinds(f, "dli")]
    assert got == [("2023-08-14", "1 x 10^7 CD3/kg"), ("2023-09-18", "3 x 10^7 CD3/kg")]


def test_a_count_told_after_the_course_was_given_spreads_over_its_range(facts: Facts) -> None:
    f = facts({"r.txt": "HiDAC consolidation was given for three cycles from January to March "
               "2023.\n"})  # fmt: skip
    got = [(r.name, r.date, r.confidence < 0.9) for r in kinds(f, "regimen")]
    assert got == [("HiDAC", f"2023-0{m}", True) for m in (1, 2, 3)]


def test_a_remission_lasting_until_a_date_tells_the_relapse_then(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "He achieved CR on 01.02.2021. He was in remission until March 2022, "
            "when he relapsed.\n",
            "b.txt": "He remained in remission until 11.03.2023, when a haematological relapse "
            "was diagnosed (marrow blasts 45%).\n",
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2021-02-01"]
    assert [e.date for e in kinds(f, "relapse")] == ["2022-03", "2023-03-11"]


def test_a_course_number_written_before_the_regimen_is_its_cycle(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Discharge 30/04/2020\nCycle 2 DA started 22/04/2020.\n",
            "b.txt": "Discharge 30/07/2020\nCourse 2 of FLAG-Ida was started on 22/07/2020.\n",
        }
    )
    got = sorted((r.name, r.date, r.cycle) for r in kinds(f, "regimen"))
    assert got == [("DA", "2020-04-22", 2), ("FLAG-IDA", "2020-07-22", 2)]


def test_a_short_cycle_number_in_the_next_sentence_is_another_course(facts: Facts) -> None:
    f = facts({"n.txt": "Visit 05/02/2022\nInterval history: C2 Aza/Ven started 03/22/2022. "
               "C3 started 04/25/2022.\n"})  # fmt: skip
    got = [(r.name, r.date, r.cycle) for r in kinds(f, "regimen")]
    assert got == [("AZA+VEN", "2022-03-22", 2), ("AZA+VEN", "2022-04-25", 3)]


def test_courses_counted_after_a_phase_word_are_numbered_in_date_order(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 01/09/2020\nHiDAC consolidation x2 (06/2020, 07/2020).\n",
            "b.txt": "Letter 01/09/2021\nShe had two further cycles of DA (06/2021, 07/2021).\n",
        }
    )
    got = sorted((r.name, r.date, r.cycle) for r in kinds(f, "regimen"))
    assert got == [
        ("DA", "2021-06", None),  # 'further': not the first two courses
        ("DA", "2021-07", None),
        ("HiDAC", "2020-06", 1),
        ("HiDAC", "2020-07", 2),
    ]


def test_an_event_its_records_number_carries_that_number(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 01/12/2023\nShe achieved CR2 on 20 November 2023.\n"
               "She received the second DLI on 01/11/2023.\n"})  # fmt: skip
    assert [(e.kind, e.ordinal) for e in f.events] == [("remission", 2), ("dli", 2)]
    f = facts({"l.txt": "Letter 01/12/2023\nComplete remission on 20 November 2023.\n"})
    assert [e.ordinal for e in f.events] == [None]


def test_an_ordinal_before_cycle_is_its_number_not_the_next_date_s_day(facts: Facts) -> None:
    f = facts(
        {
            "n.txt": "Discharge letter 30.09.2022\nConsolidation with HiDAC: 1st cycle "
            "12.07.2022, 2nd cycle 16.08.2022.\n",
            "m.txt": "Note 03.11.2022\nAZA course 21.10.2022 given without delay.\n",
        }
    )
    got = sorted((r.name, r.date, r.cycle) for r in kinds(f, "regimen"))
    assert got == [
        ("AZA", "2022-10-21", None),  # 'course 21.10.2022': the date's day, no course number
        ("HiDAC", "2022-07-12", 1),
        ("HiDAC", "2022-08-16", 2),
    ]


def test_an_ordinal_with_a_full_stop_before_the_course_noun_numbers_it(facts: Facts) -> None:
    f = facts({"z.txt": "Arztbrief 02.05.2023\nAm 17.04.2023 begann der 2. Zyklus Azacitidin.\n"})
    assert [(r.name, r.date, r.cycle) for r in kinds(f, "regimen")] == [("AZA", "2023-04-17", 2)]


def test_cr1_retold_is_never_a_remission_after_the_first_relapse(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Summary 10/01/2022\n\nFLAG-Ida from 03/02/2020; CR on 15/03/2020. "
            "Relapse on 20/06/2021. CR again on 30/09/2021 after CLAG-M.\n",
            "note.txt": "Transplant clinic\n\nShe was referred while in CR1 for a donor search.\n",
        }
    )
    crs = {e.date: [s.file for s in e.sources] for e in kinds(f, "remission")}
    assert "note.txt" in crs["2020-03-15"] and "note.txt" not in crs["2021-09-30"]


def test_a_remission_told_after_a_relapse_is_not_the_remission_told_before_it(
    facts: Facts,
) -> None:
    f = facts(
        {
            "referral.txt": "Referral 22/03/2023\n\nDA from 15/01/2020 gave CR on 18/02/2020. "
            "Allo-HSCT on 16/06/2020. Relapse at D+400.\nSalvage AZA+VEN; best response CR.\n"
        }
    )
    first, later = sorted(kinds(f, "remission"), key=lambda e: e.sources[0].start)
    # the relapse between them parts them, its day known only once the transplant is dated
    assert first.date == "2020-02-18" and [s.quote for s in first.sources] == ["CR on 18/02/2020"]
    assert later.date is None and [s.quote for s in later.sources] == ["CR"]


def test_a_remission_a_letter_tells_was_found_by_the_day_it_was_written(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Summary 10/01/2022\n\nFLAG-Ida from 03/02/2020; CR on 15/03/2020. "
            "Relapse on 20/06/2021. CR again on 30/09/2021 after CLAG-M.\n",
            "letter.txt": "Haematology clinic, 14 May 2021\n\nDear Dr Shaw,\n\nThank you for "
            "seeing Mrs Odu. She achieved complete remission after induction and has stayed "
            "well.\n\nYours sincerely,\n",
        }
    )
    crs = {e.date: [s.file for s in e.sources] for e in kinds(f, "remission")}
    # a letter of May 2021 cannot retell the remission found that September
    assert crs == {"2020-03-15": ["summary.txt", "letter.txt"], "2021-09-30": ["summary.txt"]}


def test_a_numbered_remission_in_a_course_rows_outcome_is_the_cases_dated_one(
    facts: Facts,
) -> None:
    """'02/2023 | FLAG-Ida induction -> CR1': found after the month the course began."""
    text = (
        "Clinic letter\nDate: 10/10/2023\n\n"
        "Day 28 bone marrow on 28/03/2023: blasts 1%, complete remission (CR1).\n\n"
        "Treatment summary\nDate | Treatment and outcome\n"
        "02/2023 | FLAG-Ida induction -> CR1, MRD positive\n"
        "05/2023 | HiDAC consolidation\n"
    )
    got = [(r.date, r.confidence >= 0.9) for r in kinds(facts({"l.txt": text}), "remission")]
    assert got == [("2023-03-28", True)]


def test_a_course_named_as_a_specimens_time_point_is_no_new_course(facts: Facts) -> None:
    """'BM (FLAG-Ida C1 D+28)': the marrow was taken on day 28 of a course begun before."""
    text = (
        "Response assessments\nDate | Specimen | Blasts % | MRD %\n"
        "12-Jun-2022 | BM (diagnosis) | 78 | \n"
        "09-Aug-2022 | BM (FLAG-Ida C1 D+28) | 3 | 0.2\n\n"
        "Treatment\nFLAG-Ida cycle 1 started 13-Jul-2022.\n"
    )
    f = facts({"r.txt": text})
    assert [(r.name, r.cycle, r.date) for r in kinds(f, "regimen")] == [
        ("FLAG-IDA", 1, "2022-07-13")
    ]
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        (0.2, "2022-08-09")
    ]


def test_a_dli_row_counting_two_infusions_is_two_dlis_with_their_doses_in_order(
    facts: Facts,
) -> None:
    """'DLI (X then Y /kg) | DATE | DATE | 2': the first on the start, the last on the end."""
    text = (
        "Treatment summary\nDate of letter: 01/09/2023\n\n"
        "Line | Treatment | Start | End | Cycles\n"
        "1 | Allo-HSCT (MUD, PBSC) | 10/11/2022 | 10/11/2022 | 1\n"
        "2 | DLI (escalating, 5x10^5 then 2x10^6 CD3+/kg) | 14/03/2023 | 18/04/2023 | 2\n"
    )
    got = [(d.date, d.dose) for d in kinds(facts({"s.txt": text}), "dli")]
    assert got == [("2023-03-14", "5x10^5"), ("2023-04-18", "2x10^6 CD3+/kg")]
