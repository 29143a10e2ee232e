"""A mail thread's messages, each with its own day/month order.

A printed or forwarded thread gathers messages by different writers: a US doctor's reply
writes '5/9/2023' month first above a quoted European summary's '14/03/2022'. Each message,
from one header block or quote opening (dates.json `message_heads`) to the next, takes the
order its own unambiguous dates settle, else the document's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING

from recordkit.dates.types import Order
from recordkit.rule_cache import compiled

if TYPE_CHECKING:
    from recordkit.nlp.date_rules import DateRules

_FLAGS = re.I | re.M


def thread_messages(
    text: str, rules: DateRules, settle: Callable[[str], Order | None]
) -> list[tuple[int, int, int, Order | None]]:
    """Each message of a thread: (start, end, end of its head's last line, its own order).

    A message with no head (the first, when the text opens with none) has its head end at
    its start.
    """
    found: dict[int, int] = {}
    for p in rules.message_heads:
        for m in compiled(p, _FLAGS).finditer(text):
            line_end = text.find("\n", m.end())
            found[m.start()] = max(
                found.get(m.start(), 0), line_end if line_end >= 0 else len(text)
            )
    starts = sorted(set(found) - {0})
    bounds = [0, *starts]
    ends = [*starts, len(text)]
    return [
        (a, b, found.get(a, a), _own(text[a:b], rules, settle))
        for a, b in zip(bounds, ends, strict=True)
    ]


def message_orders(
    text: str,
    order: Order | None,
    rules: DateRules,
    settle: Callable[[str], Order | None],
) -> Callable[[int], Order | None]:
    """The day/month order at each position of `text`: its message's own, else `order`."""
    messages = thread_messages(text, rules, settle)
    if len(messages) == 1:
        return lambda pos: order
    bounds = [a for a, _, _, _ in messages]
    own = [o for _, _, _, o in messages]
    return lambda pos: own[bisect_right(bounds, pos) - 1] or order


def _own(message: str, rules: DateRules, settle: Callable[[str], Order | None]) -> Order | None:
    """The order a message's own dates settle.

    Its subject line is the thread's, carried over from the first message ('Onderwerp: RE:
    Referral - Name (°17/06/1999)'): its dates are not the message writer's.
    """
    for p in rules.message_subjects:
        message = compiled(p, _FLAGS).sub("", message)
    return settle(message)
