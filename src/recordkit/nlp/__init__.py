"""The clinical NLP pipeline: a blank spaCy pipeline with recordkit's rule components."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=4)
def build_nlp(rule_set: str = "recordkit.rules.v1", fuzzy_min: float = 88.0) -> Language:
    """A blank pipeline (no trained model) with sentence, mention and context rules."""
    from recordkit.nlp import components

    components.register_extensions()
    tokenizer = {"@tokenizers": "recordkit.char_tokenizer.v1"}  # not spaCy's (0.1 s to build)
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}})
    nlp.add_pipe("recordkit_sentences")
    nlp.add_pipe("recordkit_mentions", config={"rule_set": rule_set, "fuzzy_min": fuzzy_min})
    nlp.add_pipe("recordkit_context", config={"rule_set": rule_set})
    return nlp
