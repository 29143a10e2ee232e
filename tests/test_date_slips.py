"""A numeric date whose day OCR misread past any month's end is read to its month, doubted."""

from __future__ import annotations

from datetime import date

import pytest

from recordkit.dates import find_dates
from recordkit.nlp.rules import load_rules

from .conftest import facts_from_text


@pytest.mark.parametrize(
    ("text", "order", "value"),
    [
        ("infused on 47/09/2023 without reaction", "DMY", date(2023, 9, 1)),
        ("infused on 09/47/2023 without reaction", "MDY", date(2023, 9, 1)),
        ("infused on 47.09.2023 without reaction", None, date(2023, 9, 1)),  # dots: day first
    ],
)
def test_a_day_no_month_has_leaves_the_month_and_year(text: str, order, value: date) -> None:
    (found,) = find_dates(text, order, load_rules().dates)
    assert (found.value, found.precision) == (value, "month")


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("infused on 47/09/2023", None),  # which number is the day is not settled
        ("infused on 09/47/2023", "DMY"),  # the month is the impossible part
        ("infused on 47/19/2023", "DMY"),  # nor is 19 a month
    ],
)
def test_a_date_whose_month_is_in_doubt_stays_undated(text: str, order) -> None:
    (found,) = find_dates(text, order, load_rules().dates)
    assert found.value is None


def test_a_donor_lymphocyte_infusion_with_a_misread_day_is_dated_to_its_month() -> None:
    letter = (
        "Haematology Day Unit, 19 September 2023\n"
        "Dear Dr Amadi,\n"
        "Her donor chimerism had fallen to 88%, so she received donor lymphocyte infusion "
        "(DLI) on 47/09/2023, which she tolerated without reaction. We shall repeat "
        "chimerism on 03/10/2023.\n"
    )
    facts = facts_from_text({"dli letter.txt": letter})
    (dli,) = [e for e in facts.events if e.kind == "dli"]
    assert dli.date == "2023-09"
    assert dli.confidence < 0.9  # dated to the month only: doubted
