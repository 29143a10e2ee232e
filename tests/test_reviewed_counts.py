"""An item a reviewer checked leaves the packet's To check list, and every count agrees."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from recordkit.models import (
    CaseFacts,
    DateInfo,
    Event,
    FileRecord,
    Manifest,
    Measurement,
    ReviewMark,
    Source,
)
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


def test_a_packet_rebuild_writes_the_batch_index_again(tmp_path: Path) -> None:
    """After a reviewer's correction, `recordkit packet` brings index.html's row up to date."""
    from typer.testing import CliRunner

    from recordkit.cli import app
    from recordkit.models import CaseFacts
    from recordkit.review.store import append_correction, snapshot

    case = tmp_path / "in" / "pt1"
    case.mkdir(parents=True)
    (case / "letter.txt").write_text(
        "Clinic letter, 12 March 2024\nShe relapsed in the spring.\nDLI given 3 Feb 2024.\n"
    )
    out = tmp_path / "out"
    runner = CliRunner()
    res = runner.invoke(app, ["process", str(tmp_path / "in"), "--out", str(out),
                              "--pipeline", "extract-only", "-q"])  # fmt: skip
    assert res.exit_code in (0, 4), res.output
    before = case_row(out / "pt1").to_check
    assert before >= 1 and f"check: {before} item(s)" in (out / "index.html").read_text()

    facts = CaseFacts.model_validate_json((out / "pt1" / "events.json").read_bytes())
    doubted = next(e for e in facts.events if e.kind == "relapse")
    append_correction(out / "pt1", "pt1", 0, action="accept", targets=(doubted.id,),
                      before=(snapshot(doubted),), who="coordinator")  # fmt: skip
    res = runner.invoke(app, ["packet", str(out / "pt1")])
    assert res.exit_code == 0, res.output
    index = (out / "index.html").read_text()
    assert case_row(out / "pt1").to_check == before - 1
    assert f"check: {before - 1} item(s)" in index or (before == 1 and ">ok<" in index)
    assert "index.html" in res.output


def test_the_to_check_header_counts_the_rows_it_heads(tmp_path: Path) -> None:
    """Files not read come first in the list; the header's counts add up to its rows."""
    unread = tuple(
        FileRecord(path=f"bad{i}.pdf", sha256=None, size=10, type="pdf", status="corrupt",
                   reason="truncated PDF")
        for i in (1, 2)
    )  # fmt: skip
    read = FileRecord(path="note.txt", sha256="0" * 64, size=5, type="text", status="ok")
    manifest = Manifest(case_id="rv", settings={}, files=(read, *unread))
    case = tmp_path / "rv"
    case.mkdir()
    facts = _facts(None)
    write_json(case / "events.json", facts)
    build_packet(case, facts, manifest)
    page2 = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(case / "review-packet.pdf").pages[1:3]
    )
    rows = len(find_doubts(facts, manifest))
    assert rows == 4
    assert (
        "4 row(s) below: 2 file(s) not read (rows 1-2), then 2 item(s) to check against their "
        "source before relying on them." in page2
    )
