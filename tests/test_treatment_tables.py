"""Treatment-history tables: a row per course, its dates, and what came of it."""

from __future__ import annotations

from collections.abc import Callable

from recordkit.models import CaseFacts
from tests.extraction_helpers import kinds


def test_a_best_response_cell_is_never_dated_by_its_courses_start(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Regimen | Cycle | Start date | Best response\n"
            "Decitabine + venetoclax | C2 | 14 Aug 2023 | CR\n"
            "FLAG-IDA | C1 | 09 Jan 2024 | CRi (BM 06 Feb 2024)\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("DEC+VEN", "2023-08-14"),
        ("FLAG-IDA", "2024-01-09"),
    ]
    first, second = kinds(f, "remission")
    # found weeks after the course began: no day of its own, the month at most, doubted
    assert first.date in (None, "2023-08") and first.confidence < 0.9 and first.doubts
    assert (second.date, second.confidence >= 0.9) == ("2024-02-06", True)


def test_a_response_column_repeating_the_state_course_by_course_tells_one_remission(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Regimen | Start | End | Response\n"
            "Hyper-CVAD course 1A | 11/01/2021 | 02/02/2021 | CR, MRD positive (0.2%)\n"
            "Hyper-CVAD course 1B | 15/02/2021 | 08/03/2021 | CR, MRD 0.03%\n"
            "Blinatumomab cycle 1 | 22/03/2021 | 19/04/2021 | MRD negative\n"
        }
    )
    assert [(e.kind, e.date) for e in f.events if e.kind != "regimen"] == [
        ("remission", "2021-02-02")  # at the end of the course that reached it
    ]
    assert ("mrd", 0.0) in [(m.analyte, m.value) for m in f.measurements]


def test_a_graft_bracketed_after_the_transplant_names_the_graft_not_a_marrow_test(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Treatment | Start date | End date\n"
            "Allo-HSCT (MUD, BM) | 03/09/2023 | -\n"
            "Ruxolitinib | 20/10/2023 | 15/12/2023\n"
        }
    )
    [sct] = kinds(f, "transplant")
    assert (sct.date, sct.donor, sct.grafts) == ("2023-09-03", "unrelated", ("BM",))
    assert sct.confidence >= 0.9
