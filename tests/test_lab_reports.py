"""Laboratory and molecular reports: signatures, result tables, serial lists, hedged comments."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from recordkit.models import CaseFacts
from recordkit.text.office import read_docx
from tests.conftest import facts_from_pdf_page, text_pdf, text_pdf_page
from tests.extraction_helpers import Facts, kinds


def values(f: CaseFacts, analyte: str) -> list:
    return [m for m in f.measurements if m.analyte == analyte]


def test_an_abbreviation_inside_a_name_is_no_event(facts: Facts) -> None:
    f = facts(
        {
            "sig.txt": "Dresden, 22.05.2024\n"
            "PD Dr. med. F. Weidlich, Facharzt für Innere Medizin und Hämatologie\n",
            "zh.txt": "2024-03-02 行DLI治疗。\n",
        }
    )
    assert [[s.file for s in e.sources] for e in kinds(f, "dli")] == [["zh.txt"]]


def test_a_column_headers_normaliser_converts_the_columns_values(facts: Facts) -> None:
    f = facts(
        {
            "npm1.txt": "NPM1 RQ-PCR report 03/04/2024\n"
            "Sample date | Material | NPM1mut/10^5 ABL1 | Log reduction\n"
            "19/02/2024 | PB | 410 | 2.9\n"
            "02/04/2024 | BM | 25 | 4.1\n"
        }
    )
    assert sorted((m.value, m.date) for m in values(f, "mrd")) == [
        (0.025, "2024-04-02"),
        (0.41, "2024-02-19"),
    ]


def test_a_bare_number_over_100_is_no_percentage(facts: Facts) -> None:
    f = facts({"pcr.txt": "Report 03/04/2024\nSample date | NPM1 MRD\n19/02/2024 | 410\n"})
    assert [(m.value, m.doubts) for m in values(f, "mrd")] == [
        (None, ("410 without a unit is no percentage",))
    ]


def test_each_value_of_a_dated_list_takes_its_own_date(facts: Facts) -> None:
    dates = ["2023-12-14", "2024-01-25", "2024-03-11"]
    rows = "14/12/2023  98%\n25/01/2024  97%\n11/03/2024  87%\n"
    f = facts({"chim.txt": "Report 20/03/2024\n\nDonor chimerism (PB)\n" + rows})
    assert sorted((m.date, m.value) for m in values(f, "chimerism")) == list(
        zip(dates, [98.0, 97.0, 87.0], strict=True)
    )
    prose = "Donor chimerism: 12/14/2023 98%, 01/25/2024 97%, 03/11/2024 87%.\n"
    f = facts({"l.txt": "Letter 03/20/2024\n" + prose})
    assert sorted((m.date, m.value) for m in values(f, "chimerism")) == list(
        zip(dates, [98.0, 97.0, 87.0], strict=True)
    )
    rows = "14/12/2023  0.5%\n25/01/2024  0.2%\n11/03/2024  0.1%\n"
    f = facts({"mrd.txt": "Report 20/03/2024\n\nMRD (flow)\n" + rows})
    assert sorted((m.date, m.value) for m in values(f, "mrd")) == list(
        zip(dates, [0.5, 0.2, 0.1], strict=True)
    )


def test_a_hedged_finding_or_a_tests_indication_is_no_event(facts: Facts) -> None:
    f = facts(
        {
            "chim.txt": "Allogeneic HCT 09/14/2023.\nCollected: 03/11/2024\n"
            "A falling myeloid donor fraction may indicate recurrence of the recipient clone.\n",
            "flow.txt": "Collected: 03/12/2024\nThe rising MRD may suggest relapse.\n"
            "Residual population, cannot exclude early relapse.\n",
            "bm.txt": "Specimen: Bone marrow aspirate\nCollected: 22/04/2024\n"
            "Clinical details: AML post course 2.\nRemission assessment.\n",
        }
    )
    assert kinds(f, "relapse") == [] and kinds(f, "remission") == []
    f = facts(
        {
            "bm.txt": "Collected: 22/04/2024\nRemission assessment: complete remission.\n",
            "l.txt": "Letter 02/05/2024\nComplete remission on 22/04/2024 by marrow assessment.\n",
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2024-04-22"]


def test_recurrent_leukaemia_is_a_relapse_not_a_new_diagnosis(facts: Facts) -> None:
    for text, day in (
        ("Bone marrow 03/19/2024: diagnostic of recurrent AML.\n", "2024-03-19"),
        ("Bone marrow 03/20/2024: recurrent acute myeloid leukemia, 12% blasts.\n", "2024-03-20"),
    ):
        f = facts({"bm.txt": text})
        assert kinds(f, "diagnosis") == []
        assert [e.date for e in kinds(f, "relapse")] == [day]


def test_a_year_after_a_name_is_no_value(facts: Facts) -> None:
    f = facts(
        {
            "flow.txt": "Report 09/02/2023\n"
            "08/30/2023 bone marrow: 0.22% abnormal myeloid blasts - MRD positive, "
            "above the ELN 2021 0.1% threshold.\n"
        }
    )
    assert [m.raw for m in values(f, "mrd") if "2021" in m.raw or m.value is None] == []


def test_a_sorted_fractions_chimerism_is_labelled_never_whole_blood(facts: Facts) -> None:
    f = facts(
        {
            "str.txt": "Chimerism (STR). Peripheral blood collected 03/19/2024.\n"
            "Fraction                 Purity   % Donor   % Recipient\n"
            "Unsorted peripheral blood  n/a    87%       13%\n"
            "CD3+ T cells             96%      62%       38%\n"
            "CD33+ myeloid cells      94%      91%       9%\n",
            "serial.txt": "Chimerism analysis (STR-PCR)\n"
            "SERIAL RESULTS (% donor)\n"
            "Collected    Specimen          Unsorted  CD3+  CD33+\n"
            "12/14/2023   Peripheral blood  98%       85%   100%\n",
        }
    )
    got = sorted((m.value, m.confidence >= 0.9, m.doubts) for m in values(f, "chimerism"))
    sorted_doubt = "chimerism of the sorted {} fraction, not of whole blood or marrow"
    assert got == [
        (62.0, False, (sorted_doubt.format("CD3+ T cells"),)),
        (85.0, False, (sorted_doubt.format("CD3+"),)),
        (87.0, True, ()),
        (91.0, False, (sorted_doubt.format("CD33+ myeloid cells"),)),
        (98.0, True, ()),
        (100.0, False, (sorted_doubt.format("CD33+"),)),
    ]
    assert all(("sorted_fraction" in m.flags) == (m.value not in (87, 98))
               for m in values(f, "chimerism"))  # fmt: skip
    assert f.conflicts == ()  # a fraction's value is no second reading of whole blood's


def test_a_flow_reports_abnormal_share_is_the_mrd(facts: Facts) -> None:
    f = facts(
        {
            "flow.txt": "Flow cytometry (03/19/2024): abnormal myeloid blast population, "
            "1.8% of CD45+ events.\n",
            "bm.txt": "08/30/2023 bone marrow: 0.22% abnormal myeloid blasts - MRD positive, "
            "above the ELN 2021 0.1% threshold.\n",
            "pcr.txt": "MRD by BCR::ABL1 qPCR after blinatumomab cycle 1 (marrow 20/05/2024): "
            "undetectable.\n",
            "morph.txt": "BONE MARROW ASPIRATE 02/02/2024\nCD34+ blasts 12 % of CD45+ events.\n",
        }
    )
    assert sorted((m.date, m.value) for m in values(f, "mrd")) == [
        ("2023-08-30", 0.22),  # the 0.1% threshold is no result
        ("2024-03-19", 1.8),
        ("2024-05-20", 0.0),  # the result after a long assay label's colon
    ]  # a share of CD45+ events outside a flow or MRD report is no MRD


def test_a_flow_share_of_the_disease_itself_is_no_mrd(facts: Facts) -> None:
    f = facts(
        {
            "dx.txt": "Diagnostic bone marrow 14/03/2022: flow cytometry 74.5% abnormal "
            "myeloid blasts.\n",
            "first.txt": "Bone marrow at diagnosis 02/02/2022: 81% blasts, 62% aberrant "
            "blasts by flow.\n",
            "big.txt": "FLOW CYTOMETRY (aspirate 14/02/2023): 28% abnormal blasts, "
            "CD34- CD117+ CD33+.\n",
            "named.txt": "Flow MRD (marrow 20/05/2023): 6.2% abnormal lymphoid blasts.\n",
            "follow.txt": "Marrow 14/06/2023 after 2 cycles: flow cytometry 0.22% abnormal "
            "myeloid blasts.\n",
            "versus.txt": "Flow cytometry 21/07/2023, compared with the diagnostic sample: "
            "0.3% abnormal myeloid blasts.\n",
        }
    )
    # a diagnostic sample's flow blasts, or a share the size of a blast count not called MRD,
    # are the disease itself; a follow-up share, or a large one named MRD, is the residue
    assert sorted((m.date, m.value) for m in values(f, "mrd")) == [
        ("2023-05-20", 6.2),
        ("2023-06-14", 0.22),
        ("2023-07-21", 0.3),  # the diagnostic sample is what the residue is compared with
    ]


def test_circulating_blasts_make_a_relapse_haematological(facts: Facts) -> None:
    report = "Collected: 03/19/2024\nPeripheral blood: {} circulating blasts.\n"
    report += "Chimerism: 79% donor.\nCOMMENT: early post-transplant relapse.\n"
    f = facts({"pb.txt": report.format("4%")})
    assert [e.type for e in kinds(f, "relapse")] == ["haematological"]
    assert [m.analyte for m in f.measurements] == ["chimerism"]  # blood blasts: no marrow value
    f = facts({"pb.txt": report.format("0%")})  # none in the blood: the chimerism types it
    assert [e.type for e in kinds(f, "relapse")] == ["molecular"]


def test_gpt_per_litre_is_giga_per_litre(facts: Facts) -> None:
    f = facts({"fbc.txt": "Blutbild 12.02.2024: Leukozyten 48,2 Gpt/l, Thrombozyten 34 Gpt/l\n"})
    got = sorted((m.analyte, m.value, m.flags, m.confidence >= 0.9) for m in f.measurements)
    assert got == [("plt", 34.0, (), True), ("wbc", 48.2, (), True)]  # no unit assumed


def test_a_dated_caption_above_a_table_dates_its_values_with_a_little_doubt(facts: Facts) -> None:
    f = facts(
        {
            "eds.txt": "Date of Discharge : 14/08/2023\n"
            "Bloods on 12/08/2023:\n"
            "  Test            Result     Unit        Ref Range\n"
            "  Haemoglobin     88         g/L         115 - 165\n"
            "  Platelet        41         x10^9/L     150 - 400\n"
        }
    )
    got = {m.analyte: m for m in f.measurements}
    assert {a: m.date for a, m in got.items()} == {"hb": "2023-08-12", "plt": "2023-08-12"}
    assert all(0.9 <= m.confidence < 0.96 and m.doubts for m in got.values())


_CORNER_HEAD = "CAR T-cell Treatment Summary    Date: 03/02/2023\nInfusion (day 0): 01/17/2023.\n"
_CORNER_ROWS = [["WBC", "2.4 K/uL"], ["Hgb", "10.2 g/dL"]]


def _corner_dates(f: CaseFacts) -> dict[str, tuple[str | None, bool]]:
    return {m.analyte: (m.date, m.confidence >= 0.9) for m in f.measurements}


@pytest.mark.parametrize("corner", ["Labs 02/14/2023", "Day +28 labs (02/14/2023)"])
def test_a_date_in_a_tables_top_left_header_cell_dates_its_rows(
    facts: Facts, tmp_path: Path, corner: str
) -> None:
    # the summary's own date (03/02) is written later than the samples: never theirs
    want = {"wbc": ("2023-02-14", True), "hb": ("2023-02-14", True)}
    rows = [[corner, "Result"], *_CORNER_ROWS]
    piped = _CORNER_HEAD + "".join(" | ".join(r) + "\n" for r in rows)
    assert _corner_dates(facts({"summary.txt": piped})) == want
    doc = docx.Document()
    for line in _CORNER_HEAD.splitlines():
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(tmp_path / "summary.docx")
    page = read_docx(tmp_path / "summary.docx", "summary.docx")[0]
    assert _corner_dates(facts({"summary.docx": page.text})) == want
    printed = [*_CORNER_HEAD.splitlines(), "", *(f"{a:<28}{b}" for a, b in rows)]
    pdf = text_pdf(tmp_path / "summary.pdf", printed, font=("Courier", 10))
    assert _corner_dates(facts_from_pdf_page(text_pdf_page(pdf))) == want


def test_a_sample_date_beside_a_reports_transplant_field_is_no_transplant(facts: Facts) -> None:
    # a faxed report's fields run together: the sample's date lands beside its Transplant field
    f = facts(
        {
            "fax.txt": "15/09/2023 14:32 FROM: REGIONAL H&I LAB\nCHIMERISM ANALYSIS REPORT\n"
            "Transplant: Allo-PBSC Sample date: 01/09/2023\nSample: Peripheral blood\n"
            "Donor chimerism 98%\n",
            "letter.txt": "Clinic date: 20/09/2023\nAllogeneic PBSC transplant on 10/07/2023.\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2023-07-10"]
    assert [m.date for m in values(f, "chimerism")] == ["2023-09-01"]


def test_a_name_and_value_chimerism_table_gives_each_fractions_value(facts: Facts) -> None:
    f = facts(
        {
            "chim.txt": "Sample date: 21/09/2023\n"
            "Fraction                 % Donor\n"
            "Unfractionated PB        98%\n"
            "CD3+ T cells             92%\n"
        }
    )
    got = sorted((m.value, m.date, "sorted_fraction" in m.flags) for m in values(f, "chimerism"))
    assert got == [(92.0, "2023-09-21", True), (98.0, "2023-09-21", False)]


def test_a_panel_headed_table_reads_each_rows_own_unit(facts: Facts) -> None:
    f = facts(
        {
            "fbc.txt": "Sample collected: 14/03/2023\n\n"
            "FULL BLOOD COUNT   Result  Flag  Units     Reference range\n"
            "WCC         2.1     L     x10^9/L   4.0 - 11.0\n"
            "Hb          8.4     L     g/dL      13.0 - 18.0\n"
            "Platelets   23      L     x10^9/L   150 - 400\n"
        }
    )
    got = {m.analyte: m for m in f.measurements}
    assert {a: (m.value, m.date) for a, m in got.items()} == {
        "wbc": (2.1, "2023-03-14"), "hb": (84.0, "2023-03-14"), "plt": (23.0, "2023-03-14")
    }  # fmt: skip
    assert not any("unit_assumed" in m.flags for m in got.values())


def test_a_unit_one_source_writes_is_the_merged_values(facts: Facts) -> None:
    f = facts(
        {
            "lab.txt": "Haematology laboratory\nCollected: 24/06/2024\nPlatelets 34 x10^9/L\n",
            "letter.txt": "Clinic letter 24/06/2024\nFBC today: Hb 98 g/L, Plt 34.\n",
        }
    )
    (plt,) = [m for m in f.measurements if m.analyte == "plt"]
    assert len(plt.sources) == 2  # the letter's unitless 34 is the lab's
    assert plt.doubts == () and plt.confidence >= 0.9  # not "no unit written with the value"


def test_a_table_rows_date_of_unsettled_order_stays_the_rows_never_the_letters(
    facts: Facts,
) -> None:
    f = facts(
        {
            "chim.txt": "Clinic date: 14 September 2023\n\n"
            "Chimerism (% donor):\n"
            "| Date | Whole blood | CD3 |\n"
            "| 08/11/2023 | 93% | 58% |\n"
        }
    )
    got = values(f, "chimerism")
    assert sorted(m.value for m in got) == [58.0, 93.0]
    for m in got:  # 8 November or 11 August: neither is the clinic's 14 September
        assert m.date is None and m.date_info.raw == "08/11/2023"
        assert any("day/month order is ambiguous" in d for d in m.doubts)


def test_one_fractions_value_told_in_prose_and_in_a_table_is_one_result(facts: Facts) -> None:
    # the letter names the fraction 'myeloid (CD15)', the lab table's header 'CD15 (% donor)':
    # one lineage, one day, one value, so one result; the CD3 fraction stays its own
    f = facts(
        {
            "letter.txt": "Clinic letter 20/04/2023\n"
            "Chimerism (PB, 18/04/2023): unfractionated 92% donor, myeloid (CD15) 99% donor.\n",
            "lab.txt": "Chimerism results\n"
            "Date | Unfractionated (% donor) | CD3 (% donor) | CD15 (% donor)\n"
            "18/04/2023 | 92 | 45 | 99\n",
        }
    )
    got = sorted(
        (m.value, m.date, len({s.file for s in m.sources})) for m in values(f, "chimerism")
    )
    assert got == [(45.0, "2023-04-18", 1), (92.0, "2023-04-18", 2), (99.0, "2023-04-18", 2)]


_DISCHARGE = (
    "Service d'Hématologie - Compte-rendu de sortie\n"
    "Hospitalisation du 05/07/2022 au 19/08/2022\n\n"
    "Chimérisme à J+30 (11/08/2022) sur sang total : 98 % donneur.\n\n"
    "{caption}\n"
    "Leucocytes    Hb           Plaquettes    PNN\n"
    "3,9 G/L       10,2 g/dL    88 G/L        2,4 G/L\n\n"
    "Traitement de sortie\nCiclosporine 100 mg x2/j.\n"
)


@pytest.mark.parametrize(
    "caption",
    [
        "Biologie de sortie (19/08/2022)",
        "Esami alla dimissione (19/08/2022)",
        "Bilan du 19/08/2022",
        "Bloods on discharge (19/08/2022)",
    ],
)
def test_a_results_caption_closed_by_its_date_dates_the_table_below(
    facts: Facts, caption: str
) -> None:
    f = facts({"crh.txt": _DISCHARGE.format(caption=caption)})
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements if m.analyte != "chimerism")
    assert got == [
        ("anc", 2.4, "2022-08-19"),
        ("hb", 102.0, "2022-08-19"),
        ("plt", 88.0, "2022-08-19"),
        ("wbc", 3.9, "2022-08-19"),
    ]


@pytest.mark.parametrize("caption", ["Mme DURAND Odile (08.02.1955)", "Valmont, 19 août 2022"])
def test_a_line_naming_no_results_is_no_tables_caption(facts: Facts, caption: str) -> None:
    f = facts({"crh.txt": _DISCHARGE.format(caption=caption)})
    dated = {(m.date, m.date_info.basis) for m in f.measurements if m.analyte == "wbc"}
    assert dated == {("2022-07-05", "document")}  # the document's date, as before


def test_a_word_heading_with_its_date_dates_the_table_below(facts: Facts, tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("Riverside Transplant Unit - discharge summary, 10/09/2021")
    doc.add_paragraph("Admitted 20/08/2021 for an allogeneic stem cell transplant.")
    doc.add_heading("Bloods on discharge (09/09/2021)", level=2)
    rows = [["Hb", "WCC", "Neut", "Plt"], ["98 g/L", "4.1 x10^9/L", "2.6 x10^9/L", "87 x10^9/L"]]
    table = doc.add_table(rows=2, cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_heading("Plan", level=2)
    doc.add_paragraph("Review in clinic in one week.")
    doc.save(tmp_path / "summary.docx")
    page = read_docx(tmp_path / "summary.docx", "summary.docx")[0]
    f = facts({"summary.docx": page.text})
    assert sorted((m.analyte, m.date) for m in f.measurements) == [
        ("anc", "2021-09-09"),
        ("hb", "2021-09-09"),
        ("plt", "2021-09-09"),
        ("wbc", "2021-09-09"),
    ]


def test_a_result_field_under_a_test_s_name_line_is_that_test_s_result(facts: Facts) -> None:
    f = facts(
        {
            "flow.txt": "CELL MARKERS LABORATORY\nSpecimen: Bone marrow aspirate\n"
            "Collected: 05/19/2024   Reported: 05/21/2024\n\n"
            "T-ALL MRD (12-color, 2,100,000 events acquired)\n"
            "RESULT: NEGATIVE. No aberrant T-lymphoblasts seen.\n"
            "Sensitivity: <0.005%\n"
        }
    )
    mrd = [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"]
    assert mrd == [(0.0, "2024-05-19")]


def _letter_with_table(tmp_path: Path, caption: str | None, header: str) -> str:
    doc = docx.Document()
    doc.add_paragraph("Northgate Haematology - transplant clinic letter, 30/05/2022")
    doc.add_paragraph("Allogeneic PBSC transplant on 10/02/2022 for AML.")
    if caption is not None:
        doc.add_paragraph(caption)
    rows = [
        [header, "Result"],
        ["Marrow aspirate", "Blasts 3%, in remission"],
        ["Marrow flow MRD", "Negative"],
        ["PB chimerism, whole blood", "99% donor"],
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("Plan: review in six weeks.")
    doc.save(tmp_path / "letter.docx")
    return read_docx(tmp_path / "letter.docx", "letter.docx")[0].text


@pytest.mark.parametrize(
    ("caption", "header"),
    [("Day +100 restaging (21/05/2022)", "Test"), (None, "Investigation (21/05/2022)")],
)
def test_a_dated_restaging_caption_or_first_header_cell_dates_a_test_result_table(
    facts: Facts, tmp_path: Path, caption: str | None, header: str
) -> None:
    # the tests under a dated caption, or a first header cell closed by its date, are of that
    # day's samples, not of the clinic letter's day
    f = facts({"letter.docx": _letter_with_table(tmp_path, caption, header)})
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("blasts", 3.0, "2022-05-21"),
        ("chimerism", 99.0, "2022-05-21"),
        ("mrd", 0.0, "2022-05-21"),
    ]


def test_an_integrated_diagnosis_under_a_word_heading_is_the_marrow_s(
    facts: Facts, tmp_path: Path
) -> None:
    """A report's 'Integrated diagnosis' heading (Word's heading style) over the diagnosis."""
    doc = docx.Document()
    doc.add_paragraph("WESTBROOK HAEMATOPATHOLOGY SERVICE")
    doc.add_paragraph("Specimen: Bone marrow aspirate and trephine")
    doc.add_paragraph("Date collected: 23/05/2023")
    doc.add_heading("Trephine", 2)
    doc.add_paragraph("Packed marrow, sheets of CD34+ blasts.")
    doc.add_heading("Genetics", 2)
    doc.add_paragraph("Karyotype: 46,XY,inv(3)(q21q26)[18]. NGS: RUNX1 mutated.")
    doc.add_heading("Integrated diagnosis", 2)
    doc.add_paragraph("Acute myeloid leukaemia with inv(3), post cytotoxic therapy.")
    doc.save(tmp_path / "report.docx")
    page = read_docx(tmp_path / "report.docx", "report.docx")[0]
    f = facts({"report.docx": page.text})
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("AML", "2023-05-23")]


def test_a_diagnosis_bracketed_with_its_marrow_s_date_is_dated_by_it(facts: Facts) -> None:
    """'t-AML, ... (BM DATE, blasts 31%)': the marrow that found it; a relapse's never."""
    f = facts(
        {
            "a.txt": "Ward summary 25/06/2023\n\n"
            "Diagnosis: t-AML, RUNX1 mutated, complex karyotype (BM 23/05/2023, blasts 31%)\n"
        }
    )
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("AML", "2023-05-23")]
