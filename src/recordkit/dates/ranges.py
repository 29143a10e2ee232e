"""Ranges of dates: two months of one year, two days of one month, '2022年4月至5月'.

Each end is read and checked as a date of its own (`forms`); a course told with a range
starts on its first date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from recordkit.dates.forms import Form, full_year, month_number
from recordkit.dates.forms import _check as check
from recordkit.dates.forms import _Parts as Parts
from recordkit.dates.types import DateMention

if TYPE_CHECKING:
    from recordkit.nlp.rules import DateRules


def read_range(form: Form, m: re.Match[str], rules: DateRules) -> Iterator[DateMention]:
    """The date mentions of a range's match: both its ends."""
    if form is Form.MON_RANGE:
        yield from _month_range(m, rules)
    elif form is Form.DAY_RANGE:
        yield from _day_range(m, rules)
    else:
        yield from _zh_range(m, rules)


def _month_range(m: re.Match[str], rules: DateRules) -> Iterator[DateMention]:
    """'between March and April 2023', 'in May and June 2023': both months, in the stated year.

    So '09-10/2020', '09.-10.2020': two months of one year, the first before the second.
    """
    g = m.groups()
    i = 0 if g[0] else 3 if g[3] else 6
    year = int(g[i + 2])
    months = [int(g[k]) if i == 6 else month_number(g[k], rules) for k in (i, i + 1)]
    if i == 6 and months[0] >= months[1]:
        return  # '11-02/2021' spans no months of one year
    for k, month in zip((i, i + 1), months, strict=True):
        p = Parts(year, month, None)
        value = check(p, rules)
        if isinstance(value, date):
            s, e = m.span(k + 1)
            if k == i + 1:
                e = m.end()
            raw = m.group(0) if i == 6 and k == i else m.string[s:e]  # '09' alone says too little
            yield DateMention(s, e, raw, value, "month")


def _day_range(m: re.Match[str], rules: DateRules) -> Iterator[DateMention]:
    """'03.-09.05.2021', '03.05.-09.05.2021', '14-18 May 2020': the first and the last day."""
    g = m.groupdict()
    if g["ad1"]:
        ends = [(g["ad1"], g["am"]), (g["ad2"], g["am"])]
        year = g["ay"]
    elif g["bd1"]:
        ends = [(g["bd1"], g["bm1"]), (g["bd2"], g["bm2"])]
        year = g["by"]
    else:
        month = str(month_number(g["cm"], rules))
        ends = [(g["cd1"], month), (g["cd2"], month)]
        year = g["cy"]
    dash = m.start() + re.search(r"[-–]", m.group(0)).start()  # type: ignore[union-attr]
    spans = [(m.start(), dash), (dash + 1, m.end())]
    y = full_year(year) if len(year) == 2 else int(year)
    for k, ((day, month), (s, e)) in enumerate(zip(ends, spans, strict=True)):
        value = check(Parts(y, int(month), int(day)), rules)
        if isinstance(value, date):
            s += len(m.string[s:e]) - len(m.string[s:e].lstrip())
            raw = m.group(0) if k == 0 else m.string[s:e]  # '03.' alone says too little
            yield DateMention(s, e, raw.strip(), value, "day")


def _zh_range(m: re.Match[str], rules: DateRules) -> Iterator[DateMention]:
    """'2022年4月至5月': both months, in the stated year."""
    year = int(m.group(1))
    for k in (2, 3):
        value = check(Parts(year, int(m.group(k)), None), rules)
        if isinstance(value, date):
            s, e = (m.start(), m.end(2) + 1) if k == 2 else (m.start(3), m.end())
            yield DateMention(s, e, m.string[s:e], value, "month")


__all__ = ["read_range"]
