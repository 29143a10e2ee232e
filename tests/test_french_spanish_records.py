"""French (France, Belgium, Switzerland) and Spanish (Spain, Argentina) records."""

from __future__ import annotations

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts, kinds


def test_french_transplant_course_is_read(facts: Facts) -> None:
    f = facts(
        {
            "lettre.txt": "Allogreffe de cellules souches périphériques le 14/03/2022 à partir "
            "de sa sœur HLA-identique.\n"
            "GVH aiguë digestive de grade III le 28/03/2022.\n"
            "Rechute cytologique le 19/10/2022.\n"
            "La patiente est décédée le 23/12/2022.",
        }
    )
    assert [(e.date, e.donor, e.grafts) for e in kinds(f, "transplant")] == [
        ("2022-03-14", "sibling", ("PBSC",))
    ]
    assert [(e.date, e.form, e.organ, e.grade) for e in kinds(f, "gvhd")] == [
        ("2022-03-28", "acute", "gut", 3)
    ]
    assert [(e.date, e.type) for e in kinds(f, "relapse")] == [("2022-10-19", "haematological")]
    assert [e.date for e in kinds(f, "death")] == ["2022-12-23"]


def test_spanish_transplant_course_is_read(facts: Facts) -> None:
    f = facts(
        {
            "evolucion.txt": "Alo-TPH de donante no emparentado con progenitores de sangre "
            "periférica el 3 de mayo de 2021, acondicionamiento FLU-BU4.\n"
            "EICH crónica hepática diagnosticada el 20/09/2021.\n"
            "Recaída molecular el 15/02/2022.\n"
            "Fallece el 30/06/2022.",
        }
    )
    assert [(e.date, e.donor, e.grafts) for e in kinds(f, "transplant")] == [
        ("2021-05-03", "unrelated", ("PBSC",))
    ]
    assert [(e.date, e.form, e.organ) for e in kinds(f, "gvhd")] == [
        ("2021-09-20", "chronic", "liver")
    ]
    assert [(e.date, e.type) for e in kinds(f, "relapse")] == [("2022-02-15", "molecular")]
    assert [e.date for e in kinds(f, "death")] == ["2022-06-30"]


def test_diagnosis_and_remission_depth_in_both_languages(facts: Facts) -> None:
    f = facts(
        {
            "fr.txt": "LAM NPM1 mutée diagnostiquée le 17/01/2022.",
            "es.txt": "PAMO del 25/04/2022: recuperación hematológica incompleta (RCi).",
        }
    )
    assert [(e.date, e.label) for e in kinds(f, "diagnosis")] == [("2022-01-17", "AML")]
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [("2022-04-25", "CRi")]


def test_negated_and_planned_mentions_are_no_events(facts: Facts) -> None:
    f = facts(
        {
            "fr.txt": "Pas d'indication d'allogreffe en RC1 le 20/05/2022.\n"
            "Une injection de lymphocytes du donneur est prévue le 30/06/2022.\n"
            "Injection de lymphocytes du donneur le 14/07/2022.",
            "es.txt": "Se decide infusión de linfocitos del donante el 21/07/2022.\n"
            "Sin recaída el 25/08/2022.",
        }
    )
    assert kinds(f, "transplant") == kinds(f, "relapse") == []
    assert [e.date for e in kinds(f, "dli")] == ["2022-07-14"]  # only the one given


def test_a_plan_heading_holds_no_events(facts: Facts) -> None:
    f = facts(
        {
            "crh.txt": "Histoire de la maladie :\nLAM diagnostiquée le 13/01/2022.\n\n"
            "Conduite à tenir :\nAllogreffe le 28/04/2022.",
        }
    )
    assert [e.kind for e in f.events] == ["diagnosis"]


def test_stem_cells_are_no_relative(facts: Facts) -> None:
    f = facts({"es.txt": "Trasplante de células madre hematopoyéticas el 14/09/2021."})
    assert [e.date for e in kinds(f, "transplant")] == ["2021-09-14"]


def test_count_recovery_is_engraftment_only_after_a_transplant(facts: Facts) -> None:
    f = facts(
        {
            "induction.txt": "Sortie d'aplasie le 18/02/2022 après induction.",
            "greffe.txt": "Allogreffe le 13/06/2022. Sortie d'aplasie le 30/06/2022.",
        }
    )
    assert [e.date for e in kinds(f, "engraftment")] == ["2022-06-30"]


def values(f: CaseFacts, analyte: str) -> list:
    return [(m.value, m.date) for m in f.measurements if m.analyte == analyte]


def test_french_counts_and_marrow_results_are_read(facts: Facts) -> None:
    f = facts(
        {
            "crh.txt": "NFS le 14/03/2022 : leucocytes 12,4 G/L, hémoglobine 9,1 g/dl, "
            "plaquettes 35 G/L, neutrophiles 0,8 G/L, blastes circulants 40 %.\n"
            "Myélogramme le 15/03/2022 : moelle riche, 62 % de blastes.\n"
            "Chimérisme sur sang total le 16/03/2022 : 97 % donneur.\n"
            "Maladie résiduelle le 17/03/2022 : indétectable.",
        }
    )
    assert values(f, "wbc") == [(12.4, "2022-03-14")]
    assert values(f, "hb") == [(91.0, "2022-03-14")]
    assert values(f, "plt") == [(35.0, "2022-03-14")]
    assert values(f, "anc") == [(0.8, "2022-03-14")]
    assert values(f, "blasts") == [(62.0, "2022-03-15")]  # the blood's 40 % is no marrow count
    assert values(f, "chimerism") == [(97.0, "2022-03-16")]
    assert values(f, "mrd") == [(0.0, "2022-03-17")]


def test_spanish_counts_and_marrow_results_are_read(facts: Facts) -> None:
    f = facts(
        {
            "alta.txt": "Hemograma del 14/03/2022: leucocitos 86.300/mm3, hemoglobina 7,9 g/dl, "
            "plaquetas 23.000/mm3, neutrófilos 1.900/mm3.\n"
            "PAMO del 15/03/2022: 18 % de blastos.\n"
            "Quimerismo en médula ósea el 16/03/2022: 72 % donante.\n"
            "Enfermedad mínima residual el 17/03/2022: 0,02 %.",
        }
    )
    assert values(f, "wbc") == [(86.3, "2022-03-14")]
    assert values(f, "hb") == [(79.0, "2022-03-14")]
    assert values(f, "plt") == [(23.0, "2022-03-14")]
    assert values(f, "anc") == [(1.9, "2022-03-14")]
    assert values(f, "blasts") == [(18.0, "2022-03-15")]
    assert values(f, "chimerism") == [(72.0, "2022-03-16")]
    assert values(f, "mrd") == [(0.02, "2022-03-17")]


def test_birth_and_admission_labels_never_date_a_result(facts: Facts) -> None:
    f = facts(
        {
            "alta.txt": "Fecha de nacimiento: 03/11/1979\nFecha de ingreso: 02/10/2022\n"
            "Hemoglobina 8,8 g/dl.",
            "crh.txt": "Patiente née le 14/06/1965\nCompte rendu du 16/02/2023\n"
            "Hémoglobine 9,4 g/dl.",
        }
    )
    assert sorted(values(f, "hb")) == [(88.0, "2022-10-02"), (94.0, "2023-02-16")]


def test_day_counts_after_a_transplant_in_both_languages(facts: Facts) -> None:
    f = facts(
        {
            "fr.txt": "Allogreffe le 27/06/2023.\nPrise de greffe des PNN à J+17.",
            "es.txt": "Alo-TPH el 08/02/2023.\nInjerto de neutrófilos el día +16.",
        }
    )
    assert [e.date for e in kinds(f, "engraftment")] == ["2023-02-24", "2023-07-14"]


def test_a_trend_told_with_then_keeps_both_values(facts: Facts) -> None:
    f = facts(
        {
            "fr.txt": "MRD NPM1 : 0,004 % le 08/01/2024 puis 0,9 % le 05/02/2024.",
            "es.txt": "EMR: 0,01 % el 13/03/2023, luego 0,5 % el 17/04/2023.",
        }
    )
    assert sorted(values(f, "mrd")) == [
        (0.004, "2024-01-08"),
        (0.01, "2023-03-13"),
        (0.5, "2023-04-17"),
        (0.9, "2024-02-05"),
    ]


def test_french_and_spanish_drug_names_make_one_regimen(facts: Facts) -> None:
    f = facts(
        {
            "es.txt": "Inicia azacitidina 75 mg/m2 días 1-7 + venetoclax 400 mg/día el 02/08/2023.",
            "fr.txt": "Induction par idarubicine 12 mg/m2 J1-J3, cytarabine 200 mg/m2 J1-J7 "
            "le 12/01/2023.\nConsolidation par cytarabine haute dose le 15/03/2023.\n"
            "Azacitidine + vénétoclax à partir du 26/02/2024.",
        }
    )
    regimens = [(e.name, e.date) for e in kinds(f, "regimen")]
    assert regimens == [
        ("IA", "2023-01-12"),
        ("HiDAC", "2023-03-15"),
        ("AZA+VEN", "2023-08-02"),
        ("AZA+VEN", "2024-02-26"),
    ]
    doubts = [d for e in kinds(f, "regimen") for d in e.doubts]
    assert not [d for d in doubts if "spelling" in d]  # each drug name is known as written


def test_italian_doses_per_square_metre_and_days_join_a_combination(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Lettera 20/10/2023\nAzacitidina 75 mg/mq + venetoclax dal 05/10/2023.",
            "b.txt": "Lettera 20/06/2021\nAzacitidina gg 1-7 + venetoclax dal 14/05/2021.",
        }
    )
    regimens = sorted((e.date, e.name) for e in kinds(f, "regimen"))
    assert regimens == [("2021-05-14", "AZA+VEN"), ("2023-10-05", "AZA+VEN")]


def test_a_lineage_written_after_engraftment_names_it(facts: Facts) -> None:
    f = facts(
        {
            "i.txt": "Informe 01/08/2022\nTrasplante alogénico el 12/06/2022.\n"
            "Injerto plaquetario el día +22. Injerto de neutrófilos el día +15.\n"
        }
    )
    got = sorted((e.lineage, e.date) for e in f.events if e.kind == "engraftment")
    assert got == [("neutrophil", "2022-06-27"), ("platelet", "2022-07-04")]


def test_graft_named_by_its_source_in_both_languages(facts: Facts) -> None:
    f = facts(
        {
            "fr.txt": "Allogreffe de moelle osseuse le 09/02/2020.\n"
            "Autogreffe de CSP le 17/06/2021.",
            "es.txt": "TPH alogénico de donante no emparentado (sangre periférica) el 02/03/2022.\n"
            "TPH alogénico de donante emparentado, fuente: médula ósea, el 05/10/2023.",
        }
    )
    assert [(e.date, e.grafts) for e in kinds(f, "transplant")] == [
        ("2020-02-09", ("BM",)),
        ("2021-06-17", ("PBSC",)),
        ("2022-03-02", ("PBSC",)),
        ("2023-10-05", ("BM",)),
    ]


def test_a_second_remission_is_not_the_first(facts: Facts) -> None:
    f = facts(
        {
            "alta.txt": "Remisión completa tras la inducción (aspirado medular del 12/05/2020).\n"
            "Recaída hematológica el 03/02/2023.\n\n"
            "DIAGNÓSTICO PRINCIPAL:\n"
            "Recaída de LMA. Segunda remisión completa (RC2) tras FLAG-Ida.",
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2020-05-12", None]
