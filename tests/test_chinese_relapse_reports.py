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
