"""A diagnosis is dated by its diagnostic specimen, not by a later letter's vaguer month."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds

MARROW = (
    "CITY HOSPITAL HAEMATOLOGY LABORATORY\nBONE MARROW EXAMINATION REPORT\n"
    "Collected: {day}    Reported: {reported}\n"
    "Bone marrow aspirate: hypercellular; lymphoblasts 76% of nucleated cells.\n"
    "Immunophenotyping: CD19+, CD10+, TdT+, CD34+.\n"
    "Impression: Precursor B-cell acute lymphoblastic leukaemia (B-ALL).\n"
)


def _diagnosis(f):  # type: ignore[no-untyped-def]
    (dx,) = kinds(f, "diagnosis")
    return dx


def test_the_diagnostic_marrow_outranks_a_later_letter_s_month(facts: Facts) -> None:
    f = facts(
        {
            "marrow.txt": MARROW.format(day="28/03/2016", reported="30/03/2016"),
            "clinic.txt": "HAEMATOLOGY CLINIC NOTE\nDate: 10/10/2018\n"
            "Known case of B-ALL diagnosed in May 2016, in CR1. Doing well.\n",
        }
    )
    dx = _diagnosis(f)
    assert dx.date == "2016-03-28"  # the specimen's day, not the retold month
    assert dx.confidence < 0.9  # the two records disagree: the doubt names both
    assert any("May 2016" in d and "28/03/2016" in d for d in dx.doubts)


def test_a_later_marrow_naming_the_disease_never_dates_its_diagnosis(facts: Facts) -> None:
    f = facts(
        {
            "marrow.txt": MARROW.format(day="14/08/2018", reported="16/08/2018"),
            "clinic.txt": "HAEMATOLOGY CLINIC NOTE\nDate: 10/01/2018\n"
            "Known case of B-ALL diagnosed in May 2016, in CR1. Doing well.\n",
        }
    )
    assert _diagnosis(f).date == "2016-05"  # the marrow of 2018 found a disease known since


def test_a_specimen_after_a_treatment_is_no_diagnostic_one(facts: Facts) -> None:
    f = facts(
        {
            "marrow.txt": "BONE MARROW REPORT\nCollected: 20/03/2016\n"
            "Myeloblasts 34% of nucleated cells.\nImpression: acute myeloid leukaemia.\n",
            "letter.txt": "Date: 01/09/2016\nAML diagnosed in April 2016. "
            "FLAG-Ida cycle 1 was given on 15/02/2016.\n",
        }
    )
    dx = _diagnosis(f)
    assert dx.date == "2016-04"  # which record is wrong is unsure: the recap's, doubted
    assert dx.confidence < 0.9
    assert any("April 2016" in d and "20/03/2016" in d for d in dx.doubts)


def test_a_recap_month_that_holds_the_specimen_s_day_agrees(facts: Facts) -> None:
    f = facts(
        {
            "marrow.txt": MARROW.format(day="22/11/2017", reported="24/11/2017"),
            "clinic.txt": "Date: 06/08/2020\nKnown case of B-ALL diagnosed in November 2017.\n",
        }
    )
    dx = _diagnosis(f)
    assert dx.date == "2017-11-22"
    assert not any("later record" in d for d in dx.doubts)
