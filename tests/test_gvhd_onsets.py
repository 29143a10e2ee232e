"""A GVHD a biopsy confirms began when its organ's signs began, as registries date it."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds

_HEAD = "Transplant clinic note\nDate: 20/07/2024\nMUD allo-SCT on 02/03/2024.\n"


@pytest.mark.parametrize(
    ("told", "organ", "onset"),
    [
        (
            "Pruritic erythematous rash on both palms since 11/06/2024.\n"
            "Skin biopsy on 19/06/2024: consistent with acute GVHD, grade 2.\n",
            "skin",
            "2024-06-11",
        ),
        (
            "Onset of watery diarrhoea was 03/06/2024, 5 litres a day at worst.\n"
            "Colonoscopy 12/06/2024: biopsies consistent with acute gut GVHD.\n",
            "gut",
            "2024-06-03",
        ),
        (
            "S: Itchy rash on both shins since 11/06/2024, a week after DLI (on 04/06/2024).\n"
            "O: Maculopapular rash, 20% BSA.\n"
            "Ix: Punch biopsy 19/06/2024: consistent with acute skin GVHD.\n",
            "skin",
            "2024-06-11",
        ),
        (
            "Onset of watery diarrhoea was 03/06/2024.\n"
            "Sigmoidoscopy on 12/06/2024: biopsies consistent with acute GVHD.\n",
            None,  # no organ named with the GVHD: any organ's signs
            "2024-06-03",
        ),
    ],
)
def test_a_confirmed_gvhd_takes_its_organs_sign_onset_doubted(
    facts: Facts, told: str, organ: str | None, onset: str
) -> None:
    (gvhd,) = kinds(facts({"a.txt": _HEAD + told}), "gvhd")
    assert (gvhd.date, gvhd.organ) == (onset, organ)
    assert gvhd.confidence < 0.9 and any("onset" in d for d in gvhd.doubts)


@pytest.mark.parametrize(
    "before",
    [
        "Fevers since 11/06/2024, cultures negative.\n",  # no sign of the skin
        "Itchy rash since 11/01/2024, treated as eczema.\n",  # long before the finding
    ],
)
def test_an_onset_of_something_else_leaves_the_findings_day(facts: Facts, before: str) -> None:
    told = before + "Skin biopsy on 19/06/2024: consistent with acute GVHD, grade 2.\n"
    (gvhd,) = kinds(facts({"a.txt": _HEAD + told}), "gvhd")
    assert (gvhd.date, gvhd.organ) == ("2024-06-19", "skin")
