"""Which time a result's clause tells: its own, not a neighbouring clause's or sentence's.

'Chimerism rose to 96% after the second infusion, but in April 2021 the marrow showed 24%
blasts': April is the date of the later clause's marrow, not of the chimerism. 'After the
second cycle, MRD was undetectable': the sentence tells its own time; the course start an
earlier sentence dated is not the result's date.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from recordkit.dates import DateMention
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled

# ', and a second induction was given', ', but in April', '; ': a clause of its own
_CLAUSE_JOIN = re.compile(r"[,;]\s*(?:and|but|while|whereas)\b|;|\s(?:but|whereas)\s", re.I)
_CLAUSE_END = re.compile(r"[,;]\s|\.(?:\s|$)")


@lru_cache(maxsize=4)
def phase_words(after: tuple[str, ...], phases: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """An after-word ('after', 'following'), and a treatment phase named right after it."""
    return (
        compiled(rf"(?<![A-Za-z])(?:{any_of(list(after))})[\s-]+", re.I),
        compiled(rf"(?:(?:the|\w+)\s+){{0,2}}(?:{any_of(list(phases))})(?![A-Za-z])", re.I),
    )


@lru_cache(maxsize=4)
def after_alone(words: tuple[str, ...]) -> re.Pattern[str]:
    """An after-word that closes a value's bracket: 'MRD 6 x 10^-3 after)'."""
    return compiled(rf"\s*(?:{any_of(list(words))})\s*[)\]]", re.I)


def of_a_later_clause(
    text: str, d: DateMention, v: Any, told: list[Any], values: list[Any], given: set[str]
) -> bool:
    """Whether `d`, written after value `v`, dates a later clause's own event or result.

    True when a clause join stands between them and the clause `d` is in tells a treatment
    given (of `given`) or another value: 'blasts 8%, and a second induction was given on DATE'.
    """
    if d.start < v.end:
        return False
    joins = list(_CLAUSE_JOIN.finditer(text, v.end, d.start))
    if not joins:
        return False
    join = joins[-1]
    stop = _CLAUSE_END.search(text, d.end)
    end = stop.start() if stop else len(text)
    return any(
        join.end() <= m.start < end
        and (getattr(m, "kind", None) in given or getattr(m, "analyte", None))
        for m in [*told, *values]
        if m is not v
    )


_NEXT_ITEM = re.compile(r",|;|->|→|=>")  # what leads on to a history's next item


def of_a_later_item(text: str, d: DateMention, v: Any) -> bool:
    """Whether `d` dates a later item of a compressed history, not bracketed value `v`.

    'A -> CR1 (MRD 0.08%), HiDAC x2, MUD allo-HCT DATE': a result in brackets belongs to the
    response just before it; a date past the bracket's close and the next item's comma or
    arrow is that later item's, and never reaches back.
    """
    if d.start < v.end:
        return False
    opened = text.rfind("(", max(0, v.start - 60), v.start)
    if opened < 0 or "\n" in text[opened : v.start] or ")" in text[opened : v.start]:
        return False  # the value stands in no bracket
    close = text.find(")", v.end, d.start)
    return close >= 0 and bool(_NEXT_ITEM.search(text, close + 1, d.start))


_OWN_CLAUSE = re.compile(r"[,;:]|\s(?:but|whereas|although|though|while)\s", re.I)


@lru_cache(maxsize=4)
def course_pattern(cycle: str) -> re.Pattern[str]:
    """The attribute rules' numbered course ('C2', 'cycle 2'), compiled as they read it."""
    return compiled(cycle, re.I)


def course_number(m: re.Match[str]) -> int:
    """The number a match of the numbered-course pattern names: its first group that matched."""
    return int(next(g for g in m.groups() if g))


def said_now(text: str, s0: int, v: Any, now: re.Pattern[str]) -> int | None:
    """Where the value's own clause begins when it says 'now', else None.

    'Marrow MRD (DATE) was 0.02%, but blood MRD is now not detected': the clause after the
    last comma, semicolon or join before the value tells the present, not the marrow's day.
    Values listed in one bracket share its clause: 'FBC is currently normal (Hb 128 g/L,
    WBC 5.4, plt 211)' says 'currently' of each, the commas between them begin no clause.
    """
    opened = text.rfind("(", s0, v.start)
    inside = opened >= 0 and ")" not in text[opened : v.start]
    starts = [m.end() for m in _OWN_CLAUSE.finditer(text, s0, opened if inside else v.start)]
    start = starts[-1] if starts else s0
    return start if now.search(text, start, v.end) else None


@lru_cache(maxsize=4)
def listed_courses(phases: tuple[str, ...]) -> re.Pattern[str]:
    """Courses named in the plural ('cycles', 'courses'): the rules' phase words with an s."""
    return compiled(rf"(?<![A-Za-z])(?:{any_of(list(phases))})s(?![A-Za-z])", re.I)


_BRACKET = re.compile(r"\(([^()\n]*)\)")
_COUNT_MARK = re.compile(r"(?<![A-Za-z])[x×]\s*[2-9]\s*$")  # 'DA x2 (03/2020 and 04/2020)'
_LIST_LEAD = 20  # 'cycles' this near before a bracket names what it lists: '2 cycles (...)'


def listed_course_day(
    text: str, number: int, dates: list[DateMention], pos: int, plural: re.Pattern[str]
) -> DateMention | None:
    """The date of the `number`th course of the last list of courses before `pos`.

    'inotuzumab 2 cycles (11/2023 and 12/2023); MRD 0.7% after cycle 2', 'blinatumomab (two
    cycles, starting DATE and DATE)', 'DA x2 (03/2020 and 04/2020)': a bracket naming courses
    in the plural, or written right after them or a count mark, gives their dates in order.
    """
    found = None
    for m in _BRACKET.finditer(text, 0, pos):
        lead = text[max(0, m.start() - _LIST_LEAD) : m.start()]
        lead = re.split(r"[.;\n]", lead)[-1]
        inside = [d for d in dates if m.start() < d.start < m.end() and d.value]
        listed = plural.search(m.group(1)) or plural.search(lead) or _COUNT_MARK.search(lead)
        if listed and len(inside) >= max(2, number):
            found = inside[number - 1]
    return found


@lru_cache(maxsize=4)
def dated_after(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """What stands between a numbered course and its own date: ' (', ', given on', 'started '.

    `verbs` are dates.json `given_verbs` read after a numbered course.
    """
    return compiled(rf"[\s,:(]*(?:(?:was\s+)?(?:{any_of(list(verbs))}|from|on)\s+)*")


def numbered_course_day(
    text: str,
    v: Any,
    dates: list[DateMention],
    after: re.Pattern[str],
    cycle: re.Pattern[str],
    dated: re.Pattern[str],
    plural: re.Pattern[str] | None = None,
    floor: int = 0,
) -> DateMention | None:
    """The day the document gives a course the value's clause says it was found after.

    'FLAG-IDA C2 18/10/2021. CR2 on marrow 12/10/2021, MRD negative after C2': the clause
    goes on with an after-word and a numbered course (`cycle`, the attribute rules' pattern),
    or its test's label names them before it ('clonoSEQ after cycle 2 (04/2022): MRD
    negative', `floor` the end of what comes before the value's own words); the date written
    right after the same numbered course (with only `dated` between them: 'C2 started on'),
    the nearest told before that, is its day, else its place in a list of the courses' dates
    before the value (`plural`). A course of that number told after the value is another
    treatment's ('DA x2 ..., MRD negative after course 1' above 'FLAG-IDA x2 (C1 DATE, C2
    DATE)').
    """
    named = _after_a_course(text, v, after, cycle, floor)
    if named is None:
        return None
    number = course_number(named)
    for m in reversed(list(cycle.finditer(text, 0, min(v.start, named.start())))):  # told before
        if course_number(m) != number:
            continue
        lead = dated.match(text, m.end())
        day = next((d for d in dates if lead and d.start == lead.end() and d.value), None)
        if day is not None:
            return day
    return listed_course_day(text, number, dates, v.start, plural) if plural else None


_LABEL_START = re.compile(r"[.;](?:\s|$)|\n")


def _after_a_course(
    text: str, v: Any, after: re.Pattern[str], cycle: re.Pattern[str], floor: int
) -> re.Match[str] | None:
    """The numbered course the value's clause (else its label before it) says it came after."""
    stop = _CLAUSE_END.search(text, v.end)
    end = stop.start() if stop else len(text)
    named = [c for m in after.finditer(text, v.end, end) if (c := cycle.match(text, m.end(), end))]
    if named:
        return named[0]
    starts = [m.end() for m in _LABEL_START.finditer(text, floor, v.start)]
    start = starts[-1] if starts else floor
    named = [
        c
        for m in after.finditer(text, start, v.start)
        if (c := cycle.match(text, m.end(), v.start))
    ]
    return named[-1] if named else None


_PART_LABEL = re.compile(r"(?-i:\d{1,2}[AB])\b")  # a protocol's half-course: '2A', '3B'
INSIDE_A_BLOCK = "found after one course of a block of courses told by its range of dates"


def after_a_listed_course(
    text: str, v: Any, best: DateMention | None, ends: dict[Any, Any], after: re.Pattern[str],
    cycle: re.Pattern[str],
) -> bool:  # fmt: skip
    """'Nov 2019 - Mar 2020 | courses 1B, 2A, 2B, 3A; MRD negative after 2A': no end's day.

    A value its clause says was found after one course (numbered, or a half-course label
    '2A') of a block told by a range of dates was found somewhere inside the range: neither
    the block's first month nor its last is its date.
    """
    if best is None or not (best in ends or best in ends.values()):
        return False
    stop = _CLAUSE_END.search(text, v.end)
    end = stop.start() if stop else len(text)
    return any(
        cycle.match(text, m.end(), end) or _PART_LABEL.match(text, m.end(), end)
        for m in after.finditer(text, v.end, end)
    )


def opens_with_its_time(
    text: str, s0: int, v: Any, after: re.Pattern[str], phase: re.Pattern[str]
) -> bool:
    """'After the second cycle, MRD ...': the sentence names its own time before the value."""
    return any(phase.match(text, m.end(), v.start) for m in after.finditer(text, s0, v.start))


__all__ = [
    "INSIDE_A_BLOCK",
    "after_a_listed_course",
    "after_alone",
    "course_pattern",
    "dated_after",
    "listed_courses",
    "numbered_course_day",
    "of_a_later_clause",
    "opens_with_its_time",
    "phase_words",
    "said_now",
]
