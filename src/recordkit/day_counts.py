"""Dated day counts checked against the transplant they count from.

A transplant summary writes a line's day count beside its date ('Day +41  29/05/2023  acute
GVHD'). Each is a check on the other and on day 0: a scan that misreads one digit of a date
makes them disagree. An event whose date and day count agree with no transplant or CAR-T
infusion (day 0 of both is counted) is doubted; an infusion whose date two or more such lines
put elsewhere is doubted too. Nothing is changed: which of the two was misread is for a
reader to see. A count written beside a date in a sentence ('Day +30 bone marrow
(28/05/2023)', 'Day 28 marrow (DATE)') that no transplant, CAR-T or (unsigned) course start
before it agrees with, within the tolerance of `day_count_checks` (dates.json), doubts the item
with both; its written date is kept. A remission a post-transplant day-count assessment
states, in a patient already in remission before that transplant, is the same remission
(`continuing_remissions`); count recovery is an engraftment only in the 100 days after a
transplant.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from recordkit.dates.relative import counted_days
from recordkit.nlp.raw import RawFact
from recordkit.rule_cache import compiled, compiled_with_text

if TYPE_CHECKING:
    from recordkit.grouping import Item
    from recordkit.nlp.date_rules import DayCountChecks

DAY_ZEROS = ("transplant", "car_t")  # the infusions a 'Day +N' counts from


def _written_day_count(f: RawFact) -> int | None:
    """The day count written right before a fact's own date: 'Day +41  29/05/2023'."""
    raw = f.date.raw
    if not raw or f.date.basis != "stated":
        return None
    m = compiled_with_text(
        rf"\b(?:Day|D|Tag)\s*([+-]\s*\d{{1,3}})\W{{0,4}}{re.escape(raw)}"
    ).search(f.context)
    return int(m.group(1).replace(" ", "")) if m else None


_COUNT = r"(?:(?:Day|D|Tag)\s*(?P<signed>[+-]\s*\d{1,3})|(?:Day|Tag)\s+(?P<bare>\d{1,3}))"
_BESIDE = r"(?:\W{0,4}|[ \t]{1,2}(?:[A-Za-z][A-Za-z-]{1,15}[ \t]{1,2}){1,4}[(\[])"  # marrow (


def _count_beside(f: RawFact) -> tuple[int, bool] | None:
    """(count, signed) of the day count a fact's written date restates or stands beside.

    'Day +30 bone marrow (28/05/2023)' (the date took the count's place: its raw is the
    count), 'Day 28 marrow (15/02/2024)'.
    """
    raw = f.date.raw
    if not raw or f.date.basis != "stated" or f.date.value is None:
        return None
    m = compiled(_COUNT, re.I).fullmatch(raw.strip()) or compiled_with_text(
        rf"(?<![\w+/-]){_COUNT}{_BESIDE}{re.escape(raw)}", re.I
    ).search(f.context)
    if m is None:
        return None
    n = int((m.group("signed") or m.group("bare")).replace(" ", ""))
    return (n, bool(m.group("signed"))) if n else None


def _at_day_count(f: RawFact) -> bool:
    """Told at a time counted after an infusion: 'Day +30 BMAT (14/09/2023): in remission'.

    Or one counted from it in months: 'Three months post-transplant his marrow was in
    morphological remission' (dated from the transplant, so after it).
    """
    raw, anchor = f.date.raw or "", str(f.attrs.get("_anchor") or "")
    if f.date.basis == "relative" and anchor.split(" ")[0].replace("-", "_") in DAY_ZEROS:
        return True
    return bool(re.match(r"(?:Day|D|Tag)\s*\+\s*\d", raw, re.I)) or (
        (_written_day_count(f) or 0) > 0
    )


def engraftments_after_transplant(
    items: list[Item], doc_dates: dict[str, str | None] | None = None
) -> list[Item]:
    """Count recovery is engraftment only in the first 100 days after a transplant.

    'ANC recovery', 'Leukozytenregeneration' after induction is a blood count coming back,
    not a graft taking; so is one told undated in a letter written before the first transplant.
    """
    days = [i.date.value for i in items if i.kind == "transplant" and i.date.value]

    def engrafts(i: Item) -> bool:
        if i.kind != "engraftment" or not all("count_recovery" in f.flags for f in i.facts):
            return True
        when = i.date.value
        if when is None:  # told in a letter written before any transplant: after chemotherapy
            said = [(doc_dates or {}).get(f.source.file) for f in i.facts]
            written = [f.written or (date.fromisoformat(w) if w and len(w) == 10 else None)
                       for f, w in zip(i.facts, said, strict=True)]  # fmt: skip
            return bool(days) and not all(w is not None and w < min(days) for w in written)
        return any(0 <= (when - d).days <= 100 for d in days)

    return [i for i in items if engrafts(i)]


def continuing_remissions(items: list[Item]) -> list[Item]:
    """Items without the remissions a post-transplant day-count assessment only confirms.

    'Day 29 BMAT: morphological remission', a transplant, then 'Day +30 BMAT: in remission':
    with no relapse between, the second is the remission the patient was transplanted in,
    not a new one. A deeper remission than any before the transplant is kept.
    """
    tx = [i.date.value for i in items if i.kind == "transplant" and i.date.value]
    cr = [i for i in items if i.kind == "remission" and i.date.value]
    relapses = [i.date.value for i in items if i.kind == "relapse" and i.date.value]

    def continues(item: Item) -> bool:
        when = item.date.value
        if item.kind != "remission" or when is None or not all(map(_at_day_count, item.facts)):
            return False
        zero = max((t for t in tx if t < when), default=None)
        earlier = [c for c in cr if zero and c.date.value < zero]  # type: ignore[operator]
        return any(
            item.attrs.get("depth") in (None, "CR", c.attrs.get("depth"))
            and not any(c.date.value < r <= when for r in relapses)  # type: ignore[operator]
            for c in earlier
        )

    return [i for i in items if not continues(i)]


def _day_zero(tx: list[Item], when: date) -> Item | None:
    """The transplant a dated event counts from: the last one on or before it."""
    before = [t for t in tx if t.date.value and t.date.value <= when]
    return before[-1] if before else None


def told_on_line(g: RawFact, f: RawFact) -> bool:
    """Whether g is told on f's line, before f ('FLAG-Ida started DATE. ... on day +26')."""
    at = f.date.relative.line_at if f.date.relative is not None else f.source.start
    same_page = (g.source.file, g.source.page) == (f.source.file, f.source.page)
    return same_page and at <= g.source.start < f.source.start


def told_day_zero(f: RawFact, items: list[Item]) -> str | None:
    """The kind of the day 0 (transplant, CAR-T infusion) f's document dates last before f.

    'Allogeneic SCT 10/08/2022. Tisagenlecleucel infused 20/07/2023. Day +28 marrow': a count
    that names no event counts from the infusion just told, not from an older transplant.
    A course dated on the count's own line counts it too ('FLAG-Ida started 03/04/2023.
    Neutrophils recovered on day +26': 'regimen', its first day is day 1).
    """
    told = [
        i
        for i in items
        if i.kind in (*DAY_ZEROS, "regimen") and i.date.precision == "day" and f not in i.facts
        if any(
            g.source.file == f.source.file
            and g.date.basis == "stated"
            and (i.kind != "regimen" or told_on_line(g, f))
            for g in i.facts
        )
        if i.order < f.order
    ]
    last = max(told, key=lambda i: i.order) if told else None
    told_at = (
        max((g.order for g in last.facts if _before_in_file(g, f)), default=None) if last else None
    )
    later = _infusion_told_last(f, items)
    if later is not None and (told_at is None or later[0] > told_at):
        return later[1]
    return last.kind if last else None


def _before_in_file(g: RawFact, f: RawFact) -> bool:
    return g.source.file == f.source.file and g.order < f.order


def _infusion_told_last(f: RawFact, items: list[Item]) -> tuple[tuple[int, int, int], str] | None:
    """(where, kind) of the dated infusion f's document mentions last before f, if any.

    'He underwent a haplo-HSCT on 18-06-2019 ... He then received CD19 CAR-T cells abroad.
    ... Day +28 marrow was MRD negative': the letter gives the CAR-T no date, but another
    record does; the count is of the infusion told last, not of the transplant.
    """
    told = [
        (g.order, i.kind)
        for i in items
        if i.kind in DAY_ZEROS and i.date.value is not None and f not in i.facts
        for g in i.facts
        if _before_in_file(g, f)
    ]
    return max(told) if told else None


def _beside_doubt(item: Item, starts: list[Item], said: DayCountChecks) -> str | None:
    """Why a day count written beside item's date disagrees with it, if it does.

    A signed count counts from a transplant or CAR-T (day 0), an unsigned one from a course
    too (day 1 its start): only a count no such start before the date agrees with is doubted.
    """
    when = item.date.value
    count = next((c for f in item.facts if (c := _count_beside(f)) is not None), None)
    if count is None or when is None or not said.doubt:
        return None
    n, signed = count
    before = [s for s in starts if s.date.value and s.date.value <= when]
    before = [s for s in before if not signed or s.kind in DAY_ZEROS]
    allowed = said.time_point_days if abs(n) in said.time_points else said.tolerance_days
    if not before or any(
        abs((when - s.date.value).days - counted_days(s.kind, n)) <= allowed  # type: ignore[operator]
        for s in before
    ):
        return None
    zero = before[-1]
    actual = (when - zero.date.value).days + (zero.kind == "regimen")  # type: ignore[operator]
    return said.doubt.format(
        count=f"{n:+d}" if signed else n,
        date=when.isoformat(),
        actual=f"{actual:+d}" if zero.kind != "regimen" else actual,
        since=said.since.get(zero.kind, zero.kind),
        start=zero.date.value.isoformat(),  # type: ignore[union-attr]
    )


def beside_disagreements(items: list[Item], said: DayCountChecks) -> dict[int, str]:
    """id(item) -> its doubt, for items a day count written beside their date disagrees with."""
    starts = sorted(
        (i for i in items if i.kind in (*DAY_ZEROS, "regimen") and i.date.precision == "day"),
        key=lambda i: i.date.value,  # type: ignore[arg-type,return-value]
    )
    return {
        id(i): why
        for i in items
        if i.kind not in DAY_ZEROS and i.date.precision == "day"
        if (why := _beside_doubt(i, starts, said))
    }


def disagreements(items: list[Item], said: DayCountChecks) -> dict[int, str]:
    """id(item) -> why its date is doubted, for items whose date and day count disagree."""
    tx = sorted(
        (i for i in items if i.kind in DAY_ZEROS and i.date.value and i.date.precision == "day"),
        key=lambda i: i.date.value,  # type: ignore[arg-type,return-value]
    )
    zeros = {t.date.value for t in tx}
    out: dict[int, str] = {}
    implied: dict[int, list[date]] = defaultdict(list)
    for item in items:
        if item.kind in DAY_ZEROS or item.date.precision != "day":
            continue
        days = next((d for f in item.facts if (d := _written_day_count(f)) is not None), None)
        if days is None:
            continue
        when = item.date.value
        anchor = _day_zero(tx, when) if when else None
        if anchor is None or anchor.date.value is None:
            continue
        zero = when - timedelta(days=days)  # type: ignore[operator]
        if zero not in zeros:
            gap = (zero - anchor.date.value).days
            out[id(item)] = (
                f"its date and its day count (day {days:+d}) disagree by {abs(gap)} day(s) "
                "from the infusion before it: a digit of one may be misread"
            )
            implied[id(anchor)].append(zero)
    for t in tx:
        votes = Counter(implied[id(t)])
        if votes and (best := votes.most_common(1)[0])[1] >= 2:
            out[id(t)] = (
                f"{best[1]} dated day counts put day 0 on {best[0].isoformat()}, not on this "
                "date: a digit of it may be misread"
            )
    return beside_disagreements(items, said) | out


__all__ = [
    "beside_disagreements",
    "continuing_remissions",
    "disagreements",
    "told_day_zero",
    "told_on_line",
]
