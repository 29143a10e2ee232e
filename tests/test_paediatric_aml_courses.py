"""Paediatric AML inductions named by their drugs' letters (AML-BFM, NOPHO, COG, MyeChild)."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


@pytest.mark.parametrize(
    ("told", "name"),
    [
        ("Induktion ADxE (AML-BFM 2017) ab 05.01.2024.", "ADE"),
        ("Induction course 1: ADE 10+3+5 from 05.01.2024.", "ADE"),
        ("05.01.2024 Beginn MAE (Induktion 2).", "MAE"),
        (
            "\nTherapie: ab 05.01.2024 Cytarabin 100 mg/m2 d1-8, liposomales Daunorubicin "
            "(DaunoXome) 80 mg/m2 d3,5,7 und Etoposid 150 mg/m2 d6-8.",
            "ADE",
        ),
        ("\nTherapie: ab 05.01.2024 Mitoxantron, Cytarabin und Etoposid.", "MAE"),
    ],
)
def test_a_paediatric_induction_is_named(facts: Facts, told: str, name: str) -> None:
    f = facts({"a.txt": f"Arztbrief vom 30.04.2024\nDiagnose: AML, ED 02.01.2024.\n{told}\n"})
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [(name, "2024-01-05")]
