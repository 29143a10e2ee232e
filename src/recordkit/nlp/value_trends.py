"""A trend's other values: 'MRD 1.8%, up from 0.02% in July', '(420% at diagnosis on DATE)'.

An earlier (or, after 'to' / 'and then', later) value a sentence names beside a result is a
result of its own only with a date of its own; the dates a comparison or a baseline gives
belong to those earlier results, never to the value compared with them. The cue words are in
analytes.json (`prior_value_cues`, `later_value_cues`, `baseline_cues`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from recordkit.nlp.rules import AnalyteRules
from recordkit.nlp.value_lists import owned_dates, without_dates
from recordkit.nlp.value_types import ValueMention, of_fraction
from recordkit.rule_cache import compiled
from recordkit.values import NUMBER, convert, to_number

PRIOR_REACH = 60  # characters after a value within which a trend names the earlier one
_CUE_DATE = (  # 'Vorwert 06/2022: 100 %', '较前（2021-09-03：99.2%）', 'previous 24-10-2022'
    r"(?:\d{1,2}[./](?:\d{1,2}[./])?(?:\d{4}|\d{2})|\d{1,2}-\d{1,2}-\d{4}"
    r"|\d{4}(?:[-./]\d{1,2}){1,2}|\d{4}年\d{1,2}月(?:\d{1,2}日)?)(?!\d|[.,]\d)"
)


LISTED = "listed_value"  # the next value of a ';' list: the values before it are of other times
_IN_WORD = re.compile(r"(?<=[^\W\d_])\d+|\d+(?=[^\W\d_])")  # a course's '1A', 'C2': no figure
_SPACES = re.compile(r"\s*")
_OPEN_BRACKET = re.compile(r"\s*[(（]\s*")  # a bracket opening right after a compared date
_RATIO = r"(?:%?[A-Za-z][\w/:]*)?"  # a ratio's name after its figure: '420 %NPM1/ABL1'


def _alternation(cues: list[str]) -> str:
    """The rule file's cue patterns as one alternation; one that never matches when none."""
    return "|".join(f"(?:{c})" for c in cues) or r"(?!)"


class Trends:
    """Reads the earlier and later values of trends, and the dates comparisons own."""

    def __init__(self, rules: AnalyteRules, any_name: re.Pattern[str]) -> None:
        self.rules = rules
        self.any_name = any_name
        cues = _alternation(rules.prior_value_cues)
        negative = _alternation([re.escape(w) for w in rules.negative_words])
        specimen = _alternation(rules.marrow_cues + rules.blood_specimen_cues)
        self.prior = compiled(  # within the sentence: no ';', no full stop but a decimal's
            rf"(?:[^;\n.]|\.(?=\d))*?\b(?P<cue>(?:{cues})\s*[(（]?\s*"
            rf"(?:(?:vom|from|of|on|am|in)?\s*(?P<date>{_CUE_DATE})\s*[)）]?\s*"
            rf"(?:(?:{specimen})\s*)?[:：]?\s*)?"  # 'previous DATE BM: 0.08%'
            rf"(?:(?P<num>{NUMBER})\s*(?P<pct>%)?|(?P<neg>{negative})(?![A-Za-z])))",
            re.I,
        )
        self.compared = compiled(rf"\b(?:{cues})\s*[(（]\s*$", re.I)
        self.cue_date = compiled(  # 'previous DATE', 'c.f. DATE': the earlier result's date
            rf"\b(?:{cues})\s*[(（]?\s*(?:(?:from|of|on|dated|vom|am)\s+)?(?={_CUE_DATE})", re.I
        )
        self.bracketed = compiled(  # 'Hb today 92 g/L (95 g/L on 13/08)': no cue but the bracket
            rf"\s*[(（]\s*(?P<cue>(?P<date>)(?P<num>{NUMBER})\s*(?P<pct>%)?)"
        )
        since = _alternation(rules.trend_since_cues) if rules.trend_since_cues else r"(?!)"
        self.since = compiled(rf"(?<![^\W\d_])(?:{since})\s*$", re.I)  # 'falling since D+30'
        base = _alternation(rules.baseline_cues)
        self.baseline = compiled(  # '(420% at diagnosis on DATE)', 'vs 5% at relapse in DATE'
            rf"(?:[(（]\s*(?:(?:vs\.?|versus)\s*)?|\b(?:vs\.?|versus)\s*)(?:{NUMBER})\s*%?"
            rf"{_RATIO}\s*"
            rf"(?:{base})\s*(?:(?:on|in|of|am|vom|dated)\s*)?[:：]?\s*$",
            re.I,
        )
        self.recipient = compiled(_alternation(rules.recipient_cues), re.I)
        self.donor = compiled(_alternation(rules.donor_cues), re.I)
        self.at_baseline = compiled(rf"\s*{_RATIO}\s*(?:{base})\b", re.I)
        later = _alternation(rules.later_value_cues)
        self.later = compiled(  # within the clause (', then' closes it), no ';', full stop
            rf"(?:[^;,\n.]|\.(?=\d))*?(?:,\s*)?(?<!\w)(?P<cue>(?:{later})\s+(?P<date>)(?P<num>{NUMBER})\s*(?P<pct>%)?)",
            re.I,
        )
        counts = _alternation(rules.count_words)  # 'after phase 1', 'post cycle 2'
        self.counted = compiled(rf"(?<![^\W\d_])(?:{counts})\s*\d+(?![\d.,]\d)", re.I)
        self.listed = compiled(  # '(0.45% after 1A; 0.06% on DATE after 1B)': a list's next
            rf"(?:[^;\n.]|\.(?=\d))*?;\s*(?P<cue>(?P<date>)(?P<num>{NUMBER})\s*(?P<pct>%))", re.I
        )

    def compared_dates(self, text: str, dates: list[tuple[int, int]]) -> set[tuple[int, int]]:
        """The dates a comparison's bracket opens with: '较前（2021-09-03：99.2%）下降'.

        Such a date is the earlier result's, read or not ('较前（2021-09-03）明显下降'), never
        the date of the value compared with it; so is a cue's date ('MRD 0.6% (previous DATE
        BM: 0.08%)') and a baseline's date ('(420% at diagnosis on DATE)'), and the date a
        trend runs from ('Hb 88, Plt 45 - falling since D+30'); so is a day count bracketed
        right after such a date ('较2022-04-14（+30天）的100%').
        """
        got = {
            (d0, d1)
            for d0, d1 in dates
            if self.compared.search(text, max(0, d0 - 24), d0)
            or self.since.search(text, max(0, d0 - 40), d0)
            or any(m.end() == d0 for m in self.cue_date.finditer(text, max(0, d0 - 30), d1))
            or self.baseline.search(text, max(0, d0 - 60), d0)
        }
        ends = {d1 for _, d1 in got}
        return got | {
            (d0, d1) for d0, d1 in dates if any(_OPEN_BRACKET.fullmatch(text, e, d0) for e in ends)
        }

    def value(
        self,
        text: str,
        analyte: str,
        unit: str | None,
        after: int,
        s1: int,
        dates: list[tuple[int, int]],
        later: bool = False,
    ) -> ValueMention | None:
        """The earlier value a trend names in the same clause (`later`: the later one).

        '92% donor ..., down from 99% in December': it has the analyte of the value (or name)
        it follows, and that value's unit when none is written; it must have a date of its own
        right after it, or it would take the other value's (`owned_dates` keeps that date from
        the other value). A bracket right after the value, holding a number and its own date
        ('Hb today 92 g/L (95 g/L on 13/08)'), is the test's earlier value, cue or not. 'MRD
        rose from 0.02% on DATE to 1.8% on DATE', 'was 0.02% in July and then 1.8% on DATE':
        with `later`, a value after 'to', 'and then' is the trend's later one.
        """
        rx = self.later if later else self.prior
        m = rx.match(text, after, min(s1, after + PRIOR_REACH))
        if m is None and not later:
            m = self._bracketed(text, after, s1, dates)
        listed = m is None and later and (m := self.listed.match(text, after, s1)) is not None
        if m is None:
            return None
        gap = without_dates(text, after, m.start("cue"), dates)
        if listed:  # a list's gap may name a course: 'after 1A; ', 'after phase 1; '
            gap = _IN_WORD.sub("", self.counted.sub(" ", gap))
        if re.search(r"\d", gap) or self.any_name.search(gap):
            return None  # another value or analyte comes first: the cue is not this one's
        if listed and self.any_name.match(text, _SPACES.match(text, m.end()).end()):  # type: ignore[union-attr]
            return None  # '0.45%; 12% blasts': the next value is another analyte's
        spec = self.rules.analytes[analyte]
        neg = m.groupdict().get("neg")  # the earlier value only: 'rose from undetectable'
        if neg and not spec.below_detection_is_zero:
            return None
        unit = "%" if m.group("pct") or neg else unit
        conv = convert(to_number(m.group("num") or "0"), unit, analyte, spec)
        if conv.value is None or not (m.group("date") or owned_dates(text, m.end(), dates)):
            return None
        start = m.start("cue")
        negative = ("negative",) if neg else ()
        flags = (
            "later_value" if later else "prior_value",
            *negative,
            *((LISTED,) if listed else ()),
        )
        return ValueMention(spec.report_as or analyte, start, m.end(), conv.value, spec.unit,
                            text[start : m.end()], flags, None, unit)  # fmt: skip

    def later_values(
        self, text: str, v: ValueMention, end: int, s1: int, dates: list[tuple[int, int]]
    ) -> Iterator[ValueMention]:
        """A trend's later values, each a step after the one before: '98% -> 89% -> 76%'.

        Each is of the fraction the first value is of ('CD3 chimerism: 98% -> 89%').
        """
        unit = v.source_unit
        while later := self.value(text, v.analyte, unit, end, s1, dates, True):
            yield of_fraction(later, v.fraction, v.lineages)
            end, unit = later.end, later.source_unit

    def _bracketed(
        self, text: str, after: int, s1: int, dates: list[tuple[int, int]]
    ) -> re.Match[str] | None:
        """A bracket opening right after a value with a number dated in its own words.

        Only where nothing but the number's unit stands between it and its date: '(1.2
        neutrophils on DATE)' is another test's value.
        """
        m = self.bracketed.match(text, after, min(s1, after + PRIOR_REACH))
        if m is None or any(d0 <= m.start("num") < d1 for d0, d1 in dates):
            return None
        owned = owned_dates(text, m.end(), dates)
        if not owned or self.any_name.search(text, m.end(), owned[0][0]):
            return None
        return m

    def mark_baseline(self, text: str, v: ValueMention) -> ValueMention:
        """`v`, flagged an earlier value when its own words call it a baseline.

        '(vs 420 %NPM1/ABL1 at diagnosis on DATE)': the trend's earlier value takes the date
        after it, never the current sample's.
        """
        if "prior_value" in v.flags or not self.at_baseline.match(text, v.end):
            return v
        return replace(v, flags=(*v.flags, "prior_value"))

    def earlier_value(
        self, text: str, v: ValueMention, end: int, s1: int, dates: list[tuple[int, int]]
    ) -> ValueMention | None:
        """The trend's earlier value named after `v` (ending at `end`), as `v`'s quantity."""
        prior = self.value(text, v.analyte, v.source_unit, end, s1, dates)
        return self.same_quantity(text, v, prior)

    def same_quantity(
        self, text: str, now: ValueMention, other: ValueMention | None
    ) -> ValueMention | None:
        """A trend's other value as the quantity of the value it is compared with.

        'with 18% recipient-derived cells, increased from 1% on DATE': the 1% is the
        recipient's too (donor 99), and of the same sorted fraction; unless its own words
        name its side ('up from 99% donor', 'from 1% recipient').
        """
        if other is None or now.analyte != "chimerism" or other.analyte != "chimerism":
            return other
        if other.fraction is None and now.fraction is not None:
            other = of_fraction(other, now.fraction, now.lineages)
        after = text[other.end : other.end + 14].strip()
        side = self.recipient.match(after) or (
            "derived" in now.flags and not self.donor.match(after)
        )
        if not side or other.value is None or "derived" in other.flags:
            return other
        return replace(other, value=round(100 - other.value, 6), flags=(*other.flags, "derived"))
