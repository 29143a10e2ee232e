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


def test_a_remission_its_records_number_is_shown_with_its_number() -> None:
    def remission(date: str, depth: str, ordinal: int | None) -> Event:
        src = Source(file="l.txt", page=1, start=0, end=3, quote="CR2")
        return Event(kind="remission", date=date, depth=depth, ordinal=ordinal, sources=(src,))

    facts = CaseFacts(
        case_id="cr",
        events=(
            remission("2021-03-01", "CR", 1),
            remission("2023-11-20", "CR", 2),
            remission("2024-05-02", "MRD-negative", 3),
            remission("2024-09-01", "CRi", None),
        ),
    )
    text = summarise(facts).text()
    assert "CR1 on 2021-03-01" in text and "CR2 on 2023-11-20" in text
    assert "MRD-negative (remission 3) on 2024-05-02" in text
    assert "CRi on 2024-09-01" in text
