"""The records the fact passes produce: raw facts with their date evidence, before merging."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from recordkit.dates import DateMention, Relative
from recordkit.dates.types import specimen_date
from recordkit.models import Precision, Source
from recordkit.nlp.measurements import ValueMention

EVENT_KINDS = {"relapse", "remission", "car_t", "transplant", "dli", "gvhd", "engraftment", "death"}
DROP_FLAGS = {"negated", "planned", "family", "literature", "other_disease"}
LATER_COURSE = "course"  # 'GvHD has improved since DATE': a state told before, in its course
DEATH_CAUSE = "cause"  # 'died on DATE from relapsed AML': the known disease a death is owed to
AFTER_DOCUMENT = "after_document"  # a treatment dated after its own document's date
NEXT_OF_SERIES = "next"  # 'the next DLI': a plan when dated after its document's date
AFTER_MESSAGE = "after_message"  # a past event dated after the message telling it was sent
NAMED_FROM_DRUGS = "named_from_drugs"  # a course of drugs no listed regimen is made of
# attribute -> value -> the values of it another mention of the same event makes more precise:
# a relative named as the donor ('PBSC from brother': sibling) is the haploidentical donor where
# another mention of the transplant says haplo ('Haplo-identical PBSCT (Donor - brother, 5/10)')
REFINED = {"donor": {"haploidentical": ("sibling",)}}


@dataclass
class RawDate:
    """Date evidence for one fact."""

    value: date | None = None
    precision: Precision | None = None
    raw: str | None = None
    basis: str | None = None
    relative: Relative | None = None
    reason: str | None = None
    # a specimen's collection or received date ('Samples received | DATE'): when the sample was
    # taken, never the day of an event a request lists as why it was taken
    sample: bool = field(default=False, compare=False)


@dataclass
class RawFact:
    """An event (kind in EVENT_KINDS/regimen/diagnosis) or a measurement (`value` set)."""

    kind: str
    attrs: dict[str, Any]
    date: RawDate
    source: Source
    context: str
    order: tuple[int, int, int]
    confidence: float = 1.0
    measurement: ValueMention | None = None
    ordinal: int | None = None
    flags: set[str] = field(default_factory=set)
    section: str = "body"
    written: date | None = None  # the day its letter was written, where the letter says


def raw_date(d: DateMention, basis: str) -> RawDate:
    """A date mention as date evidence of the given basis (relative ones wait for an anchor)."""
    if d.relative is not None:
        return RawDate(raw=d.raw, basis="relative", relative=d.relative)
    value = basis if d.value else None
    return RawDate(d.value, d.precision, d.raw, value, reason=d.reason, sample=specimen_date(d))
