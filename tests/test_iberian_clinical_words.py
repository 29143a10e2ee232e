"""Spanish and Portuguese clinical words as haematologists write them (and their English twins):
a relapse's stated site, blast names, engraftment, graft and donor, GVHD organ and grade."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


@pytest.mark.parametrize(
    "text",
    [
        "Evolução 14/02/2023\nRecidiva medular em 09/01/2023, DRM por citometria de fluxo 38%.",
        "Clinic letter 14/02/2023\nMarrow relapse on 09/01/2023, MRD by flow 38%.",
        "Clinic letter 14/02/2023\nMedullary relapse on 09/01/2023, MRD by flow 38%.",
        "Clinic letter 14/02/2023\nRelapse in the bone marrow on 09/01/2023, MRD by flow 38%.",
        "Arztbrief 14.02.2023\nKnochenmarkrezidiv am 09.01.2023, MRD mittels FACS 38%.",
    ],
)
def test_a_relapse_stated_in_the_marrow_stays_haematological_beside_its_mrd(
    facts: Facts, text: str
) -> None:
    f = facts({"a.txt": text})
    assert [(e.date, e.type) for e in kinds(f, "relapse")] == [("2023-01-09", "haematological")]
    assert [m.value for m in f.measurements if m.analyte == "mrd"] == [38.0]  # its burden


def test_an_extramedullary_relapse_beside_an_mrd_stays_extramedullary(facts: Facts) -> None:
    f = facts({"a.txt": "Clinic letter 14/02/2023\nExtramedullary relapse on 09/01/2023, MRD 1%."})
    assert [e.type for e in kinds(f, "relapse")] == ["extramedullary"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Aspirado de médula ósea el 15/03/2023: 88% de linfoblastos.", 88.0),
        ("Aspirado de médula ósea el 15/03/2023: mieloblastos 62%.", 62.0),
        ("Mielograma (coletado em 15/03/2023) com 45% de linfoblastos.", 45.0),
    ],
)
def test_lymphoblasts_and_myeloblasts_in_spanish_and_portuguese_are_blasts(
    facts: Facts, text: str, value: float
) -> None:
    f = facts({"a.txt": text})
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "blasts"] == [
        (value, "2023-03-15")
    ]


def test_pega_of_a_lineage_is_its_engraftment(facts: Facts) -> None:
    f = facts(
        {
            "evolucao.txt": "Data: 30/08/2022\n"
            "Transplante alogênico de medula óssea em 28/07/2022.\n"
            "Pega de neutrófilos em D+18 e pega plaquetária em D+22.",
        }
    )
    assert [(e.date, e.lineage) for e in kinds(f, "engraftment")] == [
        ("2022-08-15", "neutrophil"),
        ("2022-08-19", "platelet"),
    ]


def test_pega_as_an_everyday_verb_is_no_engraftment(facts: Facts) -> None:
    f = facts({"a.txt": "Data: 30/08/2022\nPaciente pega o ônibus para a consulta em 15/08/2022."})
    assert kinds(f, "engraftment") == []


@pytest.mark.parametrize(
    "text",
    [
        "Data: 30/08/2022\nTransplante alogênico de medula óssea de doador aparentado em "
        "28/07/2022.",
        "Fecha: 30/08/2022\nTrasplante alogénico de médula ósea de donante emparentado el "
        "28/07/2022.",
    ],
)
def test_an_allogeneic_marrow_transplant_from_a_related_donor_names_graft_and_donor(
    facts: Facts, text: str
) -> None:
    f = facts({"a.txt": text})
    assert [(e.date, e.grafts, e.donor) for e in kinds(f, "transplant")] == [
        ("2022-07-28", ("BM",), "sibling")
    ]


def test_a_related_haploidentical_donor_stays_haploidentical(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Data: 30/08/2022\nTransplante alogênico de doador aparentado "
            "haploidêntico em 28/07/2022.",
        }
    )
    assert [e.donor for e in kinds(f, "transplant")] == ["haploidentical"]


@pytest.mark.parametrize(
    ("line", "organ", "grade"),
    [
        ("EICH aguda cutánea grado II el 22/08/2022.", "skin", 2),
        ("DECH aguda de pele grau II em D+25.", "skin", 2),
        ("DECH aguda cutânea grau 3 em 22/08/2022.", "skin", 3),
    ],
)
def test_a_skin_gvhd_in_spanish_or_portuguese_names_its_organ_and_grade(
    facts: Facts, line: str, organ: str, grade: int
) -> None:
    f = facts({"a.txt": f"Data: 30/08/2022\nTransplante alogênico em 28/07/2022.\n{line}"})
    assert [(e.date, e.form, e.organ, e.grade) for e in kinds(f, "gvhd")] == [
        ("2022-08-22", "acute", organ, grade)
    ]


def test_a_myelogram_differential_with_its_percent_only_in_the_header_gives_blasts(
    facts: Facts,
) -> None:
    report = (
        "Hospital Comarcal del Río - Laboratorio de Hematología\n"
        "INFORME DE MIELOGRAMA\n"
        "Fecha de extracción: 19/04/2023\n"
        "Médula ósea normocelular.\n"
        "Línea | % | Valores de referencia\n"
        "Blastos | 3 | 0-5\n"
        "Promielocitos | 4 | 1-8\n"
        "Linfocitos | 14 | 5-20\n"
    )
    got = [(m.value, m.date) for m in facts({"mielo.txt": report}).measurements
           if m.analyte == "blasts"]  # fmt: skip
    assert got == [(3.0, "2023-04-19")]
