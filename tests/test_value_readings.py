"""Measurements as Indian and UK hospital records write them: lakhs, body fluids, bare counts,
percentage rows, plans and conditions, chimerism reports (documents written for these tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from recordkit.models import CaseFacts
from recordkit.nlp.lab_tables import read_lab_table
from recordkit.nlp.measurements import MeasurementFinder
from tests.extraction_helpers import Facts, pairs


def values(f: CaseFacts) -> list[tuple[str, float | None, str | None]]:
    return sorted((m.analyte, m.value, m.date) for m in f.measurements)


@pytest.mark.parametrize(
    "text",
    [
        "platelet 1.6L/cumm",
        "Plt 1.6L",
        "Platelets 1.6 L, WBC 4.2",
        "platelet 1.6 x 10^5/cumm",
        "Platelet count 1.6 lac",
    ],
)
def test_an_l_after_a_small_platelet_count_is_lakhs(finder: MeasurementFinder, text: str) -> None:
    assert [(a, round(v or 0, 6)) for a, v in pairs(finder, text)][:1] == [("plt", 160.0)]


def test_an_l_that_can_be_the_low_flag_stays_a_flag(finder: MeasurementFinder) -> None:
    assert pairs(finder, "Hb 81 L g/L") == [("hb", 81.0)]
    assert pairs(finder, "Platelets 8 L") == [("plt", 8.0)]  # a whole count: read as written
    assert pairs(finder, "WBC 0.5 L") == [("wbc", 0.5)]  # no lakh reading for leucocytes
    assert pairs(finder, "Platelets 12.5 L x10^9/L") == [("plt", 12.5)]


@pytest.mark.parametrize(
    "text, plt",
    [
        ("Platelet Count: 1.12 Lakhs/cumm", 112.0),
        ("Platelets 0.45 Lacs/cumm", 45.0),
        ("PLATELET COUNT 1.6 LAKH/CU MM", 160.0),
    ],
)
def test_a_unit_in_capitals_is_read_where_no_other_unit_differs_only_by_case(
    finder: MeasurementFinder, text: str, plt: float
) -> None:
    [m] = finder.find(text, [(0, len(text))], "", [])
    assert (m.analyte, round(m.value or 0, 6), m.unit) == ("plt", plt, "x10^9/L")
    assert m.source_unit == "lakh/uL"  # read from the text, not assumed


def test_units_that_differ_only_by_case_stay_apart(finder: MeasurementFinder) -> None:
    # giga per litre and grams per litre: each as written, never read case-blind
    assert pairs(finder, "WBC 4.2 G/L") == [("wbc", 4.2)]
    assert pairs(finder, "Hb 81 g/L") == [("hb", 81.0)]
    assert pairs(finder, "Hb 8.1 GM/DL") == [("hb", 81.0)]


def test_a_lakh_letter_in_a_lab_table_cell() -> None:
    header = ["Test", "Result", "Units", "Reference"]
    rows = [["Platelet count", "1.6L", "/cumm", "1.5-4.5"], ["Haemoglobin", "81 L", "g/L", ""]]
    read = read_lab_table(header, rows)
    got = {t.mention.analyte: (t.mention.value, t.mention.flags) for t in read}
    assert got == {"plt": (160.0, ()), "hb": (81.0, ("L",))}


def test_an_indian_blood_count_line(facts: Facts) -> None:
    f = facts({"d.txt": "Discharge summary\n\nCBC (14/03/2023): Hb 9.8 gm/dl, TLC 5600/cumm, "
                        "platelet 1.6L/cumm\n"})  # fmt: skip
    assert values(f) == [
        ("hb", 98.0, "2023-03-14"), ("plt", 160.0, "2023-03-14"), ("wbc", 5.6, "2023-03-14")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "CSF (14.01.2022): TLC 0 cells/cumm, no blasts - CNS 1.",
        "Pleural fluid (03.02.2022): TLC 1200 cells/cumm",
        "CSF cytospin with blasts, TLC 46 cells/cumm",
        "Ascitic fluid TLC 350/cumm, neutrophils 200/cumm",
        "Urine: WBC 12",
    ],
)
def test_a_body_fluid_count_is_no_blood_count(finder: MeasurementFinder, text: str) -> None:
    assert pairs(finder, text) == []


def test_a_blood_count_beside_a_fluid_result_is_kept(finder: MeasurementFinder) -> None:
    assert pairs(finder, "CSF clear, WBC 3.2, platelets 150") == [("wbc", 3.2), ("plt", 150.0)]
    assert pairs(finder, "CSF negative; TLC 4500/cumm") == [("wbc", 4.5)]
    assert pairs(finder, "CSF clear, peripheral blood TLC 800/cumm") == [("wbc", 0.8)]
    assert pairs(finder, "CSF cytospin negative, WBC 2.1 x10^9/L") == [("wbc", 2.1)]
    header = ["Test", "Result", "Units"]
    rows = [["CSF cell count", "4", "/cumm"], ["Total leucocyte count", "3200", "/cumm"]]
    assert [(t.mention.analyte, t.mention.value) for t in read_lab_table(header, rows)] == [
        ("wbc", 3.2)
    ]


@pytest.mark.parametrize(
    ("text", "analyte", "value", "per_ul"),
    [("ANC 200", "anc", 0.2, True), ("ANC 50", "anc", 0.05, True), ("ANC 300", "anc", 0.3, True),
     ("TLC 400", "wbc", 0.4, True), ("ANC 1.2", "anc", 1.2, False),
     ("WBC 150", "wbc", 150.0, False)],
)  # fmt: skip
def test_a_bare_count_too_large_for_x10_9_per_litre_is_per_microlitre(
    facts: Facts, text: str, analyte: str, value: float, per_ul: bool
) -> None:
    (m,) = facts({"c.txt": f"Date: 14/03/2023\n{text}\n"}).measurements
    assert (m.analyte, m.value) == (analyte, value)
    assert any("read per µL" in d for d in m.doubts) == per_ul


def test_a_percentage_in_the_unit_cell_is_not_an_absolute_count(
    finder: MeasurementFinder, facts: Facts
) -> None:
    assert pairs(finder, "Neutrophils | 34 | % | 40 - 80") == []
    assert pairs(finder, "Neutrophils | 62 | % | 2.1 | x10^9/L") == [("anc", 2.1)]
    f = facts({"fbc.txt": "Full blood count\nCollected: 14/03/2023\n"
                          "Test | Result | Units | Reference\n"
                          "Haemoglobin | 81 | g/L | 130 - 170\n"
                          "Neutrophils | 34 | % | 40 - 80\n"
                          "Platelets | 45 | x10^9/L | 150 - 400\n"})  # fmt: skip
    assert values(f) == [("hb", 81.0, "2023-03-14"), ("plt", 45.0, "2023-03-14")]
    assert all(not m.doubts for m in f.measurements)  # each unit read from its own cell


@pytest.mark.parametrize(
    "text",
    [
        "Clinic date: 28/03/2023\nPlan:\n- Transfusion threshold Hb 80 g/L, platelets 10\n",
        "Clinic date: 28/03/2023\nPlan:\n2. If MRD-negative, proceed to allogeneic transplant.\n",
        "Clinic date: 28/03/2023\nNot for transplant in CR1 if MRD negative.\n",
        "Clinic date: 28/03/2023\nDLI should MRD become positive.\n",
        "Clinic date: 28/03/2023\nKeep platelets 20 or more while on anticoagulation.\n",
    ],
)
def test_thresholds_and_conditions_are_not_results(facts: Facts, text: str) -> None:
    assert facts({"l.txt": text}).measurements == ()


def test_a_result_beside_a_plan_is_kept(facts: Facts) -> None:
    text = "MRD negative on 20/03/2023; if it stays negative, no further marrow.\n"
    text += "Hb 92 g/L today.\n"
    f = facts({"l.txt": "Clinic date: 28/03/2023\n" + text})
    assert values(f) == [("hb", 92.0, "2023-03-28"), ("mrd", 0.0, "2023-03-20")]


def test_a_value_with_percent_donor_is_chimerism_where_only_the_title_names_it(
    facts: Facts, finder: MeasurementFinder
) -> None:
    report = "CHIMERISM ANALYSIS\nSample collected: 15/11/2022\n"
    f = facts({"c.txt": report + "Whole blood        98% donor\nCD3+ T cells       85% donor\n"})
    assert values(f) == [("chimerism", 98.0, "2022-11-15")]
    f = facts({"c.txt": report + "CD3+ T cells       85% donor\n"})  # the only value
    assert values(f) == [("chimerism", 85.0, "2022-11-15")]
    assert pairs(finder, "Donor chimerism 97.5 % donor") == [("chimerism", 97.5)]
    assert pairs(finder, "Matched unrelated donor, 10/10") == []
    assert pairs(finder, "Collected   1% donor   01-DEC-2021   99.1%") == []  # a column head


def test_equal_chimerism_of_whole_blood_and_a_sorted_fraction_are_two_results(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "chim.txt": "STR chimerism:\nDate        | Whole blood | CD3+ | CD33+\n"
            "17/07/2023  | 100%        | 96%  | 100%\n"
        }
    )
    got = sorted((m.value, "sorted_fraction" in m.flags) for m in f.measurements)
    assert got == [(96.0, True), (100.0, False), (100.0, True)]


def _chimerisms(f: CaseFacts) -> list[tuple[float | None, str | None, bool]]:
    """(value, date, of a sorted fraction) of every chimerism."""
    got = [(m.value, m.date, "sorted_fraction" in m.flags) for m in f.measurements]
    return sorted(g for g, m in zip(got, f.measurements, strict=True) if m.analyte == "chimerism")


def test_each_part_of_a_chimerism_list_keeps_its_own_value_and_fraction(facts: Facts) -> None:
    # one name, then the specimens and the sorted fraction each with its value: the falling
    # CD3 value is the one that calls for a DLI and must not be lost
    f = facts({"a.txt": "Clinic 01/04/2022\nChimerism (21/03/2022): PB whole blood 93%, "
                        "PB CD3 72%, BM 89%.\n"})  # fmt: skip
    day = "2022-03-21"
    assert _chimerisms(f) == [(72.0, day, True), (89.0, day, False), (93.0, day, False)]
    f = facts({"b.txt": "Ambulanz 01.08.2022\nChimärismus 20.07.2022: KM 100 %, pB CD3+ 99 % "
                        "Spender.\n"})  # fmt: skip
    assert _chimerisms(f) == [(99.0, "2022-07-20", True), (100.0, "2022-07-20", False)]


def test_a_fraction_after_a_donor_word_or_in_a_bracket_is_a_part_of_the_list(facts: Facts) -> None:
    # the whole value may name its side before the next part ('% Spender,'), and the sorted
    # fraction may stand in a bracket after it: either way the T-cell value is read too
    f = facts({"a.txt": "Ambulanz 14.03.2023\nChimärismus 02.03.2023: KM 100 % Spender, pB CD3+ "
                        "99 % Spender.\n"})  # fmt: skip
    assert _chimerisms(f) == [(99.0, "2023-03-02", True), (100.0, "2023-03-02", False)]
    f = facts({"b.txt": "Clinic 01/03/2022\nChimerism (21/02/2022): peripheral blood 99% donor "
                        "(T-cell 96%).\n"})  # fmt: skip
    assert _chimerisms(f) == [(96.0, "2022-02-21", True), (99.0, "2022-02-21", False)]


def test_a_lineage_part_may_carry_its_marker_in_brackets(facts: Facts) -> None:
    # 'T-cell (CD3)': the lineage word with its marker bracketed is still the part's label, so
    # the list goes on past it; the T-cell value is a sorted fraction dated as the others
    f = facts({"a.txt": "Clinic 02/05/2023\nChimerism (blood, 24/04/2023): whole blood 95% donor, "
                        "T cells (CD3+) 61% donor, granulocytes (CD33) 100% donor.\n"})  # fmt: skip
    assert _chimerisms(f) == [(61.0, "2023-04-24", True), (95.0, "2023-04-24", False),
                              (100.0, "2023-04-24", True)]  # fmt: skip
    t_cells = next(m for m in f.measurements if m.value == 61.0)
    assert any("CD3" in d for d in t_cells.doubts)


def test_a_lineage_named_before_an_earlier_value_is_not_the_later_values_fraction(
    facts: Facts,
) -> None:
    # 'from 72% to 98%' is a change, not a range: 98% is the CD3 value; the whole blood's 100%
    # comes after the CD3 value, so CD3 is not its fraction
    f = facts({"a.txt": "Clinic 01/08/2022\nPB CD3 chimerism rose from 72% to 98% and whole "
                        "blood chimerism to 100% by 20/07/2022.\n"})  # fmt: skip
    assert _chimerisms(f) == [(98.0, "2022-07-20", True), (100.0, "2022-07-20", False)]


def test_a_count_under_the_labs_reporting_limit_is_the_limit_and_doubted(facts: Facts) -> None:
    f = facts({"l.txt": "Collected: 14/04/2023\nNeuts <0.1 x10^9/L\nPlt ≤5 x10^9/L\n"})
    assert values(f) == [("anc", 0.1, "2023-04-14"), ("plt", 5.0, "2023-04-14")]
    for m in f.measurements:  # a reviewer sees it was written as a bound
        assert m.confidence < 0.9
        assert any("written as a bound" in d and "reporting limit" in d for d in m.doubts)


@pytest.mark.parametrize(
    "text",
    [
        "Ward note 14/04/2023\nPlan: transfuse if plt < 10\n",  # a threshold, no unit
        "Ward note 14/04/2023\nPlan: transfuse if plt < 10 x10^9/L\n",  # a threshold
        "Collected: 14/04/2023\nNeuts <0.1\n",  # no unit: a bound of what?
        "Clinic 14/04/2023\nHer platelets have been less than 20 x10^9/L all week.\n",
    ],
)
def test_a_below_sign_in_a_sentence_or_without_a_unit_is_no_result(facts: Facts, text: str) -> None:
    assert facts({"l.txt": text}).measurements == ()


def test_an_mrd_below_detection_stays_zero(facts: Facts) -> None:
    f = facts({"l.txt": "Collected: 14/04/2023\nMRD <0.01%\n"})
    [m] = f.measurements
    assert (m.value, m.date, m.doubts) == (0.0, "2023-04-14", ())


@pytest.mark.parametrize(
    "text", ["Neut x10\u201c9/L", "Hb g/L | Plt x10\u201d9/L", "WCC x10\"9/L | ANC x10'9/L"]
)
def test_a_scans_caret_read_as_a_quote_leaves_the_exponent_no_value(
    finder: MeasurementFinder, text: str
) -> None:
    # a scanned header row: column names and units, the '9' of the unit no result
    assert pairs(finder, text) == []


def test_a_count_before_a_caret_read_as_a_quote_keeps_its_unit(finder: MeasurementFinder) -> None:
    assert pairs(finder, "Neutrophils 1.7 x10\u201c9/L, platelets 64 x10\u201c9/L") == [
        ("anc", 1.7),
        ("plt", 64.0),
    ]
