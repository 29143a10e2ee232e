"""'FBC at presentation' in a letter that tells when the patient presented: that day.

A letter writes the day the child or adult first came to hospital ('presented on DATE with
pallor', 'Vorstellung am DATE') and then the counts taken then ('FBC at presentation: Hb 71
g/L'); the diagnosis, made on the marrow days later, is another day. A value labelled with
one of `presentation_labels` takes the last presentation date the page states before it
(`presentation_dates`: what leads that date), else the diagnosis's day, as any value labelled
'at diagnosis' does.
"""

from __future__ import annotations

import re
from functools import lru_cache

from recordkit.dates import DateMention
from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.raw import RawDate, raw_date
from recordkit.nlp.rules import AttributionRules
from recordkit.rule_cache import compiled

_LEAD = 60  # characters before a date its lead may take ('presented to her GP on ')


@lru_cache(maxsize=4)
def _alternation(patterns: tuple[str, ...], tail: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    alts = "|".join(f"(?:{p})" for p in patterns)
    return compiled(rf"(?<![^\W\d_])(?:{alts}){tail}", re.I)


def presented_on(
    rules: AttributionRules,
    text: str,
    dates: list[DateMention],
    v: ValueMention,
    named: RawDate,
) -> RawDate | None:
    """The stated day of presentation a value labelled 'at presentation' was measured on."""
    label = _alternation(tuple(rules.presentation_labels), r"(?![^\W\d_])")
    lead = _alternation(tuple(rules.presentation_dates), r"\s*:?\s*$")
    if label is None or lead is None or not named.raw or not label.fullmatch(named.raw):
        return None
    told = [
        d
        for d in dates
        if d.end <= v.start
        and d.value is not None
        and d.relative is None
        and lead.search(text, max(0, d.start - _LEAD), d.start)
    ]
    return raw_date(told[-1], "section") if told else None


__all__ = ["presented_on"]
