"""Relative dates: kept as Relative with their anchor's kind, resolved later (no OCR, fast)."""

from __future__ import annotations

from datetime import date

import pytest

from recordkit.dates import DateMention, Relative, apply_relative, find_dates, narrative_dates
from recordkit.dates.forms import month_names
from recordkit.dates.narrative import yearless_months
from recordkit.dates.yearless import written_without_year
from recordkit.nlp.rules import DateRules, load_rules


def rel(text: str, rules: DateRules) -> Relative:
    [d] = find_dates(text, "DMY", rules)
    assert d.value is None and d.relative is not None
    return d.relative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("marrow on day +28 showed CR", Relative("transplant", None, days=28, unnamed=True)),
        ("chimerism D+100: 98%", Relative("transplant", None, days=100, unnamed=True)),
        ("Day +17 after second transplant", Relative("transplant", 2, days=17)),
        ("+35 days post-transplant", Relative("transplant", None, days=35)),
        ("60 days after transplant", Relative("transplant", None, days=60)),
        ("移植后30天复查骨髓", Relative("transplant", None, days=30)),
        ("血小板于+29天植入", Relative("transplant", None, days=29)),
        ("移植后3个月", Relative("transplant", None, months=3, precision="month")),
        ("day +14 after CAR-T infusion", Relative("car_t", None, days=14)),
        ("marrow on day 28 after CAR-T", Relative("car_t", None, days=28)),
        ("chimerism at day 100 post-transplant", Relative("transplant", None, days=100)),
        ("two weeks after the second DLI", Relative("dli", 2, days=14)),
        ("3 months after transplantation", Relative("transplant", None, 0, 3, "month")),
        ("one year post-HSCT", Relative("transplant", None, months=12, precision="month")),
        ("6 weeks after CAR-T cells", Relative("car_t", None, days=42)),
        ("at 5 months follow-up", Relative("transplant", None, months=5, precision="month")),
        ("at the 3-month follow-up", Relative("transplant", None, months=3, precision="month")),
        ("at 6 months follow-up after CAR-T", Relative("car_t", None, months=6, precision="month")),
        ("入院后第3天予IA方案", Relative("admission", None, days=2)),
        ("on hospital day 3 she started DA", Relative("admission", None, days=2)),
        ("day 28 of her admission: marrow in CR", Relative("admission", None, days=27)),
    ],
)
def test_relative_forms_keep_their_anchor(text: str, expected: Relative, rules: DateRules) -> None:
    assert rel(text, rules) == expected


def test_relative_without_an_anchor_is_not_a_date(rules: DateRules) -> None:
    assert find_dates("two weeks after that she felt better", "DMY", rules) == []
    assert find_dates("cytarabine on day 3 of cycle 2", "DMY", rules) == []
    # no ordinal: three days after the admission, not a day of the stay
    assert find_dates("入院后3天出现发热", "DMY", rules) == []


def test_a_calendar_date_restating_a_relative_one_wins(rules: DateRules) -> None:
    def read(text: str) -> list[tuple[str, date | None, bool]]:
        return [(d.raw, d.value, d.relative is not None) for d in find_dates(text, "DMY", rules)]

    assert read("Platelet engraftment on day +21 (28/01/2017).") == [
        ("day +21", date(2017, 1, 28), False),
        ("28/01/2017", date(2017, 1, 28), False),
    ]
    assert read("Day +28 marrow (28-FEB-2019): blasts 2.2%") == [
        ("Day +28", date(2019, 2, 28), False),
        ("28-FEB-2019", date(2019, 2, 28), False),
    ]
    assert read("Marrow 23/01/2017 (day +16) normal") == [
        ("23/01/2017", date(2017, 1, 23), False),
        ("day +16", date(2017, 1, 23), False),
    ]
    assert read("粒系于+18天植入（2015年5月19日）")[0] == ("+18天", date(2015, 5, 19), False)
    # a separate relative date after a comma stays relative
    assert read("day +30: 06/02/2017, day +40 fever") == [
        ("day +30", date(2017, 2, 6), False),
        ("06/02/2017", date(2017, 2, 6), False),
        ("day +40", None, True),
    ]
    # words between a calendar date and a later relative one: not a restatement
    assert read("06/02/2017 marrow (day +40)")[1] == ("day +40", None, True)


def test_narrative_dates_resolve_from_the_previous_date(rules: DateRules) -> None:
    previous = DateMention(0, 10, "15/01/2020", date(2020, 1, 15), "day")
    counts, months = rules.narrative_counts, month_names(rules)
    text = "Five months later she relapsed; in March of that year"
    got = narrative_dates(text, previous, counts, months)
    assert [(d.raw, d.value, d.precision) for d in got] == [
        ("in March of that year", date(2020, 3, 1), "month"),
        ("Five months later", date(2020, 6, 15), "month"),
    ]
    assert narrative_dates("two weeks later", None, counts, months) == []


def test_chinese_narrative_counts_from_the_last_date_told(rules: DateRules) -> None:
    cr = DateMention(0, 9, "2023年4月7日", date(2023, 4, 7), "day")
    months, counts = month_names(rules), rules.narrative_counts

    def told(text: str, earlier: list[DateMention] | None = None) -> list:
        got = narrative_dates(text, cr, counts, months, earlier)
        return [(d.raw, d.value, d.precision) for d in got]

    assert told("次月予DA方案巩固化疗1个疗程，同年6月再予DA方案巩固1个疗程。") == [
        ("同年6月", date(2023, 6, 1), "month"),
        ("次月", date(2023, 5, 7), "month"),
    ]
    assert told("3个月后复查骨髓流式MRD 0.8%") == [("3个月后", date(2023, 7, 7), "month")]
    assert sorted(told("半年後骨髓MRD 0.1%，兩個月後")) == [
        ("兩個月後", date(2023, 6, 7), "month"),
        ("半年後", date(2023, 10, 7), "month"),
    ]
    assert told("2周后血常规") == [("2周后", date(2023, 4, 21), "day")]
    assert told("次年3月复发；次年") == [
        ("次年3月", date(2024, 3, 1), "month"),
        ("次年", date(2024, 1, 1), "year"),
    ]
    # a day written with its month is a date, not a count: '8月15日后' is after 15 August
    aug = DateMention(0, 10, "2023年8月15日", date(2023, 8, 15), "day")
    assert told("2023年8月15日后复查", [aug]) == []
    assert told("2023年后") == []


def test_a_chinese_count_is_not_a_day_and_month_without_its_year(rules: DateRules) -> None:
    assert not written_without_year("3个月后", rules) and not written_without_year("2周后", rules)
    assert written_without_year("4月12日", rules) and written_without_year("13 Aug", rules)


def test_a_day_count_is_not_a_month_and_day(rules: DateRules) -> None:
    # letters before a number are a month only where the date rules name a month
    assert written_without_year("Aug 21", rules) and written_without_year("August 13th", rules)
    assert not written_without_year("Day 21", rules) and not written_without_year("Tag 14", rules)
    assert not written_without_year("jour 8", rules) and not written_without_year("21 days", rules)


def test_a_yearless_month_is_put_in_the_year_of_the_dates_around_it() -> None:
    months = month_names(load_rules().dates)
    march = DateMention(0, 10, "15/03/2022", date(2022, 3, 15), "day")

    def years(text: str, earlier: list[DateMention], written: date | None = None) -> list:
        got = yearless_months(text, march, months, earlier, written)
        return [(d.raw, d.value, d.precision, d.reason is not None) for d in got]

    assert years("In September a marrow showed 40% blasts", []) == [
        ("September", date(2022, 9, 1), "month", True)
    ]
    assert years("and in January he relapsed", []) == [("January", date(2023, 1, 1), "month", True)]
    later = DateMention(35, 45, "14/02/2022", date(2022, 2, 14), "day")
    assert years("rose from undetectable in December to 0.8% on 14/02/2022", [later]) == [
        ("December", date(2021, 12, 1), "month", True)
    ]
    assert years("In September he relapsed", [], written=date(2022, 6, 1)) == []  # after it
    assert years("in December 2021", [DateMention(3, 16, "December 2021")]) == []
    assert years("in December of that year, we may in May", []) == [
        ("May", date(2022, 5, 1), "month", True)
    ]


def test_apply_relative() -> None:
    assert apply_relative(date(2020, 9, 6), Relative("transplant", None, days=17)) == date(
        2020, 9, 23
    )
    assert apply_relative(
        date(2020, 1, 31), Relative("transplant", None, months=1, precision="month")
    ) == date(2020, 2, 29)
