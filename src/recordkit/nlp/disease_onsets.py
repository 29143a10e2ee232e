"""Which of a disease's mentions in one sentence tells when it began.

'Secondary AML from CMML-2 (initial diagnosis CMML 02/2021, transformation to AML 10/2021)':
a sentence may name the same disease twice, once as its subject and once where its onset is
told, right after a transformation word (attribution.json's `transformation_words`: 'transformed
to', 'progression to', 'Übergang in'). That later mention is the diagnosis's anchor, so the date
written beside it is the disease's own and the earlier disease keeps the date beside its name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from recordkit.nlp.mention import Mention
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled


@lru_cache(maxsize=4)
def _turned_into(words: tuple[str, ...]) -> re.Pattern[str]:
    if not words:
        return compiled(r"(?!x)x")
    told = any_of(sorted(words, key=len, reverse=True))
    return compiled(rf"(?<![^\W\d_])(?:{told})\s+(?:(?:an?|the|secondary)\s+)?$", re.I)


def onset_mention(named: list[Mention], text: str, words: list[str]) -> Mention:
    """The mention of one disease, of those `named` in a sentence, whose onset is told there."""
    turned = _turned_into(tuple(words))
    later = [m for m in named[1:] if turned.search(text, max(0, m.start - 48), m.start)]
    return later[0] if later else named[0]


__all__ = ["onset_mention"]
