"""The value types of date mentions: what a date is, and absolute or relative mentions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from recordkit.models import Precision

Order = Literal["DMY", "MDY"]


class DateType(StrEnum):
    """What a labelled date is, as its label (or its line) says."""

    COLLECTION = "collection"
    RECEIVED = "received"
    ARRIVAL = "arrival"  # a receipt, registry or incoming-mail stamp: when the paper arrived
    REPORT = "report"
    PRINT = "print"
    FAX = "fax"
    BIRTH = "birth"
    ADMISSION = "admission"
    DISCHARGE = "discharge"
    DOCUMENT = "document"
    EVENT = "event"
    COMMENT = "comment"  # a lab's or ward's comment: when it was written, not what it restates


NEVER_DATES_A_RESULT = frozenset(
    {DateType.BIRTH, DateType.PRINT, DateType.FAX, DateType.REPORT, DateType.ARRIVAL}
)
DATES_A_DOCUMENT = frozenset({DateType.DOCUMENT, DateType.ADMISSION, DateType.DISCHARGE})


@dataclass(frozen=True)
class Relative:
    """A date stated relative to an event (resolved once all documents are read)."""

    anchor_kind: str | None  # None: the owner event's own kind
    ordinal: int | None
    days: int = 0
    months: int = 0
    precision: Precision = "day"
    unnamed: bool = False  # a bare 'Day +28': from the day 0 told last before it (a default kind)
    named: str | None = None  # the word naming which one: 'after CD19 CAR-T' counts from that
    line_at: int = 0  # where an unnamed count's line starts: a course told there counts it


@dataclass(frozen=True)
class DateMention:
    """A date found in text: absolute (`value`) or relative (`relative`), or unresolved.

    `type` is what the date's label says it is (None: unlabelled); `reason` says why an
    unresolved mention (`value` None, `relative` None) has no value.
    """

    start: int
    end: int
    raw: str
    value: date | None = None
    precision: Precision | None = None
    relative: Relative | None = None
    type: DateType | None = None
    reason: str | None = None
    month_day: tuple[int, int] | None = None  # a yearless date's (month, day), its year unknown

    @property
    def label(self) -> str | None:
        """The older three-way label: collection | report (never dates a result) | document."""
        if self.type is None:
            return None
        if self.type in NEVER_DATES_A_RESULT:
            return "report"
        if self.type in DATES_A_DOCUMENT:
            return "document"
        return self.type.value if self.type is DateType.COLLECTION else None

    @property
    def dates_results(self) -> bool:
        """False for a date of birth, print, fax or report date: these never date a result."""
        return self.type not in NEVER_DATES_A_RESULT

    @property
    def dates_document(self) -> bool:
        """True for a labelled document, admission or discharge date."""
        return self.type in DATES_A_DOCUMENT


def specimen_date(d: DateMention) -> bool:
    """'Sample date: DATE', 'Received: DATE': when a specimen was taken, never a treatment's day.

    A lab report restates the transplant as context ('Transplant: Allo-PBSC 10/07/2023'); a
    date its sample fields label beside it is the sample's.
    """
    return d.type in (DateType.COLLECTION, DateType.RECEIVED)
