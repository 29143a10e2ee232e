"""The packet's front pages: a legible figure, a truthful page 1, doubts in plain sight."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from itertools import combinations
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pdfplumber
import pytest
from matplotlib.axis import Axis
from matplotlib.lines import Line2D
from matplotlib.text import Text
from pypdf import PdfReader

from recordkit.models import (
    CaseFacts,
    Conflict,
    DateInfo,
    DocumentInfo,
    Event,
    FileRecord,
    Manifest,
    Measurement,
    Source,
)
from recordkit.render.course import relapse_line
from recordkit.render.doubts import Reason, date_mark, find_doubts
from recordkit.render.figure import (
    LABEL_GID,
    MARKER_GID,
    _wrap,
    build_figure,
    figure_pdf,
    text_width,
)
from recordkit.render.front import render_front
from recordkit.render.packet import _render_source, build_packet
from recordkit.render.style import cjk_font

MIN_PT = 7.0
BAD_WORDS = re.compile(r"\b(None|nan|NaN|null)\b")


def _facts(case_dir: Path) -> CaseFacts:
    return CaseFacts.model_validate_json((case_dir / "events.json").read_text())


def _flat(text: str) -> str:
    return " ".join(text.split())


def _figure_boxes(facts: CaseFacts):  # type: ignore[no-untyped-def]
    """Draw the figure; return its visible texts with boxes, and the event-marker boxes."""
    fig = build_figure(facts)
    try:
        fig.draw_without_rendering()  # lays out ticks and texts; boxes need no pixels
        renderer = fig.canvas.get_renderer()
        hidden = set()  # tick labels matplotlib keeps but does not draw (outside the view)
        for axis in fig.findobj(Axis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
        texts = [
            t
            for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in hidden
        ]
        boxes = [(t, t.get_window_extent(renderer)) for t in texts]
        markers = [
            m.get_window_extent(renderer) for m in fig.findobj(Line2D) if m.get_gid() == MARKER_GID
        ]
        lines = {
            ax.get_ylabel(): [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 1]
            for ax in fig.axes
        }
        return tuple(fig.bbox.size), boxes, markers, lines
    finally:
        plt.close(fig)


def _assert_figure_rules(facts: CaseFacts) -> None:
    (width, height), boxes, markers, _ = _figure_boxes(facts)
    assert boxes, "the figure has text"
    smallest = min(t.get_fontsize() for t, _ in boxes)
    assert smallest >= MIN_PT, f"{facts.case_id}: text at {smallest} pt"
    labels = [(t, b) for t, b in boxes if t.get_gid() == LABEL_GID]
    numbers = {int(t.get_text().split()[0]) for t, _ in labels if t.get_text()[0].isdigit()}
    dated = {e.number for e in facts.events if e.number and e.date}
    assert numbers == dated, f"{facts.case_id}: every treatment number is drawn"
    caption = " ".join(t.get_text() for t, _ in boxes if t.get_text().startswith("Numbers:"))
    for e in facts.events:
        if e.number and not e.date:
            assert f"{e.number} " in caption.split("Not drawn, no date:")[1], "undated are named"
    for t, b in boxes:
        assert b.x0 >= 0 and b.y0 >= 0 and b.x1 <= width and b.y1 <= height, t.get_text()
    for (t1, b1), (t2, b2) in combinations(boxes, 2):
        assert not b1.overlaps(b2), f"{facts.case_id}: {t1.get_text()!r} overlaps {t2.get_text()!r}"
    for t, b in labels:
        for m in markers:
            assert not b.overlaps(m), f"{facts.case_id}: label {t.get_text()!r} covers a marker"


@pytest.mark.tesseract  # the samples are read with real OCR
def test_figure_page_of_every_sample(sample_run) -> None:
    out, _ = sample_run
    for case_dir in sorted(p for p in out.iterdir() if p.is_dir()):
        facts = _facts(case_dir)
        _assert_figure_rules(facts)
        _, boxes, _, _ = _figure_boxes(facts)
        cut = [
            t.get_text() for t, _ in boxes if t.get_gid() == LABEL_GID and "\u2026" in t.get_text()
        ]
        assert not cut, f"{case_dir.name}: labels shortened to fit: {cut}"
        assert (case_dir / "timeline.png").is_file() and (case_dir / "timeline.svg").is_file()
        reader = PdfReader(case_dir / "review-packet.pdf")
        fig_page = next(o for o in reader.outline if getattr(o, "title", "") == "Timeline figure")
        index = reader.get_destination_page_number(fig_page)
        box = reader.pages[index].mediabox
        assert box.width > box.height, f"{case_dir.name}: the figure page is landscape"
        with pdfplumber.open(case_dir / "review-packet.pdf") as pdf:
            chars = [c for c in pdf.pages[index].chars if c["text"].strip()]
        # a character's size is its box's extent across the line: height, or width if turned
        sizes = [c["size"] if c["upright"] else c["x1"] - c["x0"] for c in chars]
        assert len(sizes) > 200 and min(sizes) >= MIN_PT, f"{case_dir.name}: {min(sizes)} pt"


@pytest.mark.tesseract  # the samples are read with real OCR
def test_curves_never_bridge_a_transplant_car_t_or_dli(sample_run) -> None:
    out, _ = sample_run
    facts = _facts(out / "aml-fig1")
    breaks = [
        mdates.date2num(date.fromisoformat(e.date or ""))
        for e in facts.events
        if e.kind in ("car_t", "transplant", "dli")
    ]
    _, _, _, lines = _figure_boxes(facts)
    curves = lines["blasts %"] + lines["MRD % (log)"]
    assert len(curves) >= 2
    for line in curves:
        xs = list(line.get_xdata())
        assert not any(xs[0] <= b < xs[-1] for b in breaks), "a line crosses a treatment"


def test_crowded_course_keeps_labels_apart() -> None:
    events = [Event(kind="diagnosis", date="2022-01-03", label="B-ALL", number=1)]
    events += [
        Event(kind="regimen", date=f"2022-01-{d:02d}", name=f"DRUG{d}", number=d)
        for d in range(4, 15)
    ]
    long_name = "BLINATUMOMAB+INOTUZUMAB+VENETOCLAX+PONATINIB+DASATINIB"
    events.append(Event(kind="regimen", date="2022-01-15", name=long_name, number=15))
    events += [
        Event(kind="relapse", date="2022-01-10", type="extramedullary", number=16),
        Event(kind="remission", date="2022-01-11", depth="MRD-negative"),
        Event(kind="car_t", date="2022-01-20", target="CD19", number=17),
        Event(kind="transplant", date="2022-01-21", grafts=("PBSC", "BM"), number=18),
        Event(kind="gvhd", date="2022-01-22", organ="gut", grade=3, form="acute"),
        Event(kind="dli", date="2022-01-23", number=19),
    ]
    meas = [
        Measurement(analyte="mrd", value=v, unit="%", date=f"2022-01-{d:02d}")
        for d, v in ((2, 5.0), (12, 0.0), (25, 0.2))
    ]
    case_id = "crowded-" + "x" * 80
    _assert_figure_rules(CaseFacts(case_id=case_id, events=tuple(events), measurements=tuple(meas)))


def test_caption_lines_are_full_and_fit() -> None:
    text = "Abbreviations: HiDAC = high-dose cytarabine; AZA = azacitidine; DLI = donor"
    words = (text + " lymphocyte infusion; ≈ date known to the month or year only.").split()
    for room in (60.0, 110.0, 175.5, 300.0):
        lines = _wrap(words, room)
        assert " ".join(lines) == " ".join(words), "no word lost or reordered"
        for line, after in zip(lines, [*lines[1:], ""], strict=True):
            assert " " not in line or text_width(line) <= room, f"{line!r} is wider than {room}"
            if after:  # the next line's first word would not have fitted
                assert text_width(line + " " + after.split(" ")[0]) > room


def test_empty_and_undated_cases_still_read_truthfully() -> None:
    undated = CaseFacts(
        case_id="undated",
        events=(
            Event(kind="transplant", number=1),
            Event(kind="relapse", number=2),
            Event(kind="gvhd", date="2021"),
        ),
        measurements=(
            Measurement(
                analyte="mrd", value=None, unit="%", raw="??", error="unit", date="2021-01-01"
            ),
        ),
    )
    for facts in (CaseFacts(case_id="empty"), undated):
        _assert_figure_rules(facts)
        front = render_front(facts, None, 4, figure_pdf(facts))
        text = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(front.pdf)).pages))
        assert BAD_WORDS.search(text) is None
        assert "Marrow blasts: not stated. MRD: not stated. Donor chimerism: not stated." in text
    assert "1. HSCT, date not stated; donor: not stated." in text
    assert "2. Relapse (type not stated), date not stated: no day count" in text
    assert (
        "GVHD (form not stated), organ not stated, grade not stated, from 2021 (year only)" in text
    )
    assert "no date could be established" in text and "value could not be read: unit" in text


@pytest.mark.tesseract  # the samples are read with real OCR
def test_no_none_nan_or_null_on_any_packet_page(sample_run) -> None:
    out, _ = sample_run
    pages = 0
    for pdf in sorted(out.glob("*/review-packet.pdf")):
        for i, page in enumerate(PdfReader(pdf).pages):
            text = page.extract_text() or ""
            pages += 1
            found = BAD_WORDS.search(text)
            assert found is None, f"{pdf.parent.name} page {i + 1}: {found.group(0)!r}"
    assert pages >= 8 * 5


@pytest.mark.tesseract  # the samples are read with real OCR
def test_page1_of_the_figure1_sample(sample_run) -> None:
    out, _ = sample_run
    page1 = _flat(PdfReader(out / "aml-fig1" / "review-packet.pdf").pages[0].extract_text())
    for needle in (
        "1. AML diagnosed 2021-11-08; genetics: FAB M5, KMT2A-MLLT3 rearrangement",
        "14. CAR-T, target CLL1, infused 2023-09-12 (day \u221238)",
        "15. HSCT on 2023-10-20 (day 0); donor: haploidentical; grafts: PBSC + UCB",
        "17. DLI on 2024-01-10 (day +82), dose 1x10^6 CD3+/kg",
        "18. DLI on 2024-02-14 (day +117), dose 1x10^6 CD3+/kg",
        "Acute GVHD, organ skin, grade 2, from 2023-11-28 (day +39)",
        "6. Haematological relapse on 2022-09-14; before the transplant (day \u2212401)",
        "9. Molecular relapse (MRD only) on 2023-03-08; before the transplant (day \u2212226)",
        "16. Haematological relapse on 2023-12-19; day +60 after the transplant of 2023-10-20: "
        "early (within 6 months of the transplant)",
        "Last relapse: haematological on 2023-12-19 (day +60), treated since with DLI",
        "MRD: negative on 2024-04-20 (day +183)",
        "Donor chimerism: 98.8% on 2024-04-20 (day +183)",
        "As of the last document (D",
        "PDF, 2024-04-22)",  # named by number, never file
        "4\u20135. HiDAC cycles 1\u20132: 2022-02-20, 2022-04-02",
    ):
        assert needle in page1, needle
    assert page1.index("CAR-T") < page1.index("HSCT on") < page1.index("DLI on 2024-01-10")
    # and a molecular relapse after a transplant on another sample's page 1
    aml006 = _flat(PdfReader(out / "aml-006" / "review-packet.pdf").pages[0].extract_text())
    assert "8. Molecular relapse (MRD only) on 2021-06-10; day +146 after the transplant" in aml006
    assert "early (within 6 months of the transplant)" in aml006
    page2 = _flat(PdfReader(out / "aml-fig1" / "review-packet.pdf").pages[1].extract_text())
    assert "2. To check" in page2 and "date taken from the document's date" in page2


def _src(method: str = "text") -> tuple[Source, ...]:
    return (Source(file="letter.pdf", page=2, start=0, end=4, quote="q", method=method),)


def test_doubts_say_why() -> None:
    doc_date = DateInfo(value="2024-02-20", precision="day", basis="document")
    facts = CaseFacts(
        case_id="d",
        events=(
            Event(kind="dli", date="2024-02-20", date_info=doc_date, sources=_src()),
            Event(kind="relapse", date=None, date_info=DateInfo(reason="no anchor")),
        ),
        measurements=(
            Measurement(
                id="m1",
                analyte="mrd",
                value=0.5,
                unit="%",
                date="2024-01-01",
                sources=_src("ocr"),
                confidence=0.7,
            ),
            Measurement(
                id="m2", analyte="mrd", value=0.9, unit="%", date="2024-01-01", sources=_src()
            ),
            Measurement(
                analyte="blasts",
                value=3.0,
                unit="%",
                date="2024-01-02",
                flags=("derived",),
                sources=_src(),
            ),
            Measurement(
                analyte="wbc",
                value=4.0,
                unit="x10^9/L",
                date="2024-01-03",
                confidence=0.85,
                sources=_src(),
            ),
        ),
        conflicts=(
            Conflict(
                analyte="mrd", date="2024-01-01", values=(0.5, 0.9), measurement_ids=("m1", "m2")
            ),
        ),
    )
    manifest = Manifest(
        case_id="d",
        settings={},
        files=(
            FileRecord(
                path="scan.pdf",
                sha256=None,
                size=0,
                type="pdf",
                status="empty",
                reason="no text on any page",
            ),
        ),
    )
    doubts = find_doubts(facts, manifest, {"scan.pdf": "D3 scan, undated"})
    why = {d.subject: " | ".join(d.reasons) for d in doubts}
    assert why["File D3 scan, undated"].startswith(Reason.UNREAD.value)
    assert not any("scan.pdf" in d.subject or "scan.pdf" in d.where for d in doubts)
    assert Reason.DOCUMENT_DATE.value in why["DLI"]
    assert Reason.NO_DATE.value + " (no anchor)" in why["Relapse"]
    assert Reason.OCR_LOW.value + " (0.70)" in why["MRD 0.5%"]
    assert "documents disagree: another gives 0.9 that day" in why["MRD 0.5%"]
    assert "documents disagree: another gives 0.5 that day" in why["MRD 0.9%"]
    assert Reason.DERIVED.value in why["Marrow blasts 3%"]
    assert Reason.LOW_CONFIDENCE.value + " (0.85)" in why["WBC 4 x10^9/L"]
    assert all(d.where for d in doubts)
    assert [date_mark(e) for e in facts.events] == ["document date", "no date"]


def test_relapse_classes() -> None:
    diag = Event(kind="diagnosis", date="2020-01-10", label="B-ALL", number=1)
    tx = Event(kind="transplant", date="2021-01-10", number=2)
    late = Event(kind="relapse", date="2022-09-01", type="haematological", number=3)
    month = Event(kind="relapse", date="2021-07", type="molecular")
    facts = CaseFacts(case_id="r", events=(diag, tx, late, month))
    text = relapse_line(late, facts)
    assert (
        "day +599 after the transplant of 2021-01-10: "
        "late (more than 6 months after the transplant)" in text
    )
    assert (
        "31 months after the ALL diagnosis: late (more than 30 months after the diagnosis)" in text
    )
    assert "early/late cannot be told" in relapse_line(month, facts)


def test_chinese_names_and_quotes_render_in_tables_index_and_bookmarks(tmp_path: Path) -> None:
    case_in = tmp_path / "in"
    case_in.mkdir()
    name = "复发骨髓报告.txt"
    (case_in / name).write_text("2023年2月14日 骨髓原始细胞42%，复发。\n", encoding="utf-8")
    quote = "2023年2月14日 骨髓原始细胞42%，复发"
    facts = CaseFacts(
        case_id="cn",
        source_folder=str(case_in),
        documents=(DocumentInfo(file=name, type="text", pages=1, status="ok", date="2023-02-14"),),
        events=(
            Event(
                kind="relapse",
                date="2023-02-14",
                type="haematological",
                number=1,
                sources=(Source(file=name, page=1, start=0, end=20, quote=quote),),
            ),
        ),
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "display-names.json").write_text(json.dumps({name: "复发骨髓报告"}), encoding="utf-8")
    build_packet(out, facts, None)
    reader = PdfReader(out / "review-packet.pdf")
    text = _flat(" ".join(p.extract_text() for p in reader.pages))
    assert text.count("复发骨髓报告") >= 3, (
        "a chosen Chinese name: events table, index, source page"
    )
    assert "骨髓原始细胞" in text
    titles = [o.title for o in reader.outline[-1]]
    assert titles == ["复发骨髓报告"]  # the chosen name, in the bookmarks too
    fonts = {
        str(f["/BaseFont"])
        for p in reader.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }
    assert cjk_font() == "RKCJK", "fonts-wqy-microhei is installed (install-system-deps.sh)"
    assert any("WenQuanYi" in f for f in fonts), "the CJK font is embedded"


def test_day_counts_run_from_the_latest_transplant_before_them() -> None:
    from recordkit.render.course import day_count
    from recordkit.render.table import transplant_day0

    facts = CaseFacts(
        case_id="two",
        events=(
            Event(kind="transplant", date="2017-09-26"),
            Event(kind="transplant", date="2019-09-27"),
        ),
    )
    day0 = transplant_day0(facts)
    assert day_count("2019-06-06", day0) == "day +618"
    assert day_count("2019-10-27", day0) == "day +30 after transplant 2"
    assert day_count("2017-09-20", day0) == "day \u22126"


def test_a_standard_resolution_fax_keeps_its_shape_in_the_packet(tmp_path: Path) -> None:
    from PIL import Image

    fax = tmp_path / "fax.tif"  # 200 dpi across, 100 down: on paper it is twice as tall
    Image.new("1", (1600, 1100), 1).save(fax, compression="group4", dpi=(200, 100))
    pdf = pdfplumber.open(io.BytesIO(_render_source(fax, "tiff", "c", "3", "Lab report")))
    (image,) = pdf.pages[0].images
    assert image["height"] / image["width"] == pytest.approx(2200 / 1600, rel=0.01)


def test_page1_gives_whole_blood_chimerism_not_a_sorted_fraction() -> None:
    from recordkit.render.summary import latest

    src = (Source(file="c.txt", page=1, start=0, end=3, quote="97%"),)
    facts = CaseFacts(
        case_id="c",
        measurements=(
            Measurement(analyte="chimerism", date="2023-02-01", value=90.0, unit="% donor",
                        sources=src, flags=("sorted_fraction",)),
            Measurement(analyte="chimerism", date="2023-01-25", value=97.0, unit="% donor",
                        sources=src),
        ),
    )  # fmt: skip
    got = latest(facts, "chimerism")
    assert got is not None and got.value == 97.0


def test_a_doubt_naming_another_document_names_it_as_the_packet_does() -> None:
    """A doubt comparing two documents ('in pt-smith/a.docx') keeps file names out."""
    facts = CaseFacts(
        case_id="n",
        events=(
            Event(
                kind="relapse",
                date="2024-03-01",
                sources=_src(),
                doubts=("documents give dates 2 day(s) apart (2024-03-03, in pt-smith/a.docx)",),
            ),
        ),
    )
    names = {"pt-smith/a.docx": "D2 Word document, 2024-03-05"}
    [doubt] = find_doubts(facts, None, names)
    why = " | ".join(doubt.reasons)
    assert "pt-smith" not in why and "(2024-03-03, in D2 Word document, 2024-03-05)" in why
