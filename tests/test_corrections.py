"""apply_corrections: a pure function from (fresh facts, correction log) to corrected facts."""

from __future__ import annotations

from recordkit.corrections import Action, Correction, apply_corrections
from recordkit.fixture import to_fixture
from recordkit.models import Source
from recordkit.review.store import snapshot
from recordkit.validate import score_case, total
from tests.conftest import facts_from_text

LETTER = (
    "Diagnosis: acute myeloid leukaemia (AML) diagnosed on 08/11/2021. "
    "Induction with IA was started on 10/11/2021. "
    "Consolidation with HiDAC was started on 20/02/2022. "
    "MRD on 03/02/2022 was 0.12%. Bone marrow on 05/11/2021 showed 68% blasts."
)
LATE = "Haematological relapse was confirmed on 14/09/2022."


def _facts(**docs: str):
    return facts_from_text(docs or {"letter.txt": LETTER, "late.txt": LATE}, "c1")


def _c(n: int, action: Action, items=(), after=(), why: str = "checked") -> Correction:
    return Correction(
        id=f"c{n:04d}",
        action=action,
        targets=tuple(i.id for i in items),
        before=tuple(snapshot(i) for i in items),
        after=tuple(after),
        who="dr test",
        when=f"2026-11-29T10:00:0{n}Z",
        why=why,
    )


def _by(facts, kind):
    return [
        i
        for i in (*facts.events, *facts.measurements)
        if getattr(i, "kind", None) == kind or getattr(i, "analyte", None) == kind
    ]


def test_no_corrections_leaves_facts_untouched() -> None:
    facts = _facts()
    out, orphans = apply_corrections(facts, [])
    assert out == facts and orphans == [] and out.review is None


def test_accept_edit_reject_mark_and_change_items() -> None:
    facts = _facts()
    mrd, ia = _by(facts, "mrd")[0], next(e for e in facts.events if e.name == "IA")
    relapse = _by(facts, "relapse")[0]
    log = [
        _c(1, Action.accept, [ia]),
        _c(2, Action.edit, [mrd], [{"value": 0.21, "date": "2022-02-04"}], "typo on the report"),
        _c(3, Action.reject, [relapse], why="planned, not confirmed"),
    ]
    out, orphans = apply_corrections(facts, log)
    assert orphans == []
    new_mrd = next(m for m in out.measurements if m.id == mrd.id)
    assert (new_mrd.value, new_mrd.date, new_mrd.date_info.basis) == (
        0.21,
        "2022-02-04",
        "reviewer",
    )
    assert new_mrd.review and new_mrd.review.action == "edited" and new_mrd.review.by == "dr test"
    assert next(e for e in out.events if e.id == ia.id).review.action == "accepted"
    assert not _by(out, "relapse")
    assert out.review.rejected[0]["why"] == "planned, not confirmed"
    assert out.review.reviewers == ("dr test",) and out.review.last == "2026-11-29T10:00:03Z"
    assert apply_corrections(facts, log) == (out, [])  # deterministic


def test_add_merge_split() -> None:
    facts = _facts()
    src = {"file": "late.txt", "page": 1, "start": 0, "end": 5, "quote": "relapse"}
    hidac, ia = (next(e for e in facts.events if e.name == n) for n in ("HiDAC", "IA"))
    log = [
        _c(
            1,
            Action.add,
            after=[{"kind": "car_t", "date": "2023-09-12", "target": "CD19", "sources": [src]}],
        ),
        _c(
            2,
            Action.split,
            [hidac],
            [{"date": "2022-02-20", "cycle": 1}, {"date": "2022-04-02", "cycle": 2}],
        ),
        _c(3, Action.merge, [_by(facts, "diagnosis")[0], _by(facts, "relapse")[0]], [{}]),
    ]
    out, orphans = apply_corrections(facts, log)
    assert orphans == []
    car_t = _by(out, "car_t")[0]
    assert car_t.id == "ev-c0001" and car_t.target == "CD19" and car_t.review.action == "added"
    assert car_t.sources == (Source(**src),) and car_t.number is not None
    cycles = [(e.date, e.cycle) for e in out.events if e.name == "HiDAC"]
    assert cycles == [("2022-02-20", 1), ("2022-04-02", 2)]
    assert not _by(out, "relapse")
    diag = _by(out, "diagnosis")[0]
    assert {s.file for s in diag.sources} == {"letter.txt", "late.txt"}
    assert [e.number for e in out.events if e.number] == list(range(1, 6))
    assert next(e for e in out.events if e.id == ia.id).review is None


def test_item_with_a_new_id_is_found_by_its_quoted_source() -> None:
    facts = _facts()
    mrd = _by(facts, "mrd")[0]
    log = [_c(1, Action.edit, [mrd], [{"value": 0.5}])]
    renamed = facts.model_copy(
        update={
            "measurements": tuple(
                m.model_copy(update={"id": "m-new"}) if m.id == mrd.id else m
                for m in facts.measurements
            )
        }
    )
    out, orphans = apply_corrections(renamed, log)
    assert orphans == [] and next(m for m in out.measurements if m.id == "m-new").value == 0.5


def test_correction_whose_item_is_gone_is_kept_as_orphan() -> None:
    facts = _facts()
    relapse = _by(facts, "relapse")[0]
    log = [_c(1, Action.reject, [relapse], why="wrong"), _c(2, Action.accept, [relapse])]
    without = _facts(**{"letter.txt": LETTER})  # the late document is gone
    out, orphans = apply_corrections(without, log)
    assert [o["correction"] for o in orphans] == ["c0001", "c0002"]
    assert "no longer found" in orphans[0]["reason"] and out.review.orphans == tuple(orphans)
    # applying on the original facts: the reject applies, the accept after it is orphaned
    out2, orphans2 = apply_corrections(facts, log)
    assert [o["correction"] for o in orphans2] == ["c0002"] and out2.review.corrections == 2


def test_invalid_correction_is_an_orphan_not_a_crash() -> None:
    facts = _facts()
    mrd = _by(facts, "mrd")[0]
    out, orphans = apply_corrections(facts, [_c(1, Action.edit, [mrd], [{"sources": []}])])
    assert "cannot be applied" in orphans[0]["reason"] and out.measurements == facts.measurements


def test_fixture_of_corrected_facts_scores_one() -> None:
    facts = _facts()
    out, _ = apply_corrections(facts, [_c(1, Action.reject, [_by(facts, "relapse")[0]], why="x")])
    fixture, skipped = to_fixture(out)
    assert skipped == [] and fixture["format"] == "recordkit-fixture/1"
    assert not any(e["kind"] == "relapse" for e in fixture["events"])
    _, overall = total([score_case(fixture, out.model_dump(mode="json"))])
    assert overall.f1 == 1.0 and overall.tp == len(out.events) + len(out.measurements)


def test_added_item_that_a_new_extraction_finds_is_not_doubled() -> None:
    src = {"file": "late.txt", "page": 1, "start": 0, "end": 5, "quote": "relapse"}
    add = _c(
        1,
        Action.add,
        after=[
            {"kind": "relapse", "date": "2022-09-14", "type": "haematological", "sources": [src]}
        ],
    )
    without = _facts(**{"letter.txt": LETTER})  # the extractor missed the late document
    out, _ = apply_corrections(without, [add])
    assert [e.id for e in _by(out, "relapse")] == ["ev-c0001"]
    out, orphans = apply_corrections(_facts(), [add])  # now it reads it by itself
    (relapse,) = _by(out, "relapse")
    assert relapse.id != "ev-c0001" and relapse.review.action == "added" and orphans == []


def test_an_edit_settles_the_doubts_about_the_fields_it_set() -> None:
    facts = _facts(
        **{
            "letter.txt": "Clinic letter 12/02/2024.\nMRD 0.8% by flow.\n",
            "marrow.txt": "Report 01/03/2024.\nBone marrow in March 2023: blasts 3%.\n",
        }
    )
    mrd, blasts = _by(facts, "mrd")[0], _by(facts, "blasts")[0]
    assert mrd.confidence < 0.9 and [d[:8] for d in mrd.doubts] == ["no date:"]
    assert any(d.startswith("date given only") for d in blasts.doubts)
    log = [
        _c(1, Action.edit, [mrd], [{"date": "2024-02-10"}]),
        _c(2, Action.edit, [blasts], [{"value": 4.0}]),
    ]
    out, _ = apply_corrections(facts, log)
    mrd2, blasts2 = _by(out, "mrd")[0], _by(out, "blasts")[0]
    assert (mrd2.doubts, mrd2.confidence) == ((), 1.0), "the date was its only doubt"
    assert blasts2.doubts == blasts.doubts, "the value was set; the date's doubt is still open"
    assert blasts2.confidence == blasts.confidence
