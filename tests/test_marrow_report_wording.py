"""Marrow, MRD and chimerism reports: whose date a value takes, and which words state no event."""

from __future__ import annotations

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts


def values(f: CaseFacts, analyte: str) -> list:
    return [m for m in f.measurements if m.analyte == analyte]


def test_a_bracketed_baseline_keeps_its_date_from_the_result(facts: Facts) -> None:
    for aside in ("(420% at diagnosis on 11/14/2022)", "(vs 3.1% at presentation on 11/14/2022)"):
        f = facts({"mrd.txt": f"Collected: 03/06/2023\nNPM1 MRD: 0.08% {aside}.\n"})
        assert [(m.value, m.date) for m in values(f, "mrd")] == [(0.08, "2023-03-06")]
