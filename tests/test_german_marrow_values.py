"""German marrow results: 'KMP' and 'M1-Mark' name the marrow, differential tables, FCM cells."""

from __future__ import annotations

from tests.extraction_helpers import Facts


def _values(f, analyte: str) -> list[tuple[float | None, str | None]]:
    return [(m.value, m.date) for m in f.measurements if m.analyte == analyte]


def test_kmp_and_an_m1_marrow_name_the_marrow_of_their_blasts(facts: Facts) -> None:
    letter = (
        "Sehr geehrte Kollegen,\n\nwir berichten über Lena, geb. 03.03.2015.\n\n"
        "In der KMP vom 11.03.2021 zeigte sich ein M1-Mark (Blasten 2 %).\n"
        "Tag 33 (KMP 02.04.2021): Blasten 1 %.\n"
        "KMP vom 20.09.2021: Infiltration durch 72 % Blasten.\n"
    )
    assert sorted(_values(facts({"brief.txt": letter}), "blasts")) == [
        (1.0, "2021-04-02"), (2.0, "2021-03-11"), (72.0, "2021-09-20")
    ]  # fmt: skip


def test_a_differential_table_under_a_percent_header_gives_marrow_blasts(facts: Facts) -> None:
    report = (
        "Knochenmarkbefund\n"
        "Material | Knochenmark | Entnahme | 21.06.2020\n"
        "Befunddatum | 23.06.2020 | Einsender | Station 5\n\n"
        "Zytomorphologie\n"
        "Differenzierung | %\nBlasten | 58\nPromyelozyten | 1\nLymphozyten | 12\n"
    )
    assert _values(facts({"km.txt": report}), "blasts") == [(58.0, "2020-06-21")]


def test_an_mrd_cell_naming_its_assay_before_negative_is_a_negative_mrd(facts: Facts) -> None:
    table = (
        "Verlaufskontrollen\n\n"
        "Datum | Chimärismus KM (% Spender) | MRD\n"
        "02.07.2021 | 100 | FCM negativ\n30.07.2021 | 99 | PCR: negativ\n"
    )
    f = facts({"szt.txt": table})
    assert _values(f, "mrd") == [(0.0, "2021-07-02"), (0.0, "2021-07-30")]
