"""The attributes of an item as its facts are merged into it, one fact at a time.

The first fact to tell an attribute gives it, but a stated graft replaces one a name implied
('BMT'), a relapse type stated outright beats one read from results, a finer value beats a
coarser one ('B-ALL' over 'ALL', a haploidentical donor over a 'brother' read as sibling), and
a marrow's own MRD-negative result ('Day +28 marrow: MRD negative') makes the remission
MRD-negative however another letter calls it ('CR').
"""

from __future__ import annotations

from typing import Any

from recordkit.nlp.attributes import MRD_NEGATIVE
from recordkit.nlp.raw import LATER_COURSE, REFINED, RawFact

_GRAFTS = ["PBSC", "BM", "UCB"]  # the order grafts are listed in


def _finer(k: str, v: Any, f: RawFact) -> bool:
    """Whether `f`'s value `v` of attribute `k` tells more than the item's, whatever it is."""
    if k == "depth":
        return v == MRD_NEGATIVE and "from_mrd" in f.flags  # the marrow's own result
    return k == "label" and v in ("B-ALL", "T-ALL")


def _replaced(k: str, v: Any) -> tuple[Any, ...]:
    """The item's values of `k` that `v` replaces: none, or coarser ones ('sibling' by haplo)."""
    return (None, *(REFINED.get(k, {}).get(v, ()) if isinstance(v, str) else ()))


def merge_attrs(attrs: dict[str, Any], f: RawFact) -> None:
    """Merge fact `f`'s attributes into an item's `attrs`."""
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
        elif _finer(k, v, f) or attrs.get(k) in _replaced(k, v):
            attrs[k] = v


__all__ = ["merge_attrs"]
