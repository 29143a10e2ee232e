"""Whether a PDF text layer reads as language or as a broken font encoding.

A PDF whose font maps its glyphs to the wrong characters shows the right letters on the page
but gives text such as "Erqh Pduurz Uhsruw" (every letter another): it has as many letters
as a real page, so only what they spell tells it apart. Running text in any European
language is full of a few short words (the, der, le, van, di ...) and a record of medical
words and lab abbreviations (patient, marrow, Hb, WBC ...), listed in ``common_words.json``;
a page whose words are almost none of them is not language. Words in Han script, digits and
one-letter tokens are not judged, so a Chinese page or a table of numbers is trusted; so is a
page with too few words to tell.

The list lives here, not among the clinical rules, because it decides what a reader outputs:
a change to it is a change of the reader (READER_VERSION).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

MIN_WORDS = 15  # a page with fewer words of two or more letters is not judged
MIN_KNOWN_SHARE = 0.08  # of its words a page in a language has at least this share known
# (English, German or French clinical letters have a quarter to a half; scrambled text ~0)

_WORD = re.compile(r"[^\W\d_]{2,}")
_HAN = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every word of ``common_words.json``, lower case."""
    data = json.loads((Path(__file__).with_name("common_words.json")).read_text("utf-8"))
    words = [w for group in data["function_words"].values() for w in group]
    return frozenset(w.casefold() for w in words + data["record_words"])


def letter_words(text: str) -> list[str]:
    """The words of two or more letters outside Han script, lower case."""
    return [w.casefold() for w in _WORD.findall(text) if not _HAN.search(w)]


def not_language(text: str) -> str | None:
    """Why a text layer is not language (a broken font encoding), or None when it may be."""
    words = letter_words(text)
    if len(words) < MIN_WORDS:
        return None
    known = known_words()
    share = sum(1 for w in words if w in known) / len(words)
    if share >= MIN_KNOWN_SHARE:
        return None
    return (
        f"text layer is not language (only {share:.0%} of its {len(words)} words are common "
        "words: a broken font encoding)"
    )
