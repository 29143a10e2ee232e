"""The clause of a value: where the words that tell it begin and end.

A clause ends at a stop, a semicolon, a comma, or a wide gap that opens another field of a
form line; a conjunction opening a clause with a verb of its own starts another result's.
"""

from __future__ import annotations

import re

# a clause ends at a stop, a semicolon, a comma, and at a wide gap that opens another field
# of a form line ('Bone marrow blasts: 1 %   MRD by flow: 0.02 %': 'by flow' is the MRD's)
_CLAUSE_END = re.compile(
    r"[;。\n]|\.(?!\d)|,(?=\s|[^\x00-\x7f])|[ \t]{2,}(?=[^\W\d_][^:=;|\n]{0,38}[:=]\s)"
)


def clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause holding `pos` (not before `lo`)."""
    last = lo
    for m in _CLAUSE_END.finditer(text, lo, pos):
        last = m.end()
    return last


def clause_end(text: str, pos: int, hi: int) -> int:
    """End of the clause holding `pos` (not after `hi`)."""
    m = _CLAUSE_END.search(text, pos, hi)
    return m.start() if m else hi


# 'and MRD by flow was 0.4%': a conjunction that opens a clause with a verb of its own, or
# with a result of its own ('con 34% de blastos y blastos en sangre periférica del 8%')
_NEXT_CLAUSE = re.compile(r"\s(?:and|but|while|whereas|y|e|et|und|pero|mas)\s")
_OWN_RESULT = re.compile(r"\d+(?:[.,]\d+)?\s*%")
_OWN_VERB = re.compile(
    r"\b(?:was|were|is|are|showed|shows|showing|revealed|detected|rose|fell)\b", re.I
)


def result_clause_end(text: str, pos: int, hi: int) -> int:
    """End of the clause of a result at `pos`: a second result's own clause is not its.

    '1% blasts and MRD by flow was 0.4%': 'by flow' tells the MRD, not the blasts; '34% de
    blastos y blastos en sangre periférica del 8%': the blood is the 8%'s, each value's
    specimen the one named nearest it.
    """
    end = clause_end(text, pos, hi)
    m = _NEXT_CLAUSE.search(text, pos, end)
    own = m and (_OWN_VERB.search(text, m.end(), end) or _OWN_RESULT.search(text, m.end(), end))
    return m.start() if own else end


def result_clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause of a result at `pos`: an earlier result's own clause is not its.

    '31% circulating blasts and a marrow showing 40% blasts': 'circulating' tells the 31%.
    """
    opened = [
        m.end()
        for m in _NEXT_CLAUSE.finditer(text, lo, pos)
        if _OWN_VERB.search(text, m.end(), pos) or _OWN_RESULT.search(text, m.end(), pos)
    ]
    return max(opened, default=lo)
