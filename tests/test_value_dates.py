"""Which date a value in a letter's sentence takes: its own sample's, not one a neighbouring
clause names for another result (letters written for these tests)."""

from __future__ import annotations

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts


def dated(f: CaseFacts, analyte: str) -> list[tuple[float | None, str | None, bool]]:
    """(value, date, sure) of one analyte's values, sure meaning confidence 0.9 or more."""
    return sorted((m.value, m.date, m.confidence >= 0.9) for m in f.measurements
                  if m.analyte == analyte)  # fmt: skip


def test_a_result_told_as_now_does_not_take_an_earlier_clauses_date(facts: Facts) -> None:
    text = "Clinic 14/03/2023\nMarrow MRD (23/01/2023) was 0.02%, but blood MRD is now negative."
    got = dated(facts({"l.txt": text}), "mrd")
    assert (0.02, "2023-01-23", True) in got
    assert (0.0, "2023-01-23", True) not in got
    assert all(date != "2023-01-23" for value, date, _ in got if value == 0.0)


def test_a_counted_course_and_a_dated_bracket_do_not_part_a_name_from_its_value(
    facts: Facts,
) -> None:
    text = (
        "Clinic date: 14/03/2023\nNPM1 MRD in the post-course 2 bone marrow "
        "(aspirated 23/01/2023) was 0.02%, i.e. she has not achieved MRD negativity.\n"
    )
    assert (0.02, "2023-01-23", True) in dated(facts({"l.txt": text}), "mrd")


def test_a_result_found_after_a_numbered_course_is_not_of_an_earlier_marrow(
    facts: Facts,
) -> None:
    text = (
        "Clinic 14/12/2021\nFLAG-IDA C2 18/10/2021.\n"
        "CR2 on marrow 12/10/2021, MRD negative after C2.\n"
    )
    got = dated(facts({"l.txt": text}), "mrd")
    assert got == [(0.0, "2021-10", False)]  # C2's month, doubted: not the marrow of 12/10
    # the course's own day in the same sentence is when it began, not when the result was found
    listed = (
        "Referral 01/12/2021\n5. FLAG-IDA x2 (C1 13/09/2021, C2 18/10/2021) - CR2 on marrow "
        "12/10/2021, NPM1 MRD negative after C2\n"
    )
    assert dated(facts({"r.txt": listed}), "mrd") == [(0.0, "2021-10", False)]


def test_a_test_labelled_as_after_a_numbered_course_keeps_its_own_bracketed_date(
    facts: Facts,
) -> None:
    # the label names the course before the value: its bracket is the test's month, and the
    # course's own day, told the sentence before, is when the course began
    text = "Blinatumomab cycle 2 on 03/17/2022. clonoSEQ after cycle 2 (04/2022): MRD negative.\n"
    assert dated(facts({"l.txt": text}), "mrd") == [(0.0, "2022-04", False)]
    # with no date of its own the course anchors it: the course's month, doubted
    bare = "Blinatumomab cycle 2 on 03/17/2022. clonoSEQ after cycle 2: MRD negative.\n"
    assert dated(facts({"l.txt": bare}), "mrd") == [(0.0, "2022-03", False)]
    # the course an earlier value of the sentence was found after is not the next value's
    two = (
        "Blinatumomab cycle 1 on 02/10/2022, cycle 2 on 03/17/2022.\n"
        "MRD 0.5% after cycle 1 (03/2022), MRD negative after cycle 2 (04/2022).\n"
    )
    assert dated(facts({"l.txt": two}), "mrd") == [(0.0, "2022-04", False), (0.5, "2022-03", False)]


def test_a_numbered_course_is_the_one_told_before_the_result_not_a_later_lines(
    facts: Facts,
) -> None:
    # 'after course 1' in the first treatment's line is that treatment's first course (its
    # count mark lists the courses' months), never the C1 of the next treatment's line
    text = (
        "Referral 25/11/2021\n2. DA x2 (03/2020 and 04/2020) - CR1, MRD negative after course 1\n"
        "3. FLAG-IDA x2 (C1 13/09/2021, C2 18/10/2021) - CR2 on marrow 12/10/2021\n"
    )
    assert dated(facts({"r.txt": text}), "mrd") == [(0.0, "2020-03", False)]


def test_a_stated_collection_date_beats_a_day_count_that_cannot_be_resolved(
    facts: Facts,
) -> None:
    text = (
        "MDT 21/09/2022\nRoutine day +400 BMAT (collected 26/08/2022) shows 14% blasts "
        "with donor chimerism 71%.\n"
    )
    f = facts({"l.txt": text})
    assert dated(f, "blasts") == [(14.0, "2022-08-26", True)]
    assert dated(f, "chimerism") == [(71.0, "2022-08-26", True)]


def test_a_day_count_naming_a_marrow_gives_way_to_the_marrow_s_stated_month(
    facts: Facts,
) -> None:
    # the day count names which marrow (of the induction begun in 11/2022); the month after the
    # marrow's name is when it was done, whether the value sits in the state's bracket or not
    for told in ("CR1 (MRD-positive, NPM1 0.05%)", "NPM1 MRD positive (0.05%)"):
        text = (
            "Clinic 04/13/2023\nPrior therapy: 7+3 induction 11/2022, "
            f"{told} on the day 28 marrow in 12/2022; HiDAC consolidation in 01/2023.\n"
        )
        assert dated(facts({"l.txt": text}), "mrd") == [(0.05, "2022-12", False)]


def test_a_rise_from_a_negative_word_gives_the_later_value_its_date(facts: Facts) -> None:
    # 'from undetectable to 0.9%' is a change: the value now is 0.9, dated by its sample; the
    # earlier negative result has no date of its own, so it is no result
    text = (
        "Clinic 11/10/2024\nNPM1 transcripts rose from undetectable to 0.9% in blood on 18/03/2024."
    )
    assert dated(facts({"l.txt": text}), "mrd") == [(0.9, "2024-03-18", True)]


def test_a_trends_earlier_value_is_no_gap_between_a_name_and_its_value(facts: Facts) -> None:
    # the longer cue 'were rising from undetectable to' stands between the name and 0.9 as
    # 'rose from undetectable to' does: the value is as much the name's
    text = (
        "Clinic 11/10/2024\nNPM1 transcripts were rising from undetectable to 0.9% in blood "
        "on 18/03/2024.\n"
    )
    assert dated(facts({"l.txt": text}), "mrd") == [(0.9, "2024-03-18", True)]


def test_both_dated_values_of_a_trend_that_opens_with_its_cue_are_read(facts: Facts) -> None:
    text = "Clinic 11/10/2024\nMRD rising from undetectable on 01/06/2024 to 1.8% on 20/07/2024."
    got = dated(facts({"l.txt": text}), "mrd")
    assert (0.0, "2024-06-01", True) in got and (1.8, "2024-07-20", True) in got


def test_a_course_named_between_an_analyte_and_its_value_is_no_value(facts: Facts) -> None:
    # 'after cycle 2' says when the marrow was taken: its '2' is neither the value nor a stop
    f = facts({"l.txt": "Clinic 14/03/2023\nMRD after cycle 2 (marrow 23/01/2023) was 0.02%.\n"
                        "Blasts after cycle 2 (marrow 23/01/2023) were 4%.\n"})  # fmt: skip
    assert dated(f, "mrd") == [(0.02, "2023-01-23", True)]
    assert dated(f, "blasts") == [(4.0, "2023-01-23", True)]


def test_a_bracketed_value_with_its_own_date_is_the_tests_earlier_value(facts: Facts) -> None:
    for earlier, when in (("13/08", False), ("13/08/2024", True)):
        text = f"Clinic date: 20/08/2024\nHb today 92 g/L (95 g/L on {earlier}).\n"
        got = dated(facts({"l.txt": text}), "hb")
        # the bracket's date is the 95's (its year inferred: doubted), never today's 92's
        assert got == [(92.0, "2024-08-20", False), (95.0, "2024-08-13", when)]
    # a bracket naming another test is not an earlier value of this one
    text = "Clinic date: 20/08/2024\nWCC 4.1 (1.2 neutrophils on 13/08/2024).\n"
    assert [v for v, _, _ in dated(facts({"l.txt": text}), "wbc")] == [4.1]


def test_a_date_closing_a_bracketed_list_dates_every_value_in_it(facts: Facts) -> None:
    text = (
        "Clinic letter 01/09/2023\nShe presented in August 2023 (Hb 88 g/L, WCC 2.4, "
        "neutrophils 0.9, platelets 61 on 14/08/2023).\n"
    )
    f = facts({"l.txt": text})
    assert {(m.analyte, m.date) for m in f.measurements} == {
        ("hb", "2023-08-14"), ("wbc", "2023-08-14"), ("anc", "2023-08-14"), ("plt", "2023-08-14")
    }  # fmt: skip
    # a date of something else the bracket names last is not the list's
    text = text.replace("platelets 61 on", "platelets 61; marrow on")
    got = {m.analyte: m.date for m in facts({"l.txt": text}).measurements}
    assert got["hb"] == "2023-08"


def test_a_result_after_a_cycle_listed_by_its_dates_takes_that_cycles_month(
    facts: Facts,
) -> None:
    text = (
        "Date: 2024-06-14\nSecond relapse 10/2023. Treated with inotuzumab 2 cycles "
        "(11/2023 and 12/2023) as bridging; MRD 0.7% after cycle 2.\n"
        "Re-induced with blinatumomab (two cycles, starting 03/28/2022 and 05/09/2022), "
        "MRD negative after cycle 1.\n"
    )
    got = dated(facts({"l.txt": text}), "mrd")
    assert got == [(0.0, "2022-03", False), (0.7, "2023-12", False)]


def test_a_past_time_point_of_a_story_years_old_is_not_the_letter_s_day(facts: Facts) -> None:
    old = (
        "Clinic letter 14/06/2024\nDiagnosed with B-ALL in April 2019 and treated on the "
        "standard arm. End-of-induction MRD was <0.01%. Maintenance ended in August 2021.\n"
    )
    recent = (
        "Clinic letter 14/06/2024\nRelapse in March 2024. "
        "Bone marrow after salvage therapy showed MRD 0.5%.\n"
    )
    (mrd,) = [m for m in facts({"a.txt": old}).measurements if m.analyte == "mrd"]
    assert mrd.date is None and any("past time point" in d for d in mrd.doubts)
    assert dated(facts({"b.txt": recent}), "mrd") == [(0.5, "2024-06-14", False)]


def test_a_value_labelled_at_diagnosis_takes_the_diagnosis_day_not_the_form_s(
    facts: Facts,
) -> None:
    form = (
        "Referral form\nDate: 20/02/2024\nDiagnosis: AML, diagnosed 11/06/2020\n"
        "WBC at diagnosis: 87 x10^9/L\nHb at presentation: 72 g/L\nCurrent Hb: 118 g/L\n"
    )
    got = facts({"form.txt": form})
    assert dated(got, "wbc") == [(87.0, "2020-06-11", False)]
    assert dated(got, "hb") == [(72.0, "2020-06-11", False), (118.0, "2024-02-20", False)]
    # the label may lead the clause in Chinese: every value before the clause ends is of then
    summary = (
        "出院小结\n出院日期：2024年2月20日\n诊断：急性髓系白血病（2020年6月11日确诊）\n"
        "初诊时白细胞 87×10^9/L，骨髓原始细胞 64%。\n"
    )
    assert dated(facts({"s.txt": summary}), "wbc") == [(87.0, "2020-06-11", False)]


def test_a_value_of_a_past_time_point_no_document_dates_stays_undated(facts: Facts) -> None:
    letter = "Clinic letter 20/02/2024\nWBC at diagnosis 87 x10^9/L. Blood MRD is now negative.\n"
    (wbc,) = [m for m in facts({"l.txt": letter}).measurements if m.analyte == "wbc"]
    assert wbc.date is None and any("diagnosis whose date is unknown" in d for d in wbc.doubts)
    # 'Hb 72 g/L at presentation, now 118' : only the value the label follows is of then
    both = (
        "Clinic letter 20/02/2024\nAML diagnosed 11/06/2020.\n"
        "Hb 72 g/L at presentation; Hb now 118 g/L.\n"
    )
    assert dated(facts({"m.txt": both}), "hb") == [
        (72.0, "2020-06-11", False),
        (118.0, "2024-02-20", False),
    ]
    # a time before the transplant: its day is told nowhere
    before = "Clinic letter 20/02/2024\nAML diagnosed 11/06/2020.\nMRD pre-transplant: 0.01%.\n"
    (mrd,) = [m for m in facts({"p.txt": before}).measurements if m.analyte == "mrd"]
    assert mrd.date is None and any("before an event" in d for d in mrd.doubts)


def _bases(f: CaseFacts) -> dict[str, tuple[str | None, str | None]]:
    return {m.analyte: (m.date, m.date_info.basis) for m in f.measurements}


def test_counts_told_after_a_sentence_that_says_today_are_of_the_letters_day(
    facts: Facts,
) -> None:
    head = "18 July 2023\n\nDear Dr Morgan,\n\nShe was seen in clinic, day +62.\n\n"
    for opening in ("Today she is well.", "She is well today.", "This morning she felt well."):
        got = _bases(facts({"l.txt": f"{head}{opening} FBC: Hb 108 g/L, WCC 3.9 x10^9/L.\n"}))
        assert got == {"hb": ("2023-07-18", "today"), "wbc": ("2023-07-18", "today")}
    # 'today' ties only what its own paragraph goes on to tell, up to a sentence with a date
    apart = _bases(facts({"l.txt": f"{head}Today she is well.\n\nFBC: Hb 108 g/L.\n"}))
    assert apart == {"hb": ("2023-07-18", "document")}
    dated = "Today she is well. Marrow on 03/07/2023 was clear. FBC: Hb 108 g/L.\n"
    assert _bases(facts({"l.txt": head + dated}))["hb"] != ("2023-07-18", "today")


def test_a_count_that_held_a_course_is_not_of_the_day_the_course_was_given(
    facts: Facts,
) -> None:
    text = (
        "Clinic letter 10/21/2024\nCycle 2 delayed for neutropenia (ANC 0.2); given 08/12/2024.\n"
        "Cycle 3 held due to thrombocytopenia (platelets 45 on 09/09/2024); given 09/16/2024.\n"
        "C4 was held 2 weeks for neutropenia (neutrophils 0.3); C4D1 10/14/2024 given.\n"
    )
    f = facts({"l.txt": text})
    ancs = [m for m in f.measurements if m.analyte == "anc"]
    # measured before the course was given, on a day not written: not the letter's day either
    assert sorted((m.value, m.date) for m in ancs) == [(0.2, None), (0.3, None)]
    assert all(m.confidence < 0.9 and any("delayed or held" in d for d in m.doubts) for m in ancs)
    # a date written in the reason's own clause is the count's
    assert dated(f, "plt") == [(45.0, "2024-09-09", False)]


def test_a_date_after_previous_is_the_earlier_results_not_the_current_ones(facts: Facts) -> None:
    head = "FLOW MRD\nSpecimen: Bone marrow aspirate\nCollected: 17/03/2023\n"
    told = facts({"r.txt": head + "Result: MRD POSITIVE 1.4% (previous 20/09/2022 BM: 0.05%)."})
    assert dated(told, "mrd") == [(0.05, "2022-09-20", True), (1.4, "2023-03-17", True)]
    for cue in ("prior", "c.f.", "last"):
        f = facts({"r.txt": head + f"MRD 1.4% ({cue} 20/09/2022)."})
        assert (1.4, "2022-09-20", True) not in dated(f, "mrd"), cue
        assert (1.4, "2023-03-17", True) in dated(f, "mrd"), cue


def test_a_last_course_or_review_is_no_earlier_value(facts: Facts) -> None:
    text = (
        "Clinic 14/03/2023\nChimerism at last review 98% donor.\nMRD 0.5% after the last 2 cycles."
    )
    got = facts({"l.txt": text})
    assert [m.value for m in got.measurements if m.analyte == "chimerism"] == [98.0]
    assert [m.value for m in got.measurements if m.analyte == "mrd"] == [0.5]


def test_values_in_one_bracket_share_the_now_their_clause_says(facts: Facts) -> None:
    letter = (
        "Date: 12/10/2022\n\nDear Dr Obi,\n\n"
        "A surveillance marrow on 20/09/2022 showed NPM1 transcripts of 2.1% (blasts 4%). "
        "This is a molecular relapse; FBC is currently normal (Hb 131 g/L, WBC 6.1, plt 240).\n"
    )
    f = facts({"letter.txt": letter})
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("blasts", 4.0, "2022-09-20"),
        ("hb", 131.0, "2022-10-12"),
        ("mrd", 2.1, "2022-09-20"),
        ("plt", 240.0, "2022-10-12"),
        ("wbc", 6.1, "2022-10-12"),
    ]


def test_a_past_point_written_after_the_value_is_no_result_of_the_letter_s_day(
    facts: Facts,
) -> None:
    letter = (
        "Referral letter 02/10/2019\nTwo courses of induction from 11/03/2018.\n"
        "She finished first-line therapy in August 2018 and was MRD negative at end of "
        "treatment.\nFBC is currently normal (Hb 128 g/L, WBC 5.4, plt 211).\n"
    )
    got = facts({"r.txt": letter})
    (mrd,) = [m for m in got.measurements if m.analyte == "mrd"]
    assert mrd.date is None and any("past time point" in d for d in mrd.doubts)
    assert dated(got, "hb") == [(128.0, "2019-10-02", False)]  # present tense: the letter's


def test_the_depth_of_a_numbered_remission_is_no_result_of_the_letter_s_day(
    facts: Facts,
) -> None:
    letter = (
        "Clinic letter 14/03/2021\nAssessment: CR2 MRD+ (0.4%) after two blocks.\n"
        "Plan: review in clinic.\n"
    )
    (mrd,) = [m for m in facts({"c.txt": letter}).measurements if m.analyte == "mrd"]
    assert mrd.value == 0.4 and mrd.date is None
    assert any("numbered remission" in d for d in mrd.doubts)
    # a depth said of the present keeps the letter's day; so does one with a date of its own
    now = "Clinic letter 14/03/2021\nAssessment: she is now in CR2 MRD+ (0.4%).\n"
    assert dated(facts({"n.txt": now}), "mrd") == [(0.4, "2021-03-14", False)]
    own = "Clinic letter 14/03/2021\nAssessment: CR2 MRD+ (0.4% on 02/02/2021).\n"
    assert [d for _, d, _ in dated(facts({"o.txt": own}), "mrd")] == ["2021-02-02"]


def test_a_result_past_an_undated_step_of_an_arrow_chain_takes_no_earlier_date(
    facts: Facts,
) -> None:
    letter = (
        "Clinic letter 14/07/2023\nHistory:\nB-ALL diagnosed 11/2019.\n"
        "Early isolated marrow relapse 03/2022 -> R3 blocks 1-3 -> CR2 (MRD negative).\n"
        "FLAG-Ida x1 (Feb 2023) -> CR3, MRD 0.02%.\n"
    )
    got = facts({"h.txt": letter}).measurements
    (after_blocks,) = [m for m in got if m.analyte == "mrd" and m.value == 0.0]
    assert after_blocks.date is None
    assert any("undated step of an arrow chain" in d for d in after_blocks.doubts)
    # one arrow from a course's own date: the course's month, doubted, as before
    assert dated(facts({"h.txt": letter}), "mrd")[-1] == (0.02, "2023-02", False)


def test_a_result_after_one_course_of_a_ranged_block_takes_neither_end_of_the_range(
    facts: Facts,
) -> None:
    text = (
        "Referral 21/12/2021\nDate | Event\n"
        "Apr 2021 - Aug 2021 | Hyper-CVAD courses 1B, 2A, 2B, 3A completed; MRD negative after 2A\n"
        "Sep 2021 - Nov 2021 | POMP maintenance; MRD 0.01%\n"
    )
    got = dated(facts({"l.txt": text}), "mrd")
    # found somewhere inside April-August; a result with no course named keeps its row's date
    assert got[0] == (0.0, None, False)
    assert got[1][0] == 0.01 and got[1][1] is not None


def test_every_step_of_an_arrow_trend_is_a_result_dated_by_its_own_bracket(
    facts: Facts,
) -> None:
    # '->' joins the steps of a trend: each value after it is a result of its own, dated by the
    # bracket right after it, and of the fraction the trend's name gives
    text = (
        "Review 02/09/2021\nAllograft (PBSC) on 10/02/2021.\n"
        "Falling T-cell (CD3) chimerism: 97% (d+30) -> 88% (19/05/2021) → 71% (30/07/2021).\n"
        "Marrow donor chimerism 62% (12/08/2021) -> 40% (25/08/2021).\n"
    )
    f = facts({"l.txt": text})
    got = dated(f, "chimerism")
    assert (88.0, "2021-05-19", False) in got
    assert (71.0, "2021-07-30", False) in got
    assert (62.0, "2021-08-12", True) in got
    assert (40.0, "2021-08-25", True) in got
    sorted_ones = {m.value for m in f.measurements if "sorted_fraction" in m.flags}
    assert {88.0, 71.0} <= sorted_ones and not {62.0, 40.0} & sorted_ones


def test_a_result_after_a_tests_arrow_is_that_tests(facts: Facts) -> None:
    """'Marrow DATE: ... -> CRi. Flow MRD x%': the arrow leads to the test's own conclusion."""
    text = (
        "WARD SUMMARY\nDate: 15/05/2023\n\nTREATMENT\n"
        "Cycle 1  FLAG-Ida induction      D1 01/03/2023\n"
        "Cycle 2  FLAG-Ida consolidation  D1 20/04/2023\n\n"
        "RESPONSE\nBM 10/04/2023: blasts 2%, plt 71 at time of marrow -> CRi. Flow MRD 0.3%.\n"
    )
    assert dated(facts({"w.txt": text}), "mrd") == [(0.3, "2023-04-10", True)]
    # after a course's date the arrow still leads to what came after the course
    course = "Clinic 14/12/2023\nFLAG-Ida x1 (03/2023) -> CRi, MRD 0.3%.\n"
    assert dated(facts({"c.txt": course}), "mrd") == [(0.3, "2023-03", False)]
