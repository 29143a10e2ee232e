"""East Asian date forms: Republic of China years, year-first months (no OCR, fast)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from recordkit.dates import find_dates
from recordkit.models import CaseFacts
from recordkit.nlp.rules import DateRules


def values(text: str, rules: DateRules) -> list[tuple[str, date | None, str | None]]:
    return [(d.raw, d.value, d.precision) for d in find_dates(text, "DMY", rules)]


@pytest.mark.parametrize(
    ("text", "raw", "value", "precision"),
    [
        ("住院日期: 112/03/14", "112/03/14", date(2023, 3, 14), "day"),
        ("112/3/5 骨髓穿刺", "112/3/5", date(2023, 3, 5), "day"),
        ("檢查 112.03.15 骨髓", "112.03.15", date(2023, 3, 15), "day"),
        ("紀錄日期: 民國113年4月18日", "民國113年4月18日", date(2024, 4, 18), "day"),
        ("民國112年3月診斷 AML", "民國112年3月", date(2023, 3, 1), "month"),
        ("民國 99 年 12 月 31 日", "民國 99 年 12 月 31 日", date(2010, 12, 31), "day"),
        ("113年4月18日 門診", "113年4月18日", date(2024, 4, 18), "day"),
    ],
)
def test_republic_of_china_years_are_western_year_minus_1911(
    text: str, raw: str, value: date, precision: str, rules: DateRules
) -> None:
    assert values(text, rules) == [(raw, value, precision)]


@pytest.mark.parametrize(
    "text",
    [
        "BP 120/80 mmHg, 112/13/15 is no date",  # month 13
        "version 112.3.15 of the assay",  # dotted, one-digit month: a version
        "150/03/15",  # era year 150 lies in the future
        "ratio 112/03/154",
        "113年 annual volume",  # a bare three-digit year needs its month
    ],
)
def test_three_digit_numbers_that_are_not_era_dates(text: str, rules: DateRules) -> None:
    assert [d.value for d in find_dates(text, "DMY", rules) if d.value] == []


def test_a_taiwanese_summary_dates_its_marrow_by_the_era_date(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "出院病歷摘要\n住院日期: 112/03/14\n"
            "112/03/15 骨髓穿刺: 原始細胞 (blast) 72%, 符合 AML.\n"
        }
    )
    assert f.documents[0].date == "2023-03-14"
    blasts = [(m.value, m.date) for m in f.measurements if m.analyte == "blasts"]
    assert blasts == [(72.0, "2023-03-15")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023/11 rash on trunk", [("2023/11", date(2023, 11, 1), "month")]),
        ("2023/3 初診", [("2023/3", date(2023, 3, 1), "month")]),
        ("oral GVHD since 2024.01.", [("2024.01", date(2024, 1, 1), "month")]),
        ("Date: 2024. 3. 5.", [("2024. 3. 5", date(2024, 3, 5), "day")]),
        (
            "6 cycles (2022.12 ~ 2023.05)",
            [("2022.12", date(2022, 12, 1), "month"), ("2023.05", date(2023, 5, 1), "month")],
        ),
        (
            "AZA 2022/12-2023/05",
            [("2022/12", date(2022, 12, 1), "month"), ("2023/05", date(2023, 5, 1), "month")],
        ),
        ("2023/11/05 marrow", [("2023/11/05", date(2023, 11, 5), "day")]),
    ],
)
def test_year_first_months_are_months(
    text: str, expected: list[tuple[str, date, str]], rules: DateRules
) -> None:
    assert values(text, rules) == expected


@pytest.mark.parametrize(
    "text", ["Plt 2019.5 x10^9/L", "2023.123 units", "ratio 2023/13", "id 2023/11/2023/1"]
)
def test_year_first_numbers_that_are_not_months(text: str, rules: DateRules) -> None:
    assert [d.value for d in find_dates(text, "DMY", rules) if d.value] == []


@pytest.mark.parametrize("gap", ["\n", "\n\nS:\n"])
def test_an_onset_month_under_a_dated_header_dates_the_gvhd(
    gap: str, facts: Callable[..., CaseFacts]
) -> None:
    text = f"Clinic 2024/01/09{gap}2023/11 rash on trunk, skin biopsy consistent with acute GVHD.\n"
    gvhd = [(e.date, e.date_info.precision) for e in facts({"n.txt": text}).events]
    assert gvhd == [("2023-11", "month")]


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        ("2022年1月12日接受異體周邊血幹細胞移植。移植後第14天中性粒細胞植入。",
         "engraftment", "2022-01-26"),
        ("2022年1月12日接受異體周邊血幹細胞移植。移植後3個月骨髓復發。", "relapse", "2022-04"),
        ("入院日期：2022年3月1日\n入院後第3天復查骨髓達完全緩解（CR）。", "remission",
         "2022-03-03"),
        ("2022年11月20日回輸CAR-T細胞，回輸後+28天復查骨髓：流式MRD陰性。", "remission",
         "2022-12-18"),
    ],
)  # fmt: skip
def test_traditional_chinese_counts_after_an_event(
    facts: Callable[..., CaseFacts], text: str, kind: str, date: str
) -> None:
    got = [e.date for e in facts({"h.txt": text + "\n"}).events if e.kind == kind]
    assert got == [date]
