"""Dates one treatment's words give to another: courses listed after a reason, companions.

'DLI x3 for MRD relapse: DATE, DATE, DATE' lists the DLI's courses, not the relapse's dates;
'DLI on DATE together with azacitidine' gives both treatments that day. Run by
`DatePolicy.assign` once every mention has its own dates.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

ONGOING = "ongoing"  # the context flag of a continuing state or treatment

if TYPE_CHECKING:
    from recordkit.nlp.attribution import DatePolicy


def give_listed_to_treatment(policy: DatePolicy, text: str, mentions: list) -> None:  # type: ignore[type-arg]
    """'DLI x3 for MRD relapse: DATE, DATE, DATE': dates listed after a treatment's reason.

    A mention named after a reason word right after a treatment is why it was given; the
    dates written after a colon that follows the reason are the treatment's courses.
    """
    given = set(policy.rules.given_kinds)
    for t, why in pairwise(mentions):
        if getattr(t, "kind", None) not in given or not why.dates:
            continue
        first = min(why.dates, key=lambda d: d.start)
        if (
            first.start > why.end
            and policy._reason.fullmatch(text, t.end, why.start)  # type: ignore[attr-defined]
            and re.fullmatch(r"\s*:\s*", text[why.end : first.start])
        ):
            t.dates += why.dates
            why.dates = []


def share_with_companion(policy: DatePolicy, text: str, mentions: list) -> None:  # type: ignore[type-arg]
    """'DLI on DATE together with azacitidine': both treatments were given on the date.

    A treatment named right after a companion word that follows a treatment's own date
    ('on DATE') and with no date of its own takes that date as well; not one its context
    calls continuing ('DLI on DATE, alongside azacitidine maintenance'): it ran already.
    """
    given = set(policy.rules.given_kinds)
    for x, y in pairwise(mentions):
        if getattr(y, "kind", None) not in given or y.dates or ONGOING in getattr(y, "flags", ()):
            continue
        if getattr(x, "kind", None) not in given:
            continue
        for d in x.dates:
            if (
                x.end <= d.start
                and policy._led.search(text, max(0, d.start - 12), d.start)  # type: ignore[attr-defined]
                and policy._companion.fullmatch(text, d.end, y.start)  # type: ignore[attr-defined]
            ):
                y.dates.append(d)
                break
