"""Records translated into English from Russian and Ukrainian: their wording and the
translator's own additions."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_finding_negated_after_its_name_did_not_happen(facts: Facts) -> None:
    f = facts(
        {
            "e.txt": "Extract 14/09/2023\nDay +100 after allo-HSCT of 06/06/2023. Chronic GVHD "
            "was not observed. Skin GVHD not noted. Acute GVHD of the gut was not registered. "
            "Oral GVHD absent.",
            "r.txt": "Extract 02/04/2024\nRelapse was not registered until 03/2024, when "
            "marrow blasts rose to 14%.",
        }
    )
    assert kinds(f, "gvhd") == []
    assert [r.date for r in kinds(f, "relapse")] == ["2024-03"]
