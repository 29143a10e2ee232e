"""The date-attribution policy: which date of a sentence belongs to which mention."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from recordkit.dates import DateMention
from recordkit.models import CaseFacts
from recordkit.nlp.attribution import DatePolicy
from recordkit.nlp.rules import load_rules

POLICY = DatePolicy(load_rules().attribution)


@dataclass
class M:
    start: int
    end: int
    dates: list = field(default_factory=list)


@dataclass
class Given(M):
    kind: str = ""


def _at(text: str, word: str) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


def _date(text: str, raw: str) -> DateMention:
    i = text.index(raw)
    return DateMention(i, i + len(raw), raw, date(2022, 1, 1), "day")


def _span(text: str, word: str) -> M:
    i = text.index(word)
    return M(i, i + len(word))


def test_a_date_after_a_clause_word_stays_with_the_earlier_mention():
    text = "Relapse on 03/05/2022 after the DLI."
    relapse, dli = _span(text, "Relapse"), _span(text, "DLI")
    POLICY.assign(text, [relapse, dli], [_date(text, "03/05/2022")])
    assert relapse.dates and not dli.dates


def test_each_of_two_clauses_keeps_its_own_date():
    text = "Induction started 02/01/2022; transplant on 09/09/2022."
    ind, tx = _span(text, "Induction"), _span(text, "transplant")
    POLICY.assign(text, [ind, tx], [_date(text, "02/01/2022"), _date(text, "09/09/2022")])
    assert [d.raw for d in ind.dates] == ["02/01/2022"]
    assert [d.raw for d in tx.dates] == ["09/09/2022"]


def test_a_value_takes_the_date_of_its_own_clause():
    text = "Marrow 01/02/2022: blasts 4%; marrow 05/06/2022: blasts 30%."
    v = _span(text, "blasts 30%")
    got = POLICY.nearest(text, v, [_date(text, "01/02/2022"), _date(text, "05/06/2022")])
    assert got is not None and got.raw == "05/06/2022"


def test_the_weights_are_named_in_the_rule_file():
    w = load_rules().attribution.weights
    assert w.semicolon > w.comma > 0 and 0 < w.date_after_its_mention <= 1


def test_attribute_cues_are_rule_data_a_rule_author_can_change(tmp_path):
    import json
    import shutil
    from importlib import resources

    from recordkit.nlp.anchors import Anchor
    from recordkit.nlp.attributes import attributes
    from recordkit.nlp.rules import load_rules_from

    src = resources.files("recordkit.rules")
    for entry in src.iterdir():
        if entry.name.endswith((".json", ".jsonl")):
            shutil.copyfile(str(entry), tmp_path / entry.name)
    rules = load_rules_from(tmp_path)
    a = Anchor("gvhd", 0, 4, {}, set())
    got = attributes(a, "GVHD of the skin, grade II, chronic", "", "", rules, 0)
    assert (got["organ"], got["grade"], got["form"]) == ("skin", 2, "chronic")
    data = json.loads((tmp_path / "attributes.json").read_text(encoding="utf-8"))
    data["gvhd_form"][0]["patterns"].append("late-onset")  # a rule author's addition
    (tmp_path / "attributes.json").write_text(json.dumps(data), encoding="utf-8")
    rules = load_rules_from(tmp_path)
    assert attributes(a, "late-onset GVHD of the gut", "", "", rules, 0)["form"] == "chronic"


def test_a_date_does_not_leave_its_brackets(facts: Callable[..., CaseFacts]) -> None:
    f = facts(
        {
            "note.txt": "Progress note 03/20/2024\n\n"
            "s/p allo-HCT (Flu/Mel conditioning) on 04/13/2022.\n"
            "AML (FLT3-ITD+, diagnosed 01/10/2022), s/p 7+3 induction, "
            "achieved CRi on 02/15/2022.\n"
        }
    )
    got = sorted((e.kind, e.date) for e in f.events)
    assert got == [
        ("diagnosis", "2022-01-10"),  # the bracket's date is the AML's, not the 7+3's
        ("regimen", None),
        ("remission", "2022-02-15"),
        ("transplant", "2022-04-13"),  # the conditioning in brackets does not take it
    ]


def test_a_marrow_result_bracketed_after_a_state_dates_the_state(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "letter.txt": "Letter 2024/02/14\n"
            "Salvage FLAG-Ida was started on 2022/07/15, and he achieved CR "
            "(BM blasts 0.8% on 2022/08/19).\n"
            "Then IA on 2023.06.26 -> CR (BM 2023.07.28, blast 1.6%).\n"
        }
    )
    got = sorted((e.kind, e.date) for e in f.events)
    assert got == [
        ("regimen", "2022-07-15"),  # the treatment keeps its own date, not the marrow's
        ("regimen", "2023-06-26"),
        ("remission", "2022-08-19"),
        ("remission", "2023-07-28"),
    ]
    assert sorted(m.date for m in f.measurements) == ["2022-08-19", "2023-07-28"]


def test_a_bracketed_value_that_is_no_test_of_the_state_does_not_date_it(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {"n.txt": "Letter 14/02/2024\nCR1, MRD positive (NPM1 ratio 0.03 % on 02.09.2021).\n"}
    )
    assert [(e.kind, e.date) for e in f.events] == [("remission", None)]


def test_a_result_after_an_arrow_does_not_take_the_courses_date(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts({"n.txt": "Azacitidine + venetoclax x2 from 25/04/2019 -> CRi, MRD 0.08%.\n"})
    mrd = next(m for m in f.measurements if m.analyte == "mrd")
    # the response came after the course: its start is no certain date of the result
    assert mrd.date is None or (mrd.confidence < 0.9 and mrd.doubts)


def test_a_date_after_on_stays_with_its_event_past_with(facts: Callable[..., CaseFacts]) -> None:
    f = facts(
        {
            "s.txt": "Summary 01/09/2022\nHaploidentical transplant (PBSC) on 15/07/2021 with "
            "post-transplant cyclophosphamide.\n"
        }
    )
    assert [(e.kind, e.date) for e in f.events] == [("transplant", "2021-07-15")]


def test_a_treatment_given_together_with_another_shares_its_date(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "n.txt": "Clinic note 03/04/2023\nRelapse confirmed 20/02/2023. He had a second donor "
            "lymphocyte infusion (DLI, 5x10^6 CD3/kg) on 14/03/2023 in combination with "
            "decitabine.\n"
        }
    )
    dated = sorted((e.kind, e.date, e.confidence >= 0.9) for e in f.events if e.kind != "relapse")
    assert dated == [("dli", "2023-03-14", True), ("regimen", "2023-03-14", True)]


def test_a_mentions_own_bracket_does_not_part_it_from_its_date():
    text = "donor lymphocyte infusion (DLI, 1x10^6 CD3/kg) on 02/03/2022 together with AZA."
    dli, aza = Given(0, text.index(","), kind="dli"), Given(*_at(text, "AZA"), kind="regimen")
    POLICY.assign(text, [dli, aza], [_date(text, "02/03/2022")])
    assert [d.raw for d in dli.dates] == [d.raw for d in aza.dates] == ["02/03/2022"]


def test_a_date_after_diagnosed_is_the_diseases_however_long_its_name(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "d.txt": "Diagnosis: acute myeloid leukaemia with mutated NPM1 and FLT3-TKD, "
            "diagnosed 20/01/2023, in CR1, MRD negative.\n"
        }
    )
    got = sorted((e.kind, e.date) for e in f.events)
    # the state after the diagnosis date is not dated by it, nor is its MRD result
    assert got == [("diagnosis", "2023-01-20"), ("remission", None)]
    assert [m.date for m in f.measurements if m.analyte == "mrd"] == [None]


def test_a_participle_date_is_the_disease_s_not_the_one_it_grew_out_of(
    facts: Callable[..., CaseFacts],
) -> None:
    """'AML arising from MDS, diagnosed DATE': the MDS came before; the date is the AML's."""
    for told in (
        "AML arising from MDS, diagnosed May 2022.",
        "AML with myelodysplasia-related changes (prior MDS), diagnosed May 2022.",
        "AML secondary to a myelodysplastic syndrome, diagnosed May 2022.",
    ):
        f = facts({"letter.txt": f"Clinic letter 10/02/2023\nDiagnosis: {told}\n"})
        got = sorted((e.label, e.date) for e in f.events if e.kind == "diagnosis")
        assert got == [("AML", "2022-05"), ("MDS", None)], told


def test_an_initial_diagnosis_date_before_a_relapse_date_is_the_diseases(
    facts: Callable[..., CaseFacts],
) -> None:
    """'ED ..., Rezidiv ...' translated: each date follows the noun of its own event."""
    f = facts(
        {
            "e.txt": "Diagnosis: B-ALL, initial diagnosis 2020-01-15, relapse 2022-03.\n",
            "g.txt": "Diagnose: AML, Erstdiagnose 11.06.2019, Rezidiv 09/2021.\n",
        }
    )
    got = sorted((e.kind, e.date) for e in f.events)
    assert got == [
        ("diagnosis", "2019-06-11"),
        ("diagnosis", "2020-01-15"),
        ("relapse", "2021-09"),
        ("relapse", "2022-03"),
    ]


def test_a_result_found_after_a_later_phase_does_not_take_an_earlier_date(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "c.txt": "B-ALL, diagnosed 20/01/2023, MRD negative by flow after consolidation.\n",
            "m.txt": "Marrow 19/03/2023: MRD 0.02% following induction.\n",
        }
    )
    mrd = sorted((m.value, m.date) for m in f.measurements if m.analyte == "mrd")
    # the first was found after consolidation, on a day not written; the second's is its marrow's
    assert mrd == [(0.0, None), (0.02, "2023-03-19")]


def test_a_reference_samples_date_is_not_the_results_nor_an_event(
    facts: Callable[..., CaseFacts],
) -> None:
    """'same phenotype as at relapse on DATE' names the sample a result is compared with."""
    f = facts(
        {
            "flow.txt": "Marrow aspirate collected 03/06/2024.\n"
            "Flow MRD 0.8%, same phenotype as at relapse on 14/02/2024.\n",
            "sts.txt": "Specimen collected: 03/06/2024\n"
            "A population of 0.8% of CD45+ cells is detected, matching the relapse "
            "immunophenotype of 14/02/2024. Donor chimerism 88%, compared with the sample "
            "of 14/02/2024.\n",
        }
    )
    assert {(m.analyte, m.date) for m in f.measurements} == {
        ("mrd", "2024-06-03"),
        ("chimerism", "2024-06-03"),
    }
    assert [e for e in f.events if e.kind == "relapse"] == []


def test_the_same_day_as_is_no_reference_sample() -> None:
    text = "DLI given on the same day as the marrow on 03/06/2024."
    d = DateMention(text.index("03/"), len(text) - 1, "03/06/2024", date(2024, 6, 3), "day")
    assert POLICY.reference_samples(text, [d]) == {}
    text = "MRD 0.8%, same phenotype as at relapse on 14/02/2024."
    d = DateMention(text.index("14/"), len(text) - 1, "14/02/2024", date(2024, 2, 14), "day")
    assert POLICY.reference_samples(text, [d]) == {d: text.index("same")}


def test_a_date_after_a_relative_adjective_is_the_states_it_qualifies(
    facts: Callable[..., CaseFacts],
) -> None:
    for line in (
        "Haematological relapse post-transplant on 19/05/2022.",
        "Recaída hematológica pos-trasplante el 19/05/2022.",
    ):
        f = facts({"r.txt": f"{line}\n"})
        # 'post-transplant' only says when the relapse came; the date is the relapse's
        assert [(e.kind, e.date) for e in f.events] == [("relapse", "2022-05-19")], line


def test_a_having_been_clause_names_an_earlier_state_not_the_results_date(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "m.txt": "DOB 14/03/1979\nNPM1 MRD (bone marrow, 02/06/2023) was 0.04%, having been "
            "undetectable in March 2023, consistent with molecular relapse.\n"
        }
    )
    # 'having been X in DATE' looks back: the result and the relapse it shows are of the sample
    assert [(e.kind, e.date) for e in f.events] == [("relapse", "2023-06-02")]
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        (0.04, "2023-06-02")
    ]


def test_a_date_between_an_analyte_and_its_value_is_no_gap(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "m.txt": "DOB 14/03/1979\nNPM1 MRD on a bone marrow sample taken on 02/06/2023 "
            "was 0.04%, having been undetectable in March 2023.\n"
        }
    )
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        (0.04, "2023-06-02")
    ]


def test_a_sentence_that_only_dates_a_diagnosis_dates_the_disease_named_before_it(
    facts: Callable[..., CaseFacts],
) -> None:
    """'Diagnosed DATE.' told as a sentence of its own after the disease's sentence."""
    item = facts(
        {"a.txt": "Letter 21/09/2022\nBackground:\n- AML, TP53 wild-type. Diagnosed 03/2021.\n"}
    )
    (dx,) = item.events
    assert (dx.kind, dx.label, dx.date) == ("diagnosis", "AML", "2021-03")
    assert not any("sentence after" in d for d in dx.doubts)  # the item says nothing else
    prose = facts(
        {"b.txt": "Letter 05/03/2024\nShe has B-ALL, Ph-negative. Dx in 04/2022. She is well.\n"}
    )
    (dx,) = prose.events
    assert (dx.label, dx.date) == ("B-ALL", "2022-04")
    assert any("sentence after" in d for d in dx.doubts) and dx.confidence < 0.87
    zh = facts({"c.txt": "出院记录 2024年03月05日\n诊断：急性髓系白血病。确诊于2023年11月。\n"})
    assert [(e.label, e.date) for e in zh.events] == [("AML", "2023-11")]
    apart = facts({"d.txt": "Letter 21/09/2022\nDiagnosis: AML. FLAG-Ida x2. Diagnosed 03/2021.\n"})
    assert [e.date for e in apart.events if e.kind == "diagnosis"] == [None]  # a course between


def test_a_finding_that_confirms_a_state_takes_the_onset_day_told_just_before_it(
    facts: Callable[..., CaseFacts],
) -> None:
    """'On day +24 ... a rash. Skin biopsy consistent with acute GVHD.': the onset's day."""
    told = "MUD PBSCT on 03/14/2023.\nOn day +24 he developed a rash over the trunk. {}\n"
    item = facts({"a.txt": told.format("Skin biopsy consistent with acute GVHD.")})
    (gvhd,) = [e for e in item.events if e.kind == "gvhd"]
    assert (gvhd.date, gvhd.organ) == ("2023-04-07", "skin")
    assert any("onset told in the sentence before" in d for d in gvhd.doubts)
    full = facts(
        {
            "b.txt": "Seen 2023-05-02.\nOn 2023-04-07 she noted a rash. "
            "Biopsy confirmed acute GVHD.\n"
        }
    )
    assert [e.date for e in full.events if e.kind == "gvhd"] == ["2023-04-07"]
    # no confirming finding: the second sentence is not the first's, and stays undated
    bare = facts({"c.txt": told.format("Acute GVHD was treated with steroids.")})
    assert [e.date for e in bare.events if e.kind == "gvhd"] == [None]


def test_an_interpretation_line_under_a_dated_finding_takes_the_finding_s_day(
    facts: Callable[..., CaseFacts],
) -> None:
    """'Marrow DATE: blasts 34%.' then 'Consistent with relapse.': the marrow's conclusion."""
    for line in (
        "Consistent with hematologic relapse of AML.",
        "Diagnostic of relapsed AML.",
        "In keeping with morphological relapse.",
        "Findings consistent with relapse of AML.",
    ):
        text = (
            "Clinic letter 10/21/2024\n"
            f"Bone marrow biopsy 04/03/2024: 34% myeloblasts, NPM1 positive.\n{line}\n"
        )
        (relapse,) = [e for e in facts({"l.txt": text}).events if e.kind == "relapse"]
        assert relapse.date == "2024-04-03", line
    # a line that only names the state, no conclusion word, is not the finding's
    text = "Letter 10/21/2024\nBone marrow biopsy 04/03/2024: 34% myeloblasts.\nRelapse of AML.\n"
    (relapse,) = [e for e in facts({"l.txt": text}).events if e.kind == "relapse"]
    assert relapse.date != "2024-04-03"
