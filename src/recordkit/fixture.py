"""A reviewed case as a hand-checked fixture (recordkit-fixture/1) for `recordkit validate`."""

from __future__ import annotations

from typing import Any

from recordkit.models import CaseFacts

FIXTURE_EVENT_FIELDS = (
    "label", "name", "cycle", "type", "depth", "target", "grafts", "donor", "dose", "organ",
    "grade", "form", "lineage",
)  # fmt: skip


def to_fixture(facts: CaseFacts) -> tuple[dict[str, Any], list[str]]:
    """The fixture of a (corrected) case, and the items left out with the reason."""
    events = []
    for e in facts.events:
        row: dict[str, Any] = {"kind": e.kind, "date": e.date}
        for name in FIXTURE_EVENT_FIELDS:
            value = getattr(e, name)
            if value is not None:
                row[name] = list(value) if isinstance(value, tuple) else value
        events.append(row)
    measurements, skipped = [], []
    for m in facts.measurements:
        if m.value is None:
            skipped.append(f"{m.id}: {m.analyte} has no value ({m.error or 'none'})")
            continue
        measurements.append({"analyte": m.analyte, "value": m.value, "date": m.date})
    fixture = {
        "format": "recordkit-fixture/1",
        "case_id": facts.case_id,
        "events": events,
        "measurements": measurements,
    }
    if facts.review is not None:
        fixture["reviewed_by"] = list(facts.review.reviewers)
        fixture["reviewed_at"] = facts.review.last
    return fixture, skipped
