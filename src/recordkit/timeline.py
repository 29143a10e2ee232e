"""Order and number the treatment events the way Figure 1 does; build the timeline table."""

from __future__ import annotations

from collections.abc import Sequence

from recordkit.models import Event

TREATMENT_KINDS = ("diagnosis", "regimen", "relapse", "car_t", "transplant", "dli")
_KIND_RANK = {
    k: i
    for i, k in enumerate(
        [
            "diagnosis",
            "relapse",
            "regimen",
            "car_t",
            "transplant",
            "dli",
            "remission",
            "engraftment",
            "gvhd",
            "death",
        ]
    )
}


def _sort_key(e: Event) -> tuple[str, int]:
    return (e.date or "", _KIND_RANK[e.kind])


def order_events(
    events: Sequence[Event], story: dict[int, tuple[int, int, int]] | None = None
) -> list[Event]:
    """Events in date order; an undated event keeps its place in the documents' story.

    On one day the order is diagnosis, relapse, therapy; an undated event follows the event
    told just before it in the documents (the closest earlier story position).
    """
    story = story or {}
    dated = sorted((e for e in events if e.date), key=lambda e: (*_sort_key(e), story.get(id(e))))
    out = list(dated)
    for e in sorted((e for e in events if not e.date), key=lambda e: story.get(id(e), (0, 0, 0))):
        pos = story.get(id(e))
        told = [
            (story[id(d)], i)
            for i, d in enumerate(out)
            if pos is not None and story.get(id(d)) is not None and story[id(d)] < pos
        ]
        # after the event told just before it (not after whatever merged an early mention)
        out.insert(max(told)[1] + 1 if told else len(out), e)
    return out


def number_events(
    events: Sequence[Event], story: dict[int, tuple[int, int, int]] | None = None
) -> list[Event]:
    """Events in order; treatment events carry their Figure 1 number (1 = diagnosis)."""
    ordered = order_events(events, story)
    diag = [e for e in ordered if e.kind == "diagnosis"]
    rest = [e for e in ordered if e.kind != "diagnosis"]
    ordered = diag[:1] + rest if diag and diag[0].date is None else ordered
    n, out = 0, []
    for e in ordered:
        if e.kind in TREATMENT_KINDS:
            n += 1
            out.append(e.model_copy(update={"number": n}))
        else:
            out.append(e.model_copy(update={"number": None}))
    return out
