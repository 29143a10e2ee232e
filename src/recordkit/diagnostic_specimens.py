"""A diagnosis dated by its diagnostic specimen, not by a later recap's vaguer month.

'Known case of B-ALL diagnosed in December 2017' in a clinic letter of 2020 and a marrow
report collected on 22/11/2017 whose impression names B-ALL tell one diagnosis. A history
written later drifts by weeks; the specimen that found the disease dates it. The specimen is
the diagnostic one when it is the earliest of the diagnosis's collection-dated mentions, was
taken before the recap's month or year, and no treatment the case dates was given before it.
One taken after the recap's period found a disease known already (a relapse's marrow naming
the disease again) and never dates the diagnosis; one taken after a treatment, earlier than
the recap, leaves the recap's date, doubted. A recap that agrees with the specimen (its
month holds the specimen's day) is no disagreement; a recap giving its own day is left alone.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from recordkit.nlp.raw import RawDate, RawFact

if TYPE_CHECKING:
    from recordkit.grouping import Item

TREATMENTS = frozenset({"regimen", "transplant", "car_t", "dli"})  # kinds given to a patient


def _first_day(d: RawDate) -> date:
    v = d.value
    assert v is not None
    return v.replace(month=1, day=1) if d.precision == "year" else v.replace(day=1)


def _last_day(d: RawDate) -> date:
    v = d.value
    assert v is not None
    if d.precision == "year":
        return v.replace(month=12, day=31)
    if d.precision == "month":
        return v.replace(day=calendar.monthrange(v.year, v.month)[1])
    return v


def _treated_before(items: list[Item], day: date) -> bool:
    """Whether a treatment the case dates was surely given before `day` (its period ended)."""
    return any(
        i.kind in TREATMENTS and i.date.value is not None and _last_day(i.date) < day for i in items
    )


def _told(f: RawFact) -> str:
    return f.date.raw or (f.date.value.isoformat() if f.date.value else "")


def _settle(item: Item, items: list[Item]) -> None:
    """Date one diagnosis by its diagnostic specimen, or keep its recap's date (see above)."""
    dated = [f for f in item.facts if f.date.value is not None]
    recaps = [f for f in dated if f.date.basis == "stated" and f.date.precision != "day"]
    specimens = [f for f in dated if f.date.basis == "collection" and f.date.precision == "day"]
    told_day = any(f.date.basis == "stated" for f in dated if f not in recaps)
    if not recaps or not specimens or told_day:  # a recap giving its day is left alone
        return
    specimen = min(specimens, key=lambda f: (f.date.value, f.order))
    day = specimen.date.value
    assert day is not None
    if any(_first_day(r.date) <= day <= _last_day(r.date) for r in recaps):
        return  # a recap's month holds the specimen's day: the finer date stands
    recap = min(recaps, key=lambda f: f.order)
    if all(day > _last_day(r.date) for r in recaps):  # a later sample of a known disease
        item.date = recap.date
        return
    both = f"a later record gives the diagnosis as {_told(recap)}; the earliest specimen naming it"
    if _treated_before(items, day):
        why = f"{both} was taken {_told(specimen)}, after a treatment: dated by the record"
        item.date = replace(recap.date, reason=why)
        return
    why = f"{both}, taken {_told(specimen)} before any treatment, dates it"
    item.date = replace(specimen.date, reason=why)


def date_diagnoses(items: list[Item]) -> list[Item]:
    """Every diagnosis with a recap's month and a specimen's day settled between them."""
    for item in items:
        if item.kind == "diagnosis":
            _settle(item, items)
    return items


__all__ = ["date_diagnoses"]
