"""Dates a narrative tells from the dates told around them.

'five months later' and 'in March of that year' from the previous date; 'In September a
marrow showed ...' (a month without its year) in its story's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from recordkit.dates.relative import add_months, count_of
from recordkit.dates.types import DateMention
from recordkit.models import Precision
from recordkit.rule_cache import compiled, per_rule_set

if TYPE_CHECKING:
    from recordkit.nlp.date_rules import NarrativeCounts

_UNITS = ("days", "weeks", "months", "years")


@dataclass(frozen=True)
class _Counts:
    """`NarrativeCounts` compiled: its patterns and its word counts."""

    later: tuple[re.Pattern[str], ...]
    in_year: tuple[re.Pattern[str], ...]
    numerals: dict[str, float]

    def count(self, word: str) -> float | None:
        """A count in digits, an English word ('six', 'a') or a numeral of the rules ('三')."""
        if not word:
            return 1  # '次月': the next month
        if word in self.numerals:
            return self.numerals[word]
        try:
            return count_of(word)
        except ValueError:  # a numeral the rules do not list ('二十')
            return None

    def month(self, word: str, months: dict[str, int]) -> int | None:
        """A month by its name or its number ('6', '六')."""
        got = months.get(word.lower()) or (int(word) if word.isdigit() else self.numerals.get(word))
        return int(got) if got and got == int(got) and 1 <= got <= 12 else None


@per_rule_set
def _compiled(rules: NarrativeCounts) -> _Counts:
    return _Counts(
        tuple(compiled(p, re.I) for p in rules.later),
        tuple(compiled(p, re.I) for p in rules.in_year),
        dict(rules.numerals),
    )


def _counted_on(base: date, precision: Precision, unit: str, n: float) -> tuple[date, Precision]:
    """`n` units on from `base`: months and years to the month (the writer rounds)."""
    if unit in ("days", "weeks"):
        return base + timedelta(days=round(n * (7 if unit == "weeks" else 1))), precision
    months = n * (12 if unit == "years" else 1)
    rounded = "month" if precision == "day" else precision
    if months != int(months):  # 'half a month later'
        return base + timedelta(days=round(months * 30.4)), rounded
    return add_months(base, int(months)), rounded


def _in_year(
    m: re.Match[str], base: date, counts: _Counts, months: dict[str, int]
) -> tuple[date, Precision] | None:
    """The month (or the year) `m` names of `base`'s year, or the next year's."""
    year = base.year + (m.groupdict().get("next") is not None)
    word = m.groupdict().get("month")
    if word is None:
        return date(year, 1, 1), "year"
    month = counts.month(word, months)
    return (date(year, month, 1), "month") if month else None


def narrative_dates(
    text: str,
    previous: DateMention | None,
    rules: NarrativeCounts,
    months: dict[str, int],
    earlier: list[DateMention] | None = None,
) -> list[DateMention]:
    """'in March of that year', '同年6月' and 'five months later', '次月', from the previous date.

    'DLI on 10 June 2020, a second six weeks later': a count on (`rules.later`) counts from
    the last date `earlier` (the text's own written dates) gives before it, else from
    `previous`; a month of that year (`rules.in_year`) is of `previous`'s year. Not where a
    written date already stands.
    """
    counts, written = _compiled(rules), earlier or []
    found: list[tuple[re.Match[str], tuple[date, Precision] | None]] = []
    if previous is not None and previous.value is not None:
        for rx in counts.in_year:
            found += [(m, _in_year(m, previous.value, counts, months)) for m in rx.finditer(text)]
    for rx in counts.later:
        for m in rx.finditer(text):
            here = [d for d in written if d.value is not None and d.end <= m.start()]
            last = here[-1] if here else previous
            if last is None or last.value is None:
                continue
            unit = next(u for u in _UNITS if m.groupdict().get(u) is not None)
            n = counts.count(m.group(unit))
            base = last.value, _prec(last.precision or "day")
            found.append((m, _counted_on(*base, unit, n) if n else None))
    out: list[DateMention] = []
    for m, got in found:
        taken = written + out
        if got is None or any(d.start < m.end() and m.start() < d.end for d in taken):
            continue
        out.append(DateMention(m.start(), m.end(), m.group(0), *got))
    return out


# 'In September a marrow showed ...', 'rose from undetectable in December to 0.8% on DATE'
_YEARLESS_MONTH = re.compile(
    r"\b(?:in|during|by|until|since|from|im|seit)\s+(?:(?:early|mid|late)[- ]?\s*)?"
    r"(?-i:([A-ZÄÖÜÉ][a-zäöüéû]{2,8}))\b"  # capitalised: 'may' is a verb, 'May' a month
    r"(?![ \t]*,?[ \t]*\d|\s+of\s+(?:that|the same)\s+year)",  # not 'December 2021'; 'that year
    re.I,
)
YEAR_OF_STORY = (
    "the month is written without its year; the year is that of the dates told around it"
)
LATEST_BEFORE_LETTER = (
    "the month is written without its year; taken as the latest such month up to the letter's date"
)


def yearless_months(
    text: str,
    previous: DateMention | None,
    months: dict[str, int],
    earlier: list[DateMention],
    written: date | None = None,
) -> list[DateMention]:
    """'In September a marrow showed 40% blasts': a month without a year, in its story's year.

    The year is that of the last date written before it in the sentence, or one on if the month
    comes before that date's month; with none, the month on or before the first date written
    after it ('from undetectable in December to 0.8% on 14/02/2022': December 2021); with
    neither, the previous sentences' date. Not where that puts it after the letter's own date
    (`written`): the story's dates then do not settle it. With no story date around it but the
    letter's own, it is the latest such month up to the letter's date. Month precision, doubted.
    """
    out: list[DateMention] = []
    told = [d for d in earlier if d.value is not None and d.dates_results]
    for m in _YEARLESS_MONTH.finditer(text):
        month = months.get(m.group(1).lower())
        if month is None or any(d.start < m.end() and m.start() < d.end for d in earlier):
            continue
        before = [d.value for d in told if d.end <= m.start()]
        after = [d.value for d in told if d.start >= m.end()]
        if before or not after:
            ref = before[-1] if before else previous.value if previous else None
            year = ref.year + (month < ref.month) if ref else None
        else:
            year = after[0].year - (month > after[0].month)
        why = YEAR_OF_STORY
        if year is None or (written and (year, month) > (written.year, written.month)):
            year = _latest_before(month, written, previous, bool(before or after))
            why = LATEST_BEFORE_LETTER
        if year is None:
            continue
        s, e = m.span(1)
        out.append(DateMention(s, e, m.group(1), date(year, month, 1), "month", reason=why))
    return out


def _latest_before(
    month: int, written: date | None, previous: DateMention | None, told: bool
) -> int | None:
    """'A routine chimerism in March showed 88%' in a letter of April 2024: March 2024.

    With no date of the story around it (none in its sentence, none before it but the
    letter's own), a month named alone is the latest such month up to the letter's date.
    """
    if written is None or told:
        return None
    if (
        previous is not None
        and previous.value is not None
        and previous.value < written.replace(day=1)
    ):
        return None  # a story dated before the letter: its year is not settled by the letter's
    return written.year - (month > written.month)


def _prec(p: str) -> Precision:
    return "year" if p == "year" else "month" if p == "month" else "day"
