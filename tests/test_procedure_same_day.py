"""A day-care note's 'Procedure:' tells what was done at that visit, on the note's own day."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_dli_given_on_the_notes_own_day_under_procedure_is_kept(facts: Facts) -> None:
    f = facts(
        {
            "daycare.txt": "DAY CARE SUMMARY\nDate : 21/03/2023\n\nProcedure:\n"
            "Donor lymphocyte infusion (unstimulated, from sister) given on 21/03/2023.\n"
            "Dose: 1 x 10^6 CD3+ cells/kg. No reaction.\n"
        }
    )
    assert [e.date for e in kinds(f, "dli")] == ["2023-03-21"]


def test_an_undated_procedure_line_stays_out(facts: Facts) -> None:
    f = facts(
        {
            "daycare.txt": "DAY CARE SUMMARY\nDate : 21/03/2023\n\nProcedure:\n"
            "Donor lymphocyte infusion if no GVHD at review.\n"
        }
    )
    assert kinds(f, "dli") == []
