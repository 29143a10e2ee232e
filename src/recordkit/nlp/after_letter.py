"""Treatments a letter dates after its own date: a plan when written, not a treatment given.

A letter of 13/05/2024 cannot tell that a cycle was given on 23/05/2024: it tells a plan in
words recordkit does not know ('Cycle 5 is due to start on 23/05/2024'), or the letter's
date is wrong. Such facts are flagged (`AFTER_DOCUMENT`) so their confidence is lowered with a
doubt; they are kept, as the date may be the one at fault.
"""

from __future__ import annotations

from recordkit.dates import DateType
from recordkit.nlp.page_dates import letter_date
from recordkit.nlp.page_scope import PageScope
from recordkit.nlp.raw import AFTER_DOCUMENT, NEXT_OF_SERIES, RawDate, RawFact
from recordkit.relative_anchors import after_letter

_WRITTEN_ON = (DateType.DOCUMENT, DateType.DISCHARGE)  # labels of the day a text was written


def letter_dated(scope: PageScope, salutations: list[str]) -> RawDate | None:
    """The document date the page settled, when it is the day the text was written.

    That is a letter's own date line or a date labelled as the document's or the discharge's
    ('Clinic 13/05/2024.'); not a first specimen's, an admission's or a timeline's first date:
    a report, a stay or a history tells later treatment.
    """
    settled = scope.doc_date.value
    if settled is None:
        return None
    written = [d for d in scope.dates if d.type in _WRITTEN_ON]
    own = letter_date(scope.text, scope.dates, salutations)
    if any(d.value == settled for d in [*written, *([own] if own else [])]):
        return scope.doc_date
    return None


def _later(when: RawDate, than: RawDate) -> bool:
    """Is `when` after `than` at the precision `when` is written to (May 2024: not after 13 May)?"""
    if when.value is None or than.value is None:
        return False
    return after_letter(when.value, str(when.precision), than.value)


def mark_after_letter(facts: list[RawFact], letter: RawDate, given: set[str]) -> None:
    """Flag the treatments of `given` kinds whose stated date is after the letter's."""
    for f in facts:
        if f.kind in given and f.date.basis == "stated" and _later(f.date, letter):
            f.flags.add(AFTER_DOCUMENT)


def mark_next_plans(facts: list[RawFact], document: RawDate) -> None:
    """'The next DLI ... on DATE' dated after its document's date: a plan when written.

    Any date the document settled will do (a lab print-out's, a report's): what it tells as the
    next of a series and dates later than itself can only be still to come.
    """
    for f in facts:
        if NEXT_OF_SERIES in f.flags and f.date.basis == "stated" and _later(f.date, document):
            f.flags.add("planned")
