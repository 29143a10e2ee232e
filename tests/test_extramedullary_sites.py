"""Extramedullary disease in marrow reports and letters: CSF, skin, testis are their own sites."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


def _blasts(f) -> list[float | None]:
    return [m.value for m in f.measurements if m.analyte == "blasts"]


@pytest.mark.parametrize(
    "clause",
    [
        "Referred as CNS3 on lumbar puncture 02/09/2023 (CSF cytospin 85% blasts).",
        "Diagnostic LP 02/09/2023: cytospin 70% blasts.",
        "Skin punch biopsy 02/09/2023: leukaemia cutis, blasts about 75% of dermal infiltrate.",
        "Testicular biopsy 02/09/2023: blasts 90% of the infiltrate.",
    ],
)
def test_blasts_of_another_site_are_not_the_marrow_count(facts: Facts, clause: str) -> None:
    # the clause names the fluid or tissue counted: the marrow report's own count stays alone
    report = (
        "BONE MARROW ASPIRATE REPORT\nSpecimen: bone marrow aspirate\n"
        "Collected: 05/09/2023\n\n"
        f"Clinical details: T-ALL in remission after allograft. {clause}\n\n"
        "Morphology: normocellular particles, blasts 2%.\n"
    )
    assert _blasts(facts({"bm.txt": report})) == [2.0]


def test_a_marrow_named_beside_a_csf_keeps_its_blasts(facts: Facts) -> None:
    report = (
        "BONE MARROW ASPIRATE REPORT\nSpecimen: bone marrow aspirate\n"
        "Collected: 05/09/2023\n\n"
        "Morphology: bone marrow blasts 2% (CSF not sent).\n"
    )
    assert _blasts(facts({"bm.txt": report})) == [2.0]


def test_a_marrow_in_remission_beside_the_site_finding_of_an_isolated_relapse_is_no_new_one(
    facts: Facts,
) -> None:
    # the relapse is named under the diagnosis heading; the marrow sentence follows the CSF result
    summary = (
        "Discharge summary\nAdmitted 02/09/2023, discharged 20/09/2023.\n\n"
        "Diagnosis\nIsolated CNS relapse of T-ALL, 14 months after sibling allograft.\n\n"
        "Presentation\nHeadache and diplopia for two weeks. "
        "Lumbar puncture 03/09/2023: CSF WCC 40/uL with blasts on cytospin (CNS3). "
        "Bone marrow 04/09/2023 in MRD-negative remission, full donor chimerism.\n"
    )
    f = facts({"d.txt": summary})
    assert [r.type for r in kinds(f, "relapse")] == ["extramedullary"]
    assert kinds(f, "remission") == []


def test_a_marrow_remission_after_a_site_finding_without_an_isolated_relapse_stays(
    facts: Facts,
) -> None:
    # no isolated relapse named: a marrow remission after CNS disease at diagnosis is a response
    letter = (
        "Clinic letter 01/12/2023\nT-ALL diagnosed 02/09/2023, CNS3 at diagnosis.\n"
        "Induction followed, with triple intrathecal therapy. CNS1 on 28/10/2023.\n\n"
        "Bone marrow on 04/11/2023 in MRD-negative remission.\n"
    )
    remissions = kinds(facts({"l.txt": letter}), "remission")
    assert [(r.date, r.depth) for r in remissions] == [("2023-11-04", "MRD-negative")]


def test_a_marrow_report_at_a_csf_relapse_tells_one_extramedullary_relapse(facts: Facts) -> None:
    # the indication dates the relapse; the conclusion, dated by the marrow sample, repeats it
    report = (
        "INTEGRATED BONE MARROW REPORT\n"
        "Sample date | 15/10/2023 | Reported | 18/10/2023\n"
        "Specimen | BM aspirate, PB | Indication | Restaging - CSF relapse 14/10/2023\n\n"
        "Aspirate\nCellular particles, blasts 1%.\n\n"
        "Conclusion\nNo marrow involvement. With the CSF result this is an isolated CNS relapse.\n"
    )
    relapses = kinds(facts({"bm.txt": report}), "relapse")
    assert [(r.date, r.type) for r in relapses] == [("2023-10-14", "extramedullary")]


def test_a_stated_site_wins_the_merge_over_a_type_read_from_other_words(facts: Facts) -> None:
    docs = {
        "a_note.txt": "Clinic note 20/07/2023\nRelapse on 14/07/2023 with blasts on the biopsy.\n",
        "b_path.txt": "Pathology 21/07/2023\nIsolated testicular relapse on 14/07/2023.\n",
    }
    relapses = kinds(facts(docs), "relapse")
    assert [(r.date, r.type) for r in relapses] == [("2023-07-14", "extramedullary")]


def test_a_death_certificates_cause_lines_name_conditions_not_events(facts: Facts) -> None:
    notice = (
        "Notification of death\nDate of death: 22/01/2024\n\n"
        "Cause of death (as agreed with the GP for the certificate):\n"
        " 1a Relapsed T-lymphoblastic leukaemia\n 1b -\n II Sibling allograft (2022)\n"
    )
    f = facts({"death.txt": notice})
    assert kinds(f, "relapse") == []
    assert [e.date for e in kinds(f, "death")] == ["2024-01-22"]


def test_a_cns_status_legend_is_a_criterion_not_a_count(facts: Facts) -> None:
    report = (
        "CSF cytology, cumulative report 05/09/2023\n"
        "Cytospin 03/09/2023: blasts seen, CNS3.\n\n"
        "Key: CNS1: no blasts. CNS2: WCC <5/uL with blasts. CNS3: WCC >=5/uL with blasts.\n"
    )
    assert [m for m in facts({"csf.txt": report}).measurements if m.analyte == "wbc"] == []


def test_counts_after_a_fluid_named_earlier_in_the_sentence_are_that_fluids(facts: Facts) -> None:
    # the lumbar puncture and its CSF are named first: the cell count and the blasts after them
    # are the CSF's, however many commas stand between; the marrow sentence is the marrow's
    note = (
        "会诊记录\n日期：2024-09-15\n"
        "病史：9月10日行腰椎穿刺：脑脊液压力180mmH2O，脑脊液白细胞42×10^6/L，"
        "细胞学可见原始+幼稚淋巴细胞占75%。同日骨髓原始+幼稚淋巴细胞0.5%。\n"
    )
    f = facts({"c.txt": note})
    assert [(m.analyte, m.value) for m in f.measurements] == [("blasts", 0.5)]


def test_a_marrow_named_before_the_lumbar_puncture_keeps_its_blasts(facts: Facts) -> None:
    f = facts({"n.txt": "Progress note 12/09/2024\nMarrow and LP 10/09/2024: blasts 3%.\n"})
    assert _blasts(f) == [3.0]
