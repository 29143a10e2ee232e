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

