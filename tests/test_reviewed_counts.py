"""An item a reviewer checked leaves the packet's To check list, and every count agrees."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from recordkit.models import CaseFacts, DateInfo, Event, Measurement, ReviewMark, Source
from recordkit.outputs import write_json
from recordkit.render.doubts import find_doubts
from recordkit.render.packet import build_packet
from recordkit.review.status import case_row


def _src() -> tuple[Source, ...]:
    return (Source(file="note.txt", page=1, start=0, end=5, quote="quote"),)


def _facts(review: ReviewMark | None) -> CaseFacts:
    doubted = DateInfo(value="2024-01-02", precision="day", basis="document")
    return CaseFacts(
        case_id="rv",
        events=(
            Event(id="e1", kind="dli", date="2024-01-02", date_info=doubted, sources=_src()),
            Event(id="e2", kind="relapse", confidence=0.5, sources=_src(), review=review),
        ),
        measurements=(
            Measurement(
                id="m1", analyte="mrd", value=0.2, unit="%", date="2024-01-03", sources=_src()
            ),
        ),
    )


def test_a_reviewed_item_is_no_longer_to_check(tmp_path: Path) -> None:
    mark = ReviewMark(action="edited", by="dr a", at="2024-02-01T10:00Z", correction="c0001")
    assert [d.subject for d in find_doubts(_facts(None), None)] == ["DLI", "Relapse"]
    assert [d.subject for d in find_doubts(_facts(mark), None)] == ["DLI"]

    case = tmp_path / "rv"
    case.mkdir()
    facts = _facts(mark)
    write_json(case / "events.json", facts)
    build_packet(case, facts, None)
    page2 = " ".join(p.extract_text() for p in PdfReader(case / "review-packet.pdf").pages[1:3])
    said = re.search(r"(\d+) item\(s\) to check against their source", page2)
    assert said and int(said.group(1)) == case_row(case).to_check == 1
