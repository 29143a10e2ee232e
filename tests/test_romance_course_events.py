"""French and Italian letters' prose about courses and what came of them: which date is whose."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_italian_course_date_is_never_its_remission_day(facts: Facts) -> None:
    # 'dal DATE' is the object of the course before it: the CR came of a marrow weeks later
    f = facts(
        {
            "relazione.txt": "Relazione clinica\n"
            "LLA-B diagnosticata il 02/09/2019. Induzione con Hyper-CVAD ciclo 1A dal "
            "16/09/2019 con remissione completa, MRD positiva.",
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("HYPER-CVAD", "2019-09-16")]
    assert [e.date for e in kinds(f, "remission")] == ["2019-09"]
    assert kinds(f, "remission")[0].confidence < 0.9
