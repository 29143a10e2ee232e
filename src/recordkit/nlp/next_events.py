"""A sequence word right after a date: what it leads came after that day.

'AI from DATE, then straight to transplant', 'ab DATE, danach direkt SZT', 'DATE puis
allogreffe': the date closes the clause of the event before it; the sequence word opens the
next event, which came later and is never dated by that day.
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


@lru_cache(maxsize=4)
def _sequence_after(words: tuple[str, ...], joins: tuple[str, ...]) -> re.Pattern[str] | None:
    """A sequence word right after a date: a bracket's close, a stop, 'and' may come first."""
    if not words:
        return None
    join = any_of(list(joins))
    lead = rf"\s*[)）]?\s*[,;:.–—-]?\s*(?:(?:{join})\s+)?"
    return compiled(rf"{lead}(?:{any_of(list(words))})(?![^\W\d_])", re.I)


def leads_next_event(policy: DatePolicy, text: str, d: DateMention) -> bool:
    """Whether a sequence word ('then', 'danach', 'followed by') follows date `d`."""
    rules = policy.rules
    cue = _sequence_after(tuple(rules.sequence_words), tuple(rules.conjunctions))
    return cue is not None and cue.match(text, d.end) is not None


def not_after_sequence(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """No mention after a date that a sequence word follows takes it: it came later."""
    if not leads_next_event(policy, text, d):
        return costs
    return [(c, i) for c, i in costs if mentions[i].end <= d.start]


__all__ = ["leads_next_event", "not_after_sequence"]
