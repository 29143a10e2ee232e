"""How a document's lines are read as entries: dated list lines, specimen lead-ins, tables."""

from __future__ import annotations

from collections.abc import Callable

from recordkit.layout import BlockKind
from recordkit.layout.builder import TextBuilder
from recordkit.layout.plain import add_text_blocks
from recordkit.models import CaseFacts

Facts = Callable[..., CaseFacts]


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
