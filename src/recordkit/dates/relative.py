"""Relative dates: 'day +14', 'two weeks after the second DLI', 'at 6 months follow-up'.

Dates relative to an event are kept as `Relative` (with the anchor event's kind) and resolved
once every document is read; 'later' and 'that year' (`narrative`) resolve from the previous date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, timedelta

from recordkit.dates.types import DateMention, DateType, Relative
from recordkit.rule_cache import compiled

ADMISSION = "admission"  # what a day of a hospital stay counts from
NO_ADMISSION = "a day of a hospital stay, and no admission date to count it from"
_WORDNUM = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
    "an": 1,
}
_NUM = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?)"
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
    "primera": 1,
    "primero": 1,
    "primeira": 1,
    "première": 1,
    "erste": 1,  # not "prima": before
    "segunda": 2,
    "segundo": 2,
    "seconda": 2,
    "secondo": 2,
    "deuxième": 2,
    "seconde": 2,
    "zweite": 2,
    "tercera": 3,
    "terceira": 3,
    "terza": 3,
    "troisième": 3,
    "dritte": 3,
    "last": -1,
    "latest": -1,
}
ANCHOR_KIND = {
    "dli": "dli",
    "donor lymphocyte infusion": "dli",
    "transplant": "transplant",
    "transplantation": "transplant",
    "hsct": "transplant",
    "sct": "transplant",
    "szt": "transplant",
    "kmt": "transplant",
    "allograft": "transplant",
    "relapse": "relapse",
}
_EVENT = (
    r"(DLI|donor lymphocyte infusion|transplant(?:ation)?|HSCT|SCT|SZT|KMT|allograft|"
    r"CAR[- ]?T(?:[- ]cells?)?(?: infusion)?|infusion|relapse)"
)
_ORDINAL = r"(?:(first|second|third|fourth|1st|2nd|3rd|4th|last|latest)\b\s*)?"
_DAY_N = re.compile(
    r"\b(?:day|Tag|J|d[íi]a|jour|giorn(?:o|ata))\s*\+\s*(\d{1,4})|\bD\s*\+\s*(\d{1,4})(?!\d)"
    r"|\+(\d{1,4})\s*days?\s+post[- ]?(?:transplant|HSCT|SCT)"
    r"|\b(\d{1,4})\s*days?\s+(?:after|post)[- ]?(?:the\s+)?(?:transplant|HSCT|SCT)"
    r"|(?:移植[后後]\s*[第+]?|(?<![\d.])\+)\s*(\d{1,4})\s*天"
    r"|移植[后後]\s*(\d{1,3})\s*[个個]?月"
    r"|\b(?:day|Tag)\s+(\d{1,4})(?=\s+(?:post|after|following|nach)[- ]?(?:the\s+|der\s+)?"
    r"(?:stem[- ]cell\s+|allogenen\s+)?(?:transplant|HSCT|SCT|allo|CAR[- ]?T|SZT|KMT"
    r"|(?:Stammzell)?transplantation))"
    r"|(?<=\b(?:at|by) )(?-i:M)\s*\+?\s*(\d{1,2})(?![\w.,/])"  # 'relapse at M6': month 6
    r"|(?<=\bà )(?-i:M)\s*\+?\s*(\d{1,2})(?![\w.,/])"
    r"|\b(?:J|d[íi]a)\s*(\d{1,4})(?=\s*(?:post|apr[èe]s|tras)[- ]?(?:l[a']\s*)?(?:allo-?)?"
    r"(?:greffe|trasplante|TPH|CAR[- ]?T))",
    re.I,
)
# '回输后+28天', '回输后第28天': day 28 after the (last named) reinfusion
_REINFUSED = re.compile(r"回[输輸][后後]\s*[第+]?\s*(\d{1,4})\s*天")  # 後, 輸: traditional
# 'Day 28 bone marrow' with no sign: a count only where the page states its day 0
_BARE_DAY = re.compile(
    r"(?<![\w+/-])day\s+(\d{1,3})\b(?![.,/:]?\d)(?!\s*(?:[-–]|to\b|of\b|and\b|&|,\s*\d))", re.I
)
# 'on day 28 after infusion': the infusion the text names last before it
_AFTER_INFUSION = re.compile(
    r"\bday\s+\+?(\d{1,3})\s+(?:after|post|following)[- ]?(?:the\s+|her\s+|his\s+)?"
    r"(?:cell\s+)?(?:re)?infusion\b",
    re.I,
)
_SCHEDULE = re.compile(r"\s*(?:through|thru|until|onwards?|[+])", re.I)  # 'day 1 through 7'
_DAY_ZERO = re.compile(r"(?<![\w/-])(?:day|D)\s*0(?![\d.,/-])", re.I)
_NTH_AFTER = re.compile(  # 'nach' is German 'after'; 'day +32 of the second transplant'
    r"\s*(?:post|after|following|nach|of)[- ]?(?:the\s+|her\s+|his\s+)?"
    r"(first|second|third|fourth|1st|2nd|3rd|4th|last|latest)\b",
    re.I,
)
_NAMES_ANCHOR = re.compile(  # 'Day +9 post SCT', 'day +32 of the (second) transplant'
    r"\s*(?:post|after|following|from|nach)\b|\s*of\s+(?:the\s+|her\s+|his\s+)?(?:\w+\s+)?"
    r"(?:transplant|HSCT|SCT|allograft|allo)",
    re.I,
)
_CAR_T_AFTER = re.compile(r"\s*(?:post|after|following|nach)[- ]?(?:the\s+)?CAR[- ]?T\b", re.I)
_AFTER_EVENT = re.compile(  # '9 Monate nach SZT': German counts units so too
    rf"\b{_NUM}\s+(day|week|month|year|Tag|Woche|Monat|Jahr)(?:s|e|en|n)?\s+"
    rf"(?:after|following|post|nach)[- ]?(?:the\s+|her\s+|his\s+|der\s+|dem\s+)?"
    rf"{_ORDINAL}{_EVENT}?",
    re.I,
)
_UNITS = {"tag": "day", "woche": "week", "monat": "month", "jahr": "year"}
_FOLLOW_UP = re.compile(
    rf"\bat\s+(?:the\s+|her\s+|his\s+)?{_NUM}[- ]?(day|week|month|year)s?[- ]?"
    r"(?:post[- ]?transplant\s+)?follow[- ]?up\b",
    re.I,
)


def count_of(word: str) -> int:
    """A count written in digits or as a word ('six', 'a')."""
    return _WORDNUM.get(word.lower()) or int(word)


def relative(
    kind: str | None, ordinal: int | None, n: int, unit: str, named: str | None = None
) -> Relative:
    """`n` units after the anchor; months and years give month precision.

    `named`: the word that names which anchor ('six months after CD19 CAR-T').
    """
    if unit == "day":
        return Relative(kind, ordinal, days=n, named=named)
    if unit == "week":
        return Relative(kind, ordinal, days=7 * n, named=named)
    months = n * (12 if unit == "year" else 1)
    return Relative(kind, ordinal, months=months, precision="month", named=named)


def _anchor_kind(anchor: str | None) -> str | None:
    if anchor is None:
        return None
    a = anchor.lower()
    return ANCHOR_KIND.get(a, "car_t" if a.startswith("car") else None)


def _last_infusion(before: str, infusions: dict[str, list[str]]) -> str:
    """The kind of the infusion `before` names last (the transplant if it names none)."""
    low = before.lower()
    named = [(low.rfind(w.lower()), kind) for kind, words in infusions.items() for w in words]
    at, kind = max(named, default=(-1, "transplant"))
    return kind if at >= 0 else "transplant"


_INFUSED_AFTER = re.compile(r"(?:[细細]胞)?\s*(?:回[输輸]|[输輸]注)?\s*[后後]?\s*$")


def _named_right_before(text: str, start: int, infusions: dict[str, list[str]]) -> str | None:
    """The infusion named right before a day count ('CD19 CAR-T +28天'): it counts from it."""
    head = text[max(0, start - 30) : start]
    head = head[: _INFUSED_AFTER.search(head).start()].lower()  # type: ignore[union-attr]
    ends = [
        kind for kind, words in infusions.items() if any(head.endswith(w.lower()) for w in words)
    ]
    return ends[0] if ends else None


def _last_treatment(before: str, infusions: dict[str, list[str]], courses: list[str]) -> str | None:
    """What `before` names last: an infusion's kind, 'regimen' for a course, None for neither."""
    low = before.lower()
    named = [(low.rfind(w.lower()), kind) for kind, words in infusions.items() for w in words]
    if courses:
        words = "|".join(re.escape(w) for w in courses)
        named += [(m.start(), "regimen") for m in re.finditer(rf"\b(?:{words})", before, re.I)]
    at, kind = max(named, default=(-1, None))
    return kind if at >= 0 else None


def counted_days(kind: str, n: int) -> int:
    """Days from the start to day `n`: a course's day 1 is its first day, an infusion's day 0."""
    return n - 1 if kind == "regimen" else n


def _counted_day(kind: str, n: int) -> Relative:
    """Day `n` of a course or after an infusion."""
    return Relative(kind, None, days=counted_days(kind, n))


def _stay_days(text: str, stays: list[str]) -> Iterator[DateMention]:
    """'入院后第3天', 'hospital day 3': day N of a stay, the admission day its day 1.

    A pattern whose n group is empty ('on admission', 'al ingreso') names day 1 itself.
    """
    for pattern in stays:
        for m in re.finditer(pattern, text, re.I):
            if (n := int(m.group("n") or 1)) > 0:
                rel = Relative(ADMISSION, None, days=n - 1)
                yield DateMention(m.start(), m.end(), m.group(0), relative=rel)


def _course_day_counts(text: str, courses: list[str], links: list[str]) -> Iterator[DateMention]:
    """'day 14 of induction', 'D+38 do ciclo 1A', 'día +15 de la inducción': of that course.

    A day count whose link word names a course counts from the course's first day (day 1),
    never from a transplant told before. Unsigned, it must name the course at once and no
    number after it: 'cytarabine on day 3 of cycle 2', 'day 1 of each cycle' are a schedule.
    """
    if not courses or not links:
        return
    course = "|".join(re.escape(w) for w in sorted(courses, key=len, reverse=True))
    link = "|".join(re.escape(w) for w in sorted(links, key=len, reverse=True))
    rx = compiled(
        rf"(?<![\w+/-])(?:day|d[íi]a|jour|Tag|giorno|J|D)\s*(\+?)\s*(\d{{1,3}})\s+(?:{link})\s+"
        rf"((?:[^\W\d_]+\s+){{0,2}}?)(?:{course})(?![^\W\d_])(\s*\d)?",
        re.I,
    )
    for m in rx.finditer(text):
        schedule = not m.group(1) and bool(m.group(3) or m.group(4))
        if int(m.group(2)) > 0 and not schedule:
            rel = _counted_day("regimen", int(m.group(2)))
            yield DateMention(m.start(), m.end(2), text[m.start() : m.end(2)], relative=rel)


def find_relative(
    text: str,
    infusions: dict[str, list[str]] | None = None,
    courses: list[str] | None = None,
    stays: list[str] | None = None,
    links: list[str] | None = None,
) -> Iterator[DateMention]:
    """Day +N, N weeks after the second DLI, at N months follow-up (from the transplant).

    A 'Day +28' that names no event is `unnamed`: it counts from the day 0 (transplant or
    CAR-T infusion) its document told last, the transplant when it tells none.

    '回输后+28天' counts from the infusion named last before it (`infusions`: kind -> words);
    so do a narrative's follow-up and its 'day 28 after infusion'. Its bare 'day 14 marrow'
    counts from the treatment its paragraph (its line) names last before it, a course
    (`courses`) or an infusion; a note's line of its own does not count from the line above.
    A day of a hospital stay (`stays`: patterns) counts from the admission (`stay_dates`).
    """
    infusions = infusions or {}
    yield from _stay_days(text, stays or [])
    yield from _course_day_counts(text, courses or [], links or [])
    for m in _AFTER_INFUSION.finditer(text):
        kind = _last_infusion(text[: m.start()], infusions)
        yield DateMention(
            m.start(), m.end(), m.group(0), relative=_counted_day(kind, int(m.group(1)))
        )
    for m in _REINFUSED.finditer(text):
        kind = _last_infusion(text[: m.start()], infusions)
        yield DateMention(
            m.start(), m.end(), m.group(0), relative=Relative(kind, None, int(m.group(1)))
        )
    for m in _DAY_N.finditer(text):
        g = m.groups()
        months = g[5] or g[7] or g[8]  # '移植后3个月', 'at M6': months since the transplant
        if months:
            rel = relative("transplant", None, int(months), "month")
        else:
            kind = "car_t" if _CAR_T_AFTER.match(text, m.end()) else "transplant"
            if g[4] and not m.group(0).startswith("移植"):  # 'CD19 CAR-T +28天', 'DLI后+23天'
                kind = _named_right_before(text, m.start(), infusions) or kind
            nth = _NTH_AFTER.match(text, m.end())  # 'Day +17 after second transplant'
            ordinal = ORDINALS.get(nth.group(1).lower()) if nth else None
            unnamed = bool(g[0] or g[1]) and not _NAMES_ANCHOR.match(text, m.end())
            days, line_at = int(next(x for x in g if x)), text.rfind("\n", 0, m.start()) + 1
            rel = Relative(kind, ordinal, days=days, unnamed=unnamed, line_at=line_at)
        yield DateMention(m.start(), m.end(), m.group(0), relative=rel)
    if _DAY_ZERO.search(text):  # 'Day 0: 13/02/2023 ... Day 28 marrow': counted from it
        for m in _BARE_DAY.finditer(text):
            if int(m.group(1)) > 0:
                kind = "car_t" if _CAR_T_AFTER.match(text, m.end()) else "transplant"
                rel = Relative(kind, None, days=int(m.group(1)))
                yield DateMention(m.start(), m.end(), m.group(0), relative=rel)
    else:  # a narrative's 'the day 14 marrow': of the treatment its paragraph has just told
        for m in _BARE_DAY.finditer(text):
            paragraph = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
            kind = _last_treatment(paragraph, infusions, courses or [])
            if kind and int(m.group(1)) > 0 and not _SCHEDULE.match(text, m.end()):
                rel = _counted_day(kind, int(m.group(1)))
                yield DateMention(m.start(), m.end(), m.group(0), relative=rel)
    for m in _AFTER_EVENT.finditer(text):
        if m.group(3) or m.group(4):
            rel = relative(
                _anchor_kind(m.group(4)),
                ORDINALS.get((m.group(3) or "").lower()),
                count_of(m.group(1)),
                _UNITS.get(m.group(2).lower(), m.group(2).lower()),
            )
            yield DateMention(m.start(), m.end(), m.group(0), relative=rel)
    for m in _FOLLOW_UP.finditer(text):  # from the infusion told last before it
        kind = _last_infusion(text[: m.start()], infusions)
        if "transplant" in m.group(0).lower() or _CAR_T_AFTER.match(text, m.end()):
            kind = "car_t" if _CAR_T_AFTER.match(text, m.end()) else "transplant"
        rel = relative(kind, None, count_of(m.group(1)), m.group(2).lower())
        yield DateMention(m.start(), m.end(), m.group(0), relative=rel)


def stay_dates(dates: list[DateMention], admitted: date | None) -> list[DateMention]:
    """`dates` with each day of a stay ('入院后第3天') dated from its admission, doubted.

    The admission is the last admission date (to the day) written before the count, else
    `admitted` (an earlier page's). The admission day is day 1, as hospital notes count.
    """
    out = []
    for d in dates:
        rel = d.relative
        if rel is None or rel.anchor_kind != ADMISSION:
            out.append(d)
            continue
        before = [
            a.value
            for a in dates
            if a.type is DateType.ADMISSION and a.value and a.precision == "day"
            if a.start < d.start
        ]
        day0 = before[-1] if before else admitted
        if day0 is None and not any(c.isdigit() for c in d.raw):
            continue  # 'on admission' with no admission known: the item's date is not told
        if day0 is None:
            out.append(DateMention(d.start, d.end, d.raw, reason=NO_ADMISSION))
            continue
        why = (
            f"day {rel.days + 1} of the stay counted from the admission on {day0.isoformat()}, "
            "the admission day as day 1"
        )
        value = day0 + timedelta(days=rel.days)
        out.append(DateMention(d.start, d.end, d.raw, value, "day", reason=why))
    return out


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months (day clipped to the month's end)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def apply_relative(anchor: date, rel: Relative) -> date:
    """The calendar date `rel` names from its anchor."""
    return add_months(anchor, rel.months) + timedelta(days=rel.days)
