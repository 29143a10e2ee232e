"""MeasurementFinder on small texts written for these tests: names, units, flags, context."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recordkit.nlp.measurements import MeasurementFinder, ValueMention
from recordkit.nlp.rules import load_rules


def found(finder: MeasurementFinder, text: str, head: str = "") -> list[ValueMention]:
    """Values in `text`, each line one sentence."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return finder.find(text, spans, head, [])


def pairs(finder: MeasurementFinder, text: str, head: str = "") -> list[tuple[str, float | None]]:
    return [(v.analyte, v.value) for v in found(finder, text, head)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("WCC 3.4 x10^9/L", ("wbc", 3.4)),
        ("TLC 4500 /cumm", ("wbc", 4.5)),
        ("Total leucocyte count: 11,200 cells/cumm", ("wbc", 11.2)),
        ("Leukozyten 3,4 G/l", ("wbc", 3.4)),
        ("Leuko 5,1 /nl", ("wbc", 5.1)),
        ("WBC 2.8 thou/uL", ("wbc", 2.8)),
        ("WBC 12.1 x10E9/L", ("wbc", 12.1)),
        ("白细胞 3.2×10⁹/L", ("wbc", 3.2)),
        ("Platelets 1.5 lakhs/cumm", ("plt", 150.0)),
        ("Platelet count 1,50,000 /cumm", ("plt", 150.0)),
        ("Thrombozyten 45 G/l", ("plt", 45.0)),
        ("Thrombos 120 /nl", ("plt", 120.0)),
        ("Plt 88 K/uL", ("plt", 88.0)),
        ("血小板 25×10^9/L", ("plt", 25.0)),
        ("PLT 140 10*9/L", ("plt", 140.0)),
        ("Hb 7,2 g/dl", ("hb", 72.0)),
        ("Hgb 9.4 g/dL", ("hb", 94.0)),
        ("Hämoglobin 10,1 g/dl", ("hb", 101.0)),
        ("血红蛋白 86 g/L", ("hb", 86.0)),
        ("Hb 11.2 gm%", ("hb", 112.0)),
        ("ANC 1.9 x10^9/L", ("anc", 1.9)),
        ("neut 0.4", ("anc", 0.4)),
        ("Neutrophils (absolute) 2.10 x10^3/uL", ("anc", 2.1)),
        ("Neutrophile 1,2 G/l", ("anc", 1.2)),
        ("中性粒细胞绝对值 0.85×10^9/L", ("anc", 0.85)),
    ],
)
def test_names_and_units_hospitals_write(
    finder: MeasurementFinder, text: str, want: tuple[str, float]
) -> None:
    assert pairs(finder, text) == [want]


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Hb 72 L g/L", "L"),
        ("WBC 39.5 H x10^9/L", "H"),
        ("Platelets 64* x10^9/L", "*"),
        ("Neutrophils 0.4 ↓ x10^9/L", "↓"),
        ("WBC 15.2 (H) x10^9/L", "H"),
        ("Platelets 8 LL x10^9/L", "LL"),
    ],
)
def test_a_flag_between_value_and_unit(finder: MeasurementFinder, text: str, flag: str) -> None:
    (v,) = found(finder, text)
    assert flag in v.flags and v.source_unit is not None and v.value is not None


def test_reference_ranges_in_a_column_or_brackets_are_not_values(
    finder: MeasurementFinder,
) -> None:
    text = "Haemoglobin 101 g/L 115-165\nWBC 2.2 x10^9/L (4.0-11.0)\nNormal range: Hb 120-160 g/L"
    assert pairs(finder, text) == [("hb", 101.0), ("wbc", 2.2)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("WBC (normal <11 x10^9/L): 3.2", ("wbc", 3.2)),
        ("Hb (ref 130-170 g/L): 96", ("hb", 96.0)),
        ("Platelets [150-400]: 23", ("plt", 23.0)),
        ("ANC (NR 2.0-7.5): 0.4", ("anc", 0.4)),
        ("WBC (RR 4-11): 5.1", ("wbc", 5.1)),
        ("Plt (range 150-400): 44", ("plt", 44.0)),
    ],
)
def test_a_reference_bracket_after_the_name_is_stepped_over_to_the_value(
    finder: MeasurementFinder, text: str, want: tuple[str, float]
) -> None:
    assert pairs(finder, text) == [want]


def test_a_value_read_through_a_decimal_comma_range_column(finder: MeasurementFinder) -> None:
    assert pairs(finder, "Leukozyten 2,9 G/l 4,0-10,0") == [("wbc", 2.9)]


@pytest.mark.parametrize(
    ("text", "value", "flag"),
    [
        ("MRD 7.1E-04", 0.071, None),
        ("MRD 7.1 x 10^-4", 0.071, None),
        ("MRD 7,1E-4", 0.071, None),
        ("MRD <0.01%", 0.0, "below_detection"),
        ("MRD not detected", 0.0, "negative"),
        ("MRD 0.32% by flow", 0.32, None),
        ("NPM1 mut/ABL1 0.045 %", 0.045, None),
        ("BCR-ABL1 IS 0.12%", 0.12, None),
        ("NPM1 mutant transcripts 35 copies/10^4 ABL", 0.35, None),
        ("BCR-ABL1 PCR was negative", 0.0, "negative"),
    ],
)
def test_mrd_forms(finder: MeasurementFinder, text: str, value: float, flag: str | None) -> None:
    (v,) = found(finder, text)
    assert v.analyte == "mrd" and v.value == pytest.approx(value)
    assert flag is None or flag in v.flags


def test_a_percentage_is_not_an_absolute_count(finder: MeasurementFinder) -> None:
    assert pairs(finder, "Neutrophils 62 %") == []
    assert pairs(finder, "Neutrophils 62 % 2.1 x10^9/L") == [("anc", 2.1)]
    assert pairs(finder, "中性粒细胞百分比 71.2%") == []


def test_a_unit_of_another_analyte_gives_an_error_not_a_value(finder: MeasurementFinder) -> None:
    (v,) = found(finder, "Hb 9.1 x10^9/L")
    assert v.value is None and v.error and "does not fit" in v.error


def test_chimerism_is_the_overall_donor_share(finder: MeasurementFinder) -> None:
    (v,) = found(finder, "Chimerism: recipient 0.9 %")
    assert (v.value, v.raw) == (99.1, "0.9 %") and "derived" in v.flags
    assert pairs(finder, "Donor chimerism 97.5 %") == [("chimerism", 97.5)]
    assert pairs(finder, "full donor chimerism (100%)") == [("chimerism", 100.0)]
    assert pairs(finder, "Interpretation: mixed chimerism, increasing.") == []
    assert pairs(finder, "Recipient chimerism 12 %") == [("chimerism", 88.0)]


def test_a_single_str_locus_is_not_the_overall(finder: MeasurementFinder) -> None:
    text = (
        "Chimerism analysis, locus results:\n"
        "D8S1179 chimerism 96 %\nTH01 donor 95.5 %\nvWA chimerism 97 %\n"
        "Amelogenin chimerism 98 %\nOverall donor chimerism: 96.8 %"
    )
    assert pairs(finder, text) == [("chimerism", 96.8)]


def test_marrow_blasts_only_from_marrow_morphology(finder: MeasurementFinder) -> None:
    head = "BONE MARROW ASPIRATE REPORT"
    assert pairs(finder, "Blasts (aspirate, 500-cell differential) 64%", head) == [("blasts", 64.0)]
    assert pairs(finder, "Peripheral blood blasts 23%", head) == []
    assert pairs(finder, "Blasts in PB 12 %", head) == []
    assert pairs(finder, "CD34+ blasts 12 % of CD45+ events", head) == []
    assert pairs(finder, "aberrant population 8% blasts by flow cytometry", head) == []
    assert pairs(finder, "Blasts 30 %", "FULL BLOOD COUNT") == []


@pytest.mark.parametrize(
    "text",
    [
        "Bone marrow 03/19/2021: 91% blasts (CD19+, CD10+).",
        "Bone marrow 03/19/2021: 91% blasts (CD34+).",
        "Bone marrow biopsy showed 91% lymphoblasts (CD19+, CD10+, TdT+).",
        "Bone marrow: blasts 91% (CD34 positive, HLA-DR dim)",
    ],
)
def test_a_bracketed_immunophenotype_after_marrow_blasts_keeps_the_count(
    finder: MeasurementFinder, text: str
) -> None:
    assert pairs(finder, text) == [("blasts", 91.0)]


def test_a_bracket_naming_flow_still_makes_a_flow_population(finder: MeasurementFinder) -> None:
    assert pairs(finder, "Bone marrow: 2% blasts (CD34+ by flow)") == []


def test_blasts_on_a_blood_count_line_are_blood_under_a_marrow_head(
    finder: MeasurementFinder,
) -> None:
    # a US marrow report prints the same day's blood count in its head
    head = "Specimen: Bone marrow aspirate"
    cbc = "CBC (10/22/2022): WBC 4.6 x10^3/uL, blasts 12%"
    assert pairs(finder, cbc, head) == [("wbc", 4.6)]
    assert pairs(finder, "WBC 4.6 x10^3/uL, peripheral blasts 12%", head) == [("wbc", 4.6)]
    assert pairs(finder, "FBC: Hb 85 g/L, blasts 12%", head) == [("hb", 85.0)]
    # a marrow named after the blood count on its line is the marrow's count
    text = "CBC unremarkable; bone marrow aspirate: blasts 45%"
    assert pairs(finder, text, head) == [("blasts", 45.0)]


def test_blasts_in_a_blood_field_opened_mid_line_are_blood(finder: MeasurementFinder) -> None:
    # a marrow report's 'Peripheral blood:' field may follow its title's sentence on one line
    head = "BONE MARROW ASPIRATE REPORT"
    text = "Bone marrow aspirate 16/04/2023. Peripheral blood: Hb 7.1 g/dL, blasts 61%."
    assert pairs(finder, text, head) == [("hb", 71.0)]
    text = "Collected 16/04/2023   PB (same day): Hb 7.1 g/dL, WCC 3.1 x10^9/L, blasts 22%"
    assert pairs(finder, text, head) == [("hb", 71.0), ("wbc", 3.1)]
    # the field ends where the marrow's own field opens
    text = "Peripheral blood: Hb 7.1 g/dL. Aspirate: blasts 58%."
    assert pairs(finder, text, head) == [("hb", 71.0), ("blasts", 58.0)]


def test_a_blood_panel_named_mid_line_makes_its_blasts_blood(finder: MeasurementFinder) -> None:
    head = "BONE MARROW ASPIRATE REPORT"
    assert pairs(finder, "Labs: CBC WBC 4.6 x10^9/L, blasts 12%.", head) == [("wbc", 4.6)]
    text = "Clinical: recent full blood count Hb 9.1 g/dL, blasts 12%."
    assert pairs(finder, text, head) == [("hb", 91.0)]
    # a field that names the marrow too keeps the marrow's count; a blood word is no panel
    text = "Indication: abnormal FBC; aspirate shows blasts 40%."
    assert pairs(finder, text, head) == [("blasts", 40.0)]
    text = "Morphology: aspirate, blood mixed, blasts 40%."
    assert pairs(finder, text, head) == [("blasts", 40.0)]


def test_a_line_opening_on_a_blood_word_in_prose_labels_nothing(
    finder: MeasurementFinder,
) -> None:
    # only a label names a line's specimen: a field's name before its colon, or a panel's
    head = "BONE MARROW ASPIRATE REPORT"
    text = "Blood counts recovered, blasts 2%."
    assert pairs(finder, text, head) == [("blasts", 2.0)]
    assert pairs(finder, "Blood counts: Hb 10.1 g/dL, blasts 2%.", head) == [("hb", 101.0)]
    assert pairs(finder, "FBC Hb 10.1 g/dL, blasts 2%.", head) == [("hb", 101.0)]


def test_blood_and_marrow_named_as_one_specimen_keep_a_doubted_marrow_count(
    finder: MeasurementFinder,
) -> None:
    head = "BONE MARROW ASPIRATE REPORT"
    for text in ("Peripheral blood and bone marrow: blasts 40%", "BM/PB: blasts 40%"):
        (v,) = found(finder, text, head)
        assert (v.analyte, v.value, v.flags) == ("blasts", 40.0, ("mixed_specimen",))
    # each specimen in a clause of its own keeps its own count
    text = "Bone marrow: blasts 40%; peripheral blood blasts 12%"
    (v,) = found(finder, text, head)
    assert (v.value, v.flags) == (40.0, ())


def test_a_marrow_transplant_unit_is_no_marrow_specimen(finder: MeasurementFinder) -> None:
    # a letterhead's department names marrow; a blood count's blasts under it stay blood's
    cbc = "CBC (08.03.2023): TLC 86,400/cumm with 62% blasts."
    heads = ("Bone Marrow Transplant Unit", "BMT Centre, Riyadh", "Marrow Transplant Programme")
    for head in heads:
        assert ("blasts", 62.0) not in pairs(finder, cbc, head)
    marrow = "Bone marrow aspirate: 62% blasts."
    assert ("blasts", 62.0) in pairs(finder, marrow, "Bone Marrow Transplant Unit")


def test_a_percentage_of_medullary_or_myeloid_blasts(finder: MeasurementFinder) -> None:
    head = "Myelogram 26/03/2021"
    assert pairs(finder, "72% of medullary blasts.", head) == [("blasts", 72.0)]
    assert pairs(finder, "64 % medullary blasts", head) == [("blasts", 64.0)]
    assert pairs(finder, "72% of myeloid blasts", head) == [("blasts", 72.0)]
    assert pairs(finder, "Peripheral blood: 23% myeloid blasts", head) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ANC recovered to 1.1 x10^9/L on 17-Feb-2022.", [("anc", 1.1)]),
        ("Platelets recovered to 95 x10^9/L", [("plt", 95.0)]),
        ("ANC recovered to >0.5 x10^9/L on day +18", []),
        ("Neutrophil recovery on day +18", []),
        ("On 17-Feb-2022 presented leucocytosis of 48.6 x 10^9/L.", [("wbc", 48.6)]),
        ("hyperleukocytosis of 148.000/mm3", [("wbc", 148.0)]),
    ],
)
def test_a_count_recovered_to_a_value_and_a_leucocytosis_of_one(
    finder: MeasurementFinder, text: str, want: list
) -> None:
    assert pairs(finder, text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Hémogramme: leucocytes 1,2 G/L, PNN 0,3 G/L, plaquettes",
            [("wbc", 1.2), ("anc", 0.3)],
        ),
        ("PMN 0,3 x 10^9/L", [("anc", 0.3)]),
        ("GB 1,2 G/L, Hb 8,1 g/dL", [("wbc", 1.2), ("hb", 81.0)]),
        ("GB: 4,5 G/L", [("wbc", 4.5)]),
        ("PMN 65 %", []),
        ("GB wall 3 mm, gb 4.5", []),
    ],
)
def test_french_and_spanish_count_abbreviations(
    finder: MeasurementFinder, text: str, want: list
) -> None:
    assert pairs(finder, text) == want


@pytest.mark.parametrize(
    "text",
    [
        "CD34+ dose 5.2 x10^6/kg; neutrophils engrafted on day +14",
        "Neutrophil engraftment (ANC >0.5 x10^9/L x3 days)",
        "Platelet engraftment (>20 x10^9/L unsupported)",
        "Cytarabine 100 mg/m2 d1-7; platelets transfused",
        "Karyotype 46,XY,t(8;21)[20]; CD33 positive blasts",
        "Patient: A. Example DOB: 12/04/1961 Hb",
        "Page 2 Hb",
        "血小板于+29天植入",
        "Platelet count 2+ on the film",
    ],
)
def test_doses_thresholds_days_karyotypes_are_not_values(
    finder: MeasurementFinder, text: str
) -> None:
    assert pairs(finder, text, "BONE MARROW") == []


def test_a_date_between_name_and_value_is_stepped_over(finder: MeasurementFinder) -> None:
    assert pairs(finder, "Donor chimerism on 10-AUG-2021: 96.9%") == [("chimerism", 96.9)]
    assert pairs(finder, "NPM1 MRD on 31.07.2020 was 0.049%") == [("mrd", 0.049)]


def test_a_cumulative_row_takes_its_unit_from_the_unit_column(finder: MeasurementFinder) -> None:
    (v,) = found(finder, "Haemoglobin 6.5* 11.8 11.6 g/dL 11.5-16.5")
    assert (v.value, v.source_unit, v.flags) == (65.0, "g/dL", ("*",))


def test_a_bare_small_haemoglobin_is_read_in_g_per_dl(finder: MeasurementFinder) -> None:
    (v,) = found(finder, "Hemoglobin 6.2")
    assert v.value == 62.0 and "unit_assumed" in v.flags


def test_unit_factors_agree_with_pint() -> None:
    from recordkit.values import check_factors

    assert check_factors(load_rules().analytes) == []


def test_a_fusion_not_detected_at_diagnosis_is_not_mrd(finder: MeasurementFinder) -> None:
    assert pairs(finder, "B-ALL - 46,XX; BCR-ABL1 not detected") == []
    assert pairs(finder, "BCR-ABL1 quantitative PCR: not detected") == [("mrd", 0.0)]


@pytest.mark.parametrize(
    "text",
    [
        "13/09/2023: BCR-ABL1 undetectable (MR4.5).",
        "BCR-ABL1 on 13/09/2023: undetectable.",
        "p190 BCR::ABL1 on 09/05/2023: not detected (sensitivity 0.001%).",
        "BCR-ABL1 not detected (MR4.5)",
        "e13a2 BCR-ABL1 not detected",
    ],
)
def test_a_monitored_transcript_not_detected_is_a_negative_molecular_result(
    finder: MeasurementFinder, text: str
) -> None:
    """A transcript type, 'undetectable' or a response level beside it says it was measured."""
    assert pairs(finder, text) == [("mrd", 0.0)]


def test_a_molecular_response_level_is_no_value(finder: MeasurementFinder) -> None:
    assert pairs(finder, "BCR-ABL1 in MR4.5 since 2021") == []
    assert pairs(finder, "BCR-ABL1 0.0032% (MR4.5)") == [("mrd", 0.0032)]


@pytest.mark.parametrize(
    "text",
    [
        "FISH BCR::ABL1 positive in 88% of nuclei",
        "BCR::ABL1 FISH positive in 88% of interphase nuclei",
        "FISH for BCR::ABL1: 88%",
        "FISH: BCR::ABL1 fusion detected in 40% of 200 nuclei.",
        "FISH showed BCR::ABL1 positive in 40%.",
        "BCR::ABL1 fusion positive in 40% of interphase cells",
    ],
)
def test_a_fish_share_of_nuclei_is_no_transcript_level(
    finder: MeasurementFinder, text: str
) -> None:
    assert pairs(finder, text) == []


def test_a_transcript_level_beside_its_fish_is_kept(finder: MeasurementFinder) -> None:
    text = "BCR::ABL1 0.5% of ABL1 transcripts; FISH negative"
    assert pairs(finder, text) == [("mrd", 0.5)]
    text = "Interphase FISH: BCR::ABL1 fusion in 40% of nuclei; RT-PCR BCR::ABL1/ABL1 0.5% IS"
    assert pairs(finder, text) == [("mrd", 0.5)]
    text = "FLT3-ITD negative and NPM1/ABL1 0.8%"  # a test joined to it is not its method
    assert pairs(finder, text) == [("mrd", 0.8)]


def test_ocr_spelling_of_peripheral_blood_still_excludes_blasts(
    finder: MeasurementFinder,
) -> None:
    assert pairs(finder, "Peripherat blood blasts | 26% |", "BONE MARROW") == []


def test_a_scans_comma_inside_a_table_rows_label_does_not_hide_peripheral_blood(
    finder: MeasurementFinder,
) -> None:
    assert pairs(finder, "Peripheral, blood blasts | , | 22% | low", "BONE MARROW") == []
    assert pairs(finder, "Marrow blasts | 22% |", "BONE MARROW") == [("blasts", 22.0)]
    assert pairs(finder, "Blasts 22%, peripheral blood normal", "BONE MARROW") == [
        ("blasts", 22.0)
    ]  # prose: the next clause speaks of the blood, not of these blasts


def test_a_wrong_unit_factor_is_reported() -> None:
    from recordkit.values import check_factors

    rules = load_rules().analytes
    wbc = rules.analytes["wbc"].model_copy(update={"units": {"x10^9/L": 1, "/uL": 1.0}})
    bad = rules.model_copy(update={"analytes": {"wbc": wbc}})
    assert check_factors(bad) == ["wbc: /uL -> x10^9/L is 0.001, not 1"]


def test_a_rule_folder_with_a_wrong_unit_factor_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import shutil
    from importlib import resources

    from recordkit.exceptions import InvalidRulesError

    shipped = Path(str(resources.files("recordkit.rules")))
    folder = Path(shutil.copytree(shipped, tmp_path / "rules"))
    analytes = json.loads((folder / "analytes.json").read_text(encoding="utf-8"))
    assert analytes["analytes"]["wbc"]["units"]["/uL"] == 0.001
    analytes["analytes"]["wbc"]["units"]["/uL"] = 1
    (folder / "analytes.json").write_text(json.dumps(analytes), encoding="utf-8")
    with pytest.raises(InvalidRulesError, match=re.escape("/uL -> x10^9/L is 0.001, not 1")):
        load_rules(str(folder))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Hb 9.6 gm/dl, TLC 4,500 /cumm, Platelets 1.2 lakhs",
            [("hb", 96.0), ("wbc", 4.5), ("plt", 120.0)],
        ),
        ("Total WBC count 6200 cells/cumm", [("wbc", 6.2)]),
        ("Hb% 9.6", [("hb", 96.0)]),
        ("Leukozyten 3.400/µl", [("wbc", 3.4)]),
        ("Neutrophils 62 % (absolute 1.8)", [("anc", 1.8)]),
        ("MRD level 10^-4", [("mrd", 0.01)]),
        ("BCR::ABL1 (IS) = 0.0032%", [("mrd", 0.0032)]),
        ("Chimerism analysis: 2.5% recipient DNA", [("chimerism", 97.5)]),
    ],
)
def test_prose_forms(finder: MeasurementFinder, text: str, want: list) -> None:
    assert pairs(finder, text) == want


def test_chinese_comma_ends_a_clause(finder: MeasurementFinder) -> None:
    text = "外周血原始细胞5%，骨髓原始细胞40%"
    assert pairs(finder, text.replace("，", ","), "骨髓") == [("blasts", 40.0)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("WBC 2.8 (L) 4.5 - 11.0 K/uL", ("wbc", 2.8)),
        ("ANC 500", ("anc", 0.5)),
        ("Platelets 1.5 lakhs/curnm", ("plt", 150.0)),
        ("TLC 5.6 X10^3/cumm", ("wbc", 5.6)),
        ("WBC 4.1 X 10^9/L", ("wbc", 4.1)),
    ],
)
def test_mychart_rows_and_ocr_units(
    finder: MeasurementFinder, text: str, want: tuple[str, float]
) -> None:
    (v,) = found(finder, text)
    assert (v.analyte, v.value) == want


def test_the_unit_after_a_reference_range_on_the_row_is_used(finder: MeasurementFinder) -> None:
    (v,) = found(finder, "Hemoglobin 9.4 (L) 12.0 - 15.5 g/dL")
    assert (v.value, v.source_unit, v.flags) == (94.0, "g/dL", ("L",))


def test_mrd_negative_as_the_depth_of_a_remission_is_not_a_second_value(
    finder: MeasurementFinder,
) -> None:
    text = "Marrow showed MRD negative (<0.01%), consistent with MRD-negative complete remission."
    (v,) = found(finder, text)
    assert (v.analyte, v.value, v.raw) == ("mrd", 0.0, "negative")
    assert pairs(finder, "MRD-negative CR was reached.") == []
    assert pairs(finder, "MRD-negative CR on day 28 (marrow).") == []


def test_mrd_negative_depth_with_its_assay_s_result_below_a_threshold_is_a_value(
    finder: MeasurementFinder,
) -> None:
    # the bracket after the remission (and the assay that found it) gives the test's result
    for text in (
        "Marrow showed MRD-negative CR by flow (<0.01%) and by NGS.",
        "Day 28: MRD-negative complete remission (<0.01%).",
        "MRD-negative CR by flow cytometry (< 10^-4).",
    ):
        assert pairs(finder, text) == [("mrd", 0.0)], text


def test_long_names_are_read_through_ocr_confusions_on_scans(finder: MeasurementFinder) -> None:
    scan = finder.on_scans
    (v,) = found(scan, "[piatetet count |16 K/ UL 150-450")
    assert (v.analyte, v.value) == ("plt", 16.0) and "ocr_name" in v.flags
    assert pairs(scan, "Hemeglobin 9.1 g/dL") == [("hb", 91.0)]
    assert pairs(scan, "neutrophilia 12 days") == []
    assert pairs(scan, "Hemoglobin 9.1 g/dL") == [("hb", 91.0)]  # the exact name: no doubt
    assert found(scan, "Hemoglobin 9.1 g/dL")[0].flags == ()


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Leucécitos .........: 1.600 /uL", ("wbc", 1.6)),  # ó read as é, eng-only tesseract
        ("Leuc6citos .........: 1.600 /uL", ("wbc", 1.6)),  # ó read as a digit
        ("Neutréfilos ........: 928 /uL", ("anc", 0.928)),
        ("Hemoglobína ........: 9,8 g/dL", ("hb", 98.0)),
        ("Plaguetas ..........: 45.000 /uL", ("plt", 45.0)),
    ],
)
def test_accented_names_misread_by_a_scan_are_read_doubted(
    finder: MeasurementFinder, line: str, want: tuple[str, float]
) -> None:
    (v,) = found(finder.on_scans, line)
    assert (v.analyte, v.value) == want and "ocr_name" in v.flags


def test_a_text_layer_keeps_its_exact_names(finder: MeasurementFinder) -> None:
    """A typed page's words are the writer's own: no name is read through a confusion."""
    assert pairs(finder, "[piatetet count |16 K/ UL 150-450") == []
    assert pairs(finder, "Leucécitos .........: 1.600 /uL") == []
    assert pairs(finder, "Leucócitos .........: 1.600 /uL") == [("wbc", 1.6)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("白血球 2.1 x10^9/L", ("wbc", 2.1)),
        ("血紅蛋白 Haemoglobin 8.9 g/dL", ("hb", 89.0)),
        ("中性粒細胞絕對值 0.6 x10^9/L", ("anc", 0.6)),
        ("微小殘留病 陰性", ("mrd", 0.0)),
    ],
)
def test_traditional_chinese_names(
    finder: MeasurementFinder, text: str, want: tuple[str, float]
) -> None:
    assert pairs(finder, text) == [want]


def test_rejected_values_are_reported_with_their_reason(finder: MeasurementFinder) -> None:
    from recordkit.nlp.measurements import Drop, DroppedValue

    text = "Peripheral blood blasts 23%\nD8S1179 chimerism 96 %\nB-ALL; BCR-ABL1 not detected"
    dropped: list[DroppedValue] = []
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    assert finder.find(text, spans, "BONE MARROW", [], dropped) == []
    assert [(d.analyte, d.raw, d.reason) for d in dropped] == [
        ("blasts", "23%", Drop.IN_BLOOD),
        ("chimerism", "96 %", Drop.SINGLE_LOCUS),
        ("pcr_mrd", "not detected", Drop.NOT_MRD),
    ]


@pytest.mark.parametrize(
    ("text", "analyte", "value"),
    [
        ("Platelets (150-400): 35", "plt", 35.0),
        ("Hb (130-170 g/L) 98", "hb", 98.0),
        ("WBC (4-11) x10^9/L: 3.2", "wbc", 3.2),  # the unit's 9 is no value
    ],
)
def test_a_bracketed_range_and_a_unit_before_the_value(
    finder: MeasurementFinder, text: str, analyte: str, value: float
) -> None:
    got = finder.find(text, [(0, len(text))], "", [])
    assert [(v.analyte, v.value) for v in got] == [(analyte, value)]


def test_a_bare_range_after_a_name_is_still_no_value(finder: MeasurementFinder) -> None:
    text = "Platelets 150-400"
    assert finder.find(text, [(0, len(text))], "", []) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("骨髓流式：MRD阳性（CD19阴性），0.52%", [("mrd", 0.52)]),
        ("骨髓流式：MRD阳性（CD56阴性）", []),
        ("Flow MRD positive (CD19-negative), 0.8%", [("mrd", 0.8)]),
        ("骨髓流式：MRD阴性", [("mrd", 0.0)]),
    ],
)
def test_a_markers_negativity_is_not_the_mrds(
    finder: MeasurementFinder, text: str, want: list
) -> None:
    assert pairs(finder, text) == want


@pytest.mark.parametrize(
    "text", ["2023.1.9 STR嵌合率85.2%。", "STR-PCR嵌合率降至85.2%", "STR 嵌合率 85.2%"]
)
def test_a_chinese_name_hard_against_latin_letters_is_found(
    finder: MeasurementFinder, text: str
) -> None:
    assert pairs(finder, text) == [("chimerism", 85.2)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("骨髓：原始粒细胞12%", 12.0),
        ("骨髓：原始淋巴细胞8%", 8.0),
        ("骨髓：原始单核细胞6%", 6.0),
        ("骨髓：原始幼稚淋巴细胞4.5%", 4.5),
        ("骨髓：原始+幼稚淋巴细胞3%", 3.0),
    ],
)
def test_chinese_blast_lineage_names_are_marrow_blasts(
    finder: MeasurementFinder, text: str, value: float
) -> None:
    assert pairs(finder, text) == [("blasts", value)]
    assert pairs(finder, text.replace("骨髓", "外周血")) == []


@pytest.mark.parametrize(
    "name",
    [
        "primitive lymphocytes",
        "primitive and naive lymphocytes",
        "primitive + immature lymphocytes",
        "primitive myeloblasts",
        "primitive cells",
    ],
)
def test_chinese_blast_names_translated_word_for_word_are_marrow_blasts(
    finder: MeasurementFinder, name: str
) -> None:
    # 原始淋巴细胞, 原幼淋巴细胞, 原始粒细胞 as Chinese centres write them in English
    text = f"Bone marrow examination (2023-12-20) showed {name} 36.5%."
    assert pairs(finder, text) == [("blasts", 36.5)]
    assert pairs(finder, f"Peripheral blood smear: {name} 12%.") == []


def test_a_stainings_positive_rate_is_not_a_blast_count(finder: MeasurementFinder) -> None:
    text = "骨髓：原始细胞占23.5%，POX染色原始细胞阳性率70%"
    assert pairs(finder, text) == [("blasts", 23.5)]
    assert pairs(finder, "Marrow: blasts 40%; MPO stain: blasts positive rate 80%") == [
        ("blasts", 40.0)
    ]


def test_chinese_flow_residual_leukaemia_cells_are_mrd(finder: MeasurementFinder) -> None:
    text = "流式检测：残留白血病细胞占有核细胞 2.35%。"
    assert pairs(finder, text) == [("mrd", 2.35)]


@pytest.mark.parametrize(
    "text",
    ["Marrow: flow MRD 0.8% - not MRD negative.", "MRD 0.3%, i.e. no longer MRD-negative."],
)
def test_a_low_positive_stressed_as_not_negative_is_no_zero(
    finder: MeasurementFinder, text: str
) -> None:
    # after blinatumomab, CAR-T or DLI a low positive result is stressed as 'not MRD negative'
    got = pairs(finder, text)
    assert ("mrd", 0.0) not in got and len([v for a, v in got if a == "mrd"]) == 1


def test_a_flow_results_denominator_is_no_white_cell_count(finder: MeasurementFinder) -> None:
    # 'of CD45+ leukocytes' says what the MRD is a share of; the bracket restates it as a fraction
    text = "Flow MRD: 0.012% of CD45+ leukocytes (1.2 x 10^-4)."
    assert pairs(finder, text) == [("mrd", 0.012)]


def test_a_negative_power_of_ten_is_no_count_unit(finder: MeasurementFinder) -> None:
    # '1.2 x 10^-4' is a fraction written in log notation, never leukocytes per litre
    assert pairs(finder, "Leukocytes (1.2 x 10^-4)") == []
    assert pairs(finder, "Leukocytes 1.2 x10^9/L") == [("wbc", 1.2)]


def test_a_trephine_immunostain_estimate_is_no_marrow_blast_count(
    finder: MeasurementFinder,
) -> None:
    # marrow blasts are the aspirate's morphology count; CD34 staining on a trephine estimates
    text = "Aspirate: blasts 7%.\nTrephine: cellularity 95%, CD34 blasts approx. 6%."
    head = "BONE MARROW REPORT"
    assert pairs(finder, text, head) == [("blasts", 7.0)]
    assert pairs(finder, "Trephine: CD34-positive blasts about 10% on IHC.", head) == []
    assert pairs(finder, "Trephine: blasts 12% of cells.", head) == [("blasts", 12.0)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("CBC on 14/03/2023: TC 2300 cells/cumm", [("wbc", 2.3)]),
        ("TC: 11,200 /cumm, Hb 9.1 g/dl", [("wbc", 11.2), ("hb", 91.0)]),
        ("TC/DC: 4500/cumm, N 60%", [("wbc", 4.5)]),
        ("TC 3.4 x10^9/L", [("wbc", 3.4)]),
        ("TC level 8.2 ng/ml", []),  # tacrolimus
        ("TC 12 on 14/03/2023", []),  # no count unit, no count panel
        ("Tc 2300 cells/cumm", []),  # the total count is written in capitals
    ],
)
def test_an_indian_total_count_is_the_white_cell_count_beside_a_count_unit(
    finder: MeasurementFinder, text: str, want: list[tuple[str, float]]
) -> None:
    # Indian CBCs write the total leucocyte count 'TC' (and 'TC/DC' with the differential);
    # 'TC' is other things too (tacrolimus, a time), so only a count unit or the panel says so
    assert pairs(finder, text) == want


@pytest.mark.parametrize(
    "text",
    [
        "MPO positive in 70% of blasts.",
        "Sudan black positivity in 55% of the blasts.",
        "Auer rods seen in 10% of blasts.",
        "CD34 expressed on 40% of blasts.",
        "40% of blasts are MPO+/CD34+.",
        "About 30% of the blasts were MPO positive.",
    ],
)
def test_a_share_of_the_blasts_is_no_marrow_blast_count(
    finder: MeasurementFinder, text: str
) -> None:
    # a stain, a marker or Auer rods found in N% of the blasts gives a share of the blasts
    # (cytochemistry, immunophenotype), never the blasts' share of the marrow cells
    head = "BONE MARROW ASPIRATION REPORT"
    assert pairs(finder, "Blasts: 62%.\n" + text, head) == [("blasts", 62.0)]


def test_a_marrow_written_with_n_percent_of_blasts_keeps_its_count(
    finder: MeasurementFinder,
) -> None:
    head = "BONE MARROW ASPIRATION REPORT"
    assert pairs(finder, "Hypercellular marrow with 70% of blasts.", head) == [("blasts", 70.0)]


def _under_headings(finder: MeasurementFinder, text: str) -> list[tuple[str, float | None]]:
    """(analyte, value) with every upper-case or colon-ended line a heading."""
    lines = list(re.finditer(r"[^\n]+", text))
    heads = tuple(
        (m.start(), m.group(0)) for m in lines if m.group(0).isupper() or m.group(0).endswith(":")
    )
    spans = [(m.start(), m.end()) for m in lines]
    return [(v.analyte, v.value) for v in finder.find(text, spans, "", [], None, heads)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("CHIMERISM (STR-PCR)\nPeripheral blood unfractionated: donor 97%, recipient 3%",
         [("chimerism", 97.0)]),
        ("FLOW CYTOMETRY (MRD)\nLAIP detected at 0.3% of nucleated cells.", [("mrd", 0.3)]),
        ("Flow MRD:\nLAIP-positive cells: 1.2 x 10^-3 of WBC (0.12%).", [("mrd", 0.12)]),
        ("CHIMERISM (STR-PCR)\nSensitivity: 1%", []),  # the assay's, not the patient's
        ("CHIMERISM (STR-PCR)\nThe assay detects down to 5% of recipient cells.", []),
    ],
)  # fmt: skip
def test_a_heading_that_names_the_test_carries_to_its_result_lines(
    finder: MeasurementFinder, text: str, want: list[tuple[str, float]]
) -> None:
    assert _under_headings(finder, text) == want


def test_a_fusion_whose_double_colon_ocr_split_is_still_named(finder: MeasurementFinder) -> None:
    # OCR reads 'BCR::ABL1' as 'BCR: :ABL1'
    assert pairs(finder, "BCR: :ABL1 (IS) 0.085%") == [("mrd", 0.085)]
    assert pairs(finder, "PML: :RARA transcript 0.01%") == [("mrd", 0.01)]


def test_an_earlier_value_under_its_tests_heading_keeps_its_own_date(
    finder: MeasurementFinder,
) -> None:
    # the comparison's sentence names no marker: the heading says which test it is
    text = (
        "2. Quantitative NPM1 mutation analysis (RT-qPCR)\n"
        "NPM1mut/ABL1: 0.021 % (bone marrow).\n"
        "Compared with the pre-transplant value of 2.4 % (sampling 05.06.2023) this is 2 logs less."
    )
    lines = list(re.finditer(r"[^\n]+", text))
    spans = [(m.start(), m.end()) for m in lines]
    dates = [(m.start(), m.end()) for m in re.finditer(r"\d\d\.\d\d\.\d{4}", text)]
    got = finder.find(text, spans, "", dates, None, ((0, lines[0].group(0)),))
    assert [(v.analyte, v.value, v.flags) for v in got] == [
        ("mrd", 0.021, ()), ("mrd", 2.4, ("prior_value",))
    ]  # fmt: skip


def test_an_earlier_value_in_the_next_sentence_of_the_line_is_the_same_tests(
    finder: MeasurementFinder,
) -> None:
    # a numbered section title is no heading: the value before it on the line names the test
    text = (
        "NPM1mut/ABL1: 0.021 % (bone marrow). Compared with the pre-transplant value of 2.4 % "
        "(sampling 05.06.2023) this is 2 logs less.\nPlatelets were 2.4 % of cells (05.06.2023)."
    )
    cut = text.index("Compared")
    spans = [(0, cut - 1), (cut, text.index("\n")), (text.index("\n") + 1, len(text))]
    dates = [(m.start(), m.end()) for m in re.finditer(r"\d\d\.\d\d\.\d{4}", text)]
    got = finder.find(text, spans, "", dates)
    assert [(v.analyte, v.value) for v in got] == [("mrd", 0.021), ("mrd", 2.4)]


@pytest.mark.parametrize(
    "text",
    [
        "On 09/20/2022 he presented with 31% circulating blasts and a marrow showing 40% blasts.",
        "On 09/20/2022 peripheral blood blasts were 31% and the bone marrow showed 40% blasts.",
    ],
)
def test_marrow_blasts_told_after_blood_blasts_keep_their_own_clause(
    finder: MeasurementFinder, text: str
) -> None:
    assert [(v.analyte, v.value) for v in found(finder, text)] == [("blasts", 40.0)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("WBC    0.3 L    x10(3)/mcL   4.5-11.0", ("wbc", 0.3)),
        ("WBC 4.2 x10(9)/L", ("wbc", 4.2)),
        ("Platelets 150 10(3)/uL", ("plt", 150.0)),
        ("ANC 400 x10(6)/L", ("anc", 0.4)),
    ],
)
def test_a_count_unit_with_its_exponent_in_brackets_is_written(
    finder: MeasurementFinder, text: str, want: tuple[str, float]
) -> None:
    # Cerner prints 'x10(3)/mcL': the unit is written, so it is no assumed unit
    got = found(finder, text)
    assert [(v.analyte, v.value) for v in got][:1] == [want]
    assert "unit_assumed" not in got[0].flags and got[0].source_unit is not None


@pytest.mark.parametrize("unit", ["/mm³", "/mm?", "/mms"])
def test_a_scan_reading_of_per_cubic_millimetre_is_that_unit(
    finder: MeasurementFinder, unit: str
) -> None:
    """An 'eng' scan reads the superscript of 'mm³' as '?' or 's': still a count per µL."""
    (v,) = found(finder, f"Leucócitos .........: 1.600 {unit}")
    assert (v.analyte, v.value, v.source_unit) == ("wbc", 1.6, "/uL")
    assert "unit_assumed" not in v.flags


def test_a_whole_marrow_donor_share_before_a_sorted_one_is_read(
    finder: MeasurementFinder,
) -> None:
    # each 'label: N% donor' sentence is a part: the first is no header of a column
    text = "Marrow unsorted: 33% donor. PB CD3: 79% donor."
    assert pairs(finder, text, "Chimerism (STR)") == [("chimerism", 33.0)]
    text = "Collected  1% donor  08-DEC-2022  97.5%"  # a column's head over its values
    assert pairs(finder, text, "Chimerism (STR)") == []
