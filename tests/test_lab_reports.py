"""Laboratory and molecular reports: signatures, result tables, serial lists, hedged comments."""

from __future__ import annotations

from collections.abc import Callable

from recordkit.models import CaseFacts

Facts = Callable[..., CaseFacts]


def kinds(f: CaseFacts, kind: str) -> list:
    return [e for e in f.events if e.kind == kind]


def values(f: CaseFacts, analyte: str) -> list:
    return [m for m in f.measurements if m.analyte == analyte]


def test_an_abbreviation_inside_a_name_is_no_event(facts: Facts) -> None:
    f = facts(
        {
            "sig.txt": "Dresden, 22.05.2024\n"
            "PD Dr. med. F. Weidlich, Facharzt für Innere Medizin und Hämatologie\n",
            "zh.txt": "2024-03-02 行DLI治疗。\n",
        }
    )
    assert [[s.file for s in e.sources] for e in kinds(f, "dli")] == [["zh.txt"]]


def test_a_column_headers_normaliser_converts_the_columns_values(facts: Facts) -> None:
    f = facts(
        {
            "npm1.txt": "NPM1 RQ-PCR report 03/04/2024\n"
            "Sample date | Material | NPM1mut/10^5 ABL1 | Log reduction\n"
            "19/02/2024 | PB | 410 | 2.9\n"
            "02/04/2024 | BM | 25 | 4.1\n"
        }
    )
    assert sorted((m.value, m.date) for m in values(f, "mrd")) == [
        (0.025, "2024-04-02"),
        (0.41, "2024-02-19"),
    ]


def test_a_bare_number_over_100_is_no_percentage(facts: Facts) -> None:
    f = facts({"pcr.txt": "Report 03/04/2024\nSample date | NPM1 MRD\n19/02/2024 | 410\n"})
    assert [(m.value, m.doubts) for m in values(f, "mrd")] == [
        (None, ("410 without a unit is no percentage",))
    ]
