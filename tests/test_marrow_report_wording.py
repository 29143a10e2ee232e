"""Marrow, MRD and chimerism reports: whose date a value takes, and which words state no event."""

from __future__ import annotations

from pathlib import Path

from recordkit.models import CaseFacts
from tests.conftest import facts_from_pdf_page, text_pdf, text_pdf_page
from tests.extraction_helpers import Facts, kinds


def values(f: CaseFacts, analyte: str) -> list:
    return [m for m in f.measurements if m.analyte == analyte]


def test_a_bracketed_baseline_keeps_its_date_from_the_result(facts: Facts) -> None:
    for aside in ("(420% at diagnosis on 11/14/2022)", "(vs 3.1% at presentation on 11/14/2022)"):
        f = facts({"mrd.txt": f"Collected: 03/06/2023\nNPM1 MRD: 0.08% {aside}.\n"})
        assert [(m.value, m.date) for m in values(f, "mrd")] == [(0.08, "2023-03-06")]


def test_a_baseline_written_with_its_ratios_name_keeps_its_own_date(facts: Facts) -> None:
    # '%NPM1/ABL1' after the figures: the diagnosis value and its date stay together
    text = (
        "Taken: 05/09/2023\n"
        "NPM1 MRD: 0.3 %NPM1/ABL1 (vs 250 %NPM1/ABL1 at diagnosis on 02/14/2023)."
    )
    f = facts({"mrd.txt": text + "\n"})
    assert sorted((m.date, m.value) for m in values(f, "mrd")) == [
        ("2023-02-14", 250.0),
        ("2023-05-09", 0.3),
    ]


def test_a_table_of_serial_samples_does_not_date_the_report(facts: Facts) -> None:
    table = (
        "| Sampling date | Material | Donor chimerism (%) |\n"
        "| 17.07.2023 | PB | 100 |\n| 02.10.2023 | BM | 96.0 |\n"
    )
    f = facts({"mrd.txt": "NPM1mut/ABL1: 0.021 %\n" + table})
    assert f.documents[0].date == "2023-10-02"  # written after its latest sample
    assert [(m.date, m.confidence < 0.9, len(m.doubts)) for m in values(f, "mrd")] == [
        ("2023-10-02", True, 1)
    ]
    assert sorted((m.date, m.value) for m in values(f, "chimerism")) == [
        ("2023-07-17", 100.0),
        ("2023-10-02", 96.0),
    ]
    for label in ("Date of sampling: 02.10.2023", "Date sample taken: 02/10/2023"):
        f = facts({"mrd.txt": f"{label}\nNPM1mut/ABL1: 0.021 %\n" + table})
        assert [(m.date, m.doubts) for m in values(f, "mrd")] == [("2023-10-02", ())]


def test_a_lab_reports_diagnosis_field_restates_the_request(facts: Facts) -> None:
    f = facts({"bm.txt": "Specimen collected: 12/14/2023\nDiagnosis: T-ALL in CR2.\n"})
    assert [(e.date, e.confidence < 0.9) for e in kinds(f, "diagnosis")] == [(None, True)]
    assert kinds(f, "remission") == []
    f = facts({"l.txt": "Letter 12/20/2023\nDiagnosis: T-ALL in CR2 (marrow 12/14/2023).\n"})
    assert [e.date for e in kinds(f, "remission")] == ["2023-12-14"]


def test_a_tests_title_names_no_engraftment(facts: Facts) -> None:
    for title in (
        "Engraftment Monitoring Report",
        "Engraftment analysis (STR)",
        "Molecular Diagnostics Laboratory - Engraftment\nMonitoring Report",  # title over 2 lines
    ):
        f = facts({"chim.txt": f"{title}\nSpecimen collected: 12/14/2023\nChimerism: donor 87%\n"})
        assert kinds(f, "engraftment") == []
        assert [m.value for m in values(f, "chimerism")] == [87.0]
    f = facts({"l.txt": "Letter 12/20/2023\nNeutrophil engraftment on 12/01/2023.\n"})
    assert [e.date for e in kinds(f, "engraftment")] == ["2023-12-01"]


def test_a_remission_said_not_confirmed_is_none(facts: Facts) -> None:
    for said in ("Remission not confirmed; repeat marrow in 4 weeks.",
                 "Morphological remission not confirmed in view of the trephine.",
                 "Complete remission not reached after two courses."):  # fmt: skip
        f = facts({"bm.txt": f"Specimen collected: 14/08/2023\n{said}\n"})
        assert kinds(f, "remission") == []


def test_a_hedged_relapse_is_no_relapse(facts: Facts) -> None:
    for said in ("Decreasing donor chimerism, concerning for impending relapse.",
                 "Appearances suspicious for early relapse.",
                 "Rising NPM1 level; imminent relapse."):  # fmt: skip
        f = facts({"chim.txt": f"Specimen collected: 12/14/2023\n{said}\n"})
        assert kinds(f, "relapse") == []
    f = facts({"bm.txt": "Specimen collected: 12/14/2023\nMorphological relapse, 40% blasts.\n"})
    assert [e.date for e in kinds(f, "relapse")] == ["2023-12-14"]


def test_a_remission_that_persists_is_no_new_remission(facts: Facts) -> None:
    f = facts({"bm.txt": "Sampling date: 02.10.2023\nHaematological remission persists.\n"})
    assert kinds(f, "remission") == []
    said = "Relapse on 09/15/2023, CR2 since 10/30/2023 persists."
    f = facts({"l.txt": f"Letter 11/20/2023\n{said}\n"})
    assert [e.date for e in kinds(f, "relapse")] == ["2023-09-15"]


def test_advice_to_transplant_is_a_plan(facts: Facts) -> None:
    for said in ("Advise allo-SCT in CR1.", "Recommended allo-SCT in first remission."):
        f = facts({"l.txt": f"Letter 05/02/2024\n{said}\n"})
        assert kinds(f, "transplant") == [] and kinds(f, "remission") == []


def test_a_samples_heading_line_dates_the_result_lines_under_it(facts: Facts) -> None:
    note = (
        "Informe 02/08/2024\n"
        "Estudio día +100 (aspirado medular del 19/07/2024):\n"
        "Quimerismo del donante 98 %.\n"
        "Blastos 1 %.\n"
        "Enfermedad mínima residual negativa.\n"
    )
    found = facts({"e.txt": note}).measurements
    got = sorted((m.analyte, m.date, m.confidence < 0.9) for m in found)
    # each line under the heading is that aspirate's result, not the report's, doubted
    assert got == [
        ("blasts", "2024-07-19", True),
        ("chimerism", "2024-07-19", True),
        ("mrd", "2024-07-19", True),
    ]


def test_a_diagnosis_heading_on_its_own_line_governs_the_lines_under_it(facts: Facts) -> None:
    head = "Collected: 11/15/2019\nFINAL DIAGNOSIS:\n"
    body = "Myelodysplastic syndrome with excess blasts-2 (MDS-EB-2).\nCellularity 60%.\n"
    f = facts({"bm.txt": head + body})
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("MDS", "2019-11-15")]
    f = facts({"bm.txt": "Collected: 11/15/2019\nMORPHOLOGY:\n" + body})
    assert kinds(f, "diagnosis") == []  # a heading without a diagnosis cue names none


def test_a_reports_clinical_history_is_the_requests_summary_of_the_past(facts: Facts) -> None:
    report = "Collected: 13/09/2021\nClinical history: AML in CR1, rising NPM1 in blood.\n"
    f = facts({"bm.txt": report + "Marrow aspirate blasts 24%.\n"})
    assert [(e.date, e.confidence < 0.9) for e in kinds(f, "remission")] == [(None, True)]
    assert [m.date for m in values(f, "blasts")] == ["2021-09-13"]
    letter = "Clinic letter 20/09/2021\nClinical history: AML in CR1 since 02/03/2021.\n"
    assert [e.date for e in kinds(facts({"l.txt": letter}), "remission")] == ["2021-03-02"]


def test_a_reports_diagnosis_in_capitals_is_its_own_finding(facts: Facts) -> None:
    f = facts({"bm.txt": "Collection date: 01/19/2023\nDIAGNOSIS: Relapsed AML.\n"})
    assert [e.date for e in kinds(f, "relapse")] == ["2023-01-19"]
    f = facts({"bm.txt": "Collection date: 01/19/2023\nDiagnosis: Relapsed AML.\n"})
    assert kinds(f, "relapse") == []  # a form's field restates the request


def test_a_relapsed_disease_is_no_diagnosis_on_the_specimens_date(facts: Facts) -> None:
    for state in ("Relapsed", "Recurrent", "Refractory"):
        f = facts({"bm.txt": f"Collection date: 01/19/2023\nFINAL DIAGNOSIS: {state} AML.\n"})
        assert [e.date for e in kinds(f, "diagnosis") if e.date] == [], state
    f = facts({"bm.txt": "Collection date: 01/19/2023\nFINAL DIAGNOSIS: Relapsed AML.\n"})
    assert [e.date for e in kinds(f, "relapse")] == ["2023-01-19"]


def test_a_caption_line_naming_the_assay_gives_it_to_the_dated_lines_below(facts: Facts) -> None:
    # a treatment summary's caption, too long to be a heading, over 'label (DATE): result' lines;
    # the line's own 'MRD' after its result reads no value of its own
    summary = (
        "Treatment summary, 21/09/2021\n\n"
        "MRD (Ig/TCR PCR, regional genetics laboratory)\n"
        "  Day 29 marrow (24/05/2020): 2 x 10^-3  -> MRD high risk arm\n"
        "  Week 12 marrow (17/07/2020): negative (< 1 x 10^-5)\n\n"
        "Current problem\nSeen with fatigue.\n"
    )
    f = facts({"summary.txt": summary})
    assert [(m.value, m.date) for m in values(f, "mrd")] == [
        (0.2, "2020-05-24"), (0.0, "2020-07-17")
    ]  # fmt: skip
    # a sentence above the fields is no caption: it names no test of theirs
    prose = summary.replace("MRD (Ig/TCR PCR, regional genetics laboratory)", "MRD was sent.")
    assert values(facts({"summary.txt": prose}), "mrd") == []


def test_a_flow_row_beside_the_myelogram_is_no_marrow_blast_count(facts: Facts) -> None:
    text = (
        "BONE MARROW ASPIRATE REPORT\nCollected: 14/03/2024\n"
        "Blasts (myelogram): 42 %\n"
        "Flow: B-lymphoblasts 38.5 % - CD19 dim, CD22+\n"
    )
    f = facts({"bm.txt": text})
    assert [(m.value, m.date) for m in values(f, "blasts")] == [(42.0, "2024-03-14")]


def test_a_flow_row_of_a_marrow_report_table_is_no_marrow_blast_count() -> None:
    from recordkit.nlp.lab_tables import read_lab_table

    rows = [["Blasts (myelogram)", "42 %"], ["Flow: B-lymphoblasts", "38.5 % - CD19 dim"]]
    got = read_lab_table(["Test", "Result"], rows, marrow=True)
    assert [(v.mention.analyte, v.mention.value) for v in got] == [("blasts", 42.0)]


def test_a_leading_zero_figure_is_a_lost_decimal_point_settled_by_the_page(facts: Facts) -> None:
    text = (
        "Collected: 14/10/2023\n"
        "Flow MRD (LAIP): 07%\n"
        "Comment: residual disease at MRD 0.7%, falling.\n"
    )
    f = facts({"bm.txt": text})
    got = values(f, "mrd")
    assert [(m.value, m.date) for m in got] == [(0.7, "2023-10-14")]
    assert got[0].confidence < 0.9


def test_a_leading_zero_cell_of_a_table_is_read_with_its_point_and_doubted() -> None:
    from recordkit.nlp.cell_repairs import Repair
    from recordkit.nlp.lab_tables import read_lab_table

    rows = [["WBC", "02", "x10^9/L"], ["Platelets", "48", "x10^9/L"]]
    got = read_lab_table(["Test", "Result", "Units"], rows)
    assert [(v.mention.analyte, v.mention.value) for v in got] == [("wbc", 0.2), ("plt", 48.0)]
    assert Repair.ZERO_POINT in got[0].mention.flags
    assert Repair.ZERO_POINT not in got[1].mention.flags


_BLAST_PHASE = [
    "EASTMOOR CANCER CENTRE - Haematopathology",
    "BONE MARROW ASPIRATE REPORT",
    "Name            QUILL, Robin",
    "Sample          Bone marrow aspirate",
    "Date taken      17/08/2021",
    "Date reported   20/08/2021",
    "Clinical information",
    "CML on nilotinib since 03/2020, rising counts. WBC 61. ?transformation",
    "Blood count (same day)",
    "WBC        Hb         Plt       Neut      PB blasts",
    "61.2       92 g/L     35        7.1       40%",
    "Morphology",
    "Hypercellular. Blasts 68% (myeloid morphology). Background of chronic phase.",
    "Comment",
    "CML in myeloid blast phase.",
]


def test_result_headings_end_the_clinical_details_of_a_printed_report(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "bma.pdf", _BLAST_PHASE)
    f = facts_from_pdf_page(text_pdf_page(pdf))
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("anc", 7.1, "2021-08-17"),
        ("blasts", 68.0, "2021-08-17"),  # the marrow's: the blood count heads its table only
        ("hb", 92.0, "2021-08-17"),
        ("plt", 35.0, "2021-08-17"),
        ("wbc", 61.2, "2021-08-17"),  # the request's 'WBC 61' is why it was asked
    ]
