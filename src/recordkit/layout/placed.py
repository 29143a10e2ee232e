"""Where each OCR word stands in a page's reading-order text, with its confidence.

The text is built from the words themselves (joined by spaces, cell separators and line
breaks), so each word's text is found where the word before it ended, past separators. A
table cell that wraps over two lines puts its words out of line order; such a word is taken
at the nearest free occurrence of its text as a whole token.
"""

from __future__ import annotations

import re

from recordkit.layout.model import WordSpan
from recordkit.models import Word

_SEPARATORS = " |\n"


def _free_tokens(text: str, word: str, taken: set[int]) -> list[int]:
    """Starts of `word` in `text` as a whole token, not already given to another word."""
    rx = re.compile(r"(?<![^\s|])" + re.escape(word) + r"(?![^\s|])")
    return [m.start() for m in rx.finditer(text) if m.start() not in taken]


def place_words(text: str, words: list[Word]) -> tuple[WordSpan, ...]:
    """The span of `text` each of `words` (in reading order) was written to, with its conf."""
    out: list[WordSpan] = []
    taken: set[int] = set()
    cursor = 0
    for w in words:
        if not w.text:
            continue
        at = cursor
        while at < len(text) and text[at] in _SEPARATORS:
            at += 1
        if not text.startswith(w.text, at) or at in taken:
            free = _free_tokens(text, w.text, taken)
            if not free:
                continue  # not written as read (joined or cut): no span
            at = min(free, key=lambda s: abs(s - cursor))
        taken.add(at)
        out.append(WordSpan(at, at + len(w.text), w.conf))
        cursor = at + len(w.text)
    return tuple(sorted(out, key=lambda s: s.start))


__all__ = ["place_words"]
