"""A results table's column headed by an earlier date holds that date's results."""

from __future__ import annotations

from tests.extraction_helpers import Facts

_REPORT = (
    "HILLCREST MOLECULAR LABORATORY\nCHIMERISM ANALYSIS (STR-PCR)\n"
    "Specimen: Peripheral blood, lineage-sorted\nCollected: 03/14/2023\n\n"
    "{header}\nCD3+ T cells | 95 | 5 | 99\nCD33+ myeloid | 88 | 12 | 100\n\n"
    "Interpretation: falling donor chimerism in both fractions.\n"
)


def chimerism(f) -> list:  # type: ignore[no-untyped-def]
    return sorted((m.date, m.value) for m in f.measurements if m.analyte == "chimerism")


def test_a_previous_column_with_its_own_date_gives_that_days_results(facts: Facts) -> None:
    header = "Fraction | Donor % | Recipient % | Previous (11/02/2022)"
    f = facts({"a.txt": _REPORT.format(header=header)})
    assert chimerism(f) == [
        ("2022-11-02", 99.0),
        ("2022-11-02", 100.0),
        ("2023-03-14", 88.0),
        ("2023-03-14", 95.0),
    ]


def test_a_previous_column_naming_no_date_stays_unread(facts: Facts) -> None:
    undated = facts({"a.txt": _REPORT.format(header="Fraction | Donor % | Recipient % | Previous")})
    assert chimerism(undated) == [("2023-03-14", 88.0), ("2023-03-14", 95.0)]
