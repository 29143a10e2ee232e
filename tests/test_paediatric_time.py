"""Paediatric ALL letters (BFM and UKALL style): negation and time in German and English."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_decision_against_a_transplant_is_no_transplant(facts: Facts) -> None:
    f = facts(
        {
            "de.txt": "Arztbrief vom 02.03.2022\n\nDatum | Therapie | Bemerkung\n"
            "10.01.2021 | Protokoll IB | MRD TP2 negativ -> keine SZT-Indikation\n"
            "14.02.2021 | Protokoll II | SZT nicht indiziert\n",
            "tx.txt": "Allogene SZT am 20.09.2022.",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2022-09-20"]

