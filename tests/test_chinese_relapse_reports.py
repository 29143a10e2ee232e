"""How Chinese relapse work-ups are written: a comparison's earlier date, a hedged remark
(documents written for these tests)."""

from __future__ import annotations

import pytest

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts

STR_HEAD = "STR嵌合体检测报告\n采样日期：2023-06-02      报告日期：2023-06-05\n结论：{}\n"


def chimerism(f: CaseFacts) -> list[tuple[float | None, str | None]]:
    return [(m.value, m.date) for m in f.measurements if m.analyte == "chimerism"]


@pytest.mark.parametrize(
    "said",
    [
        "骨髓混合嵌合，供者嵌合率74.5%，较2022-11-03（+45天）的99.8%明显下降。",
        "骨髓混合嵌合，供者嵌合率74.5%，较2022-11-03的99.8%下降。",
        "骨髓混合嵌合，供者嵌合率74.5%，较22.11.3（+45天）明显下降。",
    ],
)
def test_the_date_after_jiao_is_the_earlier_values(facts: Facts, said: str) -> None:
    f = facts({"s.txt": STR_HEAD.format(said)})
    assert (74.5, "2023-06-02") in chimerism(f)
    assert all(d != "2023-06-02" for v, d in chimerism(f) if v == 99.8)


@pytest.mark.parametrize(
    "said",
    ["提示复发可能", "考虑分子学复发可能", "考虑疾病复发的可能", "复发可能性大"],
)
def test_a_finding_hedged_with_keneng_is_no_event(facts: Facts, said: str) -> None:
    f = facts({"s.txt": STR_HEAD.format(f"供者嵌合率74.5%，较前下降，{said}。")})
    assert [e.kind for e in f.events if e.kind == "relapse"] == []
    assert chimerism(f) == [(74.5, "2023-06-02")]


def test_a_relapse_stated_without_a_hedge_is_kept(facts: Facts) -> None:
    f = facts({"s.txt": STR_HEAD.format("供者嵌合率74.5%，较前下降，考虑分子学复发。")})
    assert [(e.kind, e.date) for e in f.events] == [("relapse", "2023-06-02")]


MRD_REPORT = "流式细胞术MRD检测报告\n标本类型：骨髓\n{}\n结论：MRD阴性（<0.01%）。\n"


@pytest.mark.parametrize(
    "fields",
    [
        "采样日期：2023年5月10日\n临床信息：T-ALL移植后复发，CAR-T治疗后",
        "采样日期：2023年5月10日 报告日期：2023年5月12日 临床信息：T-ALL移植后复发，CAR-T治疗后",
        "采样日期：2023年5月10日报告日期：2023年5月12日送检原因：T-ALL移植后复发，CAR-T治疗后",
    ],
)
def test_a_request_field_after_other_fields_restates_history(facts: Facts, fields: str) -> None:
    f = facts({"m.txt": MRD_REPORT.format(fields)})
    assert [e.kind for e in f.events if e.kind in ("relapse", "car_t")] == []
    assert [(m.analyte, m.value, m.date) for m in f.measurements] == [("mrd", 0.0, "2023-05-10")]


def test_a_latin_request_field_after_a_gap_restates_history(facts: Facts) -> None:
    report = (
        "Flow cytometry MRD report\nSpecimen: bone marrow\n"
        "Collected: 23/05/2023   Clinical details: T-ALL relapsed post transplant, after CAR-T\n"
        "Conclusion: MRD negative (<0.01%).\n"
    )
    f = facts({"m.txt": report})
    assert [e.kind for e in f.events if e.kind in ("relapse", "car_t")] == []
    assert [(m.analyte, m.value, m.date) for m in f.measurements] == [("mrd", 0.0, "2023-05-23")]


def test_an_undated_relapse_of_another_stated_site_is_not_the_dated_one(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "病程记录 2023-06-20\n2023-01-05复查骨穿示骨髓复发（原始细胞22%）。\n",
            "b.txt": "会诊记录\n诊断：T-ALL CAR-T治疗后中枢神经系统复发。\n",
        }
    )
    got = sorted((e.date or "", e.type) for e in f.events if e.kind == "relapse")
    assert got == [("", "extramedullary"), ("2023-01-05", "haematological")]
