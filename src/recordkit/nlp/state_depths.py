"""A depth word in a remission's own bracket: the remission's depth, not a new result.

'Diagnosis: AML, second complete remission (MRD negative)', 'AML in CR2 (MRD negative)': the
bracket says how deep the remission is that the patient is in (told with its own date where
it was found); it reports no test. A negative MRD word there is no measurement, unless the
bracket or the remission's clause gives what a test would: a value ('(MRD 0.01%)' is no
negative word), or a date ('(MRD negative on marrow 12/10/2021)', 'CR2 (MRD negative) on
12/10/2021': that marrow's result). The depth itself is read by attributes.json's
`remission_depth` ('MRD-negative CR1' names no value at all).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from recordkit.dates import DateMention
from recordkit.nlp.attributes import tells_mrd_negative
from recordkit.nlp.mention import Mention
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.value_types import ValueMention

STATE_KIND = "remission"  # the state whose depth a bracket may tell
_BRACKET = re.compile(r"\s*\(([^()\n]{1,60})\)")  # the bracket right after the mention
_CLAUSE_END = re.compile(r"[.;\n]")  # a comma may join the state's own date: '..., since DATE'
_CLAUSE_START = re.compile(r"[.;:\n][^.;:\n]*$")


def _depth_bracket(text: str, m: Mention, rules: RuleSet) -> tuple[int, int] | None:
    """The span of the bracket right after remission `m` that tells an MRD-negative depth."""
    b = _BRACKET.match(text, m.end)
    if b is None or not tells_mrd_negative(b.group(1), rules):
        return None
    return b.start(1), b.end(1)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around `start`..`end`: from the last stop before it to the next after it."""
    lead = _CLAUSE_START.search(text, 0, start)
    tail = _CLAUSE_END.search(text, end)
    return (lead.start() + 1 if lead else 0), (tail.start() if tail else len(text))


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
        span = _depth_bracket(text, m, rules)
        if span is None:
            continue
        lo, hi = _clause(text, m.start, span[1])
        if any(lo <= d.start < hi for d in dates):
            continue
        out += [
            v
            for v in values
            if span[0] <= v.start < span[1] and "negative" in v.flags and v.value == 0
        ]
    return out


__all__ = ["state_depths"]
