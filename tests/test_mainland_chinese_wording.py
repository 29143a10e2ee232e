"""How mainland Chinese clinicians word responses, relapses and comparisons: negated
remissions, the depth written after 达/获, a marrow relapse, a bracketed earlier result
(documents written for these tests)."""

from __future__ import annotations

import pytest

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts


def remissions(f: CaseFacts) -> list[tuple[str | None, str | None]]:
    return [(e.date, e.depth) for e in f.events if e.kind == "remission"]


@pytest.mark.parametrize(
    "said",
    [
        "复查骨髓未缓解",
        "复查骨髓：原始细胞35%，未达完全缓解（NR）",
        "复查骨髓：原始细胞12%，未完全缓解",
        "复查骨髓未获CR",
        "复查骨髓未能达到完全缓解",
        "复查骨髓未达MRD阴性",
    ],
)
def test_a_remission_negated_with_wei_is_no_remission(facts: Facts, said: str) -> None:
    f = facts({"n.txt": f"病程记录 2021-01-05\n2020-12-20{said}。\n"})
    assert remissions(f) == []


def test_a_remission_reached_is_still_one(facts: Facts) -> None:
    f = facts({"n.txt": "病程记录 2021-01-05\n2020-12-20复查骨髓达完全缓解。\n"})
    assert remissions(f) == [("2020-12-20", "CR")]


@pytest.mark.parametrize(
    ("said", "depth"),
    [
        ("达CR", "CR"),
        ("达CRi", "CRi"),
        ("获CR", "CR"),
        ("达CRh", "CRh"),
        ("原始细胞3.0%，达CRi", "CRi"),
    ],
)
def test_the_depth_written_right_after_da_or_huo(facts: Facts, said: str, depth: str) -> None:
    f = facts({"n.txt": f"病程记录 2022-11-01\n2022-10-10复查骨髓{said}。\n"})
    assert remissions(f) == [("2022-10-10", depth)]


def relapse_types(f: CaseFacts) -> list[tuple[str | None, str | None]]:
    return [(e.date, e.type) for e in f.events if e.kind == "relapse"]


@pytest.mark.parametrize(
    "said",
    [
        "2022-09-06骨髓复发。10月10日复查流式MRD 0.85%。",
        "2022-09-06复查骨髓示骨髓复发。",
        "2022-09-06骨髓复发，流式MRD 0.85%。",
    ],
)
def test_a_marrow_relapse_is_haematological(facts: Facts, said: str) -> None:
    f = facts({"r.txt": f"病程记录 2022-10-15\n{said}\n"})
    assert relapse_types(f) == [("2022-09-06", "haematological")]


def test_a_later_sentences_result_does_not_type_a_relapse(facts: Facts) -> None:
    f = facts({"r.txt": "病程记录 2022-10-15\n2022-09-06复发。10月10日复查流式MRD 0.85%。\n"})
    assert relapse_types(f) == [("2022-09-06", None)]  # the MRD is a later result
    f = facts({"r.txt": "病程记录 2022-10-15\n2022-09-06复查流式MRD 0.85%，考虑复发。\n"})
    assert relapse_types(f) == [("2022-09-06", "molecular")]  # its own sentence's result


STR_REPORT = "STR-PCR 嵌合状态检测报告\n采样日期：2022-05-18      报告日期：2022-05-21\n结论：{}\n"


@pytest.mark.parametrize(
    "said",
    [
        "供者嵌合92.5%，较前（2021-09-03：99.2%）下降。",
        "混合嵌合状态（供者嵌合92.5%），较前次（2021-09-03 99.2%）下降。",
        "供者嵌合92.5%，较前（2021-09-03）99.2%下降。",
    ],
)
def test_a_compared_bracket_dates_the_earlier_value(facts: Facts, said: str) -> None:
    f = facts({"s.txt": STR_REPORT.format(said)})
    got = sorted((m.value, m.date) for m in f.measurements if m.analyte == "chimerism")
    assert got == [(92.5, "2022-05-18"), (99.2, "2021-09-03")]


def test_a_compared_bracket_date_without_a_value_is_still_not_the_current_ones(
    facts: Facts,
) -> None:
    f = facts({"s.txt": STR_REPORT.format("供者嵌合92.5%，较前（2021-09-03）明显下降。")})
    assert [(m.value, m.date) for m in f.measurements] == [(92.5, "2022-05-18")]


def blasts(f: CaseFacts) -> list[tuple[float | None, str | None, bool]]:
    return [(m.value, m.date, m.confidence >= 0.9) for m in f.measurements if m.analyte == "blasts"]


def test_a_response_assessed_after_a_course_does_not_take_its_start_date(facts: Facts) -> None:
    note = (
        "出院记录\n出院日期：2021-01-05\n"
        "2020.11.20予DA方案诱导化疗1疗程，评估未缓解（骨髓原始细胞35%）。\n"
    )
    f = facts({"n.txt": note})
    assert [(e.kind, e.date) for e in f.events] == [("regimen", "2020-11-20")]
    assert blasts(f) == [(35.0, "2021-01-05", False)]  # the document's date, doubted
    said = "出院记录\n出院日期：2021-01-05\n2020-12-20复查骨髓：原始细胞35%。\n"
    assert blasts(facts({"n.txt": said})) == [(35.0, "2020-12-20", True)]  # its own date


def mrd_values(f: CaseFacts) -> list[tuple[str | None, float | None]]:
    return [(m.date, m.value) for m in f.measurements if m.analyte == "mrd"]


@pytest.mark.parametrize(
    "said",
    [
        "复查骨髓：原始细胞2%，未能达到MRD阴性",
        "复查骨髓未获得MRD阴性",
        "marrow: the patient failed to achieve MRD negativity",
        "marrow: MRD negativity was not achieved",
    ],
)
def test_a_negative_result_said_not_reached_is_no_zero(facts: Facts, said: str) -> None:
    f = facts({"n.txt": f"病程记录 2023-03-20\n2023-03-10{said}。\n"})
    assert mrd_values(f) == []


def test_a_negative_result_reached_is_still_zero(facts: Facts) -> None:
    f = facts({"n.txt": "病程记录 2023-03-20\n2023-03-10复查骨髓：原始细胞2%，MRD阴性。\n"})
    assert mrd_values(f) == [("2023-03-10", 0.0)]


@pytest.mark.parametrize(
    "said",
    ["复查骨髓示部分缓解", "复查骨髓示部分緩解（PR）", "rémission partielle", "remisión parcial"],
)
def test_a_partial_remission_is_no_remission(facts: Facts, said: str) -> None:
    f = facts({"n.txt": f"病程记录 2023-03-20\n2023-03-15{said}。\n"})
    assert remissions(f) == []


def test_a_donor_named_by_kinship_is_a_sibling_and_a_morphological_remission_is_cr(
    facts: Facts,
) -> None:
    f = facts(
        {
            "tw.txt": "2022年1月12日接受異體周邊血幹細胞移植（HLA全相合胞兄捐贈）。\n",
            "cn.txt": "2023年5月30日复查骨髓：原始细胞2%，达形态学缓解。\n",
        }
    )
    assert [(e.date, e.donor) for e in f.events if e.kind == "transplant"] == [
        ("2022-01-12", "sibling")
    ]
    assert remissions(f) == [("2023-05-30", "CR")]
