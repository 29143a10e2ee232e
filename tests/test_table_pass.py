"""The page-level table pass: lab tables found on a page become dated values; Date | Event rows."""

from __future__ import annotations

import docx
import pytest

from recordkit.config import Settings
from recordkit.dates import find_dates
from recordkit.layout import BlockKind, analyse_page
from recordkit.layout.model import Block, Cell, PageLayout, Row
from recordkit.models import PageText
from recordkit.nlp import build_nlp
from recordkit.nlp.facts import extract_document
from recordkit.nlp.measurements import MeasurementFinder
from recordkit.nlp.rules import load_rules
from recordkit.nlp.tables import TablePass
from recordkit.text.office import read_docx

RULES = load_rules()
FINDER = MeasurementFinder(RULES.analytes)


def _read(text: str, order="DMY", marrow=False):
    page = PageText(file="lab.txt", page=1, text=text, method="text")
    layout = analyse_page(page)
    table = next(b for b in layout.blocks if b.kind is BlockKind.TABLE)
    return TablePass(RULES, order).read(layout, table, marrow)


def _facts(text: str, order: str = "DMY", file: str = "summary.txt"):
    """Facts and document date of a one-page text document."""
    page = PageText(file=file, page=1, text=text, method="text")
    return extract_document([page], order, RULES, 0, build_nlp(Settings().extract.rules), FINDER)


def test_a_cumulative_report_gives_one_value_per_date_column():
    got = _read(
        "Collected\t02/01/24\t09/01/24\tUnits\tRef\n"
        "Haemoglobin\t81 L\t95\tg/L\t130-170\n"
        "Platelets\t12*\t48\tx10^9/L\t150-400\n"
    )
    by = {(v.value.analyte, str(v.date.value)): v.value.value for v in got}
    assert by == {
        ("hb", "2024-01-02"): 81.0,
        ("hb", "2024-01-09"): 95.0,
        ("plt", "2024-01-02"): 12.0,
        ("plt", "2024-01-09"): 48.0,
    }
    assert all(v.date.label == "collection" for v in got)


def test_a_result_column_is_read_and_the_reference_range_never_is():
    got = _read(
        "Test\tResult\tUnits\tReference range\n"
        "Haemoglobin\t10.2\tg/dL\t12.0-16.0\n"
        "White cell count\t3.1\tx10^9/L\t4.0-11.0\n"
    )
    assert sorted((v.value.analyte, v.value.value) for v in got) == [("hb", 102.0), ("wbc", 3.1)]
    assert all(v.date is None for v in got)  # the page's collection date dates them later


def test_a_space_aligned_cumulative_table_dates_each_row():
    facts, _ = _facts(
        "Blood counts\n\n"
        "Date          WBC     Hb     PLT\n"
        "01/03/2023    2.1     92     45\n"
        "15/03/2023    3.4     101    88\n"
    )
    values = [(f.measurement, f.date) for f in facts if f.measurement]
    got = {(m.analyte, str(d.value)): m.value for m, d in values}
    assert got == {
        ("wbc", "2023-03-01"): 2.1,
        ("hb", "2023-03-01"): 92.0,
        ("plt", "2023-03-01"): 45.0,
        ("wbc", "2023-03-15"): 3.4,
        ("hb", "2023-03-15"): 101.0,
        ("plt", "2023-03-15"): 88.0,
    }


def test_two_spaced_columns_under_a_dated_header_take_the_headers_date():
    facts, _ = _facts(
        "Clinic note 03/01/2023\n\n"
        "Labs 02/14/2023    Result\n"
        "WBC              2.4 K/uL\n"
        "Hgb              10.2 g/dL\n",
        order="MDY",
    )
    got = sorted(
        (f.measurement.analyte, f.measurement.value, str(f.date.value))
        for f in facts
        if f.measurement
    )
    assert got == [("hb", 102.0, "2023-02-14"), ("wbc", 2.4, "2023-02-14")]


def test_marrow_blasts_need_a_marrow_specimen():
    text = "Parameter\tResult\nBlasts\t12 %\n"
    assert _read(text, marrow=False) == []
    assert [v.value.value for v in _read(text, marrow=True)] == [12.0]


def test_a_date_event_table_row_dates_what_the_row_says():
    text = "Date | Event\n05/03/2022 | Donor lymphocyte infusion given\n"
    facts, _ = _facts(text)
    dli = [f for f in facts if f.kind == "dli"]
    assert len(dli) == 1 and str(dli[0].date.value) == "2022-03-05"
    assert find_dates(text, "DMY", RULES.dates)  # the row's date was read as a date


def test_a_lab_report_whose_collection_date_is_unreadable_is_dated_by_its_report_date():
    text = (
        "Patient: A Test   MRN: 0000\n"
        "Collected: 47/06/22 07:55   Reported: 06/07/22 13:10\n"
        "Test | Result | Units | Reference\n"
        "Platelet count | 38 | x10^9/L | 150-450\n"
        "Hemoglobin | 9.1 | g/dL | 12.0-16.0\n"
    )
    facts, doc_date = _facts(text, "MDY", "fax.txt")
    values = [f for f in facts if f.kind == "measurement"]
    assert {f.attrs["analyte"] for f in values} == {"plt", "hb"}
    assert {(str(f.date.value), f.date.basis) for f in values} == {("2022-06-07", "document")}
    assert str(doc_date.value) == "2022-06-07"


def test_dates_below_a_table_or_of_birth_never_date_the_document():
    text = (
        "Chimerism analysis (STR-PCR)\n"
        "Patient: A Test   DOB: 14/02/1970\n"
        "Locus | Recipient | Donor | % donor\n"
        "D8S1179 | 12,14 | 13,15 | 45.1\n"
        "TH01 | 6,9 | 7,9 | 44.9\n"
        "\n"
        "Overall donor chimerism: 44.3%\n"
        "Previous result (08/12/2021): donor chimerism 99.1%\n"
    )
    facts, doc_date = _facts(text, "DMY", "chimerism scan.txt")
    assert doc_date.value is None  # neither the birth date nor the earlier sample's
    overall = [f for f in facts if f.kind == "measurement" and f.measurement.value == 44.3]
    assert len(overall) == 1 and overall[0].date.value is None
    previous = [f for f in facts if f.kind == "measurement" and f.measurement.value == 99.1]
    assert [str(f.date.value) for f in previous] == ["2021-12-08"]


def test_column_dates_a_scan_ran_together_still_head_their_columns():
    got = _read("Collected\t02/01/2431/01/24\tUnits\nHaemoglobin\t81\t95\tg/L\n")
    by = {str(v.date.value): v.value.value for v in got}
    assert by == {"2024-01-02": 81.0, "2024-01-31": 95.0}


def _grid_page(*rows: list[tuple[int, str]]) -> tuple[PageLayout, Block]:
    """A scanned page holding one table, its cells placed in the given columns."""
    text, built = "", []
    for cells in rows:
        start, placed = len(text), []
        for column, cell in cells:
            placed.append(Cell(column, len(text), len(text) + len(cell)))
            text += cell + " "
        built.append(Row(start, len(text) - 1, tuple(placed)))
        text = text[:-1] + "\n"
    block = Block(BlockKind.TABLE, 0, len(text) - 1, rows=tuple(built))
    return PageLayout("scan.png", 1, text, (block,), method="ocr"), block


def test_run_together_column_dates_head_the_blank_columns_after_them():
    # OCR read three collection dates and 'Units' as one word; the first date is misread
    layout, block = _grid_page(
        [(0, "Collected"), (1, "30/02/2402/03/2409/03/24Units"), (5, "Ref")],
        [(0, "Haemoglobin"), (1, "81*"), (2, "95"), (3, "102"), (4, "g/L"), (5, "130-170")],
        [(0, "Platelets"), (1, "12*"), (2, "48"), (3, "61"), (4, "x10^9/L"), (5, "150-400")],
    )
    got = TablePass(RULES, "DMY").read(layout, block, False)
    by = {(v.value.analyte, v.value.value): v.date for v in got}
    assert set(by) == {("hb", 81), ("hb", 95), ("hb", 102), ("plt", 12), ("plt", 48), ("plt", 61)}
    assert [str(by["hb", x].value) for x in (95, 102)] == ["2024-03-02", "2024-03-09"]
    assert [str(by["plt", x].value) for x in (48, 61)] == ["2024-03-02", "2024-03-09"]
    for first in (by["hb", 81], by["plt", 12]):  # its column keeps the unreadable date
        assert first.value is None and first.reason == "not a valid calendar date"


def test_an_unreadable_date_in_a_run_keeps_its_column_when_the_header_is_rebuilt():
    got = _read("Collected\t30/02/2402/03/24\tUnits\nHaemoglobin\t81\t95\tg/L\n")
    by = {v.value.value: v.date for v in got}
    assert by[81.0].value is None and str(by[95.0].value) == "2024-03-02"


def test_a_transplant_summary_names_donor_and_graft_in_its_fields():
    text = (
        "ALLOGENEIC STEM CELL TRANSPLANT SUMMARY\n"
        "Day 0: 11/05/2017\n"
        "Donor: 10/10 matched unrelated donor\n"
        "Graft: peripheral blood stem cells\n"
    )
    facts, _ = _facts(text)
    tx = [f for f in facts if f.kind == "transplant" and f.date.value]
    assert tx and tx[0].attrs["donor"] == "unrelated" and tx[0].attrs["grafts"] == ["PBSC"]


def test_a_transplant_summary_table_names_donor_and_graft_in_its_rows():
    text = (
        "Transplant summary\n"
        "Date of transplant | 14/10/2022\n"
        "Donor | Matched unrelated donor (10/10)\n"
        "Stem cell source | Peripheral blood stem cells\n"
    )
    facts, _ = _facts(text, file="summary.docx")
    tx = [f for f in facts if f.kind == "transplant"]
    assert [str(f.date.value) for f in tx] == ["2022-10-14"]
    assert tx[0].attrs["donor"] == "unrelated" and tx[0].attrs["grafts"] == ["PBSC"]


def test_a_word_cumulative_table_keeps_its_blank_corner_equal_neighbours_and_merged_cells(
    tmp_path,
):
    doc = docx.Document()
    doc.add_paragraph("Blood results")
    table = doc.add_table(rows=4, cols=4)
    rows = [
        ["", "02/01/2023", "09/01/2023", "16/01/2023"],
        ["Hb (g/L)", "101", "109", "118"],
        ["Platelets", "45", "45", "60"],
        ["Comment", "", "", ""],
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(3, 1).merge(table.cell(3, 3)).text = "sample haemolysed"
    doc.save(tmp_path / "results.docx")
    page = read_docx(tmp_path / "results.docx", "results.docx")[0]
    facts, _ = _facts(page.text, file="results.docx")
    values = [(f.measurement, f.date) for f in facts if f.measurement]
    got = {(m.analyte, str(d.value)): m.value for m, d in values}
    assert got == {
        ("hb", "2023-01-02"): 101.0,
        ("hb", "2023-01-09"): 109.0,
        ("hb", "2023-01-16"): 118.0,
        ("plt", "2023-01-02"): 45.0,
        ("plt", "2023-01-09"): 45.0,
        ("plt", "2023-01-16"): 60.0,
    }
    assert page.text.count("sample haemolysed") == 1


def test_a_marrow_reports_heading_makes_its_blasts_marrow_blasts():
    header = "".join(f"Header line {i}: administrative detail of the report\n" for i in range(8))
    facts, _ = _facts(
        header + "Collected: 12/04/2021\n"
        "BONE MARROW, LEFT POSTERIOR ILIAC CREST, ASPIRATE AND CORE BIOPSY:\n"
        "- No evidence of residual leukaemia (blasts 2% by 500-cell differential).\n"
        "PERIPHERAL BLOOD:\n- No circulating blasts, blasts 0%.\n"
    )
    blasts = [f.measurement.value for f in facts if f.measurement and f.kind == "measurement"
              and f.measurement.analyte == "blasts"]  # fmt: skip
    assert blasts == [2.0]


_NUMBERED_ROWS = [
    ["序号", "项目名称", "缩写", "结果", "单位"],
    ["1", "白细胞计数", "WBC", "2.1", "×10^9/L"],
    ["5", "血小板计数", "PLT", "45", "×10^9/L"],
]


def _values(facts) -> dict[str, float]:
    return {f.measurement.analyte: f.measurement.value for f in facts if f.measurement}


@pytest.mark.parametrize("sep", ["\t", " | "])
def test_a_row_number_column_is_never_the_result(sep: str) -> None:
    text = "采样时间：2023-03-15\n" + "".join(sep.join(r) + "\n" for r in _NUMBERED_ROWS)
    facts, _ = _facts(text)
    assert _values(facts) == {"wbc": 2.1, "plt": 45.0}


def test_a_space_aligned_chinese_table_lines_up_by_printed_width() -> None:
    # each Chinese character takes two columns of the printout, so 结果 stands over the values
    facts, _ = _facts(
        "采样时间：2023-03-15\n"
        "序号  项目名称    缩写   结果   单位\n"
        "1    白细胞计数   WBC    2.1   ×10^9/L\n"
        "5    血小板计数   PLT    45    ×10^9/L\n"
    )
    assert _values(facts) == {"wbc": 2.1, "plt": 45.0}


def test_a_word_table_with_a_row_number_column_reads_the_result(tmp_path) -> None:
    doc = docx.Document()
    doc.add_paragraph("采样时间：2023-03-15")
    table = doc.add_table(rows=3, cols=5)
    for r, row in enumerate(_NUMBERED_ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(tmp_path / "lab.docx")
    page = read_docx(tmp_path / "lab.docx", "lab.docx")[0]
    facts, _ = _facts(page.text, file="lab.docx")
    assert _values(facts) == {"wbc": 2.1, "plt": 45.0}


def test_a_unit_written_at_the_end_of_the_reference_range_is_the_rows_unit():
    got = _read(
        "Component | Value | Ref Range | Flag\n"
        "WBC | 1.9 | 4.0 - 11.0 K/uL | L\n"
        "Hemoglobin | 8.9 | 13.5 - 17.5 g/dL | L\n"
    )
    by = {v.value.analyte: (v.value.value, v.value.unit) for v in got}
    assert by == {"wbc": (1.9, "x10^9/L"), "hb": (89.0, "g/L")}
    assert not any("unit_assumed" in v.value.flags for v in got)


def test_a_second_report_on_a_page_is_dated_by_its_own_specimen():
    facts, _ = _facts(
        "FULL BLOOD COUNT\nCollected: 14/03/2023 08:15\nHaemoglobin 84 g/L\n\n"
        "BONE MARROW ASPIRATE REPORT\nDate of procedure: 02/05/2023 Date reported: 09/05/2023\n"
        "Myeloblasts 1.5% of nucleated cells.\n"
        "Previous results | Date collected | Blasts\n | 14/01/2023 | 35%\n"
    )
    got = {(f.measurement.analyte, str(f.date.value)) for f in facts if f.measurement}
    assert ("hb", "2023-03-14") in got and ("blasts", "2023-05-02") in got
    assert ("blasts", "2023-03-14") not in got


def test_each_set_of_a_cumulative_print_is_dated_by_its_own_collection_line():
    # newest set first, as result viewers print them; no colon after the label
    facts, _ = _facts(
        "Results Viewer    Printed: 18/05/2024 14:20\n\n"
        "Test Set: FBC\nSample collected  16/05/2024 08:05    Sample received 16/05/2024 09:30\n"
        " Haemoglobin    84 g/L   (130 - 170)  L\n Platelet count  31 x10^9/L  (150 - 400)  L\n\n"
        "Test Set: FBC\nSample collected  04/01/2024 10:15    Sample received 04/01/2024 11:00\n"
        " Haemoglobin    121 g/L  (130 - 170)  L\n Platelet count  143 x10^9/L  (150 - 400)  L\n"
    )
    got = {
        (f.measurement.analyte, f.measurement.value, str(f.date.value))
        for f in facts
        if f.measurement
    }
    assert got == {
        ("hb", 84.0, "2024-05-16"),
        ("plt", 31.0, "2024-05-16"),
        ("hb", 121.0, "2024-01-04"),
        ("plt", 143.0, "2024-01-04"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Test                  Result   Collected\n"
        "BM chimerism, donor   71 %     22/01/2024 10:05\n"
        "PB chimerism, donor   100 %    18/03/2023 08:50\n",
        "Collected    Test            Result   Received\n"
        "22/01/2024   BM chimerism    71 %     23/01/2024\n"
        "18/03/2023   PB chimerism    100 %    19/03/2023\n",
    ],
)
def test_each_row_of_a_results_list_is_dated_by_its_own_collection_cell(text: str) -> None:
    got = {(str(v.date.value), v.value.value) for v in _read(text) if v.date is not None}
    assert got == {("2024-01-22", 71.0), ("2023-03-18", 100.0)}


def _pages(*texts: str):
    """Facts of a document of several text pages."""
    pages = [PageText(file="print.txt", page=k + 1, text=t, method="text")
             for k, t in enumerate(texts)]  # fmt: skip
    return extract_document(pages, "DMY", RULES, 0, build_nlp(Settings().extract.rules), FINDER)


_BANNER = "DOE, Jane    MRN: 0001    Encounter date: 13/05/2024\n"


def test_a_cumulative_table_broken_by_a_page_keeps_its_column_dates_after_the_break():
    facts, _ = _pages(
        _BANNER + "Component | Ref range | 22/01/2024 | 25/04/2024\n"
        "WBC (x10^9/L) | 4.0-11.0 | 5.4 | 2.2\nHaemoglobin (g/L) | 115-165 | 104 | 89\n"
        "Page 1 of 2\n",
        _BANNER + "Platelets (x10^9/L) | 150-400 | 61 | 45\n"
        "Neutrophils (x10^9/L) | 2.0-7.5 | 1.2 | 0.9\nPage 2 of 2\n",
    )
    values = [f for f in facts if f.measurement]
    after = {(f.measurement.analyte, str(f.date.value)): f.measurement.value
             for f in values if f.measurement.analyte in ("plt", "anc")}  # fmt: skip
    assert after == {("plt", "2024-01-22"): 61.0, ("plt", "2024-04-25"): 45.0,
                     ("anc", "2024-01-22"): 1.2, ("anc", "2024-04-25"): 0.9}  # fmt: skip
    carried = [f for f in facts if f.measurement and f.measurement.analyte == "plt"]
    assert all("header_carried" in f.measurement.flags for f in carried)  # doubted a little


def test_a_table_after_a_page_break_with_text_of_its_own_above_it_is_a_new_table():
    facts, _ = _pages(
        _BANNER + "Component | Ref range | 22/01/2024 | 25/04/2024\n"
        "WBC (x10^9/L) | 4.0-11.0 | 5.4 | 2.2\nHaemoglobin (g/L) | 115-165 | 104 | 89\n",
        _BANNER + "Transfusion record, platelets given this week\n\n"
        "Platelets (x10^9/L) | 150-400 | 61 | 45\nNeutrophils (x10^9/L) | 2.0-7.5 | 1.2 | 0.9\n",
    )
    assert not [f for f in facts if f.measurement and "header_carried" in f.measurement.flags]


def test_a_problem_lists_onset_cell_dates_the_problem_not_what_it_is_told_against():
    facts, _ = _facts(
        "Problem | Onset | Status\n"
        "Acute GVHD of skin | 03/2023 | Resolved\n"
        "Relapse of AML post allogeneic SCT | 22/01/2024 | Active\n"
    )
    dated = {(f.kind, str(f.date.value)) for f in facts if f.kind in ("relapse", "gvhd")}
    # a 'Resolved' status negates nothing
    assert dated == {("relapse", "2024-01-22"), ("gvhd", "2023-03-01")}


@pytest.mark.parametrize("label", ["Band forms + Neutrophils", "Stab and segmented neutrophils"])
def test_a_marrow_differential_row_naming_neutrophils_late_is_a_share(label: str) -> None:
    # the count's name stands after other cell words; the '%' column gives shares of cells
    facts, _ = _facts(
        "MARROW ASPIRATE REPORT\nSample taken: 12/03/2024\n"
        "Blood: Hb 10.2 g/dL, ANC 1.2 x10^3/uL.\n"
        "Aspirate:\nCellular smears, blasts increased.\n"
        "Differential count (300 cells) | % | Normal\n"
        "Myeloblasts | 8 | 0-5\nPromyelocytes | 3 | 1-8\n"
        f"{label} | 12 | 7-30\nLymphocytes | 15 | 3-17\nMonocytes | 4 | 0-2\n"
    )
    counts = [f.measurement.value for f in facts if f.measurement
              and f.measurement.analyte == "anc"]  # fmt: skip
    assert counts == [1.2]


def test_a_scanned_chimerism_table_below_its_field_rows_dates_each_row_by_its_own_cell() -> None:
    # a scan reads the report's fields and its results as one table; a hyphen date gains a
    # space ('12- 08-2023'), another is broken ('“03. 05-2023'): never the page's collection day
    facts, _ = _facts(
        "STR CHIMERISM REPORT\n"
        "Specimen | Peripheral blood | Lab No | CH/24/0077\n"
        "Sample collected | 15-01-2024 | Report date | 19-01-2024\n"
        "Sample | Collection date | Donor (%) | Recipient (%)\n"
        "Day +30 (BM) | “03. 05-2023 | 98.2 | 1.8\n"
        "Day +100 (PB) | 12- 08-2023 | 96.4 | 3.6\n"
        "Current (PB) | 15-01-2024 | 71.5 | 28.5\n"
    )
    got = [(f.date.value and f.date.value.isoformat(), f.measurement.value)
           for f in facts if f.measurement and f.measurement.analyte == "chimerism"]  # fmt: skip
    assert got == [(None, 98.2), ("2023-08-12", 96.4), ("2024-01-15", 71.5)]


def test_the_lower_row_of_a_merged_two_row_header_heads_no_values() -> None:
    # a Word table's header merged down its columns: 'Engraftment (days)' over the lineages
    # counts days; the 14 and 21 are engraftment days, never an ANC or a platelet count
    facts, _ = _facts(
        "Transplant summary\n"
        "No. | Date (D0) | Donor | Source | Engraftment (days) | Engraftment (days)\n"
        "No. | Date (D0) | Donor | Source | Neutrophils | Platelets\n"
        "1 | 14-Mar-2021 | MUD 10/10 | PBSC | 14 | 21\n"
    )
    assert [f.measurement for f in facts if f.measurement] == []
