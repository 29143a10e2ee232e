"""A relative named as the donor is a haploidentical donor where the transplant is called haplo.

'PBSC from sister' names who gave the graft, not how well it matched: 'sibling' means a matched
sibling only when no mention of the same transplant says haploidentical.
"""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds

_HAPLO = "Diagnosis: AML in CR1. S/p Haplo-identical PBSCT (Donor - sister, 5/10) with PTCy.\n"
_INFUSED = "Course: Stem cell infusion on 02/07/2022 (PBSC from sister; CD34 5.2 x 10^6/kg).\n"


def test_a_sister_of_a_haplo_transplant_is_a_haploidentical_donor(facts: Facts) -> None:
    for told in (_HAPLO + _INFUSED, _INFUSED + _HAPLO):
        f = facts({"summary.txt": "Discharge Summary\nDate of discharge: 30/07/2022\n\n" + told})
        got = [(e.date, e.donor) for e in kinds(f, "transplant")]
        assert got == [("2022-07-02", "haploidentical")]


def test_a_sister_with_no_haplo_word_stays_a_sibling_donor(facts: Facts) -> None:
    f = facts({"summary.txt": "Discharge Summary\nDate of discharge: 30/07/2022\n\n" + _INFUSED})
    assert [(e.date, e.donor) for e in kinds(f, "transplant")] == [("2022-07-02", "sibling")]
