"""The attributes of an item as its facts are merged into it, one fact at a time.

The first fact to tell an attribute gives it, but a stated graft replaces one a name implied
('BMT'), a relapse type stated outright beats one read from results, a finer value beats a
coarser one ('B-ALL' over 'ALL', a haploidentical donor over a 'brother' read as sibling), and
a marrow's own MRD-negative result ('Day +28 marrow: MRD negative') makes the remission
MRD-negative however another letter calls it ('CR'). So does a source that calls the
remission MRD-negative, dated to the same day as the item it joins: a marrow is often told
more than once (the flow report's conclusion, an addendum's 'morphological CR', a letter's
'D+29 MRD-negative CR'), and CR says less than MRD-negative CR, whichever was read first. One
of another day (a later conversion) or with no day of its own (a retelling) leaves the depth.
"""

from __future__ import annotations

from typing import Any

from recordkit.nlp.attributes import MRD_NEGATIVE
from recordkit.nlp.raw import LATER_COURSE, REFINED, RawDate, RawFact

_GRAFTS = ["PBSC", "BM", "UCB"]  # the order grafts are listed in


LINEAGES = ("B-ALL", "T-ALL")  # labels finer than ALL
SHALLOWER = ("CR",)  # depths an MRD-negative source of the same day deepens


def _finer(k: str, v: Any, f: RawFact, attrs: dict[str, Any], when: RawDate) -> bool:
    """Whether `f`'s value `v` of attribute `k` tells more than the item's (`attrs`, `when`)."""
    if k == "label":
        return v in LINEAGES
    if k != "depth" or v != MRD_NEGATIVE:
        return False
    same_day = f.date.precision == "day" == when.precision and f.date.value == when.value
    return "from_mrd" in f.flags or (  # the marrow's own result, or a source of its day
        f.kind == "remission"
        and attrs.get(k) in SHALLOWER
        and f.date.value is not None
        and same_day
    )


def _replaced(k: str, v: Any) -> tuple[Any, ...]:
    """The item's values of `k` that `v` replaces: none, or coarser ones ('sibling' by haplo)."""
    return (None, *(REFINED.get(k, {}).get(v, ()) if isinstance(v, str) else ()))


def merge_attrs(attrs: dict[str, Any], f: RawFact, when: RawDate) -> None:
    """Merge fact `f`'s attributes into the `attrs` of an item dated `when`."""
    stated = f.attrs.get("_type_stated") and not attrs.get("_type_stated")
    for k, v in f.attrs.items():
        if k == "cycle" and LATER_COURSE in f.flags:
            continue  # 'now on maintenance (cycle 7)': the cycle it is in, not the course's
        if k == "grafts" and v:
            if f.attrs.get("_grafts_implied") and attrs.get(k):
                continue  # 'BMT' names no graft beside one stated
            if attrs.pop("_grafts_implied", None):
                attrs[k] = None  # a stated graft replaces one the name implied
            attrs[k] = sorted(set(attrs.get(k) or []) | set(v), key=_GRAFTS.index)
        elif k == "_grafts_implied":
            continue
        elif k in ("type", "_type_stated") and stated and v:
            attrs[k] = v  # 'isolated CNS relapse' stated beats a type read from results
        elif _finer(k, v, f, attrs, when) or attrs.get(k) in _replaced(k, v):
            attrs[k] = v


__all__ = ["merge_attrs"]
