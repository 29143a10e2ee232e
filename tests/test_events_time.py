"""Anchored time: day +N from the document's own day 0, relative dates, relapse timing."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordkit.confidence import REPAIRS, Evidence, score
from recordkit.nlp.cell_repairs import Repair
from tests.extraction_helpers import Facts, kinds

SAMPLE = Path(__file__).parent / "data" / "case-report-sample.txt"


def test_day_n_counts_from_the_documents_own_day_0(facts: Facts) -> None:
    f = facts(
        {
            "a-first.txt": "Summary 20/05/2019\nAllogeneic HSCT on 14/01/2019.\n",
            "b-second.txt": "Transplant summary 20/10/2020\nDay 0: 15/03/2020\n"
            "Neutrophil engraftment on day +14.\n",
        }
    )
    assert sorted(t.date for t in kinds(f, "transplant")) == ["2019-01-14", "2020-03-15"]
    (eng,) = kinds(f, "engraftment")
    assert eng.date == "2020-03-29"
    assert eng.date_info.anchor == "transplant 2020-03-15"
    assert any("counted from transplant 2020-03-15" in d for d in eng.doubts)


def test_a_caption_never_dates_the_transplant(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Case presentation\nOn 10 July 2024 she received CAR-T cells. "
            "Two months after completing CAR-T therapy (29 August 2024), she underwent HSCT.\n"
            "Figure 2 | Marrow after HSCT in June 2024 (+1 month later).\n"
        }
    )
    assert [t.date for t in kinds(f, "transplant")] == ["2024-08-29"]
    assert [c.date for c in kinds(f, "car_t")] == ["2024-07-10"]


def test_a_date_after_a_reference_stays_with_it_when_the_new_event_comes_first(
    facts: Facts,
) -> None:
    f = facts({"r.txt": "Relapsed T-ALL after sibling HSCT (18 Aug 2022).\n"})
    assert [t.date for t in kinds(f, "transplant")] == ["2022-08-18"]
    assert [r.date for r in kinds(f, "relapse")] == [None]


def test_relapse_timing_after_transplant_and_for_all_after_diagnosis(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Letter 22/02/2023\nB-ALL was diagnosed on 14/01/2021.\n"
            "Allo-HSCT on 15/03/2022.\nHaematological relapse on 20/06/2022 with 30% blasts.\n"
        }
    )
    (rel,) = kinds(f, "relapse")
    assert (rel.days_after_transplant, rel.days_after_diagnosis) == (97, 522)
    assert rel.timing == "early after transplant (day +97); early after diagnosis (522 days)"


def test_unresolvable_relative_date_stays_null_with_its_reason(facts: Facts) -> None:
    f = facts({"r.txt": "Neutrophil engraftment occurred on day +14.\n"})
    (eng,) = kinds(f, "engraftment")
    assert eng.date is None and "transplant" in (eng.date_info.reason or "")
    assert eng.confidence < 0.9


def test_confidence_follows_the_evidence() -> None:
    assert score(Evidence("stated")) == (0.97, ())
    scan, why = score(Evidence("stated", ocr=0.62))
    assert scan < 0.9 and why == ("read from a scan at 62 % confidence",)
    doc, why = score(Evidence("document"))
    assert doc < 0.9 and "document's own date" in why[0]
    fuzzy, why = score(Evidence("stated", fuzzy=True))
    assert fuzzy < 0.9 and "approximately" in why[0]


def test_own_case_report_sample_numbers_its_legend_events_in_order(facts: Facts) -> None:
    f = facts({"report.txt": SAMPLE.read_text(encoding="utf-8")})
    numbered = sorted((e for e in f.events if e.number), key=lambda e: e.number)
    got = [e.name if e.kind == "regimen" else e.kind for e in numbered]
    assert got == [
        "diagnosis",
        "DA",
        "HiDAC",
        "HiDAC",
        "relapse",
        "FLAG-IDA",
        "car_t",
        "transplant",
        "dli",
        "dli",
    ]
    assert [e.date for e in numbered][-3:] == ["2022-05-12", "2022-08-08", "2022-09-19"]
    (gvhd,) = kinds(f, "gvhd")
    assert (gvhd.organ, gvhd.date, gvhd.date_info.anchor) == (
        "skin",
        "2022-09-29",
        "dli 2022-09-19",
    )
    assert [r.date for r in kinds(f, "remission")] == ["2021-01", "2022-06-11"]
    assert kinds(f, "diagnosis")[0].date == "2021-01"


def test_a_calendar_date_beside_a_day_count_wins(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Note 12/20/2017\nTransplant on 09/26/2017 (day 0).\n"
            "Neutrophil engraftment occurred on day +20 (10/18/17).\n",
            "b.txt": "Note 12/20/2019\nSecond allo-HSCT on 09/26/2019.\n",
        }
    )
    assert [e.date for e in kinds(f, "engraftment")] == ["2017-10-18"]


def test_of_two_agreeing_dates_of_one_event_the_more_precise_wins(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 21/11/2023\nIn October 2023 she developed chronic GVHD of the "
            "lung, moderate, confirmed on spirometry of 17/10/2023.\n"
            "Relapse in 2021, on the marrow of 03/03/2022.\n"
        }
    )
    assert [(g.date, g.organ) for g in kinds(f, "gvhd")] == [("2023-10-17", "lung")]
    assert [r.date for r in kinds(f, "relapse")] == ["2021"]  # 2022 is not in 2021


def test_day_n_in_a_car_t_summary_counts_from_the_infusion(facts: Facts) -> None:
    f = facts(
        {
            "hsct.txt": "Letter 20/03/2018\nAllo-HSCT on 11/05/2017.\n",
            "cart.txt": "CAR-T summary 30/03/2019\nCAR-T infusion (day 0): 31/01/2019\n"
            "Day +28 marrow: MRD-negative complete remission.\n",
        }
    )
    rem = [r for r in kinds(f, "remission") if r.date_info.anchor]
    assert [(r.date, r.date_info.anchor) for r in rem] == [("2019-02-28", "car-t 2019-01-31")]


def test_a_day_count_counts_from_the_infusion_its_own_sentence_names(facts: Facts) -> None:
    told = "He had tisagenlecleucel in March 2022 and was in MRD-negative CR by day +28."
    later = "\nCD22 CAR-T cells were infused 05/10/2022 (day 0).\n"
    for text in (told + later, told + "\n"):
        (rem,) = kinds(facts({"a.txt": "Summary 01/12/2022\n" + text}), "remission")
        assert (rem.date, rem.date_info.anchor) == ("2022-04", "car-t 2022-03")
        assert rem.confidence < 0.9 and any("only to the month" in d for d in rem.doubts)


def test_an_undated_day_zero_is_named_in_the_doubt_by_what_the_letter_tells(
    facts: Facts,
) -> None:
    marrow = "Day +28 marrow: MRD negative.\n"
    cart = "Clinic 12/03/2024\nShe received tisagenlecleucel (CAR-T).\n" + marrow
    hsct = "Clinic 12/03/2024\nShe had an allograft.\n" + marrow
    for text, zero in ((cart, "a CAR-T whose"), (hsct, "a transplant whose")):
        (mrd,) = [m for m in facts({"a.txt": text}).measurements if m.analyte == "mrd"]
        assert mrd.date is None and any(zero in d for d in mrd.doubts)


def test_an_assumed_unit_is_a_doubt() -> None:
    conf, why = score(Evidence("collection", unit_assumed=True))
    assert conf < 0.9 and why == ("no unit written with the value; the usual unit was assumed",)


@pytest.mark.parametrize("repair", list(Repair))
def test_every_repair_of_a_value_cell_is_a_doubt_in_words(repair: Repair) -> None:
    conf, why = score(Evidence("collection", value_flags=frozenset({repair})))
    assert conf < 0.9 and len(why) == 1 and why[0] == REPAIRS[repair][1]
    assert score(Evidence("collection"))[1] == ()


def test_a_name_read_through_an_ocr_confusion_is_a_doubt() -> None:
    conf, why = score(Evidence("collection", value_flags=frozenset({"ocr_name"})))
    assert conf < 0.9 and why == ("name read through an OCR confusion",)


def test_blasts_of_blood_and_marrow_named_together_are_the_marrows_doubted(
    facts: Facts,
) -> None:
    report = (
        "BONE MARROW ASPIRATE REPORT\nDate of procedure: 14/03/2023\n"
        "Peripheral blood and bone marrow: blasts 40%\n"
    )
    (blasts,) = facts({"a.txt": report}).measurements
    assert (blasts.analyte, blasts.value, blasts.date) == ("blasts", 40.0, "2023-03-14")
    assert blasts.confidence < 0.9
    assert blasts.doubts == ("specimen named as both blood and marrow",)


def test_after_a_treatment_on_a_date_the_date_stays_with_it(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "After induction with FLAG-IDA on 3 March 2020, she achieved complete "
            "remission.\nShe died on 2 November 2023 of sepsis after salvage for relapsed AML.\n"
            "Now in molecular relapse after a matched unrelated donor transplant on "
            "1 August 2022.\n"
        }
    )
    assert [(r.name, r.date) for r in kinds(f, "regimen")] == [("FLAG-IDA", "2020-03-03")]
    assert [t.date for t in kinds(f, "transplant")] == ["2022-08-01"]
    assert [r.date for r in kinds(f, "relapse")] == [None]


def test_relapse_type_from_the_results_dated_with_it(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Letter 22/02/2023\nAllo-HSCT on 15/03/2022.\n"
            "Relapse on 20/06/2022: marrow blasts 3.5%, MRD 16.9% by flow.\n"
            "Relapse on 20/12/2022: marrow blasts 41%.\n"
        }
    )
    assert [(r.date, r.type) for r in kinds(f, "relapse")] == [
        ("2022-06-20", "molecular"),
        ("2022-12-20", "haematological"),
    ]


def test_a_guessed_day_month_order_is_a_doubt(facts: Facts) -> None:
    f = facts({"l.txt": "Haematology Centre, Leukaemia clinic\nDLI given on 05/06/2021.\n"})
    (dli,) = kinds(f, "dli")
    assert dli.date == "2021-06-05" and dli.confidence < 0.9
    assert any("day and month could be swapped" in d for d in dli.doubts)
    g = facts({"l.txt": "Clinic 25/06/2021\nDLI given on 05/06/2021.\n"})
    assert kinds(g, "dli")[0].doubts == ()


def test_a_slip_without_settled_dates_takes_the_folder_s_order_over_its_spelling(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Date of admission: 22/06/2021\nHb 9.1 g/dL\n",
            "b.txt": "Hematology OPD slip\nDate: 06/03/2023\nHb 9.9 g/dL, TLC 4100/uL\n",
        }
    )
    slip = next(m for m in f.measurements if m.value == 99.0)
    assert slip.date == "2023-03-06" and slip.confidence < 0.9
    assert any("the unambiguous dates of the case's other documents" in d for d in slip.doubts)


def test_relative_to_a_named_event_and_follow_up_times(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Case presentation\nCLL1 CAR-T cells were infused on 28 June 2024. "
            "One month following CLL1 CAR-T therapy, the disease relapsed.\n"
            "Allo-HSCT was performed on 29 August 2024.\n"
            "At 5 months follow-up, complete remission was confirmed.\n"
            "Acute GVHD of the skin appeared two months post-transplant.\n"
        }
    )
    rel = [(r.date, r.date_info.anchor) for r in kinds(f, "relapse")]
    assert rel == [("2024-07", "car-t 2024-06-28")]
    assert [(r.date, r.date_info.anchor) for r in kinds(f, "remission")] == [
        ("2025-01", "transplant 2024-08-29")
    ]
    assert [g.date for g in kinds(f, "gvhd")] == ["2024-10"]


def test_months_after_a_named_car_t_count_from_the_one_it_names(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Anti-CD19 CAR-T cells infused on 02/03/2022.\n"
            "Anti-BCMA CAR-T cells infused on 20/10/2022.\n"
            "Relapse with BCMA-positive plasma cells four months after CD19 CAR-T.\n"
        }
    )
    rel = [(r.date, r.date_info.anchor) for r in kinds(f, "relapse")]
    assert rel == [("2022-07", "car-t 2022-03-02")]


def test_a_relative_date_never_falls_after_the_letter_telling_it(facts: Facts) -> None:
    letter = "22/06/2023\n\nDear Dr Hale,\n\n{}\n\nYours sincerely\n"
    f = facts(
        {
            "a.txt": "Summary 21/12/2023\nCAR-T infused on 14/01/2023.\n"
            "Second CAR-T infused on 19/09/2023.\n",
            "b.txt": letter.format("She relapsed three months after CAR-T."),
            "c.txt": letter.format("Skin GVHD appeared eight months after CAR-T."),
        }
    )
    rel = [(r.date, r.date_info.anchor) for r in kinds(f, "relapse")]
    assert rel == [("2023-04", "car-t 2023-01-14")]  # not the CAR-T after the letter
    (gvhd,) = kinds(f, "gvhd")  # September 2023: after the letter of June
    assert gvhd.date is None and "after the document" in str(gvhd.date_info.reason)


def test_a_dated_heading_line_dates_the_lines_below_it(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Letter 15.09.2021\nLabs 01.06.2021:\nHb 8.9 g/dl\nWCC 3.2\n\n"
            "History\nHb 100 g/L at clinic review.\n"
        }
    )
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("hb", 89.0, "2021-06-01"),
        ("hb", 100.0, "2021-09-15"),  # under the next heading: the letter's own date
        ("wbc", 3.2, "2021-06-01"),
    ]
    # a letter's own date line heads nothing: the relapse below it keeps no date
    f = facts({"letter.txt": "London, 12 May 2024\nRe: a man with relapsed AML.\n"})
    assert [(e.kind, e.date) for e in f.events if e.kind == "relapse"] == [("relapse", None)]


def test_a_denied_relapse_site_is_not_its_type(facts: Facts) -> None:
    f = facts({"a.txt": "Clinic 20/10/2022\nRelapse on 15/10/2022, no CNS involvement.\n"})
    assert [(e.kind, e.type) for e in f.events] == [("relapse", None)]
    f = facts({"a.txt": "Clinic 20/10/2022\nCNS relapse on 15/10/2022.\n"})
    assert [(e.kind, e.type) for e in f.events] == [("relapse", "extramedullary")]


def test_a_medullary_or_marrow_relapse_is_haematological(facts: Facts) -> None:
    for line in ("Medullary relapse on 22/03/2022.", "Bone marrow relapse on 22/03/2022."):
        f = facts({"a.txt": f"Clinic 30/03/2022\n{line}\n"})
        assert [(e.kind, e.type) for e in f.events] == [("relapse", "haematological")]
    f = facts({"a.txt": "Clinic 30/03/2022\nExtramedullary relapse on 22/03/2022.\n"})
    assert [(e.kind, e.type) for e in f.events] == [("relapse", "extramedullary")]


@pytest.mark.parametrize(
    "line",
    [
        "Relapse 20/04/2023: combined marrow and CNS relapse.",
        "Relapse on 20/04/2023 (BM + CNS).",
        "112年4月20日骨髓原始細胞佔35%，腦脊髓液發現芽細胞，確認復發（骨髓合併中樞神經髓外復發）。",
    ],
)
def test_a_combined_marrow_and_site_relapse_is_haematological(facts: Facts, line: str) -> None:
    # the marrow is named: the other site is an addition, not the relapse's type
    f = facts({"a.txt": f"Clinic 02/05/2023\n{line}\n"})
    assert [(e.kind, e.date, e.type) for e in f.events] == [
        ("relapse", "2023-04-20", "haematological")
    ]
    # both sites found clear type nothing
    f = facts({"a.txt": "Clinic 02/05/2023\nRelapse on 20/04/2023, marrow and CNS negative.\n"})
    assert [(e.kind, e.type) for e in f.events] == [("relapse", None)]


def test_a_paragraph_led_by_a_dated_label_is_of_that_date(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Progress note 03/20/2024\n\n"
            "Bone marrow (07/18/2022): 2% blasts. MRD negative by flow. Donor chimerism 98%.\n"
        }
    )
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("blasts", 2.0, "2022-07-18"),
        ("chimerism", 98.0, "2022-07-18"),  # a later sentence of the same paragraph
        ("mrd", 0.0, "2022-07-18"),
    ]


def test_an_events_date_is_not_the_letters_own(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Date typed: 21 October 2019\nB-ALL diagnosed 4th April 2018.\n"
            "FBC today: Hb 112 g/L.\n"
        }
    )
    assert [(m.analyte, m.date) for m in f.measurements] == [("hb", "2019-10-21")]
    assert [(e.kind, e.date) for e in f.events] == [("diagnosis", "2018-04-04")]


def test_second_probe_dates(facts: Facts) -> None:
    # one event with two dates in its sentence keeps its own ('CR on ...'), not the first
    text = "Report 13/09/2022\n\nInduction started on 18/02/2020 and she achieved CR on 20/03/2020."
    f = facts({"a.txt": text})
    assert [(e.kind, e.date) for e in f.events] == [("remission", "2020-03-20")]
    # a line starting with a date after a line ending with one begins anew
    text = "Admission date: 5 March 2021\n6 March 2021 marrow: blasts 12%, consistent with relapse."
    f = facts({"a.txt": text})
    assert [(e.kind, e.date) for e in f.events] == [("relapse", "2021-03-06")]
    # the events a lab request names are why it was sent, not what the sample found
    text = "Date of collection: 14/09/2022\nClinical details: AML, relapse after allogeneic SCT."
    f = facts({"lab.txt": text})
    assert [e.kind for e in f.events] == []


def test_second_probe_mentions(facts: Facts) -> None:
    f = facts(
        {
            "zh.txt": "2020年3月2日出现急性GVHD。\n",
            "en.txt": "Clinic 21/03/2023\nNo CAR-T product was available, so he started "
            "FLAG-Ida on 20/03/2023.\nClinical details: AML, relapse suspected.\n",
        }
    )
    got = sorted((e.kind, e.name or "", e.date) for e in f.events)
    assert got == [("gvhd", "", "2020-03-02"), ("regimen", "FLAG-IDA", "2023-03-20")]


def test_a_second_transplant_dates_its_own_days(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Transplant summary 01/09/2021\n"
            "Allogeneic transplant, Day 0: 07/07/2020.\n"
            "Second transplant (haploidentical, brother donor) on 15/07/2021, "
            "conditioning Treo/Flu.\n"
            "Neutrophil engraftment Day +17 after second transplant.\n"
        }
    )
    got = sorted((e.kind, e.date, e.donor) for e in f.events)
    assert got == [
        ("engraftment", "2021-08-01", None),  # counted from the second
        ("transplant", "2020-07-07", None),
        ("transplant", "2021-07-15", "haploidentical"),  # not the conditioning's date
    ]


def test_a_value_takes_an_earlier_date_of_its_paragraph_with_a_doubt(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Admission date: 5 March 2021\n\n"
            "On 6 March 2021 bone marrow aspirate showed blasts 12%, consistent with relapse. "
            "MRD 4.5%.\n\nHb 98 g/L.\n"
        }
    )
    got = {m.analyte: (m.date, m.confidence < 0.9, m.doubts) for m in f.measurements}
    assert got["blasts"] == ("2021-03-06", False, ())
    assert got["mrd"] == (
        "2021-03-06",
        True,
        ("date taken from an earlier sentence of the same paragraph",),
    )
    assert got["hb"][0] == "2021-03-05"  # another paragraph: the document's date


def test_a_later_result_does_not_take_a_treatments_day(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "He underwent a matched unrelated donor allograft on 10/07/2023 for "
            "NPM1-mutated AML. Bone marrow on review showed NPM1 MRD of 0.5% with donor "
            "chimerism 85%.\nSeen 20/11/2023.\n"
        }
    )
    got = {m.analyte: (m.date, m.confidence < 0.9) for m in f.measurements}
    assert got == {"mrd": ("2023-11-20", True), "chimerism": ("2023-11-20", True)}


def test_a_chinese_line_after_a_dated_field_begins_anew(facts: Facts) -> None:
    f = facts(
        {
            "zh.txt": "入院日期：2021年3月5日\n"
            "2021年3月6日骨髓穿刺示：骨髓原始细胞 12%，提示复发。微小残留病（MRD）4.5%。\n"
        }
    )
    assert [(e.kind, e.date) for e in f.events] == [("relapse", "2021-03-06")]
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [("blasts", 12.0, "2021-03-06"), ("mrd", 4.5, "2021-03-06")]


def test_results_at_admission_and_discharge_take_those_dates(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "DISCHARGE SUMMARY\n"
            "Date of Admission: 15-08-2022    Date of Discharge: 22-09-2022\n\n"
            "CBC on admission showed Hb 7.2 gm/dl, TLC 42,300 /cumm.\n"
            "Investigations at discharge: Hb 9.1 gm%, TLC 2,100/cumm.\n"
        }
    )
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("hb", 72.0, "2022-08-15"),
        ("hb", 91.0, "2022-09-22"),
        ("wbc", 2.1, "2022-09-22"),
        ("wbc", 42.3, "2022-08-15"),
    ]


def test_the_transplant_a_day_count_counts_from_is_no_second_transplant(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic date: 12/06/2023\nAllogeneic SCT 16/12/2022.\n"
            "He is now day +178 post allograft. Day +100 following his sibling allograft "
            "the marrow showed 1% blasts.",
        }
    )
    assert [e.date for e in f.events if e.kind == "transplant"] == ["2022-12-16"]
    assert [(v.date, v.value) for v in f.measurements if v.analyte == "blasts"] == [
        ("2023-03-26", 1.0)
    ]


def test_a_day_count_from_a_dated_transplant_is_counted_from_that_date(facts: Facts) -> None:
    f = facts(
        {
            "en.txt": "Letter 12/03/2023\nMarrow relapse at day +180 after the allograft of "
            "23/07/2022.\n",
            "fr.txt": "Lettre du 01/09/2023\nRechute moléculaire à J+200 de l'allogreffe du "
            "05/01/2023.\n",
        }
    )
    relapses = kinds(f, "relapse")
    assert sorted(e.date for e in relapses) == ["2023-01-19", "2023-07-24"]
    assert all(e.confidence < 0.9 and e.doubts for e in relapses)  # counted, not written
    # the allograft the count names is stated with its date too, a transplant of its own
    assert sorted(e.date for e in kinds(f, "transplant")) == ["2022-07-23", "2023-01-05"]


def test_today_dates_what_its_own_clause_says_happened(facts: Facts) -> None:
    f = facts(
        {
            "daycare.txt": "Date: 28.07.2023\nDLI given today.\n",
            "letter.txt": "Date: 20/02/2024\nI reviewed her today, after her haploidentical "
            "transplant.\nHSCT on 20/10/2023.",
        }
    )
    dli = [e for e in f.events if e.kind == "dli"]
    assert [(e.date, e.date_info.basis) for e in dli] == [("2023-07-28", "today")]
    assert dli[0].confidence < 0.9 and dli[0].doubts  # the document's date, said to be checked
    assert [e.date for e in f.events if e.kind == "transplant"] == ["2023-10-20"]


def test_a_state_a_note_s_assessment_reports_was_found_by_the_note_s_date(facts: Facts) -> None:
    note = (
        "Clinic note\nDate of visit: 14/06/2023\nAllo-SCT 12/01/2022.\n{}\n"
        "Assessment: molecular relapse.\nPlan: azacitidine and venetoclax.\n"
    )
    alone = facts({"n.txt": note.format("")})
    (rel,) = kinds(alone, "relapse")
    assert (rel.date, rel.date_info.basis) == ("2023-06-14", "reported")
    assert rel.confidence < 0.9 and any("found by then" in d for d in rel.doubts)
    assert kinds(alone, "regimen") == []  # the plan is still not a course
    told = facts({"n.txt": note.format("Rising NPM1 MRD, molecular relapse 05/2023.")})
    (rel,) = kinds(told, "relapse")  # the assessment reports the relapse told above, not a new one
    assert (rel.date, rel.date_info.basis) == ("2023-05", "stated")
    long_after = facts({"n.txt": note.format("First relapse 03/2022, treated.")})
    assert [r.date for r in kinds(long_after, "relapse")] == ["2022-03", "2023-06-14"]


@pytest.mark.parametrize(("month", "expected"), [("06/2023", "2023-06-15"), ("08/2023", "2023-08")])
def test_a_day_count_beside_a_month_gives_the_day_only_when_it_falls_in_it(
    facts: Facts, month: str, expected: str
) -> None:
    f = facts(
        {
            "s.txt": "Transplant summary\nAllogeneic PBSCT from a sibling donor on 12/11/2022.\n"
            f"Haematological relapse in {month} (D+215).\n"
        }
    )
    (rel,) = kinds(f, "relapse")
    assert rel.date == expected  # day +215 is 15/06/2023: it cannot be in August
    assert rel.confidence < 0.9


def test_a_bare_day_count_counts_only_where_the_page_states_its_day_0(facts: Facts) -> None:
    lines = "HSCT (MUD) on 13/02/2023{}.\nDay 28 bone marrow: donor chimerism 98%.\n"
    f = facts({"r.txt": "Post-transplant review\n" + lines.format(" (Day 0)")})
    assert [(m.date, m.value) for m in f.measurements] == [("2023-03-13", 98.0)]
    assert f.measurements[0].date_info.basis == "relative"
    g = facts({"r.txt": "Post-transplant review\n" + lines.format("")})
    assert [m.date for m in g.measurements] == [None]  # day 28 of what, the page does not say


def test_an_event_named_after_since_the_is_looked_back_on_not_dated_again(facts: Facts) -> None:
    f = facts(
        {
            "mdt.txt": "MDT 22/06/2022\nCNS relapse confirmed on 03/05/2022. Since the second "
            "relapse the CSF cleared (24/05/2022).\nSince the transplant on 10/01/2021 she had "
            "been well.\n"
        }
    )
    assert [e.date for e in kinds(f, "relapse")] == ["2022-05-03"]
    assert [e.date for e in kinds(f, "transplant")] == ["2021-01-10"]  # its own date stays


def test_a_treatment_an_opening_after_word_names_is_the_time_told_from(facts: Facts) -> None:
    f = facts(
        {
            "fu.txt": "Clinic 15/02/2023\nAxicabtagene ciloleucel was infused on 9 May 2022.\n"
            "After axi-cel, B-cell recovery was seen in November 2022.\nFollowing CAR-T, "
            "B-cell aplasia lasted until October 2022, with loss of CAR-T persistence.\n"
            "Following allo-SCT on 12/01/2023, she is well.\n"
        }
    )
    assert [e.date for e in kinds(f, "car_t")] == ["2022-05-09"]  # references, no new infusion
    assert [e.date for e in kinds(f, "transplant")] == ["2023-01-12"]  # its own date stays


def test_a_marrow_date_dates_the_response_not_the_course_before_it(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 01/12/2022\n"
            "1. DA course 1 from 19/09/2022 -> CR on marrow 20/10/2022.\n"
            "2. Achieved CR2 after FLAG-IDA (marrow 29/11/2022).\n",
        }
    )
    got = sorted((e.kind, e.name or "", e.date or "") for e in f.events)
    assert got == [
        ("regimen", "DA", "2022-09-19"),
        ("regimen", "FLAG-IDA", ""),
        ("remission", "", "2022-10-20"),
        ("remission", "", "2022-11-29"),
    ]


@pytest.mark.parametrize("days", ["21/1 | 25/1", "21 Jan | 25 Jan"])
def test_a_day_wise_chart_dates_its_columns_in_the_admission_s_year(
    facts: Facts, days: str
) -> None:
    f = facts({"c.txt": f"DOA: 12.01.2022\n\nParameter | {days}\nHb (g/dl) | 7.2 | 8.8\n"})
    got = sorted((m.date, m.value) for m in f.measurements)
    assert got == [("2022-01-21", 72.0), ("2022-01-25", 88.0)]
    assert all(m.confidence < 0.9 and "year_inferred" in m.flags for m in f.measurements)


def test_a_lone_ratio_in_a_header_is_no_chart_date(facts: Facts) -> None:
    f = facts({"c.txt": "DOA: 12.01.2022\n\nTest | Result | 2/1\nHb (g/dl) | 7.2 | 8.8\n"})
    assert [m.date for m in f.measurements if m.analyte == "hb"] == ["2022-01-12"]


def test_a_date_alone_above_the_salutation_is_the_letter_s_date(facts: Facts) -> None:
    letter = (
        "12 June 2023\n\nDear Dr Whitlock,\n\n"
        "He was admitted on 29/05/2023 with neutropenic sepsis. Hb 74 g/L today.\n"
    )
    f = facts({"l.txt": letter})
    assert [m.date for m in f.measurements if m.analyte == "hb"] == ["2023-06-12"]
    assert f.documents[0].date == "2023-06-12"
    # without a salutation the line is no letter's date line; the labelled date stays first
    g = facts({"l.txt": letter.replace("Dear Dr Whitlock,", "Re: review")})
    assert [m.date for m in g.measurements if m.analyte == "hb"] == ["2023-05-29"]


def test_a_result_retold_in_the_history_does_not_take_the_admission_date(facts: Facts) -> None:
    head = "Date of Admission : 14/03/2023\nHISTORY OF PRESENT ILLNESS:\n"
    f = facts({"d.txt": head + "Evaluated at outside hospital, CBC showed TLC 86,400/cumm.\n"})
    (wbc,) = [m for m in f.measurements if m.analyte == "wbc"]
    assert wbc.date is None
    g = facts({"d.txt": head + "On 02/03/2023 an outside CBC showed TLC 86,400/cumm.\n"})
    assert [m.date for m in g.measurements if m.analyte == "wbc"] == ["2023-03-02"]


def test_an_undated_second_remission_is_not_the_first(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "1. B-ALL diagnosed 21/05/2021 - MRD-negative CR1 on 22/06/2021\n"
            "2. Relapse 26/08/2022\n3. CR2 after FLAG-IDA\n",
        }
    )
    assert sorted((e.date or "") for e in f.events if e.kind == "remission") == ["", "2021-06-22"]


def test_a_specimens_collection_date_dates_a_finding_not_a_treatment(facts: Facts) -> None:
    f = facts(
        {
            "path.txt": "BONE MARROW BIOPSY\nCollected: 09/15/2020\n"
            "Clinical history: s/p 7+3, now D14.\n"
            "FINAL DIAGNOSIS: relapsed acute myeloid leukemia, 35% blasts.\n",
        }
    )
    assert [(e.name, e.date) for e in f.events if e.kind == "regimen"] == [("DA", None)]
    assert [e.date for e in f.events if e.kind == "relapse"] == ["2020-09-15"]


def test_a_disease_a_request_names_is_dated_by_its_specimen_only_when_diagnostic(
    facts: Facts,
) -> None:
    f = facts(
        {
            "zh.txt": "采集日期：2024-03-01\n临床诊断：AML 移植后\n骨髓原始细胞占0.5%。\n",
            "en.txt": "Specimen collected: 22/09/2017\n"
            "Clinical details: T-ALL, diagnostic sample.\nMarrow aspirate blasts 64%.\n",
        }
    )
    got = sorted((e.label, e.date) for e in f.events if e.kind == "diagnosis")
    assert got == [("AML", None), ("T-ALL", "2017-09-22")]  # the AML was why the test was asked
    assert sorted(m.date for m in f.measurements) == ["2017-09-22", "2024-03-01"]


def test_a_value_never_takes_the_date_bracketed_with_a_diagnosis(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic letter 21/06/2023\n"
            "Diagnosis: Ph+ B-ALL (diagnosed Feb 2023 at SGH), CR1, MRD negative\n"
        }
    )
    assert [e.date for e in kinds(f, "diagnosis")] == ["2023-02"]
    (mrd,) = f.measurements
    assert mrd.date != "2023-02" and mrd.confidence < 0.9  # now, not at diagnosis


def test_stem_cells_were_infused_is_the_transplant_day_counts_count_from(facts: Facts) -> None:
    f = facts(
        {
            "d.txt": "Day +100 summary 05/05/2022\nStem cells were infused on 26-Jan-2022.\n"
            "Neutrophil engraftment occurred on day +17.\n"
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2022-01-26"]
    assert [e.date for e in kinds(f, "engraftment")] == ["2022-02-12"]


def test_one_transplant_retold_days_apart_by_two_documents_is_one_doubted_event(
    facts: Facts,
) -> None:
    f = facts(
        {
            "mdt.txt": "MDT 22/06/2022\nAllogeneic HSCT 10/06/2021 from her brother, PBSC.\n",
            "uk.txt": "Letter 30/06/2022\nDiagnosis: matched sibling allograft 8 June 2021.\n",
            "dli.txt": "Note 01/12/2021\nDLI on 01/11/2021. Second DLI on 29/11/2021.\n",
        }
    )
    (tx,) = kinds(f, "transplant")
    assert tx.confidence < 0.9 and any("2 day(s) apart" in d for d in tx.doubts)
    assert len(tx.sources) == 2
    assert [e.date for e in kinds(f, "dli")] == ["2021-11-01", "2021-11-29"]  # one document


def test_a_discharge_summary_is_dated_at_discharge_and_a_transfusion_dates_no_count(
    facts: Facts,
) -> None:
    f = facts(
        {
            "eds.txt": "Electronic Discharge Summary\nAdmitted: 13/05/2024   Discharged: "
            "18/06/2024\nHis platelets have recovered to 96 x10^9/L.\n"
            "Hb 94 g/L (last transfused 02/06/2024).\n"
        }
    )
    assert [d.date for d in f.documents] == ["2024-06-18"]
    assert sorted((m.analyte, m.date) for m in f.measurements) == [
        ("hb", "2024-06-18"),
        ("plt", "2024-06-18"),
    ]


def test_an_undated_repeat_joins_the_episode_its_own_document_dated(facts: Facts) -> None:
    f = facts(
        {
            "1.txt": "Clinic 22/02/2024\nHis day 28 marrow (15/02/2024) shows <5% blasts, "
            "consistent with remission.\nFormally this is CR with incomplete count recovery "
            "(CRi).\n",
            "2.txt": "Date of MDT: 10/04/2024\nResponse assessment (marrow 02/04/2024): CR, "
            "MRD negative.\n",
        }
    )
    got = sorted((e.date, e.depth) for e in kinds(f, "remission"))
    assert got == [("2024-02-15", "CRi"), ("2024-04-02", "MRD-negative")]


def test_a_state_a_note_sees_today_is_the_episode_already_dated(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic letter\nDate of clinic: 10/04/2024\nIssues: chronic GVHD of the "
            "mouth, diagnosed 02/04/2024.\nThe appearances today are typical of oral chronic "
            "GVHD.\n",
            "d.txt": "Day unit note\nDate: 15/02/2024\nAttends for Aza/Ven C4D1.\n",
        }
    )
    assert [g.date for g in kinds(f, "gvhd")] == ["2024-04-02"]
    (course,) = kinds(f, "regimen")  # attending for a cycle's day 1 is that day's course
    assert (course.date, course.date_info.basis) == ("2024-02-15", "today")


def test_numbered_remissions_and_self_sustaining_platelets(facts: Facts) -> None:
    f = facts(
        {
            "b.txt": "BMAT 23/10/2023: 2% blasts. This is CR2.\n",
            "r.txt": "Review 01/09/2024\nTransplant 20/05/2024 (day 0).\n"
            "Platelets self-sustaining >20 from day +21.\n",
        }
    )
    assert [r.depth for r in kinds(f, "remission")] == ["CR"]
    (eng,) = kinds(f, "engraftment")
    assert (eng.lineage, eng.date) == ("platelet", "2024-06-10")
    assert not [m for m in f.measurements if m.analyte == "plt"]  # the threshold is no count


def test_each_entry_of_a_progress_note_is_dated_by_its_own_header(facts: Facts) -> None:
    f = facts(
        {
            "notes.txt": "Progress notes\nDate: 21/08/2023\nSeen in clinic. Hb 7.8 g/dl.\n\n"
            "Date: 30/10/2023\nLabs: Hb 9.6 g/dl. Attends for Aza/Ven C3D1.\n\n"
            "15/11/2023 10:40 Dr L Grant\nHb 10.1 g/dl.\n"
        }
    )
    got = sorted((m.value, m.date) for m in f.measurements)
    assert got == [(78.0, "2023-08-21"), (96.0, "2023-10-30"), (101.0, "2023-11-15")]
    assert [e.date for e in kinds(f, "regimen")] == ["2023-10-30"]
    one = facts({"l.txt": "Letter\nDate: 21/08/2023\nHb 7.8 g/dl.\n"})
    assert [m.date for m in one.measurements] == ["2023-08-21"]  # one date line: the letter's


def test_a_state_concluded_after_a_dated_test_takes_the_test_s_date(facts: Facts) -> None:
    f = facts(
        {
            "m.txt": "Summary 01/06/2023\nBone marrow on day 28 (17-04-2023): blasts 2%, MRD "
            "negative. Patient in second complete remission (CR2).\n"
        }
    )
    (cr,) = kinds(f, "remission")
    assert (cr.date, cr.date_info.basis) == ("2023-04-17", "section") and cr.confidence < 0.9
    g = facts({"t.txt": "Letter 01/06/2023\nOn 17/04/2023 he received FLAG-IDA. He is now in "
               "remission.\n"})  # fmt: skip
    assert [r.date for r in kinds(g, "remission")] == [None]  # a course's date is no test's


def test_a_course_and_a_relapse_retold_a_day_off_are_one_event_each(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Entlassbrief 30.04.2021\nInduktion nach dem 7+3-Schema ab 16.03.2021.\n",
            "b.txt": "Referral 01/06/2022\nHistory:\n- Induction with 7+3 from 17/03/2021.\n"
            "- Haematological relapse on 18/02/2022 (marrow blasts 18%).\n",
            "c.txt": "Bone Marrow Report\nDate of procedure: 17/02/2022\nAspirate: myeloblasts "
            "18%.\nConclusion: relapse of AML.\n",
        }
    )
    (da,) = kinds(f, "regimen")
    (rel,) = kinds(f, "relapse")
    assert rel.date == "2022-02-17"  # the marrow report's own specimen date, not the retold
    assert da.confidence < 0.9 and rel.confidence < 0.9
    assert any("1 day(s) apart" in d for d in da.doubts)


def test_a_course_told_with_a_range_starts_on_its_first_date(facts: Facts) -> None:
    f = facts(
        {
            "de.txt": "Brief 01.07.2021\nInduktion DA 03.-09.05.2021.\n",
            "us.txt": "Note 01/10/2022\n- 12/2020 - 3/2021: AZA+VEN\n"
            "- nelarabine x 2 cycles 8/2021-9/2021\n- HiDAC x 2 (05/2021 und 06/2021)\n",
        }
    )
    got = sorted((e.name, e.date) for e in f.events if e.kind == "regimen")
    assert got == [
        ("AZA+VEN", "2020-12"),
        ("DA", "2021-05-03"),
        ("HiDAC", "2021-05"),
        ("HiDAC", "2021-06"),
        ("NELARABINE", "2021-08"),
        ("NELARABINE", "2021-09"),
    ]


def test_a_timeline_lines_date_is_when_its_treatments_began(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Note 01/10/2022\nOncologic History:\n"
            "- 3/2021: Dx AML, FLT3-ITD+ -> 7+3 + midostaurin\n"
            "- 2/2022: first relapse -> blinatumomab x 2 cycles\n",
        }
    )
    regs = sorted((e.name, e.date or "") for e in f.events if e.kind == "regimen")
    assert regs == [("BLINATUMOMAB", ""), ("BLINATUMOMAB", "2022-02"), ("DA", "2021-03")]
    dated = [e for e in f.events if e.kind == "regimen" and e.date]
    assert all(e.confidence < 0.9 for e in dated)  # the line's date, not the course's own


def test_chinese_course_counts_month_ranges_and_years(facts: Facts) -> None:
    f = facts(
        {
            "zh.txt": "2022年确诊急性髓系白血病。\n2022年4月至5月行HiDAC巩固化疗2个疗程。\n"
            "2023年3月8日予阿扎胞苷+HAG方案第2疗程挽救化疗。\n",
        }
    )
    assert [(e.label, e.date) for e in f.events if e.kind == "diagnosis"] == [("AML", "2022")]
    regs = sorted((e.name, e.date) for e in f.events if e.kind == "regimen")
    # '第2疗程' is the second course, one event; '2个疗程' two, from the first month to the last
    assert regs == [("AZA+HAG", "2023-03-08"), ("HiDAC", "2022-04"), ("HiDAC", "2022-05")]


def test_an_engraftment_sentence_gives_each_lineage_its_own_day(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date of HCT: 01/15/2022\nEngraftment: ANC D+19, plt D+31.\n",
            "b.txt": "Allogeneic SCT on 01/15/2022. Neutrophil and platelet engraftment on "
            "day +14 and day +21 respectively.\n",
        }
    )
    got = sorted((e.lineage, e.date) for e in f.events if e.kind == "engraftment")
    # one engraftment per lineage after the transplant: the earliest day, the other doubted
    assert got == [("neutrophil", "2022-01-29"), ("platelet", "2022-02-05")]
    doubts = [" ".join(e.doubts) for e in f.events if e.kind == "engraftment"]
    assert "2022-02-03" in doubts[0] and "2022-02-15" in doubts[1]


def test_a_lineage_s_day_count_with_its_date_beside_it_leaves_the_next_lineage_s_count(
    facts: Facts,
) -> None:
    text = (
        "Clinic letter 10/02/2023\nAllogeneic HCT 07/18/2023.\n"
        "Engraftment: neutrophils day +14 (08/01/2023), platelets day +19.\n"
    )
    f = facts({"l.txt": text})
    got = sorted((e.lineage, e.date) for e in f.events if e.kind == "engraftment")
    assert got == [("neutrophil", "2023-08-01"), ("platelet", "2023-08-06")]


def test_count_recovery_is_engraftment_only_soon_after_a_transplant(facts: Facts) -> None:
    f = facts(
        {
            "de.txt": "Allogene SZT am 01.03.2021.\nEine Leukozytenregeneration war an Tag +21 "
            "nachweisbar, eine Thrombozytenregeneration an Tag +26.\n",
            "form.txt": "Date of HCT: 2022-01-15\nANC recovery: 2022-02-03\n",
            "induction.txt": "Induction DA from 01/03/2020. ANC recovery on 28/03/2020.\n"
            "CR with incomplete platelet recovery on 02/04/2020.\n",
        }
    )
    got = sorted((e.lineage, e.date) for e in f.events if e.kind == "engraftment")
    assert got == [
        ("neutrophil", "2021-03-22"),
        ("neutrophil", "2022-02-03"),
        ("platelet", "2021-03-27"),
    ]


def test_translated_letters_courses_and_day_counts(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 01/03/2023\nShe received 4 cycles of azacitidine-venetoclax (last "
            "cycle started on 6 February 2023).\n"
            "She received 2 cycles of blinatumomab: the first from 23/06/2020, the second from "
            "04/08/2020.\nNext cycle of azacitidine-venetoclax on 15/03/2023.\n",
        }
    )
    regs = sorted((e.name, e.date or "") for e in f.events if e.kind == "regimen")
    assert regs == [
        ("AZA+VEN", ""),
        ("AZA+VEN", ""),
        ("AZA+VEN", ""),
        ("AZA+VEN", "2023-02-06"),
        ("BLINATUMOMAB", "2020-06-23"),
        ("BLINATUMOMAB", "2020-08-04"),
    ]


def test_a_day_count_of_a_course_is_not_counted_from_the_transplant(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allogeneic HSCT on 15/09/2021.\nRelapse in 2022. Reinduction with FLAG-Ida; "
            "complete remission in the myelogram of day +28.\n"
            "S/O: AML NPM1+, post matched sibling allo-HSCT (Day 0 15/09/2021), now Day +98.\n",
        }
    )
    assert [e.date for e in f.events if e.kind == "remission"] == [None]
    assert [e.date for e in f.events if e.kind == "diagnosis"] in ([], [None])


def test_a_day_count_beside_a_date_checks_it_and_day_0(facts: Facts) -> None:
    lines = (
        "TRANSPLANT SUMMARY\n"
        "Day 0   {day0}  Stem cell infusion (PBSC)\n"
        "Day +14 02/05/2023  Neutrophil engraftment\n"
        "Day +41 29/05/2023  Acute GVHD skin, grade 2\n"
    )
    agreed = facts({"a.txt": lines.format(day0="18/04/2023")})
    assert all(not e.doubts and e.confidence >= 0.9 for e in agreed.events)
    misread = facts({"a.txt": lines.format(day0="19/04/2023")})  # one digit of day 0 misread
    tx = next(e for e in misread.events if e.kind == "transplant")
    assert tx.date == "2023-04-19" and tx.confidence < 0.9  # left as read, but doubted
    assert "2023-04-18" in tx.doubts[0]
    assert all(e.confidence < 0.9 for e in misread.events if e.kind != "transplant")


def test_a_day_count_the_date_beside_it_contradicts_is_doubted(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allogeneic stem cell transplant on 18/04/2023.\n"
            "Day +30 bone marrow (28/05/2023): MRD negative.\n"
            "Day +100 bone marrow (28/07/2023): MRD negative.\n"
            "Day +180 chimerism (10/10/2023): 97% donor.\n",
            "b.txt": "Induction with 7+3 (daunorubicin and cytarabine) started 04/01/2024.\n"
            "Day 28 bone marrow (15/02/2024): MRD negative.\n"
            "Day 14 bone marrow (18/01/2024): blasts 2%.\n",
        }
    )
    got = {m.date: (m.confidence < 0.9, list(m.doubts)) for m in f.measurements}
    # the written date is kept; a count off by more than two days says so, naming both
    assert got["2023-05-28"] == (
        True,
        ["day +30 written beside 2023-05-28, which is day +40 after the transplant of 2023-04-18"],
    )
    assert got["2024-02-15"] == (
        True,
        ["day 28 written beside 2024-02-15, which is day 43 of the course started 2024-01-04"],
    )
    assert got["2023-07-28"] == (False, [])  # day +101: within two days
    assert got["2023-10-10"] == (False, [])  # day +175: the day +180 time point is a window
    assert got["2024-01-18"] == (False, [])  # day 15 of the course: within two days


def test_a_day_count_may_count_from_a_car_t(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allogeneic HSCT on 01/02/2022.\nCAR-T (tisagenlecleucel) on 01/03/2023.\n"
            "Day +28 29/03/2023  MRD negative marrow, complete remission.\n",
        }
    )
    assert all(not e.doubts for e in f.events if e.kind == "remission")


def test_a_bare_day_count_counts_from_the_infusion_told_last(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allogeneic SCT 10/08/2022.\nTisagenlecleucel infused 20/07/2023. "
            "Day +28 marrow: MRD negative, blasts 1%.\n",
            "b.txt": "CAR-T (axi-cel) infused 02/02/2021.\nAllogeneic HSCT 05/01/2022. "
            "Day +30 marrow: blasts 2%.\n",
        }
    )
    counted = sorted((m.analyte, m.date, m.doubts[0]) for m in f.measurements)
    assert counted == [
        ("blasts", "2022-02-04", "date counted from transplant 2022-01-05"),
        ("blasts", "2023-08-17", "date counted from car-t 2023-07-20"),
        ("mrd", "2023-08-17", "date counted from car-t 2023-07-20"),
    ]


def test_a_bare_day_count_after_a_course_on_its_line_counts_from_the_course(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic 15/05/2023.\nFLAG-Ida started 03/04/2023. "
            "Neutrophils recovered to 1.1 on day +26.\n",
            "b.txt": "Clinic 15/05/2023.\nFLAG-Ida started 03/04/2023.\n"
            "Neutrophils recovered to 1.2 on day +26.\n",
        }
    )
    anc = {m.value: (m.date, m.doubts[0]) for m in f.measurements if m.analyte == "anc"}
    assert anc[1.1] == ("2023-04-28", "date counted from the course started 2023-04-03")
    assert anc[1.2][0] is None  # a course on another line: not what the count counts from


def test_a_day_0_line_takes_the_order_its_document_settles(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Transplant summary\nMatched unrelated donor PBSC transplant.\n"
            "Day 0 - 04/05/2023\nNeutrophil engraftment 23/05/2023.\n",
            "b.txt": "Transplant summary\nHaploidentical transplant.\nDay 0 – 06/11/2024\n"
            "Seen 11/25/2024.\n",
        }
    )
    assert sorted(e.date for e in kinds(f, "transplant")) == ["2023-05-04", "2024-06-11"]


def test_a_day_0_whose_order_nothing_settles_stays_undated_and_says_why(
    facts: Facts,
) -> None:
    f = facts({"a.txt": "Transplant summary\nAllogeneic PBSC transplant.\nDay 0: 04/05/2023\n"})
    (tx,) = kinds(f, "transplant")
    assert tx.date is None and tx.confidence < 0.9
    assert tx.date_info.raw == "04/05/2023"
    assert any("day/month order" in d for d in tx.doubts)


def test_a_joint_assessment_and_plan_reports_its_states_and_plans_its_treatments(
    facts: Facts,
) -> None:
    head = "Haematology outpatient note\nVisit date: 2024-02-14\n"
    for ap in (
        "Assessment/Plan: molecular relapse, NPM1 rising. Refer for DLI.\n",
        "A/P: molecular relapse, NPM1 rising. Start azacitidine.\n",
        "Assessment and plan\nMolecular relapse (NPM1 rising). Azacitidine to start next week.\n",
    ):
        f = facts({"n.txt": head + ap})
        (rel,) = kinds(f, "relapse")
        assert (rel.date, rel.date_info.basis) == ("2024-02-14", "reported")
        assert rel.confidence < 0.9 and any("found by then" in d for d in rel.doubts)
        assert [e.kind for e in f.events] == ["relapse"]  # the treatments are plans


def test_an_untyped_relapse_takes_its_type_from_the_same_relapse_told_elsewhere(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Letter 14/09/2021\n\nDear Dr Wells,\n\n"
            "She has had a second relapse, CD19-negative, six months after CD19 CAR-T. "
            "Marrow on 03/08/2021: 55% blasts.\n\nYours sincerely\n",
            "b.txt": "Summary 20/01/2022\n- CD19 CAR-T 15/02/2021.\n"
            "- Second relapse, CD19-negative, August 2021.\n- CD22 CAR-T 14/12/2021.\n",
        }
    )
    assert [(r.date, r.type) for r in kinds(f, "relapse")] == [("2021-08", "haematological")]


@pytest.mark.parametrize(
    "note",
    [
        "Letter 21/10/2022\nReview 10/10/2022: chronic GvHD of the skin since 05/10/2022.\n",
        "Letter 21/10/2022\nReview 10 Oct 2022: chronic GvHD of the skin since 5 Oct 2022.\n",
        "Brief 21.10.2022\nBefund 10.10.2022: chronische GvHD der Haut seit 05.10.2022.\n",
    ],
)
def test_a_states_since_date_is_its_onset_not_the_reviews_date(facts: Facts, note: str) -> None:
    assert [g.date for g in kinds(facts({"r.txt": note}), "gvhd")] == ["2022-10-05"]


def test_an_unreadable_since_date_leaves_the_state_undated(facts: Facts) -> None:
    note = "Review 10/10/2022: chronic GvHD of the skin since 05/10/2022.\n"  # May or October
    (gvhd,) = kinds(facts({"r.txt": note}), "gvhd")
    assert gvhd.date is None and gvhd.confidence < 0.9


def test_a_course_told_after_a_response_in_its_sentence_never_dates_it(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 02/12/2023\n\n"
            "He reached CR after two cycles of DEC+VEN but remains MRD positive, and he "
            "began FLAG-Ida on 14/11/2023 before a second transplant.\n"
        }
    )
    (cr,) = kinds(f, "remission")
    assert cr.date is None  # found before the later course, on a day the letter does not give
    flag = [e for e in kinds(f, "regimen") if e.name == "FLAG-IDA"]
    assert [e.date for e in flag] == ["2023-11-14"]


def test_a_response_with_its_course_told_after_it_is_still_dated_by_the_course(
    facts: Facts,
) -> None:
    f = facts({"letter.txt": "Letter 02/12/2023\n\nShe achieved CR with DA given in 03/2023.\n"})
    assert [e.date for e in kinds(f, "remission")] == ["2023-03"]
