"""How a document's lines are read as entries: dated list lines, specimen lead-ins, tables."""

from __future__ import annotations

import pytest

from recordkit.config import Settings
from recordkit.extract import extract_case
from recordkit.layout import BlockKind
from recordkit.layout.builder import TextBuilder
from recordkit.layout.plain import add_text_blocks
from recordkit.models import CaseFacts, DocumentResult, FileRecord, PageText, Word
from tests.extraction_helpers import Facts


def blocks(text: str) -> list[tuple[BlockKind, str]]:
    tb = TextBuilder()
    add_text_blocks(tb, text)
    return [(b.kind, tb.text[b.start : b.end]) for b in tb.blocks]


def test_a_line_that_opens_with_a_date_is_an_entry_of_its_own() -> None:
    got = blocks(
        "Treatment summary:\n"
        "03/09/2021: marrow aspirate - AML with NPM1, 64% blasts\n"
        "2021-10-02 - azacitidine and venetoclax cycle 1\n"
        "11/2021 - 01/2022: two further cycles, wrapped onto\n"
        "a second line\n"
    )
    assert [t for _, t in got[1:]] == [
        "03/09/2021: marrow aspirate - AML with NPM1, 64% blasts",
        "2021-10-02 - azacitidine and venetoclax cycle 1",
        "11/2021 - 01/2022: two further cycles, wrapped onto a second line",
    ]


def test_a_short_title_over_list_items_is_their_heading_without_a_blank_line() -> None:
    got = blocks("Review date: 02/02/2024\nProblem list\n1. MDS (06/2020)\n2. Iron overload\n")
    assert got[1] == (BlockKind.HEADING, "Problem list")
    assert blocks("Seen today.\nShe is well\nand eating.\n")[1][0] is BlockKind.PARAGRAPH


def test_a_problem_list_heading_dates_the_diseases_of_the_items_under_it(facts: Facts) -> None:
    f = facts(
        {
            "c.txt": "Clinic date: 30/01/2024\nCurrent problems\n"
            "1. AML with NPM1 mutation (08/2021)\n2. Hypertension\n"
        }
    )
    assert [(e.kind, e.date) for e in f.events if e.kind == "diagnosis"] == [
        ("diagnosis", "2021-08")
    ]


def test_a_date_range_or_a_wrapped_date_still_carries_the_sentence_on() -> None:
    got = blocks("Azacitidine was given from\n03/09/2021 - 04/11/2021 as an outpatient\n")
    assert len(got) == 1


def test_a_dated_entrys_findings_keep_its_own_date(facts: Facts) -> None:
    f = facts(
        {
            "h.txt": "Oncologic history:\n"
            "3/22/2023: bone marrow biopsy - AML, 41% blasts\n"
            "4/03/2023: began 7+3 induction\n"
        }
    )
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "blasts"] == [
        (41.0, "2023-03-22")
    ]


def test_a_letters_typed_date_heads_no_entry_of_its_own(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic date: 23/02/2023\nTyped: 27/02/2023\n\n"
            "I saw him in clinic today. Hb 128 g/L.\n"
        }
    )
    assert [(m.value, m.date) for m in f.measurements] == [(128.0, "2023-02-23")]


def test_a_forms_diagnosis_date_heads_no_entry_and_its_referral_date_dates_it(
    facts: Facts,
) -> None:
    f = facts(
        {
            "ref.txt": "Referral for transplant assessment\n"
            "Request date: 08/05/2023\n"
            "Date of diagnosis: 17/10/2020\n"
            "Disease: acute myeloid leukaemia\n"
            "Current status: CR2\n"
        }
    )
    assert f.documents[0].date == "2023-05-08"
    got = sorted((e.kind, e.date) for e in f.events if e.kind in ("diagnosis", "remission"))
    assert got == [("diagnosis", "2020-10-17"), ("remission", "2023-05-08")]


@pytest.mark.parametrize(
    "field",
    [
        "Disease status",
        "Status at referral",
        "Krankheitsstatus",
        "Statut de la maladie",
        "Estado de la enfermedad",
    ],
)
def test_a_forms_status_field_reports_the_state_as_of_the_forms_date(
    facts: Facts, field: str
) -> None:
    f = facts(
        {
            "form.txt": "Transplant referral form\nDate: 03/11/2022\n\n"
            "Disease: acute myeloid leukaemia\n"
            f"{field}: CR2\n"
            "Donor: matched sibling\n"
        }
    )
    got = [(e.date, e.date_info.basis if e.date_info else None)
           for e in f.events if e.kind == "remission"]  # fmt: skip
    assert got == [("2022-11-03", "reported")]


def test_a_specimen_date_closing_a_paragraph_dates_the_results_below_it(facts: Facts) -> None:
    f = facts(
        {
            "mdt.txt": "MDT date: 21/06/2023\nSummary:\n"
            "Molecular relapse in April 2023. Marrow aspirate 12/06/2023:\n"
            "blasts 7%, FLT3-ITD MRD 0.4%\n"
        }
    )
    got = sorted((m.analyte, m.date) for m in f.measurements)
    assert got == [("blasts", "2023-06-12"), ("mrd", "2023-06-12")]


def _page_facts(pieces: list[tuple[float, int, str]], method: str = "text") -> CaseFacts:
    """Facts of a one-page document from (x, line, text) pieces, 5 points a character."""
    words = []
    for x, line, text in pieces:
        top, pos = 40 + 14 * line, x
        for token in text.split():
            words.append(Word(text=token, x0=pos, top=top, x1=pos + 5 * len(token),
                              bottom=top + 10, conf=95.0))  # fmt: skip
            pos += 5 * (len(token) + 1)
    text = "\n".join(t for _, _, t in pieces)
    conf = 95.0 if method == "ocr" else None
    page = PageText(file="labs.pdf", page=1, text=text, method=method, width=595, height=842,
                    words=tuple(words), ocr_confidence=conf)  # fmt: skip
    record = FileRecord(path="labs.pdf", sha256=None, size=1, type="pdf", pages=1,
                        method=method, status="ok")  # fmt: skip
    return extract_case("t", [DocumentResult(record=record, pages=(page,))], Settings())


def test_a_header_line_that_drifts_off_its_columns_still_names_them_in_order() -> None:
    # a header drawn as one string runs as one phrase over the value columns set below it
    values = [(60, 2, "03/05/2022"), (128, 2, "2.4"), (184, 2, "9.1"), (236, 2, "45")]
    values += [(60, 3, "10/05/2022"), (128, 3, "3.9"), (184, 3, "10.2"), (236, 3, "88")]
    header = "Sampled WBC (10^9/L) Hb (g/dL) Platelets (10^9/L)"
    f = _page_facts([(60, 0, "Haematology cumulative"), (60, 1, header), *values])
    got = sorted((m.analyte, m.date, m.value) for m in f.measurements)
    assert got == [
        ("hb", "2022-05-03", 91.0), ("hb", "2022-05-10", 102.0),
        ("plt", "2022-05-03", 45.0), ("plt", "2022-05-10", 88.0),
        ("wbc", "2022-05-03", 2.4), ("wbc", "2022-05-10", 3.9),
    ]  # fmt: skip
    for m in f.measurements:
        assert m.confidence < 0.9
        assert any("matched to the header's names in order" in d for d in m.doubts)


def test_a_scanned_header_read_as_its_own_line_heads_the_rows_below_it() -> None:
    # OCR: the header's wide cells stand so close that they read as one phrase
    rows = [(60, 1, "2021-03-02"), (150, 1, "0.35"), (230, 1, "61"), (290, 1, "12")]
    rows += [(60, 2, "2021-03-09"), (150, 2, "1.20"), (230, 2, "70"), (290, 2, "27")]
    header = "送检日期 白细胞(×10^9/L) 血红蛋白(g/L) 血小板(×10^9/L)"
    f = _page_facts([(60, 0, header), *rows], "ocr")
    got = sorted((m.analyte, m.date, m.value) for m in f.measurements)
    assert got == [
        ("hb", "2021-03-02", 61.0), ("hb", "2021-03-09", 70.0),
        ("plt", "2021-03-02", 12.0), ("plt", "2021-03-09", 27.0),
        ("wbc", "2021-03-02", 0.35), ("wbc", "2021-03-09", 1.2),
    ]  # fmt: skip


def test_a_label_line_over_its_value_alone_is_one_field(facts: Facts) -> None:
    f = facts({"n.txt": "Review 23/08/2022\n\nHaemoglobin (g/dL)\n8.7\n\nNeutrophils:\n0.9\n"})
    got = sorted((m.analyte, m.value) for m in f.measurements)
    assert got == [("anc", 0.9), ("hb", 87.0)]


def test_figures_joined_by_slashes_take_the_names_of_their_legend_in_order(
    facts: Facts,
) -> None:
    f = facts({"n.txt": "Review 23/08/2022\nFBC today 1.4/88/27 (WCC/Hb/Plt), transfused.\n"})
    got = {m.analyte: m for m in f.measurements}
    assert {a: m.value for a, m in got.items()} == {"wbc": 1.4, "hb": 88.0, "plt": 27.0}
    assert all(any("no unit written" in d for d in m.doubts) for m in got.values())
    assert not facts({"n.txt": "Review 23/08/2022\nBP 120/80 (sitting/standing).\n"}).measurements


def test_a_slashed_list_skips_the_figure_of_a_test_recordkit_does_not_report(
    facts: Facts,
) -> None:
    f = facts({"n.txt": "Seen 03/14/2023. Counts 8.9/26.1/3.4 (Hb/Hct/WBC).\n"})
    assert sorted((m.analyte, m.value) for m in f.measurements) == [("hb", 89.0), ("wbc", 3.4)]
    only_others = facts({"n.txt": "Seen 03/14/2023. Indices 26.1/88 (Hct/MCV).\n"})
    assert not only_others.measurements
    unknown = facts({"n.txt": "Seen 03/14/2023. Counts 8.9/7/3.4 (Hb/Zq/WBC).\n"})
    assert not unknown.measurements
