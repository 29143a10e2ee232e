"""Records translated from Russian, Ukrainian and other Eastern European languages: their
Roman-numeral months, stamps and epicrisis sentences."""

from __future__ import annotations

import pytest

from recordkit.config import Settings
from recordkit.dates import find_dates
from recordkit.extract import extract_case
from recordkit.models import CaseFacts, DocumentResult, FileRecord, PageText
from recordkit.nlp.rules import DateRules
from tests.extraction_helpers import Facts, dated


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Sternal puncture of 07.IX.2019.", [("2019-09-07", "day")]),
        ("Trephine 21/XI/2020, repeat 4-II-2021", [("2020-11-21", "day"), ("2021-02-04", "day")]),
        ("Marrow of 5. VIII. 2022", [("2022-08-05", "day")]),
        ("second relapse in III.2020", [("2020-03-01", "month")]),
        ("(stage IV.2021)", []),  # a stage, not April
        ("Cytarabine 1 IV 2000 mg", []),  # a dose given intravenously
        ("Marrow of 31.II.2020", []),  # no such day
    ],
)
def test_a_roman_month_is_read_at_the_precision_written(
    text: str, read: list[tuple[str, str]], rules: DateRules
) -> None:
    found = [d for d in find_dates(text, "DMY", rules) if d.value]
    assert [(d.value.isoformat(), d.precision) for d in found] == read


def test_a_marrow_dated_with_a_roman_month_takes_that_date(facts: Facts) -> None:
    f = facts(
        {
            "epicrisis.txt": "Extract from the inpatient card\n\n"
            "Acute myeloid leukaemia diagnosed 09.01.2022. Induction 7+3 from 14.01.2022.\n"
            "Follow-up myelogram of 16.II.2022: blast cells 1,5%. FCM MRD 0,03%.\n"
            "Myelogram of 02.X.2023: blast cells 38,0%.\n"
        }
    )
    # the marrow's own day, not the course's start two sentences before it
    assert dated(f, "blasts") == [(1.5, "2022-02-16"), (38.0, "2023-10-02")]
    assert dated(f, "mrd") == [(0.03, "2022-02-16")]


def _with_scan(letter: str, scan: str) -> CaseFacts:
    """A typed letter and a scanned report (its page as OCR gave it, words unboxed)."""
    docs = []
    for name, text, method in (("letter.txt", letter, "text"), ("scan.png", scan, "ocr")):
        record = FileRecord(path=name, sha256=None, size=1, type="text" if method == "text"
                            else "png", pages=1, method=method, status="ok")  # fmt: skip
        page = PageText(file=name, page=1, text=text, method=method,
                        ocr_confidence=95.0 if method == "ocr" else None)  # fmt: skip
        docs.append(DocumentResult(record=record, pages=(page,)))
    return extract_case("t", docs, Settings())


_LETTER = (
    "Extract from the medical history\n\n"
    "AML diagnosed 03.V.2020. Allo-BMT 10.XII.2020.\n"
    "Relapse from 21.02.2022: blast cells 17,5% in the marrow.\n"
)


def test_a_scan_s_november_is_doubted_where_the_case_writes_roman_months() -> None:
    scan = "MYELOGRAM No. 77\nBone marrow aspirate of 21.11.2022: blast cells 17,5%.\n"
    blasts = {m.date: m for m in _with_scan(_LETTER, scan).measurements if m.analyte == "blasts"}
    november = blasts["2022-11-21"]
    # OCR reads a Roman II as 11: the February marrow of the letter, perhaps
    assert any("OCR may have read II (February, 2022-02-21)" in d for d in november.doubts)
    assert any("another document dates the same on 2022-02-21" in d for d in november.doubts)
    assert november.confidence < 0.9
    assert not any("Roman" in d for d in blasts["2022-02-21"].doubts)


def test_a_scan_s_november_stands_where_no_record_writes_roman_months() -> None:
    letter = _LETTER.replace("03.V.2020", "03.05.2020").replace("10.XII.2020", "10.12.2020")
    scan = "MYELOGRAM No. 77\nBone marrow aspirate of 21.11.2022: blast cells 17,5%.\n"
    blasts = {m.date: m for m in _with_scan(letter, scan).measurements if m.analyte == "blasts"}
    assert not any("Roman" in d for d in blasts["2022-11-21"].doubts)


_EXTRACT = (
    "Regional Clinical Hospital No. 4\n"
    "[stamp: RECEIVED 17.09.2022 * Registry]\n"
    "EXTRACT FROM THE MEDICAL HISTORY No. 5521\n"
    "Patient: Petrenko O.I.\n"
    "Dates of treatment: 01.08.2022 - 09.09.2022 (day hospital).\n"
    "Diagnosis: acute myeloid leukaemia, second remission after allo-BMT of 12.01.2021.\n"
    + "The patient tolerated the treatment satisfactorily. "
    * 8
    + "\nControl myelogram: blast cells 1,5%. Chimerism donor 97%.\n\n"
    "Attending physician [signature] Sidorenko V.P.   [round stamp]   09.09.2022\n"
    "Translator's certificate: I certify this translation. Date of translation: 30.09.2022.\n"
    "Sworn translator N. Koval, 01.10.2022 [signature] [seal]\n"
)


def test_a_receipt_stamp_dates_neither_the_document_nor_its_results(facts: Facts) -> None:
    f = facts({"extract.txt": _EXTRACT})
    # the day the extract was signed, not the registry's receipt nor the translator's day
    assert [d.date for d in f.documents] == ["2022-09-09"]
    assert dated(f, "blasts") == [(1.5, "2022-09-09")]
    assert dated(f, "chimerism") == [(97.0, "2022-09-09")]


@pytest.mark.parametrize(
    "text",
    [
        "[stamp: RECEIVED 17.09.2022 * Registry]",
        "RECEIVED 17 SEP 2022",
        "Eingegangen 17.09.2022",
    ],
)
def test_an_arrival_stamp_s_date_never_dates_a_result(text: str, rules: DateRules) -> None:
    (d,) = find_dates(text, "DMY", rules)
    assert d.type == "arrival" and not d.dates_results


def test_a_lab_s_received_field_stays_the_specimen_s_receipt(rules: DateRules) -> None:
    (d,) = find_dates("Received: 17/09/2022 10:40", "DMY", rules)
    assert d.type == "received" and d.dates_results


def test_a_remission_closing_a_dated_marrow_s_findings_takes_its_date(facts: Facts) -> None:
    f = facts(
        {
            "card.txt": "Extract from the inpatient card\n\n"
            "B-ALL diagnosed 02.09.2019. Protocol IA from 05.09.2019; on day 33 (07.10.2019) "
            "myelogram - blasts 0,6%, FCM MRD 0,03%, clinico-haematological remission. "
            "Protocol IB from 10.10.2019.\n"
        }
    )
    # 'DATE test - finding, finding, conclusion': the conclusion is the test's, on its day
    assert [e.date for e in f.events if e.kind == "remission"] == ["2019-10-07"]
    assert [(e.name, e.date) for e in f.events if e.kind == "regimen"] == [
        ("PROTOCOL IA", "2019-09-05"),
        ("PROTOCOL IB", "2019-10-10"),
    ]
    assert dated(f, "mrd") == [(0.03, "2019-10-07")]
