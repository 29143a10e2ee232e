"""Treatment-history tables: a row per course, its dates, and what came of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from recordkit.layout import BlockKind, analyse_page
from recordkit.models import CaseFacts, PageText, Word
from tests.conftest import facts_from_pdf_page
from tests.extraction_helpers import kinds


def test_a_best_response_cell_is_never_dated_by_its_courses_start(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Regimen | Cycle | Start date | Best response\n"
            "Decitabine + venetoclax | C2 | 14 Aug 2023 | CR\n"
            "FLAG-IDA | C1 | 09 Jan 2024 | CRi (BM 06 Feb 2024)\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("DEC+VEN", "2023-08-14"),
        ("FLAG-IDA", "2024-01-09"),
    ]
    first, second = kinds(f, "remission")
    # found weeks after the course began: no day of its own, the month at most, doubted
    assert first.date in (None, "2023-08") and first.confidence < 0.9 and first.doubts
    assert (second.date, second.confidence >= 0.9) == ("2024-02-06", True)


def test_a_response_header_naming_the_specimen_after_a_slash_is_still_the_outcome_column(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Summary 21/12/2021\n\nCourse | Start | Response / marrow\n"
            "DA 90 (3+7) induction | 10/01/2021 | CR (BM 12/02/2021: blasts 3%)\n"
            "HiDAC cycle 1 | 01/03/2021 | CR\n"
        }
    )
    # the start cell dates the course named before it, never the response after it
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("DA", "2021-01-10"),
        ("HiDAC", "2021-03-01"),
    ]
    assert kinds(f, "remission")[0].date == "2021-02-12"


def test_a_sentence_under_a_table_does_not_go_on_with_its_last_rows_clause(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Summary 21/12/2021\n\nCourse | Start | Response\n"
            "DA 90 (3+7) induction | 15/01/2021 | CR (BM 16/02/2021: blasts 3%, NPM1 MRD 1.2%)\n"
            "Persistent NPM1 MRD positivity after consolidation.\n"
        }
    )
    # every value after the marrow's dated label shares its date
    got = sorted((m.analyte, m.date) for m in f.measurements)
    assert ("blasts", "2021-02-16") in got and ("mrd", "2021-02-16") in got


def test_a_response_column_repeating_the_state_course_by_course_tells_one_remission(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Regimen | Start | End | Response\n"
            "Hyper-CVAD course 1A | 11/01/2021 | 02/02/2021 | CR, MRD positive (0.2%)\n"
            "Hyper-CVAD course 1B | 15/02/2021 | 08/03/2021 | CR, MRD 0.03%\n"
            "Blinatumomab cycle 1 | 22/03/2021 | 19/04/2021 | MRD negative\n"
        }
    )
    # one remission; the course's End cell is the line's last day, not the day of the test
    # that found it: undated, or the month the course began, doubted
    (cr,) = [e for e in f.events if e.kind != "regimen"]
    assert (cr.kind, cr.date in (None, "2021-01"), cr.confidence < 0.9) == ("remission", True, True)
    assert ("mrd", 0.0) in [(m.analyte, m.value) for m in f.measurements]


def test_a_graft_bracketed_after_the_transplant_names_the_graft_not_a_marrow_test(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Treatment | Start date | End date\n"
            "Allo-HSCT (MUD, BM) | 03/09/2023 | -\n"
            "Ruxolitinib | 20/10/2023 | 15/12/2023\n"
        }
    )
    [sct] = kinds(f, "transplant")
    assert (sct.date, sct.donor, sct.grafts) == ("2023-09-03", "unrelated", ("BM",))
    assert sct.confidence >= 0.9


def _pdf_page(lines: list[tuple[float, list[tuple[float, str]]]]) -> PageText:
    """A text-layer page: (top, [(x, text)]) lines, each piece's words 5 pt a letter."""
    words = []
    for top, pieces in lines:
        for x, text in pieces:
            for token in text.split():
                words.append(Word(text=token, x0=x, top=top, x1=x + 5 * len(token), bottom=top + 9))
                x += 5 * (len(token) + 1)
    return PageText(file="s.pdf", page=1, text="", method="text", width=595, height=842,
                    words=tuple(words))  # fmt: skip


def test_two_tables_stacked_with_a_gap_and_other_columns_stay_two_tables() -> None:
    lay = analyse_page(
        _pdf_page(
            [
                (100, [(140, "Treatment"), (200, "Start date"), (260, "End date"),
                       (320, "Best response"), (400, "Comments")]),
                (118, [(140, "DLI"), (200, "02/10/2024"), (260, "-"), (320, "-"),
                       (400, "1x10^6 CD3/kg")]),
                (148, [(176, "Post-transplant"), (290, "Day"), (320, "Date"), (382, "Result")]),
                (166, [(176, "Neutrophil engraftment"), (290, "+18"), (320, "02/07/2024"),
                       (382, "ANC 0.6")]),
                (184, [(176, "Acute GvHD"), (382, "None")]),
            ]
        )
    )  # fmt: skip
    tables = [lay.grid(b) for b in lay.blocks if b.kind is BlockKind.TABLE]
    assert [len(t) for t in tables] == [2, 3]
    assert tables[1][0] == ["Post-transplant", "Day", "Date", "Result"]
    assert tables[1][2] == ["Acute GvHD", "", "", "None"]


def test_a_row_of_labels_under_a_table_without_a_header_row_stays_in_it() -> None:
    lay = analyse_page(
        _pdf_page(
            [
                (100, [(140, "WBC"), (220, "2.1"), (300, "x10^9/L")]),
                (118, [(140, "Hb"), (220, "84"), (300, "g/L")]),
                (148, [(140, "Blasts seen"), (220, "Auer rods"), (300, "Dysplasia"),
                       (380, "Comment")]),
            ]
        )
    )  # fmt: skip
    assert [len(lay.grid(b)) for b in lay.blocks if b.kind is BlockKind.TABLE] == [3]


def test_the_digits_of_a_regimens_name_are_never_a_test_value(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Date: 03/20/2023\n"
            "Regimen | Start | Response\n"
            "7+3 | 02/13/2023 | MRD neg\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("DA", "2023-02-13")]
    # 'MRD neg' is the result: the 7 of '7+3' is no MRD of 7 %
    assert [(m.analyte, m.value) for m in f.measurements] == [("mrd", 0.0)]


def test_a_course_row_with_a_phase_cell_keeps_its_day_and_its_notes_its_response(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Regimen | Cycle | Start date | Notes\n"
            "7+3 + midostaurin | Induction | 02/13/2023 | CR, MRD negative (03/14/2023)\n"
        }
    )
    [course] = kinds(f, "regimen")
    assert (course.name, course.date, course.confidence >= 0.9) == ("DA", "2023-02-13", True)
    [remission] = kinds(f, "remission")
    assert remission.date == "2023-03-14"


def test_an_mrd_told_after_its_courses_start_day_is_not_of_that_day(
    facts: Callable[..., CaseFacts],
) -> None:
    for text in (
        "Date: 03/20/2023\n7+3 (02/13/2023): MRD negative.\n",
        "Date: 03/20/2023\nRegimen | Start | Response\nFLAG-Ida | 02/13/2023 | MRD negative\n",
    ):
        f = facts({"letter.txt": text})
        [m] = [m for m in f.measurements if m.analyte == "mrd"]
        # weeks after the course began: its month at most, doubted
        assert (m.value, m.date) == (0.0, "2023-02") and m.confidence < 0.9 and m.doubts


def test_a_result_in_a_response_cell_is_never_dated_by_its_rows_start(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "letter.txt": "Date: 14-08-2022\n"
            "Line | Regimen | Start | Best response\n"
            "2nd line | FLAG-IDA x 2 | 05-06-2020 | CR2 MRD negative\n"
            "Consolidation | HiDAC cycle 3 | 09/2020 | NPM1 MRD negative\n"
            "Salvage | Venetoclax + azacitidine | 11/2021 | PR (8% blasts, BM 30/12/2021)\n"
        }
    )
    # the marrow that gave each result came weeks after the row's course began: never that
    # day at high confidence, at most its month with a doubt; a date in its own cell is its own
    got = sorted((m.value, m.date, m.confidence >= 0.9, bool(m.doubts)) for m in f.measurements)
    assert got == [
        (0.0, "2020-06", False, True),
        (0.0, "2020-09", False, True),
        (8.0, "2021-12-30", True, False),
    ]


def test_a_dated_history_with_two_columns_of_prose_is_a_table_read_row_by_row() -> None:
    """Set close, with no grid: each row's date and cycle stay in their row."""
    page = _pdf_page(
        [
            (100, [(50, "Start"), (120, "Line / therapy"), (330, "Outcome")]),
            (112, [(50, "17/02/2022"), (120, "FLAG-Ida cycle 1 with G-CSF support"),
                   (330, "Marrow 19/03/2022: CR, blasts 2%,")]),
            (123, [(330, "flow MRD 0.05%")]),
            (134, [(50, "25/03/2022"), (120, "FLAG-Ida cycle 2 given as an inpatient")]),
            (145, [(50, "26/04/2022"), (120, "Venetoclax with azacitidine"),
                   (330, "Marrow 30/05/2022: MRD negative")]),
        ]
    )  # fmt: skip
    tables = [b for b in analyse_page(page).blocks if b.kind is BlockKind.TABLE]
    assert len(tables) == 1
    got = facts_from_pdf_page(page)
    mrd = [(m.value, m.date) for m in got.measurements if m.analyte == "mrd"]
    assert mrd == [(0.05, "2022-03-19"), (0.0, "2022-05-30")]
    assert [(e.name, e.cycle, e.date) for e in kinds(got, "regimen")] == [
        ("FLAG-IDA", 1, "2022-02-17"),
        ("FLAG-IDA", 2, "2022-03-25"),
        ("AZA+VEN", None, "2022-04-26"),
    ]


def test_a_cycles_column_counts_every_rows_courses_between_its_start_and_end(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "lines.txt": "Lines of therapy\n\n"
            "No. | Regimen | Start | End | Cycles | Response\n"
            "1 | Decitabine + venetoclax | 05/01/2023 | 20/04/2023 | 4 | PR\n"
            "2 | Gilteritinib | 02/05/2023 | 30/06/2023 | 2 | CRi\n"
        }
    )
    got = [(e.name, e.date, e.confidence < 0.9) for e in kinds(f, "regimen")]
    # the count cell means the same in each row; the courses lie between Start and End: the
    # first began on the start, the last one share of the row's days before the end (doubted)
    assert got == [
        ("DEC+VEN", "2023-01-05", False),
        ("DEC+VEN", None, True),
        ("DEC+VEN", None, True),
        ("DEC+VEN", "2023-03", True),
        ("GILTERITINIB", "2023-05-02", False),
        ("GILTERITINIB", "2023-06", True),
    ]


@pytest.mark.parametrize(
    ("b_drugs", "b_course"),
    [  # hyper-CVAD's B part is high-dose methotrexate with cytarabine: 1B goes on with 1A's
        # regimen, never a made-up cytarabine one; a TKI 1A did not have is a change the
        # table tells: no name is guessed for it, and the drugs' own name stays doubted
        ("MTX/Ara-C + imatinib", ("HYPER-CVAD+IMATINIB", "2021-06-14", True)),
        ("MTX/Ara-C + dasatinib", ("CYTARABINE+DASATINIB", "2021-06-14", False)),
    ],
)
def test_a_b_course_written_by_its_drugs_continues_the_a_courses_regimen(
    facts: Callable[..., CaseFacts], b_drugs: str, b_course: tuple[str, str, bool]
) -> None:
    f = facts(
        {
            "summary.txt": "Discharge summary 30/11/2021\n\nInduction\n"
            "Course | Start | Drugs | Response\n"
            "1A | 17/05/2021 | Hyper-CVAD + imatinib 600 mg od | -\n"
            f"1B | 14/06/2021 | {b_drugs} | CR, BM 19/07/2021\n"
        }
    )
    got = [(e.name, e.date, e.confidence >= 0.9) for e in kinds(f, "regimen")]
    assert got == [("HYPER-CVAD+IMATINIB", "2021-05-17", True), b_course]


def test_a_typed_row_whose_treatment_cell_wraps_over_lines_stays_one_row(
    facts: Callable[..., CaseFacts],
) -> None:
    text = (
        "Date        Day      Given                                         Sign\n"
        "23/09/2024  C1 D1    Decitabine 40 mg IV; venetoclax started\n"
        "                     at 100 mg, rising to 400 mg by D3             MW\n"
        "11/10/2024  -        Donor lymphocyte infusion (DLI) from sibling\n"
        "                     donor, 5 x 10^6 CD3+ cells/kg, given IV\n"
        "                     over 20 min. No reaction observed.            RP\n"
        "08/11/2024  C2 D1    Decitabine 40 mg IV; venetoclax 400 mg OD     MW\n"
    )
    lay = analyse_page(PageText(file="u.txt", page=1, text=text, method="text"))
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    grid = lay.grid(table)
    assert [r[0] for r in grid] == ["Date", "23/09/2024", "11/10/2024", "08/11/2024"]
    assert "5 x 10^6 CD3+ cells/kg" in grid[2][2]
    (dli,) = kinds(facts({"unit.txt": text}), "dli")
    assert (dli.date, dli.dose) == ("2024-10-11", "5 x 10^6 CD3+ cells/kg")


def test_a_new_test_under_a_blank_date_is_not_folded_into_the_row_above() -> None:
    text = (
        "Date        Test     Result\n"
        "14/03/2023  Hb       98\n"
        "            Plt      45\n"
        "21/03/2023  Hb       104\n"
    )
    lay = analyse_page(PageText(file="l.txt", page=1, text=text, method="text"))
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    assert lay.grid(table)[2] == ["", "Plt", "45"]
