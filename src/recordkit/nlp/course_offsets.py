"""Time counted from the treatment a narrative has just told, naming no event.

'Gilteritinib had been started in March 2022 and after 6 weeks NPM1 MRD was undetectable':
six weeks from the gilteritinib. 'He began AZA+VEN on 3/15/2022. At the end of that cycle the
marrow showed 8% blasts': one cycle from that course. The phrases are rules/dates.json
`course_offsets`; each counts from the last treatment its paragraph tells before it (a course
from its first day, an infusion from its day), a cycle's end only from a course. Month
precision: the writer rounds, and the count is doubted as every relative date is.
"""

from __future__ import annotations

import re
from typing import Any

from recordkit.dates import DateMention, Relative
from recordkit.dates.relative import count_of
from recordkit.nlp.date_rules import CourseOffsets
from recordkit.nlp.raw import DROP_FLAGS
from recordkit.nlp.relative import INFUSIONS
from recordkit.rule_cache import compiled, per_rule_set

_COURSES = frozenset({"drug", "regimen"})
_TOLD_CYCLE = re.compile(r"\b(?:cycle|course|C)\s*(\d{1,2})\b", re.I)  # 'DA cycle 2 on DATE'


@per_rule_set
def _patterns(rules: CourseOffsets) -> list[re.Pattern[str]]:
    return [compiled(p, re.I) for p in rules.patterns]


def _told_before(text: str, pos: int, mentions: list[Any]) -> Any | None:
    """The last treatment mention before `pos` on its page (the text holds no blank lines)."""
    told = [
        m
        for m in mentions
        if m.end <= pos and m.kind in _COURSES | INFUSIONS
        if not m.flags & DROP_FLAGS
    ]
    return max(told, key=lambda m: m.start, default=None)


def _cycles(text: str, told_end: int, m: re.Match[str]) -> int:
    """Cycles from the told course's start to the end of the one `m` names.

    'at the end of that cycle': one; 'the end of cycle 3' of a course told as cycle 2: two.
    """
    if m.groupdict().get("cycle") is None:
        return 1
    told = _TOLD_CYCLE.search(text, told_end, m.start())
    return max(1, int(m.group("cycle")) - (int(told.group(1)) - 1 if told else 0))


def _offset(text: str, m: re.Match[str], told: Any, rules: CourseOffsets) -> Relative | None:
    """What `m` counts from `told`, or None where it cannot count from it."""
    groups = m.groupdict()
    kind = "regimen" if told.kind in _COURSES else told.kind
    if groups.get("months"):
        return Relative(kind, None, months=count_of(groups["months"]), precision="month")
    if groups.get("weeks"):
        return Relative(kind, None, days=7 * count_of(groups["weeks"]), precision="month")
    if kind != "regimen":
        return None  # a cycle's end is a course's
    days = rules.cycle_days * _cycles(text, told.end, m)
    return Relative(kind, None, days=days, precision="month")


def course_offsets(
    text: str,
    span: tuple[int, int],
    found: list[DateMention],
    mentions: list[Any],
    rules: CourseOffsets,
) -> list[DateMention]:
    """The offsets in text[span] from the treatment told before each, not overlapping `found`."""
    out: list[DateMention] = []
    for rx in _patterns(rules):
        for m in rx.finditer(text, *span):
            a, b = m.span()
            if any(d.start < b and a < d.end for d in [*found, *out]):
                continue
            told = _told_before(text, a, mentions)
            rel = _offset(text, m, told, rules) if told is not None else None
            if rel is not None:
                out.append(DateMention(a, b, m.group(0), relative=rel))
    return out


__all__ = ["course_offsets"]
