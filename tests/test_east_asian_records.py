"""Records as Taiwanese, Japanese and Singaporean hospitals write them: counts per 10^4/µL,
Traditional Chinese and Japanese terms, local abbreviations, Chinese plans and continuing states
(documents written for these tests)."""

from __future__ import annotations

import pytest

from recordkit.models import CaseFacts
from recordkit.nlp.measurements import MeasurementFinder
from recordkit.nlp.rules import load_rules
from tests.extraction_helpers import Facts, pairs


@pytest.mark.parametrize(
    "text", ["Plt 9.8 x10^4/uL", "Plt 9.8×10^4/μL", "Plt 9.8万/μL", "血小板 9.8 萬/μL"]
)
def test_a_platelet_count_per_ten_thousand_per_microlitre(
    finder: MeasurementFinder, text: str
) -> None:
    assert pairs(finder, text) == [("plt", 98.0)]


def test_a_count_per_ten_thousand_per_microlitre_is_read_without_doubt(facts: Facts) -> None:
    f = facts({"l.txt": "Lab 2024/02/08: Plt 9.8 x10^4/uL, WBC 0.32 ×10^4/μL\n"})
    got = sorted((m.analyte, round(m.value or 0, 6), m.doubts) for m in f.measurements)
    assert got == [("plt", 98.0, ()), ("wbc", 3.2, ())]
    table = "血液檢查 2024/02/08\nItem | Unit | Result\nPlt | ×10^4/μL | 3.2\n"
    assert [(m.analyte, m.value) for m in facts({"t.txt": table}).measurements] == [("plt", 32.0)]


@pytest.mark.parametrize("label", ["Neut (%)", "Neut%", "Neutrophils %"])
def test_a_neutrophil_percentage_is_never_an_absolute_count(
    finder: MeasurementFinder, facts: Facts, label: str
) -> None:
    table = f"血液檢查 2024/02/08\nItem | Result\n{label} | 22.0\nWBC (/μL) | 3200\n"
    got = [(m.analyte, m.value) for m in facts({"t.txt": table}).measurements]
    assert got == [("wbc", 3.2)]
    assert pairs(finder, f"WBC 3.2, {label} 22.0, neutrophils 0.7") == [
        ("wbc", 3.2), ("anc", 0.7)
    ]  # fmt: skip


def test_a_unit_written_after_the_name_is_the_values(finder: MeasurementFinder) -> None:
    assert pairs(finder, "Plt (×10^9/L) 45") == [("plt", 45.0)]  # not the 10 of the unit
    assert pairs(finder, "Hb% 9.6") == [("hb", 96.0)]  # haemoglobin in g%: no percentage


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Discharge summary 20/03/2023\n - BMAT (07/03/2023): blasts 2%.\n", "2023-03-07"),
        ("病程紀錄 2024/03/20\n2024/03/11 骨髓檢查: 芽細胞 2.0%.\n", "2024-03-11"),
        ("骨髄検査 2024/03/11: 芽球 2%\n", "2024-03-11"),
    ],
)
def test_marrow_blasts_under_local_names(facts: Facts, text: str, date: str) -> None:
    got = [(m.analyte, m.value, m.date) for m in facts({"m.txt": text}).measurements]
    assert got == [("blasts", 2.0, date)]


def events(f: CaseFacts) -> list[tuple[str, str | None]]:
    return [(e.kind, e.date) for e in f.events]


def test_traditional_chinese_forms_of_the_event_words(facts: Facts) -> None:
    note = ("病程紀錄 2023/09/20\n2022/10/05 接受臍帶血移植。\n2023/01/10 骨髓檢查達到完全緩解。\n"
            "2023/06/01 確診復發。\n2023/07/01 行供者淋巴細胞輸注。\n")  # fmt: skip
    f = facts({"n.txt": note})
    assert events(f) == [("transplant", "2022-10-05"), ("remission", "2023-01-10"),
                         ("relapse", "2023-06-01"), ("dli", "2023-07-01")]  # fmt: skip
    assert f.events[0].grafts == ("UCB",)


def test_traditional_chinese_plans_and_headings(facts: Facts) -> None:
    done = "門診紀錄 2023/09/20\n2023/09/01 行造血幹細胞移植。\n"
    assert events(facts({"n.txt": done})) == [("transplant", "2023-09-01")]
    planned = "門診紀錄 2023/09/20\n擬於 2023/10/01 行造血幹細胞移植。\n"
    assert events(facts({"n.txt": planned})) == []
    headed = "門診紀錄 2023/09/20\n治療計畫\n2023/10/01 行造血幹細胞移植\n"
    assert events(facts({"n.txt": headed})) == []


def test_japanese_abbreviations_of_a_regimen_and_a_cord_blood_transplant(facts: Facts) -> None:
    note = ("Progress note 2022/11/01\nInduction IDR+AraC (3+7) started 2022/05/10.\n"
            "He underwent CBT on 2022/10/05.\n")  # fmt: skip
    f = facts({"n.txt": note})
    assert [(e.kind, e.name, e.date) for e in f.events] == [
        ("regimen", "IA", "2022-05-10"), ("transplant", None, "2022-10-05")
    ]  # fmt: skip
    assert f.events[1].grafts == ("UCB",)


def test_a_regimen_named_in_traditional_chinese_is_one_course(facts: Facts) -> None:
    # a Hong Kong letter glosses the regimen in traditional script: the same course
    note = ("Clinic letter 05/03/2024\nHe was started on azacitidine plus venetoclax "
            "(維奈克拉+阿扎胞苷) on 20/11/2023. Cycle 2 was given on 02/01/2024 and cycle 3 "
            "on 01/02/2024.\n")  # fmt: skip
    got = [(e.kind, e.name, e.date) for e in facts({"n.txt": note}).events]
    assert got == [("regimen", "AZA+VEN", d) for d in ("2023-11-20", "2024-01-02", "2024-02-01")]
    note = "病程紀錄 2023/09/20\n2023/06/01 開始柔紅黴素+阿糖胞苷誘導化療。\n"
    assert [(e.name, e.date) for e in facts({"n.txt": note}).events] == [("DA", "2023-06-01")]


@pytest.mark.parametrize(
    "gloss", ["(維奈妥拉+阿扎胞苷)", "（維奈克拉+阿扎胞苷）", "(Venclexta 維奈托克+阿扎胞苷)"]
)
def test_a_bracket_translating_a_regimen_is_the_same_course(facts: Facts, gloss: str) -> None:
    # a name the vocabulary lacks beside one it knows: still the regimen's own translation
    note = (f"Clinic letter 05/03/2024\nHe was started on azacitidine plus venetoclax {gloss} "
            "on 20/11/2023. Cycle 2 was given on 02/01/2024.\n")  # fmt: skip
    got = [(e.kind, e.name, e.date) for e in facts({"n.txt": note}).events]
    assert got == [("regimen", "AZA+VEN", "2023-11-20"), ("regimen", "AZA+VEN", "2024-01-02")]


def test_a_bracket_naming_another_drug_is_no_translation(facts: Facts) -> None:
    note = ("Clinic letter 05/03/2024\nHe had azacitidine (then decitabine 地西他濱) from "
            "20/11/2023.\n")  # fmt: skip
    got = [(e.name, e.date) for e in facts({"n.txt": note}).events]
    assert got[0] == ("AZA", "2023-11-20")  # the other drug joins no course of azacitidine


# the simplified characters of drug names, with their traditional forms
_TRADITIONAL = str.maketrans(
    "达维红霉碱滨扎细长泼门环贝欧单奥马巯亚剂", "達維紅黴鹼濱紮細長潑門環貝歐單奧馬巰亞劑"
)


def test_every_chinese_drug_name_is_listed_in_both_scripts() -> None:
    voc = load_rules().vocabulary
    lists = [*voc.drugs.values(), *(r.aliases for r in voc.regimens)]
    assert [n for names in lists for n in names if n.translate(_TRADITIONAL) not in names] == []


def test_cbt_as_a_psychological_therapy_is_no_transplant(facts: Facts) -> None:
    note = ("Clinic letter 2022/06/01\nShe has completed 6 CBT sessions for anxiety.\n"
            "CBT for low mood continues. Attending CBT-I since 2022/05/10.\n")  # fmt: skip
    assert facts({"n.txt": note}).events == ()


@pytest.mark.parametrize(
    "text",
    [
        "出院病歷摘要 2023/05/02\n預計 2023/05/20 再入院接受 consolidation (HiDAC).\n",
        "出院病歷摘要 2023/05/02\n预计 2023/05/20 再入院接受 consolidation (HiDAC).\n",
        "出院計畫 2023/05/02:\n1. 2023/05/20 再入院接受 consolidation (HiDAC + midostaurin).\n",
        "Clinic 2023/05/02\nPlan (02/05/2023):\nHiDAC + midostaurin on 2023/05/20.\n",
    ],
)
def test_a_chinese_plan_word_or_a_dated_plan_heading_makes_no_event(
    facts: Facts, text: str
) -> None:
    assert events(facts({"p.txt": text})) == []


@pytest.mark.parametrize(
    "advice",
    ["建议行单倍体造血干细胞移植", "建议予维奈克拉+阿扎胞苷方案治疗",
     "建议行供者淋巴细胞输注（DLI）", "建議接受異體造血幹細胞移植", "建议行CAR-T细胞治疗"],
)  # fmt: skip
def test_a_treatment_advised_in_chinese_is_a_plan(facts: Facts, advice: str) -> None:
    assert events(facts({"p.txt": f"门诊记录\n2023年5月30日 {advice}。\n"})) == []
    done = "门诊记录\n2023年5月30日 行单倍体造血干细胞移植，建议定期复查。\n"
    assert events(facts({"p.txt": done})) == [("transplant", "2023-05-30")]


def test_the_same_consolidation_without_a_plan_is_an_event(facts: Facts) -> None:
    text = "出院病歷摘要 2023/05/30\n2023/05/20 再入院接受 consolidation (HiDAC + midostaurin).\n"
    assert events(facts({"p.txt": text})) == [("regimen", "2023-05-20")]


@pytest.mark.parametrize("state", ["持續 CR", "持续完全缓解", "仍 CR", "維持完全緩解"])
def test_a_continuing_remission_in_chinese_is_no_new_one(facts: Facts, state: str) -> None:
    note = f"病程紀錄 2023/10/20\nDay +30 骨髓檢查 (2023/09/14): {state}。\n"
    assert events(facts({"n.txt": note})) == []
    first = "病程紀錄 2023/10/20\n2023/09/14 骨髓檢查: CR。\n"
    assert events(facts({"n.txt": first})) == [("remission", "2023-09-14")]


def test_a_relapse_during_maintenance_therapy_is_kept(facts: Facts) -> None:
    note = "病程紀錄 2023/10/20\n2023/10/01 阿扎胞苷維持治療期間復發。\n"
    assert "relapse" in [kind for kind, _ in events(facts({"n.txt": note}))]


@pytest.mark.parametrize(
    "text",
    [
        "病程紀錄 2024/04/18\n病人於2024/03/11骨髓檢查顯示芽細胞 3.0%, 嵌合率下降至 82%, "
        "確認為血液學復發。\n",
        "Clinic 2024/04/18\nMarrow 2024/03/11: blasts 3%, chimerism falling to 82%, "
        "haematological relapse.\n",
    ],
)
def test_a_stated_relapse_type_beats_the_results_beside_it(facts: Facts, text: str) -> None:
    (relapse,) = [e for e in facts({"r.txt": text}).events if e.kind == "relapse"]
    assert (relapse.date, relapse.type) == ("2024-03-11", "haematological")


def test_results_still_type_a_relapse_the_text_does_not_type(facts: Facts) -> None:
    text = "Clinic 2024/04/18\nMarrow 2024/04/11: blasts 0%, chimerism 90%, MRD 2.1%: relapse.\n"
    (relapse,) = [e for e in facts({"r.txt": text}).events if e.kind == "relapse"]
    assert relapse.type == "molecular"


def test_zhi_huo_is_engraftment_with_its_lineage(facts: Facts) -> None:
    f = facts(
        {
            "tx.txt": "移植小结 2023-12-30\n2023-12-12行单倍体造血干细胞移植。\n"
            "+12天中性粒细胞植活，+16天血小板植活。\n"
        }
    )
    got = sorted((e.lineage, e.date) for e in f.events if e.kind == "engraftment")
    assert got == [("neutrophil", "2023-12-24"), ("platelet", "2023-12-28")]


def test_admission_and_discharge_paragraphs_date_their_counts(facts: Facts) -> None:
    f = facts(
        {
            "cy.txt": "出院记录\n入院日期：2023-01-03      出院日期：2023-02-10\n"
            "入院情况：患者因乏力2周入院。血常规：WBC 36.8×10^9/L，Hb 72 g/L。\n"
            "出院情况：一般情况好。血常规：WBC 4.1×10^9/L，Hb 98 g/L。\n"
        }
    )
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("hb", 72.0, "2023-01-03"),
        ("hb", 98.0, "2023-02-10"),
        ("wbc", 4.1, "2023-02-10"),
        ("wbc", 36.8, "2023-01-03"),
    ]
    assert all(m.confidence < 0.9 for m in f.measurements)  # the paragraph's date, doubted
