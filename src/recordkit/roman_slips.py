"""A November day read from a scan, in a case whose records write Roman months, may be February.

Russian and Ukrainian records write the month in Roman numerals ('14.II.2023'), and OCR reads
the 'II' as '11' ('14.11.2023'): February becomes November, at good word confidence. Where
any document of the case writes a Roman month, an item dated by a scan's dd.11.yyyy date is
doubted, naming the February day it may be; when another document dates the same (an event
of the kind, a result of the same value) on that February day, the doubt says so. Nothing is
changed: a real November date is as likely, and the reviewer decides.
"""

from __future__ import annotations

import re
from datetime import date

from recordkit.dates.roman import written_roman
from recordkit.grouping import Item, dates_agree

_ELEVEN = re.compile(r"\d{1,2}([./-])[ \t]?11\1[ \t]?\d{2,4}")  # a scan's "14.11.2023"


def _scan_eleven(item: Item) -> bool:
    """Whether a scan's dd.11.yyyy date dates the item."""
    return any(
        f.source.method == "ocr"
        and f.date.raw is not None
        and _ELEVEN.fullmatch(f.date.raw.strip())
        and dates_agree(f.date, item.date)
        for f in item.facts
    )


def _same_told(a: Item, b: Item) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind != "measurement":
        return True
    return a.attrs.get("analyte") == b.attrs.get("analyte") and a.attrs.get("value") == b.attrs.get(
        "value"
    )


def roman_slips(items: list[Item]) -> dict[int, str]:
    """id(item) -> why its November date may be a Roman February OCR misread."""
    if not any(written_roman(f.date.raw) for i in items for f in i.facts):
        return {}
    doubts: dict[int, str] = {}
    for item in items:
        day = item.date.value
        if item.date.precision != "day" or day is None or day.month != 11:
            continue
        if not _scan_eleven(item):
            continue
        february = _february(day)
        if february is None:
            continue
        files = {f.source.file for f in item.facts}
        told = [
            o
            for o in items
            if o is not item
            and o.date.value == february
            and _same_told(item, o)
            and {f.source.file for f in o.facts} - files
        ]
        also = f"; another document dates the same on {february.isoformat()}" if told else ""
        doubts[id(item)] = (
            f"the scan reads the month as 11, and the case's records write months in Roman "
            f"numerals: OCR may have read II (February, {february.isoformat()}) as 11{also}"
        )
    return doubts


def _february(d: date) -> date | None:
    try:
        return d.replace(month=2)
    except ValueError:
        return None


__all__ = ["roman_slips"]
