"""Rows of a typed treatment overview: each row's leading date is its own, its cells one line."""

from __future__ import annotations

from tests.extraction_helpers import Facts, dated, kinds

# a typed overview whose columns do not line up (a long row breaks the gutters), as a
# word processor's or a ward's summary is typed: each row still opens with its own date
_OVERVIEW = (
    "VERLAUFSUEBERSICHT (Stand 30.11.2024)\n\n"
    "Datum        Behandlung / Ereignis                         Ergebnis\n"
    "09.02.2023   Induktion FLAG-Ida                            KM 09.03.23: 4 % Blasten\n"
    "17.04.2023   HAM                                           MRD < 0,01 %\n"
    "12.07.2023   1. allo-SZT (MSD, PBSZ), Kond. Bu/Cy/Mel und ATG-Gabe    Engraftment d+21\n"
    "04.06.2024   1. Rezidiv, hämatologisch                     KM 38 % Blasten\n"
)


def test_a_row_opening_with_its_date_and_an_ordinal_is_a_row_of_its_own(facts: Facts) -> None:
    # '04.06.2024   1. Rezidiv': the ordinal's full stop ends no sentence, and the row's date
    # dates the row alone: the MRD of the row above keeps its own row's date
    f = facts({"overview.txt": _OVERVIEW})
    assert [(e.date, e.type) for e in kinds(f, "relapse")] == [("2024-06-04", "haematological")]
    assert dated(f, "mrd") == [(0.0, "2023-04-17")]
    assert [e.date for e in kinds(f, "transplant")] == ["2023-07-12"]
    assert [e.date for e in kinds(f, "engraftment")] == ["2023-08-02"]  # day +21 of its transplant


def test_an_ordinal_numbers_an_event_noun_but_a_number_may_still_end_a_sentence() -> None:
    import re

    from recordkit.nlp.rules import load_rules
    from recordkit.nlp.spans import any_of
    from recordkit.nlp.text import Ordinals, sentences

    rules = load_rules()
    nouns = any_of(rules.attribution.course_columns + rules.dates.ordinal_nouns)
    ordinals = Ordinals(
        re.compile(rf"(?:{nouns})(?![^\W\d_])", re.I),
        re.compile(rf"(?<![^\W\d_])(?:{any_of(rules.dates.count_words)})\s*$", re.I),
    )
    for text in ("04.06.2024 1. Rezidiv, hämatologisch", "KM: 3 % Blasten, 2. CR",
                 "KM: 3 % Blasten (2. CR)", "Zustand nach 1. allo-SZT",
                 "Danach 2. Remission."):  # fmt: skip
        assert len(sentences(text, ordinals)) == 1, text
    assert len(sentences("Thrombozyten am Tag 12. Danach stabil.", ordinals)) == 2
    assert len(sentences("Engraftment on day 21. Remission confirmed.", ordinals)) == 2


def test_a_response_cell_with_its_own_marrow_date_dates_the_remission(facts: Facts) -> None:
    # 'KM DATE: ... (2. CR)' in the result cell of a course's row: the marrow's date is the
    # remission's (and its values'), never the day the row's course began
    f = facts(
        {
            "overview.txt": "THERAPIEVERLAUF\n\n"
            "Datum        Therapie                         Befund\n"
            "11.01.2024   FLAG-Ida (Block 1)               KM 13.02.24: 2 % Blasten, "
            "MRD 0,05 % (2. CR)\n"
            "18.03.2024   2. allo-SZT haploident (Mutter)  Engraftment d+16\n"
        }
    )
    assert [e.date for e in kinds(f, "regimen")] == ["2024-01-11"]
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [("2024-02-13", "CR")]
    assert dated(f, "blasts") == [(2.0, "2024-02-13")]
    assert dated(f, "mrd") == [(0.05, "2024-02-13")]


def test_a_time_point_cell_dates_its_row_and_a_markers_digits_are_no_value(facts: Facts) -> None:
    # 'Day +30' counts from the transplant; a row's own bracketed date is its day; the
    # header's 'CD33 % donor' names a sorted fraction, never a chimerism of 33 %
    f = facts(
        {
            "letter.txt": "Clinic date: 24/05/2024\n\n"
            "Allogeneic PBSCT from a matched unrelated donor on 15/02/2024.\n\n"
            "Chimerism (peripheral blood, STR)\n"
            "Time point | Unsorted % donor | CD3 % donor | CD33 % donor\n"
            "Day +30 | 100 | 96 | 100\n"
            "Day +90 (15/05/2024) | 98 | 94 | 99\n"
        }
    )
    got = dated(f, "chimerism")
    assert 33.0 not in [v for v, _ in got]
    assert {d for _, d in got} == {"2024-03-16", "2024-05-15"}
    assert (100.0, "2024-03-16") in got and (98.0, "2024-05-15") in got


def test_a_period_from_one_month_to_another_starts_its_first_course(facts: Facts) -> None:
    # 'March to May 2023: two courses (FLAG-Ida, then HiDAC)': the period's first month is when
    # the first course began, never its last; a recap of courses told elsewhere adds none
    f = facts(
        {
            "letter.txt": "Clinic letter 20/06/2023\n\nFLAG-Ida started on 06/03/2023. "
            "Consolidation with HiDAC started on 17/04/2023.\n",
            "family.txt": "Your child's treatment so far (updated 02/02/2024)\n\n"
            "- January 2023: the leukaemia was found.\n"
            "- March to May 2023: two courses of chemotherapy (FLAG-Ida, then HiDAC).\n",
        }
    )
    got = sorted((e.name, e.date) for e in kinds(f, "regimen"))
    assert got == [("FLAG-IDA", "2023-03-06"), ("HiDAC", "2023-04-17")]


def test_a_month_named_alone_in_its_clause_dates_the_value_by_the_letters_year(
    facts: Facts,
) -> None:
    # 'in March' in a letter of April: March of the letter's year; 'in November' in a letter
    # of February: the November before it. Never the letter's own day.
    f = facts(
        {
            "april.txt": "Clinic letter\nDate: 23/04/2024\n\nHe is well. A routine chimerism "
            "in March showed whole blood donor chimerism of 91%.\n",
            "february.txt": "Clinic letter\nDate: 12/02/2024\n\nThe marrow done in November "
            "showed 4% blasts.\n",
            "story.txt": "Clinic letter\nDate: 10/05/2024\n\nShe was diagnosed in January 2021. "
            "Her marrow in March of that year showed 7% blasts.\n",
        }
    )
    assert dated(f, "chimerism") == [(91.0, "2024-03")]
    got = dated(f, "blasts")
    assert (4.0, "2023-11") in got
    assert [d for v, d in got if v == 7.0] != ["2024-03"]  # 'of that year': the story's year


def test_a_bullets_date_before_the_test_a_course_timed_dates_the_remission(facts: Facts) -> None:
    # '- DATE: the marrow test after FLAG-Ida showed ... a second remission': the date is the
    # test's, so the remission's; the course only says which one the test followed
    f = facts(
        {
            "family.txt": "Summary for the family (updated 30/06/2024)\n\n"
            "- May 2024: the leukaemia came back. He had FLAG-Ida from mid-May.\n"
            "- 21/06/2024: the marrow test after FLAG-Ida showed blasts 2% - this is a second "
            "remission.\n"
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2024-06-21"]
    assert [e.date for e in kinds(f, "regimen")] == ["2024-05"]


def test_a_typed_tables_wrapped_cell_keeps_its_date_for_the_lines_below(facts: Facts) -> None:
    # a row of a space-aligned table wrapped onto a line whose first cell is blank: one cell,
    # one date; the MRD on the wrapped line is the marrow's of that date, not the letter's
    f = facts(
        {
            "summary.txt": "TRANSPLANT WORK-UP SUMMARY\nDate of meeting: 22/07/2023\n\n"
            "Cycle   Regimen                           Day 1        Response\n"
            "C1      FLAG-Ida (fludarabine 30 mg/m2    16/03/2023   BM 15/04/2023: blasts 3%, CR,\n"
            "        D1-5, idarubicin 10 mg/m2 D3-5)                flow MRD 0.4%\n"
            "C2      HiDAC (cytarabine 3 g/m2 bd       18/05/2023   BM 19/06/2023: blasts 1%,\n"
            "        D1,3,5)                                        flow MRD 0.03%\n"
        }
    )
    assert sorted(dated(f, "mrd")) == [(0.03, "2023-06-19"), (0.4, "2023-04-15")]
    assert sorted(dated(f, "blasts")) == [(1.0, "2023-06-19"), (3.0, "2023-04-15")]
