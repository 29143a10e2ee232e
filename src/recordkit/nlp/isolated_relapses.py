"""A marrow in remission told beside an isolated extramedullary relapse: a continuing state.

'Specimen: CSF, collected 17/09/2021. Conclusion: Isolated CNS relapse of B-ALL. Bone marrow in
morphological and MRD-negative remission.': a report of an isolated CNS or testicular relapse
adds that the marrow is (still) in remission to show the relapse is isolated. The marrow's
remission (its clause names the marrow before it) told in the sentence of a relapse whose words
state it extramedullary (attributes.json `relapse_type`), or in the sentence right before or
after it in the same paragraph, is the state the patient was already in, not a new remission;
so is a marrow's MRD-negative result there ('Bone marrow: MRD negative'). Elsewhere a marrow
found in remission stays a remission, unless every relapse the document tells is stated
extramedullary ('Diagnosis: Isolated CNS relapse') and the marrow's sentence, or the one right
before or after it, tells that site's disease found (relapse.json `extramedullary_findings`:
'LP: CSF WCC 86/uL with 92% blasts on cytospin (CNS3). Bone marrow in MRD-negative remission.').
"""

from __future__ import annotations

import re
from functools import lru_cache

from recordkit.nlp.attributes import stated_relapse_type
from recordkit.nlp.mention import Mention
from recordkit.nlp.raw import DROP_FLAGS
from recordkit.nlp.rules import RuleSet
from recordkit.relapse import extramedullary_findings, load_relapse_rules
from recordkit.rule_cache import compiled

CONTINUING = "ongoing"  # the flag of a state the patient was already in
EXTRAMEDULLARY = "extramedullary"
_STATES = ("remission", "marrow_negative")  # a marrow's remission, named or by its result
_CLAUSE_START = re.compile(r"(?:[;\n]|\.(?!\d))[^;\n]*$")  # a marrow names its own clause
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@lru_cache(maxsize=4)
def _marrow(cues: tuple[str, ...]) -> re.Pattern[str]:
    return compiled("|".join(f"(?:{c})" for c in cues) or r"(?!)", re.I)


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> int | None:
    return next((i for i, (s0, s1) in enumerate(sentences) if s0 <= pos < s1), None)


def _isolated_site(
    text: str, span: tuple[int, int], relapses: list[Mention], rules: RuleSet
) -> bool:
    """Whether the text of `span` tells a relapse its words state extramedullary."""
    s0, s1 = span
    told = any(s0 <= r.start < s1 for r in relapses)
    return told and stated_relapse_type(text[s0:s1], rules) == EXTRAMEDULLARY


def _all_isolated(
    text: str, sentences: list[tuple[int, int]], relapses: list[Mention], rules: RuleSet
) -> bool:
    """Whether every relapse the text tells is one its sentence states extramedullary."""
    spans = [sentences[i] for r in relapses if (i := _sentence_of(sentences, r.start)) is not None]
    return len(spans) == len(relapses) and all(
        stated_relapse_type(text[s0:s1], rules) == EXTRAMEDULLARY for s0, s1 in spans
    )


def _beside(text: str, sentences: list[tuple[int, int]], i: int) -> list[int]:
    """Sentence `i` and those right before and after it in its paragraph."""
    near = [i]
    if i > 0 and not _PARAGRAPH_BREAK.search(text, sentences[i - 1][1], sentences[i][0]):
        near.append(i - 1)
    if i + 1 < len(sentences) and not _PARAGRAPH_BREAK.search(
        text, sentences[i][1], sentences[i + 1][0]
    ):
        near.append(i + 1)
    return near


def mark_marrow_beside_isolated_relapse(
    text: str, sentences: list[tuple[int, int]], mentions: list[Mention], rules: RuleSet
) -> None:
    """Flag continuing the marrow remissions told beside an isolated extramedullary relapse."""
    relapses = [m for m in mentions if m.kind == "relapse" and not m.flags & DROP_FLAGS]
    if not relapses:
        return
    marrow = _marrow(tuple(rules.analytes.marrow_cues))
    findings = extramedullary_findings(load_relapse_rules())
    isolated: bool | None = None  # every relapse of the document stated extramedullary
    for m in mentions:
        i = _sentence_of(sentences, m.start)
        if m.kind not in _STATES or m.flags & DROP_FLAGS or i is None:
            continue
        head = _CLAUSE_START.search(text, sentences[i][0], m.start)
        clause_start = head.start() + 1 if head else sentences[i][0]
        subject = [c.start() for c in marrow.finditer(text, clause_start, m.start)]
        if not subject:
            continue
        # a relapse told in the remission's own sentence is read up to the marrow it names
        near = [
            (sentences[j][0], subject[-1] if j == i else sentences[j][1])
            for j in _beside(text, sentences, i)
        ]
        if any(_isolated_site(text, span, relapses, rules) for span in near):
            m.flags.add(CONTINUING)
            continue
        if isolated is None:
            isolated = _all_isolated(text, sentences, relapses, rules)
        if isolated and any(findings.search(text, *span) for span in near):
            m.flags.add(CONTINUING)


__all__ = ["mark_marrow_beside_isolated_relapse"]
