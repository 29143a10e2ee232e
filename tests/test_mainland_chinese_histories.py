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
