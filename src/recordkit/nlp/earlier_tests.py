"""An earlier test a report compares with: 'Previous myelogram (06.12.2020): blasts 0.8%'.

Its date dates that test's own results, told with it, never the findings and conclusions that
follow it in the paragraph or the report's fields ('Conclusion: ... Relapse.'), which are the
present test's. The words are attribution.json's `earlier_test_cues`, the tests its
`assessment_words`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from recordkit.dates import DateMention
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled

if TYPE_CHECKING:
    from recordkit.nlp.attribution import DatePolicy
    from recordkit.nlp.page_scope import PageScope

REACH = 80  # characters before a date within which the earlier test is named


@lru_cache(maxsize=8)
def _named_before(cues: tuple[str, ...], tests: tuple[str, ...]) -> re.Pattern[str]:
    """'Previous myelogram (', 'compared with the marrow of ', 'médula previa (': before a date."""
    prior = "|".join(f"(?:{c})" for c in cues) or r"(?!x)x"
    test = any_of(list(tests))
    return compiled(
        rf"(?<![^\W\d_])(?:(?:{prior})\s+(?:[^\W\d_][\w+/-]*\s+){{0,3}}?(?:{test})"
        rf"(?![A-Za-z])[^\n.;:,()（）]{{0,30}}|(?:{test})\s+(?:{prior}))"
        rf"\s*[(（]?\s*(?:(?:of|on|from|dated|vom|du|del|de)\s+)?$",
        re.I,
    )


def earlier_test(policy: DatePolicy, text: str, d: DateMention) -> bool:
    """True when `d` is the date of an earlier test named right before it."""
    rules = policy.rules
    named = _named_before(tuple(rules.earlier_test_cues), tuple(rules.assessment_words))
    return named.search(text, max(0, d.start - REACH), d.start) is not None


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


__all__ = ["earlier_test", "present_tests"]
