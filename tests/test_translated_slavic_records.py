"""Records translated from Russian, Ukrainian and other Eastern European languages: their
Roman-numeral months, stamps and epicrisis sentences."""

from __future__ import annotations

import pytest

from recordkit.dates import find_dates
from recordkit.models import CaseFacts
from recordkit.nlp.rules import DateRules, load_rules
from tests.extraction_helpers import Facts


@pytest.fixture(scope="module")
def rules() -> DateRules:
    return load_rules().dates


def dated(f: CaseFacts, analyte: str) -> list[tuple[float | None, str | None]]:
    return [(m.value, m.date) for m in f.measurements if m.analyte == analyte]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Sternal puncture of 07.IX.2019.", [("2019-09-07", "day")]),
        ("Trephine 21/XI/2020, repeat 4-II-2021", [("2020-11-21", "day"), ("2021-02-04", "day")]),
        ("Marrow of 5. VIII. 2022", [("2022-08-05", "day")]),
        ("second relapse in III.2020", [("2020-03-01", "month")]),
        ("(stage IV.2021)", []),  # a stage, not April
        ("Cytarabine 1 IV 2000 mg", []),  # a dose given intravenously
        ("Marrow of 31.II.2020", []),  # no such day
    ],
)
def test_a_roman_month_is_read_at_the_precision_written(
    text: str, read: list[tuple[str, str]], rules: DateRules
) -> None:
    found = [d for d in find_dates(text, "DMY", rules) if d.value]
    assert [(d.value.isoformat(), d.precision) for d in found] == read


def test_a_marrow_dated_with_a_roman_month_takes_that_date(facts: Facts) -> None:
    f = facts(
        {
            "epicrisis.txt": "Extract from the inpatient card\n\n"
            "Acute myeloid leukaemia diagnosed 09.01.2022. Induction 7+3 from 14.01.2022.\n"
            "Follow-up myelogram of 16.II.2022: blast cells 1,5%. FCM MRD 0,03%.\n"
            "Myelogram of 02.X.2023: blast cells 38,0%.\n"
        }
    )
    # the marrow's own day, not the course's start two sentences before it
    assert dated(f, "blasts") == [(1.5, "2022-02-16"), (38.0, "2023-10-02")]
    assert dated(f, "mrd") == [(0.03, "2022-02-16")]
