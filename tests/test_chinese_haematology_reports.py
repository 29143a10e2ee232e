"""How Chinese marrow, blood count and transplant records name what they report: the blast
shorthand, platelet indices that are not counts, a G-CSF-primed marrow graft (documents
written for these tests)."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts


@pytest.mark.parametrize(
    "said",
    [
        "2022-08-16行单倍体造血干细胞移植，回输G-CSF动员的骨髓（G-BM）及外周血干细胞（G-PBSC）。",
        "2022年8月16日行母供子单倍体移植，干细胞来源G-BM+G-PBSC。",
    ],
)
def test_a_g_csf_primed_marrow_is_a_marrow_graft(facts: Facts, said: str) -> None:
    f = facts({"h.txt": f"入院记录\n现病史：{said}\n"})
    got = [(e.date, sorted(e.grafts or ())) for e in f.events if e.kind == "transplant"]
    assert got == [("2022-08-16", ["BM", "PBSC"])]
