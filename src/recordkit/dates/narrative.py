"""Dates a narrative tells from the dates told around them.

'five months later' and 'in March of that year' from the previous date; 'In September a
marrow showed ...' (a month without its year) in its story's year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from recordkit.dates.relative import NUM, add_months, count_of
from recordkit.dates.types import DateMention
from recordkit.models import Precision

_LATER = re.compile(rf"\b{NUM}\s+(day|week|month|year)s?\s+later\b", re.I)
_THAT_YEAR = re.compile(r"\b(?:in\s+)?([A-Za-z]+)\s+of\s+(?:that|the same)\s+year\b", re.I)


def narrative_dates(
    text: str,
    previous: DateMention | None,
    months: dict[str, int] | None = None,
    earlier: list[DateMention] | None = None,
) -> list[DateMention]:
    """'in March of that year' and 'five months later', resolved from the previous date.

    'DLI on 10 June 2020, a second six weeks later': a 'later' counts from the last date
    `earlier` (the text's own written dates) gives before it, else from `previous`.
    """
    out: list[DateMention] = []
    if previous is not None and previous.value is not None:
        for m in _THAT_YEAR.finditer(text):
            month = (months or _ENGLISH).get(m.group(1).lower())
            if month:
                value = date(previous.value.year, month, 1)
                out.append(DateMention(m.start(), m.end(), m.group(0), value, "month"))
    for m in _LATER.finditer(text):
        here = [d for d in earlier or [] if d.value is not None and d.end <= m.start()]
        last = here[-1] if here else previous
        if last is None or last.value is None:
            continue
        n, unit = count_of(m.group(1)), m.group(2).lower()
        base, prec = last.value, last.precision or "day"
        if unit in ("day", "week"):
            value = base + timedelta(days=n * (7 if unit == "week" else 1))
        else:
            value = add_months(base, n * (12 if unit == "year" else 1))
            prec = "month" if prec == "day" else prec
        out.append(DateMention(m.start(), m.end(), m.group(0), value, _prec(prec)))
    return out


# 'In September a marrow showed ...', 'rose from undetectable in December to 0.8% on DATE'
_YEARLESS_MONTH = re.compile(
    r"\b(?:in|during|by|until|since|from|im|seit)\s+(?:(?:early|mid|late)[- ]?\s*)?"
    r"(?-i:([A-ZÄÖÜÉ][a-zäöüéû]{2,8}))\b"  # capitalised: 'may' is a verb, 'May' a month
    r"(?![ \t]*,?[ \t]*\d|\s+of\s+(?:that|the same)\s+year)",  # not 'December 2021'; 'that year
    re.I,
)
YEAR_OF_STORY = (
    "the month is written without its year; the year is that of the dates told around it"
)


def yearless_months(
    text: str,
    previous: DateMention | None,
    months: dict[str, int],
    earlier: list[DateMention],
    written: date | None = None,
) -> list[DateMention]:
    """'In September a marrow showed 40% blasts': a month without a year, in its story's year.

    The year is that of the last date written before it in the sentence, or one on if the month
    comes before that date's month; with none, the month on or before the first date written
    after it ('from undetectable in December to 0.8% on 14/02/2022': December 2021); with
    neither, the previous sentences' date. Not where that puts it after the letter's own date
    (`written`): the story's dates then do not settle it. Month precision, doubted.
    """
    out: list[DateMention] = []
    told = [d for d in earlier if d.value is not None and d.dates_results]
    for m in _YEARLESS_MONTH.finditer(text):
        month = months.get(m.group(1).lower())
        if month is None or any(d.start < m.end() and m.start() < d.end for d in earlier):
            continue
        before = [d.value for d in told if d.end <= m.start()]
        after = [d.value for d in told if d.start >= m.end()]
        if before or not after:
            ref = before[-1] if before else previous.value if previous else None
            year = ref.year + (month < ref.month) if ref else None
        else:
            year = after[0].year - (month > after[0].month)
        if year is None or (written and (year, month) > (written.year, written.month)):
            continue
        s, e = m.span(1)
        out.append(
            DateMention(s, e, m.group(1), date(year, month, 1), "month", reason=YEAR_OF_STORY)
        )
    return out


def _prec(p: str) -> Precision:
    return "year" if p == "year" else "month" if p == "month" else "day"


_ENGLISH = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}
