"""A treatment's planned date against the day it was given.

'Allo-SCT, which was planned for July 2023, was done on 02/08/2023': a date led by one of
attribution.json `plan_date_leads` is when the treatment was meant to be given; where the
treatment has another date of its own, that one is the day it was given.
"""

from __future__ import annotations

import re
from typing import Any

from recordkit.nlp.rules import AttributionRules
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled, per_rule_set


@per_rule_set
def _plan_lead(rules: AttributionRules) -> re.Pattern[str]:
    return compiled(rf"(?<![^\W\d_])(?:{any_of(rules.plan_date_leads)})\s*$", re.I)


def given_not_planned(text: str, kind: str, own: list[Any], rules: AttributionRules) -> list[Any]:
    """`own` without the dates a plan word leads, when a treatment has another date left."""
    if kind not in rules.given_kinds:
        return own
    lead = _plan_lead(rules)
    given = [d for d in own if not lead.search(text, max(0, d.start - 40), d.start)]
    return given or own


__all__ = ["given_not_planned"]
