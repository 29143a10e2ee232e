"""A sentence's dates, as a reader counts them.

The dates written in it, the narrative ones ('two months later', 'in September', put in their
year by the story told so far), the offsets from the treatment just told ('after 6 weeks'), a
bare year after an event, and course days; where it has none, the date of the table row or
heading above it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from recordkit.dates import DateMention, narrative_dates
from recordkit.dates.narrative import yearless_months
from recordkit.nlp.course_offsets import course_offsets
from recordkit.nlp.date_rules import CourseOffsets, NarrativeCounts
from recordkit.nlp.event_years import EventYears
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.relative import course_days, extra_relatives


@dataclass
class Story:
    """What puts a yearless month ('In September a marrow ...') in its year.

    The month names; the last date written with an event or a result told before (a letter's
    date line tells neither); the letter's own date, after which no such month is put. Also
    the phrases that count from the treatment just told ('after 6 weeks') or from the last date
    ('3 months later', '次月', '同年6月'), and the reader of a
    bare year after an event ('allograft 2022').
    """

    months: dict[str, int]
    offsets: CourseOffsets
    counts: NarrativeCounts
    years: EventYears
    written: date | None = None
    last: DateMention | None = None


def sentence_dates(
    scope: PageScope,
    span: tuple[int, int],
    previous: DateMention | None,
    spans: list,
    story: Story,
) -> list[DateMention]:
    """A sentence's dates: written, narrative ('two months later', 'in September'), course days."""
    text, (s0, s1) = scope.text, span
    written = [d for d in scope.dates if s0 <= d.start < s1]
    own = [replace(d, start=d.start - s0, end=d.end - s0) for d in written]
    narrative = [
        DateMention(d.start + s0, d.end + s0, d.raw, d.value, d.precision)
        for d in narrative_dates(text[s0:s1], previous, story.counts, story.months, own)
    ]
    narrative += [
        replace(d, start=d.start + s0, end=d.end + s0)
        for d in yearless_months(text[s0:s1], story.last, story.months, own, story.written)
        if not any(n.start < d.end + s0 and d.start + s0 < n.end for n in narrative)
    ]
    found = written + narrative
    found += extra_relatives(text, s0, s1, found)
    found += course_offsets(text, span, found, scope.doc._.rk_mentions, story.offsets)
    found += story.years.find(text, span, found, scope.doc._.rk_mentions)
    found = course_days(text, s0, s1, found)
    found.sort(key=lambda d: d.start)
    if not any(d.value for d in found):  # a table row or a heading's date above the sentence
        found += [d for a, b, d in spans if a <= s0 < b]
    return found


__all__ = ["Story", "sentence_dates"]
