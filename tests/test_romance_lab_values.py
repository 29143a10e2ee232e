"""French and Italian lab sheets and letters: which column and which words hold the result."""

from __future__ import annotations

import pytest

from recordkit.models import CaseFacts
from recordkit.nlp.lab_tables import read_lab_table
from recordkit.nlp.text import sentences
from tests.extraction_helpers import Facts


def values(f: CaseFacts, analyte: str) -> list:
    return sorted((m.value, m.date) for m in f.measurements if m.analyte == analyte)


_ROWS = [
    "Leucocytes | 7,3 H | G/L | 4,0 – 10,0 | 5,5",
    "Hémoglobine | 10,6 L | g/dL | 12,0 – 16,0 | 12,2",
    "Hématocrite | 31,0 L | % | 36 – 46 | 37,0",
    "VGM | 92 | fL | 80 – 100 | 91",
    "Plaquettes | 57 L | G/L | 150 – 400 | 201",
    "Polynucléaires neutrophiles | 1,3 L | G/L | 1,8 – 7,5 | 3,4",
    "Lymphocytes | 1,1 | G/L | 1,0 – 4,0 | 1,4",
    "Monocytes | 0,6 | G/L | 0,2 – 1,0 | 0,5",
    "Éosinophiles | 0,1 | G/L | 0,0 – 0,5 | 0,2",
]


@pytest.mark.parametrize("n", [2, 5, 9])
def test_the_result_column_is_the_specimens_and_a_dated_prior_column_is_earlier(
    facts: Facts, n: int
) -> None:
    head = "Analyse | Résultat | Unité | Valeurs de référence | Antériorité 21/11/2023\n"
    f = facts({"nfs.txt": "Prélevé le 25/02/2024 à 08:40\n\n" + head + "\n".join(_ROWS[:n])})
    assert values(f, "wbc") == [(5.5, "2023-11-21"), (7.3, "2024-02-25")]
    assert values(f, "hb") == [(106.0, "2024-02-25"), (122.0, "2023-11-21")]
    if n >= 5:
        assert values(f, "plt") == [(57.0, "2024-02-25"), (201.0, "2023-11-21")]


def test_an_undated_previous_column_is_never_the_result() -> None:
    header = ["Esame", "Precedente", "Risultato", "Unità", "Intervallo di riferimento"]
    rows = [["Piastrine", "188", "44", "x10^3/µL", "150 - 400"]]
    got = read_lab_table(header, rows)
    assert [(t.col, t.mention.analyte, t.mention.value) for t in got] == [(2, "plt", 44.0)]


@pytest.mark.parametrize(
    "line",
    [
        "Emocromo del 02/10/2022: GB 36.500/mmc (blasti periferici 64%), Hb 8,8 g/dL.",
        "Emocromo del 02/10/2022: GB 36.500/mmc, blasti 64%, Hb 8,8 g/dL.",
        "Il 02/10/2022 striscio di sangue periferico con il 64% di blasti.",
    ],
)
def test_italian_blood_blasts_are_no_marrow_count(facts: Facts, line: str) -> None:
    f = facts({"lettera.txt": line + "\nAspirato midollare del 04/10/2022: blasti 81%."})
    assert values(f, "blasts") == [(81.0, "2022-10-04")]


@pytest.mark.parametrize(
    "line",
    [
        "Citogenetica: 46,XX[20]; BCR-ABL1 (p190/p210) negativo; FISH KMT2A negativa.",
        "Caryotype : 46,XY[20] ; BCR-ABL1 (p190) négatif.",
        "Molecular work-up at diagnosis: BCR-ABL1 p190 PCR negative.",
    ],
)
def test_a_negative_fusion_in_the_diagnostic_work_up_is_no_mrd(facts: Facts, line: str) -> None:
    f = facts({"lettera.txt": "Diagnosi di LLA-B il 14/02/2022.\n" + line})
    assert values(f, "mrd") == []


def test_a_negative_fusion_after_treatment_stays_mrd(facts: Facts) -> None:
    f = facts({"note.txt": "Marrow 30/06/2022 after induction: BCR-ABL1 (p190) negative."})
    assert values(f, "mrd") == [(0.0, "2022-06-30")]


@pytest.mark.parametrize(
    "table",
    [
        "Lignée | Résultat (%) | Valeurs usuelles (%)\nBlastes | 47,0 | < 5\n"
        "Myélocytes neutrophiles | 3,5 | 10 – 20\nPolynucléaires neutrophiles | 5,0 | 15 – 30",
        "Formula midollare | % | v.n. %\nBlasti | 47 | 0 – 5\nGranulociti neutrofili | 5 | 7 – 30",
        "Formula midollare | Risultato | v.n.\nBlasti | 47 | 0 – 5\n"
        "Granulociti neutrofili | 5 | 7 – 30",
    ],
)
def test_a_marrow_differential_gives_no_neutrophil_count(facts: Facts, table: str) -> None:
    f = facts({"mo.txt": "Myélogramme\nPrélevé le 09/03/2023\n\n" + table + "\n"})
    assert values(f, "anc") == []
    assert values(f, "blasts") == [(47.0, "2023-03-09")]


def test_a_differential_with_an_absolute_column_keeps_its_count() -> None:
    header = ["Differential", "%", "Absolute", "Units"]
    rows = [["Neutrophils", "62", "2.4", "x10^9/L"]]
    got = read_lab_table(header, rows)
    assert [(t.col, t.mention.analyte, t.mention.value) for t in got] == [(2, "anc", 2.4)]


def test_leader_dots_join_a_name_to_its_value(facts: Facts) -> None:
    f = facts(
        {
            "mieloaspirato.txt": "Aspirato midollare del 15/05/2023\n"
            "    Blasti ............................ 37 %\n"
            "    Linfociti " + "." * 70 + " 12 %\n",
            "fbc.txt": "Full blood count\nWBC . . . . . . 3.4 x10^9/L\nHb ………… 92 g/L\n",
        }
    )
    assert values(f, "blasts") == [(37.0, "2023-05-15")]
    assert [v for v, _ in values(f, "wbc")] == [3.4]
    assert [v for v, _ in values(f, "hb")] == [92.0]


def test_an_ellipsis_still_ends_a_sentence_before_a_word() -> None:
    text = "Il paziente era stanco... Poi 3 giorni di febbre."
    assert sentences(text) == [(0, 25), (26, len(text))]


def test_a_chinese_full_stop_at_the_end_of_a_page_closes_it() -> None:
    assert sentences("骨髓原始细胞2%。") == [(0, 9)]


def test_a_column_headed_gb_is_the_white_count(facts: Facts) -> None:
    f = facts(
        {
            "relazione.txt": "Esami del 20/01/2022\n\nGB | Hb | PLT | Neutrofili | Creatinina\n"
            "4,7 x10^3/µL | 11,2 g/dL | 131 x10^3/µL | 2,6 x10^3/µL | 0,9 mg/dL\n"
        }
    )
    assert values(f, "wbc") == [(4.7, "2022-01-20")]
    assert values(f, "plt") == [(131.0, "2022-01-20")]


def test_a_scans_caret_read_as_4_keeps_the_thousands() -> None:
    header = ["Esame", "Risultato", "Unità di misura", "Valori di riferimento"]
    rows = [["Globuli bianchi (WBC)", "27,5*", "1043/uL", "4,0 - 10,0"]]
    got = read_lab_table(header, rows)
    assert [(t.mention.analyte, t.mention.value) for t in got] == [("wbc", 27.5)]
    assert "unit_assumed" not in got[0].mention.flags


def test_a_count_per_microlitre_with_decimals_is_doubted(facts: Facts) -> None:
    f = facts({"r.txt": "Emocromo del 17/03/2023: GB 27,5 /µL, neutrofili 2300/µL."})
    wbc = next(m for m in f.measurements if m.analyte == "wbc")
    anc = next(m for m in f.measurements if m.analyte == "anc")
    assert wbc.confidence < 0.9 and any("counted whole" in d for d in wbc.doubts)
    assert anc.value == 2.3 and not any("counted whole" in d for d in anc.doubts)


def test_neutrophilic_myelocytes_are_no_neutrophil_count(facts: Facts) -> None:
    f = facts(
        {
            "nfs.txt": "NFS du 07/03/2023\n\nAnalyse | Résultat | Unité\n"
            "Granulocytes neutrophiles | 1,9 | G/L\nMyélocytes neutrophiles | 0,3 | G/L\n"
            "Métamyélocytes neutrophiles | 0,2 | G/L\n",
            "emocromo.txt": "Emocromo del 09/03/2023: neutrofili 2,4 x10^3/µL, "
            "metamielociti neutrofili 0,1 x10^3/µL.",
        }
    )
    assert values(f, "anc") == [(1.9, "2023-03-07"), (2.4, "2023-03-09")]
