"""An event named only as a time reference, and a state's later course, make no new events."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_an_onset_date_is_the_state_s_not_the_treatment_it_came_after(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 01/09/2022\nDLI 3 given on 10/05/2022.\n"
            "Mild skin GvHD (chronic, NIH mild) after DLI 3, onset 14/06/2022, "
            "treated with topical steroids.\n"
        }
    )
    assert [d.date for d in kinds(f, "dli")] == ["2022-05-10"]
    (gvhd,) = kinds(f, "gvhd")
    assert gvhd.date == "2022-06-14"
    assert gvhd.organ == "skin"
