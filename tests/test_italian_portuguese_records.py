"""Italian and Portuguese (Brazil) haematology letters: their standard words."""

from __future__ import annotations

import pytest

from recordkit.dates import DateType, find_dates
from recordkit.models import CaseFacts
from recordkit.nlp.rules import load_rules
from tests.extraction_helpers import Facts, kinds


def values(f: CaseFacts, analyte: str) -> list:
    return [(m.value, m.date) for m in f.measurements if m.analyte == analyte]


def test_italian_course_is_read(facts: Facts) -> None:
    f = facts(
        {
            "lettera.txt": "U.O. Ematologia\n"
            "Diagnosi di sindrome mielodisplastica il 03/02/2019.\n"
            "06/2020: evoluzione in LAM.\n"
            "Il 08/09/2020 remissione completa con recupero ematologico incompleto.\n"
            "22/11/2020: trapianto allogenico da donatore aploidentico (fratello), fonte "
            "cellule staminali periferiche, condizionamento FLU-BU.\n"
            "GVHD intestinale acuta di grado 3 il 14/12/2020.\n"
            "Il 19/05/2022 recidiva ematologica post-trapianto.",
        }
    )
    assert [(e.date, e.label) for e in kinds(f, "diagnosis")] == [
        ("2019-02-03", "MDS"),
        ("2020-06", "AML"),
    ]
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [("2020-09-08", "CRi")]
    assert [(e.date, e.donor, e.grafts) for e in kinds(f, "transplant")] == [
        ("2020-11-22", "haploidentical", ("PBSC",))
    ]
    assert [(e.date, e.form, e.organ) for e in kinds(f, "gvhd")] == [("2020-12-14", "acute", "gut")]
    assert [(e.date, e.type) for e in kinds(f, "relapse")] == [("2022-05-19", "haematological")]


def test_italian_counts_and_marrow_results_are_read(facts: Facts) -> None:
    f = facts(
        {
            "dimissione.txt": "Emocromo del 11/04/2023: GB 3.100/mmc, N 700/mmc, "
            "Hb 10,2 g/dl, PLT 64.000/mmc.\n"
            "Aspirato midollare del 12/04/2023: 18% di blasti mieloidi.\n"
            "Chimerismo midollare del 12/04/2023: 88% donatore.\n"
            "Malattia minima residua del 13/04/2023: 0,3%.",
        }
    )
    assert values(f, "wbc") == [(3.1, "2023-04-11")]
    assert values(f, "anc") == [(0.7, "2023-04-11")]
    assert values(f, "plt") == [(64.0, "2023-04-11")]
    assert not [m for m in f.measurements if "unit_assumed" in m.flags]  # /mmc is /mm³
    assert values(f, "blasts") == [(18.0, "2023-04-12")]
    assert values(f, "chimerism") == [(88.0, "2023-04-12")]
    assert values(f, "mrd") == [(0.3, "2023-04-13")]


def test_a_lone_capital_n_is_no_neutrophil_count(facts: Facts) -> None:
    f = facts({"note.txt": "Staging 11/04/2023: cT2 N 1 M0; N = 45 pazienti."})
    assert values(f, "anc") == []


def test_portuguese_course_is_read(facts: Facts) -> None:
    f = facts(
        {
            "relatorio.txt": "Serviço de Hematologia\n"
            "Diagnóstico de leucemia mieloide aguda em 04/03/2021.\n"
            "Mielograma (coletado em 11/04/2021): remissão completa, DRM negativa.\n"
            "Transplante de medula óssea alogênico de doador não aparentado em 20/07/2021.\n"
            "Recidiva medular em 15/06/2022, tratada com gilteritinibe desde 01/07/2022.",
        }
    )
    assert [(e.date, e.label) for e in kinds(f, "diagnosis")] == [("2021-03-04", "AML")]
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [("2021-04-11", "MRD-negative")]
    assert [(e.date, e.donor, e.grafts) for e in kinds(f, "transplant")] == [
        ("2021-07-20", "unrelated", ("BM",))
    ]
    assert [e.date for e in kinds(f, "relapse")] == ["2022-06-15"]
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("GILTERITINIB", "2022-07-01")]
    assert not [d for d in kinds(f, "regimen")[0].doubts if "approximately" in d]


def test_portuguese_marrow_results_are_read(facts: Facts) -> None:
    f = facts(
        {
            "mielograma.txt": "Mielograma (coletado em 09/05/2023): 36% de blastos.\n"
            "DRM por citometria de fluxo em 09/05/2023: 12,5%.\n"
            "Quimerismo em 10/05/2023: 58% do doador.",
        }
    )
    assert values(f, "blasts") == [(36.0, "2023-05-09")]
    assert values(f, "mrd") == [(12.5, "2023-05-09")]
    assert values(f, "chimerism") == [(58.0, "2023-05-10")]


def test_italian_day_counts_after_a_transplant_are_dated(facts: Facts) -> None:
    f = facts(
        {
            "lettera.txt": "Trapianto allogenico il 15/10/2021.\n"
            "Attecchimento neutrofilo in giornata +19. PLT 45 in giornata +28.",
        }
    )
    assert [e.date for e in kinds(f, "engraftment")] == ["2021-11-03"]
    assert values(f, "plt") == [(45.0, "2021-11-12")]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Paziente: BIANCHI Elena, nata il 04/11/1979 - SDO 2022/118", DateType.BIRTH),
        ("Sig. Verdi Paolo, nato il 17/06/1984", DateType.BIRTH),
        ("Data di nascita: 04/11/1979", DateType.BIRTH),
        ("Data de nascimento: 04/11/1979", DateType.BIRTH),
        ("Data prelievo: 15/02/2023", DateType.COLLECTION),
        ("Data del prelievo 15/02/2023 ore 07:55", DateType.COLLECTION),
        ("Data accettazione: 16/02/2023", DateType.RECEIVED),
        ("Data referto: 17/02/2023", DateType.REPORT),
        ("Data refertazione: 17/02/2023", DateType.REPORT),
    ],
)
def test_italian_birth_collection_and_report_labels(line: str, kind: DateType) -> None:
    [d] = find_dates(line, "DMY", load_rules().dates)
    assert d.type is kind, line


def test_an_italian_marrow_report_is_dated_by_its_sample_not_the_birth_date(
    facts: Facts,
) -> None:
    f = facts(
        {
            "referto.txt": "LABORATORIO DI EMATOLOGIA - REFERTO DI MIELOASPIRATO\n\n"
            "Cognome e nome: BIANCHI ELENA          Data di nascita: 04/11/1979\n"
            "Data prelievo: 15/02/2023              Data refertazione: 17/02/2023\n\n"
            "Chimerismo (STR) su sangue midollare: 63% donatore.\n",
            "relazione.txt": "RELAZIONE CLINICA\nPaziente: BIANCHI Elena, nata il 04/11/1979\n"
            "Ricovero in Ematologia\n\nChimerismo su sangue periferico: 97% donatore.\n",
        }
    )
    assert values(f, "chimerism") == [(63.0, "2023-02-15"), (97.0, None)]
    assert [(d.file, d.date) for d in f.documents] == [
        ("referto.txt", "2023-02-15"),
        ("relazione.txt", None),
    ]
