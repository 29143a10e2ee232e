"""spaCy rule components: sentences, clinical mentions and their context, all from rule data."""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry
from spacy.vocab import Vocab

from recordkit.nlp.context_marker import context_marker_for
from recordkit.nlp.isolated_relapses import mark_marrow_beside_isolated_relapse
from recordkit.nlp.mention import Mention
from recordkit.nlp.other_diseases import mark_engraftment_of_other_graft
from recordkit.nlp.phrases import Phrase, is_short, latin_or_digit
from recordkit.nlp.rules import AnalyteRules, RuleSet
from recordkit.nlp.spans import any_of
from recordkit.nlp.text import Ordinals, sentences
from recordkit.rule_cache import compiled

_TOKEN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]|[A-Za-z]+|\d+|[^\sA-Za-z\d]")


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


def _both_cases(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern case-insensitive and as written.

    One written in ASCII is compiled with re.ASCII, so its word boundaries are Latin ones:
    they also stand beside Han characters ('急性GVHD').
    """
    flags = re.ASCII if pattern.isascii() else re.NOFLAG
    return compiled(pattern, re.I | flags), compiled(pattern, flags)


class MentionFinder:
    """Compiled matchers for triggers, regimens, drugs and diseases."""

    def __init__(self, rules: RuleSet, fuzzy_min: float = 88) -> None:
        self.rules = rules
        self.fuzzy_min = fuzzy_min
        self.triggers = [(r, *_both_cases(r.pattern)) for r in rules.triggers]
        voc = rules.vocabulary
        names = [(a, "regimen", reg.name) for reg in voc.regimens for a in reg.aliases]
        names += [(n, "drug", drug) for drug, ns in voc.drugs.items() for n in ns]
        self.terms = [(Phrase(a, is_short(a)), kind, name) for a, kind, name in names]
        self.requires = {
            reg.name: [Phrase(w, is_short(w), numbered=True) for w in reg.requires]
            for reg in voc.regimens
            if reg.requires
        }
        self.long_drug_names = {
            n.lower(): d for d, ns in voc.drugs.items() for n in ns if len(n) >= 7 and n.isalpha()
        }
        self.diseases = []
        for dis in voc.diseases:
            for p in dis.patterns:
                cs = len(p) <= 5 and p.upper() == p
                left = r"(?<![A-Za-z0-9-])" if latin_or_digit(p[:1]) else ""
                right = r"(?![A-Za-z0-9-])" if latin_or_digit(p[-1:]) and p[-1:].isalpha() else ""
                self.diseases.append((compiled(left + p + right, 0 if cs else re.I), dis.label))

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
        unmet = {
            name
            for name, words in self.requires.items()
            if not any(next(w.finditer(text, folded), None) for w in words)
        }
        for phrase, kind, name in self.terms:
            if kind == "regimen" and name in unmet:
                continue  # 'induction' names no course of its own outside an ALL protocol
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


def _count_abbreviations(rules: AnalyteRules) -> re.Pattern[str]:
    """A blood count's abbreviated name and a full stop: 'WBC.', 'Hb .', 'Plt.' (its case kept).

    Only counts' (not a share's) names of up to four letters: 'blasts. 3 weeks later' ends its
    sentence.
    """
    names = sorted(
        {
            n
            for spec in rules.analytes.values()
            if spec.unit != "%"
            for n in spec.names
            if re.fullmatch(r"[A-Za-z]{2,4}", n)
        },
        key=lambda n: (-len(n), n),  # longest first, the same text in every process
    )
    return compiled(rf"(?<![^\W\d_])(?:{'|'.join(names) or '(?!)'})[ \t]?\.$")


def sentence_breaks(rules: RuleSet) -> Ordinals:
    """What makes a full stop no sentence's end, from the rule set `rules`.

    An ordinal before a course noun (attribution.json `course_columns`: '2. Zyklus') or an
    event's (dates.json `ordinal_nouns`: '1. Rezidiv', '2. CR'), a count's abbreviated name
    before its value ('WBC. 3.2'), a clause's abbreviation before a date (dates.json
    `clause_abbreviations`: 'dt. 3/5/21', or 'dt. Jun 2021').
    """
    nouns = any_of(rules.attribution.course_columns + rules.dates.ordinal_nouns)
    months = any_of(sorted({m for names in rules.dates.months.values() for m in names}))
    return Ordinals(
        compiled(rf"(?:{nouns})(?![^\W\d_])", re.I),
        compiled(rf"(?<![^\W\d_])(?:{any_of(rules.dates.count_words)})\s*$", re.I),
        _count_abbreviations(rules.analytes),
        compiled(rf"(?<![^\W\d_])(?:{any_of(rules.dates.clause_abbreviations)})\.$", re.I),
        compiled(rf"\d|(?:{months})(?![^\W\d_])", re.I),
    )


@Language.factory("recordkit_sentences", default_config={"rule_set": "recordkit.rules.v1"})
def make_sentences(nlp: Language, name: str, rule_set: str) -> Any:
    """Sentence boundaries at line breaks and sentence-final punctuation (English and Chinese).

    A full stop `sentence_breaks` names is none ('2. Zyklus', 'dt. 3/5/21').
    """
    from recordkit.nlp.rules import load_rules

    ordinals = sentence_breaks(load_rules(rule_set))

    def component(doc: Doc) -> Doc:
        spans = sentences(doc.text, ordinals)
        doc._.rk_sentences = spans
        starts = {s for s, _ in spans}
        for tok in doc:
            tok.is_sent_start = tok.idx in starts or tok.i == 0
        return doc

    return component


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

    rules = load_rules(rule_set)
    marker = context_marker_for(rules)

    def component(doc: Doc) -> Doc:
        text = doc.text  # spaCy joins the tokens on every call: once per document
        asides: list[tuple[int, int]] = []
        others: list[tuple[int, int]] = []
        for sent in doc._.rk_sentences:
            literature, another_subject = marker.mark(text, sent, doc._.rk_mentions)
            asides += literature
            others += another_subject
        mark_marrow_beside_isolated_relapse(text, doc._.rk_sentences, doc._.rk_mentions, rules)
        mark_engraftment_of_other_graft(doc._.rk_mentions)
        doc._.rk_asides = asides
        doc._.rk_others = others
        return doc

    return component
