"""The packet's appended sources: every file read is appended, each page labelled and footed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pdfplumber
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

from recordkit.models import CaseFacts
from recordkit.pipeline import run_batch
from recordkit.render.packet import build_packet
from recordkit.review.pages import source_path
from recordkit.text.rtf import RTF_NOTE, rtf_text
from tests.conftest import text_pdf
from tests.faults_helpers import LETTER, quick_settings


def _outline(reader: PdfReader) -> list[str]:
    """Bookmark titles, nested ones included, in order."""

    def walk(items: list) -> list[str]:  # type: ignore[type-arg]
        titles: list[str] = []
        for item in items:
            titles += walk(item) if isinstance(item, list) else [item.title]
        return titles

    return walk(reader.outline)


def test_a_file_name_that_is_not_utf8_is_appended_and_served(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    case.mkdir(parents=True)
    (case / "letter.txt").write_text(LETTER)
    odd = os.path.join(os.fsencode(case), b"M\xfcller_note.txt")
    with open(odd, "wb") as fh:
        fh.write(b"Note 28/09/2023: day +30 marrow blasts 2%, MRD 0.05%.\n")
    out = tmp_path / "out"
    report = run_batch([case], out, quick_settings(packet=True), jobs=1, use_cache=False)
    assert report.exit_code == 0 and not report.cases[0].problems
    manifest = json.loads((out / "pt-x" / "manifest.json").read_text())
    assert {f["path"]: f["status"] for f in manifest["files"]} == {
        "M\\xfcller_note.txt": "ok",
        "letter.txt": "ok",
    }
    reader = PdfReader(out / "pt-x" / "review-packet.pdf")
    sources = _outline(reader)[_outline(reader).index("Source documents") + 1 :]
    assert len(sources) == 2, sources
    labels = [reader.page_labels[i] for i in range(len(reader.pages))]
    assert {lb.split("-")[0] for lb in labels} == {"R", "D1", "D2"}
    facts = CaseFacts.model_validate_json((out / "pt-x" / "events.json").read_bytes())
    path, _ftype = source_path(facts, "M\\xfcller_note.txt")
    assert os.fsencode(path.name) == b"M\xfcller_note.txt"


def test_a_source_gone_since_it_was_read_is_a_problem_not_a_silent_gap(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    case.mkdir(parents=True)
    (case / "letter.txt").write_text(LETTER)
    (case / "note.txt").write_text("Note 28/09/2023: marrow blasts 2%.\n")
    out = tmp_path / "out"
    run_batch([case], out, quick_settings(), jobs=1, use_cache=False)
    (case / "note.txt").unlink()
    facts = CaseFacts.model_validate_json((out / "pt-x" / "events.json").read_bytes())
    problems: list[str] = []
    build_packet(out / "pt-x", facts, None, problems)
    assert problems == [
        "D2 text file, 2023-09-28 could not be appended to the packet: "
        "the file is no longer in the patient folder"
    ]
    assert "Source documents" in _outline(PdfReader(out / "pt-x" / "review-packet.pdf"))


def _two_page_pdf(path: Path) -> None:
    """Page 1 upright; page 2 turned a quarter (/Rotate 90) with its boxes off the origin."""
    text_pdf(path, LETTER.splitlines())
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.append(PdfReader(path))
    turned = writer.pages[1]
    turned.rotate(90)
    turned.mediabox = RectangleObject((20, 30, 615, 872))
    writer.write(path)


def test_every_page_of_an_appended_pdf_is_labelled_and_footed(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    case.mkdir(parents=True)
    _two_page_pdf(case / "letter.pdf")
    out = tmp_path / "out"
    report = run_batch([case], out, quick_settings(packet=True), jobs=1, use_cache=False)
    assert report.exit_code == 0
    with pdfplumber.open(out / "pt-x" / "review-packet.pdf") as pdf:
        sources = pdf.pages[-2:]
        for n, page in enumerate(sources, 1):
            words = page.extract_words()
            [foot] = [w for w in words if w["text"] == f"D1-{n}"]
            assert foot["bottom"] > page.height - 12 * 72 / 25.4, "the footer is at the foot"
            assert "source: D1 PDF, 2023-03-12" in page.extract_text()
        assert "Haematology clinic letter" in sources[0].extract_text(), "the page is kept"
        assert sources[1].width > sources[1].height, "the turned page is shown turned"
    labels = PdfReader(out / "pt-x" / "review-packet.pdf").page_labels
    assert labels[-2:] == ["D1-1", "D1-2"]


RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Helvetica;}}"
    r"{\colortbl ;\red0\green0\blue0;}"
    "\n"
    r"{\*\generator Riched20 10.0;}\uc1\pard\f0\fs22 Referral from Dr M\'fcller, 12/02/2024\par"
    "\n"
    r"AML diagnosed 14/03/2023\tab marrow blasts 68%\par"
    "\n"
    r"Donor chimerism \u8805?95 %\line {\b relapse} 15/01/2024.\page Page two\par}"
)


def test_rtf_markup_is_dropped_and_its_text_kept() -> None:
    assert rtf_text(RTF) == (
        "Referral from Dr M\u00fcller, 12/02/2024\nAML diagnosed 14/03/2023\tmarrow blasts 68%\n"
        "Donor chimerism \u226595 %\nrelapse 15/01/2024.\n\nPage two"
    )
    # a Chinese letter's bytes in its own code page (GBK) are its characters
    gbk = "".join(f"\\'{b:02x}" for b in "急性髓系白血病".encode("gbk"))
    assert rtf_text(r"{\rtf1\ansi\ansicpg936{\fonttbl{\f0 SimSun;}}\f0 " + gbk + r" AML\par}") == (
        "急性髓系白血病 AML"
    )


def test_an_rtf_letter_is_cited_and_appended_as_its_text(tmp_path: Path) -> None:
    case = tmp_path / "in" / "pt-x"
    case.mkdir(parents=True)
    (case / "referral.rtf").write_text(RTF, encoding="ascii")
    out = tmp_path / "out"
    report = run_batch([case], out, quick_settings(packet=True), jobs=1, use_cache=False)
    assert report.exit_code == 0
    [record] = json.loads((out / "pt-x" / "manifest.json").read_text())["files"]
    assert (record["type"], record["pages"], record["reason"]) == ("text", 1, RTF_NOTE)
    events = (out / "pt-x" / "events.json").read_text()
    assert "diagnosed 14/03/2023" in events and "\\\\rtf" not in events and "fonttbl" not in events
    reader = PdfReader(out / "pt-x" / "review-packet.pdf")
    source = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[-2:])
    assert "Referral from Dr M\u00fcller, 12/02/2024 AML diagnosed 14/03/2023" in source
    assert "rtf1" not in source and "Helvetica;" not in source
