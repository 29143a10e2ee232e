"""Paediatric AML letters (BFM and MyeChild style): which event a date, day or state is."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_date_a_sequence_word_follows_is_not_the_next_events(facts: Facts) -> None:
    f = facts(
        {
            "de.txt": "Entlassbrief, 14.09.2021\n\nBisherige Therapie\n"
            "Induktion (Cytarabin 200 mg/m² d1-7, Daunorubicin 60 mg/m² d1-3) ab 05.02.2021, "
            "Block II (Ara-C 3 g/m² d1-3, Mitoxantron 10 mg/m² d3-5) ab 02.05.2021, "
            "anschließend direkt allo-SZT.\n",
            "en.txt": "Clinic letter 03/10/2021\n\nSecond block (high-dose cytarabine 3 g/m2 "
            "D1-3) from 11/05/2021, followed by a matched unrelated donor transplant.\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == [None]


def test_a_state_counted_in_months_after_a_transplant_takes_its_marrows_date(
    facts: Facts,
) -> None:
    f = facts(
        {
            "de.txt": "Arztbrief, 12.05.2022\n\nDiagnosen:\n- AML mit FLT3-ITD, ED 03.02.2020\n"
            "- allogene SZT (MSD) am 14.09.2020\n"
            "- Rezidiv (extramedullär und hämatologisch) 14 Monate nach SZT, "
            "KMP vom 19.11.2021\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2020-09-14"]
    assert [e.date for e in kinds(f, "relapse")] == ["2021-11-19"]


def test_a_remission_a_marrow_transplant_was_given_in_is_no_new_remission(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Arztbrief, 02.03.2023\n\nDiagnosen:\n- AML mit NPM1-Mutation, ED 11.01.2021\n"
            "- Z.n. allogener KMT (MSD) am 19.05.2021 in CR1\n",
            "b.txt": "Arztbrief, 02.04.2023\n\nDiagnosen:\n"
            "- Z.n. allogener KMT (MSD) am 19.05.2021 in1.CR\n",  # OCR lost the spaces
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2021-05-19"]
    assert kinds(f, "remission") == []


def test_counts_at_presentation_take_the_day_the_letter_says_the_child_presented(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter, dictated 20/09/2022\n\nDiagnosis\n"
            "Acute myeloid leukaemia with inv(16), diagnosed 09/08/2022 on marrow.\n\n"
            "Progress\nOliver presented to his GP on 03/08/2022 with two weeks of bruising "
            "and lethargy. Bloods at presentation: Hb 64 g/L, WCC 112.3 x10^9/L.\n",
            "form.txt": "Registry form 01/12/2022\n\nWCC at presentation: 98.0 x10^9/L\n",
        }
    )
    dates = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert dates == [
        ("hb", 64.0, "2022-08-03"),
        ("wbc", 98.0, "2022-08-09"),  # no day of presentation told: the diagnosis's
        ("wbc", 112.3, "2022-08-03"),
    ]


def test_a_marrow_on_a_later_day_of_a_course_line_is_counted_from_its_day_one(
    facts: Facts,
) -> None:
    f = facts(
        {
            "overview.txt": "THERAPIEÜBERSICHT (Stand 01.12.2022)\n\n"
            "Datum        Therapie / Ereignis                 Befund\n"
            "03.03.2022   ED AML M4                           KM 64 % Blasten\n"
            "07.03.2022   FLAG-Ida (Block 1)                  d22-KM 9 % Blasten\n"
            "11.04.2022   allo-SZT (MSD)                      Engraftment d+17\n",
        }
    )
    blasts = sorted((m.value, m.date) for m in f.measurements if m.analyte == "blasts")
    assert blasts == [(9.0, "2022-03-28"), (64.0, "2022-03-03")]
