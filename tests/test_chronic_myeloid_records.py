"""Chronic myeloid leukaemia and Ph+ ALL as their records tell them: the CML's names and
phases, the tyrosine kinase inhibitors, Hyper-CVAD's A/B cycles, relapse sites and plans."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_blast_crisis_restates_the_known_cml_and_is_no_new_diagnosis(facts: Facts) -> None:
    english = facts(
        {
            "a.txt": "Diagnosed with CML in June 2019.\nBone marrow on 28/02/2024: 42% blasts, "
            "consistent with myeloid blast crisis of CML.\n"
        }
    )
    chinese = facts(
        {"a.txt": "2019年6月确诊为CML慢性期。\n2024年2月28日骨髓：原始细胞42%，诊断CML髓系急变。\n"}
    )
    for f in (english, chinese):
        assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("CML", "2019-06")]
        assert [(m.analyte, m.date) for m in f.measurements] == [("blasts", "2024-02-28")]
    alone = facts(
        {"a.txt": "Marrow 28/02/2024: 42% blasts; his CML has progressed to accelerated phase."}
    )
    assert [e.date for e in kinds(alone, "diagnosis")] in ([], [None])  # not diagnosed that day


def test_a_cml_diagnosed_in_blast_crisis_is_diagnosed_on_its_date(facts: Facts) -> None:
    for text in (
        "He was diagnosed with chronic myeloid leukaemia (CML) in myeloid blast crisis on "
        "07/02/2018.",
        "2018年2月7日确诊为CML急变期。",
    ):
        f = facts({"a.txt": text + "\n"})
        assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("CML", "2018-02-07")]


def test_a_treatment_right_after_a_bare_plan_is_planned_not_given(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 20/12/2024\nTisagenlecleucel infused 03/02/2024.\n"
            "Discussed at tumour board 06/12/2024: plan CD22 CAR-T on clinical trial.\n"
        }
    )
    assert [e.date for e in kinds(f, "car_t")] == ["2024-02-03"]
    given = facts(
        {"a.txt": "Letter 20/12/2024\nAs per plan, he received FLAG-IDA on 06/12/2024.\n"}
    )
    assert [(e.name, e.date) for e in kinds(given, "regimen")] == [("FLAG-IDA", "2024-12-06")]


def test_an_isolated_relapse_is_typed_by_the_site_named_with_it(facts: Facts) -> None:
    typed = {
        "Isolated bone marrow relapse in March 2022.": "haematological",
        "Isolated BM relapse in March 2022.": "haematological",
        "Rechute médullaire isolée en mars 2022.": "haematological",
        "2022年3月单纯骨髓复发。": "haematological",
        "Isolated CNS relapse in March 2022.": "extramedullary",
        "Isolated extramedullary relapse in March 2022.": "extramedullary",
    }
    for text, relapse_type in typed.items():
        f = facts({"a.txt": text + "\n"})
        assert [(e.date, e.type) for e in kinds(f, "relapse")] == [("2022-03", relapse_type)], text


def test_hcvad_is_hyper_cvad_and_keeps_its_companion_tki(facts: Facts) -> None:
    f = facts({"a.txt": "Oncology history\n- 01/13/2023: started HCVAD + dasatinib (cycle 1A).\n"})
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("HYPER-CVAD+DASATINIB", "2023-01-13")
    ]


def test_cml_is_named_by_its_phase_abbreviations_and_chinese_names(facts: Facts) -> None:
    for text in (
        "CML-CP diagnosed in June 2019.",
        "CML-BP diagnosed in June 2019.",
        "Chronic myelogenous leukemia diagnosed in June 2019.",
        "2019年6月确诊为慢性髓性白血病。",
        "2019年6月确诊为慢性粒细胞白血病慢性期。",
        "2019年6月確診為慢性粒細胞白血病。",
        "2019年6月确诊为慢粒。",
    ):
        f = facts({"a.txt": text + "\n"})
        assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("CML", "2019-06")], text
    cmml = facts({"a.txt": "2019年6月确诊为慢粒单核细胞白血病。\n"})  # CMML, not CML
    assert [e.label for e in kinds(cmml, "diagnosis")] != ["CML"]


def test_every_tyrosine_kinase_inhibitor_given_alone_is_a_regimen(facts: Facts) -> None:
    given = {
        "Started nilotinib 300 mg BD on 14/03/2023.": "NILOTINIB",
        "Started bosutinib 500 mg OD on 14/03/2023.": "BOSUTINIB",
        "Started asciminib 40 mg BD on 14/03/2023.": "ASCIMINIB",
        "Started dasatinib 100 mg OD on 14/03/2023.": "DASATINIB",
        "2023年3月14日开始口服氟马替尼600mg qd。": "FLUMATINIB",
        "2023年3月14日开始服用奥雷巴替尼。": "OLVEREMBATINIB",
        "2023年3月14日起尼洛替尼治疗。": "NILOTINIB",
    }
    for text, name in given.items():
        f = facts({"a.txt": text + "\n"})
        assert [(e.name, e.date) for e in kinds(f, "regimen")] == [(name, "2023-03-14")], text
    both = facts({"a.txt": "Hyper-CVAD + nilotinib started 14/03/2023.\n"})
    assert [e.name for e in kinds(both, "regimen")] == ["HYPER-CVAD+NILOTINIB"]


def test_a_bracket_of_a_transplant_s_details_keeps_it_with_its_date(facts: Facts) -> None:
    for text in (
        "He underwent allogeneic HSCT (PBSC graft, reduced-intensity conditioning) on 20/07/2022.",
        "Allo-HSCT (haploidentical donor, bone marrow, ATG-based conditioning) 20/07/2022.",
    ):
        f = facts({"a.txt": "Letter 01/09/2022\n" + text + "\n"})
        assert [(e.date, e.confidence > 0.9) for e in kinds(f, "transplant")] == [
            ("2022-07-20", True)
        ], text
    graft = facts({"a.txt": "Allogeneic HSCT (PBSC graft, RIC conditioning) on 20/07/2022.\n"})
    assert [e.grafts for e in kinds(graft, "transplant")] == [("PBSC",)]


def test_each_part_of_a_hyper_cvad_cycle_is_a_course_of_its_own(facts: Facts) -> None:
    one_sentence = facts(
        {"a.txt": "Letter 05/05/2023\nHyper-CVAD cycle 1A on 01/13/2023, cycle 1B on 02/14/2023.\n"}
    )
    assert [(e.name, e.date, e.cycle) for e in kinds(one_sentence, "regimen")] == [
        ("HYPER-CVAD", "2023-01-13", 1),
        ("HYPER-CVAD", "2023-02-14", 1),
    ]
    told_on = facts(
        {
            "a.txt": "Letter 05/05/2023\nHyper-CVAD cycle 1A on 01/13/2023.\n"
            "Course 1B (high-dose methotrexate and cytarabine) started 02/14/2023.\n"
            "Cycle 2A on 03/20/2023 and cycle 2B on 04/24/2023.\n"
        }
    )
    assert [(e.date, e.cycle) for e in kinds(told_on, "regimen")] == [
        ("2023-01-13", 1),
        ("2023-02-14", 1),
        ("2023-03-20", 2),
        ("2023-04-24", 2),
    ]
