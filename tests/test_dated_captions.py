"""Dated captions, headings and sentences that date the results told under or after them."""

from __future__ import annotations

from tests.extraction_helpers import Facts

_WARD = (
    "CITY GENERAL HOSPITAL - HAEMATOLOGY WARD\n"
    "DISCHARGE SUMMARY\n"
    "Admitted: 02/02/2023          Discharged: 03/03/2023\n\n"
    "CLINICAL COURSE\n"
    "Induction completed without major events.\n\n"
    "{caption}\n"
    "WBC 4.2  Neut 2.3  Hb 104  Plt 151   Cr 80\n\n"
    "DISCHARGE MEDICATION\n"
    "Aciclovir 400 mg BD\n"
)


def test_a_capitals_results_caption_dates_the_value_line_below(facts: Facts) -> None:
    f = facts({"ward.txt": _WARD.format(caption="BLOODS ON DISCHARGE (01/03/2023)")})
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("anc", 2.3, "2023-03-01"),
        ("hb", 104.0, "2023-03-01"),
        ("plt", 151.0, "2023-03-01"),
        ("wbc", 4.2, "2023-03-01"),
    ]


def test_a_line_naming_no_results_does_not_date_the_value_line(facts: Facts) -> None:
    f = facts({"ward.txt": _WARD.format(caption="SEEN BY DR ROWE (01/03/2023)")})
    assert {m.date for m in f.measurements} == {"2023-03-03"}  # the discharge, as before


def test_a_caption_naming_its_specimen_in_the_date_bracket_dates_the_table(facts: Facts) -> None:
    f = facts(
        {
            "tx.txt": "Eastfield Transplant Centre - post-transplant summary\n"
            "Date of letter: 30/09/2023\n\n"
            "Stem cell infusion (day 0) on 21/08/2023.\n\n"
            "Chimerism D+30 (20/09/2023, peripheral blood)\n"
            "Fraction                 % donor\n"
            "Whole blood (unsorted)   97\n"
            "CD3+ T cells             91\n\n"
            "Plan\nReview in two weeks.\n"
        }
    )
    got = sorted((m.value, m.date) for m in f.measurements if m.analyte == "chimerism")
    assert got == [(91.0, "2023-09-20"), (97.0, "2023-09-20")]


def test_a_caption_naming_peripheral_blood_makes_its_table_blood(facts: Facts) -> None:
    f = facts(
        {
            "bmat.txt": "NORTHWAY HAEMATOPATHOLOGY SERVICE\n"
            "Specimen: Bone marrow aspirate and trephine\n"
            "Date collected: 14/05/2023   Date reported: 17/05/2023\n\n"
            "Peripheral blood (14/05/2023)\n"
            "Parameter | Result | Unit\n"
            "Haemoglobin | 84 | g/L\n"
            "Blasts | 9 | %\n\n"
            "Bone marrow aspirate\n"
            "Hypercellular. Blasts 41% of nucleated cells.\n"
        }
    )
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "blasts"] == [
        (41.0, "2023-05-14")
    ]


def test_a_labelled_line_of_values_wrapped_after_a_bar_is_dated_by_its_label(
    facts: Facts,
) -> None:
    # the visit is the day after the blood test; the wrapped line reads as a table's row
    f = facts(
        {
            "consulta.txt": "Hematología - Consultas externas\n"
            "Fecha de consulta: 21/03/2024\n\n"
            "PRUEBAS COMPLEMENTARIAS\n"
            "Analítica (20/03/2024): Leucocitos 5.100/µL | Neutrófilos 2.700/µL |\n"
            "  Hb 12,1 g/dL | Plaquetas 187.000/µL\n"
            "Bioquímica: creatinina 0,8 mg/dL.\n"
        }
    )
    got = {(m.analyte, m.date) for m in f.measurements}
    assert got == {
        ("wbc", "2024-03-20"),
        ("anc", "2024-03-20"),
        ("hb", "2024-03-20"),
        ("plt", "2024-03-20"),
    }


_ASSESSED = (
    "Moorgate Infirmary - Cell Therapy Service\n"
    "DISCHARGE LETTER\n"
    "Admitted: 14/05/2024          Discharged: 25/06/2024\n\n"
    "This admission\n"
    "Tisagenlecleucel infused on 21/05/2024 after lymphodepletion.\n\n"
    "{caption}\n"
    "Test | Result\n"
    "Flow MRD | negative (<0.01%)\n"
    "Marrow chimerism | 96% donor\n"
    "Conclusion: MRD-negative complete remission after CAR-T.\n\n"
    "Plan\n"
    "Review in clinic in two weeks.\n"
)


def test_a_dated_assessment_caption_dates_its_table_and_its_conclusion(facts: Facts) -> None:
    f = facts({"cart.txt": _ASSESSED.format(caption="Day +28 assessment (18/06/2024)")})
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [("chimerism", 96.0, "2024-06-18"), ("mrd", 0.0, "2024-06-18")]
    remissions = [(e.depth, e.date) for e in f.events if e.kind == "remission"]
    assert remissions == [("MRD-negative", "2024-06-18")]


def test_a_conclusion_under_an_uncaptioned_table_takes_no_caption_day(facts: Facts) -> None:
    f = facts({"cart.txt": _ASSESSED.format(caption="Seen by Dr Rowe (18/06/2024)")})
    assert {m.date for m in f.measurements} == {"2024-06-25"}  # the discharge, as before
    assert [e.date for e in f.events if e.kind == "remission"] != ["2024-06-18"]
