"""Which dated episodes an undated state may retell, by where and when its document tells it.

- A state a letter tells was found by the day the letter was written: 'CR1 MRD-negative after
  blinatumomab' in a letter of February 2021 is never the remission found that December.
- A relapse between two remissions separates them (and a remission two relapses): an undated
  remission its document tells after a relapse, which it tells after a dated remission ('line
  1 ... CR' | 'relapse D+315' | 'line 3 ... CR, MRD 0.01%'), is a later episode than that
  dated one, whether the relapse's own date is known yet or not. Not a relapse named as the
  disease a remission followed ('Relapsed AML post allo-HSCT, now CRi'): it retells the
  relapse before that remission.
- A numbered remission comes before the relapse of its number: 'CR1' is never a remission
  dated after the case's first relapse (as 'CR2' is never one before it).
"""

from __future__ import annotations

from typing import Any

from recordkit.nlp.event_dates import RETOLD_STATE

OPPOSITE = {"remission": "relapse", "relapse": "remission"}  # states that end one another


def _after_letter(item: Any, f: Any) -> bool:
    """True when `item` is dated after the day the letter telling `f` was written."""
    return f.written is not None and item.date.value > f.written


def _earlier_episode(item: Any, f: Any, facts: list[Any]) -> bool:
    """True when `f`'s document tells the opposite state between `item`'s dating and `f`.

    Not one it dates before the item: a story retold in prose below its table.
    """
    other, file = OPPOSITE.get(f.kind), f.source.file
    dating = [
        g.order
        for g in item.facts
        if g.source.file == file and g.date.value is not None and g.order < f.order
    ]
    if other is None or not dating or f.date.reason == RETOLD_STATE:
        return False  # 'relapsed AML ..., now CRi': the relapse behind the remission
    first = min(dating)
    return any(
        g.kind == other and g.source.file == file and first < g.order < f.order
        and "reference" not in g.flags
        and (g.date.value is None or g.date.value > item.date.value)  # not a retold story
        for g in facts
    )  # fmt: skip


def _before_its_relapse(same: list[Any], f: Any, items: list[Any]) -> list[Any]:
    """'CR1' retold: none of `same` dated after the case's first dated relapse ('CRn': nth)."""
    if f.kind != "remission" or not f.ordinal:
        return same
    relapses = sorted(i.date.value for i in items if i.kind == "relapse" and i.date.value)
    if len(relapses) < f.ordinal:
        return same
    return [i for i in same if i.date.value < relapses[f.ordinal - 1]]


def episodes_it_may_retell(
    same: list[Any], f: Any, facts: list[Any], items: list[Any]
) -> list[Any]:
    """The dated items of `same` the undated state `f` may retell (see the module's rules).

    An item told apart as an earlier episode takes with it every item dated no later.
    """
    if f.kind not in OPPOSITE:
        return same
    same = [i for i in _before_its_relapse(same, f, items) if not _after_letter(i, f)]
    earlier = [i.date.value for i in same if _earlier_episode(i, f, facts)]
    if not earlier:
        return same
    return [i for i in same if i.date.value > max(earlier)]


__all__ = ["episodes_it_may_retell"]
