"""read_lab_table on grids written for these tests: column roles, cumulative reports, chimerism."""

from __future__ import annotations

import pytest

from recordkit.nlp.lab_tables import LabTableReader, TableValue, read_lab_table
from recordkit.nlp.rules import TableRole, load_rules
from tests.extraction_helpers import Facts


@pytest.fixture(scope="module")
def reader() -> LabTableReader:
    return LabTableReader(load_rules().analytes)


def triples(got: list[TableValue]) -> list[tuple[int, int, str, float | None]]:
    return [(t.row, t.col, t.mention.analyte, t.mention.value) for t in got]


def test_result_table_columns_by_header(reader: LabTableReader) -> None:
    header = ["Test", "Result", "Units", "Flag", "Reference range"]
    rows = [
        ["White cell count", "2.1", "x10^9/L", "L", "4.0-11.0"],
        ["Haemoglobin", "9.4", "g/dL", "L", "12.0-16.0"],
        ["Platelets", "450", "x10^9/L", "", "150-400"],
        ["Neutrophils", "0.4", "x10^9/L", "LL", "2.0-7.5"],
    ]
    assert reader.roles(header, rows) == [
        TableRole.ANALYTE, TableRole.VALUE, TableRole.UNIT, TableRole.FLAG, TableRole.REFERENCE
    ]  # fmt: skip
    got = read_lab_table(header, rows)
    assert triples(got) == [
        (0, 1, "wbc", 2.1), (1, 1, "hb", 94.0), (2, 1, "plt", 450.0), (3, 1, "anc", 0.4)
    ]  # fmt: skip
    assert got[0].mention.flags == ("L",) and got[3].mention.flags == ("LL",)
    assert all(t.date_at is None for t in got)


def test_columns_found_from_content_without_a_header(reader: LabTableReader) -> None:
    rows = [
        ["WBC", "15.2 H", "K/uL", "(4.5-11.0)"],
        ["Hgb", "8.1 L", "g/dL", "(12.0-15.5)"],
        ["Plt", "1.2", "lakhs/cumm", "(1.5-4.5)"],
    ]
    assert reader.roles(["", "", "", ""], rows) == [
        TableRole.ANALYTE, TableRole.VALUE, TableRole.UNIT, TableRole.REFERENCE
    ]  # fmt: skip
    got = reader.read(["", "", "", ""], rows)
    assert triples(got) == [(0, 1, "wbc", 15.2), (1, 1, "hb", 81.0), (2, 1, "plt", 120.0)]
    assert got[0].mention.flags == ("H",)


def test_cumulative_report_gives_one_value_per_date_column(reader: LabTableReader) -> None:
    header = ["Collected", "02/01/24", "15/01/24", "30/01/24", "Units", "Ref"]
    rows = [
        ["White cell count", "0.3*", "1.9*", "5.6", "x10^9/L", "4.0-11.0"],
        ["Haemoglobin", "71*", "88*", "102*", "g/L", "115-165"],
        ["Neutrophils", "0.01*", "0.9*", "3.10", "x10^9/L", "2.0-7.5"],
    ]
    got = reader.read(header, rows)
    assert [(t.row, t.date_at, t.mention.value) for t in got] == [
        (0, (-1, 1), 0.3), (0, (-1, 2), 1.9), (0, (-1, 3), 5.6),
        (1, (-1, 1), 71.0), (1, (-1, 2), 88.0), (1, (-1, 3), 102.0),
        (2, (-1, 1), 0.01), (2, (-1, 2), 0.9), (2, (-1, 3), 3.1),
    ]  # fmt: skip
    assert got[0].mention.flags == ("*",) and got[2].mention.flags == ()


def test_a_column_date_with_a_stray_full_stop_still_heads_its_column(
    reader: LabTableReader,
) -> None:
    header = ["Collected", "05/04/2023", "19/04/2023.", "03/05/2023", "Units"]
    got = reader.read(header, [["Hb", "79", "91", "76", "g/L"]])
    assert [(t.date_at, t.mention.value) for t in got] == [
        ((-1, 1), 79.0), ((-1, 2), 91.0), ((-1, 3), 76.0)
    ]  # fmt: skip


def test_year_first_date_headers_date_their_columns(reader: LabTableReader) -> None:
    header = ["Item", "2023/09/12", "2023/11/22"]
    rows = [["WBC (x10^9/L)", "1.8", "2.6"], ["Hb (g/dL)", "8.4", "9.6"]]
    got = reader.read(header, rows)
    assert [(t.mention.analyte, t.mention.value, t.date_at) for t in got] == [
        ("wbc", 1.8, (-1, 1)), ("wbc", 2.6, (-1, 2)), ("hb", 84.0, (-1, 1)), ("hb", 96.0, (-1, 2))
    ]  # fmt: skip


def test_epic_flowsheet_headers_with_a_24_hour_time_date_their_columns(
    reader: LabTableReader,
) -> None:
    header = ["Component", "03/14/2024 0612", "03/15/2024 0545"]
    rows = [["WBC", "1.2 (L)", "0.8 (L)"], ["Hemoglobin", "8.1 (L)", "7.4 (L)"]]
    got = reader.read(header, rows)
    assert [(t.mention.analyte, t.mention.value, t.date_at) for t in got] == [
        ("wbc", 1.2, (-1, 1)), ("wbc", 0.8, (-1, 2)), ("hb", 81.0, (-1, 1)), ("hb", 74.0, (-1, 2))
    ]  # fmt: skip


def test_epic_flowsheet_columns_take_the_headers_dates(facts: Facts) -> None:
    sheet = ("Component     03/14/2024 0612     03/15/2024 0545\n"
             "WBC           1.2 (L)             0.8 (L)\n"
             "Hemoglobin    8.1 (L)             7.4 (L)\n")  # fmt: skip
    got = sorted((m.analyte, m.date, m.value) for m in facts({"f.txt": sheet}).measurements)
    assert got == [("hb", "2024-03-14", 81.0), ("hb", "2024-03-15", 74.0),
                   ("wbc", "2024-03-14", 1.2), ("wbc", "2024-03-15", 0.8)]  # fmt: skip


def test_cumulative_report_in_g_per_dl_converts_each_column(reader: LabTableReader) -> None:
    header = ["Analyte", "2024-03-01", "2024-03-08", "Unit"]
    rows = [["Hb", "7,9", "10,2", "g/dl"], ["Leukozyten", "1,1", "3,4", "G/l"]]
    assert triples(reader.read(header, rows)) == [
        (0, 1, "hb", 79.0), (0, 2, "hb", 102.0), (1, 1, "wbc", 1.1), (1, 2, "wbc", 3.4)
    ]  # fmt: skip


def test_reference_and_flag_columns_are_never_values(reader: LabTableReader) -> None:
    header = ["Parameter", "Result", "Reference", "Flag"]
    rows = [["Platelets", "", "150-400", "L"], ["Hb", "126", "120-160", ""]]
    assert triples(reader.read(header, rows)) == [(1, 1, "hb", 126.0)]


def test_a_percentage_row_is_not_the_absolute_count(reader: LabTableReader) -> None:
    header = ["Test", "Result", "Units"]
    rows = [["Neutrophils", "62", "%"], ["Neutrophils (absolute)", "2.3", "x10^9/L"]]
    assert triples(reader.read(header, rows)) == [(1, 1, "anc", 2.3)]


def test_chimerism_table_dated_by_row(reader: LabTableReader) -> None:
    header = ["Collected", "Sample", "% donor"]
    rows = [["03/02/2022", "peripheral blood", "98.5%"], ["17/05/2022", "bone marrow", "61"]]
    got = reader.read(header, rows)
    assert [(t.row, t.col, t.date_at, t.mention.value) for t in got] == [
        (0, 2, (0, 0), 98.5), (1, 2, (1, 0), 61.0)
    ]  # fmt: skip


@pytest.mark.parametrize("donor", ["Donor (%)", "Donor portion (%)", "Donor fraction"])
def test_a_donor_column_with_its_percent_is_chimerism(reader: LabTableReader, donor: str) -> None:
    got = reader.read(["Date", "Material", donor], [["17.07.2023", "PB", "100"]])
    assert [(t.mention.analyte, t.mention.value) for t in got] == [("chimerism", 100.0)]
    # a 'Donor' column alone names the donor, not a share
    assert reader.read(["Date", "Material", "Donor"], [["17.07.2023", "PB", "100"]]) == []


def test_a_scanned_chimerism_table_is_dated_by_row_through_its_specks(
    reader: LabTableReader,
) -> None:
    header = ["‘Sampled", "Specimen", "% donor"]  # a quote mark left by the scan
    rows = [
        ["sro 02/04/2022", "peripheral blood", "97.1%"],
        ["/19/08/2022", "peripheral blood", "88.0%"],
        ["14/11/2022", "bone marrow", "99%"],
    ]
    assert reader.roles(header, rows)[0] is TableRole.DATE
    got = reader.read(header, rows)
    assert [(t.date_at, t.mention.value) for t in got] == [
        ((0, 0), 97.1), ((1, 0), 88.0), ((2, 0), 99.0)
    ]  # fmt: skip


def test_two_results_in_one_cell_are_two_rows_a_scan_merged(reader: LabTableReader) -> None:
    header = ["Collected", "Sample", "% donor"]
    rows = [
        ["02/04/2022", "peripheral peripheral blood blood", "97.1% 88%"],
        ["14/11/2022", "bone marrow", "99% (donor)"],
    ]
    got = reader.read(header, rows)
    assert [(t.row, t.mention.value) for t in got] == [(1, 99.0)]  # which date is whose: unknown


def test_a_table_rule_read_as_a_leading_1_is_dropped_only_when_the_value_is_impossible(
    reader: LabTableReader,
) -> None:
    header = ["Collected", "Sample", "% donor"]
    rows = [["02/04/2022", "peripheral blood", "188%"], ["14/11/2022", "bone marrow", "18%"]]
    got = reader.read(header, rows)
    assert [(t.mention.value, t.mention.flags) for t in got] == [
        (88.0, ("rule_read_as_1",)), (18.0, ())
    ]  # fmt: skip


def test_a_scans_letter_o_before_a_decimal_point_is_the_zero(reader: LabTableReader) -> None:
    header = ["Collected", "02/01/24", "09/01/24", "Units"]
    rows = [["Neutrophils", "O.27*", "0.31*", "x10^9/L"], ["Platelets", "Oral", "48", "x10^9/L"]]
    got = {(t.mention.analyte, t.col): t.mention for t in reader.read(header, rows)}
    assert got["anc", 1].value == 0.27 and got["anc", 1].raw == "O.27*"  # quoted as written
    assert "letter_read_as_digit" in got["anc", 1].flags
    assert "letter_read_as_digit" not in got["anc", 2].flags
    assert ("plt", 1) not in got  # a word is not a number


def test_letters_glued_to_a_value_that_are_no_unit_or_flag_are_doubted(
    reader: LabTableReader,
) -> None:
    header = ["Test", "Result", "Units", "Reference range"]
    rows = [
        ["Neutrophils", "2a", "x10^9/L", "2.0-7.5"],
        ["Haemoglobin", "9.4L", "g/dL", "12.0-16.0"],
        ["Platelets", "45g", "x10^9/L", "150-400"],
        ["White cell count", "4.5x10^9/L", "", "4.0-11.0"],
    ]
    got = {t.mention.analyte: t.mention for t in reader.read(header, rows)}
    assert got["anc"].value == 2.0 and "letters_glued" in got["anc"].flags
    assert got["plt"].value == 45.0 and "letters_glued" in got["plt"].flags
    assert got["hb"].flags == ("L",)  # a flag glued on is read as the flag
    assert got["wbc"].value == 4.5 and "letters_glued" not in got["wbc"].flags  # a unit


def test_a_leading_1_its_own_flag_contradicts_is_read_as_a_table_rule() -> None:
    header = ["Test", "Result", "Units", "Reference range", "Flag"]
    rows = [
        ["Neutrophils", "10.58", "x10^9/L", "2.0-7.5", "L"],  # low, yet above the range
        ["Platelets", "145", "x10^9/L", "150-400", "L"],  # low and below: as written
        ["Haemoglobin", "118", "g/L", "130-170", "H"],  # no reading is high: kept, doubted
        ["White cell count", "14.2", "x10^9/L", "4.0-11.0", ""],  # no flag: as written
    ]
    read = read_lab_table(header, rows)
    got = {t.mention.analyte: (t.mention.value, t.mention.flags) for t in read}
    assert got == {
        "anc": (0.58, ("L", "rule_read_as_1")),
        "plt": (145.0, ("L",)),
        "hb": (118.0, ("H", "contradicts_its_flag")),
        "wbc": (14.2, ()),
    }


def test_lo_and_hi_are_flags_with_a_side() -> None:
    header = ["Test", "Units", "Result", "Reference", "Flag"]
    rows = [
        ["Hemoglobin", "g/dL", "19.4", "12.0-16.0", "Lo"],  # low, yet above: the rule's 1
        ["Platelet count", "K/uL", "512", "150-450", "HI"],  # high and above: as written
        ["WBC", "K/uL", "3.1", "4.5-11.0", "lo"],
    ]
    read = read_lab_table(header, rows)
    got = {t.mention.analyte: (t.mention.value, t.mention.flags) for t in read}
    assert got == {
        "hb": (94.0, ("Lo", "rule_read_as_1")),
        "plt": (512.0, ("HI",)),
        "wbc": (3.1, ("lo",)),
    }


def test_str_locus_rows_are_not_the_overall(reader: LabTableReader) -> None:
    header = ["Locus", "Recipient alleles", "Donor alleles", "% donor"]
    rows = [
        ["D8S1179", "12,14", "13,15", "96.0"],
        ["TH01", "6,9", "7,9.3", "95.1"],
        ["vWA", "16,18", "15,17", "97.2"],
        ["Amelogenin", "X,Y", "X,X", "96.4"],
    ]
    assert reader.read(header, rows) == []
    rows.append(["Overall donor chimerism", "", "", "96.2"])
    assert triples(reader.read(header, rows)) == [(4, 3, "chimerism", 96.2)]


def test_recipient_share_becomes_donor_share(reader: LabTableReader) -> None:
    header = ["Date", "Recipient %"]
    rows = [["2022-02-03", "0.9"]]
    assert reader.read(header, rows) == []  # no analyte named: nothing guessed
    header = ["Date", "Recipient chimerism %"]
    (t,) = reader.read(header, rows)
    assert t.mention.value == 99.1 and "derived" in t.mention.flags and t.mention.raw == "0.9"


def test_marrow_table_blasts_and_blood_blasts(reader: LabTableReader) -> None:
    header = ["Parameter", "Result", "Reference"]
    rows = [
        ["Blasts (aspirate, 500-cell differential)", "4.5%", "0-5%"],
        ["Peripheral blood blasts", "12%", "0%"],
        ["CD34+ blasts by flow", "3.1%", ""],
    ]
    assert triples(reader.read(header, rows)) == [(0, 1, "blasts", 4.5)]
    assert triples(reader.read(header, [["Blasts", "30%", "0-5%"]])) == []
    assert triples(reader.read(header, [["Blasts", "30%", "0-5%"]], marrow=True)) == [
        (0, 1, "blasts", 30.0)
    ]


def test_mrd_cells_below_detection_and_negative(reader: LabTableReader) -> None:
    header = ["Date collected", "NPM1 mut/ABL1 (%)"]
    rows = [["2021-01-04", "0.52"], ["2021-03-01", "<0.001"], ["2021-05-03", "not detected"]]
    got = reader.read(header, rows)
    assert [(t.mention.analyte, t.mention.value, t.date_at) for t in got] == [
        ("mrd", 0.52, (0, 0)), ("mrd", 0.0, (1, 0)), ("mrd", 0.0, (2, 0))
    ]  # fmt: skip
    assert "below_detection" in got[1].mention.flags and "negative" in got[2].mention.flags


def test_mrd_cells_in_powers_of_ten_are_fractions_as_in_prose(reader: LabTableReader) -> None:
    # a paediatric lab's cumulative MRD column writes the fraction of cells: 10^-4 = 0.01 %
    header = ["Sample date", "Site", "Ig/TCR PCR-MRD"]
    rows = [["02/02/2021", "BM", "4 x 10^-2"], ["09/03/2021", "BM", "7 x 10^-4"],
            ["20/04/2021", "BM", "0.05%"]]  # fmt: skip
    got = reader.read(header, rows)
    assert [(t.mention.analyte, t.mention.value) for t in got] == [
        ("mrd", 4.0), ("mrd", 0.07), ("mrd", 0.05)
    ]  # fmt: skip


@pytest.mark.parametrize("head", ["BCR-ABL1 %IS", "MRD (%)"])
def test_four_decimal_molecular_values_are_values_not_a_month_and_year(
    reader: LabTableReader, head: str
) -> None:
    rows = [["10-Sep-2022", "0.0082"], ["12-Dec-2022", "0.00032"], ["14-Mar-2023", "1.2345"]]
    got = reader.read(["Date of sample", head], rows)
    assert [(t.mention.analyte, t.mention.value, t.date_at) for t in got] == [
        ("mrd", 0.0082, (0, 0)), ("mrd", 0.00032, (1, 0)), ("mrd", 1.2345, (2, 0))
    ]  # fmt: skip


def test_chinese_result_table(reader: LabTableReader) -> None:
    header = ["项目", "结果", "单位", "参考范围"]
    rows = [["白细胞", "2.3", "×10^9/L", "3.5-9.5"], ["血红蛋白", "78", "g/L", "130-175"]]
    assert triples(reader.read(header, rows)) == [(0, 1, "wbc", 2.3), (1, 1, "hb", 78.0)]


def test_a_table_of_doses_or_dates_gives_nothing(reader: LabTableReader) -> None:
    header = ["Day", "Date", "Event"]
    rows = [["-1", "05-SEP-2020", "Mucositis"], ["+17", "23-SEP-2020", "Neutrophil engraftment"]]
    assert reader.read(header, rows) == []


def test_a_range_or_qualifier_in_the_value_column_is_not_a_value(reader: LabTableReader) -> None:
    header = ["Parameter", "Result", "Reference"]
    rows = [["Haemoglobin", "12.0-16.0", ""], ["Blasts (aspirate)", "500-cell", "0-5%"]]
    assert reader.read(header, rows) == []


def test_a_dated_prose_line_is_not_a_cumulative_header(reader: LabTableReader) -> None:
    header = ["", "06/03/2016", "Bone", "marrow", "on", "06/03/2016", "showed"]
    rows = [["MRD negative", "consistent", "with", "CR", "of", "the", "marrow"]]
    assert reader.read(header, rows) == []


def test_a_date_cell_is_never_a_value(reader: LabTableReader) -> None:
    header = ["Date", "Donor chimerism"]
    rows = [["14/09/2022", "02/18/2023:"], ["18/02/2023", "54.2%"]]
    assert [(t.row, t.mention.value) for t in reader.read(header, rows)] == [(1, 54.2)]


def test_analytes_as_columns_and_dates_as_rows(reader: LabTableReader) -> None:
    header = ["Date", "WBC (x10^9/L)", "Hb (g/dL)", "Plt", "ANC"]
    rows = [["2020-01-06", "1.2", "8.4", "35", "0.2"], ["2020-01-20", "3.9", "10.1", "140", "1.6"]]
    got = reader.read(header, rows)
    assert sorted((t.row, t.mention.analyte, t.mention.value, t.date_at) for t in got) == [
        (0, "anc", 0.2, (0, 0)), (0, "hb", 84.0, (0, 0)), (0, "plt", 35.0, (0, 0)),
        (0, "wbc", 1.2, (0, 0)), (1, "anc", 1.6, (1, 0)), (1, "hb", 101.0, (1, 0)),
        (1, "plt", 140.0, (1, 0)), (1, "wbc", 3.9, (1, 0)),
    ]  # fmt: skip
    units = {t.mention.analyte: t.mention.source_unit for t in got}
    assert units["hb"] == "g/dL" and units["wbc"] == "x10^9/L" and units["plt"] is None


@pytest.mark.parametrize(
    ("cell", "is_date"),
    [
        ("22/09/17", True), ("06-SEP-2020", True), ("22.01.2018", True), ("2023年3月5日", True),
        ("Sep 22, 2017", True), ("11/2019", True), ("Nov 2020", True), ("2024-03-01", True),
        ("19/04/2023.", True), ("13-09-23 08:10,", True), ("7.2.", False),
        ("4.0-11.0", False), ("7.2", False), ("x10^9/L", False), ("150-400", False),
        ("2023/09/12", True), ("2024.3.5", True), ("112/09/12", True), ("2019.5", False),
        ("03/14/2024 0612", True), ("03/14/24 2359", True), ("03/14/2024 2460", False),
        ("03.2023", True), ("0.0082", False), ("1.2345", False), ("13.2023", False),
    ],
)  # fmt: skip
def test_date_cells(cell: str, is_date: bool) -> None:
    from recordkit.nlp.lab_tables import looks_like_date

    assert looks_like_date(cell) is is_date


def test_a_cumulative_row_repairs_a_lost_point_and_a_star_read_as_percent() -> None:
    header = ["Test", "02/01/24", "09/01/24", "16/01/24", "Units", "Ref"]
    rows = [
        ["Neutrophils", "4.60", "0.82*", "232", "x10^9/L", "2.0-7.5"],  # 2.32, its point lost
        ["Haemoglobin", "123", "74*", "75%", "g/L", "115-165"],  # the star read as %
        ["Platelets", "212", "14*", "410", "x10^9/L", "150-400"],  # whole numbers: as written
        ["White cell count", "6.4", "1.3*", "75%", "x10^9/L", "4.0-11.0"],  # a share: no count
    ]
    got = {(t.mention.analyte, t.col): (t.mention.value, t.mention.flags)
           for t in read_lab_table(header, rows)}  # fmt: skip
    assert got[("anc", 3)] == (2.32, ("decimal_point_lost",))
    assert got[("hb", 3)] == (75.0, ("*", "percent_read_as_star"))
    assert got[("plt", 3)] == (410.0, ())
    assert ("wbc", 3) not in got or got[("wbc", 3)][0] is None
    assert got[("anc", 1)] == (4.6, ()) and got[("hb", 2)] == (74.0, ("*",))


def test_a_lost_point_needs_two_other_results_with_the_same_decimals() -> None:
    header = ["Test", "02/01/24", "09/01/24", "Units"]
    alone = read_lab_table(header, [["Neutrophils", "4.60", "232", "x10^9/L"]])
    assert [t.mention.value for t in alone if t.col == 2] in ([], [None])


def test_a_differential_reads_counts_in_the_absolute_column() -> None:
    header = ["Differential", "%", "Absolute", "Units"]
    rows = [["Neutrophils", "8", "1.8", "x10^9/L"], ["Blasts", "12", "0.4", "x10^9/L"]]
    got = [(t.mention.analyte, t.mention.value, t.col) for t in read_lab_table(header, rows)]
    assert got == [("anc", 1.8, 2)]  # blood blasts are no marrow blasts


def test_date_columns_with_a_time_of_day() -> None:
    header = ["Test", "12/01/2023 08:30", "19/01/2023 07:55", "Units"]
    rows = [["Haemoglobin", "81", "95", "g/L"]]
    got = [(t.mention.value, t.col) for t in read_lab_table(header, rows)]
    assert got == [(81.0, 1), (95.0, 2)]


def test_a_decimal_point_a_fax_lost_is_put_back_where_the_flag_needs_it() -> None:
    header = ["Test", "Result", "Flag", "Units", "Reference range"]
    rows = [
        ["White cell count", "19", "L", "x10^9/L", "4.0 - 11.0"],  # 1.9, low
        ["Neutrophils", "12", "L", "x10^9/L", "2.0 - 7.5"],  # 1.2, low
        ["Platelets", "19", "L", "x10^9/L", "150 - 400"],  # low as written: no repair
    ]
    got = {
        t.mention.analyte: (t.mention.value, t.mention.flags) for t in read_lab_table(header, rows)
    }
    assert got == {
        "wbc": (1.9, ("L", "decimal_point_lost_by_flag")),
        "anc": (1.2, ("L", "decimal_point_lost_by_flag")),
        "plt": (19.0, ("L",)),
    }


def test_a_column_headed_by_marrow_blasts_reads_every_row_as_marrow(reader: LabTableReader) -> None:
    # the page names no marrow before the table: the column header's 'BM' is what says it
    header = ["Timepoint", "Marrow date", "BM blasts (morphology)"]
    rows = [["Day +30", "13/09/2021", "2%"], ["Day +180", "08/02/2022", "4%"]]
    got = reader.read(header, rows, marrow=False)
    assert [(t.mention.analyte, t.mention.value, t.date_at) for t in got] == [
        ("blasts", 2.0, (0, 1)), ("blasts", 4.0, (1, 1))
    ]  # fmt: skip
    assert reader.read(["Timepoint", "Date", "Blasts"], rows, marrow=False) == []


def test_a_table_cell_of_two_parts_under_a_header_naming_them_gives_two_values(
    reader: LabTableReader,
) -> None:
    header = ["Marrow date", "STR chimerism PB (whole / CD3)", "STR chimerism BM"]
    got = reader.read(header, [["08/02/2022", "93% / 72%", "89%"]])
    assert sorted((t.col, t.mention.value, t.mention.fraction) for t in got) == [
        (1, 72.0, "CD3"),
        (1, 93.0, None),
        (2, 89.0, None),
    ]
    first, second = sorted((t for t in got if t.col == 1), key=lambda t: t.mention.start)
    assert "93% / 72%"[second.mention.start : second.mention.end] == "72%"
    assert first.mention.start == 0


def test_a_cell_under_donor_and_recipient_parts_gives_the_donors_value(
    reader: LabTableReader,
) -> None:
    rows = [["01/02/2023", "98% / 2%"]]
    got = reader.read(["Date", "Chimerism (donor / recipient)"], rows)
    assert [(t.mention.value, t.mention.flags) for t in got] == [(98.0, ())]
    got = reader.read(["Date", "Chimerism (recipient / donor)"], rows)
    assert [t.mention.value for t in got] == [2.0]  # the donor's part, not 100 - 98
    # parts that name no specimen or lineage split nothing: one value, as before
    got = reader.read(["Date", "Chimerism (STR / qPCR)"], [["01/02/2023", "98% / 97%"]])
    assert len(got) == 1


def test_bare_numbers_under_a_caption_giving_percent_donor_are_chimerism(
    reader: LabTableReader,
) -> None:
    header = ["Day", "Date", "Whole blood", "CD3"]
    rows = [["+28", "11/04/2023", "99", "88"], ["+150", "08/11/2023", "93", "58"]]
    got = reader.read(header, rows, caption="Chimerism (peripheral blood, % donor):")
    assert [(t.row, t.col, t.mention.analyte, t.mention.value, t.mention.fraction, t.date_at)
            for t in got] == [
        (0, 2, "chimerism", 99.0, None, (0, 1)), (1, 2, "chimerism", 93.0, None, (1, 1)),
        (0, 3, "chimerism", 88.0, "CD3", (0, 1)), (1, 3, "chimerism", 58.0, "CD3", (1, 1)),
    ]  # fmt: skip
    # the day counted from the transplant is the row's time, never a value
    assert reader.roles(header, rows)[0] is TableRole.TIME_POINT
    # a caption that gives no unit leaves bare numbers unread: they may be anything
    assert reader.read(header, rows, caption="Chimerism:") == []


def test_a_sample_column_naming_a_sorted_fraction_keeps_it_apart_from_the_marrow(
    reader: LabTableReader,
) -> None:
    header = ["Sample", "% donor", "% recipient"]
    rows = [["BM unsorted", "100", "0"], ["PB CD3+", "100", "0"]]
    got = reader.read(header, rows)
    assert [(t.row, t.mention.value, t.mention.fraction) for t in got] == [
        (0, 100.0, None),
        (1, 100.0, "PB CD3+"),  # the T cells' share, never a second marrow value
    ]


def test_markers_describing_the_blasts_in_a_sample_cell_sort_no_fraction(
    reader: LabTableReader,
) -> None:
    # the sample cell says what the marrow was taken to look for, not which cells were sorted
    header = ["Date", "Sample", "Blasts %", "Chimerism (% donor)"]
    rows = [
        ["03/02/2024", "Marrow, suspected relapse (CD33+ CD13+ blasts)", "35", "58"],
        ["03/02/2024", "PB CD3+ sorted", "", "91"],
    ]
    got = [t for t in reader.read(header, rows) if t.mention.analyte == "chimerism"]
    assert [(t.row, t.mention.value, t.mention.fraction) for t in got] == [
        (0, 58.0, None),
        (1, 91.0, "PB CD3+ sorted"),
    ]


def test_a_dash_for_a_fraction_not_tested_leaves_its_captioned_column_read(
    reader: LabTableReader,
) -> None:
    header = ["Collected", "Day", "Whole blood", "CD3+", "CD33+"]
    rows = [["12/05/2023", "+30", "100", "97", "-"], ["20/07/2023", "+99", "98", "91", "99"]]
    got = reader.read(header, rows, caption="Earlier results (% donor)")
    assert [(t.row, t.mention.value, t.mention.fraction) for t in got if t.col == 4] == [
        (1, 99.0, "CD33+")
    ]


@pytest.mark.parametrize("whole", ["Unfractionated (% donor)", "Unfractionated chimerism (% donor)",
                                   "Whole blood (% donor)"])  # fmt: skip
def test_a_whole_blood_column_named_before_its_percent_donor_is_chimerism(
    reader: LabTableReader, whole: str
) -> None:
    # UK chimerism labs write 'Unfractionated' for whole blood, before the column's unit
    header = ["Date", whole, "CD3 (% donor)"]
    got = reader.read(header, [["30/05/2023", "88", "38"]])
    assert [(t.col, t.mention.value, t.mention.fraction is None, t.date_at) for t in got] == [
        (1, 88.0, True, (0, 0)), (2, 38.0, False, (0, 0))  # whole blood; CD3 a sorted fraction
    ]  # fmt: skip


def test_a_fractions_name_leaves_out_its_columns_unit(reader: LabTableReader) -> None:
    # 'CD3 (% donor)': the bracket is the column's unit, the fraction is CD3
    header = ["Date", "Unfractionated (% donor)", "CD3 (% donor)", "CD15 (% donor)"]
    got = reader.read(header, [["30/05/2023", "88", "38", "97"]])
    assert [(t.mention.value, t.mention.fraction, t.mention.lineages) for t in got] == [
        (88.0, None, ()), (38.0, "CD3", ("CD3",)), (97.0, "CD15", ("CD15",))
    ]  # fmt: skip


def test_a_markdown_rule_row_leaves_a_captioned_table_readable(reader: LabTableReader) -> None:
    rows = [["------", ":----:", "------"], ["30/05/2023", "88%", "38%"]]
    got = reader.read(["Date", "Unfractionated", "CD3"], rows, caption="Chimerism:")
    assert [(t.row, t.mention.value, t.mention.fraction) for t in got] == [
        (1, 88.0, None), (1, 38.0, "CD3")
    ]  # fmt: skip


def test_rows_describing_the_assay_are_no_results(facts: Facts) -> None:
    text = (
        "FLOW MRD REPORT\nSpecimen: Bone marrow\nCollected: 15/05/2023\n"
        "Population | % of leucocytes\nAberrant blasts (CD34+CD7+) | 0.40\n"
        "Total CD45 events analysed | 480,100\nLOD / LLOQ | 0.01% / 0.03%\n"
    )
    got = facts({"flow.txt": text})
    assert [(m.analyte, m.value) for m in got.measurements] == [("mrd", 0.4)]
    prose = facts({"b.txt": "Flow report 15/05/2023\nMarrow flow MRD: LLOQ 0.005%, no population."})
    assert [m.value for m in prose.measurements if m.analyte == "mrd"] != [0.005]
    limits = facts({"c.txt": "Report 18/01/2022\nPlease send marrow: LOD / LLOQ 0.02% / 0.05% "
                             "chimerism and MRD by this assay."})  # fmt: skip
    assert not [m for m in limits.measurements if m.analyte in ("chimerism", "mrd")]


def test_a_sample_cell_naming_the_whole_sample_first_sorts_no_fraction(
    reader: LabTableReader,
) -> None:
    # a group's fraction labels run together under its first one: that first value is the
    # unfractionated sample's, never a sorted fraction's
    header = ["Ref", "Collected", "Material", "Fraction", "% donor"]
    rows = [["CX-4410", "03/05/2024", "PB PB", "Unfractionated CD3+", "88"]]
    got = reader.read(header, rows)
    assert [(t.row, t.mention.value, t.mention.fraction) for t in got] == [(0, 88.0, None)]


@pytest.mark.parametrize(
    "label", ["CD45+ leukocytes analysed", "Leucocytes acquired", "Leukocytes gated"]
)
def test_a_count_of_the_cells_an_assay_read_is_no_blood_count(facts: Facts, label: str) -> None:
    # the name of a count, then 'analysed': how many cells the cytometer read, no WBC
    text = (
        "FLOW CYTOMETRY MRD REPORT\nSpecimen: Bone marrow aspirate\nCollected: 21/02/2024\n"
        f"Parameter | Result\n{label} | 6,45,200\nAbnormal myeloblasts | 0.15%\n"
    )
    got = facts({"flow.txt": text})
    assert [(m.analyte, m.value) for m in got.measurements] == [("mrd", 0.15)]
