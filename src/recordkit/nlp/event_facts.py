"""Event anchors of one sentence -> event facts: attributes, dates, courses and lineages.

An anchor's own dates (given by the attribution policy) make one fact, or one per course when
they are listed ('cycle 1 on DATE and cycle 2 on DATE') or counted ('x2 from DATE'), or one per
engraftment lineage ('ANC D+19, plt D+31'). An anchor with no date of its own is dated by its
sentence's other evidence (`event_dates.SentenceDating`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from recordkit.dates import DateMention, DateType
from recordkit.nlp.anchors import KNOWN_SINCE, Anchor, item_span, window
from recordkit.nlp.attributes import MRD_NEGATIVE, attributes, ordinal, stated_fields
from recordkit.nlp.attribution import DatePolicy
from recordkit.nlp.date_rules import GivenVerbs
from recordkit.nlp.episodes import (
    counts_from_first,
    course_count,
    courses_of,
    cycle_range,
    day_count_beside,
    first_course_told,
    most_precise,
    prefer_absolute,
)
from recordkit.nlp.event_dates import SentenceDating
from recordkit.nlp.item_courses import next_cycle_told
from recordkit.nlp.organs import engraftment_lineages, field_organs, organ_dates, split_organs
from recordkit.nlp.own_dates import own_dates
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.raw import RawFact, raw_date
from recordkit.nlp.row_courses import counted_row_ends, row_count, row_courses, row_infusions
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.section_fields import PageFields
from recordkit.nlp.spans import any_of, outside_brackets
from recordkit.nlp.state_depths import depth_told_next
from recordkit.nlp.told_apart import (
    DATED_APART,
    DATED_BY_ONSET,
    KNOWN_BY_TRANSFORMATION,
    NEXT_SENTENCE,
    ONSET_BEFORE,
    TRANSFORMED,
)
from recordkit.rule_cache import compiled, per_rule_set

_COURSE_WORD = r"(?:cycle|course|C|Zyklus|Kurs|cure|ciclo|curso)"  # en, de, fr, es
# Hyper-CVAD's parts: 'cycle 1A', 'course 1B' (number 1); a cycle's first day: 'C2D1' (cycle 2)
_PART = r"(?:[AB](?![A-Za-z])|\s?D1(?![\dA-Za-z]))?"
_LIST_SEP = r"(?:,|;|and|und|et|y|&|,\s*and|、)"  # 、: the Chinese enumeration comma
_RUNNING_COUNT = r"\d{1,2}\s+(?:cycles|courses)(?:\s+(?:so far|to date|in total|given|completed))?"
_ON = r"(?:on|in|le|el|il|du|del|dal)"  # 'DATE and on DATE', 'le DATE et le DATE', 'il'
_NUMBERS = r"\d+(?:\s*(?:,|and|&|-|–|to)\s*\d+)*"  # '2, 3 and 4', '2-4'
_COURSES_NUMBERED = (
    rf"(?<![^\W\d_])(?:cycles|courses|C)\s*({_NUMBERS})\s*(?:on|in|from)?\s*"  # 'cycles 2, 3 on'
)


@dataclass(frozen=True)
class _ListedCourses:
    """What stands between two listed courses' dates (`enum`), and a course's number before one."""

    enum: re.Pattern[str]
    number_before: re.Pattern[str]


@per_rule_set
def _listed_courses(verbs: GivenVerbs) -> _ListedCourses:
    """The patterns of a list of courses' dates: 'cycle 1 on DATE and cycle 2 started DATE'.

    The verbs between a course's number and its date are dates.json `given_verbs`.
    """
    said = any_of([*verbs.words, *verbs.course_began, *verbs.listed_course_began])
    started = rf"(?:(?:{said})\s*)?"  # 'cycle 2 started DATE'
    nth_course = (
        rf"(?:{_COURSE_WORD}\s*\d+{_PART}|\d{{1,2}}[AB](?![A-Za-z]))\s*{started}"  # '1B DATE'
        r"(?:on|in|from|am|vom|ab|le|el)?\s*|"
        r"(?:(?:the|a)\s+)?(?:second|third|fourth|2nd|3rd|4th|last)(?:\s+(?:one|cycle|course))?"
        r"(?:\s+(?:on|in|from|started(?:\s+on)?))?\s*"
    )
    enum = (  # a wide gap or a line break before a course's number parts a list as a comma
        rf"^\s*(?:{_LIST_SEP}\s*(?:then\s+)?(?:{nth_course}|{_COURSES_NUMBERED}|{_ON}\s+)?"
        rf"|(?:(?<=[ \t]{{2}})|(?<=[\t\n]))(?:{nth_course})"
        rf"|(?:{_LIST_SEP}\s*)?(?:{_RUNNING_COUNT}\s*)?[(\[]\s*(?:{nth_course}))$"
    )
    number = rf"(?:{_COURSE_WORD}\s*(\d+){_PART}|\b(\d{{1,2}})(?:st|nd|rd|th)\s+{_COURSE_WORD})"
    before = rf"{number}\s*{started}(?:on|in|from|am|vom|ab|le|el)?\s*$"  # "2nd cycle DATE"
    return _ListedCourses(compiled(enum, re.I), compiled(before, re.I))


FOLLOWED_SINCE = "followed for the disease since then: diagnosed by then, perhaps earlier"
COUNTED = ("regimen", "dli", "car_t")  # what a writer counts in courses ('x2', 'two cycles')


@dataclass(frozen=True)
class PageEvidence:
    """What every sentence of a page shares: its blasts and form fields, the rules, the policy."""

    rules: RuleSet
    policy: DatePolicy
    blasts: float  # the page's highest marrow blast count (a relapse's type)
    fields: PageFields  # the page's transplant form fields, by section
    lineage_words: dict[str, list[str]]
    blood_blasts: float = 0.0  # the page's highest share of circulating blasts
    specimen_heads: tuple[tuple[int, bool], ...] = ()  # report head lines: (offset, marrow?)
    mrd_negatives: tuple[int, ...] = ()  # where the page's negative MRD results stand
    outcome_cells: tuple[tuple[int, int], ...] = ()  # its treatment tables' dated response cells


@dataclass(frozen=True)
class Sentence:
    """One sentence with its dates, anchors and the last date of each range it writes."""

    span: tuple[int, int]
    dates: list[DateMention]
    anchors: list[Anchor]
    ends: dict[DateMention, DateMention]


def _date_groups(
    text: str,
    a: Anchor,
    owned: list[Any],
    policy: DatePolicy,
    dose: re.Pattern[str],
    enum: re.Pattern[str],
    ends: dict[DateMention, DateMention],
) -> tuple[list, bool]:
    """The anchor's dates grouped into courses; True when the writer listed several.

    A course's own dose between two dates does not part them ('DLI 1 x 10^6 CD3/kg on DATE
    and 5 x 10^6 CD3/kg on DATE'), nor does a range's last date, its course's end ('C1
    DATE-DATE; C2 DATE-DATE': the list goes on after it).
    """
    groups: list[list[DateMention | None]] = [[owned[0]]]
    for prev_d, d in pairwise(owned):
        listed = prev_d is not None and d is not None
        prev_d = ends.get(prev_d, prev_d) if listed else prev_d  # a range: from its end on
        if listed and (
            enum.match(dose.sub("", outside_brackets(text[prev_d.end : d.start])))
            or _next_course(text, prev_d, d)  # 'DATE: Hyper-CVAD course 1A; DATE course 1B'
        ):
            groups.append([d])
    if len(groups) > 1:
        return groups, True
    if len(owned) > 1:  # one event, several dates: its closest own, told most precisely
        closest = min(owned, key=lambda d: policy.link_cost(text, a, d) or 0.0)
        return [[most_precise(closest, owned)]], False
    return groups, False


_NEXT_COURSE = re.compile(rf"\s*[:,]?\s*{_COURSE_WORD}\s*(\d{{1,2}})({_PART})(?![\w/-]|\.\d)", re.I)


def _next_course(text: str, prev_d: DateMention, d: DateMention) -> bool:
    """'DATE: Hyper-CVAD course 1A; DATE course 1B': a later date that heads a course's number.

    Past a semicolon or comma after the regimen's first course, a date followed by a course
    word and its number ('course 1B', 'cycle 2') is the next course of the regimen just named.
    """
    gap = outside_brackets(text[prev_d.end : d.start]).rstrip()
    return gap.endswith((";", ",")) and bool(_NEXT_COURSE.match(text, d.end))


NUMBER_REACH = 40  # characters before a listed course's date its number may stand in


def _cycle_number(text: str, s0: int, d: DateMention, before: re.Pattern[str]) -> int | None:
    """'cycle 2 on DATE', '2nd cycle DATE': the number right before a listed course's date.

    A verb may stand between them ('cycle 2 started on DATE', 'C3 commenced on DATE').
    """
    m = before.search(text[max(s0, d.start - NUMBER_REACH) : d.start])
    return int(m.group(1) or m.group(2)) if m else None


def _numbers(written: str) -> list[int]:
    """'2, 3 and 4' -> [2, 3, 4]; '2-4' -> [2, 3, 4]."""
    ends = re.match(r"(\d+)\s*(?:-|–|to)\s*(\d+)$", written)
    if ends and int(ends.group(1)) < int(ends.group(2)) <= int(ends.group(1)) + 12:
        return list(range(int(ends.group(1)), int(ends.group(2)) + 1))
    return [int(n) for n in re.findall(r"\d+", written)]


def listed_cycles(text: str, s0: int, dates: list[DateMention]) -> dict[DateMention, int]:
    """'cycles 2, 3 and 4 on DATE, DATE and DATE': each listed date its course's number."""
    out: dict[DateMention, int] = {}
    for m in re.finditer(_COURSES_NUMBERED, text[s0 : dates[-1].start] if dates else "", re.I):
        after = [d for d in dates if d.start >= s0 + m.end()]
        out.update(zip(after, _numbers(m.group(1).strip()), strict=False))
    return out


def _own_basis(a: Anchor, d: DateMention, page: PageEvidence) -> str:
    """How a mention's own date dates it: stated, or only by a comment that restates it.

    'Comment (03/07/23): Neutrophil recovery post allograft.': the recovery was reached by
    the comment's day, perhaps well before (`comment_restates`): found by then, as a state a
    note reports.
    """
    restated = d.type is DateType.COMMENT and a.kind in page.rules.dates.comment_restates
    return "reported" if restated else "stated"


def anchor_facts(
    scope: PageScope, sent: Sentence, i: int, undated: SentenceDating, page: PageEvidence
) -> list[RawFact]:
    """The facts anchor `i` of the sentence tells: one per course or lineage, else one."""
    text, (s0, s1), a = scope.text, sent.span, sent.anchors[i]
    anchors, sentence = sent.anchors, text[s0:s1]
    breaks = (  # 'GvHD acuta ... di grado III e, successivamente, da una GvHD cronica ...'
        _phrase_breaks(tuple(page.rules.attribution.conjunctions))
        if a.kind in page.rules.attributes.own_phrase_kinds
        else None
    )
    lo, hi = item_span(text, anchors, i, s0, s1, breaks)
    fields = page.fields.near(a.start)
    if a.kind == "transplant":  # 'BMT on DATE. Stem cell source - PBSC.'
        fields = "\n".join(filter(None, [stated_fields(text, s1, page.rules), fields]))
    told = sentence
    if a.kind == "transplant" and sum(b.kind == a.kind for b in anchors) > 1:
        told = text[lo:hi]  # 'dUCB HSCT DATE; rescue haplo PBSC HSCT DATE': each its own graft
    attrs = attributes(
        a, text[lo:hi], text[lo : a.start], told,
        page.rules, page.blasts, fields, page.blood_blasts,
    )  # fmt: skip
    if a.kind == "remission" and attrs.get("depth") != MRD_NEGATIVE:  # '... CR. MRD negative.'
        block = scope.layout.block_at(a.start)  # its paragraph
        ends = (s1, block.end if block else len(text))
        later = depth_told_next(text, ends, page.mrd_negatives, scope.dates, page.rules)
        attrs["depth"] = later or attrs.get("depth")
    own = sorted(a.dates, key=lambda d: d.start)
    onsets = [d for d in own if page.policy.onset(text, d)]  # 'cGvHD since DATE': it began
    own = onsets or own_dates(scope, (s0, s1), a, attrs.get("organ"), own, page.rules)
    own = page.policy.past_note_head(text, a, own)  # 'Addendum DATE: ... died on DATE'
    if a.kind == "diagnosis":  # a diagnosis comes before any day count
        own = [d for d in own if d.relative is None]
    owned = prefer_absolute(own) or [None]
    dose = compiled(page.rules.attributes.dli_dose, re.I)
    listed = _listed_courses(page.rules.dates.given_verbs)
    groups, enum = _date_groups(text, a, owned, page.policy, dose, listed.enum, sent.ends)
    groups, enum = next_cycle_told(text, a, listed.number_before, s0) or (groups, enum)
    parts, part = _dated_parts(a, text, (s0, s1), prefer_absolute(own, text), page)
    if parts:  # 'ANC D+19, plt D+31': an engraftment a lineage; a GVHD an organ
        groups, enum = [[d] for d, _ in parts], True
    numbered = compiled(page.rules.attributes.cycle_range)
    ranged = cycle_range(text, a.start, a.end, s0, s1, numbered) if a.kind == "regimen" else None
    courses = course_count(text, a.start, a.end, s0, s1, page.rules, numbered if ranged else None)
    ends = sent.ends
    if a.kind == "regimen":  # a lines-of-therapy table's 'Cycles' and 'End' cells
        told, end = row_courses(scope.layout, a.start, sent.dates, page.rules.attribution)
        courses = row_count(courses, told)
        ends = {**ends, **counted_row_ends(groups[0][0], end, courses)}
    doses: list[str] = []
    infusions = []
    if a.kind == "dli" and len(groups) == 1:  # 'DLI | DATE | DATE | 2': two infusions
        infusions = row_infusions(
            scope.layout, a.start, sent.dates, page.rules.attribution, groups[0][0]
        )
    if infusions:  # '1x10^6 then 5x10^6 CD3+/kg': their doses in order
        groups, enum = infusions, True
        series = compiled(page.rules.attributes.dli_dose_series, re.I)
        doses = series.findall(text, a.start, groups[0][0].start)
    if courses > len(groups) and a.kind in COUNTED:
        groups = first_course_told(text, owned, courses, page.rules) or courses_of(
            groups[0], courses, sentence, page.rules, ends
        )
    from_first = a.kind == "regimen" and counts_from_first(text, a.start, s0, page.rules)
    out: list[RawFact] = []
    for gi, (d, *_) in enumerate(groups):
        rd = raw_date(d, _own_basis(a, d, page)) if d is not None else undated.date_of(a, gi == 0)
        if d is not None and KNOWN_SINCE in a.flags:
            rd.reason = FOLLOWED_SINCE
        if d is not None and NEXT_SENTENCE in a.flags:
            rd.reason = DATED_APART  # 'AML, TP53 wild-type. Diagnosed 03/2021.'
        if d is not None and ONSET_BEFORE in a.flags:
            rd.reason = DATED_BY_ONSET  # 'On day +24 a rash. Biopsy consistent with GVHD.'
        if d is not None and TRANSFORMED in a.flags:
            rd.reason = KNOWN_BY_TRANSFORMATION  # 'MDS mit Übergang in sAML (ED 11/2021)'
        finer = day_count_beside(own) if d is not None and not enum else None
        if finer is not None:  # 'in 06/2023 (D+215)': the day, if it fits
            rd.relative = finer
        fattrs = dict(attrs)
        if parts:
            fattrs[part] = parts[gi][1]
            if part == "organ" and not _graded_here(text, s0, groups, gi, page.rules):
                fattrs.pop("grade", None)  # 'gut, grade III, on DATE and liver on DATE'
        if courses > 1:
            fattrs["_course"] = gi + 1
            if fattrs.get("cycle") not in (None, gi + 1):  # 'five cycles, the last (C5)': C5's
                del fattrs["cycle"]
        if ranged is not None:  # 'cycles 3-6': the third to the sixth ('2B-4B': halves, none)
            fattrs.pop("cycle", None)
            if ranged[0]:
                fattrs["cycle"] = ranged[0] + gi
        if enum and gi > 0 and d and fattrs.get("dose"):  # 'and 5 x 10^6 CD3/kg on DATE'
            doses = dose.findall(text, groups[gi - 1][0].end, d.start)  # type: ignore[union-attr]
            fattrs["dose"] = doses[-1] if doses else fattrs["dose"]
        if len(doses) == len(groups) > 1:
            fattrs["dose"] = doses[gi]
        cycle: int | None = None
        if not enum and len(groups) == 1 and a.kind == "regimen" and d is not None:
            cycle = _cycle_number(text, s0, d, listed.number_before)  # 'C1 ?   C3 DATE': C3's
        if enum and a.kind == "regimen" and d is not None:
            cycle = _cycle_number(text, s0, d, listed.number_before)
            if cycle is None:
                cycle = listed_cycles(text, s0, [g[0] for g in groups if g[0]]).get(d)
            heads = _NEXT_COURSE.match(text, d.end) if cycle is None and gi > 0 else None
            if heads is not None:  # 'DATE cycle 2'; a half of a course ('course 1B') no number
                fattrs.pop("cycle", None)
                cycle = None if heads.group(2)[:1].upper() in ("A", "B") else int(heads.group(1))
        if cycle is None and enum and courses == len(groups) > 1 and from_first:
            cycle = gi + 1  # 'HiDAC x2 (06/2020, 07/2020)': the courses in their dates' order
        if cycle is not None:
            fattrs["cycle"] = cycle
        dated_here = d is not None and d.start >= s0
        start = min(a.start, d.start) if dated_here else a.start  # type: ignore[union-attr]
        end = max(a.end, d.end) if dated_here else a.end  # type: ignore[union-attr]
        out.append(
            RawFact(
                kind=a.kind,
                attrs=fattrs,
                date=rd,
                source=scope.source(start, end),
                context=sentence.strip()[:300],
                order=scope.order(a.start + gi),
                confidence=round(scope.conf * (0.8 if a.attrs.get("fuzzy") else 1.0), 3),
                ordinal=ordinal(text, a),
                flags=set(a.flags),
                section=scope.sections.section_at(a.start),
            )
        )
    return out + split_organs(
        out, window(text, anchors, i, s0, s1, breaks), page.rules.vocabulary.gvhd_organs,
        _next_line_organs(text, s1, page.rules) if a.kind == "gvhd" and not attrs.get("organ")
        else None, tuple(page.rules.attributes.gvhd_organ_heads),
        page.rules.attributes.gvhd_organ_unstaged,
    )  # fmt: skip


def _dated_parts(
    a: Anchor, text: str, span: tuple[int, int], owned: list[Any], page: PageEvidence
) -> tuple[list[tuple[Any, str]], str]:
    """An engraftment's lineages or a GVHD's organs each with its own date, and the field."""
    if a.kind == "engraftment":
        return engraftment_lineages(text, span, owned, page.lineage_words), "lineage"
    if a.kind == "gvhd":
        return organ_dates(text, span, owned, page.rules.vocabulary.gvhd_organs), "organ"
    return [], ""


@lru_cache(maxsize=4)
def _phrase_breaks(conjunctions: tuple[str, ...]) -> re.Pattern[str]:
    """A comma or a conjunction: where one mention's phrase ends and the next one's begins."""
    return compiled(rf",\s*|(?<![\w.])(?:{any_of(list(conjunctions))})(?![\w.])", re.I)


def _graded_here(text: str, s0: int, groups: list[Any], gi: int, rules: RuleSet) -> bool:
    """Whether the grade is written in the part of the sentence that ends at part gi's date."""
    start = groups[gi - 1][0].end if gi > 0 else s0
    grade = compiled(rules.attributes.gvhd_grade, re.I)
    return bool(grade.search(text, start, groups[gi][0].start))


def _next_line_organs(text: str, end: int, rules: RuleSet) -> list[str]:
    """'Organs involved: Skin stage 3, Gut stage 1' on the line after a GVHD grade's."""
    nl = text.find("\n", end)
    if nl < 0 or text[end:nl].strip():
        return []  # the sentence does not end its line
    stop = text.find("\n", nl + 1)
    line = text[nl + 1 : stop if stop >= 0 else len(text)]
    cues = rules.attributes
    organs = rules.vocabulary.gvhd_organs
    return field_organs(line, organs, cues.gvhd_organ_field, cues.gvhd_organ_unstaged)


__all__ = ["COUNTED", "PageEvidence", "Sentence", "anchor_facts"]
