"""An insurer's pre-authorisation request asks for treatment still to come.

Its 'Proposed line of treatment:' lists the next courses, and its 'Estimated cost:' lines name
drugs to be bought ('Drugs (Decitabine, Venetoclax x 1 month): Rs. 2.40 lakhs'): plans, never
courses given. The courses its history tells with their dates are.
"""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds

_REQUEST = (
    "CITY CANCER HOSPITAL - INSURANCE DESK\nDate: 05/04/2023\n"
    "To, The Medical Officer, Apex Health TPA\n\n"
    "Sub: Request for cashless pre-authorisation - Mrs. P. Nair\n\n"
    "The patient is a k/c/o AML who relapsed on 02/02/2023 and received 2 cycles of "
    "decitabine-venetoclax (C1 on 06/02/2023, C2 on 08/03/2023).\n\n"
    "Proposed line of treatment:\n"
    "  1. Cycle 3 decitabine-venetoclax (Inj. Decitabine 20 mg/m2 D1-5 + Tab. Venetoclax 400 mg)\n"
    "     with Tab. Gilteritinib 120 mg OD.\n"
    "  2. Donor lymphocyte infusion from the sibling donor.\n\n"
    "Expected date of admission: 20/04/2023\n"
    "Estimated cost: Rs. 3,10,000/-\n"
    "   - Drugs (Decitabine, Venetoclax, Gilteritinib x 1 month): Rs. 2.40 lakhs\n"
    "   - Investigations: Rs. 0.20 lakhs\n"
)


def test_a_preauthorisations_proposed_treatment_and_costs_are_no_courses(facts: Facts) -> None:
    f = facts({"preauth.txt": _REQUEST})
    got = [(e.date, e.name, e.cycle) for e in kinds(f, "regimen")]
    assert got == [("2023-02-06", "DEC+VEN", 1), ("2023-03-08", "DEC+VEN", 2)]
    assert kinds(f, "dli") == []
