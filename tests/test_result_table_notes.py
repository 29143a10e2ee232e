"""A results table's note column times each sample by a treatment; it tells no course given."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_results_tables_note_column_names_time_points_not_courses(facts: Facts) -> None:
    f = facts(
        {
            "npm1.txt": "Molecular Haematology - NPM1 type A MRD, serial report\n"
            "Sample date | Material | NPM1 MRD (%) | Remarks\n"
            "02/02/2023 | BM | 0.45 | On azacitidine\n"
            "14/04/2023 | PB | 0.08 | post FLAG-IDA\n"
            "30/06/2023 | BM | 0.02 | End of venetoclax C3\n"
        }
    )
    # each remark says when the sample was taken: no course on the row's date, nor an undated one
    assert kinds(f, "regimen") == []
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        (0.45, "2023-02-02"),
        (0.08, "2023-04-14"),
        (0.02, "2023-06-30"),
    ]


def test_a_treatment_tables_comment_column_still_leaves_its_courses(facts: Facts) -> None:
    f = facts(
        {
            "history.txt": "Treatment summary\n"
            "Date | Regimen | Comments\n"
            "05/01/2023 | FLAG-IDA | neutropenic sepsis day 12\n"
            "20/02/2023 | HiDAC | CR, MRD 0.01%\n"
        }
    )
    # the rows name their treatments outside the comment column: they are courses
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("FLAG-IDA", "2023-01-05"),
        ("HiDAC", "2023-02-20"),
    ]
