"""A trend told after dated values says when it began, never when the values were drawn."""

from __future__ import annotations

from tests.extraction_helpers import Facts


def test_a_trend_s_since_date_does_not_date_the_values_before_it(facts: Facts) -> None:
    f = facts(
        {
            "discharge.txt": "Westbury Transplant Centre - discharge summary\n"
            "Date: 20/07/2023\n\n"
            "Allogeneic HSCT (day 0) on 01/06/2023.\n"
            "Bloods at discharge (18/07/2023): WBC 2.1, Neut 1.1, Hb 92, Plt 61 - falling "
            "since D+30; EBV PCR sent.\n"
        }
    )
    assert {(m.analyte, m.date) for m in f.measurements} == {
        ("wbc", "2023-07-18"),
        ("anc", "2023-07-18"),
        ("hb", "2023-07-18"),
        ("plt", "2023-07-18"),
    }
