"""A date that says what follows it began then: '皮肤慢性GVHD，6月1日起加用芦可替尼'.

A disease told with how long it has been known ('患者确诊AML 1年余', attribution.json's
`disease_durations`) takes no later date of its sentence.

A Chinese date followed by one of attribution.json's `from_date_words` ('起', '开始') is the
day what is told after it began on: a state (`reported_kinds`) told before it, past a comma,
never takes it as its onset. With nothing after it to take it, the date dates nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from recordkit.dates import DateMention
from recordkit.nlp.spans import Span, any_of
from recordkit.rule_cache import compiled

if TYPE_CHECKING:
    from recordkit.nlp.attribution import DatePolicy

Costs = list[tuple[float, int]]
_PARTED = re.compile(r"[,，;；]")


@lru_cache(maxsize=4)
def _from_date(words: tuple[str, ...]) -> re.Pattern[str]:
    return compiled(rf"[ \t]*(?:{any_of(list(words)) or '(?!x)x'})")


def started_from(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """The candidates for `d` once a from-date word after it has had its say."""
    if not _from_date(tuple(policy.rules.from_date_words)).match(text, d.end):
        return costs
    states = set(policy.rules.reported_kinds)
    return [
        (c, i)
        for c, i in costs
        if not (
            getattr(mentions[i], "kind", None) in states
            and mentions[i].end <= d.start
            and _PARTED.search(text, mentions[i].end, d.start)
        )
    ]


@lru_cache(maxsize=4)
def _durations(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return compiled("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x")


def known_for(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'患者确诊AML 1年余，…，DATE复查骨穿': a disease told with how long it has been known.

    Its diagnosis lies that long before the note: no later date of the sentence is its own.
    """
    told = _durations(tuple(policy.rules.disease_durations))
    return [
        (c, i)
        for c, i in costs
        if not (
            getattr(mentions[i], "kind", None) == "diagnosis"
            and mentions[i].end <= d.start
            and told.match(text, mentions[i].end)
        )
    ]


__all__ = ["known_for", "started_from"]
