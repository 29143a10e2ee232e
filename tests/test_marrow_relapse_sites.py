"""A relapse whose site is written as the marrow, in brackets or as an abbreviation."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import Facts, kinds


@pytest.mark.parametrize(
    "line",
    [
        "- 2nd relapse (BM) 14/03/2022, D+500 post BMT, CD19+",
        "- 2nd relapse (bone marrow) 14/03/2022, D+500 post BMT",
        "- second BM relapse 14/03/2022, D+500 post BMT",
        "- 2. Rezidiv (KM) 14.03.2022, Tag +500 nach KMT",
    ],
)
def test_a_relapse_sited_in_the_marrow_is_haematological_against_its_mrd(
    facts: Facts, line: str
) -> None:
    # the same day's MRD and falling chimerism measure its burden: they make it no molecular one
    letter = (
        "Clinic letter, 20/06/2022\n\nDiagnosis: B-ALL, diagnosed 02/2019.\nHistory:\n"
        f"- Allo-BMT 10/2020\n{line}\n\n"
        "Bone marrow 14/03/2022: MRD 4 x 10^-2, chimerism 55% donor.\n"
    )
    f = facts({"letter.txt": letter})
    assert [(e.date, e.type) for e in kinds(f, "relapse")] == [("2022-03-14", "haematological")]
