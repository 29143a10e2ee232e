"""Absolute date forms: the written shapes of a calendar date, and how each is read.

Every match is checked: an impossible date, a year outside the plausible window, or a
numeric date whose day/month order the document does not settle gets `value=None` and a
reason; nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from recordkit.dates.ocr_slips import slipped_day
from recordkit.dates.types import DateMention, Order
from recordkit.models import Precision
from recordkit.rule_cache import compiled, per_rule_set

if TYPE_CHECKING:
    from recordkit.nlp.rules import DateRules

# a mainland Chinese text (Han script, none of the traditional forms Hong Kong writes): its
# short dates may be year first
_SIMPLIFIED = re.compile(r"^(?!.*[醫診斷檢驗體療藥後為與嚴個計數]).*[\u4e00-\u9fff]", re.S)
_NOT_BEFORE = r"(?<![A-Za-z0-9])"  # not glued to a word or number (Chinese text may precede)
_GAP = r"[ \t]{0,3}\n?[ \t]{0,3}"  # a few spaces, perhaps one line break (PDF wrapping)
# a numeric date's shape: a hyphen may join two of them (12.03.2021-15.03.2021, 03/2019-05/2019)
_SHAPE_CORE = r"(?:\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})|\d{1,2}[/.](?:19|20)\d{2})"
_SHAPE = rf"{_SHAPE_CORE}(?![\d/.])"
_SHAPE_BEFORE = re.compile(rf"(?<![\d/.]){_SHAPE_CORE}-$")
_DOT_SPACE = r"(?:(?<=\.) )?"  # Korean records space their dots: 2024. 3. 5.
_JOIN = r"(?:(?:of|de|del)\s+)?"  # joins a date's parts: '3rd of March', 'marzo del 2022'
# a Chinese day and month without a year ('4月12日'): a stay's narrative writes its dates so
ZH_MONTH_DAY = re.compile(r"(?<![\d年])(?<!年 )(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
YEARLESS = "a day and month without a year"


class Form(StrEnum):
    """The written shapes of an absolute date, tried in this order (earlier wins a span)."""

    ZH_RANGE = "zh_range"  # 2022年4月至5月 (both months)
    ROC = "roc"  # 民國113年4月18日, 民國112年3月, 113年4月18日 (Republic of China years)
    ROC_NUMERIC = "roc_numeric"  # 112/03/15 (Republic of China year first)
    ZH = "zh"  # 2023年3月5日, 2023年3月
    ZH_MONTH_DAY = "zh_month_day"  # 4月12日 (no year: the document's dates give it)
    YMD = "ymd"  # 2023-03-05, 2023.3.5, 2023/3/5, 2024. 3. 5.
    DAY_RANGE = "day_range"  # 03.-09.05.2021, 03.05.-09.05.2021, 14-18 May 2020 (both ends)
    D_MON_Y = "d_mon_y"  # 27-NOV-2020, 15 Nov 2020, 05-\nJAN-2017, 15. März 2020, 06-SEP-20
    MON_D_Y = "mon_d_y"  # Nov 15, 2020
    MON_RANGE = "mon_range"  # between March and April 2023 (first month of a range)
    MON_Y = "mon_y"  # Nov 2020, März 2020, November of 2020
    MON_YY = "mon_yy"  # Mar '21
    GLUED = "glued"  # 17/03/1831/07/18 (OCR lost the space between two dates)
    NUMERIC = "numeric"  # 22.01.2018, 17/03/18, 03/05/2021
    NUM_MONTH = "num_month"  # 11/2019, 11.2019
    YM = "ym"  # 2019-11, 2023/11, 2024.01
    COMPACT = "compact"  # 20210305 (only where a label says it is a date)
    YEAR = "year"  # in 2019, since 2019, in the autumn of 2022, im Herbst 2022
    ZH_YEAR = "zh_year"  # 2022年 (a year alone)


def _month_pattern(rules: DateRules) -> tuple[str, dict[str, int]]:
    names = {n.lower(): m for m, ns in rules.months.items() for n in ns}
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return rf"(?:{alt})(?![A-Za-zÀ-ÿ])\.?", names


@per_rule_set
def _joined_names(rules: DateRules) -> dict[str, int]:
    """Month abbreviations read only between a day and a year joined by '-', '/' or '.'."""
    return {n.lower(): m for m, ns in rules.joined_months.months.items() for n in ns}


def _joined_pattern(rules: DateRules) -> str:
    """'12-ago-2023', '03/out/2022': a joined month, glued to its day and its year."""
    alt = "|".join(re.escape(n) for n in sorted(_joined_names(rules), key=len, reverse=True))
    return rf"(?<=\d[-/.])(?:{alt})(?=[-/.]\d)" if alt else "(?!)"


def compile_forms(rules: DateRules) -> list[tuple[Form, re.Pattern[str]]]:
    """The regular expressions of every form, built from the rule file's month names."""
    mon, _ = _month_pattern(rules)
    joined = _joined_pattern(rules)
    era, season = ("|".join(map(re.escape, w)) for w in (rules.roc_era.marks, rules.seasons))
    end = r"(?![A-Za-z0-9]|[/.-]\d)"
    day = r"(\d{1,2})(?:st|nd|rd|th|er|\.)?"
    pats = {
        Form.ZH_RANGE: (
            r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:至|到|~|～|-|—)\s*(\d{1,2})\s*月(?!\s*\d)"
        ),
        Form.ROC: (
            rf"(?:(?:{era})\s*(\d{{1,3}})|(?<!\d)(1\d\d))\s*年"
            r"(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?)?"
        ),
        Form.ROC_NUMERIC: (
            r"(?<![\d/.-])(1\d\d)([/.-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d/.-]\d|\d)"
        ),
        Form.ZH: r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?",
        Form.ZH_MONTH_DAY: ZH_MONTH_DAY.pattern,
        Form.YMD: (
            rf"{_NOT_BEFORE}(?<![/.-])(\d{{4}})([-/.]){_DOT_SPACE}(\d{{1,2}})\2{_DOT_SPACE}(\d{{1,2}})"
            rf"(?=T\d|(?![A-Za-z0-9]|[/.-]\d))"
        ),
        Form.DAY_RANGE: (
            rf"{_NOT_BEFORE}(?P<ad1>\d{{1,2}})\.?[ \t]?[-–][ \t]?(?P<ad2>\d{{1,2}})\."
            rf"(?P<am>\d{{1,2}})\.(?P<ay>\d{{4}}|\d{{2}})(?![\d.]\d)"
            rf"|{_NOT_BEFORE}(?P<bd1>\d{{1,2}})\.(?P<bm1>\d{{1,2}})\.[ \t]?[-–][ \t]?"
            rf"(?P<bd2>\d{{1,2}})\.(?P<bm2>\d{{1,2}})\.(?P<by>\d{{4}}|\d{{2}})(?![\d.]\d)"
            rf"|{_NOT_BEFORE}(?P<cd1>\d{{1,2}})\.?[ \t]?[-–][ \t]?(?P<cd2>\d{{1,2}})\.?[ \t]+"
            rf"(?P<cm>{mon})[ \t]+(?P<cy>\d{{4}}){end}"
        ),
        Form.D_MON_Y: (
            rf"{_NOT_BEFORE}{day}(?:[ \t]{{0,2}}[-/.][ \t]{{0,2}}\n?[ \t]{{0,2}}"
            rf"|{_GAP}{_JOIN})({mon}|{joined})"
            rf"(?:{_GAP}[-/.,]?{_GAP}{_JOIN}(\d{{4}})|[-/.](\d{{2}})){end}"
        ),
        Form.MON_D_Y: (
            rf"{_NOT_BEFORE}({mon})(?:{_GAP}|[-/])(\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?{_GAP}|[-/])(\d{{4}}){end}"
        ),
        Form.MON_RANGE: (
            rf"(?:\b(?:between|from|in|during)\s+|[(（]\s*)"  # '(May & June 2023)' after a count
            rf"({mon})\s+(?:and|to|until|&)\s+({mon})\s*,?\s*(\d{{4}}){end}"
            rf"|{_NOT_BEFORE}({mon})(?:\s*[-–/]\s*|\s+(?:to|until|till|through|bis)\s+)({mon})"
            rf"\s*,?\s*(\d{{4}}){end}"  # 'Oct/Nov 2021', 'March to June 2023': a period
            rf"|{_NOT_BEFORE}(?<![\d/.,-])(0?[1-9]|1[0-2])\.?[ \t]?[-–][ \t]?(0?[1-9]|1[0-2])"
            rf"[/.]((?:19|20)\d{{2}})(?![A-Za-z0-9%]|[/.,]\d|-\d)"  # '09-10/2020', '09.-10.2020'
        ),
        Form.MON_Y: rf"{_NOT_BEFORE}({mon}){_GAP}[-,]?{_GAP}{_JOIN}(\d{{4}}){end}",
        Form.MON_YY: rf"{_NOT_BEFORE}({mon})[ \t]?['’][ \t]?(\d{{2}})(?![A-Za-z0-9])",
        Form.GLUED: (
            r"(?<![\d/])(?:(?:\d{2}/\d{2}/(?:19|20)\d{2}){2,4}|(?:\d{2}/\d{2}/\d{2}){2,4})"
            r"(?![\d/])"
        ),
        Form.NUMERIC: (
            rf"{_NOT_BEFORE}(?<!\.)(?<!\d,)(?<!\S/)(\d{{1,2}})([/.-])(?:(?<=-) (?=\d\d-\d{{4}}))?"
            rf"(\d{{1,2}})\2(\d{{4}}|\d{{1,2}})"  # '29- 09-2022': a scan's space after a hyphen
            rf"(?![A-Za-z0-9%]|[/.,]\d|-(?!{_SHAPE})\d)"
        ),
        Form.NUM_MONTH: (
            rf"{_NOT_BEFORE}(?<![/.,])(0?[1-9]|1[0-2])[/.]((?:19|20)\d{{2}})"
            rf"(?![A-Za-z0-9%]|[/.,]\d|-(?!{_SHAPE})\d)"
        ),
        Form.YM: (
            rf"{_NOT_BEFORE}(?<![/.])(?:(?<!-)|(?<=[/.-]\d\d-))((?:19|20)\d{{2}})"
            r"(?:-(0[1-9]|1[0-2])|/(0?[1-9]|1[0-2])|\.(0[1-9]|1[0-2]))"
            r"(?![A-Za-z0-9%]|[/.,]\d|-(?!(?:19|20)\d{2}[-/.]\d)\d)"
        ),
        Form.COMPACT: r"(?<![A-Za-z0-9])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)",
        Form.ZH_YEAR: r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d|代|龄)",
        Form.YEAR: (
            r"\b(?:in|since|during|from|until|im|seit|en|depuis)\s+"
            r"(?:(?:early|mid|late|end of|the end of)[- ]?\s*)?"  # 'in (the) autumn (of) 2022'
            rf"(?:(?:the\s+)?(?:{season})(?:\s+of)?\s+)?((?:19|20)\d{{2}})\b"
        ),
    }
    return [(f, compiled(p, re.I)) for f, p in pats.items()]


month_names = per_rule_set(lambda rules: _month_pattern(rules)[1])  # name -> 1..12


def month_number(name: str, rules: DateRules) -> int:
    """The month (1..12) a month name stands for."""
    key = name.lower().rstrip(".")
    return month_names(rules).get(key) or _joined_names(rules)[key]


def full_year(two: str) -> int:
    """A two-digit year read as the nearest year not after next year.

    A birth year is moved back a further century by `find_dates` if it lies in the future.
    """
    yy, now = int(two), date.today().year
    year = now - now % 100 + yy
    return year if year <= now + 1 else year - 100


@dataclass(frozen=True)
class _Parts:
    year: int
    month: int
    day: int | None
    precision: Precision | None = None  # None: day if a day is stated, else month


def _parts(
    form: Form, m: re.Match[str], order: Order | None, rules: DateRules
) -> _Parts | str | None:
    """The year, month and day a match states, why it states no single date, or None."""
    g = m.groups()
    if form in (Form.ROC, Form.ROC_NUMERIC):
        return _roc(form, g, rules)
    if form is Form.ZH_MONTH_DAY:
        month, day = int(g[0]), int(g[1])
        return YEARLESS if 1 <= month <= 12 and 1 <= day <= 31 else None
    if form in (Form.ZH, Form.COMPACT):
        return _Parts(int(g[0]), int(g[1]), int(g[2]) if g[2] else None)
    if form is Form.YMD:
        return _Parts(int(g[0]), int(g[2]), int(g[3]))
    if form is Form.D_MON_Y:
        year = int(g[2]) if g[2] else full_year(g[3])
        return _Parts(year, month_number(g[1], rules), int(g[0]))
    if form is Form.MON_D_Y:
        return _Parts(int(g[2]), month_number(g[0], rules), int(g[1]))
    if form is Form.MON_Y:
        return _Parts(int(g[1]), month_number(g[0], rules), None)
    if form is Form.MON_YY:
        return _Parts(full_year(g[1]), month_number(g[0], rules), None)
    if form is Form.NUM_MONTH:
        return _Parts(int(g[1]), int(g[0]), None)
    if form is Form.YM:  # 2019-11, 2023/11, 2024.01
        return _Parts(int(g[0]), int(next(x for x in g[1:] if x)), None)
    if form in (Form.YEAR, Form.ZH_YEAR):
        return _Parts(int(g[0]), 1, None)
    if len(g[3]) < 3 and int(g[0]) > 12 and _SIMPLIFIED.search(m.string):  # also '24/1/8'
        return _year_first(g[0], g[2], g[3], rules)
    return _numeric(g[0], g[1], g[2], g[3], order, _led(m, rules)) if len(g[3]) > 1 else None


def _year_first(yy: str, month: str, day: str, rules: DateRules) -> _Parts | str:
    """'21.5.10', '23/3/15' in a mainland Chinese text: year first, as Chinese dates are written.

    Left unsettled where the year-first reading is no calendar date ('21/2/30').
    """
    p = _Parts(full_year(yy), int(month), int(day))
    if isinstance(_check(p, rules), date):
        return p
    return "year first (yy/m/d, as Chinese records write) or day first: not settled"


def _roc(form: Form, g: tuple[str | None, ...], rules: DateRules) -> _Parts | None:
    """A Republic of China date: the western year is the era's year plus the era's offset.

    '112/03/15' is read only with a slash or with two-digit month and day ('112.03.15');
    '113年4月' needs its month unless '民國' marks the era.
    """
    offset = rules.roc_era.offset
    if form is Form.ROC_NUMERIC:
        year, sep, month, day = (x or "" for x in g)
        if sep != "/" and (len(month) < 2 or len(day) < 2):
            return None
        return _Parts(int(year) + offset, int(month), int(day))
    marked, bare, month, day = g
    if not month:
        return _Parts(int(marked) + offset, 1, None, "year") if marked else None
    return _Parts(int(marked or bare or 0) + offset, int(month), int(day) if day else None)


def _led(m: re.Match[str], rules: DateRules) -> bool:
    """'am 3.5.21': a word that introduces a date comes right before the match."""
    w = re.search(r"([A-Za-zÄÖÜäöü]+)[ \t:]{1,3}$", m.string[max(0, m.start() - 16) : m.start()])
    return bool(w) and w.group(1).lower() in {x.lower() for x in rules.short_date_leads}


def _numeric(
    first: str, sep: str, second: str, yy: str, order: Order | None, led: bool = False
) -> _Parts | str | None:
    """A d/m/y or m/d/y date in the document's order, why it is not one, or None."""
    a, b = int(first), int(second)
    if len(yy) == 2 and sep == "." and (len(first) < 2 or len(second) < 2) and not led:
        return None  # 1.2.10: a version or a list number, not a date
    year = int(yy) if len(yy) == 4 else full_year(yy)
    if a > 12 and b > 12:
        return "neither number can be the month"
    if a <= 12 and b <= 12 and a != b:
        if sep == ".":  # 02.06.2021: dots are written day first wherever they are used
            return _Parts(year, b, a)
        if order is None:
            return "day/month order is ambiguous and the document does not settle it"
        return _Parts(year, b, a) if order == "DMY" else _Parts(year, a, b)
    month, day = (b, a) if a > 12 or a == b else (a, b)
    return _Parts(year, month, None if slipped_day(a, b, order, sep) else day)  # '42/04/2022'


_INVALID = "not a valid calendar date"


def _check(p: _Parts, rules: DateRules) -> date | str:
    w = rules.year_window
    last = date.today().year + w.years_ahead
    if not w.first <= p.year <= last:
        return f"year {p.year} is outside {w.first}..{last}"
    try:
        return date(p.year, p.month, p.day or 1)
    except ValueError:
        return _INVALID


_PRECISION: dict[Form, Precision] = {Form.YEAR: "year", Form.ZH_YEAR: "year"}
# dropped when the year is implausible: these shapes are as often numbers as dates
_WEAK = {
    *(Form.ROC_NUMERIC, Form.YEAR, Form.ZH_YEAR, Form.NUM_MONTH, Form.YM),
    *(Form.COMPACT, Form.MON_Y, Form.NUMERIC),
}


def read(
    form: Form, m: re.Match[str], order: Order | None, rules: DateRules
) -> Iterator[DateMention]:
    """The date mention(s) a match makes; nothing for a weak form that is not a real date."""
    if form in (Form.MON_RANGE, Form.DAY_RANGE, Form.ZH_RANGE):
        from recordkit.dates.ranges import read_range  # it reads each end with this module

        yield from read_range(form, m, rules)
        return
    if form is Form.D_MON_Y and _counted(m, rules):
        return
    if form in (Form.NUMERIC, Form.NUM_MONTH) and _glued(m):
        return
    if form is Form.GLUED:
        yield from _glued_run(m, order, rules)
        return
    start, end = (m.start(1), m.end(1)) if form is Form.YEAR else (m.start(), m.end())
    yield from _mention(form, _parts(form, m, order, rules), m.string, start, end, rules)


def _mention(
    form: Form, parts: _Parts | str | None, s: str, start: int, end: int, rules: DateRules
) -> Iterator[DateMention]:
    if parts is None:
        return
    raw = s[start:end]  # the shadow text: callers take the raw from the original
    if isinstance(parts, str):
        yield DateMention(start, end, raw, reason=parts)
        return
    value = _check(parts, rules)
    if isinstance(value, str):
        if form not in _WEAK or value == _INVALID:
            yield DateMention(start, end, raw, reason=value)
        return
    stated = "day" if parts.day is not None else "month"
    precision = parts.precision or _PRECISION.get(form) or stated
    yield DateMention(start, end, raw, value, precision)


def _glued_run(m: re.Match[str], order: Order | None, rules: DateRules) -> Iterator[DateMention]:
    """'17/03/1831/07/1803/02/19': dates whose spaces OCR lost, read one by one."""
    run = m.group(0)
    width = 10 if re.fullmatch(r"(?:\d{2}/\d{2}/(?:19|20)\d{2})+", run) else 8
    for k in range(0, len(run), width):
        a, b, y = run[k : k + 2], run[k + 3 : k + 5], run[k + 6 : k + width]
        start = m.start() + k
        yield from _mention(
            Form.NUMERIC, _numeric(a, "", b, y, order), m.string, start, start + width, rules
        )


def _glued(m: re.Match[str]) -> bool:
    """'21-03-12345': glued to a number by a hyphen, unless that number is itself a date."""
    s, i = m.string, m.start()
    if i < 2 or s[i - 1] != "-" or not s[i - 2].isdigit():
        return False
    return not _SHAPE_BEFORE.search(s, max(0, i - 12), i)


def _counted(m: re.Match[str], rules: DateRules) -> bool:
    """'course 2 May 2020': the number right after a counting word counts, it is not a day."""
    before = m.string[max(0, m.start() - 12) : m.start()]
    w = re.search(r"([A-Za-z]+)[ \t]?$", before)
    return bool(w) and w.group(1).lower() in {c.lower() for c in rules.count_words}
