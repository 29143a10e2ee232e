"""The schema of context.json: ConText modifiers, clause terminators and clause subjects."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from recordkit.nlp.rule_models import StrictRules


class Modifier(StrictRules):
    """A ConText modifier: category, direction and trigger phrases."""

    category: Literal[
        "negated",
        "planned",
        "family",
        "ongoing",
        "historical",
        "literature",
        "course",
        "cause",
        "other_disease",
        "next",
    ]
    direction: Literal["forward", "backward", "bidirectional", "right_after"]
    phrases: list[str]
    patterns: list[str] = Field(default_factory=list)  # cues written as regular expressions
    kinds: list[str] | None = None  # the mention kinds it marks (all when absent)


class SubjectRules(StrictRules):
    """context.json's `subject`: when a relative or donor cue is its clause's subject."""

    leading_words_at_most: int = Field(description="Words before the cue in its clause.")
    not_subject_after: list[str] = Field(description="A lead word that makes the cue an object.")
    pronouns: dict[str, list[str]] = Field(
        description="By gender ('either' for any): a clause after a semicolon opening with one "
        "goes on about the same person, if the pronoun can stand for them."
    )
    relatives: dict[str, list[str]] = Field(description="Relatives' words by gender.")


class ContextRules(StrictRules):
    """context.json: modifiers, pseudo-phrases, clause terminators and clause subjects."""

    about: str = Field("", alias="_about")
    modifiers: list[Modifier]
    pseudo: list[str]
    terminators: list[str]
    predicate_terminators: list[str] = Field(
        default_factory=list,
        description="'and was started on', 'and underwent': a second predicate of the same "
        "subject ends a negation's or a plan's clause, not a relative's.",
    )
    clause_openers: list[str] = Field(
        default_factory=list,
        description="'As', 'Since', 'Although': a clause one opens at its sentence's start ends at "
        "its first comma ('As CAR-T is not available in Pakistan, ...').",
    )
    subject: SubjectRules

    def patterns(self) -> list[tuple[str, str]]:
        """The regular expressions `rules validate` compiles: the modifiers' `patterns`."""
        return [
            (f"modifiers {i} ({m.category}) patterns", p)
            for i, m in enumerate(self.modifiers, 1)
            for p in m.patterns
        ]


__all__ = ["ContextRules", "Modifier", "SubjectRules"]
