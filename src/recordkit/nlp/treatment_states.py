"""The disease state a treatment was given in: 'allo-SCT in CR2 on DATE'.

A remission written with a state preposition right after a treatment ('allo-SCT (MUD, PBSC)
DATE in CR2', 'transplant from a matched unrelated donor on DATE in CR2') tells the state the
patient was in when the treatment was given, found before it: no remission begins on the
treatment's day, and the date is the treatment's. A clause break between them (',', ';', an
arrow) parts the state from the treatment: 'FLAG-Ida on DATE, in CR2 by day 28' tells a result.
"""

from __future__ import annotations

import re
from functools import lru_cache

from recordkit.nlp.anchors import Anchor
from recordkit.nlp.rules import AttributionRules
from recordkit.nlp.spans import ARROW, outside_brackets

_REACH = 90  # characters a treatment's own words (donor, source, date) may take before the state
_PARTED = re.compile(r"[,;:.]|\s[-–—]\s")


@lru_cache(maxsize=4)
def _state_cue(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    alt = "|".join(f"(?:{c})" for c in cues)
    return re.compile(rf"(?:{alt})\s*$", re.I) if cues else None


def _treatment_before(text: str, anchors: list[Anchor], i: int, given: set[str]) -> bool:
    """Whether the anchor before `i` is a treatment with only its own words between them."""
    if i == 0 or anchors[i - 1].kind not in given:
        return False
    gap = text[anchors[i - 1].end : anchors[i].start]
    bare = outside_brackets(gap)
    return len(gap) <= _REACH and not _PARTED.search(bare) and not ARROW.search(bare)


def states_at_treatment(text: str, anchors: list[Anchor], rules: AttributionRules) -> set[int]:
    """Indexes of the anchors that name the state a treatment told just before was given in."""
    cue = _state_cue(tuple(rules.state_at_treatment))
    if cue is None:
        return set()
    given, states = set(rules.given_kinds), set(rules.response_kinds)
    return {
        i
        for i, a in enumerate(anchors)
        if a.kind in states
        and cue.search(text, max(0, a.start - 40), a.start)
        and _treatment_before(text, anchors, i, given)
    }


__all__ = ["states_at_treatment"]
