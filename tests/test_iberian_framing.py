"""Spanish and Portuguese framing words around an event (and their English twins): a letter's
dateline, a treatment's own date after its qualifiers, references back, places named after a
procedure, prophylaxis, states and conclusions."""

from __future__ import annotations

import pytest

from recordkit.layout import BlockKind, analyse_page
from recordkit.models import PageText, Word
from tests.extraction_helpers import Facts, dated, kinds


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


@pytest.mark.parametrize(
    "text",
    [
        "Comentario (20/03/2024): caída del quimerismo del donante en médula ósea, en relación "
        "con la recaída descrita en el estudio de EMR.",
        "Comentário (20/03/2024): queda do quimerismo do doador em medula óssea, compatível com "
        "a recidiva descrita no estudo de DRM.",
        "Nota (20/03/2024): quimerismo en descenso por la recaída molecular ya documentada.",
        "Comment (20/03/2024): falling donor chimerism in the marrow, in keeping with the "
        "relapse described in the flow report.",
    ],
)
def test_a_relapse_pointed_back_to_as_described_is_no_new_relapse(facts: Facts, text: str) -> None:
    assert kinds(facts({"quimerismo.txt": text}), "relapse") == []


def test_a_relapse_described_on_its_own_date_is_still_that_relapse(facts: Facts) -> None:
    f = facts({"informe.txt": "Informe 20/03/2024\nLa recaída descrita el 11/03/2024 se confirmó."})
    assert [e.date for e in kinds(f, "relapse")] == ["2024-03-11"]


@pytest.mark.parametrize(
    "text",
    [
        "Evolução 20/03/2024\nRetorno ao ambulatório de TMO em 02/04/2024 com hemograma.",
        "Evolução 20/03/2024\nInternado na enfermaria do TMO em 02/04/2024 por febre.",
        "Nota 20/03/2024\nRevisión en consultas externas de TPH el 02/04/2024.",
        "Nota 20/03/2024\nIngresa en la planta de TPH el 02/04/2024 por fiebre.",
    ],
)
def test_a_clinic_or_ward_named_after_the_transplant_is_a_place(facts: Facts, text: str) -> None:
    assert kinds(facts({"nota.txt": text}), "transplant") == []


def test_the_transplant_itself_is_still_read_beside_its_clinic(facts: Facts) -> None:
    f = facts(
        {
            "nota.txt": "Evolução 20/03/2024\nSubmetido a TMO alogênico em 02/01/2024. Retorno "
            "ao ambulatório de TMO em 02/04/2024."
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2024-01-02"]


@pytest.mark.parametrize(
    "line",
    [
        "Profilaxia de DECH: ciclosporina + metotrexato (D+1, D+3, D+6, D+11).",
        "Profilaxia de DECH | Ciclosporina + metotrexato (D+1, D+3, D+6, D+11)",
        "Prevenção de DECH com ciclosporina e metotrexato (D+1, D+3, D+6).",
        "Prevención de EICH con ciclosporina y metotrexato (D+1, D+3, D+6).",
    ],
)
def test_gvhd_prophylaxis_with_its_dose_days_is_no_gvhd(facts: Facts, line: str) -> None:
    f = facts({"alta.txt": f"Data: 20/03/2024\nTCTH alogênico em 01/02/2024.\n{line}"})
    assert [e.date for e in kinds(f, "transplant")] == ["2024-02-01"]
    assert kinds(f, "gvhd") == []


def test_gvhd_told_after_its_prophylaxis_is_still_read(facts: Facts) -> None:
    f = facts(
        {
            "alta.txt": "Data: 20/03/2024\nTCTH alogênico em 01/02/2024, com profilaxia de "
            "DECH. DECH cutânea grau II em D+20."
        }
    )
    assert [(e.date, e.organ) for e in kinds(f, "gvhd")] == [("2024-02-21", "skin")]


@pytest.mark.parametrize(
    "state",
    [
        "TPH alogénico de donante emparentado (SP) el 02/05/2023, con injerto completo.",
        "TCTH alogênico aparentado em 02/05/2023, com pega completa.",
        "Allo-HSCT from a sibling donor on 02/05/2023, with full engraftment.",
    ],
)
def test_full_engraftment_told_with_the_transplant_is_a_state_and_the_stated_day_stands(
    facts: Facts, state: str
) -> None:
    f = facts(
        {
            "alta.txt": f"Fecha: 15/08/2023\n{state}\n"
            "Injerto de neutrófilos (>0,5 x10^9/L) el día +18 y de plaquetas el día +22."
        }
    )
    dated = [(e.date, e.lineage) for e in kinds(f, "engraftment") if e.date]
    assert ("2023-05-20", "neutrophil") in dated
    assert all(d != "2023-05-02" for d, _ in dated)


@pytest.mark.parametrize(
    ("conclusion", "label"),
    [
        ("Conclusão: Leucemia linfoblástica aguda de precursores B (LLA-B comum).", "B-ALL"),
        ("Conclusões: Leucemia mieloide aguda com mutação de NPM1.", "AML"),
        ("Conclusiones: Leucemia mieloide aguda con mutación de NPM1.", "AML"),
    ],
)
def test_a_marrow_reports_conclusion_gives_the_diagnosis_on_its_collection_day(
    facts: Facts, conclusion: str, label: str
) -> None:
    f = facts(
        {
            "mielograma.txt": "Laudo de mielograma\nData da coleta: 10/05/2023\n"
            f"Morfologia: 82% de blastos.\n{conclusion}"
        }
    )
    assert [(e.date, e.label) for e in kinds(f, "diagnosis")] == [("2023-05-10", label)]


_CUMULATIVE = (
    "LABORATORIO DE GENÉTICA - HOSPITAL DEL NORTE\n"
    "INFORME ACUMULADO DE QUIMERISMO (STR)\n\n"
    "Fecha muestra   Muestra      Día post-TPH   % Donante   % Receptor\n"
    "-------------   ----------   ------------   ---------   ----------\n"
    "14/05/2023      SP              +28          99,0         1,0\n"
    "02/11/2023      MO              +200         71,2        28,8\n\n"
    "{comment}\n\n"
    "Fecha de validación: 06/11/2023\n"
)


@pytest.mark.parametrize(
    "comment",
    [
        "Comentario (06/11/2023): caída del quimerismo del donante en médula ósea (71,2%), en "
        "relación con la recaída ya documentada.",
        "Comment (06/11/2023): fall in donor chimerism in the marrow (71,2%), in keeping with "
        "the relapse described in the flow report.",
    ],
)
def test_a_value_a_comment_restates_in_brackets_is_the_tables_result(
    facts: Facts, comment: str
) -> None:
    f = facts({"quimerismo.txt": _CUMULATIVE.format(comment=comment)})
    assert dated(f, "chimerism") == [(99.0, "2023-05-14"), (71.2, "2023-11-02")]
    assert kinds(f, "relapse") == []


def test_a_new_value_in_a_comment_is_still_read(facts: Facts) -> None:
    comment = "Comentario (06/11/2023): quimerismo en SP de control (64,0%)."
    f = facts({"quimerismo.txt": _CUMULATIVE.format(comment=comment)})
    assert (64.0, "2023-11-06") in dated(f, "chimerism")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Laudo de mielograma\nData da coleta: 10/05/2023\nMorfologia: 82% de blastos.\n\n"
            "Conclusão\nLeucemia linfoblástica aguda de precursores B (LLA-B comum).",
            "B-ALL",
        ),
        (
            "Marrow report\nCollection date: 10/05/2023\nMorphology: 82% blasts.\n\n"
            "Conclusion\nAcute myeloid leukaemia with mutated NPM1.",
            "AML",
        ),
    ],
)
def test_a_conclusion_heading_on_its_own_line_gives_the_diagnosis(
    facts: Facts, text: str, label: str
) -> None:
    f = facts({"mielograma.txt": text})
    assert [(e.date, e.label) for e in kinds(f, "diagnosis")] == [("2023-05-10", label)]


def test_a_relapse_under_a_conclusion_heading_is_no_new_diagnosis(facts: Facts) -> None:
    f = facts(
        {
            "mielograma.txt": "Laudo de mielograma\nData da coleta: 10/05/2023\n\nConclusão\n"
            "Recidiva de leucemia linfoblástica aguda B, 45% de blastos."
        }
    )
    assert kinds(f, "diagnosis") == []
    assert [e.date for e in kinds(f, "relapse")] == ["2023-05-10"]
