"""The disease state a treatment was given in: 'allo-SCT in CR2 on DATE'.

A remission written with a state preposition right after a treatment ('allo-SCT (MUD, PBSC)
DATE in CR2', 'transplant from a matched unrelated donor on DATE in CR2') tells the state the
patient was in when the treatment was given, found before it: no remission begins on the
treatment's day, and the date is the treatment's. A clause break between them (',', ';', an
arrow) parts the state from the treatment: 'FLAG-Ida on DATE, in CR2 by day 28' tells a result.

In the other word order a joining word leads the treatment told after the state ('AML in CR1,
s/p MUD PBSCT on DATE'): for a treatment given in remission (a transplant) the state is the one
it was given in, never dated by it; a date written between them is the state's own and keeps it.
So does an arrow from a remission no arrow leads: 'CR1 -> MSD allo-PBSCT DATE'.
"""

from __future__ import annotations

import re
from functools import lru_cache

from recordkit.dates import DateMention
from recordkit.nlp.anchors import Anchor
from recordkit.nlp.rules import AttributionRules
from recordkit.nlp.spans import ARROW, outside_brackets
from recordkit.rule_cache import compiled

_REACH = 90  # characters a treatment's own words (donor, source, date) may take before the state
_PARTED = re.compile(r"[,;:.]|\s[-–—]\s")
_NUMBERED = re.compile(r"\d[\d./-]*\d|\d\.")  # 'am 07.06.2022 in 1.': a date, an ordinal


@lru_cache(maxsize=4)
def _state_cue(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    alt = "|".join(f"(?:{c})" for c in cues)
    return compiled(rf"(?:{alt})\s*$", re.I) if cues else None


def _treatment_before(text: str, anchors: list[Anchor], i: int, given: set[str]) -> bool:
    """Whether the anchor before `i` is a treatment with only its own words between them."""
    if i == 0 or anchors[i - 1].kind not in given:
        return False
    gap = text[anchors[i - 1].end : anchors[i].start]
    bare = _NUMBERED.sub("", outside_brackets(gap))
    return len(gap) <= _REACH and not _PARTED.search(bare) and not ARROW.search(bare)


@lru_cache(maxsize=4)
def _join(joins: tuple[str, ...]) -> re.Pattern[str] | None:
    return compiled("|".join(f"(?:{j})" for j in joins), re.I) if joins else None


def _treatment_after(
    text: str,
    anchors: list[Anchor],
    i: int,
    rules: AttributionRules,
    dates: list[DateMention],
    joins: list[str] | None = None,
) -> bool:
    """Whether a joining word ('s/p') leads a treatment given in remission told after `i`."""
    join = _join(tuple(rules.state_before_treatment if joins is None else joins))
    if join is None or i + 1 >= len(anchors):
        return False
    after = anchors[i + 1]
    if after.kind not in rules.given_in_remission_kinds:
        return False
    start, end = anchors[i].end, after.start
    led = join.match(text, start, end)
    if led is None or end - led.end() > _REACH or any(start <= d.start < end for d in dates):
        return False
    own_words = outside_brackets(text[led.end() : end])
    return not _PARTED.search(own_words) and not ARROW.search(own_words)


def _arrowed_to_treatment(
    text: str, anchors: list[Anchor], i: int, rules: AttributionRules, dates: list[DateMention]
) -> bool:
    """'B-ALL, CR1 -> MSD allo-PBSCT DATE': the state the transplant was given in.

    An arrow from a remission that no arrow leads (not a course's result: 'FLAG-Ida -> CR1
    -> allo-SCT') to a treatment given in remission joins them as `state_before_treatment`.
    """
    lo = anchors[i - 1].end if i else max(0, anchors[i].start - 40)
    if ARROW.search(text, lo, anchors[i].start):
        return False
    return _treatment_after(text, anchors, i, rules, dates, rules.state_arrow_to_treatment)


def states_at_treatment(
    text: str, anchors: list[Anchor], rules: AttributionRules, dates: list[DateMention]
) -> set[int]:
    """Indexes of the anchors that name the state a treatment told beside it was given in."""
    cue = _state_cue(tuple(rules.state_at_treatment))
    if cue is None:
        return set()
    given, states = set(rules.given_kinds), set(rules.response_kinds)
    return {
        i
        for i, a in enumerate(anchors)
        if a.kind in states
        and (
            (
                cue.search(text, max(0, a.start - 40), a.start)
                and (
                    _treatment_before(text, anchors, i, given)
                    or _treatment_after(text, anchors, i, rules, dates)
                )
            )
            or _arrowed_to_treatment(text, anchors, i, rules, dates)
        )
    }


__all__ = ["states_at_treatment"]
