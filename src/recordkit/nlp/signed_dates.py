"""A date beside the signatures that close a page: the day the document was signed.

A Russian or Ukrainian extract, and many a translated record, carries its date on the line of
its signatories at the foot ('Attending physician  Karpova O.N.   Head of department ...
28.04.2023', '[round stamp]  28.04.2023'), not in a 'Date:' field at its head. That day dates
the document; a stay's first day or a stamp of its arrival above does not.
"""

from __future__ import annotations

import re

from recordkit.dates import DateMention


def signed_date(
    text: str,
    dates: list[DateMention],
    cues: list[re.Pattern[str]],
    not_cues: list[re.Pattern[str]],
) -> DateMention | None:
    """The unlabelled day on a signature line that closes the page's dates, if there is one.

    The line must name a signatory, a signature or a stamp (`cues`), and no date the page
    tells after it may be unlabelled (a later entry would make it no closing line); the line
    of a translator or notary (`not_cues`) is passed over: it dates the copy.
    """
    if not cues:
        return None
    told = [
        d
        for d in dates
        if d.value is not None
        and d.type is None
        and not any(c.search(_line(text, d)) for c in not_cues)
    ]
    if not told or told[-1].precision != "day":
        return None
    return told[-1] if any(c.search(_line(text, told[-1])) for c in cues) else None


def _line(text: str, d: DateMention) -> str:
    """The line a date stands on."""
    start = text.rfind("\n", 0, d.start) + 1
    end = text.find("\n", d.end)
    return text[start : end if end >= 0 else len(text)]


__all__ = ["signed_date"]
