"""Reviewer corrections as data, and the one pure function that applies them to facts.

A correction names the items it touches by id and keeps a snapshot of each (``before``), so it
still finds its item when a fresh extraction gives the item a new id (same kind, same quoted
source). A correction whose item is gone is returned as an orphan: kept, listed, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from recordkit.models import (
    CaseFacts,
    Conflict,
    DateInfo,
    Event,
    Measurement,
    ReviewMark,
    ReviewState,
    Source,
)
from recordkit.timeline import number_events

CORRECTIONS_FORMAT = "recordkit-corrections/1"

Item = Event | Measurement


class Action(StrEnum):
    """What a reviewer can do to the facts of a case."""

    accept = "accept"
    edit = "edit"
    reject = "reject"
    add = "add"
    merge = "merge"
    split = "split"


MARK = {
    Action.accept: "accepted",
    Action.edit: "edited",
    Action.add: "added",
    Action.merge: "merged",
    Action.split: "split",
}
EVENT_FIELDS = (
    "kind",
    "date",
    "label",
    "name",
    "drugs",
    "cycle",
    "type",
    "depth",
    "target",
    "grafts",
    "donor",
    "dose",
    "organ",
    "grade",
    "form",
    "lineage",
    "genetics",
)
MEASUREMENT_FIELDS = ("analyte", "date", "value", "unit", "raw", "flags")


class Correction(BaseModel):
    """One entry of corrections.json: what, before, after, who, when, why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    action: Action
    targets: tuple[str, ...] = Field((), description="Item ids; for merge the first is kept.")
    before: tuple[dict[str, Any], ...] = Field((), description="The targets as they were.")
    after: tuple[dict[str, Any], ...] = Field(
        (), description="edit/merge: changed fields; add: the new item; split: one per part."
    )
    who: str
    when: str
    why: str = ""


class CorrectionLog(BaseModel):
    """The content of OUT/<case>/corrections.json; entries are only ever appended."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["recordkit-corrections/1"] = CORRECTIONS_FORMAT
    case_id: str
    corrections: tuple[Correction, ...] = ()


def item_label(item: Item | dict[str, Any]) -> str:
    """'regimen', 'mrd', ... for an item or its snapshot."""
    if isinstance(item, dict):
        return str(item.get("kind") or item.get("analyte") or "item")
    return item.kind if isinstance(item, Event) else item.analyte


def _source_keys(sources: Iterable[Source | dict[str, Any]]) -> set[tuple[str, int, str]]:
    out = set()
    for s in sources:
        d = s.model_dump() if isinstance(s, Source) else s
        out.add((str(d.get("file")), int(d.get("page") or 0), " ".join(str(d["quote"]).split())))
    return out


def _find(pool: dict[str, Item], item_id: str, snapshot: dict[str, Any]) -> str | None:
    """The id of the item a correction meant: by id, else by kind and a shared quoted source."""
    if item_id in pool:
        return item_id
    keys = _source_keys(snapshot.get("sources", ()))
    kin = [
        i
        for i, it in pool.items()
        if item_label(it) == item_label(snapshot) and _source_keys(it.sources) & keys
    ]
    if not kin:
        return None
    same_date = [i for i in kin if pool[i].date == snapshot.get("date")]
    return (same_date or kin)[0]


def _same(a: Item, b: Item) -> bool:
    """The same fact: kind or analyte, date, and the value or name that tells items apart."""
    if item_label(a) != item_label(b) or a.date != b.date:
        return False
    if isinstance(a, Measurement) and isinstance(b, Measurement):
        return a.value == b.value
    return all(getattr(a, k) == getattr(b, k) for k in ("name", "organ", "lineage", "cycle"))


def _precision(date: str | None) -> str | None:
    return {4: "year", 7: "month", 10: "day"}.get(len(date)) if date else None


def _rebuild(item: Item, changes: dict[str, Any], update: dict[str, Any]) -> Item:
    """The item with reviewer changes (validated) and bookkeeping updates."""
    allowed = EVENT_FIELDS if isinstance(item, Event) else MEASUREMENT_FIELDS
    bad = sorted(set(changes) - set(allowed))
    if bad:
        raise ValueError(f"fields that cannot be corrected: {', '.join(bad)}")
    data = {**item.model_dump(), **changes, **update}
    if "date" in changes and changes["date"] != item.date:
        data["date_info"] = DateInfo(
            value=changes["date"],
            precision=_precision(changes["date"]),  # type: ignore[arg-type]
            raw=item.date_info.raw,
            basis="reviewer",
            reason=None if changes["date"] else "removed by the reviewer",
        ).model_dump()
    if isinstance(item, Measurement) and changes.get("value") is not None:
        data["error"] = None
    if changes:  # the reviewer set these fields from the page: their doubts are settled
        # here, not at the top: confidence pulls in the rule models, and the main process
        # reads corrections for every index row of an unchanged batch
        from recordkit.confidence import settled_by

        gone = {item.error} if isinstance(item, Measurement) and data["error"] is None else set()
        doubts = [d for d in item.doubts if d not in gone and not settled_by(d, set(changes))]
        data["doubts"] = doubts
        if not doubts:  # nothing left in doubt: as sure as an item the reviewer added
            data["confidence"] = 1.0
    return type(item).model_validate(data)


def _new_item(c: Correction) -> Item:
    data = dict(c.after[0])
    prefix = "m" if "analyte" in data else "ev"
    sources = [Source.model_validate(s) for s in data.pop("sources", ())]
    data = {k: v for k, v in data.items() if v not in (None, "", [])}
    base: dict[str, Any] = {
        "id": f"{prefix}-{c.id}",
        "date_info": DateInfo(
            value=data.get("date"), precision=_precision(data.get("date")), basis="reviewer"
        ),
        "confidence": 1.0,
        "context": " ".join(s.quote for s in sources),
        "sources": sources,
    }
    if prefix == "m":
        return Measurement.model_validate({"unit": "", "value": None, **data, **base})
    return Event.model_validate({**data, **base})


def _apply_one(
    c: Correction, pool: dict[str, Item], ids: list[str], rejected: list[dict[str, Any]]
) -> None:
    """Apply one correction to the pool (ids already resolved); raises ValueError if invalid."""
    mark = {
        "review": ReviewMark(
            action=MARK.get(c.action, c.action), by=c.who, at=c.when, correction=c.id
        )
    }
    changes = c.after[0] if c.after else {}
    if c.action == Action.add:
        item = _new_item(c)
        twin = next((i for i, it in pool.items() if _same(it, item)), None)
        if twin is not None:  # a later extraction found it by itself: mark, do not add twice
            pool[twin] = pool[twin].model_copy(update=mark)
        else:
            pool[item.id] = item.model_copy(update=mark)
    elif c.action == Action.reject:
        item = pool.pop(ids[0])
        rejected.append(
            {
                "id": item.id,
                "item": item_label(item),
                "date": item.date,
                "why": c.why,
                "by": c.who,
                "at": c.when,
                "correction": c.id,
            }
        )
    elif c.action in (Action.accept, Action.edit):
        pool[ids[0]] = _rebuild(pool[ids[0]], changes if c.action == Action.edit else {}, mark)
    elif c.action == Action.merge:
        kept = pool[ids[0]]
        sources = list(kept.sources)
        for other in ids[1:]:
            sources += [s for s in pool.pop(other).sources if s not in sources]
        pool[ids[0]] = _rebuild(kept, changes, {**mark, "sources": sources})
    elif c.action == Action.split:
        whole = pool[ids[0]]
        parts = [
            _rebuild(whole, part, {**mark, "id": f"{whole.id}-s{n}"})
            for n, part in enumerate(c.after, 1)
        ]
        if len(parts) < 2:
            raise ValueError("a split needs at least two parts")
        keys = list(pool)
        at = keys.index(ids[0])
        rest = {k: pool[k] for k in keys if k != ids[0]}
        pool.clear()
        pool.update({k: rest[k] for k in keys[:at]})
        pool.update({p.id: p for p in parts})
        pool.update({k: rest[k] for k in keys[at + 1 :]})


def _orphan(c: Correction, reason: str) -> dict[str, Any]:
    return {
        "correction": c.id,
        "action": str(c.action),
        "targets": list(c.targets),
        "items": [item_label(b) for b in c.before],
        "reason": reason,
        "who": c.who,
        "when": c.when,
    }


def find_conflicts(measurements: Sequence[Measurement]) -> tuple[Conflict, ...]:
    """One analyte on one day with different values."""
    by_key: dict[tuple[str, str], list[Measurement]] = {}
    for m in measurements:
        if m.date and len(m.date) == 10 and m.value is not None:
            by_key.setdefault((m.analyte, m.date), []).append(m)
    return tuple(
        Conflict(
            analyte=analyte,
            date=day,
            values=tuple(g.value for g in group),
            measurement_ids=tuple(g.id for g in group),
        )
        for (analyte, day), group in sorted(by_key.items())
        if len({g.value for g in group}) > 1
    )


def _measure_key(m: Measurement) -> tuple[Any, ...]:
    first = m.sources[0] if m.sources else None
    return (
        m.date or "9999",
        m.analyte,
        m.value if m.value is not None else -1,
        first.file if first else "",
        first.start if first else 0,
        m.id,
    )


def apply_corrections(
    facts: CaseFacts, corrections: Sequence[Correction]
) -> tuple[CaseFacts, list[dict[str, Any]]]:
    """Apply corrections in order to freshly extracted facts; return (facts, orphans).

    Pure: reads nothing, writes nothing. With no corrections the facts come back unchanged.
    """
    if not corrections:
        return facts, []
    pool: dict[str, Item] = {i.id: i for i in (*facts.events, *facts.measurements)}
    orphans: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    for c in corrections:
        snaps = list(c.before) + [{}] * (len(c.targets) - len(c.before))
        ids = [_find(pool, t, s) for t, s in zip(c.targets, snaps, strict=True)]
        missing = [t for t, i in zip(c.targets, ids, strict=True) if i is None]
        if missing:
            orphans.append(_orphan(c, f"item no longer found: {', '.join(missing)}"))
            continue
        if len(set(ids)) != len(ids):
            orphans.append(_orphan(c, "its items now resolve to one item"))
            continue
        try:
            _apply_one(c, pool, ids, rejected)  # type: ignore[arg-type]
        except (ValueError, ValidationError, IndexError) as e:
            msg = str(e).splitlines()[0]
            orphans.append(_orphan(c, f"cannot be applied: {msg}"))
    events = number_events([i for i in pool.values() if isinstance(i, Event)])
    measurements = sorted(
        (i for i in pool.values() if isinstance(i, Measurement)), key=_measure_key
    )
    state = ReviewState(
        corrections=len(corrections),
        reviewers=tuple(sorted({c.who for c in corrections})),
        last=max(c.when for c in corrections),
        rejected=tuple(rejected),
        orphans=tuple(orphans),
    )
    out = facts.model_copy(
        update={
            "events": tuple(events),
            "measurements": tuple(measurements),
            "conflicts": find_conflicts(measurements),
            "review": state,
        }
    )
    return out, orphans
