"""A white count a scan read with no decimal point, ten times the neutrophils beside it."""

from __future__ import annotations

from recordkit.config import Settings
from recordkit.extract import extract_case
from recordkit.models import CaseFacts, DocumentResult, FileRecord, PageText


def _scanned(text: str, method: str = "ocr") -> CaseFacts:
    record = FileRecord(
        path="review.pdf", sha256=None, size=1, type="pdf", pages=1, method=method, status="ok"
    )
    page = PageText(file="review.pdf", page=1, text=text, method=method)
    return extract_case("t", [DocumentResult(record=record, pages=(page,))], Settings())


PAGE = (
    "Day +30 review 14/03/2024\n\nBlood counts (x10^9/L)\n\n"
    "Date | WBC | Hb (g/L) | Plt | ANC\n14/03/2024 | {wbc} | 96 | 81 | 1.4\n"
)


def _wbc(f: CaseFacts):
    return next(m for m in f.measurements if m.analyte == "wbc")


def test_a_scanned_white_count_ten_times_its_neutrophils_with_no_point_is_doubted() -> None:
    wbc = _wbc(_scanned(PAGE.format(wbc="27")))
    assert wbc.value == 27.0  # doubted, never changed: a leukaemic blood may hold as many
    assert any("perhaps 2.7, the point lost" in d for d in wbc.doubts)


def test_a_white_count_with_its_point_or_typed_is_not_doubted_so() -> None:
    for f in (_scanned(PAGE.format(wbc="2.7")), _scanned(PAGE.format(wbc="27"), "text")):
        assert not any("point lost" in d for d in _wbc(f).doubts)
