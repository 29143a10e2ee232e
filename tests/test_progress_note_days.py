"""Files of daily progress notes: each dated entry heading dates what its note tells."""

from __future__ import annotations

from tests.extraction_helpers import Facts


def _counts(f, analyte: str) -> list[tuple[float, str | None]]:  # type: ignore[no-untyped-def]
    return sorted((m.value, m.date) for m in f.measurements if m.analyte == analyte)


def test_each_marked_ward_round_heading_dates_the_counts_of_its_own_note(facts: Facts) -> None:
    f = facts(
        {
            "notes.txt": "NORTHFIELD INFIRMARY - Haematology ward\n"
            "DAILY NOTES (continuation)\n\n"
            "=== 04/03/2023 08:40  WARD ROUND - Dr Lindqvist ST4 / Dr Osei FY1 ===\n"
            "S: comfortable overnight.\n"
            "   FBC: Hb 91 | WCC 2.2 | Plt 64\n"
            "P: continue fluids.\n\n"
            "=== 06/03/2023 09:05  WARD ROUND - Dr Lindqvist ST4 ===\n"
            "S: sore mouth.\n"
            "   FBC: Hb 86 | WCC 0.9 | Plt 37\n"
            "P: mouthcare.\n"
        }
    )
    assert _counts(f, "wbc") == [(0.9, "2023-03-06"), (2.2, "2023-03-04")]


def test_a_heading_that_counts_the_stay_and_infusion_days_dates_its_note(facts: Facts) -> None:
    f = facts(
        {
            "cart_notes.txt": "RIVERBEND MEDICAL CENTER - Cellular Therapy - Daily Progress Notes\n"
            "05/08/2024  HD 5 / D-2\n"
            "S: no complaints.\n"
            "CBC: WBC 3.6 K/uL, Plt 140 K/uL\n"
            "05/11/2024  HD 8 / D+1 post CAR-T\n"
            "S: fever overnight.\n"
            "CBC: WBC 1.2 K/uL, Plt 96 K/uL\n"
        }
    )
    assert _counts(f, "wbc") == [(1.2, "2024-05-11"), (3.6, "2024-05-08")]


def test_a_date_the_note_books_for_later_never_dates_its_counts(facts: Facts) -> None:
    f = facts(
        {
            "notes.txt": "Haematology daily notes\n"
            "14/06/2022 - HD 10 / CLAG-M D10 - Dr Brandt ST5\n"
            "O: afebrile.\n"
            "Hb 77, WCC 0.2, Plt 12\n"
            "17/06/2022 - HD 13 / MEC D13 - Dr Brandt ST5\n"
            "P: home next week; day 21 marrow ~24/06/2022.\n"
            "Hb 81, WCC 0.6, Plt 20\n"
        }
    )
    assert _counts(f, "wbc") == [(0.2, "2022-06-14"), (0.6, "2022-06-17")]


def test_a_courses_later_day_in_a_note_heading_starts_no_new_course(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic date: 20/10/2022\n"
            "She received CLAG-M cycle 1 starting 05/09/2022 for refractory AML.\n",
            "notes.txt": "Haematology daily notes\n"
            "09/09/2022 - HD 5 / D5 CLAG-M - last day of chemo today - Dr Roy ST3\n"
            "O: well.\n"
            "12/09/2022 - HD 8 / CLAG-M D8 - Dr Roy ST3\n"
            "O: febrile, cultures sent.\n"
            "16/09/2022 - HD 12 / CLAG-M day 12 - Dr Roy ST3\n"
            "O: afebrile.\n",
        }
    )
    courses = [(e.name, e.date) for e in f.events if e.kind == "regimen"]
    assert courses == [("CLAG-M", "2022-09-05")]


def test_a_course_known_only_from_its_later_days_is_dated_by_its_day_one(facts: Facts) -> None:
    f = facts(
        {
            "notes.txt": "Haematology daily notes\n"
            "14/02/2023 - HD 6 / CLAG-M D6 - Dr Ames FY2\n"
            "O: mucositis grade 2.\n"
            "18/02/2023 - HD 10 / CLAG-M D10 - Dr Ames FY2\n"
            "O: febrile neutropenia, piperacillin-tazobactam started.\n",
        }
    )
    courses = [e for e in f.events if e.kind == "regimen"]
    assert [(e.name, e.date) for e in courses] == [("CLAG-M", "2023-02-09")]
    assert courses[0].confidence < 0.9  # worked out, never stated


def test_a_cell_therapy_admissions_service_and_day_count_are_no_transplant(facts: Facts) -> None:
    f = facts(
        {
            "hp.txt": "ADMISSION H&P - CAR-T\n"
            "Admit date: 03/02/2025    HD 1 / D-6    Service: BMT/Cellular Therapy (Blue team)\n"
            "HPI: 52F with relapsed DLBCL-transformed B-ALL after MUD allo-HSCT 05/18/2023, "
            "admitted for lymphodepletion and axicabtagene ciloleucel on D0 03/08/2025.\n",
        }
    )
    assert [e.date for e in f.events if e.kind == "transplant"] == ["2023-05-18"]


def test_a_specimen_collected_then_signed_out_is_dated_by_its_collection(facts: Facts) -> None:
    f = facts(
        {
            "clinic.txt": "Transplant clinic note   Visit date: 03/21/2024\n"
            "Day +100 BONE MARROW (aspirate, collected 03/14/2024; Pathology #P24-5521, "
            "signed 03/15/2024):\n"
            "  Morphology: blasts 2% of nucleated cells.\n"
            "  Chimerism (BM, unsorted): 97% donor.\n",
        }
    )
    got = sorted(
        (m.analyte, m.date) for m in f.measurements if m.analyte in ("blasts", "chimerism")
    )
    assert got == [("blasts", "2024-03-14"), ("chimerism", "2024-03-14")]
