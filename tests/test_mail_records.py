"""E-mail threads and printed messages: their routing lines, their own dates and the quoted
older messages they carry (documents written for these tests)."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds

ROUTED = (
    "Return-Path: <bmt.office@riverside-hosp.example>\n"
    "Received: from relay.riverside-hosp.example by mx.northgate.example; "
    "Tue, 14 Mar 2023 09:12:11 +0000\n"
    "Date: Tue, 14 Mar 2023 10:12:05 +0100\n"
    "From: Ward Office <bmt.office@riverside-hosp.example>\n"
    "To: Jan Peeters <jpeeters@northgate.example>\n"
    "Cc: cart.desk@riverside-hosp.example\n"
    "Subject: Follow-up\n"
    "Message-ID: <20230314101205.1122@riverside-hosp.example>\n\n"
    "Dear Dr Peeters,\n\n"
    "The patient is well after his first DLI, given on 10 March 2023.\n\n"
    "Kind regards,\n"
)


def test_mail_addresses_and_routing_lines_are_no_clinical_text(facts: Facts) -> None:
    f = facts({"mail.eml": ROUTED})
    assert kinds(f, "transplant") == []  # 'bmt.office@...' names a mailbox, not a transplant
    assert kinds(f, "car_t") == []
    assert [(e.kind, e.date) for e in f.events] == [("dli", "2023-03-10")]
