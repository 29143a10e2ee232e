"""Spanish and Portuguese records: their date labels and the time points they count."""

from __future__ import annotations

import pytest

from recordkit.dates import DateType, find_dates, infer_order
from recordkit.nlp.rules import DateRules
from tests.extraction_helpers import Facts, dated, kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Data: 18/04/2022", DateType.DOCUMENT),
        ("Data da consulta: 18/04/2022", DateType.DOCUMENT),
        ("Trapianto allogenico in data 12/03/2022.", None),
        ("Trasplante alogénico con fecha 12/03/2022.", None),
    ],
)
def test_data_labels_the_document_but_not_inside_a_sentence(
    text: str, kind: DateType | None, rules: DateRules
) -> None:
    assert [d.type for d in find_dates(text, "DMY", rules)] == [kind]


def test_a_day_count_of_a_named_course_counts_from_that_course(facts: Facts) -> None:
    f = facts(
        {
            "a_internacao.txt": "Data: 10/03/2022\n"
            "Iniciada quimioterapia de indução com Hyper-CVAD (ciclo 1A) em 11/03/2022.",
            "b_evolucao.txt": "Data: 18/04/2022\n"
            "Paciente em D+38 do ciclo 1A do Hyper-CVAD; mielograma com 1% de blastos.",
            "c_alta.txt": "Data: 30/08/2022\nTransplante alogênico em 28/07/2022.",
        }
    )
    # one course, on its own day: the count is a time point of it, not a second course
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("HYPER-CVAD", "2022-03-11")]
    # day 38 of a course begun 11/03 (its day 1), not 38 days after the later transplant
    assert dated(f, "blasts") == [(1.0, "2022-04-17")]


@pytest.mark.parametrize(
    "text",
    [
        "día +15 de la inducción",
        "D+38 do ciclo 1A",
        "day 14 of induction",
        "Day +14 of the second induction",
    ],
)
def test_course_day_counts_count_from_the_course(text: str, rules: DateRules) -> None:
    (d,) = find_dates(text, "DMY", rules)
    assert d.relative is not None and d.relative.anchor_kind == "regimen"


def test_a_schedule_day_of_a_cycle_is_no_time_point(rules: DateRules) -> None:
    assert find_dates("cytarabine on day 3 of cycle 2, day 1 of each cycle", "DMY", rules) == []


@pytest.mark.parametrize(
    "letter",
    [
        "Recife, 30 de agosto de 2022\nLLA-B (diagnóstico em março de 2022), em RC1, DRM negativa.",
        "Lima, 30 de agosto de 2022\nLLA-B (diagnóstico en marzo de 2022), en RC1, EMR negativa.",
        "Leeds, 30 August 2022\nB-ALL (diagnosis in March 2022), in CR1, MRD negative.",
    ],
)
def test_a_bracketed_diagnosis_date_is_the_diagnosis_only(letter: str, facts: Facts) -> None:
    f = facts({"carta.txt": letter})
    assert [e.date for e in kinds(f, "diagnosis")] == ["2022-03"]
    (mrd,) = [m for m in f.measurements if m.analyte == "mrd"]
    assert mrd.date == "2022-08-30" and mrd.doubts  # the letter's day, doubted


@pytest.mark.parametrize(
    "head",
    [
        "Data de emissão: 16/08/2022     Data da coleta: 15/08/2022",
        "Paciente: J.S.O.     Coletado em: 15/08/2022   Liberado em: 16/08/2022",
        "Data de coleta: 15/08/2022   Emitido em: 16/08/2022",
    ],
)
def test_a_brazilian_lab_result_takes_its_collection_day(head: str, facts: Facts) -> None:
    f = facts({"hemograma.txt": f"{head}\nLeucócitos: 1.600/mm³"})
    (wbc,) = [m for m in f.measurements if m.analyte == "wbc"]
    assert (wbc.value, wbc.date) == (1.6, "2022-08-15")
    assert not wbc.doubts


@pytest.mark.parametrize(
    "sentence",
    [
        "Paciente con LMA en 2.ª RC al momento del TPH alo haploidéntico (10/04/2024).",
        "Patient with AML in CR2 at the time of the allo-HSCT (10/04/2024).",
    ],
)
def test_the_state_a_transplant_was_given_in_is_no_new_remission(
    sentence: str, facts: Facts
) -> None:
    f = facts({"nota.txt": f"Fecha: 03/10/2024\nRC2 el 20/02/2024.\n{sentence}"})
    assert [e.date for e in kinds(f, "remission")] == ["2024-02-20"]
    assert [e.date for e in kinds(f, "transplant")] == ["2024-04-10"]


def test_a_day_first_cue_is_named_as_evidence_not_as_a_country(rules: DateRules) -> None:
    order, why = infer_order("Paciente con LMA, TPH alo el 10/04/2024.", rules)
    assert order == "DMY"
    assert "British" not in why and "spelling" in why


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Fecha de extracción: 14-ene-2024", "2024-01-14"),
        ("Data da coleta: 02-fev-2021", "2021-02-02"),
        ("Muestra del 09-abr-2022", "2022-04-09"),
        ("Coleta 21-ago-2020", "2020-08-21"),
        ("Coleta 30-set-2021", "2021-09-30"),
        ("Coleta 11/out/2019", "2019-10-11"),
        ("Extracción 05-DIC-2023", "2023-12-05"),
    ],
)
def test_a_lab_system_s_local_month_abbreviation_is_a_month(
    text: str, value: str, rules: DateRules
) -> None:
    assert [str(d.value) for d in find_dates(text, "DMY", rules)] == [value]


@pytest.mark.parametrize(
    "text", ["seen 3 weeks ago 2019 review", "infection ruled out 2023", "DIC 2019 resolved"]
)
def test_an_abbreviation_that_is_also_a_word_is_a_month_only_between_day_and_year(
    text: str, rules: DateRules
) -> None:
    assert find_dates(text, "DMY", rules) == []


def test_a_row_dated_with_a_spanish_month_keeps_its_own_date(facts: Facts) -> None:
    f = facts(
        {
            "quimerismo.txt": "Informe de quimerismo   Fecha de informe: 20/01/2024\n\n"
            "Fecha        Muestra   % donante\n"
            "10-oct-2023  MO        99,1\n"
            "14-ene-2024  MO        91,7\n"
        }
    )
    assert sorted(dated(f, "chimerism")) == [(91.7, "2024-01-14"), (99.1, "2023-10-10")]


@pytest.mark.parametrize("label", ["Fecha de extracci6én", "Fecha de extraccién", "Data da coleta"])
def test_a_collection_label_whose_accent_ocr_misread_still_dates_the_results(
    facts: Facts, label: str
) -> None:
    report = (
        "Hospital del Sur - Servicio de Hematologia\n"
        "INFORME DE CITOMETRIA DE FLUJO\n"
        f"{label} | 12/02/2024\n"
        "Fecha de informe | 19/02/2024\n"
        "Muestra: aspirado de médula ósea\n"
        "Blastos (morfologia) | 4%\n"
    )
    assert dated(facts({"emr.txt": report}), "blasts") == [(4.0, "2024-02-12")]
