"""Which of an event's own dates is its date: not a plan's, and a sign's onset before a test's.

'Allo-SCT, which was planned for July 2023, was done on 02/08/2023': a date led by one of
attribution.json `plan_date_leads` is when the treatment was meant to be given; where the
treatment has another date of its own, that one is the day it was given.

'Itchy rash over the trunk since 08/05/2023. Skin biopsy on 15/05/2023: consistent with acute
GVHD.': a GVHD a finding confirms (`confirming_words` in its sentence) began when its organ's
signs began (vocabulary.json `gvhd_signs`), as registries date it: a date led by a since or
onset word (`since_words`, `onset_words`) in the same paragraph or the two right above (a
note's 'S:' and 'O:' lines above its 'Ix:'), and of any organ where the GVHD names none, up to
`sign_onset_days` before the finding's day, is its date, doubted a little (`ONSET_BEFORE`).
"""

from __future__ import annotations

import re
from typing import Any

from recordkit.dates import DateMention
from recordkit.nlp.anchors import Anchor
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.rules import AttributionRules, RuleSet
from recordkit.nlp.spans import any_of
from recordkit.nlp.told_apart import ONSET_BEFORE
from recordkit.rule_cache import compiled, per_rule_set

_LOOK_BACK = 400  # characters: the paragraph or those right above, never the page's story
_BLOCKS_ABOVE = 2  # a note's 'S:' line, its 'O:' line, then the 'Ix:' line confirming
_SENTENCE_END = re.compile(r"[.;\n](?!\d)")


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


def own_dates(
    scope: PageScope, span: tuple[int, int], a: Anchor, organ: Any, own: list[Any], rules: RuleSet
) -> list[Any]:
    """The anchor's own dates, a plan's left out and a confirmed GVHD's taken from its onset."""
    own = given_not_planned(scope.text, a.kind, own, rules.attribution)
    onset = _signs_onset(scope, span, a, organ, own, rules)
    if onset is None:
        return own
    a.flags.add(ONSET_BEFORE)
    return [onset]


def _signs_onset(
    scope: PageScope, span: tuple[int, int], a: Anchor, organ: Any, own: list[Any], rules: RuleSet
) -> DateMention | None:
    """The onset of the organ's signs told before a GVHD a finding confirms on its own day."""
    table = rules.vocabulary.gvhd_signs  # an organ not named: any organ's signs
    signs = table.get(organ, []) if organ else [p for ps in table.values() for p in ps]
    if a.kind != "gvhd" or not signs or len(own) != 1 or own[0].value is None:
        return None
    text, found, at = scope.text, own[0], rules.attribution
    if not _words(tuple(at.confirming_words)).search(text, *span):
        return None
    lo = max(0, span[0] - _LOOK_BACK)
    block = scope.layout.block_at(span[0])
    above = [b for b in scope.layout.blocks if block is not None and b.end <= block.start]
    lo = max(
        lo, above[-min(len(above), _BLOCKS_ABOVE)].start if above else block.start if block else lo
    )
    since = _words(tuple(at.since_words + at.onset_words))
    sign = compiled(rf"(?<![^\W\d_])(?:{'|'.join(signs)})(?![^\W\d_])", re.I)
    onsets = [
        d
        for d in scope.dates
        if lo <= d.start and d.end <= span[0] and d.value is not None and d.relative is None
        and 0 < (found.value - d.value).days <= at.sign_onset_days
        and since.search(text, _led_from(text, d, scope.dates), d.start)
        and sign.search(text, _clause_start(text, d.start), _clause_end(text, d.end))
    ]  # fmt: skip
    return onsets[-1] if len(onsets) == 1 else None


def _clause_start(text: str, pos: int) -> int:
    ends = list(_SENTENCE_END.finditer(text, max(0, pos - 200), pos))
    return ends[-1].end() if ends else max(0, pos - 200)


def _led_from(text: str, d: DateMention, dates: list[DateMention]) -> int:
    """Where the words leading date `d` begin: its clause, after any date told before it."""
    before = [e.end for e in dates if e.end <= d.start]
    return max([_clause_start(text, d.start), *before])


def _clause_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos, pos + 200)
    return m.start() if m else min(len(text), pos + 200)


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    return compiled(rf"(?<![^\W\d_])(?:{any_of(list(words))})(?![^\W\d_])", re.I)


__all__ = ["given_not_planned", "own_dates"]
