"""Counts a scan may have read without their decimal point: '31' for a white count of 3.1.

OCR drops a small point more often than any other mark. A whole count is part of the white
count (analytes.json `count_parts`: the neutrophils are some of the white cells), so the
white count is at least as large as its parts, and about twice the neutrophils; a white count
read from a scan, written with no point, that is ten times or more the part counted beside it
(same page, same day) may have lost its point: read as a tenth, it still holds the part. It
is doubted, never changed: a leukaemic blood can hold that many blasts.
"""

from __future__ import annotations

from recordkit.grouping import Item, dates_agree

LOST_POINT = (
    "read from a scan with no decimal point and {n:g} times the {part} beside it: "
    "perhaps {tenth:g}, the point lost"
)


def _scanned_whole(item: Item) -> bool:
    """Every reading of the value is from a scan and written with no decimal point."""
    read = [f for f in item.facts if f.measurement is not None]
    return bool(read) and all(
        f.source.method == "ocr" and not any(c in f.measurement.raw for c in ".,")  # type: ignore[union-attr]
        for f in read
    )


def _pages(item: Item) -> set[tuple[str, int]]:
    return {(f.source.file, f.source.page) for f in item.facts}


def lost_points(items: list[Item], parts: dict[str, list[str]]) -> dict[int, str]:
    """id(item) -> why its value is doubted, for whole counts that may have lost their point."""
    values = [i for i in items if i.kind == "measurement" and i.attrs.get("value")]
    out: dict[int, str] = {}
    for whole in values:
        named = parts.get(whole.attrs.get("analyte", ""), [])
        if not named or whole.date.value is None or not _scanned_whole(whole):
            continue
        total = float(whole.attrs["value"])
        for part in values:
            if part.attrs.get("analyte") not in named or not dates_agree(part.date, whole.date):
                continue
            share = float(part.attrs["value"])
            if _pages(part) & _pages(whole) and total >= 10 * share:
                what = str(part.attrs["analyte"]).upper()
                out[id(whole)] = LOST_POINT.format(
                    n=round(total / share), part=what, tenth=total / 10
                )
                break
    return out


__all__ = ["lost_points"]
