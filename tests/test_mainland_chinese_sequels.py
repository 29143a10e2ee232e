"""What a Chinese discharge note's dates date around a DLI, a CAR-T and their sequels:
prophylaxis, 'DATE起', a bracketed day count (documents written for these tests)."""

from __future__ import annotations

from tests.extraction_helpers import Facts

_HEAD = "出院记录\n入院日期 2021年3月2日  出院日期 2021年7月30日\n诊疗经过：\n"


def test_prophylaxis_of_gvhd_is_no_gvhd(facts: Facts) -> None:
    note = _HEAD + "3月10日行DLI，DLI后予环孢素预防急性GVHD。\n"
    assert [e.kind for e in facts({"r.txt": note}).events] == ["dli"]


def test_a_date_with_qi_dates_the_treatment_after_it_not_the_state_before(facts: Facts) -> None:
    note = _HEAD + "患者既往皮肤慢性GVHD，6月1日起加用芦可替尼10mg bid。\n"
    got = [(e.kind, e.date) for e in facts({"r.txt": note}).events]
    assert got == [("gvhd", None)]  # June 1 is when ruxolitinib began, not the GVHD's onset


def test_a_bracketed_day_count_after_a_date_leaves_it_to_the_event(facts: Facts) -> None:
    note = _HEAD + (
        "3月10日行供者淋巴细胞输注（DLI），DLI后予环孢素预防GVHD，3月14日起加用干扰素α-2b。\n"
        "4月2日（DLI后+23天）患者出现皮疹，累及体表面积约40%，诊断为皮肤急性GVHD II度。\n"
    )
    gvhd = [(e.date, e.grade) for e in facts({"r.txt": note}).events if e.kind == "gvhd"]
    assert gvhd == [("2021-04-02", 2)]
