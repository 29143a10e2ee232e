"""Values told beside a treatment's day: whose date is it?

'an allograft on 10/07/2023. Donor chimerism 98%': the day a treatment was given is not a later
result's; '7+3 (02/13/2023): MRD negative' is a response dated by its course's start day.
Read by the sentence-value pass (value_facts) when it weighs the dates around a value.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from recordkit.dates import DateMention
from recordkit.nlp.attribution import DatePolicy
from recordkit.nlp.date_claims import told_after_a_course
from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled


@lru_cache(maxsize=4)
def given_on_pattern(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """What stands between a treatment and its day: ' on', ', given on', ' (infused ', ' | '."""
    return compiled(rf"[\s,(|]*(?:(?:was\s+)?(?:{any_of(list(verbs))})\s+)?(?:on|from)?[\s(]*")


def a_treatments_day(
    scope: PageScope, d: DateMention, given: set[str], given_on: re.Pattern[str]
) -> bool:
    """'an allograft on 10/07/2023.': the day a treatment was given, never a later result's.

    A donor chimerism or an MRD told in a later sentence is not of day 0; it is undated there.
    Only `given_on` (dates.json `given_verbs`) stands between the treatment and the day.
    """
    return any(
        m.kind in given and m.end <= d.start and given_on.fullmatch(scope.text, m.end, d.start)
        for m in scope.doc._.rk_mentions
    )


def past_its_course(
    scope: PageScope, d: DateMention, v: ValueMention, given: set[str], given_on: re.Pattern[str]
) -> bool:
    """'CD22 CAR-T 14/09/2021; CR3 MRD-negative': a result told past a treatment's day.

    The semicolon parts a course from what came of it, as an arrow does; the result was
    found weeks after the day the treatment was given.
    """
    return (
        d.end <= v.start
        and ";" in scope.text[d.end : v.start]
        and a_treatments_day(scope, d, given, given_on)
    )


def response_on_course_day(
    scope: PageScope,
    d: DateMention | None,
    v: ValueMention,
    policy: DatePolicy,
    given_on: re.Pattern[str],
    told: list[Any],
) -> bool:
    """'7+3 (02/13/2023): MRD negative': a response's result dated by its course's start day.

    So is one told with a response the sentence says came after a course, the date written
    before both ('7+3 DATE - CR after course 1, MRD 0.9%'): the course's start.
    """
    rules = policy.rules
    return (
        d is not None
        and d.precision == "day"
        and d.end <= v.start
        and v.analyte in rules.response_analytes
        and (
            a_treatments_day(scope, d, set(rules.given_kinds), given_on)
            or any(m.end <= v.start and told_after_a_course(policy, scope.text, m, d) for m in told)
        )
    )


__all__ = ["a_treatments_day", "given_on_pattern", "past_its_course", "response_on_course_day"]
