"""A message tells what happened before it was sent: no past event is dated after it.

A forwarded mail quotes an older message whose own dates do not settle its day/month order:
its '5/9/2023' read day first would fall after the day the message was sent.
"""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds

_FORWARD = (
    "Date: Fri, 14 Jul 2023 09:12:05 +0200\n"
    "From: Ward Secretary <ward@example.org>\n"
    "Subject: FW: marrow results\n\n"
    "Dear colleague,\n"
    "- Azacitidine cycle 1 started on 19/06/2023.\n"
    "- Counts on 13/07/2023 stable.\n\n"
    "-----Original Message-----\n"
    "From: Dr Jane Hollis <j.hollis@example.com>\n"
    "Sent: Wednesday, July 12, 2023 3:02 PM\n"
    "Subject: marrow results\n\n"
    "Any news on the counts?\n\n"
    "> On Tue, 23 May 2023 at 10:40, Dr Jane Hollis wrote:\n"
    "> {line}\n"
)


def test_a_quoted_date_is_read_in_the_order_that_puts_it_before_its_message(
    facts: Facts,
) -> None:
    line = "Morphologic relapse on 5/9/2023, marrow blasts 27%."
    f = facts({"fw.eml": _FORWARD.format(line=line)})
    assert [e.date for e in kinds(f, "relapse")] == ["2023-05-09"]
    (blasts,) = [m for m in f.measurements if m.analyte == "blasts"]
    assert blasts.date == "2023-05-09"
    assert any("order" in d for d in blasts.doubts)


def test_a_past_event_dated_after_its_message_is_doubted(facts: Facts) -> None:
    line = "Morphologic relapse on 25/09/2023 with marrow blasts 27%."
    f = facts({"fw.eml": _FORWARD.format(line=line)})
    (relapse,) = kinds(f, "relapse")
    assert relapse.date == "2023-09-25" and relapse.confidence < 0.8
    assert any("after the message" in d for d in relapse.doubts)
