"""A message tells what happened before it was sent: no past event is dated after it.

A forwarded mail quotes an older message ('> On Thu, 18 May 2023, X wrote:' / '> Haematologic
relapse on 5/9/2023'). A relapse, a remission or a result it tells happened on or before the
day it was sent: read day first, 5/9/2023 would be 5 September, after the message; read month
first it is 9 May, before it. So where the message's own dates do not settle its day/month
order, an ambiguous numeric date that only the other order puts on or before the sending day
is read in that order (doubted as an order guess); a date still after it is doubted. A
treatment dated after its letter is the letter check's (`after_letter`): it may be a plan.
The message heads are dates.json's `message_heads`, whose date is the day the message was sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from recordkit.dates import DateMention, thread_of
from recordkit.nlp.date_rules import DateRules
from recordkit.nlp.raw import AFTER_MESSAGE, RawDate, RawFact

_AMBIGUOUS = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})")  # dotted: day first
_FROM_TEXT = frozenset({"stated", "sentence", "section", "collection"})


@dataclass(frozen=True)
class SentMessage:
    """One message of a text: its span, its sending day, whether its dates settle its order."""

    start: int
    end: int
    sent: date
    settled: bool


def sent_messages(text: str, dates: list[DateMention], rules: DateRules) -> list[SentMessage]:
    """The text's messages whose head gives the day they were sent.

    Not a letter's own date: an addendum written later goes on below it ('Addendum DATE:
    she died on DATE').
    """
    out = []
    for a, b, head_end, own in thread_of(text, rules):
        head = [d for d in dates if a <= d.start < head_end and d.value and d.precision == "day"]
        if head and head[0].value is not None:
            out.append(SentMessage(a, b, head[0].value, own is not None))
    return out


def _swapped(d: RawDate) -> date | None:
    """The other day/month reading of an ambiguous numeric date ('5/9/2023'), if any."""
    m = _AMBIGUOUS.fullmatch((d.raw or "").strip())
    if m is None or d.value is None or m.group(1) == m.group(3):
        return None
    a, b = int(m.group(1)), int(m.group(3))
    if not (1 <= a <= 12 and 1 <= b <= 12):
        return None
    return date(d.value.year, d.value.day, d.value.month)


def redate_after_sending(
    facts: list[RawFact], messages: list[SentMessage], given: set[str]
) -> None:
    """A past event or result dated after its message was sent: the other order, or doubted."""
    for f in facts:
        d = f.date
        if f.kind in given or d.value is None or d.precision != "day" or d.basis not in _FROM_TEXT:
            continue
        m = next((m for m in messages if m.start <= f.source.start < m.end), None)
        if m is None or d.value <= m.sent:
            continue
        other = None if m.settled else _swapped(d)
        if other is not None and other <= m.sent:
            f.date = replace(d, value=other)
            f.attrs["_order"] = (
                f"the message's sending day ({m.sent.isoformat()}): the other order puts it after"
            )
        else:
            f.flags.add(AFTER_MESSAGE)


__all__ = ["SentMessage", "redate_after_sending", "sent_messages"]
