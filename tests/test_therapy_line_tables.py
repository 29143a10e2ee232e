"""Lines-of-therapy tables: a row per line, its ordinal, its dates, its count and its outcome."""

from __future__ import annotations

from collections.abc import Callable

from recordkit.models import CaseFacts


def test_a_lines_ordinal_and_its_course_count_are_never_a_result_of_its_outcome_cell(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Referral summary 03/03/2023\n\nTreatment history\n"
            "Line | Regimen | Start | End | Cycles | Best response\n"
            "1 | Hyper-CVAD (1A, 1B) | 05-Jan-2021 | 20-Mar-2021 | 2 | CR (MRD 0.04% after 1B)\n"
            "2 | Blinatumomab | 10-Apr-2021 | 30-May-2021 | 1 | MRD-negative CR\n"
            "3 | Inotuzumab | 02-Sep-2022 | 20-Oct-2022 | 2 | CR, MRD 0.02%\n"
        }
    )
    # the MRD is the number its own cell gives, never the row's line or course count
    assert sorted(m.value for m in f.measurements if m.analyte == "mrd") == [0.02, 0.04]
