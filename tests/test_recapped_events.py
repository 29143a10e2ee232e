"""Events retold in a later letter's recap keep the dates of what they are told against.

A recap names earlier events as time points ('two years after his allograft (DATE)',
'CR after course 1', 'off IS since DATE'); their dates are those events', not the retold
state's.
"""

from __future__ import annotations

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
