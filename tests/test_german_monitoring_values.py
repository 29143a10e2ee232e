"""A German follow-up's short forms: 'Chim.' is chimerism, a fusion transcript's PCR % is MRD."""

from __future__ import annotations

from tests.extraction_helpers import Facts, dated


def test_a_shortened_chimerism_is_read_before_either_specimen(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Verlaufsbrief vom 30.11.2024\nAllo-SZT am 02.05.2024.\n"
            "12.08.2024: Chim. pB 96 % Spender, keine GvHD.\n"
            "Kontrolle 04.11.2024: Chim. KM 91 % Spender.\n"
        }
    )
    assert sorted(dated(f, "chimerism")) == [(91.0, "2024-11-04"), (96.0, "2024-08-12")]


def test_a_kmt2a_fusion_pcr_after_treatment_is_mrd(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Verlaufsbrief vom 30.11.2024\n"
            "Erstdiagnose 03.01.2024: AML mit KMT2A::MLLT3.\nAllo-SZT am 02.05.2024.\n"
            "20.10.2024: molekulares Rezidiv, KMT2A::MLLT3 PCR 0,04 %.\n"
        }
    )
    assert dated(f, "mrd") == [(0.04, "2024-10-20")]
