"""Engraftment is reached once per lineage after each transplant: later letters retell it."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds

FIRST = (
    "Clinic letter 20/06/2023\nUnrelated donor PBSC transplant on 14/06/2023. "
    "Neutrophils recovered on day +16.\n"
)


def test_a_later_letter_s_neutrophil_recovery_is_the_engraftment_told_again(facts: Facts) -> None:
    for later in [
        "Neutrophil recovery on 03/07/23.",
        "Neutrophil engraftment was achieved on 03/07/2023.",
    ]:
        f = facts({"a.txt": FIRST, "b.txt": f"Clinic letter 10/07/2023\n{later}\n"})
        (graft,) = kinds(f, "engraftment")
        assert (graft.lineage, graft.date) == ("neutrophil", "2023-06-30"), later
        assert {s.file for s in graft.sources} == {"a.txt", "b.txt"}
        assert not any("apart" in d for d in graft.doubts)  # three days: the writers agree


def test_a_retold_engraftment_weeks_off_is_a_doubt_on_the_earliest_not_a_second_one(
    facts: Facts,
) -> None:
    later = "Clinic letter 10/08/2023\nNeutrophil engraftment was achieved on 20/07/2023.\n"
    f = facts({"a.txt": FIRST, "b.txt": later})
    (graft,) = kinds(f, "engraftment")
    assert graft.date == "2023-06-30"
    assert any("2023-07-20" in d for d in graft.doubts)


def test_each_transplant_and_each_lineage_has_its_own_engraftment(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": FIRST,
            "b.txt": "Clinic letter 20/07/2023\nNeutrophil recovery on 03/07/23. Platelet "
            "engraftment on 12/07/2023.\n",
            "c.txt": "Clinic letter 10/03/2024\nSecond allogeneic PBSC transplant on 01/02/2024. "
            "Neutrophil engraftment on 15/02/2024.\n",
        }
    )
    assert [(g.lineage, g.date) for g in kinds(f, "engraftment")] == [
        ("neutrophil", "2023-06-30"),
        ("platelet", "2023-07-12"),
        ("neutrophil", "2024-02-15"),
    ]


def test_a_count_above_its_engraftment_threshold_on_a_day_count_is_engraftment(
    facts: Facts,
) -> None:
    # UK letters record engraftment as the count above its threshold with the day reached
    f = facts(
        {
            "letter.txt": "BMT clinic letter\nDate: 30/06/2021\n\nSibling allogeneic PBSC "
            "transplant 01/03/2021, ciclosporin prophylaxis. Neutrophils >0.5 day +16, "
            "platelets >20 x10^9/L day +23.\n",
        }
    )
    got = [(e.lineage, e.date) for e in kinds(f, "engraftment")]
    assert got == [("neutrophil", "2021-03-17"), ("platelet", "2021-03-24")]


def test_a_count_above_a_threshold_with_no_day_count_is_no_engraftment(facts: Facts) -> None:
    f = facts({"a.txt": "Clinic letter 30/06/2021\nFBC today: neutrophils >0.5, platelets 45.\n"})
    assert kinds(f, "engraftment") == []
