"""Comma-separated data exports: a header of labels over rows of as many fields is a table."""

from __future__ import annotations

from collections.abc import Callable

from recordkit.layout import BlockKind, analyse_page
from recordkit.models import CaseFacts, PageText


def _layout(text: str):
    return analyse_page(PageText(file="export.csv", page=1, text=text, method="text"))


def test_a_comma_separated_export_is_a_table_with_one_row_per_line() -> None:
    lay = _layout(
        "LIS cumulative export\n"
        "Collected,Test,Result,Units\n"
        "2024-03-04 07:45,WBC,2.6,10^9/L\n"
        '2024-03-04 07:45,"Creatinine, serum",71,umol/L\n'
        "2024-03-11 08:20,PLT,,10^9/L\n"
    )
    [table] = [b for b in lay.blocks if b.kind is BlockKind.TABLE]
    assert lay.grid(table) == [
        ["Collected", "Test", "Result", "Units"],
        ["2024-03-04 07:45", "WBC", "2.6", "10^9/L"],
        ["2024-03-04 07:45", "Creatinine, serum", "71", "umol/L"],
        ["2024-03-11 08:20", "PLT", "", "10^9/L"],
    ]


def test_prose_with_commas_is_no_export() -> None:
    for text in (
        "Seen today, well, no fever.\nPlan: bloods, review, marrow.\n",
        "Leukozyten 48,3/nl am 03.01.2021.\nChimärismus (KM,STR) 05.03.2021 52 %.\n",
    ):
        assert not any(b.kind is BlockKind.TABLE for b in _layout(text).blocks), text


def test_each_exported_value_takes_its_own_rows_date_and_comma_parts_fields(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "labs.txt": "Date,Test,Result,Units\n"
            "2024-02-05,Hb (g/L),91,g/L\n"
            "2024-02-05,PLT,23,10^9/L\n"
            "2024-02-05 09:40,BM ASPIRATE BLASTS,31,%\n"
            "2024-03-01 10:15,MRD FLOW (BM),0.2,%\n"
            "2024-03-01,Hb (g/L),104,g/L\n"
        }
    )
    got = sorted((m.analyte, m.value, m.date, m.unit) for m in f.measurements)
    assert got == [
        ("blasts", 31.0, "2024-02-05", "%"),
        ("hb", 91.0, "2024-02-05", "g/L"),
        ("hb", 104.0, "2024-03-01", "g/L"),
        ("mrd", 0.2, "2024-03-01", "%"),
        ("plt", 23.0, "2024-02-05", "x10^9/L"),  # 23, not 23.10: a comma parts two fields
    ]
    assert all("unit_assumed" not in m.flags for m in f.measurements)
