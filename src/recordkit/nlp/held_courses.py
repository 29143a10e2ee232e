"""A value told as the reason a course was delayed or held: measured before it was given.

'Cycle 2 delayed for neutropenia (ANC 0.2); given 08/12/2024.': the count that held the course
was measured before the day the course was finally given, on a day the sentence does not
write. A value in the reason's clause (attribution.json's `hold_words` then one of its
`reason_words`, perhaps with a few words between: 'held 2 weeks for', up to the
clause's end) takes only a date written inside that clause; with
none it is left undated, with the reason (`HELD_REASON`), never given the course's day nor
the letter's. So is a value in the indication a sentence opens with (`indication_words`:
'Per MRD persistente (0,02%) ha eseguito blinatumomab dal DATE', 'For persistent MRD (0.03%)
he received ...'): up to the treatment it names (`given_kinds`), the value was found before
the treatment began, whose day is not the value's (`INDICATION_REASON`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from recordkit.nlp.rules import AttributionRules
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled

HELD_REASON = (
    "told as the reason a course was delayed or held: measured before the course was given, "
    "on a day not written"
)

INDICATION_REASON = (
    "told as the reason a treatment was given: measured before the treatment began, "
    "on a day not written"
)


@lru_cache(maxsize=4)
def _opening(words: tuple[str, ...]) -> re.Pattern[str]:
    """A sentence's opening indication word ('Per', 'For', 'Pour'), after any list mark."""
    if not words:
        return compiled(r"(?!x)x")
    return compiled(rf"[\s\-–•*·]*(?:{any_of(list(words))})\s+", re.I)


@lru_cache(maxsize=4)
def _held_for(held: tuple[str, ...], why: tuple[str, ...]) -> re.Pattern[str]:
    if not held or not why:
        return compiled(r"(?!x)x")
    told = rf"(?<![^\W\d_])(?:{any_of(list(held))})\s+"
    return compiled(rf"{told}(?:[^\s,;.()]+\s+){{0,3}}?(?:{any_of(list(why))})\b", re.I)


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the clause from `start` ends.

    At a semicolon, a line break, a ', ' or '. ' outside brackets, or the close of a bracket
    opened before `start`.
    """
    depth = 0
    for i in range(start, end):
        c = text[i]
        if c in "(（[":
            depth += 1
        elif c in ")）]":
            depth -= 1
        if depth < 0 or (depth == 0 and c in ";；\n"):
            return i
        if depth == 0 and c in ",." and (i + 1 == end or text[i + 1].isspace()):
            return i
    return end


def held_reason(
    text: str,
    sentence: tuple[int, int],
    value_start: int,
    rules: AttributionRules,
    told: Sequence[Any] = (),
) -> tuple[int, int, str] | None:
    """The span of the reason clause that holds the value at `value_start`, and why, if any.

    A course's delay's reason ('delayed for ANC 0.2'), or the indication a sentence opens with,
    up to the treatment it was the reason for ('Per MRD persistente (0,02%) ha eseguito ...').
    """
    s0, s1 = sentence
    cue = _held_for(tuple(rules.hold_words), tuple(rules.reason_words))
    for m in cue.finditer(text, s0, value_start):
        end = _clause_end(text, m.end(), s1)
        if value_start < end:
            return m.start(), end, HELD_REASON
    lead = _opening(tuple(rules.indication_words)).match(text, s0)
    if lead is None or lead.end() > value_start:
        return None
    given = {*rules.given_kinds, "drug"}  # a drug's mention is named a regimen later
    treated = [t.start for t in told if t.kind in given and value_start < t.start < s1]
    end = min([_clause_end(text, lead.end(), s1), *treated[:1]])
    return (lead.start(), end, INDICATION_REASON) if treated and value_start < end else None


__all__ = ["HELD_REASON", "INDICATION_REASON", "held_reason"]
