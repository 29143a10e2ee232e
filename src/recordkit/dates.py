"""Dates in clinical text, parsed in the document's own day/month order.

Precision is kept; relative expressions are kept for resolution once all documents are read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import dateparser

from recordkit.models import Precision
from recordkit.nlp.rules import DateRules

Order = Literal["DMY", "MDY"]
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")),
    ("zh", re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")),
    ("numeric", re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b(?![/.-]\d)")),
    (
        "dmy_text",
        re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MONTHS})\.?,?\s+(\d{{4}})\b", re.I),
    ),
    ("mdy_text", re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})\b", re.I)),
    ("my_text", re.compile(rf"\b({_MONTHS})\.?,?\s+(?:of\s+)?(\d{{4}})\b", re.I)),
    ("iso_month", re.compile(r"\b(\d{4})-(\d{2})\b(?!-\d)")),
    ("year", re.compile(r"\b(?:in|since|during|from|until)\s+((?:19|20)\d{2})\b", re.I)),
]
_THAT_YEAR = re.compile(rf"\b(?:in\s+)?({_MONTHS})\s+of\s+(?:that|the same)\s+year\b", re.I)
_DAY_N = re.compile(
    r"\b(?:on\s+)?(?:day\s*\+\s*(\d{1,4})|D\s*\+\s*(\d{1,4})|\+(\d{1,4})\s*days?\s+post[- ]?"
    r"(?:transplant|HSCT|SCT)|(\d{1,4})\s*days?\s+(?:after|post)[- ]?(?:the\s+)?"
    r"(?:transplant|HSCT|SCT))"
    r"|移植后\s*(\d{1,4})\s*天",
    re.I,
)
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
    "last": -1,
    "latest": -1,
}
_AFTER_EVENT = re.compile(
    rf"\b{_NUM}\s+(day|week|month|year)s?\s+(?:after|following|post)\s+(?:the\s+|her\s+|his\s+)?"
    r"(?:(first|second|third|fourth|1st|2nd|3rd|4th|last|latest)\b\s*)?"
    r"(DLI|donor lymphocyte infusion|transplant(?:ation)?|HSCT|SCT|allograft|"
    r"CAR[- ]?T(?:[- ]cells?)?"
    r"(?: infusion)?|infusion|relapse)?",
    re.I,
)
_LATER = re.compile(rf"\b{_NUM}\s+(day|week|month|year)s?\s+later\b", re.I)
ANCHOR_KIND = {
    "dli": "dli",
    "donor lymphocyte infusion": "dli",
    "transplant": "transplant",
    "transplantation": "transplant",
    "hsct": "transplant",
    "sct": "transplant",
    "allograft": "transplant",
    "relapse": "relapse",
}


@dataclass(frozen=True)
class Relative:
    """A date stated relative to an event (resolved once all documents are read)."""

    anchor_kind: str | None  # None: the owner event's own kind
    ordinal: int | None
    days: int = 0
    months: int = 0
    precision: Precision = "day"


@dataclass(frozen=True)
class DateMention:
    """A date found in text: absolute (`value`) or relative (`relative`), or unresolved."""

    start: int
    end: int
    raw: str
    value: date | None = None
    precision: Precision | None = None
    relative: Relative | None = None
    label: str | None = None  # collection | report | document
    reason: str | None = None


def iso(d: date, precision: Precision) -> str:
    """ISO 8601 text at the given precision."""
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(
        precision, d.isoformat()
    )


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months (day clipped to the month's end)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def infer_order(
    text: str, rules: DateRules, fallback: Order | None = None
) -> tuple[Order | None, str]:
    """A document's day/month order from its unambiguous dates, else its spelling, else the case."""
    first = second = 0
    for m in PATTERNS[2][1].finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        first += a > 12 and b <= 12
        second += b > 12 and a <= 12
    if first and not second:
        return "DMY", "the document's unambiguous dates"
    if second and not first:
        return "MDY", "the document's unambiguous dates"
    us = sum(bool(re.search(p, text, re.I)) for p in rules.month_first_cues)
    uk = sum(bool(re.search(p, text, re.I)) for p in rules.day_first_cues)
    if us > uk:
        return "MDY", "US spelling in the letterhead and text"
    if uk > us:
        return "DMY", "British spelling in the letterhead and text"
    if fallback:
        return fallback, "the convention of the case's other documents"
    return None, "no unambiguous date or spelling cue"


def _parse(raw: str, order: Order | None) -> date | None:
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["year"],
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if order:
        settings["DATE_ORDER"] = order
    parsed = dateparser.parse(raw, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _label(text: str, start: int, rules: DateRules) -> str | None:
    before = text[max(0, start - 28) : start].lower()
    line_start = before.rfind("\n")
    before = before[line_start + 1 :]
    best: tuple[int, str] | None = None
    for kind, labels in (
        ("collection", rules.collection_labels),
        ("report", rules.report_labels),
        ("document", rules.document_labels),
    ):
        for lab in labels:
            i = before.rfind(lab.lower())
            if (
                i >= 0
                and re.fullmatch(r"[\s:：=(-]*(?:on\s*)?", before[i + len(lab) :])
                and (best is None or i + len(lab) > best[0])
            ):
                best = (i + len(lab), kind)
    return best[1] if best else None


def find_dates(text: str, order: Order | None, rules: DateRules) -> list[DateMention]:
    """Every absolute and relative date mention in `text`, in order, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            raw = m.group(0)
            value: date | None = None
            precision: Precision = "day"
            reason = None
            try:
                if kind in ("iso", "zh"):
                    y, mo = int(m.group(1)), int(m.group(2))
                    d = m.group(3)
                    precision = "day" if d else "month"
                    value = date(y, mo, int(d) if d else 1)
                elif kind == "iso_month":
                    value, precision = date(int(m.group(1)), int(m.group(2)), 1), "month"
                elif kind == "year":
                    value, precision = date(int(m.group(1)), 1, 1), "year"
                    raw = m.group(1)
                elif kind == "numeric":
                    a, b = int(m.group(1)), int(m.group(2))
                    if a <= 12 and b <= 12 and a != b and order is None:
                        reason = "day/month order is ambiguous and the document does not settle it"
                    else:
                        value = _parse(raw, order or ("DMY" if a > 12 else "MDY"))
                else:
                    precision = "month" if kind == "my_text" else "day"
                    value = _parse(raw, order)
            except ValueError:
                value, reason = None, "not a valid calendar date"
            if value is None and reason is None:
                continue
            start = m.start() if kind != "year" else m.start(1)
            taken.append((m.start(), m.end()))
            found.append(
                DateMention(
                    start,
                    m.end(),
                    raw,
                    value,
                    precision if value else None,
                    label=_label(text, start, rules),
                    reason=reason,
                )
            )
    for m in _DAY_N.finditer(text):
        if free(m.start(), m.end()):
            n = int(next(g for g in m.groups() if g))
            taken.append((m.start(), m.end()))
            found.append(
                DateMention(
                    m.start(), m.end(), m.group(0), relative=Relative("transplant", None, days=n)
                )
            )
    for m in _AFTER_EVENT.finditer(text):
        if free(m.start(), m.end()) and (m.group(3) or m.group(4)):
            n, unit = _WORDNUM.get(m.group(1).lower()) or int(m.group(1)), m.group(2).lower()
            anchor = m.group(4).lower() if m.group(4) else None
            kind_ = (
                None
                if anchor is None
                else ANCHOR_KIND.get(anchor, "car_t" if anchor.startswith("car") else None)
            )
            ordinal = ORDINALS.get((m.group(3) or "").lower())
            taken.append((m.start(), m.end()))
            found.append(
                DateMention(
                    m.start(), m.end(), m.group(0), relative=_relative(kind_, ordinal, n, unit)
                )
            )
    return sorted(found, key=lambda d: d.start)


def _relative(kind: str | None, ordinal: int | None, n: int, unit: str) -> Relative:
    if unit == "day":
        return Relative(kind, ordinal, days=n)
    if unit == "week":
        return Relative(kind, ordinal, days=7 * n)
    return Relative(kind, ordinal, months=n * (12 if unit == "year" else 1), precision="month")


def narrative_dates(text: str, previous: DateMention | None) -> list[DateMention]:
    """'in March of that year' and 'five months later', resolved from the previous date."""
    out: list[DateMention] = []
    if previous is None or previous.value is None:
        return out
    for m in _THAT_YEAR.finditer(text):
        month = _parse(f"1 {m.group(1)} {previous.value.year}", "DMY")
        if month:
            out.append(DateMention(m.start(), m.end(), m.group(0), month, "month"))
    for m in _LATER.finditer(text):
        n, unit = _WORDNUM.get(m.group(1).lower()) or int(m.group(1)), m.group(2).lower()
        base, prec = previous.value, previous.precision or "day"
        if unit in ("day", "week"):
            value = base + timedelta(days=n * (7 if unit == "week" else 1))
        else:
            value = add_months(base, n * (12 if unit == "year" else 1))
            prec = "month" if prec == "day" else prec
        out.append(DateMention(m.start(), m.end(), m.group(0), value, prec))
    return out


def apply_relative(anchor: date, rel: Relative) -> date:
    """The calendar date `rel` names from its anchor."""
    return add_months(anchor, rel.months) + timedelta(days=rel.days)
