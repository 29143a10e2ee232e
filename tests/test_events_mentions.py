"""Which mentions are the patient's events: sections, ConText traps, generic statements."""

from __future__ import annotations

import pytest

from recordkit.nlp.sections import DocumentSections, SectionKind
from tests.extraction_helpers import Facts, kinds


def test_sections_of_a_case_report() -> None:
    text = (
        "A title line\nWe treated a patient with DLI.\n\nIntroduction\nDLI is used.\n\n"
        "Case presentation\nShe received DLI on 01/02/2020.\n"
        "Figure 1 | DLI timeline.\nShe was well.\n\nDiscussion\nDLI may help.\n"
    )
    secs = DocumentSections([text])
    secs.page(text)
    at = {w: secs.section_at(text.index(w)) for w in ("We treated", "DLI is", "She received")}
    assert at == {
        "We treated": SectionKind.ABSTRACT,
        "DLI is": SectionKind.INTRODUCTION,
        "She received": SectionKind.PRESENTATION,
    }
    assert secs.section_at(text.index("DLI timeline")) == SectionKind.CAPTION
    assert secs.section_at(text.index("DLI may")) == SectionKind.DISCUSSION


def test_a_letter_without_case_report_headings_has_no_abstract() -> None:
    text = "Dear colleague,\nShe relapsed on 02/03/2021.\nPlan: DLI next month.\nSeen today.\n"
    secs = DocumentSections([text])
    secs.page(text)
    assert secs.section_at(text.index("She relapsed")) == SectionKind.BODY
    assert secs.section_at(text.index("DLI next")) == SectionKind.PLAN
    assert secs.section_at(text.index("Seen today")) == SectionKind.BODY


def test_a_letter_s_background_is_the_patient_s_history_an_article_s_is_not(
    facts: Facts,
) -> None:
    history = "B-ALL diagnosed 14/06/2019.\nAllogeneic HSCT 10/06/2021 from her brother.\n"
    letter = facts({"l.txt": "Clinic letter 22/06/2022\n\nBackground:\n" + history})
    assert sorted((e.kind, e.date) for e in letter.events) == [
        ("diagnosis", "2019-06-14"),
        ("transplant", "2021-06-10"),
    ]
    article = "Background\n" + history + "\nCase presentation\nDLI on 01/02/2022.\n"
    secs = DocumentSections([article])
    secs.page(article)
    assert secs.section_at(article.index("B-ALL")) == SectionKind.INTRODUCTION


def test_an_english_procedure_field_is_what_was_done(facts: Facts) -> None:
    f = facts({"d.txt": "Discharge summary\nProcedure: allogeneic PBSC transplant on 27/04/2023."})
    assert [(e.kind, e.date) for e in f.events] == [("transplant", "2023-04-27")]


def test_a_procedure_heading_keeps_what_was_done_before_the_letter_not_its_plans(
    facts: Facts,
) -> None:
    done = (
        "Discharge summary\nDate of discharge: 30/09/2021\n\nProcedure\nAllogeneic stem cell "
        "transplant (Day 0 25/08/2021).\n\nEngraftment\nNeutrophil engraftment on D+14.\n\n"
        "Complications\nAcute skin GvHD grade II from D+24.\n"
    )
    planned = "Letter 10/05/2023\nProcedure\nDLI on 01/06/2023, then marrow in four weeks.\n"
    f = facts({"d.txt": done, "p.txt": planned})
    assert [(e.kind, e.date) for e in f.events] == [
        ("transplant", "2021-08-25"),
        ("engraftment", "2021-09-08"),
        ("gvhd", "2021-09-18"),
    ]


def test_no_matched_donor_negates_the_donor_not_the_transplant_it_led_to(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 14/02/2024\nAs no HLA-matched donor was available, he underwent "
            "cord blood transplantation on 05/10/2022.\nWe planned the next cycle on 21/02/2024 "
            "and also discussed a second allo-HSCT from his son.\n"
        }
    )
    got = [(e.kind, e.date, e.grafts) for e in f.events]
    assert got == [("transplant", "2022-10-05", ("UCB",))]


def test_a_car_t_review_title_is_no_infusion(facts: Facts) -> None:
    f = facts({"r.txt": "CAR-T review\nDate of clinic: 20/09/2022\nShe is well, MRD negative.\n"})
    assert [e.kind for e in f.events if e.kind == "car_t"] == []


def test_discussion_legends_glossary_plan_and_drug_lists_make_no_events(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Case presentation\nShe received DLI on 12/05/2021.\n"
            "Figure 2 | MRD after DLI and after transplant.\n\n"
            "Discussion\nDLI may salvage survival after relapse. A second DLI was not needed.\n\n"
            "Abbreviations\nDLI, donor lymphocyte infusion; HSCT, transplantation.\n",
            "letter.txt": "Clinic letter 20/06/2021\nPlan:\n- CAR-T referral\n"
            "- FLAG-IDA if MRD rises\n"
            "\nDischarge medications\nazacitidine 75 mg/m2\n",
        }
    )
    assert [(e.kind, e.date) for e in f.events if e.number] == [("dli", "2021-05-12")]


def test_a_repeat_in_the_discussion_is_the_same_event(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Case report\nAllo-HSCT was performed on 03/03/2020.\n\n"
            "Discussion\nOur patient's transplant in 2020 went well; relapse after HSCT is "
            "common.\n"
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2020-03-03"]
    assert kinds(f, "relapse") == []


def test_donor_relatives_are_not_family_history(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 22/02/2023\nShe underwent a PBSCT (brother-to-brother graft) on "
            "25/01/2023.\nHe received a matched sibling donor transplant from his brother on "
            "16/06/2022.\nHer sister's stem cells were infused; AML was diagnosed on 21/09/2021."
        }
    )
    assert sorted(e.date for e in kinds(f, "transplant")) == ["2022-06-16", "2023-01-25"]
    assert [d.date for d in kinds(f, "diagnosis")] == ["2021-09-21"]


def test_neither_nor_and_negation_after_its_target(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 22/02/2023\nThere was neither relapse nor GVHD at day 100.\n"
            "After FLAG-IDA on 21/12/2022, remission was not achieved."
        }
    )
    assert kinds(f, "relapse") == [] and kinds(f, "gvhd") == [] and kinds(f, "remission") == []
    assert [r.name for r in kinds(f, "regimen")] == ["FLAG-IDA"]


def test_a_gvhd_said_to_have_resolved_or_responded_happened(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic 05/02/2024\nHistory:\n- acute GVHD of the gut, grade 3 (Aug 2023), "
            "resolved with budesonide\n- 11/2023: skin cGVHD - responded to ruxolitinib\n",
        }
    )
    got = sorted((e.date, e.organ) for e in kinds(f, "gvhd"))
    assert got == [("2023-08", "gut"), ("2023-11", "skin")]


def test_would_be_considered_deferred_planned_and_questions(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 02/02/2023\nA second transplant would be considered if a donor is "
            "found.\nDLI was discussed but deferred.\nCAR-T is planned for March.\n",
            "questions.txt": "Questions for the doctor\nCould she have CAR-T or DLI?\n",
        }
    )
    assert f.events == ()


def test_gvhd_prophylaxis_and_post_transplant_words_are_not_events(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 02/02/2023\nGVHD prophylaxis was ciclosporin and methotrexate.\n"
            "POST-TRANSPLANT CHIMERISM ANALYSIS\nPost-transplant marrow was normal."
        }
    )
    assert kinds(f, "gvhd") == [] and kinds(f, "transplant") == []


def test_a_legend_on_a_wrapped_page_runs_to_its_paragraph_end() -> None:
    from recordkit.layout import analyse_page
    from recordkit.models import PageText

    lines = [
        "She received DLI on 12/05/2021 and was well afterwards, with a normal marrow.",
        "Figure 1 | Timeline of treatment. Numbers show events: 1, Diagnosis; 2, DLI; 3,",
        "Relapse; 4, HSCT. DLI, donor lymphocyte infusion; HSCT, stem cell transplant.",
        "",  # the legend's paragraph ends here
        "Afterwards she relapsed on 01/07/2021 with 30% marrow blasts in the aspirate.",
        "She was well.",
    ]
    page = PageText(file="r.txt", page=1, text="\n".join(lines), method="text")
    text = analyse_page(page).text  # as extraction reads it: one block a line
    secs = DocumentSections([text])
    secs.page(text)
    assert secs.section_at(text.index("Relapse; 4")) == SectionKind.CAPTION
    assert secs.section_at(text.index("Afterwards")) == SectionKind.BODY


def test_plain_words_for_relapse_and_chinese_transplant_wording(facts: Facts) -> None:
    f = facts(
        {
            "timeline.txt": "- March 2020: the leukaemia came back (45% blasts in the marrow).\n",
            "摘要.txt": "2019年10月27日行单倍体供者外周血干细胞联合非血缘脐血移植，为第0天。\n"
            "移植后第14天粒细胞植入。\n",
        }
    )
    assert [r.date for r in kinds(f, "relapse")] == ["2020-03"]
    assert [t.date for t in kinds(f, "transplant")] == ["2019-10-27"]


def test_an_unheaded_glossary_line_makes_no_events(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Letter 22/02/2023\nShe received DLI on 12/01/2023.\n"
            "AML, acute myeloid leukaemia; DLI, donor lymphocyte infusion; HSCT, stem cell "
            "transplantation; GVHD, graft-versus-host disease.\n"
        }
    )
    assert [(e.kind, e.date) for e in f.events] == [("dli", "2023-01-12")]


def test_form_labels_and_unticked_boxes(facts: Facts) -> None:
    f = facts(
        {
            "form.txt": "Day 100 form 20/06/2021\nStatus: ☐ Relapse ☒ Complete remission\n"
            "[ ] DLI given   [x] Alive\nAcute GVHD: none\nChronic GVHD: no\n"
            "Date of transplant: 12/03/2021\n"
        }
    )
    assert kinds(f, "relapse") == [] and kinds(f, "dli") == [] and kinds(f, "gvhd") == []
    assert [e.date for e in kinds(f, "transplant")] == ["2021-03-12"]
    assert len(kinds(f, "remission")) == 1


def test_generic_statements_in_a_letter_are_not_events(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 22/02/2023\nDLI may salvage patients who relapse after a "
            "transplant. CAR-T can induce remission in B-ALL.\n"
        }
    )
    assert f.events == ()


def test_chinese_mrd_negativity_is_a_remission(facts: Facts) -> None:
    f = facts({"摘要.txt": "病历摘要\n2016年4月1日NPM1定量阴性，达MRD阴性。\n"})
    assert [r.date for r in kinds(f, "remission")] == ["2016-04-01"]


def test_a_wrapped_line_starting_with_an_abbreviation_stays_in_its_sentence(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Progress note 08/10/2015\n"
            "- Bone marrow on 05/25/15 showed 0.9% blasts, MRD negative (<0.01%), consistent with\n"
            "MRD-negative complete remission.\n"
        }
    )
    assert [r.date for r in kinds(f, "remission")] == ["2015-05-25"]


def test_how_notes_abbreviate_and_word_events(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Progress note 03/20/2024\n"
            "AML dx 06/20/2022.\n"
            "Day 0 (stem cell infusion): 11/25/2022.\n"
            "February 2023 - started aza and venetoclax.\n"
            "Patient expired on 03/16/2024.\n",
            "apl.txt": "Acute promyelocytic leukemia diagnosed on 03/08/2021. "
            "Started ATRA and arsenic trioxide on 03/14/2021.\n",
        }
    )
    got = sorted(
        (e.kind, e.label or e.name or "", e.date) for e in f.events if e.kind != "remission"
    )
    assert got == [
        ("death", "", "2024-03-16"),
        ("diagnosis", "AML", "2022-06-20"),
        ("diagnosis", "APL", "2021-03-08"),
        ("regimen", "ATRA+ATO", "2021-03-14"),
        ("regimen", "AZA+VEN", "2023-02"),
        ("transplant", "", "2022-11-25"),
    ]


def test_suggestions_plans_and_partial_remission_are_not_events(facts: Facts) -> None:
    f = facts(
        {
            "lab.txt": "Sample date: 25/03/2021\n"
            "Comment: Mixed chimerism. Suggest discussion of DLI.\n",
            "letter.txt": "Clinic 20/07/2021\nBone marrow: partial remission.\n"
            "We discussed allogeneic transplant but this is not currently indicated.\n"
            "He will start HiDAC consolidation next week.\n",
        }
    )
    assert [e.kind for e in f.events] == []


def test_lower_case_count_names_and_lymphoblasts(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Note 03/14/2024. wbc 4.5, hgb 10.1, anc 2.0, Plts 150.\n",
            "bm.txt": "Bone marrow aspirate dated 06/06/2023 showed 82% lymphoblasts.\n",
        }
    )
    got = sorted((m.analyte, m.value) for m in f.measurements)
    assert got == [("anc", 2.0), ("blasts", 82.0), ("hb", 101.0), ("plt", 150.0), ("wbc", 4.5)]


def test_a_negation_in_brackets_is_the_bracketed_things(facts: Facts) -> None:
    f = facts({"letter.txt": "Complete remission on 15/10/2022 (MRD not detected).\n"})
    assert [(e.kind, e.date) for e in f.events] == [("remission", "2022-10-15")]
    assert [(m.analyte, m.value) for m in f.measurements] == [("mrd", 0.0)]
    f = facts({"letter.txt": "Marrow 15/10/2022 (relapse not detected).\n"})
    assert [e.kind for e in f.events] == []


def test_third_probe_traps_and_wordings(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 20/05/2023\n\n"
            "Bone marrow 28/02/2023: 3% blasts, cellularity 40%.\n"
            "Relapse-free as of 12/05/2022. Risk of relapse on 12/05/2022 discussed.\n"
            "He was found to be a transplant candidate on 12/05/2022.\n"
            "HLA typing sent on 12/05/2022 for transplant.\n",
            "summary.txt": "Discharge summary 30/03/2022\n\n"
            "BMA (05.03.2022): 82% blasts.\n"
            "Response assessment 25.03.2022: CR with incomplete count recovery.\n"
            "He was transplanted on 10/08/2022.\n",
        }
    )
    events = sorted((e.kind, e.depth or "", e.date) for e in f.events)
    assert events == [("remission", "CRi", "2022-03-25"), ("transplant", "", "2022-08-10")]
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [("blasts", 3.0, "2023-02-28"), ("blasts", 82.0, "2022-03-05")]


def test_protocol_phases_and_bmt_as_the_procedures_name(facts: Facts) -> None:
    f = facts(
        {
            "all.txt": "Phase IA completed on 20/02/2022. Protocol IB started on 24/02/2022.\n",
            "bmt.txt": "Matched sibling allogeneic BMT (PBSC) done on 14/10/2021.\n"
            "Second allogeneic BMT on 01/02/2023.\n",
        }
    )
    # a BFM phase 'IA' is not idarubicin + cytarabine; a protocol's phase names its course
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("PROTOCOL IB", "2022-02-24")]
    grafts = [(e.date, e.grafts) for e in kinds(f, "transplant")]
    assert grafts == [("2021-10-14", ("PBSC",)), ("2023-02-01", ("BM",))]


def test_a_brother_or_sister_is_a_sibling_donor_and_progenitors_a_pbsc_graft(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "He received allogeneic BMT from his brother (HLA identical, peripheral "
            "blood progenitors) on 15/09/2021.\n",
            "b.txt": "Allogeneic HSCT from an HLA-matched sister on 03/02/2023.\n",
        }
    )
    tx = sorted((e.date, e.donor, e.grafts) for e in kinds(f, "transplant"))
    assert tx == [("2021-09-15", "sibling", ("PBSC",)), ("2023-02-03", "sibling", None)]


def test_a_marrow_suggestive_of_a_disease_diagnoses_it_unless_it_tells_a_relapse(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "BMA done on 14/08/2019 s/o AML (blasts 81%).\n"
            "BMA done on 14/08/2021 suggestive of relapse of AML (blasts 31%).\n"
            "Day 0: 03.03.2022 PBSC infusion. Neutrophil engraftment on D+14.\n"
            "Day +30 BMA: normocellular marrow, trilineage engraftment, blasts 1%.\n",
        }
    )
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("AML", "2019-08-14")]
    assert [e.date for e in kinds(f, "relapse")] == ["2021-08-14"]
    assert [e.date for e in kinds(f, "engraftment")] == ["2022-03-17"]


def test_a_finding_after_a_negated_one_is_asserted(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Bone marrow 19/01/2023 showed no excess blasts – consistent with remission.\n"
            "Bone marrow 20/05/2023: no findings consistent with relapse.\n",
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2023-01-19"]
    assert kinds(f, "relapse") == []


def test_who_subtypes_and_a_transformation_are_diagnoses(facts: Facts) -> None:
    listed = facts(
        {"a.txt": "Diagnoses:\n1. MDS-EB2, diagnosed 14/06/2021\n2. Progression to AML 18/01/2023"}
    )
    got = sorted((e.label, e.date) for e in kinds(listed, "diagnosis"))
    assert got == [("AML", "2023-01-18"), ("MDS", "2021-06-14")]
    told = facts(
        {"b.txt": "MDS-IB1 was diagnosed in May 2019 and transformed to AML-M2 in March 2021.\n"}
    )
    got = sorted((e.label, e.date) for e in kinds(told, "diagnosis"))
    assert got == [("AML", "2021-03"), ("MDS", "2019-05")]


def test_a_registry_forms_unticked_options_say_nothing(facts: Facts) -> None:
    f = facts(
        {
            "form.txt": "Date of HCT: 2022-01-15\n"
            "Donor type: [X] Unrelated  [ ] Haploidentical\n"
            "Graft: [X] Peripheral blood stem cells  [ ] Cord blood\n"
            "Acute GVHD: [ ] Yes  [X] No\n"
            "Platelet engraftment: [ ] Yes  [X] No\n"
            "Disease status at HCT: [ ] CR1  [X] CR2\n",
        }
    )
    tx = kinds(f, "transplant")
    assert [(e.date, e.donor, e.grafts) for e in tx] == [("2022-01-15", "unrelated", ("PBSC",))]
    assert kinds(f, "gvhd") == [] and kinds(f, "engraftment") == []
    assert [e.kind for e in f.events if e.kind == "remission"] == ["remission"]  # CR2 only


def test_a_car_t_products_day_0_and_name(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Day 0 = 05/22/2023, axi-cel\n",
            "later.txt": "Kymriah (tisagenlecleucel) infused 5/22/23.\n",
        }
    )
    assert kinds(f, "transplant") == []
    assert [(e.date, e.target) for e in kinds(f, "car_t")] == [("2023-05-22", "CD19")]


def test_a_day_0_after_a_car_t_sentence_is_the_car_ts(facts: Facts) -> None:
    told = "CAR-T follow-up 20/03/2023\nTisagenlecleucel infused. Day 0 = 03/02/2023.\n"
    f = facts({"note.txt": told})
    assert kinds(f, "transplant") == []  # no transplant was told
    assert [e.date for e in kinds(f, "car_t")] == ["2023-02-03"]
    tx = "Transplant summary 20/07/2023\nDonor: haplo (son). Day 0 = 14/06/2023.\n"
    f = facts({"tx.txt": tx})
    assert [e.date for e in kinds(f, "transplant")] == ["2023-06-14"]


def test_an_infusion_told_after_a_car_t_sentence_dates_the_car_t(facts: Facts) -> None:
    en = (
        "She was given anti-CD19 CAR-T cells (axicabtagene ciloleucel). Infusion performed on "
        "14/09/2022 after lymphodepletion.\n"
    )
    pt = "Terapia com células CAR-T (tisagenlecleucel). Infusão realizada em 21/11/2023.\n"
    f = facts({"note.txt": en, "relatorio.txt": pt})
    assert [(e.date, e.target) for e in kinds(f, "car_t")] == [
        ("2022-09-14", "CD19"),
        ("2023-11-21", "CD19"),
    ]
    apart = "CAR-T team review 02/01/2024.\nInfusion performed on 03/01/2024.\n"
    assert [e.date for e in kinds(facts({"n.txt": apart}), "car_t")] == []  # its own line


def test_chinese_hedges_make_a_finding_suspected(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "2023.6.28复查骨髓原始细胞3.5%，不除外复发。\n"
            "2023.7.5复查骨髓原始细胞4%，复发待排。\n"
            "2023.7.10出现皮疹，急性GVHD待排。\n"
            "2023.7.20肝功能异常，肝脏GVHD待除外。\n"
            "2023.8.28复查骨髓原始细胞13.5%，提示复发。\n"
        }
    )
    assert [e.date for e in kinds(f, "relapse")] == ["2023-08-28"]
    assert kinds(f, "gvhd") == []


def test_a_chinese_day_count_after_an_infusion_is_not_a_second_one(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "2023年1月25日回输供者淋巴细胞（DLI）。\n"
            "DLI后第21天（2023.2.15）出现皮疹。\n"
            "2023年3月1日CAR-T细胞输注。\n"
            "CAR-T输注后第28天（2023.3.29）复查骨髓。\n"
        }
    )
    assert [e.date for e in kinds(f, "dli")] == ["2023-01-25"]
    assert [e.date for e in kinds(f, "car_t")] == ["2023-03-01"]


def test_a_chinese_mrd_negative_remission_has_that_depth(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "2023年3月1日骨髓评估：MRD阴性CR。\n"
            "2023年6月1日复查骨髓：原始细胞0.5%，评估MRD阴性完全缓解。\n"
        }
    )
    got = [(e.date, e.depth) for e in kinds(f, "remission")]
    assert got == [("2023-03-01", "MRD-negative"), ("2023-06-01", "MRD-negative")]


def test_a_later_clauses_depth_does_not_reach_a_dated_remission(facts: Facts) -> None:
    # the marrow of 12/10 showed CR2; MRD negativity was found only after the second course
    text = (
        "Referral 25/11/2021\nFLAG-IDA x2 (C1 13/09/2021, C2 18/10/2021) - CR2 on marrow "
        "12/10/2021, NPM1 MRD negative after C2\n"
    )
    got = [(e.date, e.depth) for e in kinds(facts({"a.txt": text}), "remission")]
    assert got == [("2021-10-12", "CR")]
    # a remission its own words call MRD-negative keeps the depth
    text = "Referral 25/11/2021\nMarrow 12/10/2021: MRD-negative CR2, after C2 of FLAG-IDA\n"
    got = [(e.date, e.depth) for e in kinds(facts({"b.txt": text}), "remission")]
    assert got == [("2021-10-12", "MRD-negative")]


def test_intermediate_dose_cytarabine_is_hidac(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "2022年4月予中剂量阿糖胞苷巩固化疗。\n"
            "Consolidation with intermediate-dose cytarabine in June 2022.\n"
        }
    )
    got = [(e.name, e.date) for e in kinds(f, "regimen")]
    assert got == [("HiDAC", "2022-04"), ("HiDAC", "2022-06")]


def test_a_chinese_marrow_plus_blood_graft_is_both(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "2023年1月5日行单倍体造血干细胞移植（输注骨髓+外周血干细胞）。\n",
            "b.txt": "2023年1月5日行单倍体骨髓+外周血造血干细胞移植。\n",
        }
    )
    tx = kinds(f, "transplant")
    assert tx and all(sorted(e.grafts) == ["BM", "PBSC"] for e in tx)


def test_a_graft_the_name_bmt_implies_gives_way_to_a_stated_one(facts: Facts) -> None:
    for first, second in [("a.txt", "b.txt"), ("b.txt", "a.txt")]:  # whichever is read first
        f = facts(
            {
                first: "He underwent allogeneic BMT on 15/09/2021.\n",
                second: "Transplant summary: allogeneic HSCT 15/09/2021, graft PBSC.\n",
            }
        )
        assert [e.grafts for e in kinds(f, "transplant")] == [("PBSC",)]


def test_a_graft_field_written_after_a_bmt_sentence_is_its_graft(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Discharge 14/02/2023\nPAST HISTORY:\nHe had a matched sibling allogeneic BMT "
            "on 03/05/2020. Graft source - peripheral blood stem cells.\n",
        }
    )
    tx = kinds(f, "transplant")
    assert [(e.date, e.grafts, e.donor) for e in tx] == [("2020-05-03", ("PBSC",), "sibling")]


def test_allo_and_auto_written_onto_the_procedure_name_are_transplants(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date of service: 9/28/2023\nOncologic history:\n"
            "- 03/14/2021: autoHCT\n- 10/17/2022: haplo PBSC alloHCT from her son\n",
        }
    )
    tx = [(e.date, e.donor, e.grafts) for e in kinds(f, "transplant")]
    assert tx == [("2021-03-14", "autologous", None), ("2022-10-17", "haploidentical", ("PBSC",))]


def test_the_cycle_a_patient_is_now_on_is_not_the_first_courses_number(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic 21/03/2023\nShe started azacitidine and venetoclax on 13/02/2023 "
            "and is now on cycle 2.\nFLAG-IDA cycle 2 on 25/01/2022.\n",
        }
    )
    got = sorted((e.name, e.cycle) for e in kinds(f, "regimen"))
    assert got == [("AZA+VEN", None), ("FLAG-IDA", 2)]


def test_a_report_conclusion_naming_the_disease_diagnoses_it_once(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Marrow aspirate report\nSpecimen collected: 14/03/2023\n\n"
            "Conclusion: Hypercellular marrow with 62% myeloblasts, consistent with acute "
            "myeloid leukaemia.\n",
            "b.txt": "Marrow aspirate report\nSpecimen collected: 30/05/2023\n\n"
            "Conclusion: Residual AML, 7% blasts.\n",
            "c.txt": "Marrow aspirate report\nSpecimen collected: 21/09/2023\n\n"
            "Conclusion: Known AML, in morphological remission.\n",
            "d.txt": "Marrow aspirate report\nSpecimen collected: 18/02/2024\n\n"
            "Conclusion: 40% blasts, in keeping with relapsed AML.\n",
        }
    )
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("AML", "2023-03-14")]
    assert [e.date for e in kinds(f, "relapse")] == ["2024-02-18"]


def test_a_marrow_written_with_its_disease_after_a_dash_or_colon_diagnoses_it(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Date of service: 9/28/2023\nOncologic history:\n"
            "- 2/09/2021: bone marrow biopsy - T-ALL, 70% blasts\n"
            "- 6/2022: marrow: relapsed T-ALL\n- 9/2022: BM bx: residual T-ALL\n",
        }
    )
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("T-ALL", "2021-02-09")]
    assert [e.date for e in kinds(f, "relapse")] == ["2022-06"]
    slip = facts({"b.txt": "Bone marrow - aspirate 18/06/2016\nHb 111 g/L\n"})  # no disease
    assert [(m.analyte, m.date) for m in slip.measurements] == [("hb", "2016-06-18")]


def test_a_marrow_dated_before_its_colon_diagnoses_the_disease_it_found(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date of service: 06/20/2024\nOncologic history:\n"
            "- 08/2023: presented with bruising. Bone marrow 08/23/2023: 88% lymphoblasts, "
            "B-ALL, IKZF1 deleted.\n- Day 21 bone marrow (09/18/2023): CR, MRD 0.08%.\n",
        }
    )
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("B-ALL", "2023-08-23")]
    assert [e.date for e in kinds(f, "remission")] == ["2023-09-18"]


def test_a_german_findings_summary_diagnoses_by_its_report_date_doubted(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Knochenmarkbefund\nDatum: 02.05.2022\n\n"
            "Beurteilung: Knochenmark mit 45 % Blasten, vereinbar mit einer akuten "
            "myeloischen Leukämie.\n",
        }
    )
    (dx,) = kinds(f, "diagnosis")
    assert (dx.label, dx.date) == ("AML", "2022-05-02")
    assert dx.confidence < 0.9 and dx.doubts


def test_a_planned_treatment_held_back_was_not_given_and_dates_nothing(facts: Facts) -> None:
    f = facts(
        {
            "dli.txt": "Clinic note 20/04/2024\nDLI 2 given 04/03/2024.\n"
            "Third DLI scheduled 15/04/2024, withheld because of skin GVHD.\n"
            "Azacitidine cycle 4 planned 01/04/2024 - held for neutropenia.\n"
        }
    )
    assert [(e.kind, e.date) for e in f.events if e.kind in ("dli", "regimen")] == [
        ("dli", "2024-03-04")
    ]
    # the GVHD is why the DLI was held, not something found on its planned day
    assert all(e.date != "2024-04-15" for e in kinds(f, "gvhd"))


def test_a_form_row_answered_no_or_not_assessed_is_no_event(facts: Facts) -> None:
    f = facts(
        {
            "form.txt": "Follow-up form 01/03/2024\nAcute GVHD |      No\n"
            "Chronic GVHD | not assessed yet\nRelapse | Yes, 12/02/2024\n"
        }
    )
    assert [e.kind for e in f.events] == ["relapse"]


def test_a_case_under_any_case_heading_after_a_background_keeps_its_facts(facts: Facts) -> None:
    intro = "Background\nInotuzumab gave remission in 80.7% of patients in 2016.\n\n"
    case = "In June 2018 a 27-year-old woman was diagnosed with B-ALL.\n\nDiscussion\nRare.\n"
    for heading in ("Case summary", "Clinical presentation", "Clinical case", "Patient"):
        f = facts({"a.txt": intro + heading + "\n" + case})
        assert [(e.kind, e.date) for e in f.events] == [("diagnosis", "2018-06")], heading


def test_a_problem_lists_onset_dates_the_disease_it_names(facts: Facts) -> None:
    head = "Haematology clinic letter\nDate: 14/02/2024\n"
    for rows in (
        "Problem | Onset\nAcute myeloid leukaemia (AML) | 11/2021\nHypertension | 2015\n",
        "Diagnosis\tDate\nAcute myeloid leukaemia (AML)\t11/2021\nHypertension\t2015\n",
        "Problem list:\nAML, NPM1-mutated    Onset: 11/2021\nType 2 diabetes    Onset: 2018\n",
    ):
        got = facts({"a.txt": head + rows}).events
        assert [(e.kind, e.label, e.date) for e in got] == [("diagnosis", "AML", "2021-11")]


def test_a_disease_dated_in_a_problem_lists_item_is_diagnosed_then(facts: Facts) -> None:
    head = "Haematology clinic letter\nDate: 14/02/2024\n"
    for items in (
        "Problem list:\n1. AML (11/2021)\n2. Chronic GVHD of the skin (05/2023)\n3. Asthma\n",
        "Diagnoses\nAML | 11/2021\nChronic GVHD | 05/2023\n",
        "Active problems:\n- AML (11/2021)\n- Chronic GVHD of the skin (05/2023)\n",
    ):
        got = [(e.kind, e.date) for e in facts({"a.txt": head + items}).events]
        assert got == [("diagnosis", "2021-11"), ("gvhd", "2023-05")], items
    # an item telling a relapse dates the relapse, not a new diagnosis (which stays undated)
    relapsed = head + "Problem list:\n1. Relapsed AML 03/2023\n"
    got = [(e.kind, e.date) for e in facts({"b.txt": relapsed}).events]
    assert got == [("diagnosis", None), ("relapse", "2023-03")]


def test_a_letters_diagnosis_line_restating_the_disease_is_not_a_dated_diagnosis(
    facts: Facts,
) -> None:
    letter = "Haematology clinic letter\nDate: 14/02/2024\nDiagnosis: AML in CR2\nShe is well.\n"
    assert [e.date for e in kinds(facts({"a.txt": letter}), "diagnosis")] == [None]
    row = "Problem | Onset\nRelapsed AML, in CR2 | 03/2023\n"  # the onset of a relapse
    assert kinds(facts({"b.txt": "Clinic letter\nDate: 14/02/2024\n" + row}), "diagnosis") == []


def test_a_two_letter_word_among_capitals_is_no_regimen_without_a_treatment(
    facts: Facts,
) -> None:
    f = facts(
        {
            "it.txt": "Lettera di dimissione 30/09/2023\n"
            "Modalità di ricovero: DA PRONTO SOCCORSO il 25/09/2023\n",
            "pt.txt": "HOSPITAL DAS CLÍNICAS DA FACULDADE DE MEDICINA\n"
            "SERVIÇO DE HEMATOLOGIA DA SANTA CASA – ADMISSÃO EM 25/09/2023\n",
            "en.txt": "SUMMARY 01/10/2021\nINDUCTION DA 3+7 STARTED 14/06/2021\n"
            "DA GIVEN AGAIN ON 20/08/2021\n",
        }
    )
    assert sorted(e.date for e in kinds(f, "regimen")) == ["2021-06-14", "2021-08-20"]


def test_an_all_capitals_line_naming_the_course_given_is_a_statement(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Seen 25/04/2023.\n\nCONSOLIDATION HIDAC\nShe tolerated it well.\n",
            "b.txt": "Seen 25/04/2023.\n\nINDUCTION CHEMOTHERAPY\nShe tolerated it well.\n",
        }
    )
    assert [(e.name, e.sources[0].file) for e in kinds(f, "regimen")] == [("HiDAC", "a.txt")]


def test_a_referral_or_work_up_for_a_treatment_is_no_treatment_given(facts: Facts) -> None:
    pending = [
        "2023年5月30日 病人已轉介至CAR-T細胞治療評估。",
        "2023年5月30日 病人已转介至CAR-T细胞治疗评估。",
        "Clinic 30/05/2023\nHe is being worked up for allogeneic HSCT from his unrelated donor.",
        "Clinic 30/05/2023\nShe is to be assessed for CAR-T cell therapy.",
    ]
    for text in pending:
        assert facts({"n.txt": text + "\n"}).events == (), text
    given = "2023年5月30日 转介至我院，行CAR-T细胞治疗。\n"
    assert [(e.kind, e.date) for e in facts({"n.txt": given}).events] == [("car_t", "2023-05-30")]


def test_a_booked_admission_for_a_treatment_is_a_booking(facts: Facts) -> None:
    letter = "Clinic letter 14/03/2023\nDear Dr Smith,\n"
    for booking in [
        "Provisional admission date for transplant is 17/04/2023.",
        "He is booked for admission for transplant on 17/04/2023.",
        "Admission date for CAR-T: 17/04/2023.",
    ]:
        assert facts({"l.txt": letter + booking + "\n"}).events == (), booking
    done = letter + "He was admitted for transplant on 17/02/2023.\n"
    got = [(e.kind, e.date) for e in facts({"l.txt": done}).events]
    assert got == [("transplant", "2023-02-17")]


def test_an_mdt_note_s_background_and_discussion_do_not_make_it_an_article(
    facts: Facts,
) -> None:
    note = (
        "Haematology MDT meeting 21/09/2022\n\nBackground:\nRelapse on 26/08/2022.\n\n"
        "Discussion:\nSuitable for AZA+VEN.\n\nRecommendation:\nStart AZA+VEN.\n"
    )
    assert [(e.kind, e.date) for e in facts({"m.txt": note}).events] == [("relapse", "2022-08-26")]
    secs = DocumentSections([note])
    secs.page(note)
    assert secs.section_at(note.index("Relapse on")) == SectionKind.PRESENTATION
    assert secs.section_at(note.index("Suitable")) == SectionKind.DISCUSSION
    article = note.replace("Discussion:", "Case presentation\nShe was well.\n\nDiscussion:")
    secs = DocumentSections([article])
    secs.page(article)
    assert secs.section_at(article.index("Relapse on")) == SectionKind.INTRODUCTION


def test_a_clinic_named_after_gvhd_is_no_gvhd(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 05/02/2023\nI saw Mr. Sample today in the GVHD clinic, "
            "day +49 after his MUD PBSCT transplant on 03/14/2023. He was discussed by the "
            "graft-versus-host disease team.\n"
        }
    )
    assert kinds(f, "gvhd") == []
    assert [t.date for t in kinds(f, "transplant")] == ["2023-03-14"]


@pytest.mark.parametrize(
    "told",
    [
        "Diagnosis: T-ALL, NOTCH1 mutated. Diagnosed 23/04/2021 (marrow 90% blasts).",
        "T-ALL (CD1a+), NOTCH1 mutated. Presented 23/04/2021 with WCC 120 and a mass.",
    ],
)
def test_a_diagnosis_cue_and_date_opening_the_next_sentence_date_the_disease(
    facts: Facts, told: str
) -> None:
    got = kinds(facts({"r.txt": f"Referral 15/06/2023\n{told}"}), "diagnosis")
    assert [(e.label, e.date) for e in got] == [("T-ALL", "2021-04-23")]
    assert any("sentence after" in d for d in got[0].doubts)  # which disease: the one before


def test_a_later_presentation_does_not_date_a_disease_in_remission(facts: Facts) -> None:
    text = "Letter 15/06/2023\nAML in CR1. Presented 12/05/2023 with fever."
    assert all(e.date != "2023-05-12" for e in kinds(facts({"l.txt": text}), "diagnosis"))


def test_a_problem_list_entry_beside_its_relapse_is_an_undated_diagnosis(facts: Facts) -> None:
    text = "Letter 15/06/2023\nDiagnoses:\n1. Ph-neg B-ALL, 2nd relapse, Feb 2023\n2. Asthma\n"
    got = facts({"l.txt": text})
    assert [(e.label, e.date) for e in kinds(got, "diagnosis")] == [("B-ALL", None)]
    assert [e.date for e in kinds(got, "relapse")] == ["2023-02"]


def test_a_disease_dated_as_an_item_of_a_semicolon_history_is_its_diagnosis(facts: Facts) -> None:
    text = (
        "Letter 15/06/2023\nSummary of his disease course: T-ALL 03/2021; UKALL x2; nelarabine; "
        "MUD alloHCT 10/10/2021; relapse 01/2023.\n"
    )
    got = facts({"l.txt": text})
    assert [(e.label, e.date) for e in kinds(got, "diagnosis")] == [("T-ALL", "2021-03")]
    assert all(e.date != "2021-03" for e in kinds(got, "regimen"))  # not the next item's
    assert [e.date for e in kinds(got, "relapse")] == ["2023-01"]
    relapsed = facts({"r.txt": "Letter 15/06/2023\nHistory: relapsed AML 06/2022; FLAG-Ida.\n"})
    assert [e.date for e in kinds(relapsed, "diagnosis")] in ([], [None])
