"""Tables of a repeated treatment: each body row one infusion or course, on its row's date."""

from __future__ import annotations

from collections.abc import Callable

from recordkit.models import CaseFacts
from tests.extraction_helpers import kinds


def test_a_dli_table_gives_one_dated_infusion_per_row_with_its_dose(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 20/09/2022\nDonor lymphocyte infusions\n\n"
            "DLI | Date | Dose (CD3+/kg)\n"
            "1 | 01/03/2022 | 1 x10^6\n"
            "2 | 05/04/2022 | 5 x10^6\n"
            "3 | 10/05/2022 | 1 x10^7\n"
            "4 |  | 1 x10^7\n"
            "5 | due 12/10/2022 | 1 x10^7\n"
        }
    )
    # the header's and the heading's mention are these infusions, not one undated more;
    # a row with no date, or one not yet given, is no infusion
    assert [(e.date, e.dose, e.confidence >= 0.9) for e in kinds(f, "dli")] == [
        ("2022-03-01", "1 x10^6 CD3+/kg", True),
        ("2022-04-05", "5 x10^6 CD3+/kg", True),
        ("2022-05-10", "1 x10^7 CD3+/kg", True),
    ]


def test_a_cycle_table_under_a_regimen_heading_gives_its_numbered_courses(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "review.txt": "Review 20/09/2023\n\nConsolidation HiDAC\n\n"
            "Cycle | Start date | Comment\n"
            "1 | 10.03.2023 | uneventful\n"
            "2 | 14.04.2023 | delayed by a line infection\n"
            "3 | planned 20.05.2023 | \n"
        }
    )
    assert [(e.name, e.date, e.cycle) for e in kinds(f, "regimen")] == [
        ("HiDAC", "2023-03-10", 1),
        ("HiDAC", "2023-04-14", 2),
    ]


def test_a_table_of_results_by_date_makes_no_treatment_of_its_rows(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "letter.txt": "Letter 20/09/2022\nMRD after DLI\n\n"
            "Date | MRD | Chimerism\n"
            "01/03/2022 | 0.1% | 95%\n"
            "05/04/2022 | negative | 100%\n"
        }
    )
    assert all(e.date is None for e in kinds(f, "dli"))
    assert [(m.analyte, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        ("mrd", "2022-03-01"),
        ("mrd", "2022-04-05"),
    ]


def test_a_regimen_field_that_goes_on_with_the_cycle_length_still_names_the_table(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "cycles.txt": "Regimen: Aza/Ven, 28-day cycles\n"
            "Cycle | Day 1\n"
            "C1 | 22/03/2024\n"
            "C2 | 22/04/2024\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("AZA+VEN", "2024-03-22"),
        ("AZA+VEN", "2024-04-22"),
    ]


def test_a_comment_changing_one_drugs_schedule_is_a_dose_note_not_a_course(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "cycles.txt": "Regimen: Aza/Ven\n"
            "Cycle | Day 1 | Comments\n"
            "C1 | 22/03/2024 | aza 5 days\n"
            "C2 | 22/04/2024 | venetoclax reduced to 100 mg\n"
            "C3 | 22/05/2024 | dose-reduced aza\n"
            "C4 | 21/06/2024 | \n"
        }
    )
    # the note neither renames its row's course nor lends the drug to the rows below
    assert [(e.name, e.date, e.cycle) for e in kinds(f, "regimen")] == [
        ("AZA+VEN", "2024-03-22", 1),
        ("AZA+VEN", "2024-04-22", 2),
        ("AZA+VEN", "2024-05-22", 3),
        ("AZA+VEN", "2024-06-21", 4),
    ]


def test_drugs_heading_a_cycle_tables_columns_name_its_regimen_and_no_course(
    facts: Callable[..., CaseFacts],
) -> None:
    table = (
        "Cycle | Day 1 | Azacitidine | Venetoclax\n"
        "C1 | 22/03/2024 | 75 mg/m2 d1-7 | 400 mg d1-28\n"
        "C2 | 22/04/2024 | 75 mg/m2 d1-7 | 400 mg d1-21\n"
    )
    courses = [("AZA+VEN", "2024-03-22", 1), ("AZA+VEN", "2024-04-22", 2)]
    for text in (table, "Regimen: Azacitidine + Venetoclax\n" + table):
        f = facts({"cycles.txt": text})
        # the header row is no mention of azacitidine, and its 'Day 1' no day count
        assert [(e.name, e.date, e.cycle) for e in kinds(f, "regimen")] == courses


def test_a_log_titled_by_its_treatment_lists_one_dose_per_numbered_row(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "log.txt": "NORTHFIELD CELL THERAPY SERVICE\nDONOR LYMPHOCYTE INFUSION RECORD\n\n"
            "Patient: Test Person    MRN: 000111\n"
            "Donor: brother (matched sibling)\n\n"
            " #    Date          Dose (CD3+/kg)   Product   Notes\n"
            " 1    12-Mar-2022   5 x 10^5         frozen    no reaction\n"
            " 2    20-Apr-2022   1 x 10^6         frozen    no reaction\n"
            " 3    -             5 x 10^6         -         NOT GIVEN - skin rash\n"
        }
    )
    assert [(e.date, e.dose) for e in kinds(f, "dli")] == [
        ("2022-03-12", "5 x 10^5 CD3+/kg"),
        ("2022-04-20", "1 x 10^6 CD3+/kg"),
    ]


def test_a_numbered_table_under_a_title_naming_its_treatment_as_a_time_lists_no_doses(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "c.txt": "Letter 20/09/2022\nCHIMERISM AFTER DLI\n\n"
            "No. | Date | Whole blood\n"
            "1 | 01/03/2022 | 95%\n"
            "2 | 05/04/2022 | 100%\n"
        }
    )
    assert all(e.date is None for e in kinds(f, "dli"))


def test_a_dose_header_writing_its_unit_after_its_word_gives_each_infusion_its_dose(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "record.txt": "Cell therapy day unit, 30/05/2023\n\n"
            "DLI | Date given | Dose CD3+/kg | Reaction\n"
            "1 | 21/02/2023 | 1 x 10^5 | nil\n"
            "2 | 22/03/2023 | 5 x 10^5 | nil\n"
        }
    )
    assert [(e.date, e.dose) for e in kinds(f, "dli")] == [
        ("2023-02-21", "1 x 10^5 CD3+/kg"),
        ("2023-03-22", "5 x 10^5 CD3+/kg"),
    ]
