"""spaCy rule components: sentences, clinical mentions and their context, all from rule data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry
from spacy.vocab import Vocab

from recordkit.nlp.cue_scope import inside_brackets
from recordkit.nlp.literature import CuePattern, literature_scope
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.subjects import SubjectScope
from recordkit.nlp.text import sentences
from recordkit.rule_cache import per_rule_set

_UNTICKED = re.compile(r"(?:☐|□|❏|\[\s?\]|\(\s?\))\s{0,3}$")
# '?relapse', '(? CNS relapse)': a question mark before a finding asks about it (a query)
_QUERIED = re.compile(r"(?:^|[\s(:;,/])[?？]\s?(?:[A-Za-z]+\s)?$")
_DONOR = r"\bdonors?\b|\bdonat|\bgraft\b|\bHLA\b|供者|Spender"
_TOKEN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]|[A-Za-z]+|\d+|[^\sA-Za-z\d]")


@dataclass
class Mention:
    """A clinical mention on a page (offsets in the analysis text)."""

    kind: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


class CharTokenizer:
    """Words, numbers and single CJK characters as tokens, so any character span aligns."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        """Tokenise `text`; the Doc's text is exactly `text`."""
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in _TOKEN.finditer(text):
            gap = text[pos : m.start()]
            if gap:
                if words and not spaces[-1] and gap.startswith(" ") and not words[-1].isspace():
                    spaces[-1] = True
                    gap = gap[1:]
                if gap:
                    words.append(gap)
                    spaces.append(False)
            words.append(m.group(0))
            spaces.append(False)
            pos = m.end()
        tail = text[pos:]
        if tail:
            if words and tail.startswith(" ") and not words[-1].isspace():
                spaces[-1] = True
                tail = tail[1:]
            if tail:
                words.append(tail)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        assert doc.text == text
        return doc


def _latin_or_digit(ch: str) -> bool:
    """True for a Latin letter or digit: only a phrase edge of these needs a word boundary.

    Chinese words stand hard against Latin ones ('STR嵌合率', 'GVHD待排').
    """
    return ch.isascii() and ch.isalnum()


def _word_rx(alias: str, case_sensitive: bool) -> re.Pattern[str]:
    """The phrase as a pattern: its words apart by any space, Latin edges on word bounds.

    A word written in ASCII is matched with ASCII case rules (``(?a:...)``): it matches the
    same text, and compiles in a third of the time of Unicode case folding, which looks up
    every letter's other cases (about 500 phrases are compiled in each worker).
    """
    words = [re.escape(w) for w in alias.split(" ")]
    body = r"\s*".join(f"(?a:{w})" if w.isascii() else w for w in words)
    left = r"(?a:(?<![A-Za-z0-9]))" if _latin_or_digit(alias[:1]) else ""  # 'GVHD待排'
    right = r"(?a:(?![A-Za-z0-9]))" if _latin_or_digit(alias[-1:]) else ""
    return re.compile(left + body + right, 0 if case_sensitive else re.I)


def _short(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return len(letters) <= 4 and not re.search(r"[\u4e00-\u9fff]", alias)


class _Phrase:
    """A rule phrase as a word pattern, compiled the first time a text may contain it.

    A match needs the phrase's first run of letters or digits in the text (case-folded), so a
    text without it is not searched, and a phrase never met is never compiled.
    """

    def __init__(self, phrase: str, case_sensitive: bool) -> None:
        self.phrase, self.case_sensitive = phrase, case_sensitive
        first = re.search(r"[^\W_]+", phrase)
        self.key = first.group(0).casefold() if first else ""
        self._rx: re.Pattern[str] | None = None

    def finditer(self, text: str, folded: str) -> Iterator[re.Match[str]]:
        """Matches in `text`; `folded` is ``text.casefold()``."""
        if self.key not in folded:
            return iter(())
        if self._rx is None:
            self._rx = _word_rx(self.phrase, self.case_sensitive)
        return self._rx.finditer(text)


def _both_cases(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern case-insensitive and as written.

    One written in ASCII is compiled with re.ASCII, so its word boundaries are Latin ones:
    they also stand beside Han characters ('急性GVHD').
    """
    flags = re.ASCII if pattern.isascii() else re.NOFLAG
    return re.compile(pattern, re.I | flags), re.compile(pattern, flags)


class MentionFinder:
    """Compiled matchers for triggers, regimens, drugs and diseases."""

    def __init__(self, rules: RuleSet, fuzzy_min: float = 88) -> None:
        self.rules = rules
        self.fuzzy_min = fuzzy_min
        self.triggers = [(r, *_both_cases(r.pattern)) for r in rules.triggers]
        voc = rules.vocabulary
        names = [(a, "regimen", reg.name) for reg in voc.regimens for a in reg.aliases]
        names += [(n, "drug", drug) for drug, ns in voc.drugs.items() for n in ns]
        self.terms = [(_Phrase(a, _short(a)), kind, name) for a, kind, name in names]
        self.long_drug_names = {
            n.lower(): d for d, ns in voc.drugs.items() for n in ns if len(n) >= 7 and n.isalpha()
        }
        self.diseases = []
        for dis in voc.diseases:
            for p in dis.patterns:
                cs = len(p) <= 5 and p.upper() == p
                left = r"(?<![A-Za-z0-9-])" if _latin_or_digit(p[:1]) else ""
                right = r"(?![A-Za-z0-9-])" if _latin_or_digit(p[-1:]) and p[-1:].isalpha() else ""
                self.diseases.append((re.compile(left + p + right, 0 if cs else re.I), dis.label))

    def _fuzzy_drugs(self, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        out = []
        for m in re.finditer(r"[A-Za-z]{7,}", text):
            if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                continue
            word = m.group(0).lower()
            if word in self.long_drug_names:
                continue
            best = process.extract(word, list(self.long_drug_names), scorer=fuzz.ratio, limit=2)
            if (
                best
                and best[0][1] >= self.fuzzy_min
                and (
                    len(best) < 2
                    or best[0][1] - best[1][1] >= 5
                    or self.long_drug_names[best[0][0]] == self.long_drug_names[best[1][0]]
                )
            ):
                out.append((m.start(), m.end(), self.long_drug_names[best[0][0]]))
        return out

    def find(self, text: str) -> list[Mention]:
        """All mentions in `text`; overlapping matches keep the longest."""
        cands: list[Mention] = []
        for rule, rx_i, rx_c in self.triggers:
            for m in rx_i.finditer(text):
                if (
                    rule.case_sensitive_below
                    and len(m.group(0)) < rule.case_sensitive_below
                    and not rx_c.fullmatch(m.group(0))
                ):
                    continue
                s, e = m.span("mention") if m.groupdict().get("mention") else m.span()
                cands.append(Mention(rule.kind, s, e, {"rule": rule.id}))  # the named part
        folded = text.casefold()
        for phrase, kind, name in self.terms:
            for m in phrase.finditer(text, folded):
                cands.append(Mention(kind, m.start(), m.end(), {"name": name}))
        for rx, label in self.diseases:
            for m in rx.finditer(text):
                cands.append(Mention("disease", m.start(), m.end(), {"label": label}))
        cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
        chosen: list[Mention] = []
        for c in cands:
            if all(c.end <= k.start or c.start >= k.end for k in chosen):
                chosen.append(c)
        taken = [(c.start, c.end) for c in chosen]
        for s, e, drug in self._fuzzy_drugs(text, taken):
            chosen.append(Mention("drug", s, e, {"name": drug, "fuzzy": True}))
        return sorted(chosen, key=lambda c: c.start)


def _starts(phrases: list[_Phrase], part: str, folded: str, s0: int) -> list[int]:
    """Where any of `phrases` starts in a sentence part beginning at s0, in order."""
    return sorted({m.start() + s0 for ph in phrases for m in ph.finditer(part, folded)})


class ContextMarker:
    """ConText-style modifiers: negated, planned, family and ongoing mentions."""

    def __init__(self, rules: RuleSet) -> None:
        ctx = rules.context
        self.modifiers: list[tuple[str, str, _Phrase | CuePattern, list[str] | None]] = [
            (mod.category, mod.direction, _Phrase(p, False), mod.kinds)
            for mod in ctx.modifiers
            for p in sorted(mod.phrases, key=len, reverse=True)
        ]
        self.modifiers += [
            (mod.category, mod.direction, CuePattern(p), mod.kinds)
            for mod in ctx.modifiers
            for p in mod.patterns
        ]
        self.literature = [m for m in self.modifiers if m[0] == "literature"]
        self.family = [m for m in self.modifiers if m[0] == "family"]
        self.subject = SubjectScope(ctx.subject)
        self.pseudo = [_Phrase(p, False) for p in ctx.pseudo]
        self.terminators = [_Phrase(t, False) for t in ctx.terminators]
        self.predicates = [_Phrase(t, False) for t in ctx.predicate_terminators]
        donor_words = [p for pats in rules.vocabulary.donors.values() for p in pats]
        self.donor = re.compile("|".join([*donor_words, _DONOR]), re.I)

    def mark(
        self, text: str, sent: tuple[int, int], mentions: list[Mention]
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Flag the mentions of one sentence that fall in a modifier's scope.

        Returns the spans of its literature statements, whose dates are not the patient's,
        and of its clauses about a relative or donor, whose values are not the patient's.
        """
        s0, s1 = sent
        asides: list[tuple[int, int]] = []
        others: list[tuple[int, int]] = []
        part = text[s0:s1]
        folded = part.casefold()
        blocked = [
            (m.start() + s0, m.end() + s0) for ph in self.pseudo for m in ph.finditer(part, folded)
        ]
        subject_stops = _starts(self.terminators, part, folded, s0)  # a relative's clause
        stops = sorted(set(subject_stops) | set(_starts(self.predicates, part, folded, s0)))
        for men in mentions:  # "☐ Relapse": an unticked box on a form
            if s0 <= men.start < s1 and _UNTICKED.search(text[max(s0, men.start - 6) : men.start]):
                men.flags.add("negated")
            if s0 <= men.start < s1 and _QUERIED.search(text[max(s0, men.start - 16) : men.start]):
                men.flags.add("planned")
        if part.rstrip().endswith(("?", "？")):  # a question states nothing that happened
            for men in mentions:
                if s0 <= men.start < s1:
                    men.flags.add("planned")
        told = any(s0 <= men.start < s1 for men in mentions)
        # a sentence with no mention can only be a literature statement or a relative's or
        # donor's clause (its values are not the patient's): the others flag mentions only
        cues = self.modifiers if told else self.literature + self.family
        for category, direction, phrase, kinds in cues:
            for m in phrase.finditer(part, folded):
                a, b = m.start() + s0, m.end() + s0
                if any(not (b <= x or a >= y) for x, y in blocked):
                    continue
                if category == "literature":  # a cited trial's or author's statement
                    asides.append(literature_scope(text, (a, b), sent))
                    continue
                ends = subject_stops if category == "family" else stops
                fwd_end = next((t for t in ends if t >= b), s1)
                back_start = max([t for t in ends if t < a] + [s0])
                back_start, fwd_end = inside_brackets(text, a, b, back_start, fwd_end)
                if category == "planned" and direction == "bidirectional":  # generic statement
                    semis = [s0 + i for i, ch in enumerate(part) if ch in ";；"]
                    back_start = max([t for t in semis if t < a] + [s0])
                    fwd_end = min([t for t in semis if t >= b] + [s1])
                if category == "family" and self.subject.is_subject(text, back_start, a):
                    # the clauses after it that go on about the relative: '...; he remains ...'
                    fwd_end = self.subject.carried_on(text, (a, b), fwd_end, ends, s1)
                    others.append((a, fwd_end))
                if category == "family" and self.donor.search(text[back_start:fwd_end]):
                    continue  # the relative is the donor: "stem cells from her HLA-matched sister"
                if (category == "negated" or kinds) and direction == "backward":
                    # "remission was not achieved": the negation is its target's, the
                    # mention just before it, not every event earlier in the clause
                    before = [
                        m
                        for m in mentions
                        if back_start <= m.start and m.end <= a and (not kinds or m.kind in kinds)
                    ]
                    back_start = max((m.start for m in before), default=back_start)
                for men in mentions:
                    if not s0 <= men.start < s1 or (kinds and men.kind not in kinds):
                        continue
                    ahead = b <= men.start < fwd_end
                    behind = back_start <= men.start and men.end <= a
                    if direction == "right_after":  # 'acute GVHD resolved': its target alone
                        behind = men.end <= a and not text[men.end : a].strip()
                    if (direction in ("forward", "bidirectional") and ahead) or (
                        direction in ("backward", "bidirectional", "right_after") and behind
                    ):
                        men.flags.add(category)
        for lo, hi in asides:
            for men in mentions:
                if lo <= men.start < hi:
                    men.flags.add("literature")
        return asides, others


def register_extensions() -> None:
    """Register recordkit's Doc extensions (idempotent; not done at import time)."""
    for name in ("rk_mentions", "rk_sentences", "rk_asides", "rk_others"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("rk"):
        Span.set_extension("rk", default=None)


@registry.tokenizers("recordkit.char_tokenizer.v1")
def make_char_tokenizer() -> Any:
    """The pipeline's tokenizer, named in its config (spaCy's default one is never built)."""

    def create(nlp: Language) -> CharTokenizer:
        return CharTokenizer(nlp.vocab)

    return create


@Language.factory("recordkit_sentences")
def make_sentences(nlp: Language, name: str) -> Any:
    """Sentence boundaries at line breaks and sentence-final punctuation (English and Chinese)."""

    def component(doc: Doc) -> Doc:
        spans = sentences(doc.text)
        doc._.rk_sentences = spans
        starts = {s for s, _ in spans}
        for tok in doc:
            tok.is_sent_start = tok.idx in starts or tok.i == 0
        return doc

    return component


context_marker_for = per_rule_set(ContextMarker)  # one a rule set: its phrases compile once


@Language.factory(
    "recordkit_mentions", default_config={"rule_set": "recordkit.rules.v1", "fuzzy_min": 88.0}
)
def make_mentions(nlp: Language, name: str, rule_set: str, fuzzy_min: float) -> Any:
    """Trigger, regimen, drug and disease mentions into ``doc.spans["recordkit_mentions"]``."""
    from recordkit.nlp.rules import load_rules

    finder = MentionFinder(load_rules(rule_set), fuzzy_min)

    def component(doc: Doc) -> Doc:
        mentions = finder.find(doc.text)
        doc._.rk_mentions = mentions
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.kind, alignment_mode="expand")
            if span is not None:
                span._.rk = m
                spans.append(span)
        doc.spans["recordkit_mentions"] = spans
        return doc

    return component


@Language.factory("recordkit_context", default_config={"rule_set": "recordkit.rules.v1"})
def make_context(nlp: Language, name: str, rule_set: str) -> Any:
    """Flag mentions that are negated, planned, about a relative, or a continuing state."""
    from recordkit.nlp.rules import load_rules

    marker = context_marker_for(load_rules(rule_set))

    def component(doc: Doc) -> Doc:
        text = doc.text  # spaCy joins the tokens on every call: once per document
        asides: list[tuple[int, int]] = []
        others: list[tuple[int, int]] = []
        for sent in doc._.rk_sentences:
            literature, another_subject = marker.mark(text, sent, doc._.rk_mentions)
            asides += literature
            others += another_subject
        doc._.rk_asides = asides
        doc._.rk_others = others
        return doc

    return component
