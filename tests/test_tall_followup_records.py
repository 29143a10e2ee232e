"""T-ALL follow-up records: flowsheets with banner rules, counts from a transplant told in a
CAR-T note, dated captions, protocol names, salvage drugs and remission depths."""

from __future__ import annotations

from recordkit.layout import BlockKind, analyse_page
from recordkit.models import PageText
from tests.extraction_helpers import Facts


def _dated(f, analyte: str) -> dict[str, float | None]:
    return {m.date: m.value for m in f.measurements if m.analyte == analyte}


FLOWSHEET = (
    "RIVERBEND MEDICAL CENTER      CUMULATIVE RESULTS      Printed: 04/11/2023 09:02\n"
    "\n"
    "--- CBC " + "-" * 80 + "\n"
    "Collected        01/05/23   01/19/23   02/14/23   Ref/Units\n"
    "WBC              0.4 L      1.8 L      6.2        4.0-11.0 K/uL\n"
    "PLT              9 L        48 L       177        150-400 K/uL\n"
    "-------------------------------------------------------------------------\n"
    "Comment: counts recovering.\n"
)


def test_a_banner_rule_heads_the_cumulative_table_below_it() -> None:
    lay = analyse_page(PageText(file="f.txt", page=1, text=FLOWSHEET, method="text"))
    kinds = [b.kind for b in lay.blocks]
    assert BlockKind.TABLE in kinds
    table = next(b for b in lay.blocks if b.kind is BlockKind.TABLE)
    assert lay.grid(table)[0][:4] == ["Collected", "01/05/23", "01/19/23", "02/14/23"]
    texts = [lay.text[b.start : b.end] for b in lay.blocks]
    assert "Comment: counts recovering." in texts  # the closing rule joins no prose


def test_each_column_under_a_banner_rule_keeps_its_own_date(facts: Facts) -> None:
    f = facts({"flow.txt": FLOWSHEET})
    assert _dated(f, "wbc") == {"2023-01-05": 0.4, "2023-01-19": 1.8, "2023-02-14": 6.2}
    assert _dated(f, "plt") == {"2023-01-05": 9.0, "2023-01-19": 48.0, "2023-02-14": 177.0}


def test_engraftment_days_count_from_the_transplant_their_line_dates_in_a_car_t_note(
    facts: Facts,
) -> None:
    f = facts(
        {
            "cart.txt": "Cellular therapy clinic: CAR-T day +28 review, 05/19/2023\n\n"
            "Matched sibling PBSC transplant (Bu/Flu) 08/14/2021. Neutrophil engraftment "
            "D+16, platelets D+25.\n"
            "Relapse 01/2023.\n"
            "CAR-T infusion 04/21/2023 (Day 0): anti-CD7 CAR-T cells.\n"
            "BM 05/18/2023: blasts 1%, flow MRD negative.\n"
        }
    )
    got = sorted(e.date for e in f.events if e.kind == "engraftment")
    assert got == ["2021-08-30", "2021-09-08"]


def test_a_protocol_name_with_its_number_written_on_lets_a_phase_name_a_course(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Haematology letter 02/11/2021\n\n"
            "She was treated on the ALL-BFM2000 schedule (off-trial): induction from "
            "18/03/2021.\n"
        }
    )
    got = [(e.name, e.date) for e in f.events if e.kind == "regimen"]
    assert got == [("INDUCTION", "2021-03-18")]


def test_navitoclax_with_venetoclax_is_a_salvage_course(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Clinic note 11/20/2022\n\n"
            "At second relapse of T-ALL he began venetoclax + navitoclax with low-dose "
            "dexamethasone on 10/03/2022 (C1).\n"
        }
    )
    got = [(e.name, e.date) for e in f.events if e.kind == "regimen"]
    assert got == [("NAVITOCLAX+VEN", "2022-10-03")]
