"""Typed records passed between stages: files -> pages -> facts -> timeline -> outputs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FileStatus = Literal[
    "ok",
    "empty",
    "encrypted",
    "corrupt",
    "unsupported",
    "too_large",
    "duplicate",
    "unreadable",
    "skipped",
]
FileType = Literal["pdf", "png", "jpeg", "tiff", "gif", "bmp", "webp", "docx", "text", "unknown"]
TextMethod = Literal["text", "ocr"]
Precision = Literal["year", "month", "day"]
# how finely a date is told: a day is finer than a month; no date is the coarsest
PRECISION_RANK: dict[str | None, int] = {None: 0, "year": 1, "month": 2, "day": 3}


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Word(_Record):
    """One word on a page with its box in page units (points for PDFs, pixels for images)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None
    line: int | None = None  # OCR: the text line tesseract's own layout put the word on


class PageText(_Record):
    """The text of one page and where it came from."""

    file: str = Field(description="Path relative to the case folder.")
    page: int = Field(ge=1)
    text: str
    method: TextMethod
    ocr_confidence: float | None = Field(None, description="Mean word confidence, 0-100.")
    ocr_status: Literal["ok", "timeout", "empty"] | None = None
    rotation: int = Field(0, description="Degrees the page was turned before OCR.")
    width: float = 0
    height: float = 0
    unit: Literal["pt", "px"] = "pt"
    words: tuple[Word, ...] = ()


class FileRecord(_Record):
    """One manifest line: a file found under the case folder and what became of it."""

    path: str
    sha256: str | None
    size: int | None
    type: FileType
    pages: int = 0
    method: Literal["text", "ocr", "mixed"] | None = None
    status: FileStatus
    reason: str | None = None
    duplicate_of: str | None = None
    ocr_confidence: float | None = None
    # not written: the manifest is written once the files are read, before extraction finds a
    # document's date (events.json's `documents` has it); read from earlier runs' manifests
    document_date: str | None = Field(None, exclude=True)


class DocumentResult(_Record):
    """A file's manifest record plus its pages (empty unless status is ok)."""

    record: FileRecord
    pages: tuple[PageText, ...] = ()


class Manifest(_Record):
    """Every file of a case, each listed once."""

    format: str = "recordkit-manifest/1"
    case_id: str
    settings: dict[str, Any]
    files: tuple[FileRecord, ...]
    errors: tuple[str, ...] = Field(
        (), description="What failed for the case as a whole (extraction, an output)."
    )

    @property
    def failed(self) -> list[FileRecord]:
        """Files that could not be read (a duplicate or recordkit's own output is not one)."""
        return [f for f in self.files if f.status not in ("ok", "duplicate", "skipped")]


# --- extracted facts -------------------------------------------------------------------


class Source(_Record):
    """Where a fact was read: file, page, character span on that page, and the quote."""

    file: str
    page: int
    start: int
    end: int
    quote: str
    method: TextMethod = "text"


class DateInfo(_Record):
    """A date with its precision and how it was found; `value` is None when unresolved."""

    value: str | None = None
    precision: Precision | None = None
    raw: str | None = None
    basis: str | None = Field(
        None,
        description="stated | collection | relative | sentence | section | today | reported"
        " | document",
    )
    reason: str | None = Field(None, description="Why the date is missing, when it is.")
    anchor: str | None = Field(
        None, description="For a relative date, the event it counts from: 'transplant 2024-08-29'."
    )


EventKind = Literal[
    "diagnosis",
    "regimen",
    "relapse",
    "remission",
    "car_t",
    "transplant",
    "dli",
    "gvhd",
    "engraftment",
    "death",
]
Analyte = Literal["blasts", "mrd", "chimerism", "wbc", "hb", "plt", "anc"]


class ReviewMark(_Record):
    """What a reviewer did to an item: the correction that last touched it."""

    action: str = Field(description="accepted | edited | added | merged | split")
    by: str
    at: str = Field(description="When, ISO 8601 UTC.")
    correction: str = Field(description="Id of the correction in corrections.json.")


class Event(_Record):
    """A clinical event (fixture fields plus provenance)."""

    id: str = ""
    kind: EventKind
    date: str | None = None
    label: str | None = None
    name: str | None = None
    drugs: tuple[str, ...] | None = None
    cycle: int | None = None
    type: str | None = None
    depth: str | None = None
    target: str | None = None
    grafts: tuple[str, ...] | None = None
    donor: str | None = None
    dose: str | None = None
    organ: str | None = None
    grade: int | None = None
    form: str | None = None
    lineage: str | None = None
    genetics: str | None = None
    number: int | None = None
    ordinal: int | None = Field(
        None, description="The number its records give it: 2 for 'CR2', 'the second DLI'."
    )
    days_after_transplant: int | None = Field(
        None, description="Relapse: days from the transplant before it to the relapse."
    )
    days_after_diagnosis: int | None = Field(
        None, description="Relapse: days from the diagnosis to the relapse."
    )
    timing: str | None = Field(
        None,
        description="Relapse: early/late after transplant (< 6 months) and, for ALL, "
        "early/late after diagnosis (< 30 months), e.g. 'early post-transplant'.",
    )
    date_info: DateInfo = DateInfo()
    confidence: float = 1.0
    doubts: tuple[str, ...] = Field((), description="Reasons, in plain words, to check the item.")
    context: str = ""
    sources: tuple[Source, ...] = ()
    review: ReviewMark | None = None


class Measurement(_Record):
    """A lab value in the unit the fixture format names for its analyte."""

    id: str = ""
    analyte: Analyte
    value: float | None
    unit: str
    date: str | None = None
    raw: str = Field("", description="Value and unit as written, before conversion.")
    flags: tuple[str, ...] = ()
    error: str | None = None
    date_info: DateInfo = DateInfo()
    confidence: float = 1.0
    doubts: tuple[str, ...] = Field((), description="Reasons, in plain words, to check the item.")
    context: str = ""
    sources: tuple[Source, ...] = ()
    review: ReviewMark | None = None


class Conflict(_Record):
    """Two or more values of one analyte on one date."""

    analyte: str
    date: str | None
    values: tuple[float | None, ...]
    measurement_ids: tuple[str, ...]


class DocumentInfo(_Record):
    """One source document as the packet lists it."""

    file: str
    type: str
    pages: int
    status: str
    date: str | None = None


class ReviewState(_Record):
    """The corrections applied to a case (present only in events-corrected.json)."""

    corrections: int = 0
    reviewers: tuple[str, ...] = ()
    last: str | None = Field(None, description="Time of the latest correction.")
    rejected: tuple[dict[str, Any], ...] = Field((), description="Items a reviewer rejected.")
    orphans: tuple[dict[str, Any], ...] = Field(
        (), description="Corrections whose item no longer exists; kept, not applied."
    )


class CaseFacts(_Record):
    """Everything extracted for one case: the content of events.json."""

    format: str = "recordkit-events/1"
    fixture_format: str = "recordkit-fixture/1"
    case_id: str
    source_folder: str | None = Field(None, description="The patient folder the files came from.")
    documents: tuple[DocumentInfo, ...] = ()
    events: tuple[Event, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    warnings: tuple[str, ...] = ()
    review: ReviewState | None = None
