"""Blood counts as labs and clinic letters write them: differentials beside the absolute
neutrophil count, units in headers, per-microlitre and lakh counts (documents written for these
tests)."""

from __future__ import annotations

import pytest

from recordkit.nlp.lab_tables import read_lab_table
from recordkit.nlp.measurements import Drop, MeasurementFinder
from tests.extraction_helpers import pairs


@pytest.mark.parametrize(
    "text",
    [
        "Neutrophils 45 % lymphocytes 1.3 x10^9/L monocytes 0.5 x10^9/L",
        "Neutrophils 62 % Lymphocytes 2.0",
        "Neut 45 % , Lymph# 1.6",
        "Neutrophils 45%, eosinophils 3%, basophils 0.1",
        "中性粒细胞百分比 40%，淋巴细胞绝对值 1.0×10^9/L",
    ],
)
def test_another_white_cell_after_a_neutrophil_share_is_no_anc(
    finder: MeasurementFinder, text: str
) -> None:
    assert pairs(finder, text) == []


def test_the_absolute_neutrophil_count_beside_a_differential_is_read(
    finder: MeasurementFinder,
) -> None:
    assert pairs(finder, "neutrophils 30% (0.7), lymphs 1.4") == [("anc", 0.7)]
    assert pairs(finder, "Neut% 45 Neut# 1.2 Lymph# 0.9") == [("anc", 1.2)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WBC 10^3/uL 4.4", [("wbc", 4.4)]),
        ("ANC (10^3 cells/uL) 0.7", [("anc", 0.7)]),
        ("WBC (10^3/mm^3) 3.3", [("wbc", 3.3)]),
        ("PLT (x10^3/microL) 61", [("plt", 61.0)]),
        ("Platelets x10^9/L: 45", [("plt", 45.0)]),
        ("WBC 10^3/uL    Hb g/dL    Plt 10^3/uL    ANC 10^3/uL", []),
    ],
)
def test_a_units_power_of_ten_is_never_the_value(
    finder: MeasurementFinder, text: str, expected: list[tuple[str, float]]
) -> None:
    assert pairs(finder, text) == expected


def test_a_value_of_ten_is_still_read_before_its_unit(finder: MeasurementFinder) -> None:
    assert pairs(finder, "WBC 10 x10^9/L, Plt 10*10^9/L") == [("wbc", 10.0), ("plt", 10.0)]


def test_a_header_unit_written_before_the_value_is_the_values(finder: MeasurementFinder) -> None:
    found = finder.find("WBC 10^3/uL 4.4", [(0, 15)], "", [])
    assert [(v.analyte, v.value, v.source_unit) for v in found] == [("wbc", 4.4, "x10^3/uL")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plaquettes 45 000/mm3, leucocytes 3 200/mm3", [("plt", 45.0), ("wbc", 3.2)]),
        ("Thrombozyten 23 000/µl", [("plt", 23.0)]),
        ("ANC 1 200 cells/uL", [("anc", 1.2)]),
    ],
)
def test_a_count_per_microlitre_grouped_by_spaces_is_one_number(
    finder: MeasurementFinder, text: str, expected: list[tuple[str, float]]
) -> None:
    assert pairs(finder, text) == expected


def test_a_table_cell_grouped_by_spaces_takes_its_rows_unit() -> None:
    header = ["Examen", "Résultat", "Unité"]
    rows = [["Plaquettes", "45 000", "/mm3"], ["Leucocytes", "3 200", "/mm3"]]
    got = [(t.mention.analyte, t.mention.value) for t in read_lab_table(header, rows)]
    assert got == [("plt", 45.0), ("wbc", 3.2)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her white count is 4.6 today", [("wbc", 4.6)]),
        ("WBCs 3.9 x10^9/L", [("wbc", 3.9)]),
        ("NEU# 0.4×10^9/L，NEU% 20%", [("anc", 0.4)]),
        ("NE# 0.5 10^9/L", [("anc", 0.5)]),
    ],
)
def test_count_names_as_letters_and_analysers_print_them(
    finder: MeasurementFinder, text: str, expected: list[tuple[str, float]]
) -> None:
    assert pairs(finder, text) == expected


def test_haemoglobin_in_grams_percent_with_an_s(finder: MeasurementFinder) -> None:
    found = finder.find("Hb 8.9 gms%", [(0, 11)], "", [])
    assert [(v.analyte, v.value, v.source_unit) for v in found] == [("hb", 89.0, "g/dL")]


def test_a_bare_neutrophil_number_that_may_be_a_share_is_not_read(
    finder: MeasurementFinder,
) -> None:
    assert pairs(finder, "Differential: Neutrophils 62, Lymphocytes 30, Monocytes 8.") == []
    assert pairs(finder, "中性粒细胞 60") == []
    dropped: list = []
    finder.find("Neutrophils 62", [(0, 14)], "", [], dropped)
    assert [d.reason for d in dropped] == [Drop.SHARE]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ANC 62", 0.062),
        ("Abs. neut 50", 0.05),
        ("Neutrophil count 62", 0.062),
        ("中性粒细胞绝对值 60", 0.06),
        ("Neutrophils 500", 0.5),
    ],
)
def test_an_absolute_count_name_keeps_its_per_microlitre_reading(
    finder: MeasurementFinder, text: str, expected: float
) -> None:
    assert pairs(finder, text) == [("anc", expected)]


@pytest.mark.parametrize(
    ("header", "row"),
    [
        (  # the unit in the column's header, the decimal comma in the Hb column
            ["Tarih", "Leukocytes (/mm³)", "Neutrophils (/µL)", "Hb (g/dL)", "Platelets (/mm3)"],
            ["03.05.2022", "12.400", "0.700", "9,3", "87.000"],
        ),
        (  # the unit in each cell
            ["Tarih", "WBC", "ANC", "Hb", "PLT"],
            ["03.05.2022", "12.400 /mm³", "0.700/µL", "9,3 g/dL", "87.000/mm3"],
        ),
    ],
)
def test_a_table_count_per_microlitre_grouped_by_a_dot_is_whole(
    header: list[str], row: list[str]
) -> None:
    got = [(t.mention.analyte, t.mention.value) for t in read_lab_table(header, [row])]
    assert got == [("wbc", 12.4), ("anc", 0.7), ("hb", 93.0), ("plt", 87.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lysis risk high (WCC climbing, LDH 730).", []),
        ("Platelets falling; CRP 88 today.", []),
        ("WBC up, Cr 140, K 5.9", []),
        ("WBC 3.1, LDH 410, Plt 40", [("wbc", 3.1), ("plt", 40.0)]),
        ("Platelets K/uL 62", [("plt", 62.0)]),
    ],
)
def test_a_value_belongs_to_the_nearest_name_before_it(
    finder: MeasurementFinder, text: str, expected: list[tuple[str, float]]
) -> None:
    assert pairs(finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Given 1 unit red cells (Hb 68). Plt 1 pool.",
        "Platelets: 2 units tonight",
        "Plt 1 bag, PRBC x2",
        "platelets x 2 transfused",
        "Plts 1 adult dose before the line",
    ],
)
def test_a_blood_product_given_is_no_count(finder: MeasurementFinder, text: str) -> None:
    assert [p for p in pairs(finder, text) if p[0] == "plt"] == []


def test_a_count_beside_a_product_given_is_still_read(finder: MeasurementFinder) -> None:
    assert pairs(finder, "Plt 9, 1 pool given; Plt x10^9/L: 31") == [("plt", 9.0), ("plt", 31.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WBC / ANC (PB): 2.6 / 0.9 x10^9/L", [("anc", 0.9), ("wbc", 2.6)]),
        ("Hb / PLT 8.4 g/dL / 35 x10^9/L", [("hb", 84.0), ("plt", 35.0)]),
        ("Hb/Plt 91/27", [("hb", 91.0), ("plt", 27.0)]),
        ("WBC/Hct/Plt 3.4/0.27/51", [("plt", 51.0), ("wbc", 3.4)]),
        ("Hb/Plt 91/27/14", []),
    ],
)
def test_paired_names_take_their_figures_in_order(
    finder: MeasurementFinder, text: str, expected: list[tuple[str, float]]
) -> None:
    assert sorted(pairs(finder, text)) == sorted(expected)


def test_a_table_row_of_paired_names_gives_each_its_figure_and_unit() -> None:
    rows = [["WBC / ANC (PB)", "2.6/0.9 x10^9/L"], ["Hb / PLT (PB)", "8.4 g/dL / 35 x10^9/L"]]
    got = read_lab_table(["Test", "Result"], rows)
    cells = [(v.mention.analyte, v.mention.value, v.mention.source_unit,
              rows[v.row][v.col][v.mention.start : v.mention.end]) for v in got]  # fmt: skip
    assert cells == [
        ("wbc", 2.6, "x10^9/L", "2.6"),
        ("anc", 0.9, "x10^9/L", "0.9 x10^9/L"),
        ("hb", 84.0, "g/dL", "8.4 g/dL"),
        ("plt", 35.0, "x10^9/L", "35 x10^9/L"),
    ]
