"""One value read on a page as a measurement fact, doubted where OCR read its own word poorly."""

from __future__ import annotations

import dataclasses
import re

from recordkit.nlp.measurements import ValueMention
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.raw import RawDate, RawFact

LOW_WORD_CONF = 50  # a value whose own word tesseract read below this confidence is in doubt
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _number_span(text: str, v: ValueMention) -> tuple[int, int] | None:
    """Where the number of the value as written stands in the page text.

    A sentence's value span holds its analyte's name too ('CD34+ 2%'): the number is the
    one of its written reading (`raw`) that opens a token of the span.
    """
    number = _NUMBER.search(v.raw)
    if number is None:
        return None
    at = v.start
    while (at := text.find(v.raw, at, v.end)) >= 0:
        if at == 0 or not text[at - 1].isalnum():
            return at + number.start(), at + number.end()
        at += 1
    return None


def unsure_reading(v: ValueMention, scope: PageScope) -> ValueMention:
    """The value flagged `low_word_confidence` when an OCR word its number stands in read poorly.

    Only the value's own words count, found by their place in the text: a page's mean
    confidence, or another word that shows the same digits ('2' in '20/08/2023'), hides a
    single bad cell ('2.1' read as '2a' at 0 %).
    """
    span = _number_span(scope.text, v) if scope.page.method == "ocr" else None
    if span is None:
        return v
    confs = [w.conf for w in scope.layout.words_in(*span) if w.conf is not None]
    if confs and min(confs) < LOW_WORD_CONF:
        return dataclasses.replace(v, flags=(*v.flags, "low_word_confidence"))
    return v


def value_fact(scope: PageScope, v: ValueMention, date: RawDate, context: str) -> RawFact:
    """One value as a measurement fact of the page."""
    v = unsure_reading(v, scope)
    return RawFact(
        kind="measurement",
        attrs={"analyte": v.analyte},
        date=date,
        source=scope.source(v.start, v.end),
        context=context.strip()[:300],
        order=scope.order(v.start),
        confidence=round(scope.conf, 3),
        measurement=v,
        section=scope.sections.section_at(v.start),
    )


__all__ = ["LOW_WORD_CONF", "unsure_reading", "value_fact"]
