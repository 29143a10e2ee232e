"""A GVHD's organs: words of their own language, read whole, and not the organs it spares."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds

_LETTER = "Entlassbrief vom 20.08.2023\nAllogene SZT am 10.06.2023.\n"


@pytest.mark.parametrize(
    "told",
    [
        "Ab Tag +20 fleckiges Exanthem am Rücken, bioptisch GvHD, gutes Ansprechen auf Steroide.",
        "Ab Tag +20 akute GvHD der Haut Grad II; keine Leber- oder Darmbeteiligung.",
        "Ab Tag +20 akute GvHD Grad II der Haut, ohne Darmbefall, gute Besserung unter Steroiden.",
    ],
)
def test_a_german_gvhd_is_of_the_skin_alone(facts: Facts, told: str) -> None:
    f = facts({"a.txt": f"{_LETTER}{told}\n"})
    assert sorted({e.organ for e in kinds(f, "gvhd")}) == ["skin"]


@pytest.mark.parametrize(
    "told",
    [
        "Ab Tag +40 akute GvHD der Leber mit Ikterus, keine Darmbeteiligung.",
        "Ab Tag +40 akute GvHD der Leber, ohne Haut- oder Darmbefall.",
    ],
)
def test_an_organ_the_letter_denies_is_not_involved(facts: Facts, told: str) -> None:
    f = facts({"a.txt": f"{_LETTER}{told}\n"})
    assert sorted({e.organ for e in kinds(f, "gvhd")}) == ["liver"]


def test_a_german_compound_still_names_its_organ(facts: Facts) -> None:
    f = facts({"a.txt": f"{_LETTER}Ab Tag +30 akute GvHD mit Darmbeteiligung, Grad III.\n"})
    assert [e.organ for e in kinds(f, "gvhd")] == ["gut"]
