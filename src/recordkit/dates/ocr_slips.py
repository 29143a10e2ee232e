"""OCR slips inside numeric dates: letters a scan reads where a date's digits stand."""

from __future__ import annotations

import re

# a table border '|' next to a date is a border, not a 1
_OCR_DIGITS = {"O": "0", "o": "0", "Q": "0", "©": "0", "@": "0", "I": "1", "l": "1"}
_OCR_SLIP = re.compile(
    r"(?<![A-Za-z0-9/])([0-9OoQ©@Il]{1,2})/([0-9OoQ©@Il]{1,2})/(\d{2}|\d{4})(?![A-Za-z0-9/])"
)


def ocr_shadow(text: str) -> str:
    """`text` with OCR slips inside numeric dates read as digits ('1O/O1/21', '©9/26/17').

    One character for one, so every offset still points into the original text; a token
    changes only if it has three or more real digits and at most two slips.
    """
    out = list(text)
    for m in _OCR_SLIP.finditer(text):
        token = m.group(1) + m.group(2)
        slips = sum(c in _OCR_DIGITS for c in token)
        if 0 < slips <= 2 and sum(c.isdigit() for c in m.group(0)) >= 3:
            for i in range(m.start(), m.start(2) + len(m.group(2))):
                out[i] = _OCR_DIGITS.get(text[i], text[i])
    return "".join(out)


def slipped_day(first: int, second: int, order: str | None, sep: str) -> bool:
    """A numeric date whose day no month has ('42/04/2022': a digit misread), its month sound.

    Only where the document's order (or a dotted date, always day first) says which number
    is the day and the other is a month: the month and year still date what the date tells,
    at month precision (and so doubted), rather than leave it undated. A date cut from a run
    of dates OCR glued together (no separator of its own: `sep` '') is no slip but a cut in
    the wrong place, and stays undated.
    """
    order = "DMY" if sep == "." else order
    if sep not in ("/", ".", "-") or order not in ("DMY", "MDY"):
        return False
    month, day = (second, first) if order == "DMY" else (first, second)
    return 1 <= month <= 12 and day > 31


__all__ = ["ocr_shadow", "slipped_day"]
