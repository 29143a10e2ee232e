"""What the value finder returns: a value found in text, and a value it saw and rejected."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

PER_MICROLITRE = "count_per_microlitre"  # a bare count read as cells/uL ('ANC 200': 0.2)
CAPTIONED = "captioned"  # a table value dated by the dated caption line above its table
AT_LIMIT = "at_reporting_limit"  # a count written as a bound ('<0.1 x10^9/L'): its limit
# 'Peripheral blood and bone marrow: blasts 40%': kept as the marrow's count, doubted
MIXED_SPECIMEN = "mixed_specimen"
APPROXIMATE = "approximate"  # '~35% blasts', 'approx. 40%': an estimate restated, no count
DATED_ROW = "dated_row"  # a value of a list of dated values: it takes the date before it
UNIT_EITHER = "unit_either"  # 'unit_either:READ|OTHER|page': a bare value plausible in two units


@dataclass(frozen=True)
class Hit:
    """A value found in text: where, the number as written, its unit and flags."""

    start: int
    end: int
    number: float
    unit: str | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueMention:
    """One lab value found in text."""

    analyte: str
    start: int
    end: int
    value: float | None
    unit: str
    raw: str
    flags: tuple[str, ...] = ()
    error: str | None = None
    source_unit: str | None = None
    fraction: str | None = None  # a chimerism's sorted cell fraction ('CD3+ T cells')
    lineages: tuple[str, ...] = ()  # the lineages its fraction's name names ('CD3', 'tcell')


def unit_either(flags: tuple[str, ...]) -> tuple[str, str, str] | None:
    """(read, other, why) of a bare value's 'unit_either:READ|OTHER|WHY' flag, if it has one."""
    for fl in flags:
        parts = fl.removeprefix(f"{UNIT_EITHER}:").split("|")
        if fl.startswith(f"{UNIT_EITHER}:") and len(parts) == 3:
            return parts[0], parts[1], parts[2]
    return None


SORTED_FRACTION = "sorted_fraction"  # a chimerism of one sorted lineage, not of whole blood


def of_fraction(
    v: ValueMention, fraction: str | None, lineages: tuple[str, ...] = ()
) -> ValueMention:
    """`v` as the chimerism of a sorted cell fraction, when `fraction` names one."""
    if fraction is None or v.analyte != "chimerism":
        return v
    return replace(v, flags=(*v.flags, SORTED_FRACTION), fraction=fraction, lineages=lineages)


class Drop(StrEnum):
    """Why a value found after an analyte's name is not a result."""

    REFERENCE = "inside a reference range"
    NOT_MRD = "a fusion or mutation named without a PCR/MRD cue"
    NOT_MARROW = "blasts of blood, a flow-cytometry population or another site (CSF, skin)"
    STAINED = "a stain's blast estimate or a share of the blasts (MPO+ in 70%), not morphology"
    IN_BLOOD = "circulating (peripheral-blood) blasts, not marrow morphology"
    NO_MARROW_CONTEXT = "blasts outside a marrow report or sentence"
    SINGLE_LOCUS = "a single STR locus, not the overall chimerism"
    HYPOTHETICAL = "a threshold or a condition of a plan, not a result"
    UNREACHED = "a negative result the text says was not reached"
    SERIES = "a summary of repeated tests, no one specimen's result"
    NOT_BLOOD = "a cell count of CSF, a body fluid or urine, not of blood"
    NO_CONTEXT = "a flow population outside a flow-cytometry or MRD report"
    DISEASE_BURDEN = "a diagnostic or relapse sample's share of abnormal cells, not a residue"
    SHARE = "a bare number that may be the differential's percentage, not the absolute count"
    SHARE_OF_OTHER = "a share of what the analyte's stop words name (FISH nuclei), not its level"


@dataclass(frozen=True)
class DroppedValue:
    """A value the finder saw and rejected, and why (for `recordkit explain`)."""

    analyte: str
    start: int
    end: int
    raw: str
    reason: str


__all__ = [
    "APPROXIMATE",
    "AT_LIMIT",
    "DATED_ROW",
    "MIXED_SPECIMEN",
    "PER_MICROLITRE",
    "SORTED_FRACTION",
    "UNIT_EITHER",
    "Drop",
    "DroppedValue",
    "ValueMention",
    "of_fraction",
    "unit_either",
]
