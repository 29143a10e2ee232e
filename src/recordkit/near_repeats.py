"""Events told by several documents a few days apart are one event, doubted.

A second-opinion letter retells a history from memory or an earlier letter: 'allograft
8 June 2021' in one document and 'HSCT 10/06/2021' in another are one transplant, and
'7+3 from 17/03/2021' beside a discharge letter's '7+3 ab 16.03.2021' one course. An
infusion (a transplant, a CAR-T, a DLI) is never given twice within a week, and no course
of one regimen, nor a relapse or remission, follows another within three days; so dated
mentions of one kind (and name) from different documents that close are merged. The date
most documents give stands (else the better-evidenced one), and the item says the
documents disagree.
"""

from __future__ import annotations

from recordkit.grouping import BASIS_RANK, Item

# how close two documents' dates of one kind are one event: no one is infused twice in a week,
# and no course of one regimen, nor a relapse or a remission, follows another within three days
WINDOW_DAYS = {"transplant": 7, "car_t": 7, "dli": 7, "regimen": 3, "relapse": 3, "remission": 3}


def _files(item: Item) -> set[str]:
    return {f.source.file for f in item.facts}


def _weight(item: Item) -> tuple[int, int, int]:
    """How well a date is told: by how many documents, on what basis, how early in the story.

    A specimen's own collection date (the marrow report's) comes before a date a letter
    retells.
    """
    basis = 5 if item.date.basis == "collection" else BASIS_RANK.get(item.date.basis, 0)
    return len(_files(item)), basis, -item.order[0]


def _near(a: Item, b: Item) -> bool:
    if a.kind != b.kind or a.kind not in WINDOW_DAYS or _files(a) & _files(b):
        return False
    if a.date.precision != "day" or b.date.precision != "day":
        return False
    if a.date.value is None or b.date.value is None:
        return False
    if a.attrs.get("name") != b.attrs.get("name"):
        return False
    return 0 < abs((a.date.value - b.date.value).days) <= WINDOW_DAYS[a.kind]


def merge_near_repeats(items: list[Item]) -> tuple[list[Item], dict[int, str]]:
    """Items with near repeats folded in; id(item) -> why its date is doubted."""
    out: list[Item] = []
    doubts: dict[int, str] = {}
    for item in sorted(items, key=_weight, reverse=True):
        host = next((o for o in out if _near(o, item)), None)
        if host is None:
            out.append(item)
            continue
        gap = abs((host.date.value - item.date.value).days)  # type: ignore[operator]
        doubts[id(host)] = (
            f"documents give dates {gap} day(s) apart ({item.date.value}, in "
            f"{sorted(_files(item))[0]}): taken as one event; check which is right"
        )
        host.facts.extend(item.facts)
    kept = {id(i) for i in out}
    return [i for i in items if id(i) in kept], doubts


__all__ = ["merge_near_repeats"]
