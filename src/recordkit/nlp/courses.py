"""Courses named by their number: a later clause that dates one course of a counted treatment.

'She received two cycles of HiDAC, the first starting April 5, 2021. The second cycle was
dose-reduced and started on May 10, 2021.': the counted mention made two courses, the first
dated; 'the second cycle ... DATE' dates the second. 'Cycle 1 started DATE and cycle 2 started
DATE' dates each in turn.

Courses listed one per line under a heading that names the treatment ('Consolidation HiDAC'
over 'Cycle 1: 10.03.2023', 'Cycle 2: 14.04.2023'): each line naming no treatment of its own
is a course of the heading's, with the line's date and number.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from recordkit.dates import ORDINALS, DateMention
from recordkit.layout.cues import COURSE_ITEM
from recordkit.nlp.clause_time import phase_words
from recordkit.nlp.context_marker import context_marker_for
from recordkit.nlp.drug_groups import regimen_anchors
from recordkit.nlp.episodes import SPREAD
from recordkit.nlp.event_dates import said_today
from recordkit.nlp.mention import Anchor, Mention
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.raw import DROP_FLAGS, RawDate, RawFact, raw_date
from recordkit.nlp.rules import AttributionRules, RuleSet
from recordkit.nlp.spans import any_of, whole_words
from recordkit.rule_cache import compiled, per_rule_set


def _named_course(rules: AttributionRules) -> re.Pattern[str]:
    """'the second cycle', 'cycle 2', 'Zyklus 2', '2. Zyklus', 'C2', 'C2D1' (cycle 2's day 1).

    The course nouns are attribution.json's `course_columns` (cycle, course, Zyklus, cure...).
    """
    nouns = any_of(rules.course_columns)
    return compiled(
        rf"\b(?:(?:the\s+)?(first|second|third|fourth|fifth|sixth|[1-6](?:st|nd|rd|th))\s+"
        rf"(?:{nouns})|(?:{nouns})\s*([1-6])((?-i:B))?|(?-i:C)(1[0-2]|[1-9])|([1-6])\.\s*(?:{nouns}))"
        r"(?:(?-i:A|D1)\b|\b)",
        re.I,
    )


_named_courses = per_rule_set(_named_course)  # compiled once for each rule set
_TREATMENTS = ("regimen", "dli", "car_t")


def _counted(earlier: list[RawFact]) -> list[RawFact]:
    """The courses of the latest counted treatment told before (all of its mention's facts)."""
    last = next((f for f in reversed(earlier) if f.kind in _TREATMENTS), None)
    if last is None or "_course" not in last.attrs:
        return []
    return [f for f in earlier if f.kind == last.kind and f.order[:2] == last.order[:2]
            and f.context == last.context and "_course" in f.attrs]  # fmt: skip


def _later_course(
    scope: PageScope, at: int, end: int, when: RawDate, number: int, earlier: list[RawFact],
    sentence: str, part_b: bool = False,
) -> list[RawFact]:  # fmt: skip
    """'HiDAC cycle 1 on DATE. Cycle 2 was given on DATE.': a later course of the course told last.

    Writers name the drug once and number the later cycles alone; a numbered course dated
    after the document's last dated course, with no course on that day, is another of it.
    A course given in parts (Hyper-CVAD's 1A, 1B, 2A...) counts each part: '1B' is later.
    `when` is the course's date: the one stated after its number, or the document's for
    'today'; [at, end) is its source.
    """
    last = next((f for f in reversed(earlier) if f.kind in _TREATMENTS), None)
    if last is None or last.kind != "regimen" or last.date.value is None or when.value is None:
        return []
    if when.value <= last.date.value or (number < 2 and not part_b):
        return []
    name = last.attrs.get("name")
    if any(f.date.value == when.value for f in earlier if f.attrs.get("name") == name):
        return []
    attrs = {k: v for k, v in last.attrs.items() if not k.startswith("_")} | {"cycle": number}
    return [
        replace(last, attrs=attrs, date=when, source=scope.source(at, end),
                context=sentence.strip()[:300], order=scope.order(at), ordinal=None,
                flags=set(last.flags))  # its own: a later date's doubt is not the first's
    ]  # fmt: skip


def _undated_first(earlier: list[RawFact], number: int) -> RawFact | None:
    """'Aza/Ven (C1 ...)' / 'C1 DATE, C2 DATE': the undated first course the dates go on from.

    The treatment told last, a course of a regimen with no date and no count, is the course
    a 'C1 DATE' after it dates (its number its own, or none); the later numbers are its later
    courses (`_later_course`).
    """
    last = next((f for f in reversed(earlier) if f.kind in _TREATMENTS), None)
    if last is None or last.kind != "regimen" or "_course" in last.attrs:
        return None
    if last.date.value is not None or last.date.relative is not None:
        return None
    return last if number == 1 and last.attrs.get("cycle") in (None, 1) else None


def told_not_given(text: str, span: tuple[int, int], kind: str, at: int, rules: RuleSet) -> bool:
    """Does the text tell a course standing at `at` as not given ('Cycle 2 was delayed to DATE')?

    A course's number (or a table row) stands for the treatment a mention would name, read
    with the same ConText modifiers: a plan, a postponement or a negation gives no course.
    """
    course = Mention(kind, at, at)
    context_marker_for(rules).mark(text, span, [course])
    return bool(course.flags & DROP_FLAGS)


_ARTICLE = re.compile(r"(?:[^\W\d_]{1,3}\s+)?", re.I)  # 'after the', 'après le', 'nach dem'


def told_after(text: str, s0: int, at: int, rules: RuleSet) -> bool:
    """'After cycle 2, MRD was negative on DATE': a course named after an after-word is a time.

    A numbered course written right after an after-word (attribution.json `after_words`:
    'after', 'following', 'post', 'at the end of', 'nach', 'après'), perhaps with an article
    between, names a course told elsewhere as the time point of a test or a state; the date
    the sentence goes on with is that test's, never a course given on it.
    """
    attribution = rules.attribution
    after, _ = phase_words(tuple(attribution.after_words), tuple(attribution.phase_words))
    return any(
        _ARTICLE.fullmatch(text, m.end(), at) for m in after.finditer(text, max(s0, at - 30), at)
    )


def date_numbered_courses(
    scope: PageScope, span: tuple[int, int], dates: list[Any], anchors: list[Any],
    earlier: list[RawFact], rules: RuleSet,
) -> list[RawFact]:  # fmt: skip
    """Give each 'second cycle ... DATE' its date, on the undated course of that number.

    A course whose month was only inferred (spread after the first's day) takes it too.

    Only in a sentence that names no treatment of its own (which would take the date; one
    named after the last course, with no date, takes none) and only a date no mention of the
    sentence owns. A numbered course no count told before is
    a later course of the course told last (`_later_course`). A course told as planned or
    put off ('Cycle 2 was delayed to DATE'), or as the time of something else ('After cycle
    2, MRD ... DATE', `told_after`), dates nothing; the dates after it are not its. One
    with no date of its own that its clause tells as today's takes the document's date.
    """
    s0, s1 = span
    text, out = scope.text, []
    named = [m for m in _named_courses(rules.attribution).finditer(text, s0, s1)
             if not told_not_given(text, span, "regimen", m.start(), rules)]  # fmt: skip
    told = [a for a in anchors if a.kind in _TREATMENTS]
    if not named or any(a.dates or a.start < named[-1].end() for a in told):
        return out  # 'C4 DATE; stopped ahead of DLI': an undated treatment after is no owner
    courses = _counted(earlier)
    owned = {id(d) for a in anchors for d in a.dates}
    before = [f for f in earlier if f.order < scope.order(s0)]  # not this sentence's own
    stops = [m.start() for m in named[1:]] + [s1]
    for m, stop in zip(named, stops, strict=False):
        if told_after(text, s0, m.start(), rules):
            continue
        digits = m.group(2) or m.group(4) or m.group(5)
        number = ORDINALS.get((m.group(1) or "").lower()) or int(digits)
        d = next((d for d in dates if m.end() <= d.start < stop and d.value is not None
                  and d.relative is None and id(d) not in owned), None)  # fmt: skip
        course = next((f for f in courses if f.attrs["_course"] == number), None)
        guessed = course is not None and SPREAD.search(course.date.raw or "") is not None
        if d is not None and course is not None and (course.date.value is None or guessed):
            course.date = raw_date(d, "stated")
        elif course is None and d is not None and (first := _undated_first(before, number)):
            first.date = raw_date(d, "stated")
            first.attrs["cycle"] = number
        elif course is None:
            when = raw_date(d, "stated") if d is not None else _given_today(scope, span, m, rules)
            end = d.end if d is not None else m.end()
            part_b = m.group(3) is not None  # 'course 1B': the later part of course 1
            told = text[s0:s1]
            out += _later_course(scope, m.start(), end, when, number, before + out, told, part_b)
    return out


def _given_today(
    scope: PageScope, span: tuple[int, int], named: re.Match[str], rules: RuleSet
) -> RawDate:
    """The date of a numbered course its clause tells as today's: the document's, doubted.

    'Today: C4D1 given.' is dated as 'DLI given today' is.
    """
    doc = scope.doc_date_at(named.start())
    course = Anchor("regimen", named.start(), named.end(), {}, set())
    today = whole_words(tuple(rules.attribution.today_words))
    if doc.value is None or not said_today(scope.text, course, span, today):
        return RawDate(reason="no date stated with the course")
    return RawDate(doc.value, doc.precision, doc.raw, "today")


def _heading_regimen(
    scope: PageScope, s0: int, headings: tuple[tuple[int, str], ...], rules: RuleSet
) -> Anchor | None:
    """The treatment the heading over a run of course lines names, if the run starts at it."""
    text = scope.text
    above = [(h, t) for h, t in headings if h + len(t) <= s0]
    if not above:
        return None
    h0, title = above[-1]
    between = text[h0 + len(title) : s0].strip("\n :")
    if any(not COURSE_ITEM.match(line) for line in between.splitlines() if line.strip()):
        return None  # other text stands between the heading and this line
    inside = [m for m in scope.doc._.rk_mentions if h0 <= m.start < h0 + len(title)]
    named = regimen_anchors(inside, text, rules)
    return named[0] if len(named) == 1 else None


def heading_courses(
    scope: PageScope,
    span: tuple[int, int],
    dates: list[DateMention],
    anchors: list[Anchor],
    headings: tuple[tuple[int, str], ...],
    rules: RuleSet,
) -> list[RawFact]:
    """'Cycle 2: 14.04.2023' under 'Consolidation HiDAC': a dated course of the heading's."""
    s0, s1 = span
    line = scope.text[s0:s1]
    item = COURSE_ITEM.match(line)
    dated = [d for d in dates if d.value is not None and d.relative is None]
    if item is None or not dated or any(a.kind in _TREATMENTS for a in anchors):
        return []
    regimen = _heading_regimen(scope, s0, headings, rules)
    if regimen is None:
        return []
    number = re.search(r"\d+", item.group(0))
    attrs = {**regimen.attrs, "cycle": int(number.group(0)) if number else None}
    return [
        RawFact(
            kind="regimen",
            attrs={k: v for k, v in attrs.items() if k != "fuzzy"},
            date=raw_date(dated[0], "stated"),
            source=scope.source(s0, dated[0].end),
            context=line.strip()[:300],
            order=scope.order(s0),
            confidence=round(scope.conf * (0.8 if regimen.attrs.get("fuzzy") else 1.0), 3),
            flags=set(regimen.flags),
            section=scope.sections.section_at(s0),
        )
    ]


__all__ = ["date_numbered_courses", "heading_courses"]
