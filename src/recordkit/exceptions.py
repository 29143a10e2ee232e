"""Errors recordkit raises, each carrying the exit code the command line returns for it."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; documented in the README."""

    ok = 0
    bad_args = 1
    usage = 2  # the command line does not parse (click's usage errors: unknown command, ...)
    missing_dependency = 3
    partial_failure = 4
    output_error = 5
    invalid_rules = 6
    validation_below_threshold = 7
    other_error = 15
    ctrl_c = 130
    terminated = 143


class RecordkitError(Exception):
    """Base class: an error with a human message and an exit code."""

    exit_code: ExitCode = ExitCode.other_error
    message: str = "recordkit failed"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class BadArgumentsError(RecordkitError):
    """The command line or a pipeline file asked for something impossible."""

    exit_code = ExitCode.bad_args
    message = "bad arguments"


class MissingDependencyError(RecordkitError):
    """A system program recordkit needs is not installed (or too old)."""

    exit_code = ExitCode.missing_dependency
    message = "a required system program is missing"


class InvalidRulesError(RecordkitError):
    """A clinical rule file does not parse or does not validate."""

    exit_code = ExitCode.invalid_rules
    message = "invalid rule file"


class OutputError(RecordkitError):
    """An output could not be written."""

    exit_code = ExitCode.output_error
    message = "could not write output"


# --- per-document errors: recorded in the manifest; the batch goes on --------------------


class DocumentError(RecordkitError):
    """A single input file could not be read; `status` is its manifest status."""

    exit_code = ExitCode.partial_failure  # recorded per file; the batch goes on
    status = "unreadable"


class EmptyFileError(DocumentError):
    """The file has no bytes, or no readable content."""

    status = "empty"


class EncryptedDocumentError(DocumentError):
    """The PDF is encrypted with a password recordkit does not have."""

    status = "encrypted"


class CorruptDocumentError(DocumentError):
    """The file claims a format but its content is damaged or truncated."""

    status = "corrupt"


class UnsupportedDocumentError(DocumentError):
    """The file's content is of a type recordkit does not read."""

    status = "unsupported"


class TooLargeDocumentError(DocumentError):
    """The file exceeds a size, pixel or memory limit (e.g. a decompression bomb)."""

    status = "too_large"


class UnreadableDocumentError(DocumentError):
    """The file could not be opened or parsing did not finish in time."""

    status = "unreadable"


class OcrError(DocumentError):
    """Tesseract crashed on a page."""

    status = "unreadable"
