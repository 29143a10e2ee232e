"""Page 1 names the document it points to, as the document index does."""

from __future__ import annotations

from recordkit.models import CaseFacts, DocumentInfo, Event, Source
from recordkit.render.summary import summarise


def test_a_missing_conditioning_points_to_a_named_document() -> None:
    facts = CaseFacts(
        case_id="tx",
        documents=(
            DocumentInfo(file="summary.docx", type="docx", pages=1, status="ok", date="2023-03-02"),
        ),
        events=(
            Event(
                kind="transplant",
                date="2023-02-06",
                number=1,
                sources=(Source(file="summary.docx", page=1, start=0, end=4, quote="HSCT"),),
            ),
        ),
    )
    text = summarise(facts).text()
    assert "conditioning: not extracted (see D1 Word document, 2023-03-02 p.1)" in text
    assert "a source" not in text and "summary.docx" not in text
