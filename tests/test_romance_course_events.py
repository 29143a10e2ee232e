"""French and Italian letters' prose about courses and what came of them: which date is whose."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_italian_course_date_is_never_its_remission_day(facts: Facts) -> None:
    # 'dal DATE' is the object of the course before it: the CR came of a marrow weeks later
    f = facts(
        {
            "relazione.txt": "Relazione clinica\n"
            "LLA-B diagnosticata il 02/09/2019. Induzione con Hyper-CVAD ciclo 1A dal "
            "16/09/2019 con remissione completa, MRD positiva.",
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("HYPER-CVAD", "2019-09-16")]
    assert [e.date for e in kinds(f, "remission")] == ["2019-09"]
    assert kinds(f, "remission")[0].confidence < 0.9


def test_a_value_told_as_a_treatments_indication_is_not_of_its_start(facts: Facts) -> None:
    # the MRD that led to the treatment was measured before it; its day is not written
    for text in (
        "Per MRD persistente (0,03%) ha eseguito un ciclo di blinatumomab dal 21/11/2019.",
        "Pour MRD positive (0,03 %), il a reçu du blinatumomab à partir du 21/11/2019.",
        "For persistent MRD (0.03%) he received blinatumomab from 21/11/2019.",
    ):
        f = facts({"letter.txt": "LLA-B diagnosticata il 02/09/2019.\n" + text})
        assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
            ("BLINATUMOMAB", "2019-11-21")
        ], text
        assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
            (0.03, None)
        ], text


def test_an_indication_with_its_own_date_keeps_it(facts: Facts) -> None:
    f = facts(
        {"letter.txt": "For MRD of 0.2% on 03/11/2019, he received blinatumomab from 21/11/2019."}
    )
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        (0.2, "2019-11-03")
    ]


def test_each_gvhd_takes_organ_and_grade_from_its_own_phrase_only(facts: Facts) -> None:
    f = facts(
        {
            "lettera.txt": "Trapianto allogenico il 10/01/2021. Il decorso è stato complicato "
            "da una GvHD acuta intestinale di grado III e, successivamente, da una GvHD cronica "
            "del cavo orale di grado lieve insorta a maggio 2021.",
            "letter.txt": "Allograft 10/01/2021. Acute GVHD of the liver, grade II, and later "
            "a chronic GVHD of the eyes, moderate, from 14/09/2021.",
        }
    )
    got = {(e.form, e.organ, e.grade) for e in kinds(f, "gvhd")}
    assert ("acute", "gut", 3) in got
    assert ("chronic", "mouth", None) in got  # 'lieve' is a severity, no grade: not the gut's III
    assert ("acute", "liver", 2) in got
    assert ("chronic", "eye", None) in got


def test_italian_death_words(facts: Facts) -> None:
    for text in (
        "Il paziente è deceduto il 22/12/2023 presso il nostro reparto per shock settico.",
        "La paziente è deceduta il 22 dicembre 2023.",
        "Decesso in data 22/12/2023 per insufficienza respiratoria.",
    ):
        f = facts({"relazione.txt": "LLA-B diagnosticata il 03/05/2021.\n" + text})
        assert [e.date for e in kinds(f, "death")] == ["2023-12-22"], text
    f = facts({"relazione.txt": "LLA-B il 03/05/2021. Il paziente non è deceduto."})
    assert kinds(f, "death") == []


def test_a_romance_marrow_mrd_negative_after_car_t_is_the_remission(facts: Facts) -> None:
    f = facts(
        {
            "lettera.txt": "LLA-B recidivata. Il 30/05/2023 infusione di CAR-T anti-CD19.\n"
            "Il mieloaspirato al giorno +28 (27/06/2023) ha mostrato MRD negativa (<0,01%) "
            "alla citofluorimetria.",
            "compte_rendu.txt": "Azacitidine et vénétoclax, cycle 1 débuté le 02/10/2023.\n"
            "Le myélogramme du 30/10/2023 a montré une MRD négative (< 0,01 %).",
        }
    )
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [
        ("2023-06-27", "MRD-negative"),
        ("2023-10-30", "MRD-negative"),
    ]


def test_a_romance_marrow_mrd_negative_with_no_treatment_above_is_no_remission(
    facts: Facts,
) -> None:
    f = facts({"referto.txt": "Il mieloaspirato del 27/06/2023 ha mostrato MRD negativa."})
    assert kinds(f, "remission") == []
    assert [m.date for m in f.measurements if m.analyte == "mrd"] == ["2023-06-27"]


def test_french_and_italian_counted_courses_each_take_their_date(facts: Facts) -> None:
    f = facts(
        {
            "cr.txt": "LAM diagnostiquée le 14/01/2022. Induction par 7+3 débutée le 18/01/2022.\n"
            "Puis deux cures de consolidation par cytarabine haute dose (3 g/m² J1-J3-J5) "
            "débutées le 07/03/2022 et le 11/04/2022.",
        }
    )
    assert [(e.name, e.date, e.cycle) for e in kinds(f, "regimen")] == [
        ("DA", "2022-01-18", None),
        ("HiDAC", "2022-03-07", 1),
        ("HiDAC", "2022-04-11", 2),
    ]


def test_french_and_italian_ordinal_courses_have_their_number(facts: Facts) -> None:
    f = facts(
        {
            "relazione.txt": "LLA-B diagnosticata il 03/05/2021.\n"
            "Secondo ciclo Hyper-CVAD (parte B: metotrexato ad alte dosi) dal 14/06/2021.\n"
            "Terzo ciclo di FLAG-Ida dal 20/08/2021.",
            "cr.txt": "2e cure de FLAG-Ida le 20/10/2021.",
        }
    )
    assert [(e.name, e.date, e.cycle) for e in kinds(f, "regimen")] == [
        ("HYPER-CVAD", "2021-06-14", 2),
        ("FLAG-IDA", "2021-08-20", 3),
        ("FLAG-IDA", "2021-10-20", 2),
    ]


def test_italian_platelet_engraftment_after_one_label(facts: Facts) -> None:
    f = facts(
        {
            "relazione.txt": "Il 14/10/2021 (giorno 0) trapianto allogenico da fratello.\n"
            "Attecchimento: neutrofili > 500/µL in giornata +15; piastrine > 20.000/µL in "
            "giornata +19. Mucosite orale di grado 3.",
        }
    )
    assert [(e.lineage, e.date) for e in kinds(f, "engraftment")] == [
        ("neutrophil", "2021-10-29"),
        ("platelet", "2021-11-02"),
    ]


def test_french_drugs_joined_by_et_with_their_doses_are_one_regimen(facts: Facts) -> None:
    f = facts(
        {
            "cr.txt": "Rechute le 12/09/2023. Traitement par azacitidine 75 mg/m² J1-J7 et "
            "vénétoclax 400 mg/j J1-J28 (AZA-VEN) débuté le 20/09/2023.",
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("AZA+VEN", "2023-09-20")]


def test_a_regimens_dosing_bracket_is_no_course_of_its_own(facts: Facts) -> None:
    f = facts(
        {
            "referral.txt": "Started azacitidine + venetoclax on 21/03/2022 (cycle 1, aza "
            "75 mg/m2 D1-7, ven 400 mg D1-28).",
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("AZA+VEN", "2022-03-21")]


def test_two_regimens_listed_by_their_names_are_two_references(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Induction with DA from 20/01/2022. HiDAC from 03/03/2022 and "
            "04/04/2022.\nHe was in first complete remission (CR1) after DA and HiDAC x2, and "
            "proceeded to transplant on 01/06/2022.",
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("DA", "2022-01-20"),
        ("HiDAC", "2022-03-03"),
        ("HiDAC", "2022-04-04"),
    ]


def test_a_dose_after_a_name_ending_in_c_is_no_cycle_number(facts: Facts) -> None:
    # 'HDAC 3 g/m²' is the dose of HiDAC, not 'C 3', a third course
    f = facts(
        {
            "cr.txt": "LAM diagnostiquée le 14/01/2022, puis deux cures de consolidation par "
            "cytarabine haute dose (HDAC 3 g/m² x2/j J1, J3, J5) débutées le 07/03/2022 et "
            "le 11/04/2022.",
        }
    )
    assert [(e.name, e.date, e.cycle) for e in kinds(f, "regimen")] == [
        ("HiDAC", "2022-03-07", 1),
        ("HiDAC", "2022-04-11", 2),
    ]
