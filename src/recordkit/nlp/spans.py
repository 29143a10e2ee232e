"""Where brackets, gaps, arrows and date ranges lie in a sentence: plain text mechanics.

What the date-attribution policy (attribution.py) and the value reader measure a link by:
the text between two spans without its own bracketed asides, whether a gap opens a bracket,
an arrow between a course and its result, and two dates written as a range.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Any, Protocol

from recordkit.dates import DateMention
from recordkit.rule_cache import compiled


class Span(Protocol):
    """Anything with a character span: an event mention or a value."""

    start: int
    end: int


def outside_brackets(gap: str) -> str:
    """The gap without what its own balanced brackets hold."""
    return _BRACKETED.sub("", gap)


_BRACKETED = re.compile(r"[(（\[][^()（）\[\]]*[)）\]]")
_MIRROR = str.maketrans("()（）[]", ")(）（][")  # a gap read backwards: the brackets it opens
ARROW = re.compile(r"-+>|=+>|→|⇒|⟶")  # a course and its result: "DA x1 -> CR"
_RANGE_TO = re.compile(r"\s*(?:-|–|—|~|～|to|until|till|through|thru|bis|至|到)\s*", re.I)


@lru_cache(maxsize=32)
def whole_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """`words` taken literally, as whole words ('now', not 'known'), in any case."""
    return compiled(rf"(?<![A-Za-z])(?:{any_of(list(words))})(?![A-Za-z])", re.I)


def any_of(words: list[str]) -> str:
    """A regular-expression alternation of `words` taken literally.

    With no words, one that never matches.
    """
    return "|".join(re.escape(w) for w in words) or r"(?!x)x"


def left_brackets(gap: str) -> int:
    """How many brackets the gap closes that it did not open: one end was inside them."""
    depth = left = 0
    for ch in gap:
        if ch in "(（[":
            depth += 1
        elif ch in ")）]":
            if depth:
                depth -= 1
            else:
                left += 1
    return left


# a bracket right after a name, perhaps after a few words in lower case that qualify it as
# Romance languages write them after the noun ('TCTH alogênico aparentado (...)', 'TPH
# alogénico (...)'), its text perhaps wrapped onto a second line
_DETAILS = re.compile(
    r"(?P<words>(?:[ \t]+(?-i:[a-zà-ÿ])[^\W\d_]*(?:-[^\W\d_]+)*){0,3})"
    r"[ \t]*[(（][^()（）\n]*(?:\n[^()（）\n]*)?[)）]"
)


def details_end(text: str, end: int, limit: int, joins: re.Pattern[str] | None = None) -> int:
    """Where a bracket written right after offset `end` closes (`end` when none does by `limit`).

    'allogeneic HSCT (PBSC graft, reduced-intensity conditioning) on DATE': the bracket
    after a treatment's name holds its details; what follows it goes on about the treatment.
    Words that qualify the name may stand between it and the bracket ('TCTH alogênico
    aparentado (medula óssea) em DATE'), though no word that `joins` another mention on.
    """
    m = _DETAILS.match(text, end, limit)
    if m is None or (joins is not None and joins.search(m.group("words"))):
        return end
    return m.end()


_GLOSS = re.compile(r"[ \t]*[(（]([^()（）\n]{1,40})[)）]")


def glosses_date(text: str, end: int, span: Span) -> bool:
    """True when `span` stands in a bracket of figures written right after offset `end`.

    '4月2日（DLI后+23天）出现腹泻', 'on 02/04/2021 (day +23 post DLI) diarrhoea': a bracket
    right after a date counts its day again; what it names is the count's anchor, never the
    date's owner.
    """
    m = _GLOSS.match(text, end)
    return (
        m is not None
        and m.start(1) <= span.start
        and span.end <= m.end(1)
        and any(c.isdigit() for c in m.group(1))
    )


def opens_bracket(gap: str) -> bool:
    """True when the gap opens a bracket it does not close: its far end stands inside it."""
    return left_brackets(gap[::-1].translate(_MIRROR)) > 0


def range_ends(text: str, dates: list[DateMention]) -> dict[DateMention, DateMention]:
    """First date -> last date of each two dates written as a range ('12/2020 - 3/2021').

    A course told with a range took place from its first date: the last is not its date.
    Two month names sharing one year ('Oct/Nov 2021') are a range of those two months too.
    """
    dated = sorted((d for d in dates if d.value is not None), key=lambda d: d.start)
    return {
        a: b
        for a, b in pairwise(dated)
        if a.end <= b.start
        and a.value <= b.value  # type: ignore[operator]
        and (_RANGE_TO.fullmatch(text, a.end, b.start) or _month_pair(text, a, b))
    }


def _month_pair(text: str, a: DateMention, b: DateMention) -> bool:
    """'Oct/Nov 2021': a month name alone, a slash, then a month of a year."""
    months = a.precision == b.precision == "month" and not any(c.isdigit() for c in a.raw)
    return months and text[a.end : b.start].strip() == "/"


def result_after(
    text: str, d: DateMention, value: Span, policy: Any = None, mentions: Sequence[Span] = ()
) -> bool:
    """True when an arrow ('->') stands between date `d` and the later `value`.

    With the date `policy`, not when `d` is a test's ('BM DATE: blasts 3% -> CRi. Flow MRD
    0.4%'): a single arrow after a test's date, with no treatment of `mentions` after it,
    leads to that test's conclusion, and a result written after it is the test's.
    """
    if not (d.end <= value.start and ARROW.search(text, d.end, value.start)):
        return False
    return policy is None or not _test_concluded(policy, text, d, value, mentions)


def _test_concluded(
    policy: Any, text: str, d: DateMention, value: Span, mentions: Sequence[Span]
) -> bool:
    kinds = {*policy.rules.given_kinds, "drug"}
    given = any(
        getattr(m, "kind", None) in kinds and d.end <= m.start and m.end <= value.start
        for m in mentions
    )
    return not given and arrow_steps(text, d, value) == 1 and policy.of_a_test(text, d)


AFTER_UNDATED_STEP = "written after an undated step of an arrow chain: later than its date"


def arrow_steps(text: str, d: DateMention, value: Span) -> int:
    """How many arrows stand between date `d` and the later `value`.

    'Relapse 03/2022 -> ALL R3 Blocks 1-3 -> CR2 (MRD negative)': each arrow leads to a later
    step; past the second, the result came after a course no date is written for.
    """
    return len(ARROW.findall(text, d.end, value.start)) if d.end <= value.start else 0


def in_value_brackets(text: str, d: DateMention, values: list[Span]) -> bool:
    """'CR1, MRD positive (NPM1 ratio 0.03 % on 02.09.2021)': a date bracketed with a value.

    The brackets hold a result and the day it was measured; the date is that value's, not the
    date of the event told before the brackets.
    """
    start = text.rfind("(", max(0, d.start - 60), d.start)
    end = text.find(")", d.end, d.end + 20)
    if start < 0 or end < 0 or ")" in text[start : d.start]:
        return False
    return any(start < v.start and v.end <= end for v in values)


def closing_date(
    text: str, v: Span, dates: list[DateMention], values: list[Span], lead: Callable[[str], bool]
) -> DateMention | None:
    """The date that closes the bracketed list `v` stands in, if one does.

    '(Hb 88 g/L, WCC 2.4, neutrophils 0.9, platelets 61 on 14/08/2023)': the last thing in
    the bracket, after its last value with nothing but a `lead` word ('on') between; it is
    the day every value of the bracket was measured.
    """
    start = text.rfind("(", 0, v.start)
    end = text.find(")", v.end)
    if start < 0 or end < 0 or ")" in text[start : v.start] or "(" in text[v.end : end]:
        return None
    inside = [d for d in dates if v.end <= d.start and d.end <= end]
    if not inside or text[inside[-1].end : end].strip(" .,;"):
        return None
    d = inside[-1]
    last = max((u.end for u in values if start < u.start and u.end <= d.start), default=v.end)
    gap = text[last : d.start]
    return d if not gap.strip() or lead(gap.strip()) else None


_DESCRIBED = re.compile(r"[^;.\n()]{0,80}")  # a diagnosis's own words before its bracket


def diagnosis_before(text: str, mentions: Sequence[Span], start: int) -> Span | None:
    """The diagnosis a test's bracket at `start` follows, with only its own words between.

    't-AML, TP53 mutated, complex karyotype (BM DATE, blasts 28%)': the diagnostic marrow.
    None when another mention (a relapse: 'relapsed AML (BM DATE)') is told there too.
    """
    told = [m for m in mentions if m.end <= start and _DESCRIBED.fullmatch(text, m.end, start)]
    return told[0] if [getattr(m, "kind", None) for m in told] == ["diagnosis"] else None


__all__ = [
    "AFTER_UNDATED_STEP",
    "ARROW",
    "Span",
    "any_of",
    "arrow_steps",
    "closing_date",
    "diagnosis_before",
    "in_value_brackets",
    "left_brackets",
    "opens_bracket",
    "outside_brackets",
    "range_ends",
    "result_after",
]
