"""An earlier test a report compares with: its date is that test's, never the report's findings'.

'Previous myelogram (DATE): blasts 1.2%.' then 'Conclusion: ... Relapse.': the conclusion is the
present marrow's; 'prior BMA DATE', 'compared with the marrow of DATE' name an earlier test too.
"""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds

_HEAD = "Haematology laboratory - marrow report\n\nSternal puncture performed 21.09.2023.\n\n"


def test_a_conclusion_after_a_previous_test_s_line_is_not_dated_by_it(facts: Facts) -> None:
    f = facts(
        {
            "m.txt": _HEAD + "Previous myelogram (14.II.2022): blast cells 1,2%.\n"
            "Conclusion: Marrow replaced by lymphoid blasts, flow MRD 55%. Relapse.\n"
        }
    )
    assert "2022-02-14" not in [e.date for e in kinds(f, "relapse")]
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [("blasts", 1.2, "2022-02-14"), ("mrd", 55.0, "2023-09-21")]


def test_a_later_result_of_the_paragraph_is_not_the_prior_test_s(facts: Facts) -> None:
    f = facts(
        {
            "m.txt": _HEAD + "Prior BMA 14/02/2022 showed blasts 1%. The current aspirate is "
            "packed with lymphoblasts, blasts 62%. Relapse of B-ALL.\n"
        }
    )
    got = sorted((m.value, m.date) for m in f.measurements if m.analyte == "blasts")
    assert got == [(1.0, "2022-02-14"), (62.0, "2023-09-21")]
    assert "2022-02-14" not in [e.date for e in kinds(f, "relapse")]


def test_a_test_s_own_date_still_dates_its_conclusion(facts: Facts) -> None:
    f = facts(
        {
            "m.txt": "Letter 01/10/2023\nBone marrow aspirate (21.09.2023): blast cells 62%.\n"
            "Conclusion: relapse of B-ALL.\n"
        }
    )
    assert [e.date for e in kinds(f, "relapse")] == ["2023-09-21"]
