"""Whose clause it is: a relative or a donor named as a clause's subject.

'Her mother is a haploidentical donor (age 55, Hgb 12.9)', 'Donor FBC on DATE: Hb 148': the
clause a relative or donor opens is about them, and so is a clause after a semicolon that
opens with a pronoun ('Her brother is a 10/10 HLA match; his full blood count was normal
(Hb 152)'): their values and events are another person's (context.json's `subject`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recordkit.nlp.context_rules import SubjectRules
from recordkit.rule_cache import compiled

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


class SubjectScope:
    """Where a relative or donor cue is the subject of its clause, and how far that goes on."""

    def __init__(self, rules: SubjectRules) -> None:
        self.most_leading = rules.leading_words_at_most
        self.not_subject = {w.casefold() for w in rules.not_subject_after}
        self.gender = {w.casefold(): g for g, words in rules.relatives.items() for w in words}
        self.pronoun = {
            gender: _opening(
                p for g, words in rules.pronouns.items() if g in (gender, "either") for p in words
            )
            for gender in rules.pronouns
        }
        self.pronoun[""] = _opening(p for words in rules.pronouns.values() for p in words)

    def is_subject(self, text: str, clause_start: int, cue_start: int) -> bool:
        """True if the cue opens its clause: the clause's subject.

        At most a few words lead it, none of which makes it an object ('Her younger
        brother ...', 'Sibling donor counts ...'; not 'Seen with her mother').
        """
        lead = [w.casefold() for w in _WORD.findall(text, clause_start, cue_start)]
        return len(lead) <= self.most_leading and not self.not_subject.intersection(lead)

    def carried_on(
        self, text: str, cue: tuple[int, int], clause_end: int, stops: list[int], sent_end: int
    ) -> int:
        """The clause's end, moved past the clauses that go on about the same person.

        A clause after a semicolon that opens with a pronoun ('...; he is CMV negative') has
        the subject of the clause before it, unless the pronoun cannot stand for the cue's
        relative ('Her brother had AML; she remains in CR1': the patient).
        """
        gender = self.gender.get(text[cue[0] : cue[1]].casefold(), "")
        opening = self.pronoun.get(gender, self.pronoun[""])
        end = clause_end
        while end < sent_end and opening.match(text, end, sent_end):
            end = next((t for t in stops if t > end), sent_end)
        return end


def _opening(pronouns: Iterable[str]) -> re.Pattern[str]:
    """A semicolon and a clause that opens with one of `pronouns`."""
    words = "|".join(re.escape(p) for p in sorted(pronouns, key=len, reverse=True))
    return compiled(rf"\s*[;；]\s*(?:{words})(?![^\W\d_])", re.I)
