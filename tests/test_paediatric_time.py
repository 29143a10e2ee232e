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


def test_a_range_with_its_year_written_once_starts_on_its_first_date(facts: Facts) -> None:
    f = facts(
        {
            "en.txt": "Letter written 20 June 2024.\n\n"
            "She had one course of blinatumomab from 12 March to 8 April 2023.\n",
            "de.txt": "Brief vom 03.02.2023\n\nInotuzumab vom 28.12. bis 10.01.2023.\n",
        }
    )
    got = [(e.date, e.confidence >= 0.9) for e in kinds(f, "regimen")]
    assert got == [("2022-12-28", True), ("2023-03-12", True)]


def test_a_number_that_begins_a_date_is_no_cycle_number(facts: Facts) -> None:
    f = facts(
        {"a.txt": "Clinic 25/05/2023\n\nBlinatumomab bridging x1 cycle 11/04/2023 - 09/05/2023."}
    )
    assert [(e.date, e.cycle) for e in kinds(f, "regimen")] == [("2023-04-11", None)]


def test_a_day_0_row_dates_the_transplant_and_today_is_no_day_0(facts: Facts) -> None:
    f = facts(
        {
            "b6.txt": "SZT-Verlaufsbericht, 20.06.2023\n\nTransplantation\n"
            "Tag 0 | 27.04.2023\nSpender | Vater (haploident)\nStammzellquelle | PBSZ\n\n"
            "Verlauf\nAb Tag +21 akute GvHD der Haut Grad II.\n",
            "b7.txt": "Brief vom 05.08.2023\n\n"
            "heute ist Mias Tag 100 nach der Stammzelltransplantation, und wir fassen zusammen.\n",
            "en.txt": "Letter of 06/08/2023\n\n"
            "Today is day 100 after the stem cell transplant, and we are writing to sum up.\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2023-04-27"]
    assert [e.date for e in kinds(f, "gvhd")] == ["2023-05-18"]


def test_a_third_remission_is_no_remission_before_the_second_relapse(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Arztbrief vom 10.04.2022\n\nRezidiv am 10.01.2022.\n"
            "KMP vom 01.03.2022: morphologische Remission.\n",
            "b.txt": "Entlassungsbrief vom 02.12.2022\n\n"
            "Zweites Rezidiv am 05.09.2022, danach FLA-Ida.\nIm Verlauf erneut Remission (CR3).\n",
        }
    )
    got = [(e.date, e.ordinal) for e in kinds(f, "remission")]
    assert ("2022-03-01", 3) not in got
    assert (None, 3) in got


def test_a_result_told_after_a_course_is_not_of_the_courses_days(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 20/06/2023\n\n"
            "Blinatumomab x1 cycle 11/03/2023 - 08/04/2023 (MRD 6 x 10^-3 after).\n",
            "b.txt": "Discharge summary 20/08/2022\n\nEarly marrow relapse (03/2022) - CR2 after "
            "R3 (MRD 2 x 10^-4 after Block 2, negative after Block 3).\n",
        }
    )
    got = [(m.value, m.date, m.confidence < 0.9) for m in f.measurements if m.analyte == "mrd"]
    assert got == [(0.02, "2022-08-20", True), (0.6, "2023-06-20", True)]


def test_a_diagnostic_marrow_is_of_the_diagnosis(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Treatment summary 09/03/2022\n\nB-ALL, diagnosed 14/11/2019.\n"
            "Diagnostic marrow: 88% blasts. Presenting WCC 62.4 x10^9/L.\n",
        }
    )
    assert sorted((m.analyte, m.date) for m in f.measurements) == [
        ("blasts", "2019-11-14"),
        ("wbc", "2019-11-14"),
    ]


def test_count_recovery_after_chemotherapy_before_the_transplant_is_no_engraftment(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Entlassungsbrief vom 25.03.2023\n\nFLA-Ida ab 20.02.2023.\n"
            "Leukozytenregeneration ab Tag 26, Entlassung in gutem Zustand.\n",
            "b.txt": "Verlaufsbericht vom 20.06.2023\n\nAllogene SZT am 19.04.2023.\n",
        }
    )
    assert kinds(f, "engraftment") == []
    assert [e.date for e in kinds(f, "transplant")] == ["2023-04-19"]
