"""One lab-table cell -> its value: number, flags and unit, repaired where a scan misread it.

A range is a reference and a date is never a value; a negative word or a value below
detection is zero where the analyte allows it; a bare number is a percentage up to 100 for a
percentage analyte; a cell a scan misread is read again (`cell_repairs`) on the evidence of its
row's reference range and its other results.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from recordkit.nlp import cell_repairs as fix
from recordkit.nlp.cell_repairs import Repair
from recordkit.nlp.measurements import PER_MICROLITRE, ValueMention
from recordkit.nlp.rules import Analyte, AnalyteRules
from recordkit.rule_cache import compiled
from recordkit.values import (
    Converted,
    UnitReader,
    convert,
    grouped_count,
    lakh_letter,
    read_number,
    scientific,
    spaced_count,
)

DATE_CELL = re.compile(
    r"\s*(?:\d{1,2}(?:[./]|- ?)\d{1,2}[./-]\d{2,4}|\d{1,2}[- ]?[A-Za-z]{3,9}[- ]?\d{2,4}"
    r"|\d{4}([./-])\d{1,2}\1\d{1,2}|1\d\d/\d{1,2}/\d{1,2}"  # year first; a Taiwanese era year
    r"|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[A-Za-z]{3,9}\.? (?:\d{1,2},? )?\d{4}"
    # a month and year ('03.2023') has a month and a year of ours: '0.0082' is a value
    r"|(?:0?[1-9]|1[0-2])[./-](?:19|20)\d\d(?!\d))(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?"  # a time,
    r"|[ \t]+(?:[01]\d|2[0-3])[0-5]\d(?!\d))?\s*"  # or Epic's 24-hour '0612' after the date
)
# a date cell alone may end in a stray mark: a typist's full stop, an OCR speck ('19/04/2023.')
DATE_ALONE = re.compile(DATE_CELL.pattern + r"(?:[.,;]\s*)?")
# a column header naming a time point and its date: 'Diagnosis (22 Sep 2020)', 'Relapse Aug 2021'
LABELLED_DATE = re.compile(
    r"[^\W\d_][^\d()|:;]{0,40}?\s*(?:\(|[:,\u2013-]\s*|\s)" + DATE_CELL.pattern + r"\)?\s*"
)
# a time of day alone ('13:20', '08:30h', '9:05 am'): when something was done, never a value
CLOCK_CELL = re.compile(
    r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\s*(?:h|hrs?|[AaPp]\.?[Mm]\.?)?\s*"
)
RANGE_CELL = re.compile(r"\s*(?:[<>≤≥]\s*\d|\(?\s*\d[\d.,]*\s*(?:[-–~]|to)\s*\d)")
STRIP = " \t|[]{}:‘’“”'\"`"  # a scan's table rules and specks read as marks
DATE_ENDS = re.compile(r"(?<!\w)" + DATE_CELL.pattern + "$")  # 'ener 16/03/2018', '/26/11/2018'


def negative_cell(rules: AnalyteRules) -> re.Pattern[str]:
    """A negative word opening a cell, or a lab's abbreviation for it alone in the cell ('UD')."""
    words = "|".join(map(re.escape, rules.negative_words)) or r"(?!)"
    alone = "|".join(rules.negative_cells) or r"(?!)"
    return compiled(rf"(?:{words})|(?:{alone})(?=[\s{re.escape(STRIP)}*]*$)", re.I)


class CellReader:
    """Reads one cell of a lab table with the analyte rules."""

    def __init__(
        self,
        rules: AnalyteRules,
        units: UnitReader,
        negative: re.Pattern[str],
        is_date: Callable[[str], bool],
    ) -> None:
        self.rules = rules
        self.units = units
        self.negative = negative
        self.is_date = is_date
        names = "|".join(rules.assay_names) or r"(?!)"
        self.assay = compiled(rf"\s*(?:{names})\s*[:：]?\s*(?=\S)", re.I)

    def read(
        self,
        cell: str,
        analyte: str,
        row_unit: str | None,
        flags: tuple[str, ...],
        ref: tuple[float, float] | None = None,
        decimals: int | None = None,
    ) -> ValueMention | None:
        """The value in one cell (value, flags and unit may share the cell).

        `ref` is the row's reference range and `decimals` the decimals its other results
        share: evidence for the repairs of `cell_repairs`.
        """
        spec: Analyte = self.rules.analytes[analyte]
        name = spec.report_as or analyte
        lead = len(cell) - len(cell.lstrip(STRIP))
        if assay := self.assay.match(cell, lead):  # 'FCM negativ': the result after its assay
            lead = assay.end()
        if re.match(r"\s*\(?\s*\d[\d.,]*\s*(?:[-–~]|to)\s*\d", cell[lead:]):
            return None  # a range in a value column is a reference, not a result
        if DATE_CELL.match(cell, lead) or self.is_date(cell.strip(STRIP)):
            return None  # a date is never a value
        if CLOCK_CELL.fullmatch(cell[lead:]):
            return None  # a time of day is never a value
        neg = self.negative.match(cell, lead)
        if neg:
            if not spec.below_detection_is_zero:
                return None
            return ValueMention(name, lead, neg.end(), 0.0, spec.unit, cell[lead : neg.end()],
                                (*flags, "negative"))  # fmt: skip
        below = re.match(r"\s*(?:<|≤|<=)\s*", cell[lead:])
        i = lead + (below.end() if below else 0)
        written = cell  # what the quote shows
        if zero := fix.zero_for_letter(cell, i):
            cell, flags = zero, (*flags, Repair.LETTER_AS_DIGIT)
        sci = scientific(cell, i) if "%" in spec.units else None
        got = sci or spaced_count(cell, i, self.units, row_unit) or read_number(cell, i)
        if got is None:
            return None
        number, j = got
        cell_flags, k = self.units.flags_at(cell, j)
        unit, end = self.units.unit_at(cell, k)
        if sci and unit is None:  # '3 x 10^-3' is a fraction of cells, as in prose: 0.3 %
            number, unit, end = number * 100, "%", k
        if unit is None and self.units.foreign_at(cell, j):
            return None  # '500-cell', '5 mg': another quantity
        if unit is not None and self._second_value(cell, end, unit):
            return None  # '96.5% 99%': a scan ran two rows together; neither date is known
        if fix.star_for_percent(unit, row_unit, spec):
            unit, cell_flags = row_unit, (*cell_flags, "*", Repair.PERCENT_AS_STAR)
        glued = fix.letters_glued(cell, j, k, end if unit else None)
        unit, end = (unit, end) if unit else (row_unit, k)
        number = grouped_count(number, cell[i:j], unit)  # '38.600' under '/mm³': 38 600
        if (lakh_end := lakh_letter(cell, (i, j), number, unit, spec, self.units)) is not None:
            unit, end, cell_flags = "lakh/uL", lakh_end, tuple(f for f in cell_flags if f != "L")
        if below:
            if not spec.below_detection_is_zero:
                return None
            return ValueMention(name, lead, end, 0.0, spec.unit, written[lead:end].strip(),
                                (*flags, *cell_flags, "below_detection"), None, unit)  # fmt: skip
        if unit == "%" and spec.absolute_count:
            return None
        as_percent = spec.unit.startswith("%") and unit is None and "%" in spec.units

        def read(n: float) -> Converted:  # a bare number is a percentage up to 100
            return convert(n, ("%" if n <= 100 else None) if as_percent else unit, analyte, spec)

        if as_percent:
            unit = "%" if number <= 100 else None
        if (zero_led := fix.point_after_zero(cell[i:j])) is not None:
            number, cell_flags = zero_led, (*cell_flags, Repair.ZERO_POINT)  # '09%': 0.9 %
        conv = read(number)
        all_flags = (*flags, *cell_flags, *((Repair.LETTERS_GLUED,) if glued else ()))
        against = ref if fix.against_flag(number, all_flags, ref) else None  # 10.58 L, 2.0-7.5
        if (conv.value is None or against) and (
            fixed := fix.without_leading_1(cell, i, j, read, all_flags, against)
        ):
            conv, all_flags = fixed, (*all_flags, Repair.RULE_READ_AS_1)
        elif conv.value is None and (fixed := fix.with_point(cell, i, j, decimals, read)):
            conv, all_flags = fixed, (*all_flags, Repair.POINT_LOST)
        elif against and (fixed := fix.point_by_flag(cell, i, j, read, all_flags, against)):
            conv, all_flags = fixed, (*all_flags, Repair.FLAG_POINT)
        elif against:  # '19 L' against 4.0-11.0 with no reading that agrees
            all_flags = (*all_flags, Repair.AGAINST_FLAG)
        if "derived" in all_flags and conv.value is not None:
            conv = conv.__class__(round(100 - conv.value, 6))
        if conv.assumed_unit:
            all_flags = (*all_flags, "unit_assumed")
        if conv.assumed_unit == "/uL":
            all_flags = (*all_flags, PER_MICROLITRE)
        all_flags = (*all_flags, *conv.flags)
        return ValueMention(name, lead, end, conv.value, spec.unit, written[lead:end].strip(),
                            all_flags, conv.error, unit)  # fmt: skip

    def _second_value(self, cell: str, end: int, unit: str) -> bool:
        """True when another number in the same unit follows the value in its cell."""
        got = read_number(cell, len(cell) - len(cell[end:].lstrip()))
        if got is None:
            return False
        _, k = self.units.flags_at(cell, got[1])
        return self.units.unit_at(cell, k)[0] == unit


__all__ = ["CellReader"]
