"""Absolute date forms and the traps that must not become dates (no OCR, fast)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from recordkit.dates import DateMention, Order, find_dates, infer_order, iso
from recordkit.nlp.rules import DateRules


def one(text: str, rules: DateRules, order: Order | None = "DMY") -> DateMention:
    found = [d for d in find_dates(text, order, rules) if d.relative is None]
    assert len(found) == 1, [d.raw for d in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Marrow on 2020-11-27 showed CR.", date(2020, 11, 27), "day"),
        ("relapse on 27-NOV-2020.", date(2020, 11, 27), "day"),
        ("seen 15-Nov-2020 in clinic", date(2020, 11, 15), "day"),
        ("Day 0: 06-SEP-20", date(2020, 9, 6), "day"),
        ("on 15 Nov 2020 she", date(2020, 11, 15), "day"),
        ("on the 3rd of March 2021", date(2021, 3, 3), "day"),
        ("on Nov 15, 2020 he", date(2020, 11, 15), "day"),
        ("November 15th, 2020", date(2020, 11, 15), "day"),
        ("MAY-24-2015 14:49", date(2015, 5, 24), "day"),
        ("diagnosed 11/2019 with AML", date(2019, 11, 1), "month"),
        ("diagnosed 11.2019 with AML", date(2019, 11, 1), "month"),
        ("in November 2019", date(2019, 11, 1), "month"),
        ("Biopsy 22.01.2018.", date(2018, 1, 22), "day"),
        ("sample 17/03/18 clotted", date(2018, 3, 17), "day"),
        ("since 2015 on therapy", date(2015, 1, 1), "year"),
        ("2023年3月5日行骨穿", date(2023, 3, 5), "day"),
        ("于2023年3月复发", date(2023, 3, 1), "month"),
        ("复查 2023.3.5 骨髓", date(2023, 3, 5), "day"),
        ("复查 2023-3-5 骨髓", date(2023, 3, 5), "day"),
        ("2019-11 relapse", date(2019, 11, 1), "month"),
        ("sampled 2021-03-05T10:00:00", date(2021, 3, 5), "day"),
        ("relapsed Mar '21 after DLI", date(2021, 3, 1), "month"),
        ("diagnosed in mid-2019", date(2019, 1, 1), "year"),
        ("Jan. 5th, 2021 clinic", date(2021, 1, 5), "day"),
        ("5th Jan, 2021 clinic", date(2021, 1, 5), "day"),
    ],
)
def test_written_forms(text: str, value: date, precision: str, rules: DateRules) -> None:
    d = one(text, rules)
    assert (d.value, d.precision, d.reason) == (value, precision, None)
    assert text[d.start : d.end] == d.raw


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("He was diagnosed with MDS in spring 2019.", 2019),
        ("GVHD of the mouth developed in the autumn of 2022.", 2022),
        ("followed since the fall of 2020 for MDS", 2020),
        ("relapsed in early winter 2021", 2021),
        ("Im Herbst 2022 entwickelte sich eine GVHD.", 2022),
        ("seit Frühjahr 2019 bekannt", 2019),
    ],
)
def test_a_season_dates_only_its_year(text: str, year: int, rules: DateRules) -> None:
    d = one(text, rules)
    assert (d.value, d.precision, d.raw) == (date(year, 1, 1), "year", str(year))


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Aufnahme am 15. März 2020 wegen Fieber", date(2020, 3, 15), "day"),
        ("seit Mai 2019 in Remission", date(2019, 5, 1), "month"),
        ("Rezidiv 3. Okt. 2021", date(2021, 10, 3), "day"),
        ("Kontrolle 12 Dez 2022", date(2022, 12, 12), "day"),
        ("rechute le 1er mars 2021", date(2021, 3, 1), "day"),
        ("greffe en décembre 2020", date(2020, 12, 1), "month"),
        ("le 14 févr. 2022", date(2022, 2, 14), "day"),
        ("le 2 août 2019", date(2019, 8, 2), "day"),
    ],
)
def test_german_and_french_month_names(
    text: str, value: date, precision: str, rules: DateRules
) -> None:
    d = one(text, rules)
    assert (d.value, d.precision) == (value, precision)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Data: 12 gennaio 2021", date(2021, 1, 12), "day"),
        ("ricovero il 10 settembre 2020 per", date(2020, 9, 10), "day"),
        ("recaída el 2 de noviembre de 2022.", date(2022, 11, 2), "day"),
        ("biopsia 15 de mayo del 2019", date(2019, 5, 15), "day"),
        ("recidiva em 1 de março de 2020", date(2020, 3, 1), "day"),
        ("relapse in marzo 2022", date(2022, 3, 1), "month"),
        ("en noviembre de 2022 inició", date(2022, 11, 1), "month"),
        ("transplante em dezembro de 2021", date(2021, 12, 1), "month"),
    ],
)
def test_italian_spanish_and_portuguese_month_names(
    text: str, value: date, precision: str, rules: DateRules
) -> None:
    d = one(text, rules)
    assert (d.value, d.precision) == (value, precision)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Diagnose AML 12 maart 2023", date(2023, 3, 12), "day"),
        ("beenmerg op 3 mrt. 2024", date(2024, 3, 3), "day"),
        ("allo-SCT op 14 augustus 2023", date(2023, 8, 14), "day"),
        ("recidief in mei 2022", date(2022, 5, 1), "month"),
        ("controle 8 januari 2024", date(2024, 1, 8), "day"),
        ("gestart 2 februari 2021", date(2021, 2, 2), "day"),
        ("ontslag 30 okt 2023", date(2023, 10, 30), "day"),
    ],
)
def test_dutch_month_names(text: str, value: date, precision: str, rules: DateRules) -> None:
    d = one(text, rules)
    assert (d.value, d.precision) == (value, precision)


def test_line_break_inside_a_date_still_reads(rules: DateRules) -> None:
    assert one("marrow on 05-\nJAN-2017 showed", rules).value == date(2017, 1, 5)
    assert one("relapsed on 15\nNov 2020 with", rules).value == date(2020, 11, 15)


def test_a_count_before_a_month_is_not_its_day(rules: DateRules) -> None:
    d = one("started hyper-CVAD course 2\n- February 2018: blinatumomab", rules)
    assert (d.raw, d.value, d.precision) == ("February 2018", date(2018, 2, 1), "month")
    d = one("azacitidine cycle 3 May 2021", rules)
    assert (d.value, d.precision) == (date(2021, 5, 1), "month")


def test_numeric_dates_follow_the_documents_order(rules: DateRules) -> None:
    assert one("CBC 03/05/2021 normal", rules, "MDY").value == date(2021, 3, 5)
    assert one("CBC 03/05/2021 normal", rules, "DMY").value == date(2021, 5, 3)
    # an unambiguous date reads the only way it can, whatever the order
    assert one("CBC 25/03/2021 normal", rules, "MDY").value == date(2021, 3, 25)
    assert one("CBC 03/25/2021 normal", rules, "DMY").value == date(2021, 3, 25)


def test_ambiguous_and_impossible_dates_are_unresolved_with_a_reason(rules: DateRules) -> None:
    d = one("CBC 03/05/2021 normal", rules, None)
    assert d.value is None and d.precision is None
    assert d.reason is not None and "ambiguous" in d.reason
    d = one("marrow 31/02/2021", rules)
    assert (d.value, d.reason) == (None, "not a valid calendar date")
    d = one("marrow 31-FEB-2021", rules)
    assert (d.value, d.reason) == (None, "not a valid calendar date")
    d = one("marrow 25/14/2021", rules)
    assert (d.value, d.reason) == (None, "neither number can be the month")
    # an OCR slip keeps its place as an unread date, so its digits are not read as a value
    d = one("engraftment on day +20 (99/29/15)", rules, "MDY")
    assert (d.raw, d.value, d.reason) == ("99/29/15", None, "neither number can be the month")
    # same day and month: no ambiguity
    assert one("CBC 04/04/2021", rules, None).value == date(2021, 4, 4)


def test_years_outside_the_plausible_window(rules: DateRules) -> None:
    d = one("recorded 12 Mar 1850 in the ledger", rules)
    assert d.value is None and d.reason is not None and "1850" in d.reason
    # a numeric shape with an implausible year is a number, not a date
    assert find_dates("ref 12/03/1850, tel 01-23-4567", "DMY", rules) == []
    far = date.today().year + 5
    assert one(f"review on 12 Mar {far}", rules).value is None
    # weak forms with an implausible year are simply not dates
    assert find_dates(f"in {far} we", "DMY", rules) == []
    assert find_dates("dilution 1/2150 and 11/1750", "DMY", rules) == []


def test_two_digit_years_pivot_to_the_past_or_next_year(rules: DateRules) -> None:
    assert one("on 17/03/18", rules).value == date(2018, 3, 17)
    assert one("DOB: 01/17/56", rules, "MDY").value == date(1956, 1, 17)
    nxt = (date.today().year + 1) % 100
    assert one(f"DOB: 05/05/{nxt:02d}", rules).value.year == date.today().year + 1 - 100
    assert one(f"DOB: 5/5/{date.today().year + 1}", rules).value.year == date.today().year + 1
    yy = (date.today().year + 3) % 100
    assert one(f"on 01/02/{yy:02d}", rules).value.year == date.today().year + 3 - 100


@pytest.mark.parametrize(
    "text",
    [
        "received 14:49, faxed 09:05",
        "call 555-123-4567 or (02) 9515 6111",
        "ward phone 0161 276 1234",
        "lab no 21-0345678, accession H21/03/1234",
        "cytarabine d1-3, 1-2 tablets",
        "page 1/3",
        "D8S1179 12/13, TH01 6/9.3",
        "HLA 10/10 matched unrelated donor",
        "dose 8.7 x10^6/kg, ratio 2.8:1",
        "lab number 20210305 and MRN 19850101",
        "WBC 3.5-11.0 x10^9/L, Hb 11.5-16.5",
        "t(8;21), 46,XX[20]",
        "version 1.2.10 of the assay",
    ],
)
def test_traps_are_not_dates(text: str, rules: DateRules) -> None:
    assert [d.raw for d in find_dates(text, "DMY", rules)] == []


def test_compact_dates_only_where_a_label_says_so(rules: DateRules) -> None:
    assert find_dates("accession 20210305", "DMY", rules) == []
    d = one("Collection date: 20210305", rules)
    assert (d.value, d.type) == (date(2021, 3, 5), "collection")


def test_a_month_range_keeps_month_precision_on_both_ends(rules: DateRules) -> None:
    found = find_dates("treated between March and April 2023 with AZA", "DMY", rules)
    assert [(d.raw, d.value, d.precision) for d in found] == [
        ("March", date(2023, 3, 1), "month"),
        ("April 2023", date(2023, 4, 1), "month"),
    ]
    found = find_dates("blinatumomab June–July 2022", "DMY", rules)
    assert [d.value for d in found] == [date(2022, 6, 1), date(2022, 7, 1)]
    # two months sharing one year: each is its own month of that year
    found = find_dates("DLI x2 in Nov and Dec 2021", "DMY", rules)
    assert [d.value for d in found] == [date(2021, 11, 1), date(2021, 12, 1)]


def test_a_shortened_day_range_gives_its_first_and_last_day(rules: DateRules) -> None:
    for text, first, last in [
        ("Induktion DA 03.-09.05.2021", date(2021, 5, 3), date(2021, 5, 9)),
        ("DA 28.04.-04.05.2021", date(2021, 4, 28), date(2021, 5, 4)),
        ("FLAG-IDA 14-18 May 2020", date(2020, 5, 14), date(2020, 5, 18)),
    ]:
        assert [d.value for d in find_dates(text, "DMY", rules)] == [first, last], text
    assert find_dates("WBC 4.0-11.0", "DMY", rules) == []  # a reference range is no date


def test_order_from_unambiguous_dates_then_spelling_then_the_case(rules: DateRules) -> None:
    assert infer_order("seen 25/03/2021 and 03/04/2021", rules)[0] == "DMY"
    assert infer_order("seen 03/25/21 and 04/03/21", rules)[0] == "MDY"
    assert infer_order("Haematology clinic 03/04/2021", rules)[0] == "DMY"
    assert infer_order("Hematology center 03/04/2021", rules)[0] == "MDY"
    assert infer_order("seen 03/04/2021", rules) == (None, "no unambiguous date or spelling cue")
    assert infer_order("seen 03/04/2021", rules, "MDY")[0] == "MDY"
    # an impossible day (an OCR slip) is no evidence of day-first order
    assert infer_order("Collected: 93/05/21, seen 03/04/2021", rules)[0] is None


def test_a_hong_kong_hospital_writes_day_first(rules: DateRules) -> None:
    letterhead = "瑪麗醫院 Queen Mary Hospital\nBMA 04/10/2021: blasts 2%."
    assert infer_order(letterhead, rules)[0] == "DMY"
    assert infer_order("Hong Kong Children's Hospital 04/10/2021", rules)[0] == "DMY"


def test_portuguese_marrow_and_blood_count_words_are_day_first(rules: DateRules) -> None:
    # Brazil and Portugal write dd/mm: a marrow report or blood count in Portuguese settles it
    for text in ("Mielograma de 12/04/2022: remissão completa.", "Hemograma 05/03/2023: "
                 "Leucócitos 2.300/mm³", "Medula óssea 05/03/2023"):  # fmt: skip
        assert infer_order(text, rules)[0] == "DMY"


def test_analyser_units_are_no_order_cue_and_indian_counts_are_day_first(rules: DateRules) -> None:
    # /uL is printed by analysers in every country: it says nothing of the order
    assert infer_order("CBC (10/08/2022): TLC 4100/uL, platelets 45,000/uL", rules)[0] is None
    # lakh, /cumm and gm% are Indian conventions, written with day-first dates
    for text in ("Hb 8.2 gm%", "platelet 1.2 lakh/cumm", "TLC 4100 /cu mm"):
        assert infer_order(f"Date: 06/03/2023 {text}", rules)[0] == "DMY"


def test_the_case_s_unambiguous_dates_outrank_a_spelling_cue(rules: DateRules) -> None:
    slip = "Hematology OPD Date: 06/03/2023"
    assert infer_order(slip, rules, "DMY")[0] == "MDY"  # a convention only: spelling first
    order, why = infer_order(slip, rules, "DMY", fallback_dated=True)
    assert (order, why) == ("DMY", "the unambiguous dates of the case's other documents")
    # the document's own dates still come first
    assert infer_order("Hematology 06/03/2023, 03/25/2023", rules, "DMY", True)[0] == "MDY"


def test_iso_text_at_each_precision() -> None:
    d = date(2020, 11, 27)
    assert [iso(d, p) for p in ("day", "month", "year")] == ["2020-11-27", "2020-11", "2020"]


def test_mentions_are_sorted_and_do_not_overlap(rules: DateRules) -> None:
    text = "Dx 15 Nov 2020; CR 2021-01-04; relapse Mar 2022; seen day +400; 再次复发2023年3月5日"
    found = find_dates(text, "DMY", rules)
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert [d.raw for d in found] == [
        "15 Nov 2020",
        "2021-01-04",
        "Mar 2022",
        "day +400",
        "2023年3月5日",
    ]


def test_ocr_slips_inside_numeric_dates_read_as_digits(rules: DateRules) -> None:
    text = "DOB: ©9/07/88\nBone marrow on 1O/O1/21 showed 1.3% blasts\nI/O/10 and ll/Il/2020"
    found = find_dates(text, "MDY", rules)
    assert [(d.raw, d.value) for d in found] == [
        ("©9/07/88", date(1988, 9, 7)),
        ("1O/O1/21", date(2021, 10, 1)),
    ]
    assert [text[d.start : d.end] for d in found] == [d.raw for d in found]


def test_many_dates_stay_fast(rules: DateRules) -> None:
    import time

    rows = "".join(f"{d % 28 + 1:02d}/03/2021  4.{d % 10}\n" for d in range(2000))
    table = "Collected  WBC\n" + rows
    began = time.perf_counter()
    found = find_dates(table, "DMY", rules)
    assert len(found) == 2000 and all(d.type == "collection" for d in found)
    assert time.perf_counter() - began < 5  # linear in the text: about 0.3 s here


def test_a_hyphen_joins_two_dates_but_not_a_date_and_a_number(rules: DateRules) -> None:
    def raws(text: str) -> list[str]:
        return [d.raw for d in find_dates(text, "DMY", rules)]

    assert raws("stationär vom 12.03.2021-15.03.2021 wegen Fieber") == ["12.03.2021", "15.03.2021"]
    assert raws("azacitidine 03/2019-05/2019, then") == ["03/2019", "05/2019"]
    assert raws("lab 21-03-12345, ref 1-12-03-2021, 12/03/2021-4, 4-12/03/2021") == []


def test_a_table_border_is_not_read_as_a_one(rules: DateRules) -> None:
    [d] = find_dates("| Collected |2/03/21 | 08:10 |", "DMY", rules)
    assert (d.raw, d.value) == ("2/03/21", date(2021, 3, 2))


def test_dates_glued_by_ocr_are_read_one_by_one(rules: DateRules) -> None:
    text = "Collected 17/03/1831/07/1803/02/19Units Ref\nCollected |30/08/202125/06/2022 Units"
    found = find_dates(text, "DMY", rules)
    assert [(d.raw, d.value, d.type) for d in found] == [
        ("17/03/18", date(2018, 3, 17), "collection"),
        ("31/07/18", date(2018, 7, 31), "collection"),
        ("03/02/19", date(2019, 2, 3), "collection"),
        ("30/08/2021", date(2021, 8, 30), "collection"),
        ("25/06/2022", date(2022, 6, 25), "collection"),
    ]
    [bad, good] = find_dates("Collected 39/05/2024/11/20 Units", "DMY", rules)
    assert (bad.value, bad.reason) == (None, "not a valid calendar date")
    assert good.value == date(2020, 11, 24)


def test_a_stray_slash_before_a_date_in_a_scanned_table(rules: DateRules) -> None:
    text = "31/07/2018 | peripheral blood | 44.4% |\n/26/11/2018 | peripheral blood | 99.5%"
    assert [d.value for d in find_dates(text, "DMY", rules)] == [
        date(2018, 7, 31),
        date(2018, 11, 26),
    ]
    assert find_dates("ratio 1/26/11/2018x", "DMY", rules) == []


def test_a_dotted_date_is_day_first_whatever_the_document_order(rules: DateRules) -> None:
    for order in ("MDY", "DMY", None):
        got = find_dates("Bone marrow 02.06.2021: blasts 12 %.", order, rules)
        assert [d.value for d in got] == [date(2021, 6, 2)], order
    assert [d.value for d in find_dates("seen 02/06/2021", "MDY", rules)] == [date(2021, 2, 6)]


def test_a_chart_s_yearless_day_and_month(rules: DateRules) -> None:
    from recordkit.dates.yearless import day_month

    assert day_month("21/1", "DMY", rules) == ("numeric", 1, 21)
    assert day_month("21/1", None, rules) == ("numeric", 1, 21)  # 21 can only be the day
    assert day_month("1/21", "MDY", rules) == ("numeric", 1, 21)
    assert day_month("3/1", None, rules) is None  # unsettled order: no date
    assert day_month("21.01.", None, rules) == ("numeric", 1, 21)
    assert day_month("21 Jan", None, rules) == ("day_mon", 1, 21)
    assert day_month("Jan 21", None, rules) == ("mon_day", 1, 21)
    for not_one in ("21.1", "21/13", "Units", "21/1/22", "7.2"):
        assert day_month(not_one, "DMY", rules) is None


def test_a_yearless_column_date_falls_within_the_stay() -> None:
    from recordkit.dates.yearless import Stay

    stay = Stay(date(2021, 12, 28), date(2022, 1, 30))
    assert stay.date_of(12, 30) == date(2021, 12, 30)
    assert stay.date_of(1, 21) == date(2022, 1, 21)  # the stay ran into the new year
    assert stay.date_of(2, 21) is None  # after the document's date
    # a document dated on its admission day bounds nothing after it
    assert Stay(date(2022, 1, 12), date(2022, 1, 12)).date_of(1, 21) == date(2022, 1, 21)
    assert Stay(None, date(2022, 1, 5)).date_of(12, 28) == date(2021, 12, 28)
    assert Stay(None, None).date_of(1, 21) is None


def test_a_mainland_chinese_short_date_is_year_first(rules: DateRules) -> None:
    found = find_dates("采样时间：23/3/15 WBC 2.1", None, rules)
    assert [d.value for d in found] == [date(2023, 3, 15)]  # not 23 March 2015
    dotted = find_dates("患者21.5.10予大剂量阿糖胞苷（HiDAC）巩固。", None, rules)
    assert [d.value for d in dotted] == [date(2021, 5, 10)]
    assert [d.value for d in find_dates("采样时间：21/2/30", None, rules)] == [None]
    hk = find_dates("瑪麗醫院 Queen Mary Hospital BMA 23/3/15", "DMY", rules)
    assert [d.value for d in hk] == [date(2015, 3, 23)]  # Hong Kong writes day first


def test_british_blood_test_names_are_a_day_first_cue(rules: DateRules) -> None:
    # FBC, WCC and U&Es are what British and Commonwealth clinics call the tests (US: CBC, WBC)
    for text in ("FBC 03/02/2023: Hb 92", "WCC 3.1 on 03/02/2023", "U&Es normal, seen 03/02/2023"):
        assert infer_order(text, rules)[0] == "DMY", text
    assert infer_order("CBC 03/02/2023: WBC 3.1", rules)[0] is None
