"""Italian and Portuguese (Brazil) haematology letters: their standard words."""

from __future__ import annotations

from recordkit.models import CaseFacts
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
    assert [(e.date, e.form, e.organ) for e in kinds(f, "gvhd")] == [
        ("2020-12-14", "acute", "gut")
    ]
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
