"""Episodes: how many events one mention holds, and the dates of each.

- "two courses of HiDAC", "DLI x2" hold two events; "between March and April 2023" dates the
  first course in March and the last in April. The words a count and a block's dates are
  written in are attributes.json `course_counts` (`course_words`), the months dates.json's.
- mentions that only refer to an event told elsewhere: `references`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any, Protocol

from recordkit.dates.forms import month_names
from recordkit.dates.relative import add_months
from recordkit.models import PRECISION_RANK
from recordkit.nlp.course_words import CourseWords, course_words
from recordkit.nlp.raw import DROP_FLAGS
from recordkit.nlp.rules import RuleSet

_TREATMENTS = ("regimen", "transplant", "car_t", "dli")
# 'between March and April 2023': two months (dates.json's names) of one year
_RANGE = re.compile(
    r"\b(?:(?:between|from)\s+)?([A-Z][a-z]{2,8})\s+(?:and|to|until|-|–)\s+"
    r"([A-Z][a-z]{2,8})\s+(\d{4})"
)


class AnchorLike(Protocol):
    """What these passes need of an event anchor."""

    kind: str
    start: int
    end: int
    flags: set[str]
    dates: list[Any]


_OF_END = re.compile(r"\bof\s+(?:[\w-]+\s+){0,2}$", re.I)  # 'cycles 2 to 4 of (oral) AZA'
MAX_RANGE = 12  # more courses than a numbered range of one treatment holds: a misreading


def cycle_range(
    text: str, start: int, end: int, s0: int, s1: int, cycles: re.Pattern[str]
) -> tuple[int, int] | None:
    """(first cycle's number, how many) of a numbered range the mention names, else None.

    'HiDAC cycles 3-6', 'AZA-VEN C2-C4' after the mention, 'cycles 2 to 4 of AZA' before it.
    Halves count apart ('Hyper-CVAD cycles 2B through 4B': 2B, 3A, 3B, 4A, 4B); the first
    number is then 0, as no one number names a half. A list of labels after a plural course
    noun ('courses 1B, 2A, 2B, 3A', the rule's group `list`) names one course per label.
    """
    m = cycles.search(text, end, min(s1, end + 48))
    if m is not None and text[end : m.start()].strip(" ,(:"):
        m = None  # another word first: not this mention's range
    lead = text[max(s0, start - 40) : start]
    of = _OF_END.search(lead) if m is None else None
    m = cycles.search(lead, 0, of.start()) if of is not None else m
    if m is None:
        return None
    if m.groupdict().get("list"):
        return _listed(m.group("list"))
    lo, lo_half, hi, hi_half = m.group(1), m.group(2), m.group(3), m.group(4)
    if bool(lo_half) != bool(hi_half):
        return None
    first, last = int(lo), int(hi)
    if lo_half:
        first, last = first * 2 + (lo_half == "B"), last * 2 + (hi_half == "B")
    n = last - first + 1
    if not 1 < n <= MAX_RANGE:
        return None
    return (0 if lo_half else first), n


def _listed(labels: str) -> tuple[int, int] | None:
    """'1B, 2A, 2B, 3A' -> (0, 4): one course a label, numbered when they run '2, 3 and 4'."""
    told = re.findall(r"\d{1,2}[AB]?", labels)
    if not 1 < len(told) <= MAX_RANGE or len(set(told)) < len(told):
        return None
    if not all(t.isdigit() for t in told):
        return 0, len(told)
    numbers = [int(t) for t in told]
    run = numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    return (numbers[0] if run else 0), len(told)


def course_count(
    text: str,
    start: int,
    end: int,
    s0: int,
    s1: int,
    rules: RuleSet,
    cycles: re.Pattern[str] | None = None,
) -> int:
    """How many courses the mention text[start:end] names (1 unless a count is written).

    A numbered range of `cycles` ('cycles 2 to 4') names one per cycle; the count words are
    attributes.json `course_counts`.
    """
    told = cycle_range(text, start, end, s0, s1, cycles) if cycles is not None else None
    if told is not None:
        return told[1]
    words = course_words(rules.attributes.course_counts)
    m = words.count_before.search(text[max(s0, start - 60) : start])
    if m:
        return words.count(m.group("n"))
    m = words.count_after.match(text[end : min(s1, end + 48)])
    if m is not None:
        return words.count(m.group("x") or m.group("n"))
    m = words.count_after_zh.match(text[end : min(s1, end + 20)])
    return words.count(m.group("n")) if m is not None else 1


def counts_from_first(text: str, start: int, s0: int, rules: RuleSet) -> bool:
    """Whether the count before a mention starts at its first course: not 'two further cycles'."""
    words = course_words(rules.attributes.course_counts)
    m = words.count_before.search(text[max(s0, start - 60) : start])
    return not (m and m.group("later"))


def _month_range(
    sentence: str, value: date | None, end: bool, months: dict[str, int]
) -> date | None:
    """The other end of a 'between March and April 2023' range one end of which is `value`."""
    if value is None:
        return None
    for m in _RANGE.finditer(sentence):
        a, b = months.get(m.group(1).lower()), months.get(m.group(2).lower())
        this_year = a and b and int(m.group(3)) == value.year and a < b
        if this_year and value.month == (a if end else b):
            return date(value.year, b if end else a, 1)
    return None


def _completed(sentence: str, raw: str, words: CourseWords) -> bool:
    """'completed March 2023': the date a block of courses ended, not when each began."""
    low, said = sentence.lower(), raw.lower()
    at = low.find(said)
    while at >= 0:
        if words.completed.search(sentence, 0, at):
            return True
        at = low.find(said, at + 1)
    return False


def courses_of(
    first: list[Any], n: int, sentence: str, rules: RuleSet, ends: dict[Any, Any] | None = None
) -> list[list[Any]]:
    """`n` date groups for `n` courses told in one mention (a range spreads them).

    'HiDAC x 3, start 01/12/2021': the first course began on the day; with dates.json's
    `cycle_days` (a course's usual length) the later ones are spread one cycle apart after it,
    to the month and doubted (`_spread_after`), else left undated; so from a month ('DA x2 from
    12/2020': the second is not of December at the first's confidence). The words that say which
    course a date is ('the last cycle', 'completed') are attributes.json `course_counts`.

    With a written range ('HiDAC x 3, 5/2021-8/2021': `ends` maps its first date to its
    last) of months, the courses are spread over its months (`_spread`); of days, the first
    course takes the first date, the last course the last, and those between have none.
    """
    d = first[0] if first else None
    words = course_words(rules.attributes.course_counts)
    if d is not None and ends and d in ends:
        last = ends[d]
        if d.precision == last.precision == "month":  # 'DA x2 (Mar–May 2022)'
            return _spread(d, d.value, last.value, n)
        return [[d]] + [[None] for _ in range(n - 2)] + [[last]]
    if d is not None and words.last.search(sentence):  # '(last cycle started on DATE)'
        return [[None] for _ in range(n - 1)] + [[d]]
    if d is not None and _completed(sentence, d.raw, words):  # 'HiDAC x3 (completed March 2023)'
        last = d if d.precision != "day" else None  # a month holds the last start; a day not
        return [[None] for _ in range(n - 1)] + [[last]]
    months = month_names(rules.dates)
    start = _month_range(sentence, getattr(d, "value", None), False, months)
    last = _month_range(sentence, getattr(d, "value", None), True, months)
    if d is not None and (start or last):  # 'three cycles between May and July 2022'
        return _spread(d, start or d.value, last or d.value, n)
    if d is not None and start is None and d.precision in ("day", "month") and d.relative is None:
        cycle_days = rules.dates.course_offsets.cycle_days
        return [[d], *_spread_after(d, n, cycle_days)]  # 'x2 from DATE': the first began then
    return [[d] for _ in range(n)]


def first_course_told(
    text: str, owned: list[Any], n: int, rules: RuleSet
) -> list[list[Any]] | None:
    """'three doses of DLI from January 2021, the first on 8 January 2021': the first's day.

    A date written after 'the first (dose) on' dates the first of the `n` courses; the later
    ones began after it, on days not written.
    """
    first = course_words(rules.attributes.course_counts).first
    told = [d for d in owned if d is not None and first.search(text[: d.start][-40:])]
    return [[told[0]]] + [[None] for _ in range(n - 1)] if told else None


INFERRED = "course in month"  # a course's month spread over a written range of months
SPREAD = re.compile(rf"\({INFERRED} (\d+) of (\d+)\)")  # which month of how many


DAYS_A_MONTH = 30.44


def _spread_after(d: Any, n: int, cycle_days: int) -> list[list[Any]]:
    """Date groups of courses 2..n begun one cycle apart after `d`'s day, each to the month.

    Their months are inferred as a range's are ('course in month k of n'): doubted.
    """
    if cycle_days <= 0:
        return [[None] for _ in range(n - 1)]
    start = d.value.replace(day=1)
    said = f"{d.raw} ({INFERRED} {{}} of {{}})"
    at = [round(k * cycle_days / DAYS_A_MONTH) for k in range(n)]
    months = at[-1] + 1
    return [
        [replace(d, value=add_months(start, m), precision="month", raw=said.format(m + 1, months))]
        for m in at[1:]
    ]


def _spread(d: Any, first: date, last: date, n: int) -> list[list[Any]]:
    """`n` courses over the months first..last, each month inferred (doubted).

    One a month when they number as many ('three cycles between May and July'). Over more
    months ('DA x2 (Mar–May 2022)'), the last month is when the block ended, not when a
    course began: the first course began in the first month and each took an equal share
    of the span (Mar, Apr). Over fewer, the first course in the first month, the others in
    the last.
    """
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months >= n:
        at = [k * months // n for k in range(n)]
        said = f"{d.raw} ({INFERRED} {{}} of {months})"
        return [[replace(d, value=add_months(first, m), raw=said.format(m + 1))] for m in at]
    early = replace(d, value=first, raw=f"{d.raw} (first course)")  # the last is as written
    late = replace(d, value=last, raw=f"{d.raw} (last course)")
    return [[early]] + [[late] for _ in range(n - 1)]


def repeat_total(sentence: str, earlier: list[Any], rules: RuleSet) -> list[Any]:
    """'A total of two infusions had been given': copies of the latest undated infusion.

    `earlier` are the page's facts so far (RawFact-like: kind, attrs, date, order).
    """
    words = course_words(rules.attributes.course_counts)
    m = words.total.search(sentence)
    if not m:
        return []
    n = words.count(m.group("n"))
    kinds = ("dli", "car_t") if m.group("doses") else ("regimen",)
    last = next((f for f in reversed(earlier) if f.kind in kinds), None)
    if last is None or last.date.value is not None or "_course" in last.attrs:
        return []
    last.attrs["_course"] = 1
    out = []
    for i in range(2, n + 1):
        twin = replace(last, attrs=dict(last.attrs, _course=i), flags=set(last.flags))
        twin.order = (*last.order[:2], last.order[2] + i - 1)
        out.append(twin)
    return out


_BESIDE = re.compile(r"[\s(\[\])=:]*(?:on[\s(]+)?")  # 'day +20 (10/16/17)', 'day 0 = DATE'


def prefer_absolute(owned: list[Any], text: str | None = None) -> list[Any]:
    """'Engraftment on day +20 (10/16/17)': a calendar date written with a day count wins.

    Given the `text` (to tell each lineage's day), only a day count written right beside a
    calendar date gives way to it: 'neutrophils day +14 (08/01/2023), platelets day +19'
    keeps the platelets' count.
    """
    absolute = [d for d in owned if d.relative is None and d.value is not None]
    if not absolute or len(absolute) == len(owned):
        return owned
    if text is None:
        return absolute
    return [d for d in owned if d in absolute or not any(_beside(text, d, a) for a in absolute)]


def most_precise(chosen: Any, owned: list[Any]) -> Any:
    """Of an event's own dates that agree, the most precise is its date.

    'In April 2022 ... on spirometry of 05/04/2022': the day falls in the month written.
    """
    if chosen is None or chosen.value is None or chosen.relative is not None:
        return chosen
    keep = PRECISION_RANK.get(chosen.precision, 3)
    period = (chosen.value.year, chosen.value.month)[:keep]
    finer = [
        d
        for d in owned
        if d is not None and d.value is not None and d.relative is None
        and PRECISION_RANK.get(d.precision, 0) > keep
        and (d.value.year, d.value.month)[:keep] == period
    ]  # fmt: skip
    return finer[0] if len(finer) == 1 else chosen  # two finer ones: neither is sure


def _beside(text: str, a: Any, b: Any) -> bool:
    first, then = (a, b) if a.start <= b.start else (b, a)
    return first.end <= then.start and bool(_BESIDE.fullmatch(text, first.end, then.start))


def day_count_beside(owned: list[Any]) -> Any | None:
    """'Relapse in 06/2023 (D+215)': a day count written with a month or year may give the day.

    Returns the day count's Relative when the mention owns one coarse calendar date and one
    day count; it is used only if it falls within that month or year (grouping).
    """
    absolute = [d for d in owned if d.relative is None and d.value is not None]
    counts = [d.relative for d in owned if d.relative is not None and not d.relative.months]
    coarse = len(absolute) == 1 and absolute[0].precision in ("month", "year")
    return counts[0] if coarse and len(counts) == 1 and counts[0].days else None


STATE_KINDS = ("remission", "relapse", "gvhd", "engraftment")


def sentence_date(
    a: AnchorLike, dates: list[Any], anchors: list[AnchorLike], response: bool = False
) -> Any | None:
    """A state's date when its sentence gives exactly one absolute date, owned by another event.

    A `response` may follow a treatment told with its first and last days ('7+3 | DATE |
    DATE | CR'): all the sentence's dates being that one treatment's, the first is taken.

    "DA was given in January 2021 and achieved complete remission": the remission was found
    then, so a state (remission, relapse, GVHD, engraftment) is dated when first found. Only a
    treatment's date, never a reference's ("relapsed after HSCT (18 Aug 2022)") or a death's,
    nor one not given ("DLI planned 15/04/2024 - held for GVHD": the GVHD is no later).
    """
    if a.kind not in STATE_KINDS or "reference" in a.flags:
        return None
    absolute = [d for d in dates if d.value is not None and d.label != "report"]
    if not absolute or any(d.relative is not None for d in dates):
        return None
    owner = next((b for b in anchors if absolute[0] in b.dates), None)
    one = owner is not None and all(d in owner.dates for d in absolute)
    if len(absolute) > 1 and not (response and one):
        return None  # two treatments' dates: which one the state followed is not told
    if owner is None or owner.kind not in _TREATMENTS or owner.flags & {"reference", *DROP_FLAGS}:
        return None  # only the date of a treatment given in the same sentence
    return min(absolute, key=lambda d: d.start)  # 'X from DATE to DATE, CR': found after its start


__all__ = [
    "INFERRED",
    "SPREAD",
    "course_count",
    "courses_of",
    "first_course_told",
    "most_precise",
    "prefer_absolute",
    "repeat_total",
    "sentence_date",
]
