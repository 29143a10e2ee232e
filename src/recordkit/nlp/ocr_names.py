"""Analyte names as a scan misreads them, read on OCR pages only.

Tesseract run without a page's language model changes the letters it does not know: an
accented vowel becomes another vowel or a digit ('Leucócitos' read 'Leucécitos' or
'Leuc6citos'), an 'l' an 'i' ('piatetet'). A word of eight characters or more (accented
letters and digits standing for letters included) that differs from one of `ocr_names` only
by letters of one `ocr_confusions` group, its accents dropped, names that analyte; the value
read after it is flagged `OCR_NAME` and doubted. A text layer's words are the writer's own:
there only the exact names count.
"""

from __future__ import annotations

import re
import unicodedata

from recordkit.nlp.rules import AnalyteRules

OCR_NAME = "ocr_name"  # a value's flag: its analyte's name was read through an OCR confusion
MIN_LENGTH = 8  # shorter words are too often another word one confusion away
_WORD = re.compile(rf"(?<![\w|!])[\w|!]{{{MIN_LENGTH},}}(?![\w|!])")

Name = tuple[str, int, int, bool]  # analyte, start, end, read through a confusion


class OcrNames:
    """The `ocr_names` of an analyte rule set, each keyed by its blurred spelling."""

    def __init__(self, rules: AnalyteRules) -> None:
        table = {ch: group[0] for group in rules.ocr_confusions for ch in group}
        self.confuse = str.maketrans(table) if table else None
        self.names = {self.blur(n): a for a, names in rules.ocr_names.items() for n in names}

    def blur(self, word: str) -> str:
        """`word` lower-cased, its accents dropped, each confusable letter its group's first."""
        bare = unicodedata.normalize("NFKD", word.lower())
        bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
        return bare.translate(self.confuse) if self.confuse else bare

    def found(self, text: str, s0: int, s1: int, exact: list[Name]) -> list[Name]:
        """The misread names in `text[s0:s1]` where no `exact` name already stands."""
        out: list[Name] = []
        for m in _WORD.finditer(text, s0, s1):
            analyte = self.names.get(self.blur(m.group(0)))
            a, b = m.span()
            if analyte and not any(x < b and a < y for _, x, y, _ in exact):
                out.append((analyte, a, b, True))
        return out


__all__ = ["MIN_LENGTH", "OCR_NAME", "Name", "OcrNames"]
