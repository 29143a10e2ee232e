"""States a note retells as what the patient has, and treatments only talked about: a relapse
named as the disease being treated, a relapse called known, a CR1 retold, a DLI to be
discussed."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds

_HISTORY = (
    "Clinic letter\nDate: 02/03/2024\n\n"
    "History:\n- AML diagnosed 05/2021.\n- MUD allo-HSCT 10/11/2021.\n"
    "- Relapse 12/08/2023: marrow 40% blasts.\n- FLAG-Ida 20/08/2023.\n"
)


def test_a_relapsed_disease_a_summary_says_is_s_p_takes_no_marrow_date(facts: Facts) -> None:
    marrow = (
        "Bone marrow report\nCollection date: 25/09/2023\n\n"
        "Assessment: 58F relapsed AML s/p MUD allo-HSCT (2021) and FLAG-Ida.\n"
        "Bone marrow: blasts 2%. Complete remission.\n"
    )
    f = facts({"a.txt": _HISTORY, "b.txt": marrow})
    assert [r.date for r in kinds(f, "relapse")] == ["2023-08-12"]  # the one relapse told
    assert [r.date for r in kinds(f, "remission")] == ["2023-09-25"]


def test_a_transplant_s_bracketed_day_0_never_dates_the_relapse_before_s_p(
    facts: Facts,
) -> None:
    note = (
        "Admission note\nDate: 14/09/2023\n\n"
        "A/P: 58F relapsed/refractory AML s/p MUD allo-HSCT (D0 10/11/2021), now day 1.\n"
    )
    f = facts({"a.txt": _HISTORY, "b.txt": note})
    assert [r.date for r in kinds(f, "relapse")] == ["2023-08-12"]
    assert [t.date for t in kinds(f, "transplant")] == ["2021-11-10"]


def test_a_relapse_found_on_a_marrow_is_still_a_new_one(facts: Facts) -> None:
    marrow = "Bone marrow report\nCollection date: 25/01/2024\n\nConclusion: relapsed AML.\n"
    f = facts({"a.txt": _HISTORY, "b.txt": marrow})
    assert [r.date for r in kinds(f, "relapse")] == ["2023-08-12", "2024-01-25"]


def test_a_relapse_a_lab_comment_calls_known_is_the_one_recorded(facts: Facts) -> None:
    count = (
        "Full blood count\nCollected: 28/08/2023\nWBC 1.2 x10^9/L\n"
        "Comment: Blast cells present on film, consistent with known AML relapse.\n"
    )
    f = facts({"a.txt": _HISTORY, "b.txt": count})
    assert [r.date for r in kinds(f, "relapse")] == ["2023-08-12"]


def test_a_dli_to_be_discussed_is_no_dli_but_one_given_is(facts: Facts) -> None:
    talked = "Discharge summary\nDate: 30/09/2023\n\nOutcome: count recovery on day 24. "
    f = facts({"a.txt": talked + "To be discussed at BMT MDT re DLI / second allograft.\n"})
    assert kinds(f, "dli") == [] and kinds(f, "transplant") == []
    f = facts({"a.txt": talked + "DLI given on 28/09/2023 after discussion at the MDT.\n"})
    assert [d.date for d in kinds(f, "dli")] == ["2023-09-28"]


def test_a_cr1_retold_in_a_thread_is_the_case_s_one_dated_first_remission(facts: Facts) -> None:
    thread = (
        "From: referring centre\nSent: 13/02/2024\n\nDear colleague,\n"
        "24F, B-ALL dx 02/02/2021, hyper-CVAD -> MRD-neg CR1 after course 1A.\n"
        "First relapse 14/11/2022 (BM 45% blasts).\nEarlier: CR1 (05/03/2021), MRD negative.\n"
    )
    f = facts({"a.txt": thread})
    assert [(r.date, r.ordinal) for r in kinds(f, "remission")] == [("2021-03-05", 1)]


_RELAPSE = "Clinic letter\nDate: 15/05/2023\n\nAML relapse 09/05/2023 after MUD allo-HSCT.\n"
_REQUEST = "AML relapse post allo-HSCT; after AZA/VEN cycle 1 (started 20/05/2023). Response?"


def test_a_request_s_clinical_field_restates_the_known_relapse(facts: Facts) -> None:
    marrow = f"Bone marrow report\nCollection date: 27/06/2023\nClinical: {_REQUEST}\n"
    f = facts({"a.txt": _RELAPSE, "b.txt": marrow + "Morphology: blasts 4%.\n"})
    assert [r.date for r in kinds(f, "relapse")] == ["2023-05-09"]


def test_a_course_s_start_past_a_semicolon_never_dates_the_relapse_before_it(
    facts: Facts,
) -> None:
    f = facts({"a.txt": f"Clinic letter\nDate: 27/06/2023\n\n{_REQUEST}\n"})
    assert [r.date for r in kinds(f, "relapse")] == [None]
    f = facts({"a.txt": "Clinic letter\nDate: 27/06/2023\n\nRelapse post-transplant on "
               "20/05/2023.\n"})  # fmt: skip
    assert [r.date for r in kinds(f, "relapse")] == ["2023-05-20"]  # its own date stays


@pytest.mark.parametrize("field", ["Clinical details", "Indication"])
def test_a_start_bracket_after_a_course_dates_it_in_a_request_s_clinical_field(
    facts: Facts, field: str
) -> None:
    marrow = (
        "Flow cytometry MRD report\nCollection date: 22/04/2024\n"
        f"{field}: B-ALL relapse; following blinatumomab cycle 1 (commenced 18/03/2024). "
        "Restaging.\nResult: MRD not detected.\n"
    )
    f = facts({"mrd.txt": marrow})
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("BLINATUMOMAB", "2024-03-18")]


def test_a_relapse_bracketed_as_the_reason_a_treatment_failed_is_the_known_one(
    facts: Facts,
) -> None:
    # 'after CAR-T failure (CD19-neg relapse)' says why the treatment failed: it retells the
    # relapse told already, not a new molecular one found on the note's day
    note = (
        "Progress note\nDate of service: 05/10/2023\n\nInterval history\n"
        "Pt is s/p tisagenlecleucel (06/15/2022) with CD19-negative relapse 11/28/2022, "
        "treated with inotuzumab x2. Marrow 04/20/2023 MRD negative.\n\n"
        "Assessment / Plan\nB-ALL in MRD-negative CR3 after CD19 CAR-T failure "
        "(CD19-neg relapse) and inotuzumab. Proceed to allogeneic HCT.\n"
    )
    assert [r.date for r in kinds(facts({"a.txt": note}), "relapse")] == ["2022-11-28"]
    # a bracket that gives the relapse its day tells it: it is read
    dated = "Clinic letter 05/10/2023\nCR3 after CAR-T failure (CD19-neg relapse 11/28/2022).\n"
    assert [r.date for r in kinds(facts({"b.txt": dated}), "relapse")] == ["2022-11-28"]
