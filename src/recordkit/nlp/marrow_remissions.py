"""An MRD-negative marrow after a treatment told just before it: the remission that treatment gave.

'Tisagenlecleucel infused on 13/02/2024. Bone marrow on 12/03/2024: MRD negative.', and
'Blinatumomab cycle 1 from 01/03/2023. Repeat marrow on 07/04/2023: MRD negative.': a marrow's
result written without a time word ('day +28', 'after') still tells a remission when the lines
just above it (`story_start`: a few, not past a heading or table) have told a treatment (a CAR-T, a
course) and no state since, and the patient was not already in a remission told earlier on the
page (a relapse told after that remission ends it; an earlier MRD-negative marrow is one). A
marrow after a transplant or DLI, given in remission, does not: it confirms that remission.
"""

from __future__ import annotations

from recordkit.layout import PageLayout
from recordkit.nlp.anchors import Anchor, regimen_anchors
from recordkit.nlp.components import Mention
from recordkit.nlp.past_points import story_start
from recordkit.nlp.raw import DROP_FLAGS
from recordkit.nlp.rules import RuleSet

MARROW_NEGATIVE = "marrow_negative"  # the trigger kind of a marrow's MRD-negative result
_GIVEN = ("car_t", "regimen")  # treatments a remission may follow
_IN_REMISSION = ("transplant", "dli")  # treatments given in a remission: they give none
_STATES = ("remission", "relapse", MARROW_NEGATIVE)  # an earlier clear marrow: in remission


def _told(mentions: list[Mention], text: str, end: int, rules: RuleSet) -> list[Anchor]:
    """The events told on the page before `end`, as anchors, in order; none a cue drops."""
    before = [m for m in mentions if m.end <= end]
    told = [Anchor(m.kind, m.start, m.end, m.attrs, m.flags) for m in before]
    told += regimen_anchors(before, text, rules)
    kinds = (*_GIVEN, *_IN_REMISSION, *_STATES)
    return sorted(
        (a for a in told if a.kind in kinds and not a.flags & DROP_FLAGS), key=lambda a: a.start
    )


def _after_treatment(
    mentions: list[Mention], text: str, layout: PageLayout, m: Mention, rules: RuleSet
) -> bool:
    """Whether marrow result `m` follows a treatment just told that gave its remission."""
    told = _told(mentions, text, m.start, rules)
    if not told or told[-1].kind not in _GIVEN or told[-1].start < story_start(layout, m.start):
        return False
    states = [a.kind for a in told if a.kind in _STATES]
    return not states or states[-1] == "relapse"


def marrow_remissions(
    mentions: list[Mention], text: str, layout: PageLayout, span: tuple[int, int], rules: RuleSet
) -> list[Anchor]:
    """The remissions the MRD-negative marrows of sentence `span` tell after a treatment.

    `text` is the page's analysis text, in `layout`'s offsets.
    """
    s0, s1 = span
    if any(m.kind == "remission" and s0 <= m.start < s1 for m in mentions):
        return []  # 'marrow: MRD negative, complete remission': the remission is told
    return [
        Anchor("remission", m.start, m.end, dict(m.attrs), set(m.flags))
        for m in mentions
        if m.kind == MARROW_NEGATIVE
        and s0 <= m.start < s1
        and _after_treatment(mentions, text, layout, m, rules)
    ]


__all__ = ["MARROW_NEGATIVE", "marrow_remissions"]
