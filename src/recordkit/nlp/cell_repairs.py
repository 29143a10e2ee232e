"""Value cells a scan misread in a known way, read again from the table's own evidence.

A repair applies only when the value as read is implausible for its analyte or contradicts
its own row, and the value read again is plausible. The item is flagged with the repair,
its quote stays as written, and the repair's doubt reaches the to-check list
(`recordkit.confidence.REPAIRS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

from recordkit.nlp.rules import Analyte
from recordkit.values import Converted, read_number


class Repair(StrEnum):
    """How a value cell was read again."""

    RULE_READ_AS_1 = "rule_read_as_1"  # '197%' beside the table's rule: 97 % donor
    LETTER_AS_DIGIT = "letter_read_as_digit"  # 'O.27': 0.27
    PERCENT_AS_STAR = "percent_read_as_star"  # '75%' in a g/L row: 75 with the flag '*'
    POINT_LOST = "decimal_point_lost"  # '232' beside 4.60 and 0.82: 2.32
    FLAG_POINT = "decimal_point_lost_by_flag"  # '19' flagged L against 4.0-11.0: 1.9
    ZERO_POINT = "decimal_point_lost_after_zero"  # '09%': 0.9 %, its point lost after the 0
    AGAINST_FLAG = "contradicts_its_flag"  # no reading agrees: left as read, doubted
    LETTERS_GLUED = "letters_glued"  # '2a': letters no unit or flag glued on, left out, doubted
    HEADER_BY_ORDER = "header_by_order"  # the header line stood apart: its k-th cell, column k
    HEADER_CARRIED = "header_carried"  # rows after a page break, under the page before's header


Read = Callable[[float], Converted]  # a number in the cell's unit -> the analyte's value

_O_FOR_ZERO = re.compile(r"[Oo](?=[.,]\d)")  # 'O.27': a scan's O for the zero
NUMBER_FIRST = re.compile(r"[<>≤]?\s*(?:\d|" + _O_FOR_ZERO.pattern + ")")
_DECIMALS = re.compile(r"\d+[.,](\d+)")
_FLAG_SIDE = {"l": -1, "ll": -1, "lo": -1, "low": -1, "↓": -1,
              "h": 1, "hh": 1, "hi": 1, "high": 1, "↑": 1}  # fmt: skip
_REF = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:[-–~]|to)\s*(\d+(?:[.,]\d+)?)")


def letters_glued(cell: str, j: int, k: int, unit_end: int | None) -> bool:
    """True when letters that are neither a flag nor a unit stick to the number at cell[:j].

    `k` is where the number's flags end and `unit_end` where a unit read in the cell ends.
    A scan that misread a digit often reads it as a letter glued on ('2.1' as '2a').
    """
    return unit_end is None and k == j and cell[j : j + 1].isascii() and cell[j : j + 1].isalpha()


def zero_for_letter(cell: str, i: int) -> str | None:
    """The cell with the letter O at `i` read as the zero it stands for, or None."""
    return cell[:i] + "0" + cell[i + 1 :] if _O_FOR_ZERO.match(cell, i) else None


def without_leading_1(
    cell: str, i: int, j: int, read: Read, flags: tuple[str, ...], ref: tuple[float, float] | None
) -> Converted | None:
    """The value at cell[i:j] without its first '1' when only that makes it plausible.

    A scan can read the table's vertical rule before a cell as a '1' ('197%' for 97 %
    donor). Only a value outside the analyte's range, or one its own flag contradicts (`ref`:
    10.58 flagged low against 2.0-7.5), is read again; it must then agree with the flag.
    """
    if cell[i : i + 1] != "1" or not cell[i + 1 : i + 2].isdigit():
        return None
    got = read_number(cell, i + 1)
    if got is None or got[1] != j:
        return None
    if ref is not None and not agrees(got[0], flags, ref):
        return None
    conv = read(got[0])
    return conv if conv.value is not None else None


def star_for_percent(cell_unit: str | None, row_unit: str | None, spec: Analyte) -> bool:
    """'%' closing a value whose row names another unit, for an analyte never given in %.

    Cumulative reports mark abnormal results with '*'; a scan can read the star as '%'. A
    count that differentials also give as a share (neutrophils 75 %) is never read so.
    """
    never_percent = "%" not in spec.units and not spec.absolute_count
    return cell_unit == "%" and row_unit not in (None, "%") and never_percent


def row_decimals(cells: list[str]) -> int | None:
    """The number of decimals every other result of the row is written with (two at least)."""
    found = {len(m.group(1)) if (m := _DECIMALS.match(c.strip(" |*'‘"))) else 0 for c in cells}
    return found.pop() if len(cells) >= 2 and len(found) == 1 and min(found) > 0 else None


def with_point(cell: str, i: int, j: int, decimals: int | None, read: Read) -> Converted | None:
    """An implausible whole number read with the decimal point its row's results all have.

    A scan loses the small point of '2.32' more easily than any digit; beside '4.60' and
    '0.82' in the same row, '232' is read 2.32, when that is plausible.
    """
    digits = cell[i:j]
    if not decimals or not digits.isdigit() or len(digits) <= decimals:
        return None
    conv = read(int(digits) / 10**decimals)
    return conv if conv.value is not None else None


_ZERO_LED = re.compile(r"0\d+")


def point_after_zero(digits: str) -> float | None:
    """A whole number written with a leading zero ('09', '03'): its point lost after the 0.

    No one writes a result with a leading zero outside dates and times; a scan loses the point
    of '0.9' more easily than it adds a 0, so '09%' is 0.9 %, doubted as a repair.
    """
    return int(digits) / 10 ** (len(digits) - 1) if _ZERO_LED.fullmatch(digits) else None


def point_by_flag(
    cell: str, i: int, j: int, read: Read, flags: tuple[str, ...], ref: tuple[float, float]
) -> Converted | None:
    """A whole number its own flag contradicts, read with the decimal point that agrees.

    A fax loses the point of '1.9' flagged L against 4.0-11.0; '19' cannot be low, 1.9 is.
    One decimal is tried, then two; the first reading on the flag's side is kept.
    """
    digits = cell[i:j]
    if not digits.isdigit() or len(digits) < 2:
        return None
    for k in (1, 2):
        number = int(digits) / 10**k
        if len(digits) > k and agrees(number, flags, ref):
            conv = read(number)
            return conv if conv.value is not None else None
    return None


def row_range(cells: list[str]) -> tuple[float, float] | None:
    """The row's reference range ('2.0-7.5') from its reference cells, when it has one."""
    for cell in cells:
        if m := _REF.search(cell):
            lo, hi = (float(g.replace(",", ".")) for g in m.groups())
            return (lo, hi) if lo < hi else None
    return None


def _side(flags: tuple[str, ...]) -> int:
    return next((_FLAG_SIDE[f.casefold()] for f in flags if f.casefold() in _FLAG_SIDE), 0)


def against_flag(number: float, flags: tuple[str, ...], ref: tuple[float, float] | None) -> bool:
    """A low flag on a value above the range, or a high flag on one below it."""
    side = _side(flags)
    return ref is not None and ((side < 0 and number > ref[1]) or (side > 0 and number < ref[0]))


def agrees(number: float, flags: tuple[str, ...], ref: tuple[float, float]) -> bool:
    """The value lies on the side of the range its flag says."""
    side = _side(flags)
    return (side < 0 and number < ref[0]) or (side > 0 and number > ref[1])
