"""A course known only from its later days ('FLAG-Ida D8' in a note of DATE), dated by day 1.

A ward's progress notes name the course running with its day ('23/01/2024 - HD 9 /
FLAG-Ida D8'). Such a mention joins the course the case records (its start told elsewhere);
where the case records none, the course is still given: day 1 worked out from the note's
date (DATE - 7 for D8), the same for every note of that course, and doubted as counted.
Notes whose day 1s fall within `SAME_COURSE_DAYS` of each other tell one course.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from recordkit.nlp.raw import RawDate
from recordkit.nlp.references import DAY_ONE

if TYPE_CHECKING:
    from recordkit.grouping import Item

SAME_COURSE_DAYS = 3  # a misdated note: day 1s this close are one course's
WORKED_OUT = "the course's start is recorded nowhere: its day 1 is worked out"


def date_courses_by_day_one(items: list[Item]) -> int:
    """Date the undated courses told only by later days of them; returns how many facts."""
    done = 0
    for item in items:
        if item.kind != "regimen" or item.date.value is not None:
            continue
        told = [(date.fromisoformat(f.attrs[DAY_ONE]), f) for f in item.facts
                if f.attrs.get(DAY_ONE) and f.date.value is None]  # fmt: skip
        told.sort(key=lambda t: t[0])
        first: date | None = None
        for day, f in told:
            if first is None or (day - first).days > SAME_COURSE_DAYS:
                first = day
            f.date = RawDate(first, "day", f.date.raw, "relative", reason=WORKED_OUT)
            f.attrs["_anchor"] = "a later day of the course named in a note"
            done += 1
    return done


__all__ = ["WORKED_OUT", "date_courses_by_day_one"]
