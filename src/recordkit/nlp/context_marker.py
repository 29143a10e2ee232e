"""ConText-style modifiers: which mentions of a sentence are negated, planned or not the patient's.

A modifier phrase of the rule files (context.json) marks the mentions in its scope; a
literature statement's dates and a relative's or donor's values are not the patient's.
"""

from __future__ import annotations

import re

from recordkit.nlp.cue_scope import inside_brackets, inside_cells
from recordkit.nlp.literature import CuePattern, literature_scope
from recordkit.nlp.mention import Mention
from recordkit.nlp.other_diseases import other_disease_scope
from recordkit.nlp.phrases import Phrase, phrase_starts
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.subjects import SubjectScope
from recordkit.rule_cache import compiled, per_rule_set

_UNTICKED = re.compile(r"(?:☐|□|❏|\[\s?\]|\(\s?\))\s{0,3}$")
# '?relapse', '(? CNS relapse)': a question mark before a finding asks about it (a query)
_QUERIED = re.compile(r"(?:^|[\s(:;,/])[?？]\s?(?:[A-Za-z]+\s)?$")
_DONOR = r"\bdonors?\b|\bdonat|\bgraft\b|\bHLA\b|供者|Spender"


class ContextMarker:
    """ConText-style modifiers: negated, planned, family and ongoing mentions."""

    def __init__(self, rules: RuleSet) -> None:
        ctx = rules.context
        self.modifiers: list[tuple[str, str, Phrase | CuePattern, list[str] | None]] = [
            (mod.category, mod.direction, Phrase(p, False), mod.kinds)
            for mod in ctx.modifiers
            for p in sorted(mod.phrases, key=len, reverse=True)
        ]
        self.modifiers += [
            (mod.category, mod.direction, CuePattern(p), mod.kinds)
            for mod in ctx.modifiers
            for p in mod.patterns
        ]
        self.literature = [m for m in self.modifiers if m[0] == "literature"]
        self.family = [m for m in self.modifiers if m[0] == "family"]
        self.subject = SubjectScope(ctx.subject)
        self.pseudo = [Phrase(p, False) for p in ctx.pseudo]
        self.terminators = [Phrase(t, False) for t in ctx.terminators]
        self.predicates = [Phrase(t, False) for t in ctx.predicate_terminators]
        self.openers = [Phrase(t, False) for t in ctx.clause_openers]
        donor_words = [p for pats in rules.vocabulary.donors.values() for p in pats]
        self.donor = compiled("|".join([*donor_words, _DONOR]), re.I)

    def mark(
        self, text: str, sent: tuple[int, int], mentions: list[Mention]
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Flag the mentions of one sentence that fall in a modifier's scope.

        Returns the spans of its literature statements, whose dates are not the patient's,
        and of its clauses about a relative or donor, whose values are not the patient's.
        """
        s0, s1 = sent
        asides: list[tuple[int, int]] = []
        others: list[tuple[int, int]] = []
        part = text[s0:s1]
        folded = part.casefold()
        blocked = [
            (m.start() + s0, m.end() + s0) for ph in self.pseudo for m in ph.finditer(part, folded)
        ]
        subject_stops = phrase_starts(self.terminators, part, folded, s0)  # a relative's clause
        subject_stops = sorted(set(subject_stops) | set(self._opening_clause(part, folded, s0)))
        stops = sorted(set(subject_stops) | set(phrase_starts(self.predicates, part, folded, s0)))
        for men in mentions:  # "☐ Relapse": an unticked box on a form
            if s0 <= men.start < s1 and _UNTICKED.search(text[max(s0, men.start - 6) : men.start]):
                men.flags.add("negated")
            if s0 <= men.start < s1 and _QUERIED.search(text[max(s0, men.start - 16) : men.start]):
                men.flags.add("planned")
        if part.rstrip().endswith(("?", "？")):  # a question states nothing that happened
            for men in mentions:
                if s0 <= men.start < s1:
                    men.flags.add("planned")
        told = any(s0 <= men.start < s1 for men in mentions)
        # a sentence with no mention can only be a literature statement or a relative's or
        # donor's clause (its values are not the patient's): the others flag mentions only
        cues = self.modifiers if told else self.literature + self.family
        for category, direction, phrase, kinds in cues:
            for m in phrase.finditer(part, folded):
                a, b = m.start() + s0, m.end() + s0
                if any(not (b <= x or a >= y) for x, y in blocked):
                    continue
                if category == "literature":  # a cited trial's or author's statement
                    asides.append(literature_scope(text, (a, b), sent))
                    continue
                ends = subject_stops if category == "family" else stops
                fwd_end = next((t for t in ends if t >= b), s1)
                back_start = max([t for t in ends if t < a] + [s0])
                back_start, fwd_end = inside_brackets(text, a, b, back_start, fwd_end)
                if category == "other_disease":  # 'DLBCL ..., relapse 2018 -> R-DHAP'
                    back_start, fwd_end = other_disease_scope(
                        text, (a, b), (back_start, fwd_end), mentions
                    )
                if category == "negated":  # a cell speaks for its own column
                    back_start, fwd_end = inside_cells(text, a, b, back_start, fwd_end)
                if category == "planned" and direction == "bidirectional":  # generic statement
                    semis = [s0 + i for i, ch in enumerate(part) if ch in ";；"]
                    back_start = max([t for t in semis if t < a] + [s0])
                    fwd_end = min([t for t in semis if t >= b] + [s1])
                if category == "family" and self.subject.is_subject(text, back_start, a):
                    # the clauses after it that go on about the relative: '...; he remains ...'
                    fwd_end = self.subject.carried_on(text, (a, b), fwd_end, ends, s1)
                    others.append((a, fwd_end))
                if category == "family" and self.donor.search(text[back_start:fwd_end]):
                    continue  # the relative is the donor: "stem cells from her HLA-matched sister"
                if (category == "negated" or kinds) and direction == "backward":
                    # "remission was not achieved": the negation is its target's, the
                    # mention just before it, not every event earlier in the clause
                    before = [
                        m
                        for m in mentions
                        if back_start <= m.start and m.end <= a and (not kinds or m.kind in kinds)
                    ]
                    back_start = max((m.start for m in before), default=back_start)
                for men in mentions:
                    if not s0 <= men.start < s1 or (kinds and men.kind not in kinds):
                        continue
                    ahead = b <= men.start < fwd_end
                    behind = back_start <= men.start and men.end <= a
                    if direction == "right_after":  # 'acute GVHD resolved': its target alone
                        behind = men.end <= a and not text[men.end : a].strip()
                    if (direction in ("forward", "bidirectional") and ahead) or (
                        direction in ("backward", "bidirectional", "right_after") and behind
                    ):
                        men.flags.add(category)
        for lo, hi in asides:
            for men in mentions:
                if lo <= men.start < hi:
                    men.flags.add("literature")
        return asides, others

    def _opening_clause(self, part: str, folded: str, s0: int) -> list[int]:
        """Where a clause `clause_openers` opens at the sentence's start ends: its first comma.

        'As CAR-T is not available in Pakistan, the family arranged CD19 CAR-T in Cairo': the
        'not' negates the availability, never the treatment of the main clause.
        """
        lead = len(part) - len(part.lstrip())
        if not any(m.start() == lead for ph in self.openers for m in ph.finditer(part, folded)):
            return []
        comma = part.find(",", lead)
        return [s0 + comma] if comma >= 0 else []


context_marker_for = per_rule_set(ContextMarker)  # one a rule set: its phrases compile once


__all__ = ["ContextMarker", "context_marker_for"]
