"""Cumulative count reports padded with spaces but set in a proportional font (text-layer PDFs)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4

from recordkit.layout import BlockKind, analyse_page
from recordkit.models import PageText
from tests.conftest import facts_from_pdf_page, text_pdf, text_pdf_page

# padded for a fixed-pitch font, printed in Helvetica: a space is narrower than a digit, so the
# dates (two spaces apart) run into one another and each row's figures drift left of them
PADDED = [
    "CUMULATIVE HAEMATOLOGY - EASTGATE LABORATORIES",
    "",
    "Collected     05/06/24  12/06/24  19/06/24  26/06/24  03/07/24   Units     Range",
    "WCC           2.8 L     3.9 L     4.6       5.2       6.1        x10^9/L   4.0-11.0",
    "Hb            81 L      88 L      97 L      104 L     112 L      g/L       115-165",
    "Plt           22*       41*       90*       138 L     176        x10^9/L   150-400",
    "Neut          0.6 L               1.9 L     2.4       3.0        x10^9/L   2.0-7.5",
    "",
    "Validated by: K Osei, Senior Scientist",
]


def _page(tmp_path: Path) -> PageText:
    path = tmp_path / "cumulative.pdf"
    return text_pdf_page(
        text_pdf(path, PADDED, font=("Helvetica", 9), left=40, top=A4[1] - 50, leading=12)
    )


def test_each_date_of_a_proportional_header_heads_its_own_column(tmp_path: Path) -> None:
    lay = analyse_page(_page(tmp_path))
    [table] = [b for b in lay.blocks if b.kind is BlockKind.TABLE]
    grid = [[c for c in row if c] for row in lay.grid(table)]
    assert grid[0] == [
        "Collected", "05/06/24", "12/06/24", "19/06/24", "26/06/24", "03/07/24", "Units", "Range"
    ]  # fmt: skip
    assert grid[2][:6] == ["Hb", "81 L", "88 L", "97 L", "104 L", "112 L"]
    # a full row's figures go under the dates in turn, whatever their drift
    dates = {c: t for c, t in enumerate(lay.grid(table)[0]) if "/" in t}
    plt = lay.grid(table)[3]
    assert [plt[c] for c in dates] == ["22*", "41*", "90*", "138 L", "176"]


def test_figures_after_a_blank_are_never_given_another_dates_column(tmp_path: Path) -> None:
    facts = facts_from_pdf_page(_page(tmp_path))
    got = {(m.analyte, m.date): m.value for m in facts.measurements}
    expected = {"2024-06-05": 81.0, "2024-06-12": 88.0, "2024-06-19": 97.0,
                "2024-06-26": 104.0, "2024-07-03": 112.0}  # fmt: skip
    assert {d: v for (a, d), v in got.items() if a == "hb"} == expected
    assert got[("plt", "2024-07-03")] == 176.0
    assert got[("wbc", "2024-06-26")] == 5.2
    # the blank under 12/06 draws the row's later figures left by an unknown share of a
    # column: they are left undated rather than read under the wrong dates
    neut = {d: v for (a, d), v in got.items() if a == "anc"}
    assert neut == {"2024-06-05": 0.6}
    assert all(m.unit for m in facts.measurements)
