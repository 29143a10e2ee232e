"""An earlier test a report compares with: 'Previous myelogram (06.12.2020): blasts 0.8%'.

Its date dates that test's own results, told with it, never the findings and conclusions that
follow it in the paragraph or the report's fields ('Conclusion: ... Relapse.'), which are the
present test's. The words are attribution.json's `earlier_test_cues`, the tests its
`assessment_words`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from recordkit.dates import DateMention
from recordkit.nlp.spans import Span, any_of
from recordkit.nlp.value_types import ValueMention
from recordkit.rule_cache import compiled

if TYPE_CHECKING:
    from recordkit.nlp.attribution import DatePolicy
    from recordkit.nlp.page_scope import PageScope

REACH = 80  # characters before a date within which the earlier test is named


@lru_cache(maxsize=8)
def _named_before(
    cues: tuple[str, ...], tests: tuple[str, ...], ids: tuple[str, ...]
) -> re.Pattern[str]:
    """'Previous myelogram (', 'compared with the marrow of ', 'médula previa (': before a date.

    The test's name may carry a day count ('the day +29 post-CAR-T marrow (') and its bracket
    a specimen number before the date ('(XYZ-23-BM-01177, ').
    """
    prior = "|".join(f"(?:{c})" for c in cues) or r"(?!x)x"
    test = any_of(list(tests))
    number = "|".join(f"(?:{c})" for c in ids) or r"(?!x)x"
    return compiled(
        rf"(?<![^\W\d_])(?:(?:{prior})\s+(?:(?:[^\W\d_]|\+\d)[\w+/-]*\s+){{0,4}}?(?:{test})"
        rf"(?![A-Za-z])[^\n.;:,()（）]{{0,30}}|(?:{test})\s+(?:{prior}))"
        rf"\s*(?:[(（]\s*(?:(?:{number})\s*[,;:]\s*)?)?(?:(?:of|on|from|dated|vom|du|del|de)\s+)?$",
        re.I,
    )


def _pattern(policy: DatePolicy) -> re.Pattern[str]:
    rules = policy.rules
    return _named_before(
        tuple(rules.earlier_test_cues), tuple(rules.assessment_words), tuple(rules.specimen_numbers)
    )


def earlier_test(policy: DatePolicy, text: str, d: DateMention) -> bool:
    """True when `d` is the date of an earlier test named right before it."""
    return _pattern(policy).search(text, max(0, d.start - REACH), d.start) is not None


def earlier_results(
    policy: DatePolicy, text: str, dates: list[DateMention]
) -> dict[DateMention, tuple[int, int]]:
    """An earlier test's date -> the span of its results in the bracket that holds them.

    'compared with the prior marrow of DATE (XYZ-23-BM-01177: 1% blasts, MRD negative)', or
    '... marrow (XYZ-F23-2291, DATE: MRD negative, 1% blasts)': the results after the date up
    to the bracket's close are the earlier test's. 'Previous myelogram (DATE): ...' has none.
    """
    rules = policy.rules
    number = "|".join(f"(?:{c})" for c in rules.specimen_numbers) or r"(?!x)x"
    opens = compiled(rf"\s*[(（]\s*(?:(?:{number})\s*[,;:]\s*)?", re.I)
    out = {}
    for d in dates:
        m = _pattern(policy).search(text, max(0, d.start - REACH), d.start)
        if m is None:
            continue
        inside = re.search(r"[(（][^()（）]*$", m.group(0)) is not None
        lead = None if inside else opens.match(text, d.end)
        if not inside and lead is None:
            continue
        lo = d.end if inside else lead.end()  # type: ignore[union-attr]
        close = re.compile(r"[^()（）\n]*[)）]").match(text, lo)
        if close is not None and re.search(r"\w", close.group(0)):  # '(DATE):' holds none
            out[d] = (lo, close.end())
    return out


def mark_earlier_results(
    policy: DatePolicy, text: str, dates: list[DateMention], values: list[ValueMention]
) -> tuple[list[ValueMention], set[tuple[int, int]]]:
    """`values`, those of an earlier test's results bracket flagged as a trend's earlier values.

    With the dates of those tests that hold one (only such a value takes one), as a
    comparison's are: 'Previous myelogram (DATE): blasts 1.2%' holds none in its bracket.
    """
    spans = earlier_results(policy, text, dates)
    held = {d: [v for v in values if lo <= v.start < hi] for d, (lo, hi) in spans.items()}
    inside = {id(v) for vs in held.values() for v in vs if "prior_value" not in v.flags}
    marked = [replace(v, flags=(*v.flags, "prior_value")) if id(v) in inside else v for v in values]
    return marked, {(d.start, d.end) for d, vs in held.items() if vs}


def results_apart(
    policy: DatePolicy, text: str, dates: list[DateMention], anchors: list[Span]
) -> set[DateMention]:
    """The dates of earlier tests whose results bracket holds none of `anchors`.

    'Compared with the day +29 marrow (ID, DATE: MRD negative) this represents relapse': the
    relapse is the present specimen's, never dated by the earlier test's day.
    """
    spans = earlier_results(policy, text, dates)
    return {d for d, (lo, hi) in spans.items() if not any(lo <= a.start < hi for a in anchors)}


def present_tests(scope: PageScope, policy: DatePolicy) -> list[DateMention]:
    """The page's dates but those of an earlier test a report compares with.

    'Previous myelogram (DATE): blasts 0.8%.' then 'Conclusion: ... Relapse.': the date is
    the earlier test's; the conclusion is the present one's, never dated by it. Worked out
    once a page (its dates do not change while it is read).
    """
    memo = scope.__dict__.setdefault("_present_tests", {})  # asked for each value and event
    kept = memo.get(id(policy))
    if kept is None or kept[0] is not policy:
        kept = (policy, [d for d in scope.dates if not earlier_test(policy, scope.text, d)])
        memo[id(policy)] = kept
    return kept[1]


__all__ = [
    "earlier_results",
    "earlier_test",
    "mark_earlier_results",
    "present_tests",
    "results_apart",
]
