"""Lab values as written -> numbers in the unit the fixture format names (pint does the units)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pint

from recordkit.nlp.rules import Analyte

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_SCI = re.compile(rf"({NUMBER})\s*[x×*]\s*10\s*(?:\^|\*\*|E)?\s*([-−‑–]\s*\d+|⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
# units as written (OCR garbles included) -> canonical spelling used in analytes.json
_UNIT_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^[x×*]\s*10\s*(?:\^|\*|7|\s)?\s*[9g]\s*/\s*[lL1]"), "x10^9/L"),
    (re.compile(r"^[x×*]\s*10\s*(?:\^|\*|7|\s)?\s*3\s*/\s*[uµμ]\s*[lL1]"), "x10^3/uL"),
    (re.compile(r"^[x×*]\s*10\s*(?:\^|\*|7|\s)?\s*6\s*/\s*[lL1]"), "x10^6/L"),
    (re.compile(r"^K\s*/\s*[uµμ][lL]"), "K/uL"),
    (re.compile(r"^(?:cells\s*)?/\s*(?:[uµμ]\s*[lL]|mcL|microlit(?:re|er))"), "/uL"),
    (re.compile(r"^/\s*mm(?:3|³)"), "/mm3"),
    (re.compile(r"^g\s*/\s*d[lL]"), "g/dL"),
    (re.compile(r"^g\s*/\s*[lL1]\b"), "g/L"),
    (re.compile(r"^mmol\s*/\s*[lL]"), "mmol/L"),
    (re.compile(r"^%"), "%"),
]

ureg = pint.UnitRegistry()
ureg.define("cells = [cell_count]")


@cache
def _quantity(unit: str) -> pint.Quantity:
    spelled = {
        "x10^9/L": "1e9 cells/L",
        "x10^3/uL": "1e3 cells/uL",
        "K/uL": "1e3 cells/uL",
        "/uL": "cells/uL",
        "/mm3": "cells/mm**3",
        "x10^6/L": "1e6 cells/L",
        "g/dL": "g/dL",
        "g/L": "g/L",
        "mmol/L": "mmol/L",
        "%": "percent",
    }[unit]
    return ureg.Quantity(spelled)


def to_number(text: str) -> float:
    """A number as written: thousands commas (3,200) and decimal commas (0,06) both read."""
    t = text.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t) and not t.startswith("0,"):
        return float(t.replace(",", ""))
    return float(t.replace(",", "."))


def read_unit(after: str) -> tuple[str | None, int]:
    """The unit at the start of `after` and the characters it spans."""
    lead = len(after) - len(after.lstrip())
    rest = after.lstrip()
    for rx, canonical in _UNIT_FORMS:
        m = rx.match(rest)
        if m:
            return canonical, lead + m.end()
    return None, 0


@dataclass(frozen=True)
class Converted:
    """A value in the analyte's unit, or an error saying why it could not be converted."""

    value: float | None
    error: str | None = None
    assumed_unit: bool = False


def convert(value: float, unit: str | None, analyte_name: str, analyte: Analyte) -> Converted:
    """Convert `value` in `unit` to the analyte's unit; a unit that does not fit is an error."""
    lo, hi = analyte.range
    if unit is None:
        if analyte.unit.startswith("%") or lo <= value <= hi:
            return Converted(round(value, 6), None, assumed_unit=not analyte.unit.startswith("%"))
        return Converted(None, f"{value:g} without a unit is outside the {analyte_name} range")
    if unit not in analyte.units:
        return Converted(None, f"unit {unit} does not fit {analyte_name} ({analyte.unit})")
    target = next(u for u, f in analyte.units.items() if f == 1)
    if unit == "mmol/L" or target == "%":
        out = value * analyte.units[unit]
    else:
        ratio = (_quantity(unit) / _quantity(target)).to("dimensionless").magnitude
        out = float(value * ratio)
    out = round(out, 6)
    if not lo <= out <= hi:
        return Converted(
            None, f"{out:g} {analyte.unit} is outside the plausible {analyte_name} range"
        )
    return Converted(out)


def scientific(text: str) -> tuple[float, int] | None:
    """'6.0 x 10^-4' at the start of `text` as a fraction, and the characters it spans."""
    m = _SCI.match(text)
    if not m:
        return None
    exp = int(
        m.group(2)
        .translate(_SUPERSCRIPT)
        .replace("−", "-")
        .replace("‑", "-")
        .replace("–", "-")
        .replace(" ", "")
    )
    return to_number(m.group(1)) * 10**exp, m.end()
