"""'dt.' (dated) and the like abbreviate a word inside a clause: their full stop ends no sentence.

Indian summaries write 'BMA dt. 4/6/21 - 3% blasts', 'C1 dt. 10/6/21, C2 dt. 12/7/21': the
test, course or finding before 'dt.' is dated by the date after it, in one sentence.
"""

from __future__ import annotations

from recordkit.nlp.components import sentence_breaks
from recordkit.nlp.rules import load_rules
from recordkit.nlp.text import sentences
from tests.extraction_helpers import Facts, dated, kinds

# a letterhead and an addressee long enough that the page's head names no marrow test
_LETTERHEAD = (
    "GREENFIELD SUPERSPECIALITY HOSPITAL, NAGPUR\n"
    "Division of Haematology, Haemato-Oncology & Stem Cell Transplantation\n"
    "Plot 12, Ring Road, Nagpur 440010. Ph: 0712-555 0199\n\n"
    "Date: 02/08/2022\n\n"
    "To\nDr. P. Kulkarni,\nHead, Adult Leukaemia Programme,\nLakeview Cancer Institute\n\n"
    "Dear Sir,\n\n"
    "Re: Mr. S. Rao, 41 yrs/M, MRN: GSH/21/55012 - referral for further management\n\n"
    "Thank you for seeing this gentleman with AML for further treatment.\n\n"
)


def test_a_clause_abbreviation_before_a_date_ends_no_sentence() -> None:
    ordinals = sentence_breaks(load_rules())
    one = "Marrow dt. 4/6/21 - 3% blasts."
    assert sentences(one, ordinals) == [(0, len(one))]
    assert len(sentences("Marrow dt. Jun 2021 showed remission.", ordinals)) == 1
    # a full stop after any other word before a date still ends its sentence
    assert len(sentences("Counts recovered. 4/6/21 marrow in remission.", ordinals)) == 2
    # nor does 'dt.' join a sentence that starts with an upper-case word
    assert len(sentences("Seen dt. Plan reviewed.", ordinals)) == 2


def test_marrow_blasts_after_dt_are_read_whatever_the_letterhead(facts: Facts) -> None:
    f = facts(
        {
            "referral.txt": _LETTERHEAD + "Summary:\n"
            "1. Diagnosed AML dt. 4/6/21. BMA dt. 4/6/21 - 58% myeloblasts.\n"
            "2. Post-induction BMA dt. 9/7/21 - CR, 2% blasts.\n"
            "3. BMA dt. 12/5/22 showed 31% myeloblasts (relapse).\n"
        }
    )
    assert sorted(dated(f, "blasts"), key=lambda t: t[1] or "") == [
        (58.0, "2021-06-04"),
        (2.0, "2021-07-09"),
        (31.0, "2022-05-12"),
    ]
    assert [e.date for e in kinds(f, "diagnosis")] == ["2021-06-04"]


def test_courses_and_findings_dated_after_dt(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": _LETTERHEAD + "Course:\n"
            "1. Received 2 cycles of azacitidine-venetoclax - C1 dt. 10/6/21, C2 dt. 12/7/21. "
            "Tolerated well.\n"
            "2. HiDAC consolidation x 2 cycles (dt. 03/09/21 and 05/10/21), uneventful.\n"
            "3. H/o acute GVHD gut grade II dt. 14/3/22 (D+30).\n"
        }
    )
    got = [(e.date, e.name, e.cycle) for e in kinds(f, "regimen")]
    assert got == [
        ("2021-06-10", "AZA+VEN", 1),
        ("2021-07-12", "AZA+VEN", 2),
        ("2021-09-03", "HiDAC", 1),
        ("2021-10-05", "HiDAC", 2),
    ]
    assert [e.date for e in kinds(f, "gvhd")] == ["2022-03-14"]
