"""How Chinese marrow, blood count and transplant records name what they report: the blast
shorthand, platelet indices that are not counts, a G-CSF-primed marrow graft (documents
written for these tests)."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts


@pytest.mark.parametrize(
    "said",
    [
        "2022-08-16行单倍体造血干细胞移植，回输G-CSF动员的骨髓（G-BM）及外周血干细胞（G-PBSC）。",
        "2022年8月16日行母供子单倍体移植，干细胞来源G-BM+G-PBSC。",
    ],
)
def test_a_g_csf_primed_marrow_is_a_marrow_graft(facts: Facts, said: str) -> None:
    f = facts({"h.txt": f"入院记录\n现病史：{said}\n"})
    got = [(e.date, sorted(e.grafts or ())) for e in f.events if e.kind == "transplant"]
    assert got == [("2022-08-16", ["BM", "PBSC"])]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("2023-03-20复查骨髓原幼淋降至3.5%。", 3.5),
        ("2023-03-20复查骨髓：原幼淋巴细胞41.5%。", 41.5),
        ("2023-03-20骨髓形态：原始 + 幼稚淋巴细胞 27.0%。", 27.0),
        ("2023-03-20骨髓形态：原幼单细胞占28%，符合AML-M5。", 28.0),
    ],
)
def test_the_chinese_blast_shorthand_is_blasts(facts: Facts, line: str, value: float) -> None:
    f = facts({"m.txt": f"出院小结\n出院日期：2023-05-02\n{line}\n"})
    got = [(m.value, m.date) for m in f.measurements if m.analyte == "blasts"]
    assert got == [(value, "2023-03-20")]


CBC = "血常规报告\n采样日期：2023-04-22\n{}\n"


def test_platelet_indices_are_no_platelet_count(facts: Facts) -> None:
    rows = (
        "血小板计数 PLT | 95 | 10^9/L\n平均血小板体积 MPV | 11.2 | fL\n"
        "血小板压积 PCT | 0.11 | %\n血小板分布宽度 PDW | 16.1 | fL"
    )
    f = facts({"c.txt": CBC.format(rows)})
    assert [(m.analyte, m.value) for m in f.measurements] == [("plt", 95.0)]


@pytest.mark.parametrize(
    "said",
    [
        "血常规 2023-04-22：PLT 10.8 fL，WBC 3.1×10^9/L。",
        "FBC 22/04/2023: WBC 3.1, mean platelet volume 10.8 fL, platelet distribution width 16.",
        "血常规 2023-04-22：WBC 3.1×10^9/L，平均血小板体积10.8。",
    ],
)
def test_a_volume_or_a_platelet_index_is_no_count(facts: Facts, said: str) -> None:
    f = facts({"c.txt": f"{said}\n"})
    assert [(m.analyte, m.value) for m in f.measurements] == [("wbc", 3.1)]


@pytest.mark.parametrize(
    "said",
    [
        "染色体46,XY[20]；BCR-ABL1（P190/P210）阴性；IKZF1缺失。",
        "染色体核型：47,XX,+8[15]/46,XX[5]；BCR-ABL1融合基因（P190）阴性。",
    ],
)
def test_a_negative_fusion_beside_a_karyotype_is_no_mrd(facts: Facts, said: str) -> None:
    history = "现病史：2022-06-08骨髓穿刺示原始+幼稚淋巴细胞78%，符合B-ALL。"
    f = facts({"h.txt": f"入院记录\n入院日期：2024-03-20\n{history}{said}\n"})
    assert [m.value for m in f.measurements if m.analyte == "mrd"] == []


def test_a_negative_quantified_fusion_after_induction_stays_mrd(facts: Facts) -> None:
    f = facts({"h.txt": "病程记录\n2022-07-20复查骨穿：BCR-ABL1（P190）定量阴性。\n"})
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        (0.0, "2022-07-20")
    ]
