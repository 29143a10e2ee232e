"""Where a ConText cue's scope ends: the bounds brackets put on it."""

from __future__ import annotations


def inside_brackets(text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    """A modifier inside brackets scopes only what the brackets hold.

    'Complete remission on 15/10/2022 (MRD not detected)': the negation is the MRD's.
    A bracket holding the phrase alone comments on what comes before it: 'cycle 5: DATE
    (provisional)' keeps the clause's scope.
    """
    opened = text.rfind("(", lo, a)
    if opened < 0 or ")" in text[opened:a]:
        return lo, hi
    closed = text.find(")", b, hi)
    if closed >= 0 and not text[opened + 1 : a].strip() and not text[b:closed].strip():
        return lo, hi
    return opened + 1, closed if closed >= 0 else hi


__all__ = ["inside_brackets"]
