"""The words a count of courses is written in, compiled once per rule set.

attributes.json `course_counts` lists them ('two cycles of', 'HiDAC x2', '2个疗程', 'a total
of', 'the last cycle', 'completed'); `episodes` reads a mention's courses with the patterns
built here. The words are the rule file's; what stands between them (spaces, 'of', 'was',
'for', a bracket, the count mark 'x') is the mechanism.
"""

from __future__ import annotations

import re

from recordkit.nlp.attribute_rules import CourseCounts
from recordkit.rule_cache import compiled, per_rule_set


def _one_of(patterns: list[str], plural: bool = False) -> str:
    """An alternation of rule patterns, each perhaps with its plural 's'; never matching if none."""
    s = "s?" if plural else ""
    return "|".join(f"(?:{p}){s}" for p in patterns) or r"(?!x)x"


def _literal(words: list[str]) -> str:
    """An alternation of `words` taken literally, the longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"


class CourseWords:
    """`course_counts` compiled: the patterns of a count, a total and a block's dates."""

    def __init__(self, rules: CourseCounts) -> None:
        self.numbers = {w.lower(): n for w, n in rules.numbers.items()}
        digits = _literal(sorted({str(n) for n in self.numbers.values()}))
        latin = f"{_literal([w for w in self.numbers if w.isascii()])}|{digits}"
        han = f"{digits}|{_literal([w for w in self.numbers if not w.isascii()])}"
        later, series, alternating = (
            _one_of(w) for w in (rules.later, rules.series, rules.alternating)
        )
        counted_before = _one_of([*rules.course_nouns, *rules.block_nouns, *rules.dose_nouns], True)
        counted_after = _one_of([*rules.course_nouns, *rules.block_nouns], plural=True)
        one = _one_of(["one", *rules.course_nouns, *rules.dose_nouns])  # 'the last (one)'
        self.count_before = compiled(  # 'two further cycles of HiDAC', '4 cycles alternating'
            rf"\b(?P<n>{latin})\s+(?:(?P<later>{later})\s+|(?:{series})\s+)?(?:{counted_before})"
            rf"\s+(?:(?:{_literal(rules.count_links)})\s*(?:[\w-]+\s+){{0,3}}|(?:{alternating})\s+)$",
            re.I,
        )
        # 'HiDAC x2', 'HiDAC (x 2)', 'HiDAC, two cycles, May to June 2023', 'HiDAC consolidation
        # was given for four cycles from June to September 2021' (not '..., two cycles of AZA')
        self.count_after = compiled(
            rf"^\s*(?:(?:{_one_of(rules.phases)})\s+)?(?:\(\s*)?(?:[x×]\s*(?P<x>{digits})\b|,?\s*"
            rf"(?:(?:[A-Za-z-]+\s+)?(?:was|were)\s+(?:then\s+)?(?:{_one_of(rules.given_for)})\s+"
            rf"for\s+|for\s+)?(?P<n>{latin})\s+(?:{counted_after})\b(?!\s+of\b))",
            re.I,
        )
        # '行HiDAC巩固化疗2个疗程', '阿扎胞苷治疗6疗程' in the regimen's clause; '第2疗程': the 2nd
        self.count_after_zh = compiled(
            rf"^[^，。,;；\n]{{0,12}}?(?<!第)(?P<n>{han})\s*个?(?:{_one_of(rules.zh_counters)})"
        )
        doses = _one_of([*rules.dose_nouns, *rules.dose_names], plural=True)
        self.total = compiled(  # 'a total of two infusions'
            rf"\b(?:{_one_of(rules.totals)})\s+(?P<n>{latin})\s+"
            rf"(?:(?P<doses>{doses})|{_one_of(rules.course_nouns, plural=True)})\b",
            re.I,
        )
        self.last = compiled(  # 'the last cycle', 'the last (C5) starting DATE'
            rf"\b(?:the\s+)?(?:{_one_of(rules.last)})\s+(?:(?:{one})\b|"
            rf"(?:\([^()]{{1,12}}\)\s*)?(?:{_one_of(rules.last_started)})\b)",
            re.I,
        )
        self.first = compiled(  # '..., the first on 8 January 2021', 'the first dose given on'
            rf"\bthe\s+(?:{_one_of(rules.first)})(?:\s+(?:{one}))?\s+"
            rf"(?:(?:was\s+)?(?:{_one_of(rules.first_given)})\s+)?(?:on|in)\s+$",
            re.I,
        )
        self.completed = compiled(  # 'completed (on) DATE': ending where the date is written
            rf"\b(?:{_one_of(rules.completed)})\s+(?:on\s+|in\s+)?\Z", re.I
        )

    def count(self, word: str) -> int:
        """The count a matched count word or digit names."""
        return self.numbers.get(word.lower()) or int(word)


course_words = per_rule_set(CourseWords)


__all__ = ["CourseWords", "course_words"]
