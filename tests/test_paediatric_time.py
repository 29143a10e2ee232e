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


def test_a_course_named_as_the_time_of_an_apheresis_is_no_course(facts: Facts) -> None:
    f = facts(
        {
            "de.txt": "Brief vom 10.10.2022\n\nBlinatumomab ab 03.06.2022.\n"
            "Die Leukapherese erfolgte am 25.05.2022 (vor Blinatumomab-Start).\n",
            "en.txt": "Letter 11/10/2022\n\n"
            "Leukapheresis was done on 26/05/2022, before starting blinatumomab.\n",
        }
    )
    assert [e.date for e in kinds(f, "regimen")] == ["2022-06-03"]


def test_a_time_counted_back_with_vor_is_no_reference(facts: Facts) -> None:
    f = facts({"de.txt": "Brief vom 10.10.2022\n\nVor 2 Monaten Blinatumomab am 03.08.2022."})
    assert [e.date for e in kinds(f, "regimen")] == ["2022-08-03"]
