"""Older adults' records (MDS/CMML -> AML, reduced-intensity transplant, HMA maintenance) as US
community notes and Dutch/German letters write them: documents written for these tests."""

from __future__ import annotations

from recordkit.nlp.lab_tables import read_lab_table
from tests.extraction_helpers import Facts


def test_a_unit_between_a_rows_analyte_and_its_values_is_each_values_unit() -> None:
    header = ["Afnamedatum", "14-03-2020", "22-05-2020", "Ref.waarden"]
    rows = [
        ["Hemoglobine    mmol/L", "7.1 L", "6.0 L", "8.5-11.0"],
        ["Leukocyten     10^9/L", "3.1 L", "5.2", "4.0-10.0"],
    ]
    got = [(t.mention.analyte, t.mention.value) for t in read_lab_table(header, rows)]
    assert got == [("hb", 114.381), ("hb", 96.66), ("wbc", 3.1), ("wbc", 5.2)]


def test_a_cumulative_sheets_unit_in_the_row_label_on_a_page(facts: Facts) -> None:
    sheet = (
        "Cumulatief overzicht                       Afdrukdatum: 20-06-2020 10:02\n"
        "Patient: Jansen, P.     Geb.datum: 03-09-1950\n\n"
        "Afnamedatum              14-03-2020   22-05-2020   Ref.waarden\n"
        "Hemoglobine    mmol/L    7.1 L        6.0 L        8.5-11.0\n"
        "Trombocyten    10^9/L    102 L        180          150-400\n"
        "Blasten (perifeer) %     1            3            0\n"
    )
    got = sorted((m.date, m.value) for m in facts({"lab.txt": sheet}).measurements
                 if m.analyte == "hb")  # fmt: skip
    assert got == [("2020-03-14", 114.381), ("2020-05-22", 96.66)]


def test_a_not_detected_bracket_date_is_the_earlier_results_not_the_paragraphs(
    facts: Facts,
) -> None:
    report = (
        "AFDELING HEMATOLOGIE - MOLECULAIRE DIAGNOSTIEK\n"
        "Afnamedatum: 17- .03-2021     Rapportdatum: 24-03-2021\n\n"
        "NGS myeloid panel: NPM1 c.860_863dup VAF 2.4% (not detected on 12-11-2020, "
        "sensitivity 1%). DNMT3A VAF 1.9%. Morphology (BM smear) Blasts 3%, trilineage "
        "haematopoiesis.\n"
    )
    got = [(m.analyte, m.value, m.date) for m in facts({"ngs.txt": report}).measurements]
    assert got and all(date != "2020-11-12" for _, _, date in got)
    assert ("blasts", 3.0, "2021-03-24") in got


def test_a_discharge_summary_headed_admit_date_is_dated_at_discharge(facts: Facts) -> None:
    summary = (
        "Lakeside Medical Center - Stem Cell Transplant Service\n"
        "DISCHARGE SUMMARY\n\n"
        "Patient      Jane Q. Sample        MRN              000123\n"
        "Admit date   03/02/2021            Discharge date   04/06/2021\n\n"
        "Transplant\n"
        "Day 0: 03/09/2021. Matched unrelated donor, peripheral blood stem cells.\n\n"
        "Hospital course\n"
        "Neutrophil engraftment on D+15. Platelet engraftment on D+24.\n"
    )
    got = facts({"ds.txt": summary})
    engrafted = sorted((e.lineage, e.date) for e in got.events if e.kind == "engraftment")
    assert engrafted == [("neutrophil", "2021-03-24"), ("platelet", "2021-04-02")]


DUTCH_MARROW = (
    "STADSZIEKENHUIS OOST - LABORATORIUM\n"
    "BEENMERGONDERZOEK / BONE MARROW EXAMINATION\n\n"
    "Patient   Jansen, P.     Geb.datum   03-09-1950\n"
    "Afnamedatum   05-03-2021     Rapportdatum   08-03-2021\n\n"
    "Clinical information\n\n"
    "CMML-2 since 11-2020, 4 cycles HMA (decitabine). Rising monocytes, ?AML.\n\n"
    "{heading}\n"
    "Hypercellular marrow. Blasts 24% including promonocytes.\n"
)


def test_dutch_labels_settle_day_first_over_an_american_spelling(facts: Facts) -> None:
    # 'Afnamedatum', 'Geb.datum', 'Rapportdatum' are written by a Dutch lab, day first,
    # whatever English spelling its report uses ('leukemia')
    report = DUTCH_MARROW.format(heading="Morphology") + "Conclusion: leukemia progression.\n"
    got = [(m.analyte, m.value, m.date) for m in facts({"bm.txt": report}).measurements]
    assert got == [("blasts", 24.0, "2021-03-05")]


def test_a_reports_aspirate_heading_ends_the_clinical_information(facts: Facts) -> None:
    # the request's clinical information covers its own paragraph: 'Aspirate' opens the
    # report's findings, dated by the collection date
    got = facts({"bm.txt": DUTCH_MARROW.format(heading="Aspirate")}).measurements
    assert [(m.analyte, m.value, m.date) for m in got] == [("blasts", 24.0, "2021-03-05")]
