"""Molecular and marrow results as their reports print them: a qPCR table's copies beside its
ratio, a report's legend and a letter's response targets, shares of blasts, and MRD assays
of one marrow read together (documents invented for these tests)."""

from __future__ import annotations

from recordkit.nlp.lab_tables import LabTableReader
from recordkit.nlp.rules import TableRole, load_rules
from tests.extraction_helpers import Facts, dated, kinds


def test_a_qpcr_tables_copies_are_counts_and_its_ratio_is_the_result(facts: Facts) -> None:
    text = (
        "Westbrook Molecular Haematology\nQuantitative BCR::ABL1 monitoring, cumulative\n\n"
        "Collected | Spec | BCR::ABL1 copies | ABL1 copies | Ratio % | Log red.\n"
        "12/01/2022 | BM | 30,500 | 610,000 | 5.0 | -\n"
        "14/03/2022 | BM | 7 | 180,400 | 0.0039 | 3.1\n"
        "20/06/2022 | PB | 35 | 190,200 | 0.018 | 2.4\n"
    )
    f = facts({"pcr.txt": text})
    assert dated(f, "mrd") == [
        (5.0, "2022-01-12"), (0.0039, "2022-03-14"), (0.018, "2022-06-20")
    ]  # fmt: skip
    reader = LabTableReader(load_rules().analytes)
    header = ["Date", "NPM1 mut copies", "ABL1 copies", "% IS"]
    assert reader.header_role("NPM1 mut copies") is TableRole.COUNT
    got = reader.read(header, [["03/02/2023", "14", "95,000", "0.015"]])
    assert [(t.col, t.mention.value) for t in got] == [(3, 0.015)]
    # a ratio written per 10^4 ABL1 copies is a normalised result, no count
    assert reader.header_role("BCR::ABL1 copies/10^4 ABL1") is not TableRole.COUNT


def test_undetectable_cells_are_zero_and_legends_and_goals_are_no_results(facts: Facts) -> None:
    serial = (
        "Harbourside Molecular Lab\nBCR::ABL1 IS serial report\nReport date: 17/02/2022\n\n"
        "Collected | Sample | BCR::ABL1 % IS | Response\n"
        "23/03/2021 | PB | 0.62 | -\n"
        "28/06/2021 | PB | 0.045 | MMR\n"
        "14/10/2021 | PB | UD | MR4.5\n"
        "13/01/2022 | PB | ND | -\n\n"
        "Key: UD = undetectable; MR4.5 = BCR::ABL1 <=0.0032% IS or undetectable with "
        "adequate control copies.\n"
    )
    f = facts({"serial.txt": serial})
    assert dated(f, "mrd") == [
        (0.62, "2021-03-23"),
        (0.045, "2021-06-28"),
        (0.0, "2021-10-14"),
    ]  # fmt: skip; 'ND' may be 'not done': no result
    letter = (
        "Haematology clinic, 14/01/2021\nWe started imatinib 400 mg daily on 14/01/2021. We "
        "explained the goals of treatment (BCR::ABL1 IS <=10% at 3 months, <=1% at 6 months, "
        "MMR (<=0.1%) at 12 months).\n"
    )
    assert dated(facts({"letter.txt": letter}), "mrd") == []


def test_a_markers_share_of_the_blasts_after_a_comma_is_no_blast_count(facts: Facts) -> None:
    text = (
        "Haematology clinic letter, 22/09/2021\n"
        "Bone marrow 16/09/2021 - lymphoblasts 41%, CD19+ CD22+ (CD22 bright, 92% of blasts), "
        "BM chimerism 68% donor.\n"
        "Marrow 18/09/2021, 55% of blasts, CD10+.\n"
    )
    f = facts({"letter.txt": text})
    assert dated(f, "blasts") == [(41.0, "2021-09-16"), (55.0, "2021-09-18")]


def test_no_mrd_negative_remission_from_a_marrow_another_assay_finds_positive(
    facts: Facts,
) -> None:
    course = "Haematology review, 20/04/2023\nBlinatumomab cycle 1 from 01/03/2023.\n"
    clear = facts({"a.txt": course + "Repeat marrow on 07/04/2023: flow MRD negative (<0.01%).\n"})
    assert [e.date for e in kinds(clear, "remission")] == ["2023-04-07"]
    ngs = "Repeat marrow on 07/04/2023: flow MRD negative (<0.01%), IG/TR NGS MRD 6.0 x 10^-5.\n"
    assert kinds(facts({"a.txt": course + ngs}), "remission") == []
    relapse = (
        "Haematology review, 20/05/2022\nDear colleague,\nBCR::ABL1 was 0.44% IS on the marrow "
        "of 11/05/2022, a loss of MMR which we regard as a molecular relapse. On the same "
        "marrow (11/05/2022): blasts 3%, flow MRD negative (<0.01%).\n"
    )
    f = facts({"b.txt": relapse})
    assert [e.date for e in kinds(f, "relapse")] == ["2022-05-11"]
    assert kinds(f, "remission") == []


def test_a_marrow_told_after_a_course_given_for_mrd_or_after_a_relapse_is_a_remission(
    facts: Facts,
) -> None:
    # the row's '(MRD+)' says why the course was given; its outcome cell is the marrow after it
    row = (
        "Referral for cellular therapy, 02/09/2022\nStart | Therapy | Outcome\n"
        "14/02/2022 | Blinatumomab 28 days (MRD+) | BM 21/03/2022: MRD negative\n"
    )
    got = [(e.date, e.depth) for e in kinds(facts({"a.txt": row}), "remission")]
    assert got == [("2022-03-21", "MRD-negative")]
    # the line holding the marrow also holds the salvage's days: none of them is the marrow's
    note = (
        "Progress note, 14/07/2023\nShe relapsed with CD19-negative disease on 02/04/2023 and\n"
        "had inotuzumab (C1D1 11/04/2023, C2D1 09/05/2023). BM 06/06/2023: 1% blasts, flow MRD\n"
        "negative (<0.01%) - MRD-negative CR2.\n"
    )
    got = [(e.date, e.depth) for e in kinds(facts({"b.txt": note}), "remission")]
    assert got == [("2023-06-06", "MRD-negative")]


def test_blasts_belong_to_the_specimen_named_nearest_them(facts: Facts) -> None:
    table = (
        "Laudo de mielograma\nData da coleta: 14/09/2020\nHemograma do dia\n"
        "Parâmetro | Resultado | Referência\nLeucócitos | 61.300/mm3 | 4.000-11.000\n"
        "Blastos (SP) | 64% | 0%\nMielograma: blastos 82%.\n"
    )
    assert dated(facts({"a.txt": table}), "blasts") == [(82.0, "2020-09-14")]
    for text in (
        "El 25/04/2023 se realizó aspirado de médula ósea con 27% de blastos y blastos en "
        "sangre periférica del 6%.",
        "On 25/04/2023 the marrow aspirate showed 27% blasts and peripheral blood blasts of 6%.",
    ):
        f = facts({"b.txt": "Informe clínico, 09/05/2023\n" + text + "\n"})
        assert dated(f, "blasts") == [(27.0, "2023-04-25")], text


def test_a_negative_fusion_on_a_page_that_classes_the_disease_is_no_mrd(facts: Facts) -> None:
    head = "BONE MARROW REPORT\nDate of collection: 03/11/2020\n"
    work_up = head + "BCR::ABL1 (RT-PCR) negative.\n"
    for conclusion in ("Conclusion: common B-ALL, Ph negative.", "Conclusão: LLA-B, Ph negativo."):
        assert dated(facts({"a.txt": work_up + conclusion + "\n"}), "mrd") == []
    # without the classification the same line is a molecular result, MRD 0
    assert [v for v, _ in dated(facts({"a.txt": work_up}), "mrd")] == [0.0]
    # the class names BCR::ABL1's disease only: another marker's negative MRD stands
    npm1 = head + "NPM1 MRD (RQ-PCR) negative.\nPh negative AML in CR1.\n"
    assert [v for v, _ in dated(facts({"b.txt": npm1}), "mrd")] == [0.0]
