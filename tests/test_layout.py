"""The layout pass: word boxes and plain text -> blocks, tables, reading order."""

from __future__ import annotations

from recordkit.layout import BlockKind, analyse_page
from recordkit.models import PageText, Word

CHAR = 5.0  # points per character in the synthetic pages
LINE = 14.0  # points between lines


def _words(x: float, top: float, text: str) -> list[Word]:
    out, pos = [], x
    for token in text.split():
        out.append(Word(text=token, x0=pos, top=top, x1=pos + CHAR * len(token), bottom=top + 10))
        pos += CHAR * (len(token) + 1)
    return out


def page(*cells: tuple[float, int, str], method: str = "text") -> PageText:
    """A page from (x, line number, text) pieces; each piece's words are one space apart."""
    words = [w for x, row, text in cells for w in _words(x, 40 + row * LINE, text)]
    return PageText(
        file="p.pdf", page=1, text="", method=method, width=595, height=842, words=tuple(words)
    )


def kinds(layout):
    return [(b.kind, layout.text[b.start : b.end]) for b in layout.blocks]


def test_a_bulleted_history_keeps_one_item_per_line_and_wrapped_items_whole():
    lay = analyse_page(
        page(
            (50, 0, "Oncologic history"),
            (50, 1, "• Induction with cytarabine and idarubicin, remission"),
            (60, 2, "documented after the first course."),
            (50, 3, "• Relapse in the marrow two years later."),
            (50, 4, "• No family history of leukaemia."),
        )
    )
    got = kinds(lay)
    assert got[0] == (BlockKind.HEADING, "Oncologic history")
    items = [t for k, t in got if k is BlockKind.LIST_ITEM]
    assert len(items) == 3
    assert items[0].endswith("remission documented after the first course.")
    assert "family" not in items[1]


def test_a_table_keeps_rows_and_columns_and_folds_wrapped_cells_into_their_row():
    lay = analyse_page(
        page(
            (50, 0, "Day"),
            (100, 0, "Date"),
            (200, 0, "Event"),
            (50, 1, "+14"),
            (100, 1, "23/09/2015"),
            (200, 1, "Neutrophil engraftment"),
            (200, 2, "(ANC above 0.5)"),
            (50, 3, "+28"),
            (100, 3, "07/10/2015"),
            (200, 3, "Marrow blasts 1.8%"),
        )
    )
    tables = [b for b in lay.blocks if b.kind is BlockKind.TABLE]
    assert len(tables) == 1
    grid = lay.grid(tables[0])
    assert grid[0] == ["Day", "Date", "Event"]
    assert grid[1] == ["+14", "23/09/2015", "Neutrophil engraftment (ANC above 0.5)"]
    assert grid[2][2] == "Marrow blasts 1.8%"
    for row in tables[0].rows:  # every cell is a span of the page text
        for cell in row.cells:
            assert lay.cell_text(cell) in lay.text[row.start : row.end]


def test_a_two_column_page_is_read_left_column_first():
    left = "the patient was treated with two courses of induction chemotherapy"
    right = "and later went on to an allogeneic transplant from her sister donor"
    pieces = [(40, 0, "TRANSPLANT SUMMARY FOR THE REFERRING PHYSICIAN AND THE REVIEW PANEL")]
    for i in range(8):
        pieces += [(40, 1 + i, f"L{i} {left}"[:48]), (320, 1 + i, f"R{i} {right}"[:48])]
    lay = analyse_page(page(*pieces))
    assert lay.text.index("L7") < lay.text.index("R0")
    assert "L0" in lay.text and "R7" in lay.text


def test_a_report_with_fields_and_a_table_either_side_of_a_gap_is_not_two_columns():
    # header fields in two columns, then a results table whose Unit and Reference cells
    # stand right of the same white gap: a form, read row by row, not column by column
    pieces = [
        (40, 0, "Patient : Ravi Kumar"),
        (330, 0, "Age/Sex : 34 Y / M"),
        (40, 1, "Sample Collected : 13-09-23 08:10"),
        (330, 1, "Reported : 13-09-23 14:00"),
        (40, 2, "Ref. By : Dr. S. Rao"),
        (330, 2, "Sample : EDTA Blood"),
        (40, 3, "COMPLETE BLOOD COUNT"),
    ]
    rows = [
        ("Test", "Result", "Unit", "Reference"),
        ("Haemoglobin", "8.4", "g/dL", "13.0 - 17.0"),
        ("Total Leucocyte Count", "2,300", "/cumm", "4000 - 11000"),
        ("Absolute Neutrophil Count", "900", "/cumm", "2000 - 7000"),
        ("Platelet Count", "34,000", "/cumm", "150000 - 410000"),
    ]
    for i, row in enumerate(rows):
        pieces += [(x, 4 + i, cell) for x, cell in zip((40, 240, 330, 430), row, strict=True)]
    lay = analyse_page(page(*pieces, method="ocr"))
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    assert lay.grid(table)[1] == ["Haemoglobin", "8.4", "g/dL", "13.0 - 17.0"]
    assert "Sample Collected : 13-09-23 08:10 Reported" in lay.text  # fields row by row


def test_prose_with_wide_justified_gaps_is_not_a_table():
    lay = analyse_page(
        page(
            (50, 0, "The marrow was hypocellular"),
            (260, 0, "with no excess of blasts."),
            (50, 1, "Chimerism was full donor"),
            (290, 1, "on the peripheral blood sample."),
        )
    )
    assert not any(b.kind is BlockKind.TABLE for b in lay.blocks)


def test_justified_prose_whose_gaps_line_up_in_columns_is_read_as_prose():
    # a fax of a letter: short pieces (a date, a value) line up like a table's key column
    prose = analyse_page(
        page(
            (50, 0, "Donor chimerism on 10/07/15:"),
            (200, 0, "99.5%."),
            (260, 0, "Bone marrow on 10/07/15 showed 1.8%"),
            (50, 1, "blasts, MRD 0.03% by flow,"),
            (200, 1, "Grade I"),
            (260, 1, "acute GVHD of the gut was diagnosed on"),
            (50, 2, "10/09/15,"),
            (260, 2, "treated with prednisolone 1 mg/kg."),
            (50, 3, "Donor chimerism on 12/25/15:"),
            (200, 3, "100%."),
            (260, 3, "Extramedullary relapse with skin nodules"),
            method="ocr",
        )
    )
    assert not any(b.kind is BlockKind.TABLE for b in prose.blocks)
    assert "diagnosed on 10/09/15, treated with" in prose.text
    # one column of prose (a comment) beside short cells is still a table
    table = analyse_page(
        page(
            (50, 0, "Haemoglobin"),
            (150, 0, "94"),
            (200, 0, "g/L"),
            (260, 0, "sample was slightly haemolysed on arrival"),
            (50, 1, "Platelets"),
            (150, 1, "38"),
            (200, 1, "x10^9/L"),
            (260, 1, "clumps seen on the film, count may be low"),
            (50, 2, "Neutrophils"),
            (150, 2, "0.4"),
            (200, 2, "x10^9/L"),
        )
    )
    assert [b.kind for b in table.blocks] == [BlockKind.TABLE]


def test_fields_headers_and_footers_are_their_own_blocks():
    lay = analyse_page(
        page(
            (50, 0, "Printed 19/03/2018 by LABSYS Page 1"),
            (50, 5, "Specimen collected: 11/09/2018"),
            (50, 6, "Conclusion: morphological remission."),
            (50, 55, "Page 1 of 2"),
        )
    )
    got = kinds(lay)
    assert got[0][0] is BlockKind.HEADER_FOOTER
    assert (BlockKind.FIELD, "Specimen collected: 11/09/2018") in got
    assert got[-1] == (BlockKind.HEADER_FOOTER, "Page 1 of 2")


def test_ocr_table_rules_are_not_words():
    lay = analyse_page(
        page((50, 0, "Haemoglobin |"), (150, 0, "|90"), (200, 0, "g/L"), method="ocr")
    )
    assert "|90" not in lay.text and "90" in lay.text


def _text_page(text: str) -> PageText:
    return PageText(file="t.txt", page=1, text=text, method="text")


def test_plain_text_tables_lists_and_soft_wraps():
    lay = analyse_page(
        _text_page(
            "Treatment summary\n"
            "2021-03-01\tInduction started\n2021-04-02\tRemission confirmed\n\n"
            "- DLI given on 5 May 2022 at a dose of\n  1x10^6 CD3+/kg.\n"
            "- Second DLI on 9 June 2022.\n\n"
            "She was seen in clinic and was\nwell, with no signs of GVHD."
        )
    )
    got = kinds(lay)
    assert got[0] == (BlockKind.HEADING, "Treatment summary")
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    assert lay.grid(table) == [
        ["2021-03-01", "Induction started"],
        ["2021-04-02", "Remission confirmed"],
    ]
    items = [t for k, t in got if k is BlockKind.LIST_ITEM]
    assert items == [
        "- DLI given on 5 May 2022 at a dose of 1x10^6 CD3+/kg.",
        "- Second DLI on 9 June 2022.",
    ]
    assert got[-1] == (
        BlockKind.PARAGRAPH,
        "She was seen in clinic and was well, with no signs of GVHD.",
    )


def test_a_field_that_ends_in_its_date_is_not_carried_on_by_the_next_line():
    lay = analyse_page(
        _text_page("Discharge Date: 20/04/2022\nallo-HSCT (MSD) on 20/3/2022. ANC engraftment.\n")
    )
    assert kinds(lay)[0] == (BlockKind.FIELD, "Discharge Date: 20/04/2022")
    wrapped = analyse_page(_text_page("Diagnosis: acute myeloid leukaemia with\nmutated NPM1\n"))
    assert kinds(wrapped) == [
        (BlockKind.FIELD, "Diagnosis: acute myeloid leukaemia with mutated NPM1")
    ]


def test_a_field_whose_sentence_ends_in_a_date_goes_on_over_a_soft_wrap():
    lay = analyse_page(
        _text_page(
            "Diagnosis: acute myeloid leukaemia with NPM1 mutation and FLT3-ITD, first "
            "diagnosed 02/05/2022\n(marrow blasts 54%).\nDate of discharge: 20/04/2022\n"
            "(transfused the day before).\n"
        )
    )
    assert kinds(lay) == [
        (
            BlockKind.FIELD,
            "Diagnosis: acute myeloid leukaemia with NPM1 mutation and FLT3-ITD, first "
            "diagnosed 02/05/2022 (marrow blasts 54%).",
        ),
        (BlockKind.FIELD, "Date of discharge: 20/04/2022"),
        (BlockKind.PARAGRAPH, "(transfused the day before)."),
    ]


def test_a_clause_wrapped_after_a_semicolon_goes_on_but_a_list_of_values_does_not():
    lay = analyse_page(
        _text_page(
            "He developed a rash on 14/12/2023;\nskin biopsy confirmed acute GvHD.\n\n"
            "Hb 85;\nplt 20\n"
        )
    )
    assert kinds(lay)[0] == (
        BlockKind.PARAGRAPH,
        "He developed a rash on 14/12/2023; skin biopsy confirmed acute GvHD.",
    )
    assert [t for _, t in kinds(lay)[1:]] == ["Hb 85;", "plt 20"]


def test_word_table_rows_from_docx_text_keep_their_cells():
    lay = analyse_page(_text_page("Date | Event\n12/01/2020 | CAR-T infusion\n"))
    table = lay.blocks[0]
    assert table.kind is BlockKind.TABLE
    assert lay.grid(table)[1] == ["12/01/2020", "CAR-T infusion"]


def test_a_space_aligned_table_keeps_its_columns_even_where_a_cell_is_blank():
    lay = analyse_page(
        _text_page(
            "Cumulative results\n"
            "Date          WBC     Hb     PLT    ANC\n"
            "01/03/2023    2.1     92     45     0.9\n"
            "15/03/2023            101    88     1.6\n"
        )
    )
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    grid = lay.grid(table)
    assert grid[0] == ["Date", "WBC", "Hb", "PLT", "ANC"]
    assert grid[2] == ["15/03/2023", "", "101", "88", "1.6"]
    assert [c.column for c in table.rows[2].cells] == [0, 2, 3, 4]  # no WBC: Hb stays column 2


def test_two_spaced_columns_under_a_header_of_labels_are_a_name_and_value_table():
    lay = analyse_page(
        _text_page(
            "Fraction            % Donor\nUnfractionated PB   98%\nCD3+ T cells        92%\n"
        )
    )
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    assert lay.grid(table) == [
        ["Fraction", "% Donor"], ["Unfractionated PB", "98%"], ["CD3+ T cells", "92%"]
    ]  # fmt: skip


def test_a_header_cell_may_name_its_date():
    lay = analyse_page(
        _text_page(
            "Labs 02/14/2023    Result\nWBC              2.4 K/uL\nHgb              10.2 g/dL\n"
        )
    )
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    assert lay.grid(table) == [
        ["Labs 02/14/2023", "Result"], ["WBC", "2.4 K/uL"], ["Hgb", "10.2 g/dL"]
    ]  # fmt: skip


def test_two_spaced_columns_without_figures_or_without_a_header_stay_text():
    for text in (
        "Consultant      Ward\nDr A Byrne      Oncology day unit\n",
        "WCC        2.1\nHb         84\n",
    ):
        lay = analyse_page(_text_page(text))
        assert not any(b.kind is BlockKind.TABLE for b in lay.blocks), text


def test_a_panel_name_wider_than_its_column_still_heads_the_rows_in_order():
    lay = analyse_page(
        _text_page(
            "FULL BLOOD COUNT   Result  Flag  Units     Reference range\n"
            "WCC         2.1     L     x10^9/L   4.0 - 11.0\n"
            "Hb          84      L     g/L       130 - 180\n"
        )
    )
    [table] = [b for b in lay.blocks if b.kind is BlockKind.TABLE]
    assert lay.grid(table) == [
        ["FULL BLOOD COUNT", "Result", "Flag", "Units", "Reference range"],
        ["WCC", "2.1", "L", "x10^9/L", "4.0 - 11.0"],
        ["Hb", "84", "L", "g/L", "130 - 180"],
    ]


def test_a_cumulative_printout_set_with_single_spaces_keeps_each_value_under_its_date():
    lay = analyse_page(
        _text_page(
            "Cumulative FBC\n"
            "Collected 15/01/24 22/01/24 29/01/24\n"
            "Hgb g/L 79 94 91\n"
            "Plt 33 49L 58\n"
            "Comment: counts recovering.\n"
        )
    )
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    grid = lay.grid(table)
    assert grid == [
        ["Collected", "15/01/24", "22/01/24", "29/01/24"],
        ["Hgb g/L", "79", "94", "91"],
        ["Plt", "33", "49L", "58"],
    ]


def test_a_printout_in_a_proportional_font_keeps_each_value_under_its_date_by_order():
    # word boxes as pdfplumber reads a Helvetica table typed with spaces: the values drift
    # left of their dates ('8.9' stands under the end of the first date)
    boxes = [
        (60, 84, 54, "Labs:"), (118, 169, 54, "18-03-2023"), (180, 231, 54, "21-03-2023"),
        (242, 293, 54, "03-04-2023"), (305, 356, 54, "16-04-2023"),
        (60, 73, 70, "Hb"), (76, 98, 70, "(g/dl)"), (121, 134, 70, "8.0"), (165, 179, 70, "8.9"),
        (210, 229, 70, "10.2"), (260, 279, 70, "11.1"),
    ]  # fmt: skip
    words = tuple(Word(text=t, x0=x0, top=top, x1=x1, bottom=top + 10) for x0, x1, top, t in boxes)
    lay = analyse_page(
        PageText(file="d.pdf", page=1, text="", method="text", width=595, height=842, words=words)
    )
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    head, hb = lay.grid(table)
    under = {d: v for d, v in zip(head, hb, strict=True) if d}
    assert under == {
        "Labs:": "Hb (g/dl)",
        "18-03-2023": "8.0",
        "21-03-2023": "8.9",
        "03-04-2023": "10.2",
        "16-04-2023": "11.1",
    }


def test_a_sentence_ending_in_two_dates_is_not_a_printout():
    lay = analyse_page(_text_page("Seen on 01/02/2024 and 05/02/2024\nShe is well.\n"))
    assert not any(b.kind is BlockKind.TABLE for b in lay.blocks)


def test_lines_with_wide_gaps_that_do_not_line_up_are_not_a_table():
    lay = analyse_page(
        _text_page(
            "Seen today.  She is well and her counts  have recovered.\n"
            "Marrow  next month;  review in clinic after  that.\n"
        )
    )
    assert lay.blocks and not any(b.kind is BlockKind.TABLE for b in lay.blocks)
    assert "her counts  have recovered" in lay.text


def test_scanned_prose_with_ragged_gaps_is_not_a_table():
    # OCR boxes of justified prose leave wide gaps that can line up across two lines
    lay = analyse_page(
        page(
            (50, 0, "The patient's treatment process"),
            (300, 0, "and efficacy evaluation are shown"),
            (50, 1, "in the figure, the patient then underwent"),
            (300, 1, "IA"),
            method="ocr",
        )
    )
    assert not any(b.kind is BlockKind.TABLE for b in lay.blocks)
    assert "underwent IA" in lay.text  # the words stay in reading order


def test_a_skewed_scan_reads_line_by_line():
    # two lines of a scan turned by about 4.5 degrees: each word sits lower than the last
    lines = [
        "Patient: Ann Smith DOB: 20/02/1958 Hospital No: 123",
        "Diagnosis: AML with NPM1 mutation and normal karyotype",
    ]
    words = []
    for row, text in enumerate(lines):
        x = 40.0
        for token in text.split():
            top = 80 + row * 14 + 0.08 * x
            words.append(Word(text=token, x0=x, top=top, x1=x + 5 * len(token), bottom=top + 10))
            x += 5 * (len(token) + 1)
    lay = analyse_page(
        PageText(
            file="s.png", page=1, text="", method="ocr", width=600, height=800, words=tuple(words)
        )
    )
    assert lay.text.split("\n") == lines


def test_one_line_with_a_bar_is_not_a_table():
    lay = analyse_page(
        _text_page(
            "Figure 1 | Timeline of treatment, numbered as in the text,\n"
            "with the relapses marked.\n"
        )
    )
    assert [b.kind for b in lay.blocks] == [BlockKind.PARAGRAPH]


def test_chinese_text_wrapped_mid_sentence_stays_one_paragraph():
    # a Chinese line breaks anywhere: inside a date, or just before 'label：'-like text
    first = "2019年5月10日确诊急性髓系白血病，骨髓原始细胞74.7%，予诱导化疗，于2019"
    second = "年6月16日复查骨髓：原始细胞2%，评估完全缓解(CR)，后于2019年9月7日复"
    third = "查骨髓：原始细胞1.9%，MRD阴性。"
    lay = analyse_page(page((50, 0, "诊疗经过："), (50, 1, first), (50, 2, second), (50, 3, third)))
    (head, _), (kind, text) = kinds(lay)
    assert head is BlockKind.HEADING and kind is BlockKind.PARAGRAPH
    assert text.replace(" ", "") == first + second + third


def test_a_chinese_line_that_stops_short_of_the_margin_ends_its_block():
    lay = analyse_page(
        page(
            (50, 0, "入院日期：2019年6月1日"),
            (50, 1, "出院诊断：急性髓系白血病"),
            (50, 2, "主要症状为乏力、发热两周，外院血常规示白细胞明显升高，遂转入我院进一步诊治"),
        )
    )
    assert [t for _, t in kinds(lay)][:2] == ["入院日期：2019年6月1日", "出院诊断：急性髓系白血病"]


def test_a_chinese_sentence_ended_at_the_margin_does_not_take_the_next_field():
    full = "2019年5月10日确诊急性髓系白血病，骨髓原始细胞74.7%，予诱导化疗后复查完全缓解。"
    lay = analyse_page(
        page((50, 0, full), (50, 1, "病案号：7996201 床号：12"), (50, 2, full + "再"))
    )
    (first, second) = [t for _, t in kinds(lay)][:2]
    assert first == full and second.startswith("病案号：")


def test_a_sentence_a_column_breaks_off_goes_on_at_the_head_of_the_next():
    left = [
        "Her blood counts were low at the first",
        "visit and a marrow was taken that day.",
        "The report showed a hypercellular marrow",
        "with many blasts and some dysplasia.",
        "She had induction with idarubicin and",
        "cytarabine; the marrow after induction",
        "showed few blasts and the flow study",
        "came back consistent with MRD-negative",
    ]
    right = [
        "complete remission. Consolidation with",
        "high-dose cytarabine followed in May",
        "and June, and she went to transplant",
        "in the autumn with a sibling donor.",
        "",
        "Engraftment was prompt and uneventful.",
        "She is seen monthly in the transplant",
        "clinic with her husband, who keeps her",
    ]
    pieces = [(50, i, t) for i, t in enumerate(left)]
    pieces += [(320, i, t) for i, t in enumerate(right) if t]
    texts = [t for _, t in kinds(analyse_page(page(*pieces)))]
    assert any("with MRD-negative complete remission." in t for t in texts), texts
    assert not any(t.startswith("complete remission") for t in texts)


def test_a_word_ocr_cut_in_two_is_joined_and_spaces_are_kept() -> None:
    def line(*pieces: tuple[str, float]) -> PageText:
        words, x = [], 50.0
        for text, gap in pieces:  # gap: the space before the word, in points
            x += gap
            words.append(Word(text=text, x0=x, top=40, x1=x + CHAR * len(text), bottom=52))
            x += CHAR * len(text)
        return PageText(file="p.png", page=1, text="", method="ocr", width=595, height=842,
                        words=tuple(words))  # fmt: skip

    cut = analyse_page(line(("She", 0), ("was", 5), ("dia", 5), ("gnosed", 1), ("with", 5)))
    assert cut.text == "She was diagnosed with"
    tight = analyse_page(line(("Day", 0), ("post", 3), ("transplant", 4), ("AR", 4), ("post", 1)))
    assert tight.text == "Day post transplant AR post"  # a narrow space, and capitals


def test_a_space_aligned_table_counts_a_chinese_character_as_two_columns():
    lay = analyse_page(
        _text_page(
            "项目名称    缩写   结果   单位\n"
            "白细胞计数  WBC    2.1    ×10^9/L\n"
            "血红蛋白    HGB    92     g/L\n"
        )
    )
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    assert lay.grid(table) == [
        ["项目名称", "缩写", "结果", "单位"],
        ["白细胞计数", "WBC", "2.1", "×10^9/L"],
        ["血红蛋白", "HGB", "92", "g/L"],
    ]
