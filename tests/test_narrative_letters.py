"""Narrative referral letters: what their prose says of dates, organs, combinations, titles."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_letters_stated_date_is_its_date_and_a_blood_draw_dates_only_the_bloods(
    facts: Facts,
) -> None:
    f = facts(
        {
            "l.txt": "Date of assessment: 15-Dec-2021\nShe is in CR2 after FLAG-IDA.\n\n"
            "Bloods drawn 07-Dec-2021: WBC 3.8 x10^9/L\n"
        }
    )
    assert f.documents[0].date == "2021-12-15"
    assert [e.date for e in kinds(f, "remission")] != ["2021-12-07"]
    assert [m.date for m in f.measurements if m.analyte == "wbc"] == ["2021-12-07"]


def test_organs_a_gvhd_rules_out_are_not_its_organs(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Allograft 26-Jan-2022.\nOn day +38 she developed a rash, with no gut or "
            "liver involvement; skin biopsy confirmed acute GVHD, grade II.\n"
        }
    )
    assert [(e.organ, e.grade) for e in kinds(f, "gvhd")] == [("skin", 2)]


def test_a_sentence_wrapped_after_a_semicolon_keeps_its_date(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Allograft 28/11/2023.\n\nHe developed a rash on 14/12/2023;\n"
            "skin biopsy confirmed acute GvHD, overall grade II.\n"
        }
    )
    assert [(e.date, e.grade) for e in kinds(f, "gvhd")] == [("2023-12-14", 2)]


def test_a_drug_added_to_another_names_their_combination(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "In April 2019 the disease progressed to AML. Venetoclax was added to "
            "azacitidine, the first cycle starting on 25 April 2019.\n",
            "b.txt": "Letter 21/12/2020\nShe received azacitidine with the addition of "
            "venetoclax from 23/11/2020.\n",
        }
    )
    got = [(e.name, e.date) for e in kinds(f, "regimen")]
    assert got == [("AZA+VEN", "2019-04-25"), ("AZA+VEN", "2020-11-23")]


def test_a_us_state_code_in_an_address_is_no_regimen(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "UNIVERSITY HEMATOLOGY ASSOCIATES\n2100 Hudson Road, Cedar Falls, IA 50613\n"
            "October 28, 2021\n\nShe has AML in second relapse.\n",
            "m.txt": "Clinic, 400 Main Street, Iowa City, IA\nOctober 30, 2021\n",
        }
    )
    assert kinds(f, "regimen") == []


def test_a_title_counting_days_since_an_infusion_is_no_infusion(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "CAR-T Day +28 Review\nDate of clinic: 16/09/2022\n"
            "Product: tisagenlecleucel (Kymriah), anti-CD19 CAR-T\n"
            "CAR-T infused 19/08/2022 (day 0).\n",
            "m.txt": "HSCT D+100 assessment\nDate of clinic: 25/05/2022\n"
            "Allogeneic HSCT on 14/02/2022.\n",
        }
    )
    assert [(e.date, e.target) for e in kinds(f, "car_t")] == [("2022-08-19", "CD19")]
    assert [e.date for e in kinds(f, "transplant")] == ["2022-02-14"]


def test_a_course_dated_later_than_the_one_before_it_in_its_sentence(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "He received DLI on 10 June 2020, a second DLI six weeks later, and a third "
            "DLI on 9 September 2020. Three weeks after the third DLI he developed acute GVHD "
            "of the gut, grade III.\n"
        }
    )
    assert [e.date for e in kinds(f, "dli")] == ["2020-06-10", "2020-07-22", "2020-09-09"]
    assert [e.date for e in kinds(f, "gvhd")] == ["2020-09-30"]


def test_a_month_count_since_the_transplant_and_a_treatments_complication(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Date of RCP: 14/01/2021\nHaplo-identical allograft 03/09/2019. MRD relapse "
            "at M6 treated with 3 DLI (last DLI 23/09/2020), complicated by grade III acute GVHD "
            "(gut, liver), steroid-refractory, on ruxolitinib.\n",
            "m.txt": "Letter 02/02/2021\nHe was given DLI on 21/10/2020, complicated by acute "
            "GVHD of the skin.\n",
        }
    )
    relapse = kinds(f, "relapse")
    assert [(e.date, e.date_info.precision) for e in relapse] == [("2020-03", "month")]
    assert relapse[0].doubts and relapse[0].confidence < 0.9
    assert all(e.date is None or e.confidence < 0.8 for e in kinds(f, "gvhd"))
    assert sorted(e.organ for e in kinds(f, "gvhd")) == ["gut", "liver", "skin"]


def test_later_cycles_dated_in_a_bracket_after_a_running_count(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic 2024/01/05\nAzacitidine plus venetoclax, 1st cycle from 2023/09/20; "
            "4 cycles so far (2nd 2023/10/25, 3rd 2023/11/29).\n"
        }
    )
    got = [(e.name, e.date) for e in kinds(f, "regimen")]
    assert got == [
        ("AZA+VEN", "2023-09-20"),
        ("AZA+VEN", "2023-10-25"),
        ("AZA+VEN", "2023-11-29"),
    ]


def test_a_post_transplant_day_count_remission_continues_the_one_transplanted_in(
    facts: Facts,
) -> None:
    f = facts(
        {
            "s.txt": "Date of Admission: 17/03/2023\nDay 29 BMAT (07/03/2023): morphological "
            "remission.\n\nDate of HSCT (Day 0): 15/08/2023.\n"
            "Day +30 BMAT (14/09/2023): Morphologically in remission, blasts 0.5%.\n"
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2023-03-07"]
    assert [m.date for m in f.measurements if m.analyte == "blasts"] == ["2023-09-14"]


def test_a_remission_months_after_the_transplant_continues_the_one_transplanted_in(
    facts: Facts,
) -> None:
    f = facts(
        {
            "s.txt": "He achieved CR in August 2021. He underwent a sibling allograft on "
            "22/10/2021. Three months post-transplant his marrow was in morphological "
            "remission with 100% donor chimerism.\n"
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2021-08"]
    assert [m.date for m in f.measurements if m.analyte == "chimerism"] == ["2022-01"]


def test_a_post_transplant_remission_after_a_relapse_is_a_new_one(facts: Facts) -> None:
    f = facts(
        {
            "s.txt": "Day 29 BMAT (07/03/2023): morphological remission.\n"
            "Relapse confirmed on 20/05/2023.\nDate of HSCT (Day 0): 15/08/2023.\n"
            "Day +30 BMAT (14/09/2023): Morphologically in remission, blasts 0.5%.\n"
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2023-03-07", "2023-09-14"]


def test_a_value_wrapped_onto_the_next_line_keeps_the_date_its_sentence_gives(
    facts: Facts,
) -> None:
    f = facts(
        {
            "l.txt": "Clinic letter\nDate: 09/01/2024\n\nDiagnosis: AML with mutated NPM1 and "
            "a normal karyotype, first diagnosed 21/06/2022\n(marrow blasts 41%).\n"
        }
    )
    assert [(m.date, m.value) for m in f.measurements if m.analyte == "blasts"] == [
        ("2022-06-21", 41.0)
    ]


def test_a_response_after_a_dated_treatment_is_not_on_its_start_day(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Discharge summary 14/02/2023\nPAST HISTORY:\nGiven induction with "
            "azacitidine and venetoclax on 17/03/2021, attained CRi after induction.\n",
        }
    )
    (cr,) = kinds(f, "remission")
    assert cr.date == "2021-03" and cr.confidence < 0.85
    assert any("after its treatment began" in d for d in cr.doubts)


def test_a_course_dated_with_in_keeps_its_date_before_a_dash_and_its_result(
    facts: Facts,
) -> None:
    f = facts(
        {
            "l.txt": "Discharge summary 14/02/2023\nPAST HISTORY:\nRelapse in May 2020 - BM 31% "
            "blasts. Received CLAG-M x 1 cycle in Jun 2020 - CR2.\n",
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("CLAG-M", "2020-06")]


def test_a_result_on_the_line_after_a_dated_marrow_is_of_that_marrow_doubted(
    facts: Facts,
) -> None:
    f = facts(
        {
            "l.txt": "PAST HISTORY:\nBone marrow biopsy done on 23/08/2022 showed relapse of "
            "AML (BM - 35% blasts).\nFLT3-ITD positive. Chimerism (STR) - 61% donor.\n",
        }
    )
    (chim,) = [m for m in f.measurements if m.analyte == "chimerism"]
    assert chim.date == "2022-08-23" and 0.6 <= chim.confidence < 0.9 and chim.doubts


def test_a_list_of_visits_does_not_date_the_note(facts: Facts) -> None:
    f = facts(
        {
            "n.txt": "Attendances: 04/03/2024 Day Unit; 11/03/2024 Clinic; 18/03/2024 Infusion\n"
            "Bone marrow aspirate: blasts 7%.\n"
        }
    )
    assert f.documents[0].date is None
    assert [m.date for m in f.measurements if m.analyte == "blasts"] == [None]


def test_a_result_after_a_history_bullets_arrow_takes_the_courses_month(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic date: 19/04/2024\n\nDiagnosis:\n"
            "   - HiDAC x2 (Sep 2022) → CR1, NPM1 MRD negative\n"
            "   - FLAG-Ida from 14/03/2023 → CR2, flow MRD 0.02%\n\nDear Dr Jones,\n"
        }
    )
    got = {m.value: m for m in f.measurements if m.analyte == "mrd"}
    assert got[0.0].date == "2022-09"
    assert got[0.02].date == "2023-03"  # the course's month, never its start day
    assert all(m.confidence < 0.9 and any("after the course began" in d for d in m.doubts)
               for m in got.values())  # fmt: skip


def test_a_conclusion_under_a_dated_test_line_is_that_tests_finding(facts: Facts) -> None:
    head = "Haematology clinic letter\nDate: 20/05/2024\n"
    for report, kind, date in (
        ("Lumbar puncture 03/05/2024: CSF cytospin shows blasts.\n"
         "Conclusion: extramedullary relapse (CNS).\n", "relapse", "2024-05-03"),
        ("Bone marrow biopsy (12.04.2024)\nFindings: hypercellular marrow, 34% myeloblasts.\n"
         "Conclusion: relapse of AML\n", "relapse", "2024-04-12"),
        ("Bone marrow biopsy 12/04/2024\nFindings: normocellular marrow, blasts 2%.\n"
         "Conclusion: morphological remission (CR2).\n", "remission", "2024-04-12"),
    ):  # fmt: skip
        (state,) = kinds(facts({"a.txt": head + report}), kind)
        assert state.date == date
        assert state.confidence < 0.9 and state.doubts  # taken from the line above: doubted


def test_a_conclusion_is_not_a_test_lines_when_another_date_or_a_heading_stands_between(
    facts: Facts,
) -> None:
    for report in (
        "Bone marrow biopsy 12/03/2024: 40% blasts.\nSeen in clinic 02/04/2024.\n"
        "Conclusion: relapse of AML\n",
        "Bone marrow biopsy 12/03/2024: 40% blasts.\n\nPlan and impression\n"
        "Conclusion: relapse of AML\n",
    ):
        (relapse,) = kinds(facts({"a.txt": "Clinic letter\n" + report}), "relapse")
        assert relapse.date != "2024-03-12"


def test_a_month_named_without_a_year_takes_the_year_its_story_gives(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "He began azacitidine plus venetoclax on 3/15/2022. In September a marrow "
            "showed 40% blasts, confirming hematologic relapse.\n",
            "b.txt": "March 10, 2022\nNPM1 MRD rose from undetectable in December to 0.8% on "
            "02/14/2022, consistent with molecular relapse.\n",
        }
    )
    relapses = {e.date for e in kinds(f, "relapse")}
    assert "2022-09" in relapses  # after March 2022: the same year
    blasts = [m for m in f.measurements if m.analyte == "blasts"]
    mrd = sorted((m.date, m.value) for m in f.measurements if m.analyte == "mrd")
    assert [m.date for m in blasts] == ["2022-09"]
    assert mrd == [("2021-12", 0.0), ("2022-02-14", 0.8)]  # December before February 2022
    doubted = [*blasts, *(m for m in f.measurements if m.date == "2021-12")]
    assert all(m.confidence < 0.8 and any("without its year" in d for d in m.doubts)
               for m in doubted)  # fmt: skip
    # no date around it to give the year, or one that would put it after the letter: undated
    g = facts({"c.txt": "March 10, 2022\nIn September a marrow showed 40% blasts.\n"})
    assert [m.date for m in g.measurements if m.analyte == "blasts"] != ["2022-09"]


def test_an_offset_naming_no_event_counts_from_the_course_just_told(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "He began azacitidine plus venetoclax on 3/15/2022. At the end of that "
            "cycle the marrow showed 8% blasts.\n",
            "b.txt": "Gilteritinib had been started in March 2022 and after 6 weeks NPM1 MRD "
            "was undetectable.\n",
        }
    )
    (blasts,) = [m for m in f.measurements if m.analyte == "blasts"]
    (mrd,) = [m for m in f.measurements if m.analyte == "mrd"]
    assert (blasts.date, mrd.date) == ("2022-04", "2022-04")  # a cycle, six weeks: April
    assert all(m.confidence < 0.9 and any("counted from the course" in d for d in m.doubts)
               for m in (blasts, mrd))  # fmt: skip
    # a letter without a date line does not borrow the date a treatment began
    assert [d.date for d in f.documents] == [None, None]


def test_a_bare_year_after_an_event_dates_it_to_that_year(facts: Facts) -> None:
    f = facts({"a.txt": "History: AML, allograft 2022, relapse (2023). TBI 2000 cGy.\n"})
    (transplant,) = kinds(f, "transplant")
    (relapse,) = kinds(f, "relapse")
    assert (transplant.date, relapse.date) == ("2022", "2023")
    assert transplant.confidence < 0.9 and transplant.doubts  # a year only: doubted
    assert all(e.date != "2000" for e in f.events)  # a dose is no year


def test_a_findings_field_under_a_dated_test_line_takes_the_tests_date(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Haematology clinic letter\nDate: 20/05/2024\n\nBone marrow biopsy "
            "(12.04.2024)\nFindings: hypercellular marrow, 34% myeloblasts.\n"
        }
    )
    (blasts,) = [m for m in f.measurements if m.analyte == "blasts"]
    assert blasts.date == "2024-04-12"  # the biopsy's, not the letter's
    assert blasts.confidence < 0.9 and blasts.doubts


def test_a_disease_followed_since_a_date_was_diagnosed_by_then(facts: Facts) -> None:
    f = facts({"a.txt": "He had been followed for MDS-EB1 since the spring of 2019.\n"})
    (mds,) = kinds(f, "diagnosis")
    assert (mds.label, mds.date) == ("MDS", "2019")
    assert mds.confidence < 0.8 and any("perhaps earlier" in d for d in mds.doubts)
    # a follow-up with no 'since' tells no diagnosis's date
    g = facts({"b.txt": "He is followed for AML in our clinic.\n"})
    assert kinds(g, "diagnosis") == []


def test_counts_today_are_of_the_letters_date_not_an_earlier_samples(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date: 14 June 2023\nDOB 14/03/1979\n\n"
            "MRD on a marrow sample taken on 02/06/2023 was 0.04%.\n\nCounts today: Hb 131 g/L.\n"
        }
    )
    dated = sorted((m.analyte, m.date) for m in f.measurements)
    assert dated == [("hb", "2023-06-14"), ("mrd", "2023-06-02")]


def test_a_state_the_visit_calls_new_onset_is_dated_by_the_visit(facts: Facts) -> None:
    letter = (
        "BMT Clinic Letter\nSeen: 20-Jan-2022\n\nDear Dr Smith,\nShe reports a sore mouth "
        "with lacy white change on the buccal mucosa. This is new-onset mild chronic GVHD "
        "of the mouth. We will start a steroid mouthwash.\n"
    )
    got = [(e.date, e.form, e.organ) for e in kinds(facts({"l.txt": letter}), "gvhd")]
    assert got == [("2022-01-20", "chronic", "mouth")]


def test_a_gvhd_told_without_new_onset_stays_undated(facts: Facts) -> None:
    letter = "BMT Clinic Letter\nSeen: 20-Jan-2022\n\nShe has mild chronic GVHD of the mouth.\n"
    assert [e.date for e in kinds(facts({"l.txt": letter}), "gvhd")] == [None]


def test_a_gvhd_table_dates_each_row_by_its_onset_column(facts: Facts) -> None:
    summary = (
        "Transplant summary\nPrinted: 02/06/2022\n\nGVHD history\n"
        "Type | Onset | Organs | Grade | Treatment\n"
        "Acute | — | none | n/a | n/a\n"
        "Chronic | 20-Jan-2022 | Mouth (lichenoid) | mild (NIH) | topical steroid mouthwash\n"
    )
    got = [(e.date, e.form, e.organ) for e in kinds(facts({"s.txt": summary}), "gvhd")]
    assert got == [("2022-01-20", "chronic", "mouth")]
