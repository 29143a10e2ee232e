"""When a mention joining an item tells one of its attributes more finely than the item.

- A diagnosis of ALL told elsewhere as B-ALL or T-ALL is that lineage's.
- A remission told with two depths on one day is the deeper one. A marrow is often told more
  than once: the flow report's conclusion, an addendum's 'morphological CR', a letter's 'D+29
  MRD-negative CR'. CR says less than MRD-negative CR: a source that calls the remission
  MRD-negative, dated to the same day as the item it joins, makes the item MRD-negative,
  whichever source was read first. One of another day (a later conversion) or with no day of
  its own (a retelling) leaves the depth as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recordkit.nlp.attributes import MRD_NEGATIVE

if TYPE_CHECKING:
    from recordkit.nlp.raw import RawDate, RawFact

LINEAGES = ("B-ALL", "T-ALL")  # labels finer than ALL
SHALLOWER = ("CR",)  # depths an MRD-negative source of the same day deepens


def tells_finer(attrs: dict[str, Any], when: RawDate, f: RawFact, key: str) -> bool:
    """True when `f`'s value of `key` should replace the one the item (`attrs`) holds."""
    if key == "label":
        return f.attrs.get(key) in LINEAGES
    return (
        key == "depth"
        and f.kind == "remission"
        and f.attrs.get(key) == MRD_NEGATIVE
        and attrs.get(key) in SHALLOWER
        and f.date.precision == "day" == when.precision
        and f.date.value is not None
        and f.date.value == when.value
    )


__all__ = ["tells_finer"]
