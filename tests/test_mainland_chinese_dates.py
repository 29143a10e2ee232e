"""Dates as mainland Chinese admission and discharge records write them: in-stay dates without a
year, short year-first dates, courses listed by their dates, day counts after an infusion
(documents written for these tests)."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts


@pytest.mark.parametrize(
    ("head", "line", "kind", "date"),
    [
        ("入院日期：2020年2月3日    出院日期：2020年3月9日", "3月1日复查骨髓达完全缓解（CR）。",
         "remission", "2020-03-01"),
        ("出院日期：2023年11月30日", "10月18日回输CD19 CAR-T细胞。", "car_t", "2023-10-18"),
        ("出院日期：2023.01.12", "12月20日回输CD19 CAR-T细胞。", "car_t", "2022-12-20"),
    ],
)  # fmt: skip
def test_a_day_and_month_take_the_year_of_the_documents_date(
    facts: Facts, head: str, line: str, kind: str, date: str
) -> None:
    f = facts({"d.txt": f"出院记录\n{head}\n诊疗经过：{line}\n"})
    got = [(e.kind, e.date) for e in f.events]
    assert got == [(kind, date)]
    assert f.events[0].confidence < 0.9  # the year is inferred: doubted, not guessed silently
    assert any("year is taken from the document" in d for d in f.events[0].doubts)


@pytest.mark.parametrize("dates", ["2021.5.10、2021.6.15", "21.5.10、21.6.15"])
def test_dates_joined_by_the_enumeration_comma_are_one_course_each(
    facts: Facts, dates: str
) -> None:
    note = f"出院小结\n出院时间：2021-09-10\n病史摘要：分别于{dates}予大剂量阿糖胞苷巩固2疗程。\n"
    got = [(e.kind, e.name, e.date) for e in facts({"s.txt": note}).events]
    assert got == [("regimen", "HiDAC", "2021-05-10"), ("regimen", "HiDAC", "2021-06-15")]


def test_a_chinese_course_count_without_its_measure_word(facts: Facts) -> None:
    note = "出院小结\n出院时间：2021-09-10\n病史摘要：患者2021-05-10起予阿扎胞苷治疗3疗程。\n"
    got = [(e.kind, e.date) for e in facts({"s.txt": note}).events]
    assert got == [("regimen", "2021-05-10"), ("regimen", "2021-06"), ("regimen", "2021-07")]


@pytest.mark.parametrize("count", ["移植后第12天", "移植后+12天", "移植后 +12天", "+12天"])
def test_a_day_count_after_the_transplant_however_written(facts: Facts, count: str) -> None:
    note = f"移植小结\n2021-08-05行单倍型外周血干细胞移植。\n{count}粒细胞植入。\n"
    got = [(e.kind, e.date) for e in facts({"t.txt": note}).events]
    assert got == [("transplant", "2021-08-05"), ("engraftment", "2021-08-17")]


def test_a_day_count_after_a_reinfusion_counts_from_the_infusion_named_last(
    facts: Facts,
) -> None:
    note = ("病史：2021-08-05行单倍型外周血干细胞移植。2022-11-20回输CLL1 CAR-T细胞，"
            "回输后+28天复查骨髓：流式MRD阴性，达MRD阴性完全缓解。\n")  # fmt: skip
    f = facts({"h.txt": note})
    assert [(e.kind, e.date) for e in f.events] == [
        ("transplant", "2021-08-05"), ("car_t", "2022-11-20"), ("remission", "2022-12-18")
    ]  # fmt: skip
    assert [(m.analyte, m.date) for m in f.measurements] == [("mrd", "2022-12-18")]
    dli = "2023-01-03行DLI。回输后第14天复查骨髓达完全缓解。\n"
    assert ("remission", "2023-01-17") in [(e.kind, e.date) for e in facts({"d.txt": dli}).events]


def test_a_bracketed_date_restates_a_day_count_after_a_reinfusion(facts: Facts) -> None:
    note = ("出院记录\n入院日期：2022年11月2日    出院日期：2022年12月28日\n移植日期：2021-08-05\n"
            "回输后+28天（12月18日）复查骨髓：原始细胞0.5%，达MRD阴性完全缓解。\n")  # fmt: skip
    f = facts({"c.txt": note})
    assert [(e.kind, e.date) for e in f.events] == [("remission", "2022-12-18")]
    assert ("blasts", "2022-12-18") in [(m.analyte, m.date) for m in f.measurements]
    assert f.events[0].confidence < 0.9  # its year is the document's


@pytest.mark.parametrize(
    ("head", "line"),
    [
        ("出院时间：2021-09-10", "2021.5.10予大剂量阿糖胞苷巩固。"),
        ("2021-09-10 10:30 病程记录", "21.5.10予HiDAC巩固。"),
        ("15/11/2023 10:40 Dr L Grant", "reviewed in clinic; counts recovering."),
    ],
)
def test_a_dated_header_line_does_not_run_into_the_next(head: str, line: str) -> None:
    from recordkit.layout.cues import continues

    assert not continues(head, line)


def test_a_header_date_is_not_the_date_of_the_next_lines_course(facts: Facts) -> None:
    note = "出院时间：2021-09-10\n2021.5.10、2021.6.15予大剂量阿糖胞苷（HiDAC）巩固2疗程。\n"
    got = [(e.kind, e.date) for e in facts({"h.txt": note}).events]
    assert got == [("regimen", "2021-05-10"), ("regimen", "2021-06-15")]


@pytest.mark.parametrize(
    ("head", "count", "date"),
    [
        ("入院日期：2023-03-02", "入院后第3天", "2023-03-04"),
        ("入院时间 2023年3月2日", "入院第5天", "2023-03-06"),
        ("入院日期：2023-03-02", "入院后第2日", "2023-03-03"),
        ("入院日期：2023-03-02", "住院第1天", "2023-03-02"),
    ],
)  # fmt: skip
def test_a_day_of_the_stay_counts_the_admission_day_as_day_one(
    facts: Facts, head: str, count: str, date: str
) -> None:
    note = f"出院小结\n{head}    出院日期：2023-04-10\n诊疗经过：{count}予IA方案诱导化疗。\n"
    f = facts({"d.txt": note})
    assert [(e.kind, e.name, e.date) for e in f.events] == [("regimen", "IA", date)]
    course = f.events[0]
    assert course.confidence < 0.9  # the count's convention is assumed: doubted
    assert any(f"day {count.strip('入院住后第天日')} of the stay" in d for d in course.doubts)


def test_a_day_of_the_stay_with_no_admission_date_stays_undated(facts: Facts) -> None:
    got = facts({"n.txt": "病程记录\n入院后第3天予IA方案诱导化疗。\n"}).events
    assert [(e.kind, e.date) for e in got] == [("regimen", None)]
    assert any("no admission date" in d for d in got[0].doubts)


def test_a_day_of_the_stay_counts_from_the_admission_an_earlier_page_gives() -> None:
    from recordkit.config import Settings
    from recordkit.extract import extract_case
    from recordkit.models import DocumentResult, FileRecord, PageText

    pages = ("出院小结\n入院日期：2023-03-02\n入院诊断：急性髓系白血病",
             "诊疗经过：入院第28天复查骨髓提示完全缓解。")  # fmt: skip
    record = FileRecord(path="d.txt", sha256=None, size=1, type="text", pages=2,
                        method="text", status="ok")  # fmt: skip
    read = tuple(PageText(file="d.txt", page=n, text=t, method="text")
                 for n, t in enumerate(pages, 1))  # fmt: skip
    doc = DocumentResult(record=record, pages=read)
    got = extract_case("t", [doc], Settings()).events
    assert ("remission", "2023-03-29") in [(e.kind, e.date) for e in got]


def test_an_admission_diagnosis_is_dated_by_the_admission(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "入院记录\n入院日期：2023-03-02\n入院诊断：急性髓系白血病\n",
            "b.txt": "入院记录\n入院日期：2023-05-10\n出院诊断：急性髓系白血病\n",
        }
    )
    dated = [e for e in f.events if e.kind == "diagnosis" and e.date]
    assert [e.date for e in dated] == ["2023-03-02"]  # a discharge's diagnosis is not dated so
    assert dated[0].confidence < 0.9
    assert any("known by the admission" in d for d in dated[0].doubts)


def test_next_month_that_year_and_months_later_count_from_the_last_date_told(
    facts: Facts,
) -> None:
    note = ("病史：2023年4月7日复查骨髓达完全缓解（CR）。次月予DA方案巩固化疗1个疗程，"
            "同年6月再予DA方案巩固1个疗程。2023年8月15日行单倍体造血干细胞移植。"
            "3个月后复查骨髓流式MRD 0.8%。\n")  # fmt: skip
    f = facts({"h.txt": note})
    assert [(e.kind, e.date) for e in f.events if e.kind == "regimen"] == [
        ("regimen", "2023-05"), ("regimen", "2023-06")
    ]  # fmt: skip
    [mrd] = [m for m in f.measurements if m.analyte == "mrd"]
    assert mrd.date == "2023-11" and mrd.confidence < 0.9  # counted, to the month: doubted
    assert not any("year is taken from the document" in d for d in mrd.doubts)
