"""Blood-count names, units and abbreviations as hospitals in several countries write them
(documents written for these tests)."""

from __future__ import annotations

import pytest

from recordkit.nlp.measurements import MeasurementFinder
from tests.extraction_helpers import Facts, kinds, pairs


@pytest.mark.parametrize(
    "text",
    [
        "FBC 14/03/2023: Hb 84 g/L, HCT 0.25, WCC 2.1",
        "FBC 14/03/2023: Hb 84 g/L, Hct 25%, WCC 2.1",
        "FBC 14/03/2023: Hb 84 g/L, Hct 0.25, WCC 2.1",
        "Full blood count 14/03/2023\nTest | Result | Flag | Units\nHb | 84 | L | g/L\n"
        "HCT | 0.246 | L | L/L\nWCC | 2.1 | L | x10^9/L",
        "Date | Hb | HCT | WCC\n14/03/2023 | 84 | 0.25 | 2.1",
        "Emocromo 14/03/2023\nEsame | Risultato | Unità\nEmoglobina (HGB) | 8,4 | g/dL\n"
        "Ematocrito (HCT) | 24,6°* | %\nGlobuli bianchi (WBC) | 2,1 | 10^3/uL",
        "Blutbild 14.03.2023: Hb 8,4 g/dl, Hämatokrit (HCT) 24 %, Leukozyten 2,1 G/l",
        "NFS 14/03/2023 : Hb 8,4 g/dL ; Hématocrite (HCT) : 24,6 % ; Leucocytes 2,1 G/L",
        "CBC 14/03/2023\nHGB | 8.4 | g/dL\nHCT (Hematocrit) | 24.6 | %\nWBC | 2.1 | x10^9/L",
        "CBC 14/03/2023\nHGB | 8.4 | g/dL\nHCT) | 24.6 | %\nWBC | 2.1 | x10^9/L",
    ],
)
def test_hct_beside_a_count_is_the_haematocrit_not_a_transplant(facts: Facts, text: str) -> None:
    f = facts({"fbc.txt": text})
    assert kinds(f, "transplant") == []
    assert ("wbc", 2.1, "2023-03-14") in [(m.analyte, m.value, m.date) for m in f.measurements]


@pytest.mark.parametrize(
    "text",
    ["Allo-HCT 14/03/2023 from a matched unrelated donor.", "HCT 14.03.2023, engrafted."],
)
def test_hct_in_transplant_prose_is_still_the_transplant(facts: Facts, text: str) -> None:
    assert [e.date for e in kinds(facts({"letter.txt": text}), "transplant")] == ["2023-03-14"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lab 25-04-2023: Hemoglobine 5,4 mmol/l, Leukocyten 4,1 x10^9/l, "
            "Trombocyten 112 x10^9/l, Neutrofielen 2,3 x10^9/l.",
            [("hb", 86.994), ("wbc", 4.1), ("plt", 112.0), ("anc", 2.3)],
        ),
        ("leuko's 3.1, trombo 88, trombocyten 112", [("wbc", 3.1), ("plt", 88.0), ("plt", 112.0)]),
        ("trombo's 45, neutrofiele granulocyten 1,2", [("plt", 45.0), ("anc", 1.2)]),
        ("Verdenking op trombose, trombocyten 112", [("plt", 112.0)]),
    ],
)
def test_dutch_count_names(
    finder: MeasurementFinder, text: str, expected: list[tuple[str, float]]
) -> None:
    assert pairs(finder, text) == expected


def test_portuguese_leucocitos_with_its_accent(finder: MeasurementFinder) -> None:
    text = "Exames 14/03/2023: Leucócitos 2.300/mm³, Hb 8,4 g/dL, Plaquetas 23.000/mm³."
    assert pairs(finder, text) == [("wbc", 2.3), ("hb", 84.0), ("plt", 23.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hb 9,8 g/dL | Leuco 3.700/mm3 | Neutro 2.200/mm3 |\nPlaq 96.000/mm3",
            [("hb", 98.0), ("wbc", 3.7), ("anc", 2.2), ("plt", 96.0)],
        ),
        ("Leucó 6.200/mm3, Plaq. 210.000/mm3", [("wbc", 6.2), ("plt", 210.0)]),
    ],
)
def test_brazilian_count_abbreviations(
    finder: MeasurementFinder, text: str, expected: list[tuple[str, float]]
) -> None:
    assert pairs(finder, text) == expected


@pytest.mark.parametrize(
    "text", ["H/H 8.9/26.1, WBC 3.4, plt 45.", "H&H 8.9 / 26.1, WBC 3.4, plt 45."]
)
def test_us_h_and_h_gives_the_haemoglobin(finder: MeasurementFinder, text: str) -> None:
    assert pairs(finder, text) == [("hb", 89.0), ("wbc", 3.4), ("plt", 45.0)]


def test_japanese_neutrophils(finder: MeasurementFinder) -> None:
    text = "2023年6月2日 血液検査: WBC 2300/μL, Plt 2.3万/μL, 好中球 450/μL, 好中球数 0.45×10^9/L"
    assert pairs(finder, text) == [("wbc", 2.3), ("plt", 23.0), ("anc", 0.45), ("anc", 0.45)]


def _hb(facts: Facts, text: str) -> list[tuple[float | None, tuple[str, ...]]]:
    return [(m.value, m.doubts) for m in facts({"a.txt": text}).measurements if m.analyte == "hb"]


def test_a_dutch_bare_hb_is_in_mmol_per_litre_and_doubted(facts: Facts) -> None:
    [(value, doubts)] = _hb(facts, "Poli 15-03-2023: Hb 5.4, leuko 3.1, trombo 88.")
    assert value == pytest.approx(87.0, abs=0.1)
    assert any("read as mmol/L" in d and "g/dL" in d for d in doubts)
    # a page that writes Hb in mmol/L once reads its bare ones so
    found = _hb(facts, "Lab 15-03-2023: Hb 5,4 mmol/l.\nControl 17-03-2023: Hb 5.9")
    assert [round(v or 0) for v, _ in found] == [87, 95]


def test_a_bare_hb_plausible_in_both_units_stays_g_per_dl_but_is_doubted(facts: Facts) -> None:
    [(value, doubts)] = _hb(facts, "Clinic 15/03/2023: Hb 8.4, WCC 3.1, plt 88.")
    assert value == 84.0
    assert any("read as g/dL" in d and "mmol/L" in d for d in doubts)


def test_a_page_that_writes_hb_in_g_per_dl_leaves_no_unit_doubt(facts: Facts) -> None:
    found = _hb(facts, "Clinic 03/15/2023: Hgb 8.4 g/dL. Repeat 03/16/2023: Hgb 8.1.")
    assert [v for v, _ in found] == [84.0, 81.0]
    assert not any("mmol/L" in d for _, doubts in found for d in doubts)
