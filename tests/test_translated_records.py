"""Records translated into English from Russian and Ukrainian: their wording and the
translator's own additions."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_finding_negated_after_its_name_did_not_happen(facts: Facts) -> None:
    f = facts(
        {
            "e.txt": "Extract 14/09/2023\nDay +100 after allo-HSCT of 06/06/2023. Chronic GVHD "
            "was not observed. Skin GVHD not noted. Acute GVHD of the gut was not registered. "
            "Oral GVHD absent.",
            "r.txt": "Extract 02/04/2024\nRelapse was not registered until 03/2024, when "
            "marrow blasts rose to 14%.",
        }
    )
    assert kinds(f, "gvhd") == []
    assert [r.date for r in kinds(f, "relapse")] == ["2024-03"]


def test_bfm_protocol_m_and_mm_are_courses(facts: Facts) -> None:
    f = facts(
        {
            "c.txt": "Inpatient card 20/05/2021\nB-ALL diagnosed 02/11/2020. Protocol IA from "
            "05/11/2020, protocol IB from 10/12/2020. Protocol M (HD-MTX 5 g/m2 x4, 6-MP) from "
            "18/01/2021. Second patient card: Protokoll mM begun 20/03/2021."
        }
    )
    got = [(e.name, e.date) for e in kinds(f, "regimen")]
    assert ("PROTOCOL M", "2021-01-18") in got and ("PROTOCOL M", "2021-03-20") in got
    assert len(got) == 4, got


def test_a_clinico_haematological_remission_is_a_complete_remission(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Extract 20/06/2022\nMyelogram of 12/05/2022: blasts 1.5%. Second "
            "clinico-haematological remission (12/05/2022), MRD-positive.",
            "b.txt": "Extract 30/09/2019\nClinical and haematological remission was reached "
            "on 02/09/2019.",
        }
    )
    got = [(r.date, r.depth) for r in kinds(f, "remission")]
    assert got == [("2019-09-02", "CR"), ("2022-05-12", "CR")], got


def test_a_count_name_with_a_full_stop_still_names_its_value(facts: Facts) -> None:
    f = facts(
        {
            "cbc.txt": "Report 30/01/2024\nBlood count on 27/01/2024: WBC. 3.6 x1049/L, Hb . 104 "
            "g/L, Plt. 88 x10A9/L.\nMarrow showed 4% blasts. 3 weeks later she was well."
        }
    )
    got = {(m.analyte, m.date, m.value, m.unit, not m.doubts) for m in f.measurements}
    assert {
        ("wbc", "2024-01-27", 3.6, "x10^9/L", True),
        ("hb", "2024-01-27", 104.0, "g/L", True),
        ("plt", "2024-01-27", 88.0, "x10^9/L", True),
    } <= got
    assert sorted(m.analyte for m in f.measurements) == ["blasts", "hb", "plt", "wbc"]


def test_a_unit_after_a_comma_in_a_label_is_the_rows_or_columns_unit(facts: Facts) -> None:
    f = facts(
        {
            "cols.txt": "Extract 01/07/2022\nDate | Hb, g/l | WBC, ×10^9/l | Platelets, x10^9/l\n"
            "12/06/2022 | 91 | 2,7 | 64\n19/06/2022 | 99 | 3,4 | 82",
            "rows.txt": "Extract 02/08/2022\nIndicator | 25/07/2022\nHaemoglobin, g/l | 108\n"
            "Leukocytes, ×10^9/l | 4,4",
            "line.txt": "Extract 03/09/2022\nBlood test of 30/08/2022: Platelets, x10^9/l 140.",
        }
    )
    got = {(m.analyte, m.date, m.value, m.unit) for m in f.measurements}
    assert got == {
        ("hb", "2022-06-12", 91.0, "g/L"),
        ("wbc", "2022-06-12", 2.7, "x10^9/L"),
        ("plt", "2022-06-12", 64.0, "x10^9/L"),
        ("hb", "2022-06-19", 99.0, "g/L"),
        ("wbc", "2022-06-19", 3.4, "x10^9/L"),
        ("plt", "2022-06-19", 82.0, "x10^9/L"),
        ("hb", "2022-07-25", 108.0, "g/L"),
        ("wbc", "2022-07-25", 4.4, "x10^9/L"),
        ("plt", "2022-08-30", 140.0, "x10^9/L"),
    }, got
    assert not any(m.doubts for m in f.measurements), [m.doubts for m in f.measurements]


def test_what_a_translation_adds_is_no_record_of_the_patient(facts: Facts) -> None:
    f = facts(
        {
            "lab.txt": "Translation from Ukrainian\n[stamp: Regional Centre * Department of "
            "Haematology and Stem Cell Transplantation]\nChimerism study of 14/03/2022\n"
            "Translator's note: 'alloTSC' renders the Ukrainian abbreviation for allogeneic HSCT.\n"
            "Biologist [signature] Petrenko O.",
            "cert.txt": "CERTIFICATE OF TRANSLATION No. 55/2022   Date: 02/06/2022\nWe certify "
            "that the attached records were translated from Ukrainian into English.\nTerms such "
            "as 'myelogram' and 'complete remission' were kept close to the original wording.\n"
            "Words in Turkish: 'KİT' is translated as 'HSCT', 'nüks' as 'relapse'.\n"
            "[Round stamp: Translation Bureau]",
            "epi.txt": "Epicrisis 30/06/2021\nAllo-HSCT from a sibling on 25/03/2021 [stamp: "
            "Transplant Registry]. Chronic GVHD of the skin from 12/06/2021 [Translator's note: "
            "'GVHD' renders the original 'РТПХ'].",
        }
    )
    got = [(e.kind, e.date) for e in f.events]
    assert got == [("transplant", "2021-03-25"), ("gvhd", "2021-06-12")], got
