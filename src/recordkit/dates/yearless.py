"""Yearless dates of an inpatient record, given the year of the stay.

A day-wise chart heads its columns 'Parameter | 21/1 | 25/1' (or '21 Jan | 25 Jan') and takes
the year from the admission or the document: each column is the date of that day and month
on or after the admission and not after the document's date. A '21/1' alone is as often a
ratio or a fraction; it is read as a date only where the header row's other dated cells are
yearless dates of the same shape.

A Chinese admission or discharge record writes the dates of its stay, and of the weeks before
it, as '4月12日' and states the year once, in its 入院/出院日期: each such date is in the year
of the document's date, or the year before when its month comes after that date's month.

A letter's narrative writes a recent result's day and month alone ('FBC 13/08: Hb 95',
'95 g/L on 13/08', 'On 13 August', 'Last week (13/08)'): read as a date only where the writer
marks it as one (after a date lead such as 'on', alone in brackets, or before a colon that
ends a test's name), and put in the document's year as the Chinese ones are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from recordkit.dates.forms import YEARLESS, ZH_MONTH_DAY, _month_pattern, month_number
from recordkit.dates.types import DateMention, Order
from recordkit.rule_cache import compiled, per_rule_set

if TYPE_CHECKING:
    from recordkit.nlp.rules import DateRules

_STRAY = r"\s*[.,;:]?\s*"  # an OCR speck or a typist's mark after the cell's date
_NUMERIC = re.compile(rf"\s*(\d{{1,2}})(?:/(\d{{1,2}})|\.(\d{{1,2}})\.){_STRAY}")  # 21/1, 21.01.
_DAY_MON = re.compile(rf"\s*(\d{{1,2}})(?:st|nd|rd|th)?[ -]?([A-Za-zé]{{3,9}})\.?{_STRAY}")
_MON_DAY = re.compile(rf"\s*([A-Za-zé]{{3,9}})\.?[ -]?(\d{{1,2}}){_STRAY}")


def day_month(cell: str, order: Order | None, rules: DateRules) -> tuple[str, int, int] | None:
    """(shape, month, day) of a cell that is a day and month alone ('21/1', '21 Jan'), or None."""
    m = _NUMERIC.fullmatch(cell)
    if m:
        a, b = int(m.group(1)), int(m.group(2) or m.group(3))
        dotted = m.group(3) is not None  # 21.01.: dots are written day first
        if not dotted and order == "MDY":
            a, b = b, a
        elif not dotted and order is None and a <= 12 and b <= 12 and a != b:
            return None  # the document does not settle which is the day
        return ("numeric", b, a) if 1 <= b <= 12 and 1 <= a <= 31 else None
    for shape, rx, day_at in (("day_mon", _DAY_MON, 1), ("mon_day", _MON_DAY, 2)):
        m = rx.fullmatch(cell)
        if m:
            try:
                month = month_number(m.group(3 - day_at), rules)
            except KeyError:
                return None
            day = int(m.group(day_at))
            return (shape, month, day) if 1 <= day <= 31 else None
    return None


@dataclass(frozen=True)
class Stay:
    """The dates that bound a chart's columns: the admission and the document's own date."""

    admitted: date | None
    written: date | None

    def date_of(self, month: int, day: int) -> date | None:
        """The day and month in the year that puts it within the stay, or None.

        On or after the admission, not after the document's date (a document dated on its
        admission day bounds nothing); the year nearest the admission, else the document's.
        """
        ref = self.admitted or self.written
        if ref is None:
            return None
        last = self.written if self.written and self.written != self.admitted else None
        fits = []
        for year in (ref.year - 1, ref.year, ref.year + 1):
            try:
                d = date(year, month, day)
            except ValueError:
                continue
            if (self.admitted is None or d >= self.admitted) and (last is None or d <= last):
                fits.append(d)
        return min(fits, key=lambda d: abs((d - ref).days), default=None)

    def year_back(self, month: int, day: int, last: date | None = None) -> date | None:
        """A narrative's day and month in the year its story has reached, never after the note.

        A history tells its events in order: the year of `last` (the full date told before
        it), the next year where the month goes back. Without one, or where that would lie
        after the document's date (else the admission's), the year of that date, or the year
        before where the month comes after it: a record looks back.
        """
        ref = self.written or self.admitted
        if ref is None:
            return None
        try:
            if last is not None:
                got = date(last.year + ((month, day) < (last.month, last.day)), month, day)
                if got <= ref:
                    return got
            return date(ref.year - (month > ref.month), month, day)
        except ValueError:
            return None


NO_YEAR = "a day and month without a year, and no document date to take the year from"
THIS_YEAR = "a month of the document's own year"  # 'in March this year'
LAST_YEAR = "a month of the year before the document's"  # 'in November last year'


def _letter_year(d: DateMention, stay: Stay) -> DateMention:
    """'March this year' in the document's year, 'November last year' in the year before."""
    ref = stay.written or stay.admitted
    if ref is None or d.month_day is None:
        return replace(d, reason=NO_YEAR)
    year = ref.year - (d.reason == LAST_YEAR)
    return replace(d, value=date(year, d.month_day[0], 1), precision="month", reason=None)


def with_years(dates: list[DateMention], stay: Stay) -> list[DateMention]:
    """`dates` with each Chinese day and month ('4月12日') put in the stay's year.

    A Chinese history's year is the one its story has reached: that of its last full date
    before it (an unlabelled one of a day or month: not the admission's or a date of birth in
    the head). A letter's '13/08' is a recent result's: the document's year.
    """
    out = list(dates)
    last: date | None = None
    for i in sorted(range(len(dates)), key=lambda i: dates[i].start):
        d = dates[i]
        if d.reason in (THIS_YEAR, LAST_YEAR):
            d = _letter_year(d, stay)
        m = ZH_MONTH_DAY.fullmatch(d.raw) if d.reason == YEARLESS else None
        md = d.month_day or (m and (int(m.group(1)), int(m.group(2))))
        if md and d.reason == YEARLESS:
            value = stay.year_back(*md, last=last if m else None)
            d = (
                replace(d, value=value, precision="day", reason=None)
                if value
                else (replace(d, reason=NO_YEAR))
            )
        if d.value is not None and d.type is None and d.precision in ("day", "month"):
            last = d.value
        out[i] = d
    return out


# the words of a day and month alone: '13/08', '13.08.', '13 Aug', 'August 13th' (a month's
# name from the date rules, not a count word: 'Day 21' is no month and day; '3个月后' is a count,
# '4月12日' is ZH_MONTH_DAY's)
_NUMERIC_RAW = r"\d{1,2}(?:/\d{1,2}|\.\d{1,2}\.?|-\d{1,2})"


@per_rule_set
def _spoken_raw(rules: DateRules) -> re.Pattern[str]:
    mon = _month_pattern(rules)[0]
    return compiled(
        rf"{_NUMERIC_RAW}|\d{{1,2}}(?:st|nd|rd|th|\.)?[ \t-]?{mon}"
        rf"|{mon}[ \t]?\d{{1,2}}(?:st|nd|rd|th)?",
        re.I,
    )


def written_without_year(raw: str | None, rules: DateRules) -> bool:
    """Whether a date's words give day and month only ('4月12日', '+28天（12月18日'）, '13/08')."""
    if not raw:
        return False
    return ZH_MONTH_DAY.search(raw) is not None or _spoken_raw(rules).fullmatch(raw) is not None


@per_rule_set
def _spoken_forms(rules: DateRules) -> tuple[re.Pattern[str], re.Pattern[str], set[str]]:
    mon = _month_pattern(rules)[0]
    numeric = compiled(
        r"(?<![\w/.,:])(\d{1,2})(?:/(\d{1,2})(?![\d/]|[.,]\d)|\.(\d{1,2})\.(?![\w.]))"
    )
    named = compiled(
        rf"(?<![\w/.])(?:(\d{{1,2}})(?:st|nd|rd|th|\.)?[ \t]?-?[ \t]?({mon})"
        rf"|({mon})[ \t]?(\d{{1,2}})(?:st|nd|rd|th)?(?![\d/.:]))(?![ \t]*[-/.,']?[ \t]*\d)",
        re.I,
    )
    return numeric, named, {w.lower() for w in rules.short_date_leads}


def _marked(text: str, start: int, end: int, leads: set[str]) -> bool:
    """Whether the writer marks a day and month as a date: a lead, own brackets, a test's colon."""
    before = text[max(0, start - 16) : start]
    lead = re.search(r"([^\W\d_]+)[ \t]{1,3}$", before)
    if lead and lead.group(1).lower() in leads:
        return True
    after = text[end : end + 3]
    if re.search(r"[(\[（][ \t]?$", before) and re.match(r"[ \t]?[)\]）]", after):
        return True
    return bool(re.search(r"[^\W\d_]{2,}[ \t]+$", before)) and bool(re.match(r"[ \t]?:", after))


def _match_grade(text: str, m: re.Match[str], rules: DateRules) -> bool:
    """'HLA-identical donor (10/10)', 'MUD (9/10)': alleles matched of those typed, no date."""
    grades = rules.match_grades
    if m.group(2) is None or int(m.group(2)) not in grades.totals:
        return False
    if int(m.group(1)) > int(m.group(2)):
        return False
    lo = max(text.rfind("\n", 0, m.start()) + 1, m.start() - grades.reach)
    hi = text.find("\n", m.end())
    hi = min(len(text) if hi < 0 else hi, m.end() + grades.reach)
    near = text[lo:hi].casefold()
    return any(w.casefold() in near for w in grades.words)


# a Chinese record's month and day ('1.8复查', '血常规（1-8）'): month first
_ZH_NUMERIC = re.compile(
    r"(?<![\w./-])(1[0-2]|0?[1-9])[.-]([12]\d|3[01]|0?[1-9])(?![0-9A-Za-z.%/-]|[.,]\d)"
)


def _tested(text: str, m: re.Match[str], leads: list[str]) -> bool:
    """'1.8复查血常规', '血常规（1-8）': before a test word, or bracketed after a test's name."""
    if any(text.startswith(w, m.end()) for w in leads):
        return True
    named = re.search(r"[\u4e00-\u9fff][（(]$", text[max(0, m.start() - 2) : m.start()])
    return bool(named) and bool(re.match(r"[）)]", text[m.end() : m.end() + 1]))


def spoken_day_months(text: str, order: Order | None, rules: DateRules) -> list[DateMention]:
    """A narrative's days and months without a year, where the writer marks them as dates.

    Each is kept unresolved (`YEARLESS`, with its month and day) until the page's dates give
    its year; a numeric one whose order the document does not settle is no date.
    """
    numeric, named, leads = _spoken_forms(rules)
    out = []
    for m in numeric.finditer(text):
        if not _marked(text, m.start(), m.end(), leads) or _match_grade(text, m, rules):
            continue
        cell = f"{m.group(1)}/{m.group(2)}" if m.group(2) else f"{m.group(1)}.{m.group(3)}."
        got = day_month(cell, order, rules)
        if got:
            out.append(_yearless(m, got[1], got[2]))
    for m in _ZH_NUMERIC.finditer(text):
        if _tested(text, m, rules.test_leads):
            out.append(_yearless(m, int(m.group(1)), int(m.group(2))))
    for m in named.finditer(text):
        if _marked(text, m.start(), m.end(), leads):
            day, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            out.append(_yearless(m, month_number(name, rules), int(day)))
    return [d for d in out if d.month_day and _real(*d.month_day)]


_TO = re.compile(r"[ \t]*(?:-|–|to|until|till|through|bis)[ \t]+", re.I)


def range_firsts(
    text: str, dated: list[DateMention], order: Order | None, rules: DateRules
) -> list[DateMention]:
    """The first day and month of a range whose last date holds the year: a date of its own.

    'from 11 April to 9 May 2023', 'vom 11.07. bis 07.08.2022': the year written once, at the
    end, is both dates' (the year before, where the first day comes later in the year).
    """
    numeric, named, _ = _spoken_forms(rules)
    ends = {d.start: d for d in dated if d.value is not None and d.precision == "day"}
    out: list[DateMention] = []
    for m in [*numeric.finditer(text), *named.finditer(text)]:
        to = _TO.match(text, m.end())
        last = ends.get(to.end()) if to else None
        if last is None or last.value is None:
            continue
        if m.re is numeric:
            cell = f"{m.group(1)}/{m.group(2)}" if m.group(2) else f"{m.group(1)}.{m.group(3)}."
            got = day_month(cell, order, rules)
            md = (got[1], got[2]) if got else None
        else:
            day, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            md = (month_number(name, rules), int(day))
        if md is None or not _real(*md):
            continue
        end = last.value
        year = end.year - ((md[0], md[1]) > (end.month, end.day))
        value = date(year, *md) if md != (2, 29) or year % 4 == 0 else None
        if value is not None:
            raw = text[m.start() : last.end]  # '12 March' alone would say the year was not written
            out.append(DateMention(m.start(), m.end(), raw, value, "day"))
    return out


@per_rule_set
def _letter_year_form(rules: DateRules) -> re.Pattern[str]:
    mon = _month_pattern(rules)[0]
    words = rules.letter_years
    this, last = (
        "|".join(r"\s+".join(map(re.escape, w.split())) for w in ws) or "(?!)"
        for ws in (words.this, words.last)
    )
    return compiled(
        rf"(?<![^\W\d_])({mon})\s+(?:(?P<this>{this})|(?P<last>{last}))(?![^\W\d_])", re.I
    )


def letter_year_months(text: str, rules: DateRules) -> list[DateMention]:
    """Months told with the letter's year ('in March this year', 'November last year').

    Each is kept unresolved (`THIS_YEAR` or `LAST_YEAR`, with its month) until the page's
    document date gives its year.
    """
    out = []
    for m in _letter_year_form(rules).finditer(text):
        month = month_number(m.group(1), rules)
        reason = THIS_YEAR if m.group("this") else LAST_YEAR
        out.append(DateMention(m.start(), m.end(), m.group(0), reason=reason, month_day=(month, 1)))
    return out


def _yearless(m: re.Match[str], month: int, day: int) -> DateMention:
    return DateMention(m.start(), m.end(), m.group(0), reason=YEARLESS, month_day=(month, day))


def _real(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # a leap year: 29/02 is a day
    except ValueError:
        return False
    return True
