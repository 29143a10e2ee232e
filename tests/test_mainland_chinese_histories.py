"""How a mainland Chinese 现病史 tells a patient's story in order, and what its dates date
(documents written for these tests)."""

from __future__ import annotations

from tests.extraction_helpers import Facts


def test_a_yearless_date_takes_the_year_the_history_has_reached(facts: Facts) -> None:
    note = (
        "入院记录\n入院日期：2019-03-04\n现病史：\n"
        "患者2017.6.3起予DA方案诱导化疗。17.7.9复查骨穿达完全缓解（CR）。\n"
        "8月2日、2月6日分别予中大剂量阿糖胞苷巩固化疗2疗程。\n"
    )
    got = [(e.kind, e.date) for e in facts({"r.txt": note}).events if e.kind == "regimen"]
    # the story is in 2017: August that year, then February of the next (the month went back);
    # never the note's year, which would put the August course after the note was written
    assert got == [("regimen", "2017-06-03"), ("regimen", "2017-08-02"), ("regimen", "2018-02-06")]


def test_a_yearless_date_with_no_full_date_before_it_takes_the_notes_year(facts: Facts) -> None:
    note = "入院记录\n入院日期：2019-03-04\n现病史：\n患者2月6日予阿扎胞苷治疗。\n"
    got = [(e.kind, e.date) for e in facts({"r.txt": note}).events]
    assert got == [("regimen", "2019-02-06")]


def test_a_date_before_a_test_dates_its_results_and_response_after_a_course(
    facts: Facts,
) -> None:
    note = (
        "入院记录\n入院日期：2019-03-04\n现病史：\n"
        "患者2017.6.3起予DA方案诱导化疗（柔红霉素、阿糖胞苷），"
        "17.7.9复查骨穿：流式MRD 0.08%，达CR。\n"
    )
    f = facts({"r.txt": note})
    assert [(m.analyte, m.value, m.date) for m in f.measurements] == [("mrd", 0.08, "2017-07-09")]
    assert ("remission", "2017-07-09") in [(e.kind, e.date) for e in f.events]
    assert ("regimen", "2017-06-03") in [(e.kind, e.date) for e in f.events]


def test_a_diagnosis_after_the_work_up_takes_the_work_up_date(facts: Facts) -> None:
    note = (
        "入院记录\n入院日期：2019-03-04\n现病史：\n"
        "患者2017年5月初出现乏力。2017年5月20日行骨髓穿刺：原始粒细胞占45%。确诊为急性髓系白血病。\n"
    )
    got = [(e.kind, e.date) for e in facts({"r.txt": note}).events]
    assert got == [("diagnosis", "2017-05-20")]


def test_a_relapsed_disease_on_admission_is_not_diagnosed_then(facts: Facts) -> None:
    note = (
        "出院记录\n入院日期 2019年3月4日  出院日期 2019年4月1日\n入院诊断：\n"
        "急性髓系白血病 异基因造血干细胞移植后复发\n"
    )
    dx = [e.date for e in facts({"r.txt": note}).events if e.kind == "diagnosis"]
    assert dx in ([], [None])  # known long before the admission, never diagnosed on it


def test_a_date_before_the_reason_for_a_course_is_the_courses(facts: Facts) -> None:
    note = "入院记录\n入院日期：2019-03-04\n现病史：\n2018年7月2日因MRD阳性予阿扎胞苷治疗。\n"
    got = [(e.kind, e.date) for e in facts({"r.txt": note}).events]
    assert got == [("regimen", "2018-07-02")]
