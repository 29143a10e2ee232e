"""The reach of a literature statement: what a cited trial, series or author says.

'Inotuzumab achieved CR/CRi in 80.7% in the INO-VATE trial in 2016' tells no event of the
patient, and its year dates nothing. Such a statement is a whole sentence (up to a semicolon)
when it stands on its own; inside a sentence about the patient it is the clause or the bracket
that holds the cue: 'Inotuzumab, which achieved CR/CRi in 80.7% in the INO-VATE trial in 2016,
was given from DATE' keeps the patient's treatment and its date. A bracket that holds only a
citation ('(Kantarjian et al., 2017)') cites the statement it follows, so it reaches that
statement's clause, not only itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from recordkit.rule_cache import compiled

# '(Kantarjian et al., 2017)', '(Smith and Jones, 2018; Lee, 2019)': a citation's content
CITATION = re.compile(
    r"\s*(?:[A-Z][^\W\d_][\w'-]*(?:\s+(?:et\s+al\.?|(?:and|&)\s+[A-Z][\w'-]+))?,?\s+"
    r"(?:19|20)\d\d[a-z]?\s*[;,]?\s*)+"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_RELATIVE = re.compile(r",\s*(?:which|who)\b", re.I)


class CuePattern:
    """A cue written as a regular expression, matched like a rule phrase."""

    def __init__(self, pattern: str) -> None:
        self.rx = compiled(pattern)

    def finditer(self, text: str, folded: str) -> Iterator[re.Match[str]]:
        """Matches in `text` (`folded` is unused: a pattern states its own case)."""
        return self.rx.finditer(text)


def _semicolons(text: str, a: int, b: int, s0: int, s1: int) -> tuple[int, int]:
    """The part of the sentence between the semicolons around the cue."""
    lo = max([i + 1 for i in range(s0, a) if text[i] in ";；"] + [s0])
    hi = min([i for i in range(b, s1) if text[i] in ";；"] + [s1])
    return lo, hi


def _cited(text: str, lo: int, opened: int, closed: int) -> tuple[int, int]:
    """What a citation bracket speaks for: the undated clause it follows, else itself.

    'Relapse after HSCT carries a poor prognosis (Schmid, 2018)' is the literature's; a
    clause with a year of its own ('was started on DATE (Kantarjian et al., 2017)') tells
    the patient's treatment, and the citation names only its source.
    """
    start = max(lo, text.rfind(",", lo, opened) + 1)
    if _YEAR.search(text, start, opened):
        return opened + 1, closed
    return start, closed + 1


def literature_scope(text: str, cue: tuple[int, int], sent: tuple[int, int]) -> tuple[int, int]:
    """The span a literature cue at `cue` marks in the sentence `sent`."""
    a, b = cue
    lo, hi = _semicolons(text, a, b, *sent)
    opened = text.rfind("(", lo, a + 1)  # a citation cue begins at its bracket
    if opened >= 0 and ")" not in text[opened:a]:
        closed = text.find(")", max(b - 1, opened), hi)
        end = closed if closed >= 0 else hi
        if not CITATION.fullmatch(text[opened + 1 : end]):
            return opened + 1, end  # a bracket of its own: 'MRD (in 30% of patients in ...)'
        return _cited(text, lo, opened, end)
    relative = list(_RELATIVE.finditer(text, lo, a))
    if relative:  # ', which achieved CR in 80% in the X trial,': the relative clause alone
        start = relative[-1].start() + 1
        comma = text.find(",", b, hi)
        return start, comma if comma >= 0 else hi
    return lo, hi
