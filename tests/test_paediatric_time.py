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


def test_a_course_until_relapse_dates_no_relapse(facts: Facts) -> None:
    f = facts(
        {
            "de.txt": "Arztbrief vom 02.06.2022\n\nDatum | Therapie | Bemerkung\n"
            "03.10.2021 | Erhaltungstherapie (6-MP/MTX) | bis Rezidiv\n\n"
            "Rezidiv am 12.04.2022.\n",
        }
    )
    assert [e.date for e in kinds(f, "relapse")] == ["2022-04-12"]
