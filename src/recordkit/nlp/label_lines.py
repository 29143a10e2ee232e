"""A short dated label line and the day it ends in: 'Labs 01.06.2021:' heads the lines below it."""

from __future__ import annotations

import re

from recordkit.dates import DateMention, DateType
from recordkit.layout import Block, PageLayout


def plain_day(d: DateMention | None) -> bool:
    """An unlabelled date to the day (or a comment's): one that can head or lead what follows."""
    if d is None or d.type not in (None, DateType.COMMENT):
        return False
    return d.value is not None and d.precision == "day"


def _stay_day(d: DateMention | None) -> bool:
    """A day-precision admission, discharge or collection date ('Labor bei Entlassung (DATE):')."""
    heads = (DateType.ADMISSION, DateType.DISCHARGE, DateType.COLLECTION)
    return d is not None and d.value is not None and d.type in heads and d.precision == "day"


_SENTENCE_BREAK = re.compile(r"[.!?。；;]\s+")
_SHORT_WORD = re.compile(r"(?<![^\W\d_])[a-z]{1,3}\.$")  # 'dt.' (dated) before its day


def _last_sentence(text: str) -> str:
    """The text after its last sentence end: 'Relapse Dec 2023. Repeat marrow ' -> 'Repeat marrow '.

    A paragraph's closing 'Repeat bone marrow DATE:' heads what follows as a label line of
    its own does.
    """
    breaks = [m for m in _SENTENCE_BREAK.finditer(text) if not _abbreviated(text, m)]
    return text[breaks[-1].end() :] if breaks else text


def _abbreviated(text: str, m: re.Match[str]) -> bool:
    """'Investigations (dt. DATE):': a short lower-case word's full stop right before the day."""
    return m.end() == len(text) and bool(_SHORT_WORD.search(text, 0, m.start() + 1))


def heading_day(d: DateMention | None) -> bool:
    """A date that may head the lines below it: an unlabelled day, or a stay's or sample's."""
    return plain_day(d) or _stay_day(d)


# the hour a caption gives after its day: 'CBC 11/07/2023 (collected 07:10):', '... 07:10:'
_HOUR_TAIL = re.compile(
    r"(?:\s*[(\[][^()\[\]\n]{0,24}?(?<!\d)\d{1,2}[:h.]\d{2}(?!\d)[^()\[\]\n]{0,12}[)\]]"
    r"|\s+\d{1,2}[:h]\d{2}(?!\d)(?:\s*h)?)\s*[:：]$"
)


def label_date(layout: PageLayout, block: Block, dates: list[DateMention]) -> DateMention | None:
    """The day a short dated label line ends in: 'Labs 01.06.2021:', 'FBC on 29/12/2022:'.

    The hour of the sample may follow the day ('CBC 11/07/2023 (collected 07:10):').
    """
    text = layout.text[block.start : block.end].rstrip()
    line = _HOUR_TAIL.sub("", text).rstrip(" :：)]")
    if not text.endswith((":", "：")):
        return None  # 'London, 12 May 2024' dates the letter, not what follows
    d = next((d for d in dates if d.end == block.start + len(line)), None)
    if d is None or not heading_day(d):
        return None
    if not 1 <= len(_last_sentence(layout.text[block.start : d.start]).split()) <= 5:
        return None  # a label of a few words ('Labs', 'Labor bei Entlassung ('), not a sentence
    return d


CAPTION_WORDS = 5  # a caption's label is a few words, not a sentence
# what a caption's date bracket may add after the day: its specimen ', peripheral blood)'
_BRACKET_TAIL = re.compile(r"[ \t]*,[ \t]*[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2}[ \t]*[)\]）]$")


def results_caption(
    layout: PageLayout, span: tuple[int, int], dates: list[DateMention], results: re.Pattern[str]
) -> DateMention | None:
    """'Biologie de sortie (19/08/2022)': a line of a few words naming results, closed by a day.

    Without a colon the words must name results: 'Mme X (08.02.1955)' or 'London, 12 May
    2024' above a table date the patient or the letter, not the values. The date's bracket
    may name the specimen after the day: 'Chimerism D+28 (DATE, peripheral blood)'.
    """
    start, end = span  # a line, or a table's first header cell
    text = layout.text[start:end].rstrip()
    tail = _BRACKET_TAIL.search(text)
    line = text[: tail.start()] if tail else text.rstrip(" )]）")
    d = next((d for d in dates if d.end == start + len(line)), None)
    if d is None or not heading_day(d):
        return None
    label = layout.text[start : d.start]
    if tail and not label.rstrip().endswith(("(", "[", "（")):
        return None  # the tail closes the date's own bracket: 'Chimerism (DATE, blood)'
    if "\n" in label.strip() or not 1 <= len(label.split()) <= CAPTION_WORDS:
        return None
    return d if results.search(label) else None
