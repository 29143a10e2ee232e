"""Disease states as a clinician counts them: the state a treatment was given in, relapses
told twice, a relapse's type and a remission regained after a relapse."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


def test_the_remission_a_transplant_was_given_in_is_no_new_remission(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Clinic letter 01/03/2022\nHe underwent allo-SCT in CR2 on 14/01/2022.",
            "b.txt": "Summary 02/03/2022\nDiagnosis: AML, allo-SCT (MUD, PBSC) 14/01/2022 in CR2",
            "c.txt": "Letter 03/03/2022\nAllogeneic transplant from a matched unrelated donor "
            "on 14/01/2022 in CR2.",
        }
    )
    assert kinds(f, "remission") == []  # the state it was given in, found before that day
    assert [(e.date, e.confidence > 0.9) for e in kinds(f, "transplant")] == [("2022-01-14", True)]


def test_a_remission_told_before_s_p_a_transplant_is_not_dated_by_it(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Marrow report 12/20/2022\nDay 28 marrow: complete remission (CR1).",
            "b.txt": "Visit 06/26/2023\nAML in CR1, s/p MUD PBSCT on 03/14/2023.",
            "c.txt": "Visit 07/26/2023\nAML in first CR, status post allogeneic stem cell "
            "transplant on 03/14/2023.",
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2022-12-20"]  # the marrow's, not day 0
    assert [e.date for e in kinds(f, "transplant")] == ["2023-03-14"]


def test_a_remission_an_arrow_leads_to_a_transplant_is_the_state_it_was_given_in(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Marrow report 12/11/2019\nPost-induction marrow: complete remission (CR1).",
            "b.txt": "MDT outcome 10/05/2022\n41M NPM1-mutated AML, CR1 -> MUD allo-PBSCT "
            "17/09/2020. Molecular relapse 04/2022.",
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2019-11-12"]  # not the transplant's
    assert [e.date for e in kinds(f, "transplant")] == ["2020-09-17"]


def test_a_remission_a_course_s_arrow_leads_stays_that_course_s_result(facts: Facts) -> None:
    f = facts({"a.txt": "MDT 10/05/2022\nAML: FLAG-Ida 01/2020 -> CR1 -> MUD allo-SCT 17/09/2020."})
    assert len(kinds(f, "remission")) == 1
    assert [e.date for e in kinds(f, "transplant")] == ["2020-09-17"]


def test_a_remission_with_its_own_date_before_s_p_keeps_it(facts: Facts) -> None:
    f = facts({"a.txt": "Visit 06/26/2023\nAML in CR1 (12/2022), s/p MUD PBSCT on 03/14/2023."})
    assert [e.date for e in kinds(f, "remission")] == ["2022-12"]


def test_a_remission_a_course_resulted_in_is_still_its_result(facts: Facts) -> None:
    f = facts({"a.txt": "Letter 01/05/2021\nFLAG-Ida on 01/02/2021 resulting in CR2 on 03/03/2021"})
    assert [e.date for e in kinds(f, "remission")] == ["2021-03-03"]


def test_a_relapse_retold_by_its_month_is_the_marrow_s_relapse_doubted(facts: Facts) -> None:
    f = facts(
        {
            "m.txt": "Collection date: 01/19/2023\nFINAL DIAGNOSIS: Relapsed AML.",
            "l.txt": "February 6, 2023\nHistory: AML in CRi after azacitidine + venetoclax. "
            "Relapse 12/2022 on marrow.",
        }
    )
    relapses = kinds(f, "relapse")
    assert [r.date for r in relapses] == ["2023-01-19"]
    assert relapses[0].confidence < 0.9
    assert any("2022-12" in d and "2023-01-19" in d for d in relapses[0].doubts)


def test_relapses_a_month_apart_with_a_remission_between_stay_two(facts: Facts) -> None:
    f = facts(
        {
            "m.txt": "Collection date: 01/19/2023\nFINAL DIAGNOSIS: Relapsed AML.",
            "l.txt": "February 6, 2023\nHistory: Relapse 12/2022 on marrow. FLAG-Ida; CR2 on "
            "the marrow of 01/01/2023.",
        }
    )
    assert [r.date for r in kinds(f, "relapse")] == ["2022-12", "2023-01-19"]


def test_a_molecular_remission_is_mrd_negative(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic 11/10/2024\nMolecular relapse 18/03/2024. DLI 24/04/2024.\n"
            "Marrow 23/09/2024: NPM1 MRD negative. He is now in molecular remission."
        }
    )
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [("2024-09-23", "MRD-negative")]


def test_a_clear_marrow_after_a_treatment_just_told_is_its_remission(facts: Facts) -> None:
    cart = "Tisagenlecleucel infused on 13/02/2024.\nBone marrow on 12/03/2024: MRD negative.\n"
    blina = (
        "Relapse in January 2023.\nBlinatumomab cycle 1 from 13/03/2023.\n"
        "Repeat marrow on 17/04/2023: MRD negative (<0.01%).\n"
    )
    for text, day in ((cart, "2024-03-12"), (blina, "2023-04-17")):
        (rem,) = kinds(facts({"a.txt": text}), "remission")
        assert (rem.date, rem.depth) == (day, "MRD-negative")
        assert rem.confidence < 0.9 and any("no remission is named" in d for d in rem.doubts)


def test_a_named_remission_told_with_its_depth_is_not_inferred_from_the_marrow(
    facts: Facts,
) -> None:
    text = (
        "CD22 CAR T cells infused 08/18/2023 (day 0).\nResponse: Day +28 bone marrow showed "
        "MRD-negative CR by flow (<0.01%) and by clonoSEQ (no clonotype detected at 10^-6).\n"
    )
    f = facts({"a.txt": text})
    (rem,) = kinds(f, "remission")
    assert (rem.date, rem.depth) == ("2023-09-15", "MRD-negative")
    assert not any("no remission is named" in d for d in rem.doubts)
    # the flow result below its threshold is an MRD of 0 on the marrow's day
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"] == [
        (0.0, "2023-09-15")
    ]


def test_a_clear_marrow_in_a_remission_already_told_is_no_new_one(facts: Facts) -> None:
    in_cr = (
        "MRD-negative complete remission after induction in 2022.\n"
        "Blinatumomab cycle 1 from 13/03/2023.\nRepeat marrow on 17/04/2023: MRD negative.\n"
    )
    transplanted = "Allogeneic HSCT on 13/02/2024.\nBone marrow on 12/03/2024: MRD negative.\n"
    in_cr_grafted = (
        "Marrow 16/02/2023: CR, MRD 0.3% by flow. Allogeneic HSCT on 11/06/2023.\n"
        "Bone marrow on 19/09/2023: MRD negative.\n"
    )
    assert [e.date for e in kinds(facts({"a.txt": in_cr}), "remission")] == ["2022"]
    assert kinds(facts({"a.txt": transplanted}), "remission") == []
    assert [e.date for e in kinds(facts({"a.txt": in_cr_grafted}), "remission")] == ["2023-02-16"]


def test_a_clear_marrow_after_a_remission_with_mrd_is_its_conversion(facts: Facts) -> None:
    consolidated = (
        "Letter 01/07/2023\nHe had 7+3 from 20/01/2023, achieving CR with incomplete count "
        "recovery (CRi) on the day 28 marrow (16/02/2023), MRD by flow 0.3%. He had one cycle "
        "of HiDAC from 20/03/2023. Pre-transplant marrow 22/05/2023: MRD negative (<0.01%)."
    )
    untreated = (
        "Letter 01/07/2023\nMarrow on 16/03/2023: complete remission, flow MRD 0.08%.\n"
        "Repeat marrow on 17/04/2023: MRD undetectable (<0.01%).\n"
    )
    for text, first, day in (
        (consolidated, ("2023-02-16", "CRi"), "2023-05-22"),
        (untreated, ("2023-03-16", "CR"), "2023-04-17"),
    ):
        first_cr, deeper = kinds(facts({"a.txt": text}), "remission")
        assert (first_cr.date, first_cr.depth) == first
        assert (deeper.date, deeper.depth) == (day, "MRD-negative")
        assert deeper.confidence < 0.9 and any("inferred" in d for d in deeper.doubts)


def test_a_clear_marrow_after_a_relapse_and_dli_is_a_new_remission(facts: Facts) -> None:
    text = (
        "Clinic 11/10/2024\nMolecular relapse on 18/03/2024. DLI on 24/04/2024 and on "
        "19/06/2024.\nHis marrow of 23/09/2024 showed NPM1 MRD negative.\n"
    )
    (rem,) = kinds(facts({"a.txt": text}), "remission")
    assert (rem.date, rem.depth) == ("2024-09-23", "MRD-negative")
    assert rem.confidence < 0.9


def test_a_complete_molecular_response_is_an_mrd_negative_remission(facts: Facts) -> None:
    for told in ("BM in CMR", "complete molecular response", "deep molecular response"):
        f = facts(
            {
                "l.txt": "Follow-up 18/09/2023\nPh+ ALL diagnosed 09/01/2023.\n"
                "- 06/02/2023: BM 1% blasts, CR. Flow MRD 0.02%.\n"
                f"- 30/05/2023: {told}; p190 transcript undetectable. Flow MRD negative.\n"
            }
        )
        assert [(r.date, r.depth) for r in kinds(f, "remission")] == [
            ("2023-02-06", "CR"),
            ("2023-05-30", "MRD-negative"),
        ], told


def test_a_cml_s_molecular_response_on_a_tki_is_no_remission(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 12/03/2024\nCML in chronic phase, diagnosed 04/02/2019.\n"
            "- 10/02/2019: started imatinib.\n"
            "- 20/02/2021: BCR-ABL1 undetectable, complete molecular response (CMR).\n"
        }
    )
    assert kinds(f, "remission") == []
    assert [(m.analyte, m.date, m.value) for m in f.measurements] == [("mrd", "2021-02-20", 0.0)]


def test_a_remission_s_bracketed_depth_is_no_new_mrd_result(facts: Facts) -> None:
    f = facts(
        {
            "s.txt": "TRANSPLANT DISCHARGE SUMMARY\nAdmitted: 06/01/2022  Discharged: 11/02/2022\n"
            "Diagnosis: AML NPM1+, second complete remission (MRD negative)\n"
            "Day 0 = 14/01/2022.",
            "l.txt": "Clinic letter 20/03/2022\nAML in CR2 (MRD negative). Doing well.",
        }
    )
    assert [m for m in f.measurements if m.analyte == "mrd"] == []  # the state, no test
    assert {r.depth for r in kinds(f, "remission")} == {"MRD-negative"}  # its depth is kept


def test_a_bracketed_mrd_result_with_its_own_date_stays_a_result(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 20/03/2022\nAML in CR2 (MRD negative on marrow 12/10/2021)."})
    assert [(m.date, m.value) for m in f.measurements if m.analyte == "mrd"] == [
        ("2021-10-12", 0.0)
    ]


def test_a_depth_told_after_a_comma_is_the_remissions_not_a_new_test(facts: Facts) -> None:
    f = facts({"l.txt": "Clinic letter 02/09/2023\nSeen today. He is in complete remission, "
               "MRD negative. Feels well.\n"})  # fmt: skip
    assert [m for m in f.measurements if m.analyte == "mrd"] == []
    assert [r.depth for r in kinds(f, "remission")] == ["MRD-negative"]


@pytest.mark.parametrize(
    "told",
    [
        "He is in complete remission, MRD negative on marrow 14/08/2023.",
        "He is in complete remission, MRD negative by flow cytometry 14/08/2023.",
        "Aug 14, 2023: day 28 review, complete remission, MRD negative.",
    ],
)
def test_a_depth_after_a_comma_with_a_test_of_its_own_stays_a_result(
    facts: Facts, told: str
) -> None:
    f = facts({"l.txt": f"Clinic letter 02/09/2023\n{told}\n"})
    assert [(m.date, m.value) for m in f.measurements if m.analyte == "mrd"] == [
        ("2023-08-14", 0.0)
    ]


_HISTORY = (
    "CONSULTATION\nDate of service: 06/20/2024\n\nOncologic history:\n"
    "- 08/28/2023: started Hyper-CVAD. Day 21 bone marrow (09/18/2023): CR, MRD 0.08%.\n"
    "- Blinatumomab given 11/06/2023. Post-blinatumomab marrow 12/11/2023: MRD undetectable.\n"
    "- Hyper-CVAD cycles completed 01/2024 - 05/2024.\n\nAssessment:\n"
)


def test_a_remission_reported_as_the_current_state_is_the_one_told_before(facts: Facts) -> None:
    f = facts({"c.txt": _HISTORY + "29F with B-ALL in MRD-negative CR1. No sign of relapse.\n"})
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [
        ("2023-09-18", "CR"),
        ("2023-12-11", "MRD-negative"),
    ]  # not a third one dated by the note, six months after the marrow that found it


def test_a_deeper_remission_reported_than_the_one_told_is_its_own(facts: Facts) -> None:
    history = _HISTORY.replace("Post-blinatumomab marrow 12/11/2023: MRD undetectable.", "")
    f = facts({"c.txt": history + "29F with B-ALL in MRD-negative CR1.\n"})
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [
        ("2023-09-18", "CR"),
        ("2024-06-20", "MRD-negative"),
    ]  # the MRD 0.08% remission turned MRD-negative since: found by the note


def test_a_remission_reported_after_a_relapse_is_not_the_one_before_it(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic letter 18/09/2023\nB-ALL diagnosed 09/01/2023.\n"
            "30/05/2023: BM in CMR.\n05/07/2023: molecular relapse.\n"
            "Blinatumomab started 17/07/2023.\n"
            "Assessment: Ph+ ALL in second molecular remission.\n"
        }
    )
    rems = kinds(f, "remission")
    assert [r.date for r in rems] == ["2023-05-30", "2023-09-18"]  # the note's own, doubted
    assert rems[1].confidence < 0.9


def test_a_clear_result_under_a_marrow_specimen_field_is_a_marrow_s(facts: Facts) -> None:
    # an MRD report names the marrow only in its head fields, read as a grid of cells
    def report(specimen: str) -> str:
        return (
            "FLOW CYTOMETRY MRD REPORT\n\n"
            f"Specimen: {specimen}     Specimen No: H23.06120\n"
            "Date collected: 17/04/2023         Date received: 17/04/2023"
            "       Date reported: 21/04/2023\n"
            "Clinical details: B-ALL post blinatumomab cycle 1.\n\n"
            "Result: No abnormal B-lymphoblast population detected. "
            "MRD <0.01% (MRD negative at 0.01% sensitivity).\n"
        )

    (rem,) = kinds(facts({"a.txt": report("Bone marrow aspirate")}), "remission")
    assert (rem.date, rem.depth) == ("2023-04-17", "MRD-negative")
    assert rem.confidence < 0.9 and any("no remission is named" in d for d in rem.doubts)
    assert kinds(facts({"a.txt": report("Peripheral blood")}), "remission") == []


_MARROW = (
    "Bone marrow report\nDate of collection: 22/01/2023\n\n"
    "Bone marrow aspirate: 41% blasts, in keeping with relapsed AML.\n"
)


def test_a_relapse_reported_as_the_current_state_a_year_on_is_the_one_found(
    facts: Facts,
) -> None:
    f = facts({"a.txt": _MARROW, "b.txt": "Clinic letter\nDate: 30/01/2024\n\n"
               "Assessment: relapsed AML, currently on salvage chemotherapy.\n"})  # fmt: skip
    assert [r.date for r in kinds(f, "relapse")] == ["2023-01-22"]


def test_a_relapse_reported_after_a_remission_dated_since_is_a_new_one(facts: Facts) -> None:
    f = facts({"a.txt": _MARROW, "b.txt": "Clinic letter\nDate: 30/01/2024\n\n"
               "Complete remission on 12/05/2023 after salvage.\n"
               "Assessment: relapsed AML.\n"})  # fmt: skip
    assert sorted(r.date for r in kinds(f, "relapse")) == ["2023-01-22", "2024-01-30"]


@pytest.mark.parametrize(
    "told",
    [
        "Surveillance marrow on 14/02/2023 showed MRD re-emergence at 0.01% by PCR, "
        "without morphological relapse.",
        "Marrow 14/02/2023: recurrence of MRD (0.02% by flow); no haematological relapse.",
        "14/02/2023: MRD conversion to positive (0.05%), morphology clear.",
    ],
)
def test_mrd_coming_back_after_a_clear_marrow_is_a_molecular_relapse(
    facts: Facts, told: str
) -> None:
    f = facts({"l.txt": f"Clinic letter 01/03/2023\nTisagenlecleucel 03/08/2022 with "
               f"MRD-negative CR.\n{told}\n"})  # fmt: skip
    assert [(r.date, r.type) for r in kinds(f, "relapse")] == [("2023-02-14", "molecular")]


@pytest.mark.parametrize(
    "conclusion",
    [
        "Isolated CNS relapse of B-ALL. Bone marrow in morphological and MRD-negative remission.",
        "Isolated testicular relapse, with the marrow in MRD-negative complete remission.",
        "Isolated CNS relapse of B-ALL.\nBone marrow aspirate: MRD negative.",
    ],
)
def test_a_marrow_in_remission_beside_an_isolated_site_relapse_is_no_new_remission(
    facts: Facts, conclusion: str
) -> None:
    f = facts({"r.txt": f"Specimen: CSF, collected 17/09/2021.\nConclusion: {conclusion}\n"})
    assert [(r.date, r.type) for r in kinds(f, "relapse")] == [("2021-09-17", "extramedullary")]
    assert kinds(f, "remission") == []  # the marrow's continuing state shows the relapse isolated


def test_a_marrow_remission_apart_from_an_isolated_relapse_stays_one(facts: Facts) -> None:
    later = (
        "Clinic letter 01/03/2022\nIsolated CNS relapse on 17/09/2021.\n\n"
        "Re-induction followed. Bone marrow on 12/12/2021 in MRD-negative remission.\n"
    )
    combined = (
        "Clinic letter 02/03/2022\nCombined marrow and CNS relapse on 17/09/2021. "
        "Bone marrow on 12/12/2021 in MRD-negative remission.\n"
    )
    for text in (later, combined):
        remissions = kinds(facts({"l.txt": text}), "remission")
        assert [(r.date, r.depth) for r in remissions] == [("2021-12-12", "MRD-negative")], text


@pytest.mark.parametrize(
    ("told", "day"),
    [
        ("clonoSEQ 12/04/2022: MRD negative.", "2022-04-12"),
        ("Flow MRD 12/04/2022: negative.", "2022-04-12"),
        ("Marrow MRD on 11/04/2023 was negative.", "2023-04-11"),
    ],
)
def test_a_clear_mrd_named_by_its_assay_or_told_after_its_date_is_a_remission(
    facts: Facts, told: str, day: str
) -> None:
    f = facts({"l.txt": f"Clinic letter 01/06/2023\nMolecular relapse 14/02/2022.\n{told}\n"})
    (rem,) = kinds(f, "remission")
    assert (rem.date, rem.depth) == (day, "MRD-negative")
    assert rem.confidence < 0.9 and any("no remission is named" in d for d in rem.doubts)


def test_a_clear_mrd_of_the_blood_by_its_assay_is_no_remission(facts: Facts) -> None:
    f = facts({"l.txt": "Clinic letter 01/06/2023\nMolecular relapse 14/02/2022.\n"
               "Flow MRD of peripheral blood 12/04/2022: negative.\n"})  # fmt: skip
    assert kinds(f, "remission") == []


_CR_MARROW = "Haematology clinic letter\n\nBone marrow 14/08/2023: complete remission, 1% blasts. "


@pytest.mark.parametrize(
    "after",
    [
        "MRD negative by flow (<0.01%).",
        "MRD by flow cytometry: negative (<0.01%).",
    ],
)
def test_an_undated_negative_mrd_told_next_is_the_remissions_depth(
    facts: Facts, after: str
) -> None:
    f = facts({"l.txt": _CR_MARROW + after + "\n"})
    assert [(r.date, r.depth) for r in kinds(f, "remission")] == [("2023-08-14", "MRD-negative")]
    assert [m.value for m in f.measurements if m.analyte == "mrd"] == [0.0]  # the result stays


def test_a_portuguese_mrd_by_its_method_told_next_is_the_remissions_depth(facts: Facts) -> None:
    text = (
        "Relatório de consulta 20/08/2023\n\nMielograma de 14/08/2023: remissão completa, "
        "1% de blastos. Doença residual mínima por citometria de fluxo: negativa (< 0,01%).\n"
    )
    assert [r.depth for r in kinds(facts({"l.txt": text}), "remission")] == ["MRD-negative"]


@pytest.mark.parametrize(
    "after",
    [
        "MRD negative by flow on 02/10/2023.",  # a later sample's result
        "Peripheral blood MRD negative by flow.",  # another specimen
        "\n\nMRD negative by flow (<0.01%).",  # another paragraph
    ],
)
def test_a_negative_mrd_of_another_sample_leaves_the_remissions_depth(
    facts: Facts, after: str
) -> None:
    f = facts({"l.txt": _CR_MARROW + after + "\n"})
    assert [r.depth for r in kinds(f, "remission") if r.date == "2023-08-14"] == ["CR"]


@pytest.mark.parametrize("written", ["MRD-neg CR", "MRD neg CR", "MRD− CR", "CR, MRD -ve"])
def test_a_shortened_mrd_negative_is_the_depth_mrd_negative(facts: Facts, written: str) -> None:
    text = f"Clinic 15/06/2023\nBone marrow 30/03/2023: {written} after axi-cel."
    got = kinds(facts({"l.txt": text}), "remission")
    assert [(e.date, e.depth) for e in got] == [("2023-03-30", "MRD-negative")]


def test_cmml_is_a_diagnosis_and_each_disease_owns_the_date_beside_it(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Transplant letter, 05.06.2023\nSecondary AML from CMML-2 (initial "
            "diagnosis CMML 03/2022, transformation to AML 11/2022).\n",
            "b.txt": "Letter to GP, 10-05-2022\nDiagnosis: CMML-1 (WHO 2016), diagnosed "
            "14-03-2022.\n",
        }
    )
    got = sorted((e.label, e.date) for e in f.events if e.kind == "diagnosis")
    assert got == [("AML", "2022-11"), ("CMML", "2022-03-14")]


@pytest.mark.parametrize(
    "impression",
    [
        "Impression: molecular relapse without morphologic relapse.",
        "Conclusion: NPM1 re-emergence, i.e. molecular relapse.",
    ],
)
def test_a_clear_flow_in_a_marrow_its_report_calls_a_relapse_is_no_remission(
    facts: Facts, impression: str
) -> None:
    text = (
        "Clinic review 20/05/2024\nDiagnosis: AML NPM1+, s/p MUD allo-HSCT 02/11/2023. "
        "Now molecular relapse.\n\nBone marrow 30/04/2024 (D+180)\n"
        "Morphology: blasts 3%. Flow MRD: negative (<0.1%). NGS: NPM1 detected, VAF 2.5%.\n"
        f"{impression}\n"
    )
    f = facts({"a.txt": text})
    assert kinds(f, "remission") == []
    assert "2024-04-30" in [r.date for r in kinds(f, "relapse")]


def test_a_clear_marrow_before_a_relapse_dated_apart_stays_a_remission(facts: Facts) -> None:
    text = (
        "Clinic 11/10/2024\nMolecular relapse on 18/03/2024. DLI on 24/04/2024 and on "
        "19/06/2024.\nHis marrow of 23/09/2024 showed NPM1 MRD negative.\n"
        "Haematological relapse diagnosed on 07/12/2024.\n"
    )
    assert [r.date for r in kinds(facts({"a.txt": text}), "remission")] == ["2024-09-23"]
