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


def test_a_day_count_right_after_a_named_infusion_counts_from_it(facts: Facts) -> None:
    letter = (
        "出院小结\n入院日期 2020年5月2日  出院日期 2020年6月30日\n诊疗经过：\n"
        "患者2019年8月1日行同胞全相合allo-HSCT。2020年5月6日行CD19 CAR-T细胞回输。\n"
        "CD19 CAR-T +28天复查骨穿：流式MRD阴性。\n"
    )
    f = facts({"a.txt": letter})
    # day +28 of the CAR-T (June 3), never the transplant's day +28
    assert [(m.analyte, m.date) for m in f.measurements] == [("mrd", "2020-06-03")]
    assert [e.date for e in f.events if e.kind == "car_t"] == ["2020-05-06"]


def test_car_t_cells_measured_in_blood_are_no_infusion(facts: Facts) -> None:
    letter = (
        "出院小结\n入院日期 2020年5月2日  出院日期 2020年6月30日\n诊疗经过：\n"
        "2020年5月6日行CD19 CAR-T细胞回输。\n"
        "回输后第10天外周血CAR-T细胞扩增峰值占CD3+细胞31.5%。\n"
    )
    got = [(e.kind, e.date) for e in facts({"a.txt": letter}).events]
    assert got == [("car_t", "2020-05-06")]


def test_a_disease_known_for_years_is_not_dated_by_a_later_test(facts: Facts) -> None:
    note = (
        "出院记录\n入院日期 2021年5月8日  出院日期 2021年7月25日\n入院情况：\n"
        "患者确诊AML 2年余，2019-08-01行单倍型移植，"
        "2021年5月6日复查骨穿原始粒细胞12.5%，MRD 10.2%，考虑移植后复发入院。\n"
    )
    dx = [e.date for e in facts({"r.txt": note}).events if e.kind == "diagnosis"]
    assert dx in ([], [None])  # known two years and more: never diagnosed on the May marrow


def _mrds(f) -> list[tuple[float | None, str | None]]:
    return [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"]


def test_a_summary_of_repeated_tests_is_no_one_dated_result(facts: Facts) -> None:
    # '均' (all) and '多次复查' (checked many times) tell a series: no specimen, no date
    history = (
        "入院记录\n入院日期：2024-05-06\n现病史：患者2023-01-10行异基因造血干细胞移植。"
        "2023年8月停用环孢素。此后定期复查MRD均阴性。2024年1月多次复查MRD阴性。\n"
    )
    assert _mrds(facts({"h.txt": history})) == []


def test_one_dated_test_after_the_summary_stays(facts: Facts) -> None:
    history = (
        "入院记录\n入院日期：2024-05-06\n现病史：此后定期复查MRD均阴性。"
        "2024-04-28复查骨穿：流式MRD 0.12%。\n"
    )
    assert _mrds(facts({"h.txt": history})) == [(0.12, "2024-04-28")]


def test_mrd_negative_on_repeated_marrows_in_english_is_no_one_result(facts: Facts) -> None:
    letter = "Clinic letter 06/05/2024\nSince the transplant on 10/01/2023 MRD has been "
    letter += "repeatedly negative by flow.\n"
    assert _mrds(facts({"l.txt": letter})) == []
