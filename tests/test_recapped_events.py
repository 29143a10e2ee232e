"""Events retold in a later letter's recap keep the dates of what they are told against.

A recap names earlier events as time points ('two years after his allograft (DATE)',
'CR after course 1', 'off IS since DATE'); their dates are those events', not the retold
state's.
"""

from __future__ import annotations

import pytest

from recordkit.config import Settings
from recordkit.extract import extract_case
from recordkit.models import DocumentResult, FileRecord, PageText


def _case(*letters: tuple[str, str]):
    docs = []
    for name, text in letters:
        record = FileRecord(path=name, sha256=None, size=len(text), type="text", pages=1,
                            method="text", status="ok")  # fmt: skip
        docs.append(DocumentResult(record=record, pages=(PageText(file=name, page=1, text=text,
                                                                  method="text"),)))  # fmt: skip
    return extract_case("t", docs, Settings())


def _events(case, kind: str) -> list[tuple[str | None, float]]:
    return [(e.date, e.confidence) for e in case.events if e.kind == kind]


COUNTED = (
    "Referral letter\nDate: 01/04/2021\n\nThank you for seeing this woman who has relapsed "
    "T-ALL three years after her matched unrelated allograft with you (14/03/2018). "
    "Bone marrow on 20/03/2021 showed 45% blasts.\n"
)


def test_the_bracketed_date_after_the_counted_from_event_is_that_events() -> None:
    case = _case(("2021-04-01_referral.txt", COUNTED))
    assert _events(case, "transplant")[0][0] == "2018-03-14"
    relapses = _events(case, "relapse")
    assert [d for d, _ in relapses] == ["2021-03"]  # counted from the allograft, never on it
    assert relapses[0][1] < 0.9


def _measured(case, analyte: str) -> list[tuple[str | None, float]]:
    return [(m.date, m.confidence) for m in case.measurements if m.analyte == analyte]


@pytest.mark.parametrize(
    "course",
    ["Induction (IA 3+7) 05/02/2020", "IA induction (idarubicin/cytarabine 3+7) 05/02/2020"],
)
def test_a_response_after_the_course_is_not_dated_on_its_first_day(course: str) -> None:
    letter = (
        "Referral letter\nDate: 02/11/2020\n\nTreatment to date:\n"
        f"1. {course} - CR after course 1, FLT3 MRD 0.4%\n2. HiDAC consolidation 20/03/2020\n"
    )
    case = _case(("2020-11-02_referral.txt", letter))
    assert "2020-02-05" in [e.date for e in case.events if e.name == "IA"]
    for date, confidence in [*_events(case, "remission"), *_measured(case, "mrd")]:
        assert date == "2020-02"  # the course's month, never its day 1
        assert confidence < 0.9
