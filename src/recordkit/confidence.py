"""Confidence from the evidence behind an item, with the reasons for any doubt in plain words.

The score starts from how the date was found (stated in the same clause; a specimen's
collection date; counted from another event; only the letter's date; none) and is lowered for
a page read by OCR (by its word confidence) and a value whose own OCR word read poorly, an
approximate drug-name match, a value derived from another, and a month inferred from a
range. Calibrated on the studied development styles so that items at 0.9 or above are right
at least 97 % of the time; everything below 0.9 is for the packet's "to check" list, with
its doubts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Basis(StrEnum):
    """How an item's date was found."""

    STATED = "stated"
    COLLECTION = "collection"
    RELATIVE = "relative"
    SENTENCE = "sentence"
    DOCUMENT = "document"
    NONE = "none"


BASE = {
    Basis.STATED: 0.97,
    Basis.COLLECTION: 0.96,
    Basis.RELATIVE: 0.85,
    Basis.SENTENCE: 0.85,
    Basis.DOCUMENT: 0.6,
    Basis.NONE: 0.5,
}
DOUBT = {
    Basis.RELATIVE: "date counted from {anchor}",
    Basis.SENTENCE: "date taken from another event told in the same sentence",
    Basis.DOCUMENT: "date taken from the document's own date, not stated with the item",
    Basis.NONE: "no date: {reason}",
}
OCR_GOOD = 0.9  # mean word confidence (0-1) from which a scan is read as well as text


@dataclass(frozen=True)
class Evidence:
    """What is known about how one item was read."""

    basis: str | None
    ocr: float | None = None  # mean word confidence 0-1 of the page, when OCR'd
    fuzzy: bool = False
    derived: bool = False
    range_month: bool = False
    coarse: bool = False  # dated only to the month or year
    unit_assumed: bool = False
    rule_read_as_1: bool = False  # a leading '1' taken for a scanned table rule
    letter_as_digit: bool = False  # 'O.27' read as 0.27 in a value cell
    unsure_glyphs: bool = False  # the value's own word was read at low OCR confidence
    order_guess: str | None = None  # how an ambiguous day/month order was chosen, if guessed
    value_error: str | None = None
    anchor: str | None = None
    reason: str | None = None
    documents: int = 1


def score(ev: Evidence) -> tuple[float, tuple[str, ...]]:
    """(confidence, doubts) for one item."""
    basis = Basis(ev.basis) if ev.basis in Basis.__members__.values() else Basis.NONE
    conf = BASE[basis]
    doubts = []
    if basis in DOUBT:
        doubts.append(
            DOUBT[basis].format(
                anchor=ev.anchor or "another event", reason=ev.reason or "none found"
            )
        )
    if ev.ocr is not None:
        conf *= min(1.0, 0.55 + ev.ocr / 2)
        if ev.ocr < OCR_GOOD:
            doubts.append(f"read from a scan at {round(ev.ocr * 100)} % confidence")
    penalties = (  # (applies, factor, the doubt in words)
        (ev.fuzzy, 0.8, "drug name matched approximately (spelling differs)"),
        (ev.derived, 0.9, "value derived from another (100 - recipient %)"),
        (ev.range_month, 0.85, "month of the first course inferred from a range"),
        (
            ev.coarse and basis is not Basis.NONE,
            0.9,
            "date given only to the month or year; another record may give the day",
        ),
        (
            bool(ev.order_guess),
            0.9,
            f"day and month could be swapped; order taken from {ev.order_guess}",
        ),
        (ev.unit_assumed, 0.9, "no unit written with the value; the usual unit was assumed"),
        (
            ev.rule_read_as_1,
            0.85,
            "a leading 1 was taken for the table's rule, which the scan read as a 1",
        ),
        (ev.letter_as_digit, 0.9, "the scan shows the letter O where the value's 0 stands"),
        (ev.unsure_glyphs, 0.85, "OCR was unsure of the value's own characters"),
    )
    for applies, factor, why in penalties:
        if applies:
            conf *= factor
            doubts.append(why)
    if ev.value_error:
        conf = min(conf, 0.4)
        doubts.append(ev.value_error)
    if ev.documents > 1 and not doubts:
        conf = min(0.99, conf + 0.01)
    return round(conf, 3), tuple(doubts)


__all__ = ["BASE", "Basis", "Evidence", "score"]
