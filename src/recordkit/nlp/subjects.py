"""Whose clause it is: a relative or a donor named as a clause's subject.

'Her mother is a haploidentical donor (age 55, Hgb 12.9)', 'Donor FBC on DATE: Hb 148': the
clause a relative or donor opens is about them, and its values are another person's
(context.json's `subject`).
"""

from __future__ import annotations

import re

from recordkit.nlp.rule_models import SubjectRules

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


class SubjectScope:
    """Where a relative or donor cue is the subject of its clause."""

    def __init__(self, rules: SubjectRules) -> None:
        self.most_leading = rules.leading_words_at_most
        self.not_subject = {w.casefold() for w in rules.not_subject_after}

    def is_subject(self, text: str, clause_start: int, cue_start: int) -> bool:
        """True if the cue opens its clause: the clause's subject.

        At most a few words lead it, none of which makes it an object ('Her younger
        brother ...', 'Sibling donor counts ...'; not 'Seen with her mother').
        """
        lead = [w.casefold() for w in _WORD.findall(text, clause_start, cue_start)]
        return len(lead) <= self.most_leading and not self.not_subject.intersection(lead)
