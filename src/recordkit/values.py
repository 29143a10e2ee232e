"""Lab values as written -> numbers in the unit the fixture format names.

Reads a number (thousands and decimal commas), the flags a laboratory writes between value and
unit (H, L, *, arrows), the unit (spellings from analytes.json) and scientific notation
(7.1E-04, 7.1 x 10^-4); converts to the analyte's unit with the factors in analytes.json, which
`check_factors` verifies against pint's unit definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from recordkit.nlp.rules import Analyte, AnalyteRules
from recordkit.nlp.value_types import UNIT_EITHER
from recordkit.rule_cache import compiled

NUMBER = r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:[.,]\d+)?"
_NUMBER = re.compile(NUMBER)
_E_NOTATION = re.compile(rf"({NUMBER})\s*[Ee]\s*([-−‑–+]?\s*\d{{1,2}})(?![\d.])")
_TIMES_TEN = re.compile(
    rf"({NUMBER})\s*[x×*]\s*10\s*(?:\^|\*\*|E)?\s*([-−‑–]\s*\d{{1,2}}|⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
)
_POWER = re.compile(r"10\s*(?:\^|E|\*\*)\s*([-−‑–]\s*\d{1,2})(?![\d.])|10(⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]?\d)")  # '45 000'
_DOT_GROUPED = re.compile(r"\d{1,3}\.\d{3}")  # '2.100': a per-microlitre count's thousands
_LAKH_LETTER = re.compile(r"\s*L(?![A-Za-z])")  # '1.6L/cumm': lakhs, or a Low flag
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−‑–", "0123456789----")

# What each unit of analytes.json means, in pint's terms (molar and percent units convert by
# the analyte's own factor).
UNIT_MEANS = {
    "x10^9/L": "1e9 cells/L",
    "x10^3/uL": "1e3 cells/uL",
    "x10^6/L": "1e6 cells/L",
    "/nL": "cells/nL",
    "/uL": "cells/uL",
    "x10^4/uL": "1e4 cells/uL",
    "lakh/uL": "1e5 cells/uL",
    "g/dL": "g/dL",
    "g/L": "g/L",
}


@cache
def _units():  # type: ignore[no-untyped-def]
    """The unit registry of pint, made on first use (0.4 s): only checking rule files needs it."""
    import pint

    ureg = pint.UnitRegistry()
    ureg.define("cells = [cell_count]")
    return ureg


@cache
def pint_factor(unit: str, target: str) -> float | None:
    """How many `target` one `unit` is, where pint knows both; else None."""
    if unit not in UNIT_MEANS or target not in UNIT_MEANS:
        return None
    ureg = _units()
    q = ureg.Quantity(UNIT_MEANS[unit]) / ureg.Quantity(UNIT_MEANS[target])
    return float(q.to("dimensionless").magnitude)


def check_factors(rules: AnalyteRules) -> list[str]:
    """Analyte unit factors that disagree with pint (empty when all agree)."""
    bad = []
    for name, spec in rules.analytes.items():
        target = next((u for u, f in spec.units.items() if f == 1), None)
        for unit, factor in spec.units.items():
            expected = pint_factor(unit, target) if target else None
            if expected is not None and abs(expected - factor) > 1e-9 * max(1.0, expected):
                bad.append(f"{name}: {unit} -> {target} is {expected:g}, not {factor:g}")
    return bad


def to_number(text: str) -> float:
    """A number as written: thousands commas (3,200) and decimal commas (7,2) both read."""
    t = text.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}(?:,\d{2})+,\d{3}", t) and t[:2] != "0,":
        return float(t.replace(",", ""))
    return float(t.replace(",", "."))


def read_number(text: str, pos: int) -> tuple[float, int] | None:
    """The number starting at `pos` and where it ends."""
    m = _NUMBER.match(text, pos)
    return (to_number(m.group(0)), m.end()) if m else None


class UnitReader:
    """Units, flags and foreign units at a position, compiled from analytes.json."""

    def __init__(self, rules: AnalyteRules) -> None:
        self.units = [
            (compiled(r"\s*(?:" + p + ")"), u) for u, ps in rules.units.items() for p in ps
        ]
        self.caseless = [(compiled(rx.pattern, re.I), u) for rx, u in self.units]
        self.flags = compiled(r"\s*(?:" + "|".join(rules.value_flags) + r")(?=\s|$|[,;|)])")
        self.foreign = compiled(r"\s*(?:" + "|".join(rules.foreign_units) + ")", re.I)

    def unit_at(self, text: str, pos: int) -> tuple[str | None, int]:
        """The canonical unit starting at `pos` (after spaces) and where it ends.

        A spelling is matched as written first; else case-blind ('Lakhs/cumm', 'Lacs', 'GM/DL'),
        where only one unit answers so (none then: 'G/L' and 'g/L' are different units).
        """
        for rx, canonical in self.units:
            m = rx.match(text, pos)
            if m and m.end() > pos:
                return canonical, m.end()
        found: dict[str, int] = {}
        for rx, canonical in self.caseless:
            m = rx.match(text, pos)
            if m and m.end() > pos:
                found[canonical] = max(found.get(canonical, pos), m.end())
        if len(found) == 1:
            return next(iter(found.items()))
        return None, pos

    def flags_at(self, text: str, pos: int) -> tuple[tuple[str, ...], int]:
        """Flags written after a value (H, L, *, arrows) and where they end."""
        found: list[str] = []
        while len(found) < 2:
            m = self.flags.match(text, pos)
            if not m:
                break
            found.append(m.group(0).strip().strip("()[]"))
            pos = m.end()
        return tuple(found), pos

    def foreign_at(self, text: str, pos: int) -> bool:
        """True when a unit of another quantity (a dose, a duration) starts at `pos`."""
        return self.foreign_end(text, pos) is not None

    def foreign_end(self, text: str, pos: int) -> int | None:
        """Where a unit of another quantity starting at `pos` ends, else None."""
        m = self.foreign.match(text, pos)
        return m.end() if m else None


def spaced_count(
    text: str, pos: int, units: UnitReader, row_unit: str | None = None
) -> tuple[float, int] | None:
    """'45 000/mm3', '3 200/µL': a count per microlitre grouped by spaces, and where it ends.

    The unit written after it (else its table row's, `row_unit`) must be per microlitre: only
    such counts run to thousands, and '3 4.5' elsewhere is two values.
    """
    m = _SPACED_THOUSANDS.match(text, pos)
    if m is None or (units.unit_at(text, m.end())[0] or row_unit) != "/uL":
        return None
    return float(re.sub(r"\D", "", m.group(0))), m.end()


def grouped_count(number: float, written: str, unit: str | None) -> float:
    """'3.400/µl', or '38.600' under a '/mm³' header, as a count per microlitre.

    Such a count is a whole number, so a dot before three digits groups its thousands (as
    pages that write decimal commas do): 38 600, not 38.6 cells.
    """
    return number * 1000 if unit == "/uL" and _DOT_GROUPED.fullmatch(written) else number


def scientific(text: str, pos: int = 0) -> tuple[float, int] | None:
    """'7.1E-04', '7,1E-4', '7.1 x 10^-4' or '10^-4' at `pos` as a number, and where it ends."""
    m = _TIMES_TEN.match(text, pos) or _E_NOTATION.match(text, pos)
    if not m:
        p = _POWER.match(text, pos)
        if not p:
            return None
        exp = int((p.group(1) or p.group(2)).translate(_SUPERSCRIPT).replace(" ", ""))
        return 10.0**exp, p.end()
    exp = int(m.group(2).translate(_SUPERSCRIPT).replace(" ", ""))
    return to_number(m.group(1)) * 10**exp, m.end()


def lakh_letter(
    text: str,
    span: tuple[int, int],
    number: float,
    unit: str | None,
    spec: Analyte,
    units: UnitReader,
) -> int | None:
    """Where '1.6L' or '1.6L/cumm' (the number at `span`) ends when its L means lakhs, else None.

    A laboratory's Low flag is an L too ('Plt 8 L'): the L is lakhs only for a count that
    cannot be one as written, below the analyte's `lakh_letter_below` x10^9/L (a bare number
    also needs a fraction: a whole number is read as written), and that is in range in lakhs.
    """
    i, j = span
    m = _LAKH_LETTER.match(text, j)
    if spec.lakh_letter_below is None or m is None or unit not in (None, "/uL"):
        return None
    if unit is None and not re.search(r"[.,]\d", text[i:j]):
        return None
    as_written = number * spec.units.get(unit or spec.unit, 1)
    lo, hi = spec.range
    if as_written >= spec.lakh_letter_below or not lo <= number * spec.units["lakh/uL"] <= hi:
        return None
    after, end = units.unit_at(text, m.end())
    return end if after == "/uL" else m.end()


# cells are counted whole: a count per microlitre written with decimals ('31,2 /uL', a scan's
# '10^3/uL' read as '1043/uL') is in another unit, misread
FRACTIONAL_PER_UL = "fractional_per_microlitre"


@dataclass(frozen=True)
class Converted:
    """A value in the analyte's unit, or an error saying why it could not be converted."""

    value: float | None
    error: str | None = None
    assumed_unit: str | None = None
    flags: tuple[str, ...] = ()  # a doubt of the reading: `FRACTIONAL_PER_UL`


def _bare(value: float, name: str, spec: Analyte) -> Converted:
    """A value written without a unit: in range as it stands, or in the usual small unit.

    A count above what the analyte can be in x10^9/L (`bare_count_max`: 'ANC 200') is
    cells per microlitre (`assumed_unit` '/uL', which the reading's doubt names).
    """
    lo, hi = spec.range
    if spec.unit.startswith("%"):  # a bare number over 100 is never a percentage
        if lo <= value <= min(hi, 100):
            return Converted(round(value, 6))
        return Converted(None, f"{value:g} without a unit is no percentage")
    if spec.bare_small_unit and value < spec.bare_small_below:
        out = round(value * spec.units[spec.bare_small_unit], 6)
        if lo <= out <= hi:
            return Converted(out, assumed_unit=spec.bare_small_unit)
    most = hi if spec.bare_count_max is None else min(hi, spec.bare_count_max)
    if lo <= value <= most:
        return Converted(round(value, 6), assumed_unit=spec.unit)
    if "/uL" in spec.units and value > most and lo <= value * spec.units["/uL"] <= hi:
        return Converted(round(value * spec.units["/uL"], 6), assumed_unit="/uL")
    return Converted(None, f"{value:g} without a unit is outside the {name} range")


def page_bare_unit(spec: Analyte, page: str) -> str | None:
    """The unit the page says its bare small values of `spec` are in, if it says.

    A page that writes the analyte with the usual unit (`usual_cues`: 'Hb 8.4 g/dL') keeps it;
    else one with an `alternative`'s cue (the analyte written in that unit, or the words of a
    country that writes it so: Dutch haemoglobin in mmol/L) speaks for the alternative.
    """
    alt = spec.bare_small_alternative
    if alt is None:
        return None
    if any(compiled(c, re.I).search(page) for c in alt.usual_cues):
        return spec.bare_small_unit
    return alt.unit if any(compiled(c, re.I).search(page) for c in alt.cues) else None


def either_unit(
    number: float, conv: Converted, spec: Analyte, page_unit: str | None
) -> tuple[Converted, tuple[str, ...]]:
    """A bare small value read in the usual unit, or in the alternative its page speaks for.

    Plausible in both, it is flagged 'unit_either:READ|OTHER|WHY' (WHY: 'page' where the
    page chose, 'usual' where nothing did), which its doubt names; else it is left as read.
    """
    alt, usual = spec.bare_small_alternative, spec.bare_small_unit
    if alt is None or usual is None or conv.assumed_unit != usual:
        return conv, ()
    other = round(number * spec.units[alt.unit], 6)
    if not spec.range[0] <= other <= spec.range[1]:
        return conv, ()
    if page_unit == usual:
        return conv, ()
    if page_unit == alt.unit:
        return Converted(other, assumed_unit=alt.unit), (f"{UNIT_EITHER}:{alt.unit}|{usual}|page",)
    return conv, (f"{UNIT_EITHER}:{usual}|{alt.unit}|usual",)


def convert(value: float, unit: str | None, name: str, spec: Analyte) -> Converted:
    """Convert `value` in `unit` to the analyte's unit; a unit that does not fit is an error."""
    if unit is None:
        return _bare(value, name, spec)
    if unit not in spec.units:
        return Converted(None, f"unit {unit} does not fit {name} ({spec.unit})")
    out = round(value * spec.units[unit], 6)
    lo, hi = spec.range
    if not lo <= out <= hi:
        return Converted(None, f"{out:g} {spec.unit} is outside the plausible {name} range")
    whole = unit != "/uL" or not spec.absolute_count or value == int(value)
    return Converted(out, flags=() if whole else (FRACTIONAL_PER_UL,))
