"""Reference-lab reports: earlier results quoted for comparison, and rows that are no MRD."""

from __future__ import annotations

from tests.extraction_helpers import Facts, dated


def test_a_trend_s_earlier_chimerism_is_the_same_side_as_the_current(facts: Facts) -> None:
    f = facts(
        {
            "str.txt": "Engraftment monitoring (STR)\n"
            "Collected: 03/02/2024\n"
            "Interpretation: Mixed chimerism in whole blood with 12% recipient-derived "
            "cells, up from 2% on 11/15/2023.\n"
        }
    )
    assert sorted(dated(f, "chimerism")) == [(88.0, "2024-03-02"), (98.0, "2023-11-15")]


def test_an_earlier_value_naming_its_own_side_keeps_it(facts: Facts) -> None:
    f = facts(
        {
            "str.txt": "Engraftment monitoring (STR)\n"
            "Collected: 03/02/2024\n"
            "Whole blood chimerism: 91% donor, down from 99% donor on 11/15/2023.\n"
        }
    )
    assert sorted(dated(f, "chimerism")) == [(91.0, "2024-03-02"), (99.0, "2023-11-15")]
