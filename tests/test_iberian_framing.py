"""Spanish and Portuguese framing words around an event (and their English twins): a letter's
dateline, a treatment's own date after its qualifiers, references back, places named after a
procedure, prophylaxis, states and conclusions."""

from __future__ import annotations

import pytest

from recordkit.layout import BlockKind, analyse_page
from recordkit.models import PageText, Word
from tests.extraction_helpers import Facts, kinds


def _pdf_page(lines: list[tuple[float, str]]) -> PageText:
    """A text-layer page from (top, line) pairs, five points a character."""
    words = []
    for top, line in lines:
        x = 57.0
        for token in line.split():
            words.append(Word(text=token, x0=x, top=top, x1=x + 5 * len(token), bottom=top + 10))
            x += 5 * (len(token) + 1)
    return PageText(
        file="p.pdf", page=1, text="", method="text", width=595, height=842, words=tuple(words)
    )


@pytest.mark.parametrize(
    "dateline",
    ["Curitiba, 14 de outubro de 2022", "Sevilla, 3 de mayo de 2023", "Leeds, 5 March 2021"],
)
def test_a_letters_dateline_is_a_block_of_its_own(dateline: str) -> None:
    lay = analyse_page(
        _pdf_page(
            [
                (105.0, dateline),
                (123.0, "Paciente de 41 anos com LMA, submetida a transplante alogênico em"),
                (135.0, "03/03/2022, evoluiu sem intercorrências."),
            ]
        )
    )
    texts = [lay.text[b.start : b.end] for b in lay.blocks]
    assert texts[0] == dateline
    assert lay.blocks[1].kind is BlockKind.PARAGRAPH and texts[1].startswith("Paciente")


@pytest.mark.parametrize(
    "text",
    [
        # the dateline run into the paragraph, the bracket wrapped onto a second line
        "Curitiba, 14 de outubro de 2022 Paciente de 41 anos com LMA, submetida a TCTH "
        "alogênico aparentado (sangue\nperiférico, irmão HLA-idêntico) em 03/03/2022, com DECH "
        "cutânea grau II em maio de 2022.",
        "Data: 14/10/2022\nPaciente com LMA, submetida a TCTH alogênico aparentado (sangue "
        "periférico, irmão HLA-idêntico) em 03/03/2022, com DECH cutânea grau II em maio de "
        "2022.",
        "Fecha: 14/10/2022\nPaciente con LMA, sometida a TPH alogénico emparentado (sangre "
        "periférica, hermano HLA-idéntico) el 03/03/2022, con EICH cutánea grado II en mayo de "
        "2022.",
    ],
)
def test_a_transplant_keeps_its_own_date_written_after_its_qualifiers_and_details(
    facts: Facts, text: str
) -> None:
    f = facts({"carta.txt": text})
    assert [e.date for e in kinds(f, "transplant")] == ["2022-03-03"]
    assert [e.date for e in kinds(f, "gvhd")] == ["2022-05"]
