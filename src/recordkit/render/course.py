"""Dates and day counts as a transplant physician states them, and how relapses are classed.

A relapse after a transplant is early within 6 months of it and late after that; for ALL a
relapse is also early within 30 months of the diagnosis. Dates known only to the month are
classed only when the whole month falls on one side of the limit.
"""

from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta

from recordkit.models import CaseFacts, Event

NOT_STATED = "not stated"
EARLY_AFTER_TRANSPLANT_MONTHS = 6
EARLY_AFTER_DIAGNOSIS_MONTHS_ALL = 30


def bounds(text: str | None) -> tuple[date, date] | None:
    """First and last day a date of any precision can mean."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, d
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def add_months(d: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day when it is shorter)."""
    return d + relativedelta(months=months)


def day_count(text: str | None, day0: date | None) -> str:
    """'day +82' / 'day -38' / 'day 0' relative to the transplant; '' when not exact."""
    b = bounds(text)
    if b is None or day0 is None or b[0] != b[1]:
        return ""
    n, k = day0.days_to(b[0]) if hasattr(day0, "days_to") else ((b[0] - day0).days, 1)
    text = "day 0" if n == 0 else f"day {n:+d}".replace("-", "\u2212")
    return text + (f" after transplant {k}" if k > 1 else "")


def when(text: str | None, day0: date | None = None) -> str:
    """A date with its day count after the transplant, or 'date not stated'."""
    if not text:
        return "date not stated"
    days = day_count(text, day0)
    precision = "" if len(text) == 10 else (" (month only)" if len(text) == 7 else " (year only)")
    return text + precision + (f" ({days})" if days else "")


def transplants(facts: CaseFacts) -> list[tuple[Event, date]]:
    """Transplants with a date, in date order."""
    out = [(e, b[0]) for e in facts.events if e.kind == "transplant" and (b := bounds(e.date))]
    return sorted(out, key=lambda t: t[1])


def _class(b: tuple[date, date], limit: date, months: int, what: str) -> str:
    if b[1] < limit:
        return f"early (within {months} months of the {what})"
    if b[0] >= limit:
        return f"late (more than {months} months after the {what})"
    return f"early/late cannot be told (date known to the month only; the limit is {limit})"


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


def relapse_line(e: Event, facts: CaseFacts) -> str:
    """One relapse: type, date, day count after the transplant, early/late."""
    kind = {
        "molecular": "Molecular relapse (MRD only)",
        "haematological": "Haematological relapse",
        "extramedullary": "Extramedullary relapse",
    }.get(e.type or "", "Relapse (type not stated)")
    head = f"{e.number}. {kind}" if e.number else kind
    b = bounds(e.date)
    if b is None:
        return f"{head}, date not stated: no day count or early/late class can be given."
    parts = [f"{head} on {e.date}" + ("" if b[0] == b[1] else " (month only)")]
    before = [t for t in transplants(facts) if t[1] <= b[0]]
    if before:
        day0 = before[-1][1]
        days = day_count(e.date, day0)
        limit = add_months(day0, EARLY_AFTER_TRANSPLANT_MONTHS)
        cls = _class(b, limit, EARLY_AFTER_TRANSPLANT_MONTHS, "transplant")
        parts.append(f"{days + ' ' if days else ''}after the transplant of {day0}: {cls}")
    elif transplants(facts):
        day0 = transplants(facts)[0][1]
        days = day_count(e.date, day0)
        parts.append(
            "before the transplant" + (f" ({days})" if days else "") + ": the post-transplant"
            " early/late class does not apply"
        )
    else:
        parts.append("no transplant recorded before it")
    diag = next((d for d in facts.events if d.kind == "diagnosis"), None)
    db = bounds(diag.date) if diag else None
    if diag is not None and db is not None and "ALL" in (diag.label or "").upper():
        months = _months_between(db[0], b[0])
        limit = add_months(db[0], EARLY_AFTER_DIAGNOSIS_MONTHS_ALL)
        cls = _class(b, limit, EARLY_AFTER_DIAGNOSIS_MONTHS_ALL, "diagnosis")
        parts.append(f"{months} months after the ALL diagnosis: {cls}")
    return "; ".join(parts) + "."


def last_document(facts: CaseFacts) -> tuple[str, str] | None:
    """(date, file) of the latest dated document that was read."""
    docs = sorted((d.date, d.file) for d in facts.documents if d.date and d.status == "ok")
    return docs[-1] if docs else None
