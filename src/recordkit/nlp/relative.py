"""Relative dates the date finder leaves: an event named with a qualifier, and follow-up times.

"One month following CLL1 CAR-T therapy" counts from the CAR-T infusion; "two months
post-transplant" and "at 5 months follow-up" from the transplant; "14 days after the second
DLI" from that DLI. Each is a DateMention with a Relative, resolved once the case is read.
"""

from __future__ import annotations

import re

from recordkit.dates import ORDINALS, DateMention, Relative

_N = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)"
_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ],
        1,
    )
} | {"a": 1, "an": 1}
_EVENT = (
    r"(DLI|donor lymphocyte infusion|allo-?HSCT|HSCT|SCT|BMT|transplant(?:ation)?|allograft|"
    r"CAR[- ]?T(?:[- ]cells?)?(?: (?:therapy|infusion|treatment))?|relapse)"
)
# the words that may stand between 'after' and the event it names: 'after her sibling allograft'
_QUALIFIERS = r"the|his|her|their|sibling|haplo\w*|allo\w*|matched|unrelated|cord"
_AFTER = re.compile(
    rf"\b{_N}\s+(day|week|month|year)s?\s+(?:after|following|post)[- ]\s*"
    rf"(?:completing\s+|completion\s+of\s+|(?:{_QUALIFIERS})\s+)*"
    r"(?:(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+)?"
    rf"(?:([A-Z][A-Za-z0-9-]{{1,9}})\s+)?{_EVENT}",
    re.I,
)
# what may stand between a day count and the event it counts from: 'Day +100 following his
# sibling allograft', 'day +178 post allograft'
_COUNTED_FROM = re.compile(
    r"\s*(?:after|following|post|from|nach)[- ]?\s*"
    rf"(?:(?:{_QUALIFIERS}|first|second|third|MUD|MSD|donor)[- ]+){{0,3}}",
    re.I,
)
_INFUSIONS = ("transplant", "car_t", "dli")  # what a day count after its name counts from
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


def _relative(
    kind: str, ordinal: int | None, n: int, unit: str, named: str | None = None
) -> Relative:
    unit = unit.lower()
    if unit in ("day", "week"):
        return Relative(kind, ordinal, days=n * (7 if unit == "week" else 1), named=named)
    months = n * (12 if unit == "year" else 1)
    return Relative(kind, ordinal, months=months, precision="month", named=named)


def extra_relatives(text: str, s0: int, s1: int, taken: list[DateMention]) -> list[DateMention]:
    """Relative dates in text[s0:s1] that no mention in `taken` already covers."""
    out: list[DateMention] = []
    sent = text[s0:s1]

    def free(a: int, b: int) -> bool:
        return all(b <= d.start or a >= d.end for d in [*taken, *out])

    for m in _AFTER.finditer(sent):
        a, b = s0 + m.start(), s0 + m.end()
        if free(a, b):
            n = _WORDS.get(m.group(1).lower()) or int(m.group(1))
            ordinal = ORDINALS.get((m.group(3) or "").lower())
            rel = _relative(_kind(m.group(5)), ordinal, n, m.group(2), m.group(4))
            out.append(DateMention(a, b, m.group(0), relative=rel))
    for m in _FOLLOW_UP.finditer(sent):
        a, b = s0 + m.start(), s0 + m.end()
        if free(a, b):
            n = _WORDS.get(m.group(1).lower()) or int(m.group(1))
            out.append(
                DateMention(a, b, m.group(0), relative=_relative("transplant", None, n, m.group(2)))
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


def counted_from(text: str, span: tuple[int, int], kind: str, dates: list[DateMention]) -> bool:
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
        and _COUNTED_FROM.fullmatch(text, d.end, start) is not None
        for d in dates
    )
    return before or any(  # a bare day count is read as a transplant's until its file says
        d.relative is not None
        and kind in _INFUSIONS
        and d.relative.anchor_kind in (None, kind, "transplant")
        and (d.relative.days or d.relative.months)
        and _DAY_COUNT.match(d.raw) is not None
        and d.start >= end
        and _COUNT_AFTER.fullmatch(text, end, d.start) is not None
        for d in dates
    )


__all__ = ["COURSE_DAY", "counted_from", "course_days", "extra_relatives"]
