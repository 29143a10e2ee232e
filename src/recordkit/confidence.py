"""Confidence from the evidence behind an item, with the reasons for any doubt in plain words.

The score starts from how the date was found (stated in the same clause; a specimen's
collection date; counted from another event; 'today' or only the letter's date; none) and is
lowered for a page read by OCR (by its word confidence) and a value whose own OCR word read
poorly, an approximate drug-name match, a value derived from another, and a month inferred
from a range. Calibrated on the studied development styles so that items at 0.9 or above are right
at least 97 % of the time; everything below 0.9 is for the packet's "to check" list, with
its doubts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from recordkit.nlp.cell_repairs import Repair
from recordkit.nlp.ocr_names import OCR_NAME
from recordkit.nlp.raw import AFTER_MESSAGE
from recordkit.nlp.value_types import APPROXIMATE, MIXED_SPECIMEN
from recordkit.values import FRACTIONAL_PER_UL


class Basis(StrEnum):
    """How an item's date was found."""

    STATED = "stated"
    COLLECTION = "collection"
    RELATIVE = "relative"
    SENTENCE = "sentence"
    SECTION = "section"
    TODAY = "today"  # 'given today': the document's own date
    REPORTED = "reported"  # a state a note's assessment reports: found by the note's date
    DOCUMENT = "document"
    NONE = "none"


BASE = {
    Basis.STATED: 0.97,
    Basis.COLLECTION: 0.96,
    Basis.RELATIVE: 0.85,
    Basis.SENTENCE: 0.85,
    Basis.SECTION: 0.8,
    Basis.TODAY: 0.8,
    Basis.REPORTED: 0.6,
    Basis.DOCUMENT: 0.6,
    Basis.NONE: 0.5,
}
DOUBT = {
    Basis.RELATIVE: "date counted from {anchor}",
    Basis.SENTENCE: "date taken from another event told in the same sentence",
    Basis.SECTION: "date taken from an earlier sentence of the same paragraph",
    Basis.TODAY: "'today' taken as the document's own date",
    Basis.REPORTED: "dated by the note that reports it: found by then, perhaps earlier",
    Basis.DOCUMENT: "date taken from the document's own date, not stated with the item",
    Basis.NONE: "no date: {reason}",
}
OCR_GOOD = 0.9  # mean word confidence (0-1) from which a scan is read as well as text
REPAIRS = {  # a value cell read again (recordkit.nlp.cell_repairs): factor, doubt in words
    Repair.RULE_READ_AS_1: (
        0.85,
        "a leading 1 was taken for the table's rule, which the scan read as a 1",
    ),
    Repair.LETTER_AS_DIGIT: (0.9, "the scan shows the letter O where the value's 0 stands"),
    Repair.PERCENT_AS_STAR: (0.85, "a % where the row's unit is another was taken for a *"),
    Repair.POINT_LOST: (0.8, "a decimal point was put back where the row's other results have it"),
    Repair.FLAG_POINT: (0.8, "a decimal point was put back where the value's own flag needs it"),
    Repair.ZERO_POINT: (
        0.8,
        "written with a leading zero and no point, read as the decimal whose point was lost "
        "('09' as 0.9)",
    ),
    Repair.AGAINST_FLAG: (0.7, "the value contradicts its own flag and reference range"),
    Repair.LETTERS_GLUED: (
        0.85,
        "letters that are no unit or flag stand glued to the number and were left out",
    ),
    Repair.HEADER_BY_ORDER: (
        0.85,
        "the table's header stands apart from its columns; the value's column was matched "
        "to the header's names in order",
    ),
    Repair.HEADER_CARRIED: (
        0.9,
        "the table runs on from the page before, whose header gives the value's column",
    ),
}

VALUE_FLAGS = {  # a value's flag that is a doubt of its own: factor, doubt in words
    **REPAIRS,
    MIXED_SPECIMEN: (0.85, "specimen named as both blood and marrow"),
    APPROXIMATE: (0.85, "an approximate figure ('~', 'approx.'): an estimate, not a count"),
    OCR_NAME: (0.85, "name read through an OCR confusion"),
    FRACTIONAL_PER_UL: (
        0.7,
        "a count per µL written with decimals: cells are counted whole, so its unit may be "
        "misread (10^3/µL?)",
    ),
}

_DATE, _NAME, _VALUE = (
    frozenset({"date"}),
    frozenset({"name", "drugs"}),
    frozenset({"value", "unit", "raw"}),
)
# what each doubt is about, by its opening words: a reviewer's edit of one of those fields
# settles it (recordkit.corrections); a scan's low confidence is about every field
DOUBT_SUBJECTS: tuple[tuple[str, frozenset[str]], ...] = (
    *((text.split("{")[0], _DATE) for text in DOUBT.values()),
    *((opening, _DATE) for opening in ("month of the course", "date given only", "day and month")),
    *((opening, _DATE) for opening in ("the column gives day and month", "its date and its day")),
    ("drug name matched", _NAME),
    ("regimen named from its drugs", _NAME),
    *((opening, _VALUE) for opening in ("value derived", "no unit written", "OCR was unsure")),
    ("a count per µL written", _VALUE),
    *((why, _VALUE) for _factor, why in REPAIRS.values()),
)


def settled_by(doubt: str, fields: set[str]) -> bool:
    """Does a reviewer's edit of `fields` settle this doubt (is it about one of them)?"""
    return any(doubt.startswith(start) and subject & fields for start, subject in DOUBT_SUBJECTS)


@dataclass(frozen=True)
class Evidence:
    """What is known about how one item was read."""

    basis: str | None
    ocr: float | None = None  # mean word confidence 0-1 of the page, when OCR'd
    fuzzy: bool = False
    derived: bool = False
    range_month: bool = False
    # flags every source of the item carries: 'from_mrd' (a remission only an MRD-negative
    # marrow after therapy tells), 'named_from_drugs' (drugs no listed regimen is made of)
    shared_flags: frozenset[str] = frozenset()
    after_document: bool = False  # a treatment dated after the date of every document telling it
    coarse: bool = False  # dated only to the month or year
    unit_assumed: bool = False
    bound: str | None = None  # a count written as a bound under the lab's limit ('<0.1 x10^9/L')
    per_microlitre: bool = False  # a bare count too large for x10^9/L read as cells/uL
    unit_either: tuple[str, str, str] | None = None  # bare, plausible in two: (read, other, why)
    year_inferred: bool = False  # a chart column's day and month put in the stay's year
    captioned: bool = False  # a table's value dated by the dated caption line above the table
    year_of_document: bool = False  # a narrative's day and month put in the document's year
    value_flags: frozenset[str] = frozenset()  # `VALUE_FLAGS`: a cell read again, a specimen
    unsure_glyphs: bool = False  # the value's own word was read at low OCR confidence
    order_guess: str | None = None  # how an ambiguous day/month order was chosen, if guessed
    value_error: str | None = None
    anchor: str | None = None
    reason: str | None = None
    documents: int = 1
    disagreement: str | None = None  # another statement of the case contradicts its date
    fraction: str | None = None  # a chimerism of this sorted cell fraction, not of whole blood


_EITHER_WHY = {
    "page": "the unit its document's words or other values point to",
    "usual": "the usual unit",
}


def _either_doubt(either: tuple[str, str, str] | None) -> str:
    """The doubt of a bare value plausible in two units: which was read, and why."""
    if either is None:
        return ""
    read, other, why = either
    return (
        f"no unit written with the value; read as {read} ({_EITHER_WHY.get(why, why)}), "
        f"though it is as plausible in {other}"
    )


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
        (
            AFTER_MESSAGE in ev.shared_flags,
            0.7,
            "dated after the message telling it was sent: a past event cannot be, so the date "
            "(or its day/month order) is wrong",
        ),
        (
            "named_from_drugs" in ev.shared_flags,
            0.85,
            "regimen named from its drugs; no listed regimen has them",
        ),
        (ev.disagreement is not None, 0.7, ev.disagreement or ""),
        (ev.derived, 0.9, "value derived from another (100 - recipient %)"),
        (
            ev.fraction is not None,
            0.8,
            f"chimerism of the sorted {ev.fraction} fraction, not of whole blood or marrow",
        ),
        (ev.range_month, 0.85, "month of the course inferred from a range"),
        (ev.reason is not None and basis is not Basis.NONE, 0.85, ev.reason or ""),
        (
            "from_mrd" in ev.shared_flags,
            0.85,
            "remission inferred from an MRD-negative marrow after therapy; no remission is named",
        ),
        (
            ev.after_document,
            0.8,
            "dated after its own document's date: a plan when written, perhaps never given "
            "(or the document's date is wrong)",
        ),
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
        (
            ev.unit_assumed and not ev.per_microlitre and ev.unit_either is None,
            0.9,
            "no unit written with the value; the usual unit was assumed",
        ),
        (ev.unit_either is not None, 0.85, _either_doubt(ev.unit_either)),
        (
            ev.bound is not None,
            0.85,
            f"written as a bound ('{ev.bound}'): below the lab's reporting limit, shown as it",
        ),
        (
            ev.per_microlitre,
            0.85,
            "no unit written with the value; a count too large for x10^9/L was read per µL",
        ),
        (ev.captioned, 0.95, "date taken from the dated caption line above the table"),
        (
            ev.year_inferred,
            0.9,
            "the column gives day and month only; the year is the admission's or the document's",
        ),
        (
            ev.year_of_document,
            0.9,
            "the date gives day and month only; the year is taken from the document's date",
        ),
        *((name in ev.value_flags, factor, why) for name, (factor, why) in VALUE_FLAGS.items()),
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


__all__ = ["BASE", "VALUE_FLAGS", "Basis", "Evidence", "score"]
