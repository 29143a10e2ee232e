"""Patterns for analyte names and cue words, built once a rule set.

- `names_pattern`: an analyte's names as one pattern (names of up to three letters match
  case-sensitively; a Latin name needs word edges, a Chinese one none);
- `method_before`: the method a name follows ('FISH for X', 'FISH: X'), which makes a share it
  gives ('40% of 200 nuclei') no result of that analyte.
"""

from __future__ import annotations

import re

from recordkit.nlp.rules import AnalyteRules
from recordkit.rule_cache import compiled, per_rule_set


def _latin(ch: str) -> bool:
    """A Latin letter: a word edge is tested only between two of these (Chinese needs none)."""
    return ch.isascii() and ch.isalpha()


def names_pattern(names: list[str]) -> re.Pattern[str]:
    """One pattern for analyte names; names of up to three letters match case-sensitively."""
    parts = []
    for n in sorted(names, key=len, reverse=True):
        cs = len(re.sub(r"[^A-Za-z]", "", n)) <= 3 and n[:1].isupper()
        body = f"(?-i:{n})" if cs else n
        edge_l = r"(?<![A-Za-z])" if _latin(n[:1]) else ""  # 'STR嵌合率': no Latin edge
        edge_r = r"(?![A-Za-z])" if _latin(n[-1:]) or n[-1:] in "?)" else ""
        parts.append(edge_l + body + edge_r)
    return compiled("|".join(parts), re.I)


@per_rule_set
def analyte_names(rules: AnalyteRules) -> dict[str, re.Pattern[str]]:
    """Each analyte's names as one pattern, compiled once a process for every reader."""
    return {a: names_pattern(spec.names) for a, spec in rules.analytes.items()}


@per_rule_set
def other_names(rules: AnalyteRules) -> re.Pattern[str] | None:
    """The names of the tests recordkit does not report (`other_analytes`), as one pattern."""
    return names_pattern(rules.other_analytes) if rules.other_analytes else None


def named_outside(
    rx: re.Pattern[str], text: str, others: re.Pattern[str] | None
) -> re.Match[str] | None:
    """The first name `rx` finds that no longer name of another test covers.

    '平均血小板体积 MPV', 'platelet distribution width': a longer test name holding the
    analyte's ('血小板', 'platelet') is another test.
    """
    covers = [(o.start(), o.end()) for o in others.finditer(text)] if others else []
    for m in rx.finditer(text):
        x, y = m.span()
        if not any(p <= x and y <= q and q - p > y - x for p, q in covers):
            return m
    return None


def inside_other(name: tuple[str, int, int, bool], names: list[tuple[str, int, int, bool]]) -> bool:
    """True when another analyte's longer name covers `name` (analyte, start, end, blurred)."""
    a, x, y, _ = name
    return any(o != a and p <= x and y <= q and q - p > y - x for o, p, q, _ in names)


def words_pattern(words: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern for a list of word patterns."""
    return compiled("|".join(f"(?:{w})" for w in words), re.I)


def reference_bracket(cues: list[str]) -> re.Pattern[str]:
    """A bracket that opens with a reference cue: '(normal <11 x10^9/L)', '(ref 130-170 g/L)'.

    Written right after a name, it states the range the result is read against: neither the
    value nor a gap between the name and its value.
    """
    return compiled(rf"[(\[]\s*(?:{words_pattern(cues).pattern})[^()\[\]\n]{{0,40}}[)\]]", re.I)


SHARE_OF = re.compile(  # '% of (…) nuclei', '% of 200 nuclei': a count of them may stand between
    r"\s*of\s+(?:\(?\d[\d,]*\)?\s+)?((?:[^\W\d_]+[\s-]+){0,2}[^\W\d_]+)"
)
METHOD_WORDS = 2  # words between a method and the name it measures ('FISH analysis showed X')


def method_before(joiners: list[str]) -> re.Pattern[str]:
    """The word a name follows as its method: 'FISH for X', 'FISH: X', 'FISH showed X'.

    A label's colon and up to `METHOD_WORDS` words may stand between, none of them a list's
    joiner ('FLT3-ITD and NPM1': another test, not NPM1's method).
    """
    joined = "|".join(joiners) or r"(?!)"
    word = rf"(?!(?:{joined})\s)[^\W\d_]+[:：]?\s+"
    return compiled(
        rf"(?<![^\W\d_])([^\W\d_]+)[:：]?\s+(?:{word}){{0,{METHOD_WORDS}}}(?:(?:for|of|by)\s+)?$",
        re.I,
    )


def cue_patterns(rules: AnalyteRules, field: str) -> dict[str, re.Pattern[str]]:
    """Each analyte's word list `field` (context_needs, absolute_cues, ...) as one pattern."""
    return {
        a: words_pattern(getattr(spec, field))
        for a, spec in rules.analytes.items()
        if getattr(spec, field)
    }


def classified_negative(rules: AnalyteRules, analyte: str, name: str, page: str) -> bool:
    """Whether `page` classes the disease as lacking the marker `name` ('Ph negative')."""
    spec = rules.analytes[analyte]
    return any(
        compiled(marker, re.I).match(name) and words_pattern(words).search(page)
        for marker, words in spec.classified_negative.items()
    )


__all__ = [
    "METHOD_WORDS",
    "SHARE_OF",
    "analyte_names",
    "classified_negative",
    "cue_patterns",
    "inside_other",
    "method_before",
    "names_pattern",
    "reference_bracket",
    "words_pattern",
]
