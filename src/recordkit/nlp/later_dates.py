"""Dates written before a value that tell another time than the value's own.

'B-ALL, diagnosed DATE, in CR1, MRD negative': the value is of a state told after the event's
date; 'diagnosed DATE, MRD negative by flow after consolidation': it was found after a later
phase. A typed list line's leading date ('DATE   BMA   blasts 3%   (post C2)') is its own.
"""

from __future__ import annotations

import re
from typing import Any

from recordkit.dates import DateMention
from recordkit.layout import cues
from recordkit.nlp.attribution import DatePolicy
from recordkit.nlp.clause_time import after_alone, phase_words
from recordkit.nlp.measurements import ValueMention

CLAUSE_BREAK = re.compile(r"[,;.]\s|[,;]|\.$")


def _of_a_later_state(
    policy: DatePolicy, text: str, d: DateMention, v: ValueMention, told: list[Any]
) -> bool:
    """'B-ALL, diagnosed DATE, in CR1, MRD negative': a value told of a state after an event's date.

    True when `d` is an event's own date (`participle_dated`) and a state of `reported_kinds`
    is named between it and the later value.
    """
    if d.end > v.start or not policy.participle_dated(text, d):
        return False
    states = set(policy.rules.reported_kinds)
    return any(
        getattr(m, "kind", None) in states and d.end <= m.start and m.end <= v.start for m in told
    )


def _row_end(text: str, v: ValueMention) -> int:
    """Where the table row the value stands in ends (its line's end); the text's end if none.

    A row's last cell ends its clause: 'CR (BM DATE: blasts 2%, MRD 0.8%)' is not continued by
    the next rows or by the sentence under the table ('... MRD positivity after consolidation').
    """
    start, end = text.rfind("\n", 0, v.start) + 1, text.find("\n", v.end)
    end = len(text) if end < 0 else end
    return end if " | " in text[start:end] else len(text)


def _found_after_a_phase(
    policy: DatePolicy, text: str, d: DateMention, v: ValueMention, told: list[Any]
) -> bool:
    """'diagnosed DATE, MRD negative by flow after consolidation': found at a later time.

    True when the value's own clause goes on with an after-word and a treatment phase or a
    treatment given, and `d`, written before the value, is no test's date.
    """
    rules = policy.rules
    states, given = set(rules.reported_kinds), set(rules.given_kinds)
    stated = any(  # 'BM relapse (03/2022)': the relapse's date, not a test's
        getattr(m, "kind", None) in states and d.start - 40 <= m.start and m.end <= d.start
        for m in told
    )
    if d.end > v.start or (not stated and (policy.assessed(text, d) or policy.of_a_test(text, d))):
        return False
    if cues.heads_dated_line(text, d.start):  # 'DATE   BMA   blasts 3%   (post C2)': its day
        return False
    if after_alone(tuple(rules.after_words)).match(text, v.end) and any(
        getattr(t, "kind", None) in given | {"drug"} and d.start - 80 <= t.start < v.start
        for t in told
    ):  # 'cycle DATE - DATE (MRD 6 x 10^-3 after)': after that course, some later day
        return True
    after, phase = phase_words(tuple(rules.after_words), tuple(rules.phase_words))
    brk = CLAUSE_BREAK.search(text, v.end)
    end = min(brk.start() if brk else len(text), _row_end(text, v))
    for m in after.finditer(text, v.end, end):
        if phase.match(text, m.end(), end) or any(
            getattr(t, "kind", None) in given and m.end() <= t.start < min(end, m.end() + 12)
            for t in told
        ):
            return True
    return False


def not_its_date(
    policy: DatePolicy, text: str, d: DateMention, v: ValueMention, told: list[Any]
) -> bool:
    """A date before a value that tells another time: a later state's, a later phase's."""
    return _of_a_later_state(policy, text, d, v, told) or _found_after_a_phase(
        policy, text, d, v, told
    )


__all__ = ["CLAUSE_BREAK", "not_its_date"]
