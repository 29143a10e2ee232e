"""Rule phrases as word patterns: compiled the first time a text may hold them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from recordkit.rule_cache import compiled


def latin_or_digit(ch: str) -> bool:
    """True for a Latin letter or digit: only a phrase edge of these needs a word boundary.

    Chinese words stand hard against Latin ones ('STR嵌合率', 'GVHD待排').
    """
    return ch.isascii() and ch.isalnum()


def word_pattern(alias: str, case_sensitive: bool, numbered: bool = False) -> re.Pattern[str]:
    """The phrase as a pattern: its words apart by any space, Latin edges on word bounds.

    A `numbered` phrase is a name that a number or year may be written onto ('UKALL14',
    'ALL-BFM2000': a trial protocol's name), so only a letter may not follow it.

    A word written in ASCII is matched with ASCII case rules (``(?a:...)``): it matches the
    same text, and compiles in a third of the time of Unicode case folding, which looks up
    every letter's other cases (about 500 phrases are compiled in each worker).
    """
    words = [re.escape(w) for w in alias.split(" ")]
    body = r"\s*".join(f"(?a:{w})" if w.isascii() else w for w in words)
    left = r"(?a:(?<![A-Za-z0-9]))" if latin_or_digit(alias[:1]) else ""  # 'GVHD待排'
    right = r"(?a:(?![A-Za-z0-9]))" if latin_or_digit(alias[-1:]) else ""
    right = r"(?a:(?![A-Za-z]))" if numbered and right else right
    return compiled(left + body + right, 0 if case_sensitive else re.I)


def is_short(alias: str) -> bool:
    """A Latin phrase of four letters or fewer ('AZA', 'Ara-C'): matched with its case."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return len(letters) <= 4 and not re.search(r"[\u4e00-\u9fff]", alias)


class Phrase:
    """A rule phrase as a word pattern, compiled the first time a text may contain it.

    A match needs the phrase's first run of letters or digits in the text (case-folded), so a
    text without it is not searched, and a phrase never met is never compiled.
    """

    def __init__(self, phrase: str, case_sensitive: bool, numbered: bool = False) -> None:
        self.phrase, self.case_sensitive, self.numbered = phrase, case_sensitive, numbered
        first = re.search(r"[^\W_]+", phrase)
        self.key = first.group(0).casefold() if first else ""
        self._rx: re.Pattern[str] | None = None

    def finditer(self, text: str, folded: str) -> Iterator[re.Match[str]]:
        """Matches in `text`; `folded` is ``text.casefold()``."""
        if self.key not in folded:
            return iter(())
        if self._rx is None:
            self._rx = word_pattern(self.phrase, self.case_sensitive, self.numbered)
        return self._rx.finditer(text)


def phrase_starts(phrases: list[Phrase], part: str, folded: str, s0: int) -> list[int]:
    """Where any of `phrases` starts in a sentence part beginning at s0, in order."""
    return sorted({m.start() + s0 for ph in phrases for m in ph.finditer(part, folded)})


__all__ = ["Phrase", "is_short", "latin_or_digit", "phrase_starts", "word_pattern"]
