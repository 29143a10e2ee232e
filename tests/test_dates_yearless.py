"""Dates written without their year: a letter's day and month of a recent result, a Chinese
record's month and day, and the year-first short dates of a Chinese record (documents written
for these tests)."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts


@pytest.mark.parametrize(
    "line",
    [
        "FBC 13/08: Hb 95, plt 60.",
        "On 13/08 Hb was 95, plt 60.",
        "On 13 Aug Hb was 95, plt 60.",
        "On 13 August Hb was 95 g/L, plt 60.",
        "Last week (13/08) Hb was 95, plt 60, neuts 1.2",
    ],
)
def test_a_letters_day_and_month_take_the_year_of_its_date(facts: Facts, line: str) -> None:
    f = facts({"l.txt": f"Clinic date: 20/08/2024\n{line}\n"})
    hb = [m for m in f.measurements if m.analyte == "hb"]
    assert [m.date for m in hb] == ["2024-08-13"]
    assert hb[0].confidence < 0.9  # the year is inferred: doubted, not guessed silently
    assert any("year is taken from the document" in d for d in hb[0].doubts)


def test_a_course_day_count_restated_by_its_full_date_has_no_inferred_year(facts: Facts) -> None:
    f = facts(
        {
            "c.txt": "Date of service: 06/20/2024\n"
            "- 03/04/2024: started FLAG-Ida (cycle 1). "
            "Day 28 bone marrow (03/31/2024): CR, MRD 0.05%.\n"
        }
    )
    mrd = [m for m in f.measurements if m.analyte == "mrd"]
    cr = [e for e in f.events if e.kind == "remission"]
    assert [m.date for m in mrd] == ["2024-03-31"] and [e.date for e in cr] == ["2024-03-31"]
    for item in (*mrd, *cr):  # the bracket gives the year: 'Day 28' is no day and month
        assert not any("year is taken from the document" in d for d in item.doubts)
        assert item.confidence >= 0.9


def test_a_day_and_month_after_the_letters_month_are_of_the_year_before(facts: Facts) -> None:
    f = facts({"l.txt": "Clinic date: 05/01/2024\nFBC 28/12: Hb 95, plt 60.\n"})
    assert {m.date for m in f.measurements} == {"2023-12-28"}


@pytest.mark.parametrize(
    "line",
    [
        "Platelets 13/08 of the time were transfused.",  # not marked as a date
        "On 3/4 Hb was 95.",  # the document does not settle which is the day
    ],
)
def test_an_unmarked_or_unsettled_fraction_is_no_date(facts: Facts, line: str) -> None:
    f = facts({"l.txt": f"Clinic date: 2024-08-20\n{line}\n"})
    assert {m.date for m in f.measurements} <= {"2024-08-20"}


@pytest.mark.parametrize(
    "line",
    [
        "出院情况：1.8复查血常规：白细胞 3.5×10^9/L，血小板 88×10^9/L。",
        "血常规（1-8）：白细胞 3.5×10^9/L，血小板 88×10^9/L。",
    ],
)
def test_a_chinese_month_and_day_before_a_test_take_the_year_of_the_document(
    facts: Facts, line: str
) -> None:
    f = facts({"c.txt": f"出院记录\n出院日期：2024年1月10日\n{line}\n"})
    assert {(m.analyte, m.date) for m in f.measurements} == {
        ("wbc", "2024-01-08"), ("plt", "2024-01-08")
    }  # fmt: skip
    assert all(m.confidence < 0.9 for m in f.measurements)  # the year is inferred


def test_a_chinese_value_like_a_month_and_day_stays_a_value(facts: Facts) -> None:
    f = facts({"c.txt": "出院记录\n出院日期：2024年1月10日\n出院情况：白细胞 1.8×10^9/L。\n"})
    assert [(m.analyte, m.value, m.date) for m in f.measurements] == [("wbc", 1.8, "2024-01-10")]


def test_a_chinese_short_year_first_date_with_a_one_digit_day(facts: Facts) -> None:
    note = "出院记录\n出院日期：2024年1月10日\n出院情况：血小板 88×10^9/L（24/1/8）。\n"
    assert [m.date for m in facts({"c.txt": note}).measurements] == ["2024-01-08"]


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Her donor chimerism was 98% in PB in April this year.", ("chimerism", "2024-04")),
        ("Her MRD was 0.3% in November last year.", ("mrd", "2023-11")),
        ("Die MRD lag im November letzten Jahres bei 0,3%.", ("mrd", "2023-11")),
    ],
)
def test_a_month_of_this_or_last_year_is_of_the_letter_s_year(
    facts: Facts, line: str, want: tuple[str, str]
) -> None:
    # a full date in the sentence before must not lend its year or its day
    f = facts(
        {
            "letter.txt": "Date: 12/09/2024\n\nDear Dr Lane,\n\n"
            "Marrow on 14/08/2023 showed no excess blasts. " + line + "\n"
        }
    )
    got = {(m.analyte, m.date) for m in f.measurements}
    assert want in got
    assert not any(a == want[0] and d != want[1] for a, d in got)


@pytest.mark.parametrize(
    "told",
    [
        "Allogeneic HSCT from an unrelated donor (9/10) in July 2024.",
        "Allogene SZT im Juli 2024, HLA-identischer Fremdspender (10/10).",
        "July 2024: allograft, matched sibling (8/8), no GVHD.",
    ],
)
def test_a_donors_hla_match_grade_is_no_day_and_month(facts: Facts, told: str) -> None:
    f = facts({"l.txt": f"Clinic date: 20/11/2024\nDiagnosis: AML, March 2024.\n{told}\n"})
    assert [e.date for e in f.events if e.kind == "transplant"] == ["2024-07"]


def test_a_transplant_units_letterhead_is_no_transplant(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Paediatric Stem Cell Transplantation (BMT Unit) Northfield, 14/08/2023\n"
            "Kinderhämatologie, Stammzelltransplantation (SZT-Station), 14.08.2023\n"
            "AML diagnosed 03/02/2023. Allograft on 19/06/2023.\n"
        }
    )
    assert [e.date for e in f.events if e.kind == "transplant"] == ["2023-06-19"]
