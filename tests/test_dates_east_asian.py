"""East Asian date forms: Republic of China years, year-first months (no OCR, fast)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from recordkit.dates import find_dates
from recordkit.models import CaseFacts
from recordkit.nlp.rules import DateRules, load_rules


@pytest.fixture(scope="module")
def rules() -> DateRules:
    return load_rules().dates


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
