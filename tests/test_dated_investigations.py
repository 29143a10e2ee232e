"""'Investigations (dt. DATE):' dates the values under it, as 'Investigations (DATE):' does."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, dated


@pytest.mark.parametrize("day", ["(dt. 18/03/23)", "(18/03/23)", "dt. 18/03/23"])
def test_a_results_heading_dated_with_dt_dates_its_values(facts: Facts, day: str) -> None:
    f = facts(
        {
            "daycare.txt": "DAY CARE SUMMARY\nDate : 20/03/2023\n\n"
            f"Investigations {day}:\n"
            "Hb-9.1 gm%, TLC-3,400/cumm, ANC-1,600/cumm, Plt-88,000/cumm\n\n"
            "Advice: review in 2 weeks.\n"
        }
    )
    assert dated(f, "plt") == [(88.0, "2023-03-18")]
    assert dated(f, "wbc") == [(3.4, "2023-03-18")]
