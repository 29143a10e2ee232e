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


SLIP_RECAP = (
    "Discharge summary\nDate: 20/02/2021\n\nHistory:\n- Induction 7+3 from 02/03/2019\n"
    "- Molecular relapse 11/08/2019 (NPM1 2.4%)\n- Allograft 15/01/2021\n"
)
SLIP_REPORT = (
    "Molecular report\nCollected: 11/08/2020\n\nNPM1 MRD 2.4%, consistent with molecular relapse.\n"
)
SLIP_LETTER = (
    "Clinic letter\nDate: 01/09/2020\n\n"
    "Molecular relapse on 11/08/2020 (NPM1 2.4%). Plan FLAG-Ida.\n"
)


def test_a_recap_dated_a_year_off_the_other_documents_is_doubted() -> None:
    case = _case(
        ("2021-02-20_discharge.txt", SLIP_RECAP),
        ("2020-08-13_pcr.txt", SLIP_REPORT),
        ("2020-09-01_letter.txt", SLIP_LETTER),
    )
    told = [*case.events, *case.measurements]
    slipped = [i for i in told if i.date == "2019-08-11"]
    assert sorted(getattr(i, "kind", None) or i.analyte for i in slipped) == ["mrd", "relapse"]
    for i in slipped:
        assert i.confidence < 0.9
        assert any("a year apart" in d and "2020-08-11" in d for d in i.doubts)
    assert all(
        not any("a year apart" in d for d in i.doubts) for i in told if i.date == "2020-08-11"
    )


def test_events_a_year_apart_in_one_document_are_not_doubted() -> None:
    letter = (
        "Clinic letter\nDate: 01/09/2021\n\nBone marrow MRD 2.4% on 25/08/2020; bone marrow "
        "MRD 2.4% again on 25/08/2021.\n"
    )
    case = _case(("2021-09-01_letter.txt", letter))
    assert sorted(m.date for m in case.measurements) == ["2020-08-25", "2021-08-25"]
    assert all(not m.doubts or "a year apart" not in " ".join(m.doubts) for m in case.measurements)


def test_off_immunosuppression_since_dates_the_stopping_not_the_gvhd() -> None:
    letter = (
        "Clinic letter\nDate: 02/03/2020\n\nAfter her allograft she had skin cGVHD (Oct 2018), "
        "off immunosuppression since 05/2019. Marrow on 14/02/2020 showed 40% blasts.\n"
    )
    case = _case(("2020-03-02_letter.txt", letter))
    assert [d for d, _ in _events(case, "gvhd")] == ["2018-10"]


def test_a_comma_between_a_named_regimen_and_a_drug_lists_two_lines_of_therapy() -> None:
    letter = (
        "Transfer summary\nDate: 15/06/2020\n\nT-ALL (Mar 2017) -> hyper-CVAD, nelarabine -> "
        "MUD allo-PBSCT Jan 2018 -> relapse May 2020.\n"
    )
    case = _case(("2020-06-15_transfer.txt", letter))
    names = sorted(e.name for e in case.events if e.kind == "regimen")
    assert names == ["HYPER-CVAD", "NELARABINE"]
