"""The clinical NLP pipeline: a blank spaCy pipeline with recordkit's rule components."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


@lru_cache(maxsize=4)
def build_nlp(rule_set: str = "recordkit.rules.v1", fuzzy_min: float = 88.0) -> Language:
    """A blank pipeline (no trained model) with sentence, mention and context rules.

    spaCy is imported here, not with the package: the package's rule files, value readers
    and doubts serve the main process too (corrections, the batch index), which never
    extracts and should not pay spaCy's 0.4 s import (without its command-line package:
    `spacy_import`).
    """
    from recordkit.nlp.spacy_import import import_spacy

    spacy = import_spacy()
    from recordkit.nlp import components

    components.register_extensions()
    tokenizer = {"@tokenizers": "recordkit.char_tokenizer.v1"}  # not spaCy's (0.1 s to build)
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}})
    nlp.add_pipe("recordkit_sentences", config={"rule_set": rule_set})
    nlp.add_pipe("recordkit_mentions", config={"rule_set": rule_set, "fuzzy_min": fuzzy_min})
    nlp.add_pipe("recordkit_context", config={"rule_set": rule_set})
    return nlp
