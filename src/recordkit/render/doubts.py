"""What a reader should check before trusting an item, and why.

`find_doubts` is the one place that decides what goes on the packet's "To check" page; the
tables mark undated-by-the-source items with `date_mark`. Both read CaseFacts as they are and
also honour fields the extraction stage may add later (a `derived` flag, `date_info.anchor`,
a per-item `doubts` list of reasons).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from recordkit.models import CaseFacts, Event, Manifest, Measurement
from recordkit.render.names import without_file_names

LOW_CONFIDENCE = 0.9


class Reason(StrEnum):
    """Why an item is on the list, in the order the list gives them."""

    UNREAD = "file not read"
    CONFLICT = "documents disagree"
    NO_DATE = "no date could be established"
    DOCUMENT_DATE = "date taken from the document's date, not stated with the item"
    RELATIVE_DATE = "date worked out from another event"
    DERIVED = "value derived, not read as written"
    OCR_LOW = "read by OCR at low confidence"
    LOW_CONFIDENCE = "low confidence"
    VALUE_ERROR = "value could not be read"
    EXTRACTION = "flagged by the extraction"


@dataclass
class Doubt:
    """One line of the "To check" list: what, why, and where to look."""

    subject: str
    reasons: list[str] = field(default_factory=list)
    where: str = ""
    date: str = ""


def cite(item: Event | Measurement, names: dict[str, str] | None = None) -> str:
    """Each source's document (by its display name, never its file name) and page, once."""
    names = names or {}
    unlisted = "a document not in the index"  # never happens for an extracted item
    pages = list(dict.fromkeys(f"{names.get(s.file, unlisted)} p.{s.page}" for s in item.sources))
    return "; ".join(pages) if pages else "source not recorded"


def subject(item: Event | Measurement) -> str:
    """A short name of an item for the list: the event or the analyte with its value."""
    from recordkit.render.table import ANALYTE_LABEL, event_label

    if isinstance(item, Event):
        return event_label(item)
    if item.value is None:
        value = item.raw or "value"
    elif item.value == 0 and "negative" in item.flags:
        value = "negative"
    else:
        sep = "" if item.unit.startswith("%") else " "
        value = f"{item.value:g}{sep}{item.unit}"
    return f"{ANALYTE_LABEL[item.analyte]} {value}"


def date_mark(item: Event | Measurement) -> str:
    """How the tables qualify a date the source did not state with the item ("" if it did)."""
    if not item.date:
        return "no date"
    basis = item.date_info.basis
    if basis in ("document", "today", "reported"):
        return "document date"
    if basis == "relative":
        return "worked out"
    if basis == "section":
        return "section date"
    return ""


def item_reasons(item: Event | Measurement, conflicted: dict[str, list[float | None]]) -> list[str]:
    """Why a reader should check `item` (empty: nothing to check); `conflicted`: id -> values."""
    out: list[str] = []
    info = item.date_info
    if item.id in conflicted:
        own = getattr(item, "value", None)
        others = sorted({v for v in conflicted[item.id] if v is not None and v != own})
        out.append(
            Reason.CONFLICT.value
            + (f": another gives {', '.join(f'{v:g}' for v in others)} that day" if others else "")
        )
    if not item.date:
        out.append(f"{Reason.NO_DATE.value}" + (f" ({info.reason})" if info.reason else ""))
    elif info.basis == "document":
        out.append(Reason.DOCUMENT_DATE.value)
    elif info.basis == "relative":
        anchor = getattr(info, "anchor", None)
        said = anchor or info.raw
        out.append(Reason.RELATIVE_DATE.value + (f' ("{said}")' if said else ""))
    flags = getattr(item, "flags", ()) or ()
    if "derived" in flags or getattr(item, "derived", False):
        out.append(Reason.DERIVED.value)
    if item.confidence < LOW_CONFIDENCE:
        ocr = any(s.method == "ocr" for s in item.sources)
        why = Reason.OCR_LOW if ocr else Reason.LOW_CONFIDENCE
        out.append(f"{why.value} ({item.confidence:.2f})")
    error = getattr(item, "error", None)
    if error:
        out.append(f"{Reason.VALUE_ERROR.value}: {error}")
    out += [f"{Reason.EXTRACTION.value}: {d}" for d in getattr(item, "doubts", None) or ()]
    return out


def items_to_check(facts: CaseFacts) -> list[tuple[Event | Measurement, list[str]]]:
    """Items with a reason to check them that no reviewer has looked at, with the reasons.

    An item a reviewer accepted or edited has been checked against its page: it leaves the
    list. The packet, the CLI table, index.html and the review app all count these.
    """
    conflicted: dict[str, list[float | None]] = {}
    for c in facts.conflicts:
        for i in c.measurement_ids:
            conflicted.setdefault(i, []).extend(c.values)
    out: list[tuple[Event | Measurement, list[str]]] = []
    for item in (*facts.events, *facts.measurements):
        reasons = [] if item.review is not None else item_reasons(item, conflicted)
        if reasons:
            out.append((item, reasons))
    return out


def file_doubts(manifest: Manifest | None, names: dict[str, str] | None = None) -> list[Doubt]:
    """One line per file that could not be read."""
    names = names or {}
    out: list[Doubt] = []
    for f in manifest.failed if manifest is not None else ():
        why = f"{Reason.UNREAD.value}: {f.status}" + (f" ({f.reason})" if f.reason else "")
        shown = names.get(f.path, f"a {f.type} file")
        out.append(Doubt(f"File {shown}", [why], shown))
    return out


def find_doubts(
    facts: CaseFacts, manifest: Manifest | None, names: dict[str, str] | None = None
) -> list[Doubt]:
    """Every file not read and every unreviewed item a reader should check, with its reasons."""
    names = names or {}
    items = [  # a doubt may name the other document it compares ('in letter_smith.pdf')
        Doubt(
            subject(item),
            [without_file_names(r, names) for r in reasons],
            cite(item, names),
            item.date or "",
        )
        for item, reasons in items_to_check(facts)
    ]
    return file_doubts(manifest, names) + items


__all__ = [
    "LOW_CONFIDENCE",
    "Doubt",
    "Reason",
    "cite",
    "date_mark",
    "file_doubts",
    "find_doubts",
    "item_reasons",
    "items_to_check",
    "subject",
]
