"""Relative dates the date finder leaves: an event named with a qualifier, and follow-up times.

"One month following CLL1 CAR-T therapy" counts from the CAR-T infusion; "two months
post-transplant" and "at 5 months follow-up" from the transplant; "14 days after the second
DLI" from that DLI. Each is a DateMention with a Relative, resolved once the case is read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from recordkit.dates import ORDINALS, DateMention
from recordkit.dates.relative import apply_relative, count_of, counted_days, relative
from recordkit.nlp.anchors import Anchor
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled

_N = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)"
_EVENT = (
    r"(DLI|donor lymphocyte infusion|allo-?HSCT|HSCT|SCT|BMT|transplant(?:ation)?|allograft|"
    r"CAR[- ]?T(?:[- ]cells?)?(?: (?:therapy|infusion|treatment))?|relapse)"
)
# the words that may stand between 'after' and the event it names: 'after her sibling allograft'
_QUALIFIERS = r"the|his|her|their|der|dem|des|sibling|haplo\w*|allo\w*|matched|unrelated|cord"
_AFTER = re.compile(
    rf"\b{_N}\s+(day|week|month|year)s?\s+(?:after|following|post)[- ]\s*"
    rf"(?:completing\s+|completion\s+of\s+|(?:{_QUALIFIERS})\s+)*"
    r"(?:(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+)?"
    rf"(?:([A-Z][A-Za-z0-9-]{{1,9}})\s+)?{_EVENT}",
    re.I,
)
# the words that may stand between a day count's link word and the event it counts from
_BETWEEN = rf"(?:(?:{_QUALIFIERS}|first|second|third|MUD|MSD|donor)[- ]+){{0,3}}"


class CountLinks(NamedTuple):
    """What links a day count to its infusion ('after the'), and the infusion to its date."""

    count: re.Pattern[str]
    zero_date: re.Pattern[str]
    course: re.Pattern[str]  # 'D+38 do ciclo 1A do Hyper-CVAD': a count's words to its course


INFUSIONS = frozenset({"transplant", "car_t", "dli"})  # what a day count after its name counts from
_DAY_COUNT = re.compile(r"(?:day|d)\s*\+?\s*\d", re.I)  # 'Day +28', 'D+100': a bare count
_COUNT_AFTER = re.compile(r"[ \t]*[-–:]?[ \t]*")  # 'CAR-T Day +28': the count right after it
_FOLLOW_UP = re.compile(rf"\bat\s+{_N}[- ](month|year)s?\s+(?:of\s+)?follow[- ]?up\b", re.I)


def _kind(word: str) -> str:
    w = word.lower()
    if w.startswith(("dli", "donor")):
        return "dli"
    if w.startswith("car"):
        return "car_t"
    if w.startswith("relapse"):
        return "relapse"
    return "transplant"


def extra_relatives(text: str, s0: int, s1: int, taken: list[DateMention]) -> list[DateMention]:
    """Relative dates in text[s0:s1] that no mention in `taken` already covers."""
    out: list[DateMention] = []
    sent = text[s0:s1]

    def free(a: int, b: int) -> bool:
        return all(b <= d.start or a >= d.end for d in [*taken, *out])

    for m in _AFTER.finditer(sent):
        a, b = s0 + m.start(), s0 + m.end()
        if free(a, b):
            n = count_of(m.group(1))
            ordinal = ORDINALS.get((m.group(3) or "").lower())
            rel = relative(_kind(m.group(5)), ordinal, n, m.group(2).lower(), m.group(4))
            out.append(DateMention(a, b, m.group(0), relative=rel))
    for m in _FOLLOW_UP.finditer(sent):
        a, b = s0 + m.start(), s0 + m.end()
        if free(a, b):
            n = count_of(m.group(1))
            out.append(
                DateMention(
                    a, b, m.group(0), relative=relative("transplant", None, n, m.group(2).lower())
                )
            )
    return out


_COURSE_WORDS = re.compile(
    r"\b(?:induction|re-?induction|consolidation|salvage|cycle|course|chemotherapy)\b", re.I
)
_INFUSION_WORDS = re.compile(
    r"\b(?:transplant\w*|allograft\w*|HSCT|SCT|BMT|HCT|graft|CAR[- ]?T|DLI|infusion)\b", re.I
)
COURSE_DAY = "a day count of a course: counted from the course's first day, which is not given"


def course_days(text: str, s0: int, s1: int, dates: list[DateMention]) -> list[DateMention]:
    """`dates` with a bare day count left unresolved in a sentence about a course.

    'Reinduction with FLAG-Ida; complete remission in the myelogram of day +28': day +28 of
    the reinduction, not of the transplant months before it.
    """
    sentence = text[s0:s1]
    if not _COURSE_WORDS.search(sentence) or _INFUSION_WORDS.search(sentence):
        return dates
    return [
        DateMention(d.start, d.end, d.raw, reason=COURSE_DAY)
        if d.relative is not None
        and d.relative.anchor_kind in (None, "transplant")
        and d.relative.days
        else d
        for d in dates
    ]


@lru_cache(maxsize=4)
def count_links(links: tuple[str, ...], date_links: tuple[str, ...]) -> CountLinks:
    """dates.json's words linking a day count to its infusion, and the infusion to its date.

    'Day +100 following his sibling allograft', 'J+180 de l'allogreffe'; 'the allograft of
    DATE', 'l'allogreffe du DATE'.
    """
    return CountLinks(
        compiled(rf"\s*(?:{any_of(list(links))})[- ]?\s*{_BETWEEN}", re.I),
        compiled(rf"\s*(?:{any_of(list(date_links))})\s*", re.I),
        compiled(rf"\s*(?:{any_of(list(links))})\s+(?:[^\W_][\w'/-]*\s+){{0,4}}", re.I),
    )


def dated_day_zeros(
    text: str, anchors: list[Anchor], dates: list[DateMention], links: CountLinks
) -> tuple[list[DateMention], dict[int, DateMention]]:
    """`dates` with a day count resolved from its infusion's own date, stated with it.

    'Relapse at day +180 after the allograft of 23/07/2022': the relapse is 180 days after
    that date, not on it; the date is day 0's (a count, doubted as counted dates are). Also
    id(infusion anchor) -> its own date: the sentence states that allograft too.
    """
    own: dict[int, DateMention] = {}
    for a in anchors:
        count = _count_before(text, a, dates, links.count)
        zero = next((d for d in dates if d.start >= a.end and d.relative is None
                     and d.value is not None and d.precision == "day"
                     and links.zero_date.fullmatch(text, a.end, d.start)), None)  # fmt: skip
        if count is None or count.relative is None or zero is None or zero.value is None:
            continue
        said = f"{a.kind.replace('_', '-')} of {zero.value.isoformat()}"
        dated = DateMention(
            count.start, zero.end, text[count.start : zero.end],
            apply_relative(zero.value, count.relative), count.relative.precision,
            reason=f"date counted from the {said} stated with it",
        )  # fmt: skip
        dates = sorted([*(d for d in dates if d not in (count, zero)), dated], key=_start)
        own[id(a)] = zero
    return dates, own


def courses_counted_from(
    text: str, anchors: list[Anchor], dates: list[DateMention], link: re.Pattern[str]
) -> list[DateMention]:
    """`dates` with a day count that names its course counted from that course's first day.

    'D+38 do ciclo 1A do Hyper-CVAD', 'day 14 of induction with FLAG-IDA': the count is a time
    point of a course told elsewhere, never of a transplant; the course named after it is a
    reference to that course (flagged), not a new one, and names the course counted from.
    """
    out = list(dates)
    for a in anchors:
        if a.kind != "regimen":
            continue
        i = next((i for i, d in enumerate(out) if _counts_a_course(d) and d.end <= a.start
                  and link.fullmatch(text, d.end, a.start)), None)  # fmt: skip
        if i is None:
            continue
        rel = out[i].relative
        assert rel is not None
        days = rel.days if rel.anchor_kind == "regimen" else counted_days("regimen", rel.days)
        course = text[a.start : a.end]
        out[i] = replace(out[i], relative=replace(rel, anchor_kind="regimen", days=days,
                                                  unnamed=False, named=course))  # fmt: skip
        a.flags.add("reference")
    return out


def _counts_a_course(d: DateMention) -> bool:
    """A day count of a course, or a bare 'D+38' naming no infusion (until its words name one)."""
    rel = d.relative
    if rel is None or not rel.days or rel.months or rel.ordinal is not None:
        return False
    return rel.anchor_kind == "regimen" or (rel.anchor_kind == "transplant" and rel.unnamed)


def _start(d: DateMention) -> int:
    return d.start


def _count_before(
    text: str, a: Anchor, dates: list[DateMention], link: re.Pattern[str]
) -> DateMention | None:
    """The day count right before infusion `a` that names it as its day 0."""
    if a.kind not in INFUSIONS:
        return None
    return next(
        (d for d in dates if d.relative is not None and d.relative.anchor_kind in (None, a.kind)
         and (d.relative.days or d.relative.months) and d.end <= a.start
         and link.fullmatch(text, d.end, a.start)),
        None,
    )  # fmt: skip


def counted_from(
    text: str, span: tuple[int, int], kind: str, dates: list[DateMention], link: re.Pattern[str]
) -> bool:
    """Whether the event mention of `kind` at `span` is what a relative date counts from.

    'Day +100 following his sibling allograft' names the transplant it counts from; that
    mention is the date's anchor, not a second transplant on day +100. So does a mention a
    day count follows at once ('CAR-T Day +28 Review', 'HSCT D+100 assessment'): the day
    since the infusion, not an infusion on that day (day 0 is the event's own day).
    """
    start, end = span
    before = any(
        d.relative is not None
        and d.relative.anchor_kind in (None, kind)
        and d.end <= start
        and link.fullmatch(text, d.end, start) is not None
        for d in dates
    )
    return before or any(  # a bare day count is read as a transplant's until its file says
        d.relative is not None
        and kind in INFUSIONS
        and d.relative.anchor_kind in (None, kind, "transplant")
        and (d.relative.days or d.relative.months)
        and _DAY_COUNT.match(d.raw) is not None
        and d.start >= end
        and _COUNT_AFTER.fullmatch(text, end, d.start) is not None
        for d in dates
    )


__all__ = [
    "COURSE_DAY",
    "CountLinks",
    "count_links",
    "counted_from",
    "course_days",
    "courses_counted_from",
    "dated_day_zeros",
    "extra_relatives",
]
