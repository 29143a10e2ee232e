"""From a reviewer's form to the fields of a correction: parse, check, keep only what changed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, get_args

from recordkit.corrections import Action
from recordkit.models import Analyte, Event, EventKind, Measurement
from recordkit.review.store import snapshot

EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
ANALYTES: tuple[str, ...] = get_args(Analyte)
UNITS = {
    "blasts": "%",
    "mrd": "%",
    "chimerism": "%",
    "wbc": "x10^9/L",
    "plt": "x10^9/L",
    "anc": "x10^9/L",
    "hb": "g/L",
}
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "diagnosis": ("label", "genetics"),
    "regimen": ("name", "drugs", "cycle"),
    "relapse": ("type",),
    "remission": ("depth",),
    "car_t": ("target",),
    "transplant": ("grafts", "donor"),
    "dli": ("dose",),
    "gvhd": ("organ", "grade", "form"),
    "engraftment": ("lineage",),
    "death": (),
}
MEASUREMENT_EDIT = ("value", "unit")
LIST_FIELDS = {"drugs", "grafts"}
INT_FIELDS = {"cycle", "grade"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_TEXT = 500


class FormError(ValueError):
    """A form a reviewer sent that cannot become a correction; the message says why."""


def parse_date(raw: str) -> str | None:
    """'' -> None; YYYY, YYYY-MM or YYYY-MM-DD, checked to be a real date."""
    raw = raw.strip()
    if not raw:
        return None
    if not _DATE.match(raw):
        raise FormError(f"date {raw!r}: write it as YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in raw.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError as e:
        raise FormError(f"date {raw!r} does not exist") from e
    return raw


def parse_field(name: str, raw: str) -> Any:
    """One form field as the item stores it."""
    raw = raw.strip()[:MAX_TEXT]
    if name == "date":
        return parse_date(raw)
    if not raw:
        return None
    if name in LIST_FIELDS:
        return [p.strip() for p in re.split(r"[+,]", raw) if p.strip()]
    if name in INT_FIELDS or name == "value":
        try:
            return int(raw) if name in INT_FIELDS else float(raw)
        except ValueError as e:
            raise FormError(f"{name} {raw!r} is not a number") from e
    return raw


def editable(item: Event | Measurement) -> tuple[str, ...]:
    """The fields a reviewer may edit on this item, date first."""
    if isinstance(item, Measurement):
        return ("date", *MEASUREMENT_EDIT)
    return ("date", *KIND_FIELDS[item.kind])


def field_text(item: Event | Measurement, name: str) -> str:
    """A field's current value as the form shows it."""
    v = getattr(item, name)
    if v is None:
        return ""
    if isinstance(v, tuple):
        return " + ".join(v)
    return f"{v:g}" if isinstance(v, float) else str(v)


def changes(item: Event | Measurement, form: Mapping[str, str], prefix: str = "") -> dict[str, Any]:
    """The edited fields that differ from the item."""
    out = {}
    for name in editable(item):
        key = prefix + name
        if key not in form:
            continue
        new = parse_field(name, form[key])
        old = getattr(item, name)
        if isinstance(old, tuple):
            old = list(old)
        if new != old:
            out[name] = new
    return out


def _why(form: Mapping[str, str]) -> str:
    return form.get("why", "").strip()[:MAX_TEXT]


def correction_fields(
    action: Action, items: list[Event | Measurement], form: Mapping[str, str]
) -> dict[str, Any]:
    """Targets, before, after and why of a correction on existing items."""
    fields: dict[str, Any] = {
        "action": action,
        "targets": tuple(i.id for i in items),
        "before": tuple(snapshot(i) for i in items),
        "why": _why(form),
    }
    need = {Action.merge: 2, Action.accept: 1, Action.edit: 1, Action.reject: 1, Action.split: 1}
    if len(items) != need[action] and not (action == Action.merge and len(items) > 2):
        raise FormError(f"{action} needs {need[action]} item(s); {len(items)} given")
    if action == Action.reject and not fields["why"]:
        raise FormError("say why the item is rejected")
    if action == Action.edit:
        edit = changes(items[0], form)
        if not edit:
            raise FormError("nothing was changed")
        fields["after"] = (edit,)
    elif action == Action.split:
        parts = tuple(changes(items[0], form, f"p{n}_") for n in (1, 2))
        if parts[0] == parts[1]:
            raise FormError("the two parts of a split must differ (date or value)")
        fields["after"] = parts
    return fields


def new_item(form: Mapping[str, str], source: dict[str, Any]) -> dict[str, Any]:
    """The item a reviewer adds: kind or analyte, date, its fields, and its source."""
    what = form.get("what", "")
    item: dict[str, Any] = {"date": parse_date(form.get("date", "")), "sources": [source]}
    if what in ANALYTES:
        item.update(analyte=what, value=parse_field("value", form.get("value", "")))
        item["unit"] = form.get("unit", "").strip()[:40] or UNITS[what]
        item["raw"] = source["quote"][:MAX_TEXT]
        if item["value"] is None:
            raise FormError("a measurement needs a value")
    elif what in EVENT_KINDS:
        item["kind"] = what
        for n, name in enumerate(KIND_FIELDS[what]):
            raw = form.get(name) or (form.get("detail", "") if n == 0 else "")
            item[name] = parse_field(name, raw)
    else:
        raise FormError("choose what the item is (an event kind or an analyte)")
    return item
