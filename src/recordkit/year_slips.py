"""A retold event or result dated exactly a year off every other document's is a year slip.

A discharge summary's recap retyping 'Molecular relapse 17/09/2019 (NPM1 1.8%)' as
'17/09/2018' tells the same relapse with the same value on the same day and month; a year
typed wrong is the commonest slip in a retold date. Real events a year apart exist (a second
relapse, a yearly marrow), so nothing is merged: the date told by fewer documents is doubted
(both, when as many documents tell each), and the reviewer decides.
"""

from __future__ import annotations

from datetime import date

from recordkit.grouping import Item, dates_agree

SLIP_KINDS = ("relapse", "remission", "transplant", "car_t", "dli", "regimen", "measurement")
_KEYS = ("name", "type", "depth", "cycle")  # what an event of a kind is told by


def _dating_files(item: Item) -> set[str]:
    """The documents that date the item as precisely as it is dated."""
    return {
        f.source.file
        for f in item.facts
        if f.date.precision == item.date.precision and dates_agree(f.date, item.date)
    }


def _same_told(a: Item, b: Item) -> bool:
    """Same kind and what tells it: an event's name and type, a result's analyte and value."""
    if a.kind != b.kind or a.kind not in SLIP_KINDS:
        return False
    if a.kind == "measurement":
        ma, mb = a.facts[0].measurement, b.facts[0].measurement
        return (
            ma is not None
            and mb is not None
            and ma.analyte == mb.analyte
            and ma.value is not None
            and ma.value == mb.value
        )
    return all(a.attrs.get(k) == b.attrs.get(k) for k in _KEYS)


def _a_year_apart(x: date, y: date) -> bool:
    return (x.month, x.day) == (y.month, y.day) and abs(x.year - y.year) == 1


def _slip(a: Item, b: Item) -> bool:
    """Whether `a` and `b` tell one thing a year apart to the day, from different documents."""
    if a.date.precision != "day" or b.date.precision != "day":
        return False
    if (
        a.date.value is None
        or b.date.value is None
        or not _a_year_apart(a.date.value, b.date.value)
    ):
        return False
    files_a, files_b = _dating_files(a), _dating_files(b)
    return bool(files_a) and bool(files_b) and not files_a & files_b and _same_told(a, b)


def year_slips(items: list[Item]) -> dict[int, str]:
    """id(item) -> why its date is doubted, for each item whose date looks a year slip."""
    doubts: dict[int, str] = {}
    for a in items:
        for b in items:
            if a is b or not _slip(a, b):
                continue
            if len(_dating_files(a)) <= len(_dating_files(b)):
                doubts[id(a)] = (
                    f"another document gives the same on {b.date.value}, exactly a year "
                    f"apart (in {sorted(_dating_files(b))[0]}): a year typed wrong? check which "
                    "is right"
                )
    return doubts


__all__ = ["year_slips"]
