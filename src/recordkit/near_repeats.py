"""Events told by several documents a few days apart are one event, doubted.

A second-opinion letter retells a history from memory or an earlier letter: 'allograft
8 June 2021' in one document and 'HSCT 10/06/2021' in another are one transplant, and
'7+3 from 17/03/2021' beside a discharge letter's '7+3 ab 16.03.2021' one course. An
infusion (a transplant, a CAR-T, a DLI) is never given twice within a week, and no course
of one regimen, nor a relapse or remission, follows another within three days; so dated
mentions of one kind (and name) from different documents that close are merged. The date
most documents give stands (else the better-evidenced one: a lab report's collection date
before a date a letter retells), and the item says the documents disagree. So are a
marrow's blasts or MRD value, the same value retold a few days off ('Relapse (BMA) - 62%
blasts' on the day of admission beside the report's 'BMA 11/02/2020 62% blasts').

A letter retelling a relapse from memory may give only its month, and a month off: 'Relapse
12/2022' beside the marrow report of 19/01/2023. A relapse dated to a month and one dated to
a day in the month next to it, by different documents, with no remission dated between them
(`MONTH_RETOLD`: the state that would part two episodes), are one relapse: the day stands,
doubted, and the doubt shows the month.

Engraftment is reached once after each graft: a later mention of the same lineage's
engraftment after the same transplant (`ONCE_PER_TRANSPLANT`; a CAR-T in between starts
nothing) is that engraftment told again, from any document and however far apart the dates
('Neutrophils recovered on day +16' in one letter, 'Neutrophil recovery on 03/07/23' in a
later one). The earliest day stands; a date more than `AGREE_DAYS` from it is doubted on it.
A second transplant starts a new engraftment.

A document tells two events apart only where it dates each as precisely as it is dated: a
letter's 'transplant in September 2019' joined to one document's 's/p allo-HSCT
(11.09.2019)' and its table's '12.09.2019' joined to the day 0 record do not make the two
days two transplants. A transplant retold a month off ('haplo-HSCT (07/2019)' beside 'Stem
cell infusion (D0): 18-06-2019'), with no relapse dated between and no other donor, is that
transplant too; relative dates count from the day, not from the month (`retold_months`).
"""

from __future__ import annotations

from datetime import date

from recordkit.grouping import BASIS_RANK, Item, dates_agree
from recordkit.roman_slips import roman_slips
from recordkit.year_slips import year_slips

# how close two documents' dates of one kind are one event: no one is infused twice in a week,
# and no course of one regimen, nor a relapse or a remission, follows another within three days
WINDOW_DAYS = {"transplant": 7, "car_t": 7, "dli": 7, "regimen": 3, "relapse": 3, "remission": 3}
# a marrow's result retold by another document a few days off is that marrow's: no marrow is
# examined twice in three days, nor would it give the same count of blasts or the same MRD
# (a negative, 0, and blood counts are found again and again: never merged)
RETOLD_RESULTS = {"blasts": 3, "mrd": 3}
# a kind retold a month off -> the state that would part two of them
MONTH_RETOLD = {"relapse": "remission", "transplant": "relapse"}
TOLD_APART_BY = {"transplant": "donor"}  # an attribute two of a kind cannot share if one
ONCE_PER_TRANSPLANT = {"engraftment": "lineage"}  # reached once per graft, of each lineage
AGREE_DAYS = 3  # engraftment days a few days apart agree: writers count its first day differently


def _files(item: Item) -> set[str]:
    return {f.source.file for f in item.facts}


def _dating_files(item: Item) -> set[str]:
    """The documents that date the item as precisely as it is dated (and so tell it apart).

    An undated or coarser mention joined to it ('in September 2019') dates nothing apart.
    """
    return {
        f.source.file
        for f in item.facts
        if f.date.precision == item.date.precision and dates_agree(f.date, item.date)
    }


def _weight(item: Item) -> tuple[int, int, int]:
    """How well a date is told: by how many documents, on what basis, how early in the story.

    A specimen's own collection date (the marrow report's) comes before a date a letter
    retells; documents that only mention the event without its date do not count.
    """
    basis = 5 if item.date.basis == "collection" else BASIS_RANK.get(item.date.basis, 0)
    return len(_dating_files(item)), basis, -item.order[0]


def _apart(a: Item, b: Item) -> bool:
    """Whether one document dates both, or they differ in what tells two of the kind apart."""
    attr = TOLD_APART_BY.get(a.kind)
    values = {a.attrs.get(attr), b.attrs.get(attr)} - {None} if attr else set()
    return bool(_dating_files(a) & _dating_files(b)) or len(values) > 1


def _window(a: Item, b: Item) -> int | None:
    """How many days apart two items of one kind may be told and be one, if they may at all."""
    if a.kind != "measurement":
        return WINDOW_DAYS.get(a.kind)
    analyte, value = a.attrs.get("analyte"), a.attrs.get("value")
    if analyte != b.attrs.get("analyte") or not value or value != b.attrs.get("value"):
        return None
    return RETOLD_RESULTS.get(analyte)


def _near(a: Item, b: Item) -> bool:
    window = _window(a, b) if a.kind == b.kind else None
    if window is None or _apart(a, b):
        return False
    if a.date.precision != "day" or b.date.precision != "day":
        return False
    if a.date.value is None or b.date.value is None:
        return False
    if a.attrs.get("name") != b.attrs.get("name"):
        return False
    return 0 < abs((a.date.value - b.date.value).days) <= window


def _month_index(d: date) -> int:
    return d.year * 12 + d.month


def _month_retold(day: Item, month: Item, items: list[Item]) -> bool:
    """'Relapse 12/2022' in a letter beside a marrow's relapse of 19/01/2023: one relapse.

    A month-dated item and a day-dated one of its kind from other documents, in months next
    to each other, with no item of the state that would part them dated between the two.
    """
    parting = MONTH_RETOLD.get(day.kind)
    if parting is None or month.kind != day.kind or _apart(day, month):
        return False
    if day.date.precision != "day" or month.date.precision != "month":
        return False
    if day.date.value is None or month.date.value is None:
        return False
    if abs(_month_index(day.date.value) - _month_index(month.date.value)) != 1:
        return False
    numbers = [{f.ordinal for f in i.facts} - {None} for i in (day, month)]
    if all(numbers) and not numbers[0] & numbers[1]:  # 'second relapse' is not the first
        return False
    lo, hi = sorted([day.date.value, month.date.value])
    return not any(
        i.kind == parting and i.date.value is not None and lo < i.date.value < hi for i in items
    )


def _day_zero(item: Item, items: list[Item]) -> date | None:
    """The day of the last transplant on or before the item's date."""
    when = item.date.value
    days = [i.date.value for i in items if i.kind == "transplant" and i.date.value]
    return max((d for d in days if when and d <= when), default=None)


def _same_graft(a: Item, b: Item, items: list[Item]) -> bool:
    """Two day-dated items of a kind reached once per transplant, of one lineage, after one."""
    told_apart = ONCE_PER_TRANSPLANT.get(a.kind)
    if told_apart is None or b.kind != a.kind or a.attrs.get(told_apart) != b.attrs.get(told_apart):
        return False
    if a.date.precision != "day" or b.date.precision != "day":
        return False
    zero = _day_zero(a, items)
    return zero is not None and zero == _day_zero(b, items)


def _host(out: list[Item], item: Item, items: list[Item]) -> Item | None:
    """The kept item `item` repeats, if any.

    One near it, a day and the month retelling it, or the engraftment of its lineage after
    its transplant.
    """
    near = next((o for o in out if _near(o, item) or _same_graft(o, item, items)), None)
    return near or next(
        (o for o in out if _month_retold(o, item, items) or _month_retold(item, o, items)), None
    )


def _doubt(host: Item, item: Item) -> str:
    where = sorted(_files(item))[0]
    if item.date.precision == "month":
        return (
            f"documents give {host.date.value} and the month {str(item.date.value)[:7]} "
            f"(in {where}): taken as one event; check which is right"
        )
    gap = abs((host.date.value - item.date.value).days)  # type: ignore[operator]
    return (
        f"documents give dates {gap} day(s) apart ({item.date.value}, in "
        f"{where}): taken as one event; check which is right"
    )


def _reached_earlier(item: Item, host: Item) -> bool:
    """An engraftment told again with an earlier day: the earlier is when it was reached."""
    if item.kind not in ONCE_PER_TRANSPLANT or item.date.value is None:
        return False
    return host.date.value is not None and item.date.value < host.date.value


def _agrees(host: Item, item: Item) -> bool:
    """An engraftment's days a few days apart agree (`AGREE_DAYS`); other repeats never."""
    if host.kind not in ONCE_PER_TRANSPLANT or host.date.value is None or item.date.value is None:
        return False
    return abs((host.date.value - item.date.value).days) <= AGREE_DAYS


def retold_months(items: list[Item]) -> set[int]:
    """id() of the month-dated items that retell a day-dated one ('HSCT (07/2019)')."""
    days = [i for i in items if i.date.precision == "day"]
    return {
        id(m)
        for m in items
        if m.date.precision == "month" and any(_month_retold(d, m, items) for d in days)
    }


def merge_near_repeats(items: list[Item]) -> tuple[list[Item], dict[int, str]]:
    """Items with near repeats folded in; id(item) -> why its date is doubted."""
    out: list[Item] = []
    doubts: dict[int, str] = {}
    for item in sorted(items, key=_weight, reverse=True):
        host = _host(out, item, items)
        if host is None:
            out.append(item)
            continue
        month = host.date.precision == "month" and item.date.precision == "day"
        if month or _reached_earlier(item, host):
            out[next(k for k, o in enumerate(out) if o is host)] = item  # the day hosts it
            host, item = item, host
        if not _agrees(host, item):
            doubts[id(host)] = _doubt(host, item)
        host.facts.extend(item.facts)
    kept = {id(i) for i in out}
    doubts = year_slips(out) | doubts  # 'relapse 17/09/2018' beside others' 17/09/2019
    doubts |= roman_slips(out)  # a scan's '14.11.2023' where the case writes '14.II.2023'
    return [i for i in items if id(i) in kept], doubts


__all__ = ["merge_near_repeats", "retold_months"]
