"""Dates in clinical text: every written form, typed by its label, in the document's own order.

Precision is kept; a date that cannot be read for certain is kept with `value=None` and the
reason; relative expressions are kept for resolution once all documents are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from recordkit.dates.forms import Form, compile_forms, read
from recordkit.dates.labels import LabelTyper
from recordkit.dates.messages import message_orders, thread_messages
from recordkit.dates.narrative import narrative_dates
from recordkit.dates.ocr_slips import ocr_shadow
from recordkit.dates.relative import (
    ANCHOR_KIND,
    ORDINALS,
    add_months,
    apply_relative,
    find_relative,
)
from recordkit.dates.roman import roman_dates
from recordkit.dates.types import (
    DATES_A_DOCUMENT,
    NEVER_DATES_A_RESULT,
    DateMention,
    DateType,
    Order,
    Relative,
)
from recordkit.dates.yearless import (
    letter_year_months,
    range_firsts,
    spoken_day_months,
    written_without_year,
)
from recordkit.models import Precision
from recordkit.rule_cache import compiled, per_rule_set

if TYPE_CHECKING:
    from recordkit.nlp.rules import DateRules

__all__ = [
    "ANCHOR_KIND",
    "DATES_A_DOCUMENT",
    "NEVER_DATES_A_RESULT",
    "ORDINALS",
    "DateMention",
    "DateType",
    "Order",
    "Relative",
    "add_months",
    "apply_relative",
    "find_dates",
    "infer_order",
    "iso",
    "narrative_dates",
    "restated",
    "thread_of",
]


@dataclass(frozen=True)
class _Compiled:
    rules: DateRules
    forms: list[tuple[Form, re.Pattern[str]]]
    typer: LabelTyper
    first_cues: list[re.Pattern[str]]
    day_cues: list[re.Pattern[str]]


@per_rule_set
def _compiled(rules: DateRules) -> _Compiled:
    return _Compiled(
        rules,
        compile_forms(rules),
        LabelTyper(rules),
        [compiled(p, re.I) for p in rules.month_first_cues],
        [compiled(p, re.I) for p in rules.day_first_cues],
    )


def iso(d: date, precision: Precision) -> str:
    """ISO 8601 text at the given precision."""
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(
        precision, d.isoformat()
    )


def infer_order(
    text: str, rules: DateRules, fallback: Order | None = None, fallback_dated: bool = False
) -> tuple[Order | None, str]:
    """A document's day/month order from its unambiguous dates, else its spelling, else the case.

    `fallback` is the order of the case's other documents; where their unambiguous dates
    settled it (`fallback_dated`), it outranks this document's spelling and units, which are
    a convention of the writer, not a statement of the order.
    """
    own = _order_of_dates(text, rules)
    if own:
        return own, "the document's unambiguous dates"
    if fallback and fallback_dated:
        return fallback, "the unambiguous dates of the case's other documents"
    c = _compiled(rules)
    us = sum(bool(p.search(text)) for p in c.first_cues)
    uk = sum(bool(p.search(text)) for p in c.day_cues)
    if us > uk:
        return "MDY", "US spelling in the letterhead and text"
    if uk > us:
        return "DMY", "the day-first spelling, units or places of the text"
    if fallback:
        return fallback, "the convention of the case's other documents"
    return None, "no unambiguous date or spelling cue"


def _order_of_dates(text: str, rules: DateRules) -> Order | None:
    """The order the text's numeric dates settle: one that can only be day/month or month/day."""
    numeric = next(rx for f, rx in _compiled(rules).forms if f is Form.NUMERIC)
    first = second = 0
    for m in numeric.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        first += 31 >= a > 12 >= b >= 1  # an OCR slip such as 93/05/21 settles nothing
        second += 31 >= b > 12 >= a >= 1
    if first and not second:
        return "DMY"
    if second and not first:
        return "MDY"
    return None


def thread_of(text: str, rules: DateRules) -> list[tuple[int, int, int, Order | None]]:
    """A mail thread's messages: (start, end, head's end, the order its own dates settle)."""
    return thread_messages(text, rules, lambda t: _order_of_dates(t, rules))


_RESTATE_GAP = re.compile(
    r"[ \t]{0,2}[(\[:：=–-]?[ \t]{0,2}\n?[ \t]{0,2}[(\[（]?"  # day +16 (23/01/2017)
    r"|[ \t]{1,2}(?:[A-Za-z][A-Za-z-]{1,15}[ \t]{1,2}){1,4}[(\[]"  # Day +28 marrow (28-FEB-2019)
    r"|[\u4e00-\u9fff]{1,4}[（(]"  # +18天植入（2015年5月19日）
)


def restated(text: str, found: list[DateMention], rules: DateRules) -> list[DateMention]:
    """'day +16 (23/01/2017)': the calendar date restates the relative one, which takes it.

    Not a month or year beside a day count ('06/2023 (D+215)'), which is coarser than it.
    A restating day and month without a year ('回输后+28天（12月18日）') keeps its words in the
    raw text: its year is inferred.
    """
    out = list(found)
    for i, d in enumerate(out):
        if d.relative is None:
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(out) or out[j].value is None or out[j].relative is not None:
                continue
            if out[j].precision != "day" and not d.relative.months:
                continue  # '06/2023 (D+215)': the day count is finer; both are kept
            a, b = (d, out[j]) if j > i else (out[j], d)
            gap = _RESTATE_GAP.fullmatch(text[a.end : b.start])
            g = gap.group(0).strip() if gap else ""
            same_line = "\n" not in text[a.end : b.start]
            if gap and same_line and (j > i or not g or g in "(（:："):
                n = out[j]
                raw = text[a.start : b.end] if written_without_year(n.raw, rules) else d.raw
                out[i] = DateMention(d.start, d.end, raw, n.value, n.precision)
                break
    return _retold(text, found, out)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _same_count(a: Relative, b: Relative) -> bool:
    return replace(a, line_at=0) == replace(b, line_at=0)


def _retold(text: str, found: list[DateMention], out: list[DateMention]) -> list[DateMention]:
    """'Day +21 BM (05-Jan-2021): ... Day +21 chimerism: 8%': the count retold is that day.

    A day count its paragraph has just dated is the same day when written again with no
    other date between them, whichever day 0 a later section of the document gives.
    """
    for i, d in enumerate(out):
        if d.relative is None or d.value is not None:
            continue
        for k in (i - 1, i - 2):
            said = found[k].relative if k >= 0 else None
            if said is None or out[k].value is None or not _same_count(said, d.relative):
                continue
            between = out[k + 1 : i]
            if all(b.value == out[k].value and b.relative is None for b in between) and not (
                _PARAGRAPH_BREAK.search(text[out[k].end : d.start])
            ):
                out[i] = DateMention(d.start, d.end, d.raw, out[k].value, out[k].precision)
            break
    return out


# what follows a dated row's leading date: a column's gap, a tab, ':' or ' - '
_ROW_DATE_ENDS = re.compile(r"\t| {2,}|[ \t]*[:：|]|[ \t]+[-\u2013][ \t]")


def _heads_next_line(m: re.Match[str]) -> bool:
    """'HiDAC 1' / 'Oct 2019      HiDAC 2': a month and year opening a dated row are its date.

    The number that ends the line above (a course's number, a count) is no day of that date.
    """
    return "\n" in m.group(0) and bool(_ROW_DATE_ENDS.match(m.string, m.end()))


def find_dates(text: str, order: Order | None, rules: DateRules) -> list[DateMention]:
    """Every absolute and relative date mention in `text`, in order, without overlaps.

    Each absolute date is typed by its label (`DateMention.type`); a compact `20210305` is
    kept only where a label says it is a date.
    """
    c = _compiled(rules)
    taken = bytearray(len(text))
    found: list[tuple[Form | None, DateMention]] = []

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def take(a: int, b: int) -> None:
        taken[a:b] = b"\x01" * (b - a)

    shadow = ocr_shadow(text)
    order_at = message_orders(text, order, rules, lambda t: _order_of_dates(t, rules))
    for d in roman_dates(shadow, rules):  # '12.IV.2021': Eastern European records
        take(d.start, d.end)
        found.append((None, replace(d, raw=text[d.start : d.end])))
    for form, rx in c.forms:
        for m in rx.finditer(shadow):
            if free(m.start(), m.end()) and not (form is Form.D_MON_Y and _heads_next_line(m)):
                here = order_at(m.start())
                got = [replace(d, raw=text[d.start : d.end]) for d in read(form, m, here, rules)]
                if got:
                    take(*m.span())
                    found += [(form, d) for d in got]
    for d in range_firsts(shadow, [d for _, d in found], order, rules):  # '11 April to 9 May 2023'
        if free(d.start, d.end):
            take(d.start, d.end)
            found.append((None, replace(d, raw=text[d.start : d.start + len(d.raw)])))
    for d in letter_year_months(shadow, rules):  # 'in March this year'
        if free(d.start, d.end):
            take(d.start, d.end)
            found.append((None, replace(d, raw=text[d.start : d.end])))
    for d in spoken_day_months(shadow, order, rules):
        if free(d.start, d.end):
            take(d.start, d.end)
            found.append((None, replace(d, raw=text[d.start : d.end])))
    for d in find_relative(
        text, rules.infusions, rules.courses, rules.stay_days, rules.day_count_links
    ):
        if free(d.start, d.end):
            take(d.start, d.end)
            found.append((None, d))
    found.sort(key=lambda fd: fd[1].start)
    typed = c.typer.type_all(text, restated(text, [d for _, d in found], rules))
    return [
        _past_birth(d)
        for (form, _), d in zip(found, typed, strict=True)
        if form is not Form.COMPACT or d.type
    ]


def _past_birth(d: DateMention) -> DateMention:
    """A two-digit birth year is never in the future: DOB 05/05/27 is 1927."""
    two_digit = re.search(r"\D\d{2}$", d.raw)
    if d.type is DateType.BIRTH and d.value and d.value > date.today() and two_digit:
        return replace(d, value=d.value.replace(year=d.value.year - 100))
    return d
