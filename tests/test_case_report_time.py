"""Journal case reports: how their prose names treatments and tells time."""

from __future__ import annotations

from collections.abc import Callable

from recordkit.models import CaseFacts

Facts = Callable[..., CaseFacts]


def kinds(f: CaseFacts, kind: str) -> list:
    return [e for e in f.events if e.kind == kind]


def test_a_bracketed_name_after_a_drug_list_is_the_regimen_given(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "She was treated with liposomal daunorubicin and cytarabine (CPX-351) "
            "from 4 May 2021.\nLater she received venetoclax and azacitidine (AZA) from "
            "October 2021.\n"
        }
    )
    assert [e.name for e in kinds(f, "regimen")] == ["CPX-351", "AZA+VEN"]
