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


PRINTED = (
    "Anna Vos\n"
    "From: | Jan Peeters <jpeeters@northgate.example>\n"
    "Sent: | Wednesday, October 11, 2023 9:40 AM\n"
    "To: | Anna Vos <a.vos@riverside-hosp.example>\n"
    "Subject: | RE: counts\n"
    "Anna,\n"
    "Counts are recovering; the next marrow is booked.\n"
    "Jan\n"
    "From: | Anna Vos\n"
    "Sent: | Monday, October 2, 2023 4:15 PM\n"
    "Subject: | counts\n"
    "Any news on his counts?\n"
)

DUTCH = (
    "Van:\tSecretariaat Hematologie\n"
    "Verzonden:\tdonderdag 7 maart 2024 10:20\n"
    "Aan:\tDr K. Maes\n"
    "Onderwerp:\tRE: verwijzing\n\n"
    "Beste collega,\n\nDe bloedwaarden zijn stabiel.\n\n"
    "Van: Dr K. Maes\nVerzonden: vrijdag 1 maart 2024 14:02\nOnderwerp: verwijzing\n"
)


def test_a_printed_message_is_dated_by_its_first_sent_line(facts: Facts) -> None:
    f = facts({"print.txt": PRINTED, "mail_nl.txt": DUTCH, "mail.eml": ROUTED})
    dated = {d.file: d.date for d in f.documents}
    assert dated == {  # the later header blocks are the quoted older messages'
        "print.txt": "2023-10-11",
        "mail_nl.txt": "2024-03-07",
        "mail.eml": "2023-03-14",  # 'Date: Tue, 14 Mar 2023': not the relay's line above it
    }


def counts(f) -> list[tuple[str, float | None, str | None]]:
    return sorted((m.analyte, m.value, m.date) for m in f.measurements)


def test_a_caption_with_its_day_and_hour_dates_its_counts_not_the_mail(facts: Facts) -> None:
    for hour in (" (drawn 08:15)", " 08:15", " [collected at 8.15 h]"):
        mail = (
            "Date: Fri, 20 Oct 2023 09:02:11 +0200\nSubject: latest counts\n\n"
            "Dear Dr Peeters,\n\nThe patient is doing well.\n\n"
            f"FBC 18/10/2023{hour}:\n"
            "  WBC   4.1  x10^9/L\n  Hb    102  g/L\n  PLT   88   x10^9/L\n\nKind regards,\n"
        )
        assert counts(facts({"counts.eml": mail})) == [
            ("hb", 102.0, "2023-10-18"),
            ("plt", 88.0, "2023-10-18"),
            ("wbc", 4.1, "2023-10-18"),
        ], hour


def test_a_birth_date_after_a_degree_sign_or_in_a_subject_line_dates_no_event(facts: Facts) -> None:
    told = {
        "nl.txt": "Onderwerp: RE: Verwijzing - Jacobs, Emma (°23/02/1987) - CD22-neg relapse "
        "post CAR-T\n\nBeste collega,\n\nZie bijlage.\n",
        "nl_plain.txt": "Onderwerp: Jacobs, Emma (23/02/1987) - relapse na CAR-T\n\nBeste,\n",
        "body.txt": "Clinic letter\n\nMs Emma Jacobs (°23/02/1987) has a relapse of her B-ALL.\n",
        "fr.txt": "Lettre\n\nMme Jacobs Emma, née 23/02/1987, présente une rechute.\n",
    }
    for name, text in told.items():
        relapses = kinds(facts({name: text}), "relapse")
        assert len(relapses) == 1, name
        assert relapses[0].date is None, name  # 1987: her birth, not her relapse


FLEMISH_MARROW = (
    "AZ Noorderkempen - Laboratorium Hematologie\nBeenmergonderzoek\n\n"
    "Patiënt: Jacobs, Emma\nStaalname: 12-03-2024 09:40\nOntvangst: 12-03-2024 11:05\n"
    "Verslag: 14-03-2024\n\n"
    "Blasten (myelogram) | 18 %\nDonor chimerism | 74 %\n"
)


def test_flemish_report_labels_date_a_marrow_by_its_collection(facts: Facts) -> None:
    f = facts({"bm.txt": FLEMISH_MARROW})
    assert counts(f) == [("blasts", 18.0, "2024-03-12"), ("chimerism", 74.0, "2024-03-12")]
    assert all(m.confidence > 0.9 for m in f.measurements)  # the sample's day, not the report's


THREAD = (
    "Van: Dr R. Collins <rcollins@lakeview-onc.example>\n"
    "Verzonden: maandag 8 januari 2024 19:30\n"
    "Onderwerp: RE: Verwijzing - Jacobs, Emma (°23/02/1987) - relapse\n\n"
    "Dear colleagues,\n\n"
    "My reading: B-ALL dx 9/14/2021, MRD-neg CR1 after induction. Allo-SCT 4/27/2022.\n"
    "Now relapse 3/5/2023, BM blasts 42%.\n\n"
    "Best, Rob\n\n"
    "Van: Secretariaat Hematologie\n"
    "Verzonden: vrijdag 5 januari 2024 10:02\n"
    "Onderwerp: Verwijzing - Jacobs, Emma (°23/02/1987) - relapse\n\n"
    "Beste collega,\n\nDiagnose B-ALL op 14/09/2021, allo-SCT op 27/04/2022.\n"
)


def test_each_message_of_a_thread_reads_dates_in_its_writers_order(facts: Facts) -> None:
    f = facts({"thread.txt": THREAD})
    assert [e.date for e in kinds(f, "relapse")] == ["2023-03-05"]  # month first, as he writes
    assert [(m.value, m.date) for m in f.measurements if m.analyte == "blasts"] == [
        (42.0, "2023-03-05")
    ]


def test_a_bracketed_result_in_a_history_chain_never_takes_a_later_items_date(
    facts: Facts,
) -> None:
    told = (
        "Clinic letter\n\nIn short: AML dx 3/14/2021, 7+3 -> CR1 (MRD 0.05%), HiDAC x3, "
        "MUD allo-HCT 9/20/2021 (Flu/Mel).\n"
    )
    f = facts({"a.txt": told})
    mrd = [m for m in f.measurements if m.analyte == "mrd"]
    assert [m.value for m in mrd] == [0.05]
    assert mrd[0].date != "2021-09-20"  # the transplant's day, three items on
    assert [e.date for e in kinds(f, "transplant")] == ["2021-09-20"]
