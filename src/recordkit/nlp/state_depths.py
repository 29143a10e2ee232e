"""A depth word in a remission's own bracket: the remission's depth, not a new result.

'Diagnosis: AML, second complete remission (MRD negative)', 'AML in CR2 (MRD negative)': the
bracket says how deep the remission is that the patient is in (told with its own date where
it was found); it reports no test. A negative MRD word there is no measurement, unless the
bracket or the remission's clause gives what a test would: a value ('(MRD 0.01%)' is no
negative word), or a date ('(MRD negative on marrow 12/10/2021)', 'CR2 (MRD negative) on
12/10/2021': that marrow's result). The depth itself is read by attributes.json's
`remission_depth` ('MRD-negative CR1' names no value at all). A depth told right after the
remission with a comma ('in complete remission, MRD negative.') is the same bracket written as
an apposition, so long as it names no test or specimen of its own ('..., MRD negative on the
marrow of DATE', '..., MRD negative by flow' report a test). A remission whose depth its own
words leave untold takes MRD-negative from the very next sentence of its paragraph when that
gives an undated negative MRD of no other specimen (`depth_told_next`): the same sample's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from recordkit.dates import DateMention
from recordkit.nlp.attributes import MRD_NEGATIVE, tells_mrd_negative
from recordkit.nlp.mention import Mention
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.value_types import ValueMention
from recordkit.rule_cache import compiled

STATE_KIND = "remission"  # the state whose depth a bracket may tell
_BRACKET = re.compile(r"\s*\(([^()\n]{1,60})\)")  # the bracket right after the mention
_APPOSITION = re.compile(r"\s*,\s*([^,.;()\n]{1,60}?)\s*(?=[,.;\n]|$)")  # ', MRD negative.'
_CLAUSE_END = re.compile(r"[.;\n]")  # a comma may join the state's own date: '..., since DATE'
_CLAUSE_START = re.compile(r"[.;:\n][^.;:\n]*$")
_SENTENCE_END = re.compile(r"\.(?!\d)|\n")
_SENTENCE_START = re.compile(r"(?:\.(?!\d)|\n)(?:[^.\n]|\.\d)*$")
_NEXT_SENTENCE = re.compile(r"[.。]?[ \t]*(?:\n[ \t]*)?(?=\S)")  # no blank line between


@lru_cache(maxsize=4)
def _test_cues(cues: tuple[str, ...]) -> re.Pattern[str]:
    return compiled("|".join(f"(?:{c})" for c in cues) or r"(?!)", re.I)


def _names_a_test(words: str, rules: RuleSet) -> bool:
    """Whether `words` name a specimen or a method of their own ('on marrow', 'by flow')."""
    a = rules.analytes
    cues = a.marrow_cues + a.blood_specimen_cues + a.other_specimen_cues + a.flow_population_cues
    return bool(_test_cues(tuple(cues)).search(words))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or list line) around `start`..`end`."""
    lead = _SENTENCE_START.search(text, 0, start)
    tail = _SENTENCE_END.search(text, end)
    return (lead.start() + 1 if lead else 0), (tail.start() if tail else len(text))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around `start`..`end`: from the last stop before it to the next after it."""
    lead = _CLAUSE_START.search(text, 0, start)
    tail = _CLAUSE_END.search(text, end)
    return (lead.start() + 1 if lead else 0), (tail.start() if tail else len(text))


Span = tuple[int, int]


def _depth_told(text: str, m: Mention, rules: RuleSet) -> tuple[Span, Span] | None:
    """The bracket or apposition after remission `m` telling an MRD-negative depth.

    With it, the stretch of text that must date nothing for it to be the remission's depth.
    """
    b = _BRACKET.match(text, m.end)
    if b is not None and tells_mrd_negative(b.group(1), rules):
        return (b.start(1), b.end(1)), _clause(text, m.start, b.end(1))
    c = _APPOSITION.match(text, m.end)
    if c is None or not tells_mrd_negative(c.group(1), rules):
        return None
    lo, hi = _sentence(text, m.start, c.end(1))  # a dated entry's line tells that test
    return None if _names_a_test(text[lo:hi], rules) else ((c.start(1), c.end(1)), (lo, hi))


def _names_other_specimen(words: str, rules: RuleSet) -> bool:
    """Whether `words` name a specimen other than the marrow ('PB MRD negative')."""
    a = rules.analytes
    cues = a.blood_specimen_cues + a.not_marrow_cues + a.other_specimen_cues
    return bool(_test_cues(tuple(cues)).search(words))


def depth_told_next(
    text: str, ends: Span, negatives: Sequence[int], dates: Sequence[DateMention], rules: RuleSet
) -> str | None:
    """MRD-negative when the sentence after a remission's tells its depth.

    'Bone marrow 12/04/2022: complete remission, 1% blasts. MRD negative by flow (<0.01%).':
    the next sentence of its paragraph gives a negative MRD (one of `negatives`, the page's
    negative MRD results) with no date of its own and no other specimen: the same sample's.
    `ends` are where the remission's sentence and its paragraph end.
    """
    gap = _NEXT_SENTENCE.match(text, ends[0])
    if gap is None or gap.end() >= ends[1]:
        return None
    lo = gap.end()
    tail = _SENTENCE_END.search(text, lo)
    hi = tail.start() if tail else len(text)
    told = any(lo <= n < hi for n in negatives) and tells_mrd_negative(text[lo:hi], rules)
    if not told or any(lo <= d.start < hi for d in dates):
        return None
    return None if _names_other_specimen(text[lo:hi], rules) else MRD_NEGATIVE


def state_depths(
    text: str,
    values: Sequence[ValueMention],
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
    rules: RuleSet,
) -> list[ValueMention]:
    """The negative values of `values` that only tell an undated remission's depth."""
    out: list[ValueMention] = []
    for m in (m for m in mentions if m.kind == STATE_KIND):
        told = _depth_told(text, m, rules)
        if told is None:
            continue
        span, (lo, hi) = told
        if any(lo <= d.start < hi for d in dates):
            continue
        out += [
            v
            for v in values
            if span[0] <= v.start < span[1] and "negative" in v.flags and v.value == 0
        ]
    return out


__all__ = ["depth_told_next", "state_depths"]
