"""Which languages a page needs: Han script seen through an English-only OCR pass.

Reading a page with ``eng+chi_sim`` costs about 1.35 times ``eng`` alone (the Chinese model
is loaded and consulted for every word), and tesseract's own script detection (``--psm 0``)
costs about as much as an ``eng`` pass, so neither is free. Instead a page is first read with
the languages that are not Han (``eng``); that pass leaves a clear signature on Chinese
text, and only a page that shows it is read again with every configured language:

- the whole page reads poorly (mean word confidence below `MIN_MEAN_CONF`), as a Chinese
  page read as English does; or
- at least `MIN_UNSURE_WORDS` "words" of two or more characters are read with confidence
  below `LOW_CONF` and are as tall as the page's confidently read text: what Han characters
  read as Latin letters look like (a bilingual page whose Chinese is one line or a heading
  shows two or more), while a clean English scan has at most one such word.

The rule errs towards a second pass: a poor fax costs one extra ``eng`` pass but is read as
before, while a Chinese page is never left with English-only text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

from recordkit.models import Word

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs and CJK (full-width) punctuation."""
    return bool(_CJK.match(ch))


HAN_LANGUAGES = frozenset({"chi_sim", "chi_tra", "chi_sim_vert", "chi_tra_vert", "jpn", "kor"})
MIN_MEAN_CONF = 60.0
LOW_CONF = 60.0
MIN_UNSURE_WORDS = 2


def first_pass_languages(languages: Sequence[str]) -> tuple[str, ...] | None:
    """The languages of the first pass, or None when one pass with all of them is needed."""
    rest = tuple(lang for lang in languages if lang not in HAN_LANGUAGES)
    if not rest or len(rest) == len(languages):
        return None
    return rest


def _unsure(w: Word, line_height: float) -> bool:
    """A low-confidence word of two or more characters, as tall as the page's text."""
    return (
        w.conf is not None
        and w.conf < LOW_CONF
        and len(w.text) >= 2
        and w.bottom - w.top >= 0.8 * line_height
    )


def han_evidence(words: Sequence[Word], mean_conf: float | None) -> str | None:
    """Why a non-Han pass looks like Han script, or None when it reads as Latin text."""
    if not words or mean_conf is None:
        return "nothing was read"
    if mean_conf < MIN_MEAN_CONF:
        return f"mean word confidence {mean_conf:.0f}"
    heights = [
        w.bottom - w.top
        for w in words
        if w.conf is not None and w.conf >= 80 and any(c.isalpha() for c in w.text)
    ]
    line_height = median(heights) if heights else 0.0
    unsure = sum(1 for w in words if _unsure(w, line_height))
    if unsure >= MIN_UNSURE_WORDS:
        return f"{unsure} low-confidence words as tall as the text"
    return None
