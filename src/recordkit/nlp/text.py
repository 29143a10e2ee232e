"""Layout text -> analysis text (full-width punctuation mapped), and its sentences.

Every character keeps its offset on the page, so a quote is cut from the page as written.
On a form, an option whose box is not ticked is blanked out of the analysis text: 'Donor
type: [X] Unrelated  [ ] Haploidentical' says unrelated, and names no other donor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = str.maketrans(
    {
        "：": ":",
        "（": "(",
        "）": ")",
        "，": ",",
        "；": ";",
        "％": "%",
        "＋": "+",
        "／": "/",
        "\u00a0": " ",
        "\u2009": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "＜": "<",
        "＞": ">",
    }
)
# a full stop after an abbreviation ends no sentence ('Dr.', 'vs.', 'e.g.'); a drug's form
# written before its name ('Inj. Cytarabine', 'Tab. Venetoclax', 'Cap.', 'Syp.') is one too, and
# so is a German report's short test name before its specimen ('Chim. KM 91 %': Chimärismus)
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|vs|approx|e\.g|i\.e|no|No|Fig|St|ca|Chim|"
    r"(?i:inj|tabs?|caps?|sy[pr]))\.)$"
)


@dataclass(frozen=True)
class AnalysisText:
    """Normalised text of one page and the page offset of each of its characters."""

    text: str
    offsets: tuple[int, ...]
    page_text: str

    def page_span(self, start: int, end: int) -> tuple[int, int]:
        """Page offsets of the analysis span [start, end)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The page text of the analysis span, exactly as written."""
        a, b = self.page_span(start, end)
        return self.page_text[a:b]


_EMPTY_BOX = r"(?:☐|□|❏|\[ ?\]|\( ?\))"
_TICKED_BOX = r"(?:☒|☑|\[ ?[xX✓✔] ?\]|\( ?[xX✓✔] ?\))"
# an unticked box and its option's words, up to a wide gap, the next box or the line's end
_UNTICKED_OPTION = re.compile(
    rf"{_EMPTY_BOX}[^\S\n]*[^\[\]()☐□❏☒☑\n]*?(?=[^\S\n]{{2,}}|[^\S\n]*(?:{_EMPTY_BOX}|{_TICKED_BOX})|[^\S\n]*$)",
    re.M,
)
_TICKED = re.compile(_TICKED_BOX)


def blank_unticked(text: str) -> str:
    """`text` with every unticked option and every tick mark turned into spaces."""
    if "[" not in text and "(" not in text and not any(c in text for c in "☐□❏☒☑"):
        return text
    text = _UNTICKED_OPTION.sub(lambda m: " " * len(m.group(0)), text)
    return _TICKED.sub(lambda m: " " * len(m.group(0)), text)


_TRANSLATOR_NOTE = (
    r"(?:translator[’']?s?\s+notes?|translation\s+notes?|note\s+of\s+the\s+translator)"
)
# what a translation adds that is no record of the patient: what a stamp or seal reads
# ('[stamp: ... Laboratory of Transplantation Immunology]', '[Round stamp: ...]') and a
# translator's note, in square brackets or on its own line ('Translator's note: ...')
_TRANSLATION_ASIDE = re.compile(
    r"\[[^\]\n:]{0,30}?\b(?:stamp|seal)\b[^\]\n:]{0,20}[:：][^\]\n]{1,240}\]"
    rf"|\[\s*{_TRANSLATOR_NOTE}\b[^\]\n]{{0,240}}\]"
    rf"|^[ \t]*{_TRANSLATOR_NOTE}[ \t]*[:：][^\n]*",
    re.I | re.M,
)


def blank_translation_asides(text: str) -> str:
    """`text` with a stamp's or seal's words and a translator's notes turned into spaces."""
    if "[" not in text and "ote" not in text:
        return text
    return _TRANSLATION_ASIDE.sub(lambda m: " " * len(m.group(0)), text)


def from_layout(layout_text: str) -> AnalysisText:
    """Analysis text of a page already in reading order (blocks one per line).

    An unticked option and what a translation adds (a stamp's words, a translator's note)
    are blanked: they say nothing of the patient.
    """
    return AnalysisText(
        blank_translation_asides(blank_unticked(layout_text.translate(_FULLWIDTH))),
        tuple(range(len(layout_text))),
        layout_text,
    )


_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\u4e00-\u9fff])|(?<=[。！？])|\n+")


# German '2.' (zweiter), a word of its own, or opening a bracket: '(2. CR)'
_ORDINAL = re.compile(r"(?<![^\s(\[])\d{1,2}\.$")
# leader dots joining a name to its value ('Blasts ........ 62 %', 'Hb . . . . 92'): no full stop
LEADER = re.compile(r"(?:[.…·][ \t]?){3,}")
_LEADER_END = re.compile(LEADER.pattern + "$")


@dataclass(frozen=True)
class Ordinals:
    """What makes 'N.' an ordinal of the noun after it ('2. Zyklus'), not a sentence's end.

    `nouns` the nouns an ordinal may number; `counts` the words after which a number is a
    count ('day 14. Course complicated by ...' ends its sentence).
    """

    nouns: re.Pattern[str]
    counts: re.Pattern[str]
    abbreviations: re.Pattern[str] | None = None  # a count's name that a value follows
    clause: re.Pattern[str] | None = None  # 'dt.', 'h/o.': a clause goes on after its stop
    dated: re.Pattern[str] | None = None  # a date starting at a word: a digit or a month

    def numbers(self, text: str, end: int, nxt: int) -> bool:
        """Whether the full stop at `end` closes an ordinal of the noun at `nxt`."""
        if not self.nouns.match(text, nxt):
            return False
        number = _ORDINAL.search(text, max(0, end - 4), end)
        return number is not None and not self.counts.search(
            text, max(0, number.start() - 16), number.start()
        )

    def names_value(self, text: str, end: int, nxt: int) -> bool:
        """Whether the full stop at `end` closes a count's abbreviated name before its value.

        'WBC. 3.2 x10^9/L', 'Hb . 98', as a translator or OCR writes them: no sentence's end.
        """
        if self.abbreviations is None or not text[nxt : nxt + 1].isdigit():
            return False
        return self.abbreviations.search(text, max(0, end - 8), end) is not None

    def inside_clause(self, text: str, end: int, nxt: int) -> bool:
        """Whether the full stop at `end` closes a clause's abbreviation before a date.

        'BMA dt. 3/5/21 - 2% blasts', 'HiDAC x 2 (dt. 8/4/22 and ...)': 'dt.' (dated) is no
        sentence's end; a lower-case word after a full stop never starts a sentence anyway.
        """
        if self.clause is None or self.dated is None or not self.dated.match(text, nxt):
            return False
        return self.clause.search(text, max(0, end - 8), end) is not None


def _leads_to_value(text: str, end: int, nxt: int) -> bool:
    """'Blasti ............ 62 %': the full stop at `end` closes leader dots before a number."""
    return text[nxt : nxt + 1].isdigit() and bool(_LEADER_END.search(text, max(0, end - 120), end))


def sentences(text: str, ordinals: Ordinals | None = None) -> list[tuple[int, int]]:
    """Sentence spans: split at line breaks and at sentence-final punctuation.

    An ordinal right before a noun it numbers ('2. Zyklus am DATE') ends no sentence, nor do
    leader dots before a number ('Blasts ........ 62 %'), nor a count's abbreviated name
    before its value ('WBC. 3.2'), nor a clause's abbreviation before a date ('dt. 3/5/21').
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.start()
        if "\n" not in m.group(0) and _ABBREV.search(text[max(0, end - 8) : end]):
            continue
        if "\n" not in m.group(0) and ordinals and ordinals.numbers(text, end, m.end()):
            continue
        if "\n" not in m.group(0) and ordinals and ordinals.names_value(text, end, m.end()):
            continue
        if "\n" not in m.group(0) and ordinals and ordinals.inside_clause(text, end, m.end()):
            continue
        if "\n" not in m.group(0) and _leads_to_value(text, end, m.end()):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
