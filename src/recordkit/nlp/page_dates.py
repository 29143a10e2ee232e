"""Which date an item on a page takes when its own sentence states none.

A table row's date cell dates its row; a short dated label line ('Labs 01.06.2021:') dates
the lines below it; a paragraph led by 'Label (DATE):' is of that date to its end; a value
otherwise takes its specimen's collection date, else a date stated earlier in its paragraph
(doubted), else the document's date, which is never a date its text gives an event.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from typing import Any

from recordkit.dates import DateMention, DateType
from recordkit.dates.types import DATES_A_DOCUMENT, NEVER_DATES_A_RESULT
from recordkit.layout import BlockKind, PageLayout, carried_on
from recordkit.nlp.anchors import FINDING_CUE
from recordkit.nlp.caption_dates import concluded_tables
from recordkit.nlp.label_lines import label_date, plain_day, results_caption
from recordkit.nlp.raw import RawDate, raw_date
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled


def undated_spans(
    layout: PageLayout,
    dates: list[DateMention],
    results: re.Pattern[str] | None = None,
    conclusions: re.Pattern[str] | None = None,
) -> list[tuple[int, int, DateMention]]:
    """Spans of the page whose undated sentences a row, heading or lead date dates.

    `results` names a set of results (dates.json `result_captions`): a caption line of
    them closed by its day dates the one block right below it, and a `conclusions` line
    ('Conclusion: ...') right under the table it captions.
    """
    heads = _heading_dates(layout, dates) + _caption_dates(layout, dates, results)
    if results is not None and conclusions is not None:
        heads += concluded_tables(layout, dates, results, conclusions)
    return _row_dates(layout, dates) + heads + _lead_dates(layout, dates)


def _row_dates(layout: PageLayout, dates: list[DateMention]) -> list[tuple[int, int, DateMention]]:
    """Table rows whose first cell is a date: (row start, row end, that date).

    In a Date | Event table the row's date cell dates what the row says, unless the row's
    own text states a date.
    """
    out = []
    for block in layout.blocks:
        if block.kind is not BlockKind.TABLE:
            continue
        for row in block.rows:
            first = row.cells[0]
            d = next((d for d in dates if d.start == first.start and d.end == first.end), None)
            if d is not None and d.value is not None and d.label is None:
                out.append((row.start, row.end, d))
    return out


HEADED_BLOCKS = 6  # blocks below a dated heading line that it dates, at most


def _heading_dates(
    layout: PageLayout, dates: list[DateMention]
) -> list[tuple[int, int, DateMention]]:
    """Spans a short dated line heads: 'Labs 01.06.2021:' dates the lines below it.

    A label of a few words, an unlabelled day-precision date and a colon closing the line
    (or closing a paragraph's last sentence) date the blocks after it, up to the next
    heading, the next block with a date of its own, or HEADED_BLOCKS blocks.
    """
    out = []
    blocks = layout.blocks
    for k, block in enumerate(blocks):
        d = label_date(layout, block, dates)
        if d is None:
            continue
        end = block.end
        for nxt in blocks[k + 1 : k + 1 + HEADED_BLOCKS]:
            if nxt.kind is BlockKind.HEADING or any(nxt.start <= x.start < nxt.end for x in dates):
                break
            end = nxt.end
        if end > block.end:
            out.append((block.end, end, d))
    return out


def _caption_dates(
    layout: PageLayout, dates: list[DateMention], results: re.Pattern[str] | None
) -> list[tuple[int, int, DateMention]]:
    """'BLOODS ON DISCHARGE (DATE)' over 'WBC 3.8  Neut 1.9 ...': the caption dates that line.

    With no colon the caption heads only the block right below it, and only one of values
    with no date of its own (a table's caption is read with the table).
    """
    out: list[tuple[int, int, DateMention]] = []
    if results is None:
        return out
    blocks = layout.blocks
    for block, nxt in pairwise(blocks):
        if nxt.kind not in (BlockKind.PARAGRAPH, BlockKind.FIELD) or any(
            nxt.start <= x.start < nxt.end for x in dates
        ):
            continue
        if label_date(layout, block, dates) is None:
            d = results_caption(layout, (block.start, block.end), dates, results)
            if d is not None:
                out.append((block.end, nxt.end, d))
    return out


_LEAD = re.compile(r"[^\W\d][^:：\n]{0,40}?[(\[]?\s*$")  # 'Bone marrow (' before a date


def _lead_dates(layout: PageLayout, dates: list[DateMention]) -> list[tuple[int, int, DateMention]]:
    """A paragraph led by 'Label (DATE):' is of that date to its end.

    'Bone marrow (07/18/2022): 2% blasts. MRD negative by flow. Donor chimerism 98%.'
    """
    out = []
    for block in layout.blocks:
        if block.kind is BlockKind.TABLE:
            continue
        d = next((d for d in dates if block.start <= d.start < block.start + 48), None)
        if not plain_day(d):
            continue
        head = layout.text[block.start : d.start]
        colon = re.match(r"\s*[)\]]?\s*[:：]", layout.text[d.end : block.end])
        if colon and _LEAD.fullmatch(head) and len(head.split()) <= 4:
            out.append((d.end + colon.end(), block.end, d))
    return out


_SENTENCE_END = re.compile(r"[.!?。！？]\s")


def broken_sentence_spans(
    before: PageLayout,
    before_dates: list[DateMention],
    page: PageLayout,
    sentences: list[tuple[int, int]],
) -> list[tuple[int, int, DateMention]]:
    """The first sentence of a page that a page break cut off takes its beginning's date.

    'The bone marrow aspirate of 22-01-2024 showed' | page break, banner | '18% myeloblasts;
    donor chimerism 71%.': one sentence, so the date stated before the break (the last one,
    nearest the break) dates what it tells after it, as it would on one page.
    """
    cut = carried_on(before, page)
    if cut is None:
        return []
    last, first = cut
    tail = before.text[last.start : last.end]
    starts = [m.end() for m in _SENTENCE_END.finditer(tail)]
    begun = last.start + (starts[-1] if starts else 0)
    told = [
        d
        for d in before_dates
        if begun <= d.start < last.end
        and d.value is not None
        and d.type not in NEVER_DATES_A_RESULT | DATES_A_DOCUMENT
    ]
    sent = next(((a, b) for a, b in sentences if a <= first.start < b), None)
    if not told or sent is None:
        return []
    at = max(sent[0], first.start)  # the date stands before the sentence's words, as it did
    return [(sent[0], sent[1], replace(told[-1], start=at, end=at))]


def letter_date(text: str, dates: list[DateMention], salutations: list[str]) -> DateMention | None:
    """A letter's own date: a line holding only a date, above its salutation ('Dear Dr ...').

    It dates the letter before any labelled date in its body ('admitted on 29/05/2023').
    """
    words = "|".join(re.escape(w) for w in salutations)
    greeting = re.search(rf"^[ \t]*(?:{words})\b", text, re.M | re.I) if words else None
    if greeting is None:
        return None
    alone = [
        d
        for d in dates
        if d.value is not None and d.end <= greeting.start()
        and _line_of(text, d).strip(" \t.,") == d.raw
    ]  # fmt: skip
    return alone[-1] if alone else None


def _line_of(text: str, d: DateMention) -> str:
    start = text.rfind("\n", 0, d.start) + 1
    end = text.find("\n", d.end)
    return text[start : end if end >= 0 else len(text)]


# a drug told with a date is a treatment; a marrow's result is a result
_NOT_EVENTS = frozenset({"ignore", "infusion", "marrow_negative"})
# 'relapse after allogeneic transplant': the transplant came before; the sample does not date it
EARLIER = re.compile(
    r"\b(?:after|following|since|post|prior|previous(?:ly)?)\s+(?:\S+\s+){0,2}$", re.I
)


def _tells_event(m: Any) -> bool:
    """A mention that tells an event; a report's finding cue ('BM bx -') tells none alone."""
    return m.kind not in _NOT_EVENTS and not str(m.attrs.get("rule", "")).startswith(FINDING_CUE)


def event_sentences(mentions: list, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:  # type: ignore[type-arg]
    """The sentences that tell an event (a diagnosis, a treatment, a relapse, ...)."""
    return [
        (a, b) for a, b in sentences if any(a <= m.start < b and _tells_event(m) for m in mentions)
    ]


def value_date(
    stated: DateMention | None,
    collection: DateMention | None,
    doc_date: RawDate,
    earlier: DateMention | None = None,
    today: bool = False,
) -> RawDate:
    """A value's date: stated beside it, else its specimen's collection, else the document's.

    A value whose sentence says 'today' is of the document's date; otherwise a date stated
    earlier in the value's paragraph (`paragraph_date`) comes before the document's, with its
    doubt.
    """
    if stated is not None:
        return raw_date(stated, "stated")
    if collection is not None:
        return raw_date(collection, "collection")
    if today and doc_date.value is not None:
        return RawDate(doc_date.value, doc_date.precision, doc_date.raw, "today")
    if earlier is not None:
        return raw_date(earlier, "section")
    if doc_date.value is not None:
        return RawDate(doc_date.value, doc_date.precision, doc_date.raw, "document")
    return RawDate(reason="no date stated with the value")


_PROSE = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.FIELD)


def paragraph_date(layout: PageLayout, dates: list[DateMention], pos: int) -> DateMention | None:
    """The last day-precision date stated before `pos` in the paragraph that holds it.

    'On 6 March 2021 the marrow showed 12% blasts. MRD 4.5%.': the MRD is of that marrow.
    """
    block = layout.block_at(pos)
    if block is None or block.kind not in _PROSE:
        return None
    before = [d for d in dates if block.start <= d.start < pos and plain_day(d)]
    return before[-1] if before else None


def line_above_date(layout: PageLayout, dates: list[DateMention], pos: int) -> DateMention | None:
    """The last day-precision date of the prose line right above `pos`'s paragraph.

    'Bone marrow aspiration done on 11/01/2023 (BM - 52% blasts).' then, on the next line,
    'Chimerism (STR) - 48% donor.': the work-up goes on. Not past a heading, and not into a
    labelled field ('FBC: Hb 98 g/L'), which tells its own test, nor into a line that states a
    date of its own ('WCC 3.1 down from 4.2 on DATE'): that line is its own item.
    """
    block = layout.block_at(pos)
    if block is None or block.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        return None
    if any(block.start <= d.start < block.end and d.value for d in dates):
        return None
    earlier = [b for b in layout.blocks if b.end <= block.start]
    above = max(earlier, key=lambda b: b.end, default=None)
    if above is None or above.kind not in _PROSE:
        return None
    before = [d for d in dates if above.start <= d.start < above.end and plain_day(d)]
    return before[-1] if before else None


HEADED_LINES = 8  # result lines a test's heading line ('Marrow of DATE:') may head


def heading_line_date(layout: PageLayout, dates: list[DateMention], pos: int) -> DateMention | None:
    """The date of a line ending in a colon that heads the undated lines down to `pos`'s.

    'Estudio día +100 (aspirado medular del 19/07/2024):' then a line per result: each is
    that sample's, up to a heading or a line that states a date of its own.
    """
    block = layout.block_at(pos)
    if block is None or block.kind not in _PROSE:
        return None
    if any(block.start <= d.start < block.end and d.value for d in dates):
        return None
    for above in reversed([b for b in layout.blocks if b.end <= block.start][-HEADED_LINES:]):
        own = [d for d in dates if above.start <= d.start < above.end and d.value]
        if above.kind not in _PROSE or own:  # the heading, or a line with its own date: the end
            heads = layout.text[above.start : above.end].rstrip().endswith(":")
            return own[-1] if own and heads and plain_day(own[-1]) else None
    return None


TEST_LINES_ABOVE = 4  # lines of a test's report (findings, comment) between it and a conclusion


def test_line_date(layout: PageLayout, dates: list[DateMention], pos: int) -> DateMention | None:
    """The date of the dated line right above the report fields `pos`'s field ends.

    'Lumbar puncture 03/05/2023: CSF cytospin shows blasts.' then 'Conclusion: CNS relapse.';
    'Bone marrow biopsy (12.04.2024)', 'Findings: ...', 'Conclusion: relapse of AML': the
    labelled fields under a test's line are its report. Only for a field that states no date
    before `pos`, under fields that state none; the caller checks that the date is a test's.
    """
    block = layout.block_at(pos)
    if block is None or block.kind is not BlockKind.FIELD:
        return None
    if any(block.start <= d.start < pos and d.value for d in dates):
        return None
    earlier = [b for b in layout.blocks if b.end <= block.start][-TEST_LINES_ABOVE:]
    for above in reversed(earlier):
        if above.kind not in _PROSE:
            return None
        own = [d for d in dates if above.start <= d.start < above.end and d.value]
        if own:
            return own[-1] if plain_day(own[-1]) else None
        if above.kind is not BlockKind.FIELD:
            return None
    return None


def admission_date_of(
    layout: PageLayout, dates: list[DateMention], pos: int, labels: list[str]
) -> DateMention | None:
    """The page's admission date, where `pos` stands under an admission-diagnosis label.

    '入院日期：2023-03-02' and '入院诊断：急性髓系白血病': the label opens `pos`'s field, or is
    the heading right above it. The stay's admission date (the last before `pos`, else the
    page's first) is when the diagnosis was known.
    """
    block = layout.block_at(pos)
    if block is None or not labels:
        return None
    label = compiled(rf"\s*(?:{any_of(labels)})\s*[:：]?", re.I)
    earlier = [b for b in layout.blocks if b.end <= block.start]
    above = max(earlier, key=lambda b: b.end, default=None)
    heading = above is not None and label.fullmatch(layout.text, above.start, above.end)
    if not (label.match(layout.text, block.start, block.end) or heading):
        return None
    admitted = [d for d in dates if d.type is DateType.ADMISSION and d.value]
    before = [d for d in admitted if d.start < pos]
    return before[-1] if before else next(iter(admitted), None)


_STAY = {  # words that refer a result to the admission's or the discharge's labelled date
    DateType.ADMISSION: compiled(
        r"\b(?:at|on) admission\b|\badmission (?:labs|bloods|CBC|FBC)\b|入院[时時]|入院情[况況]",
        re.I,
    ),
    DateType.DISCHARGE: compiled(
        r"\b(?:at|on) discharge\b|\bdischarge (?:labs|bloods|CBC|FBC)\b|出院[时時]|出院情[况況]",
        re.I,
    ),
}


def stay_date(sentence: str, dates: list[DateMention], lead: str = "") -> DateMention | None:
    """'Investigations at discharge: Hb 9.1': the page's labelled discharge (admission) date.

    The words may stand in the sentence, or head its paragraph (`lead`: the paragraph up to
    the value, '入院情况：患者因乏力入院。血常规：Hb 72 g/L'); the last of them says.
    """
    for text in (sentence, lead):
        found = [(m.start(), kind) for kind, words in _STAY.items() for m in words.finditer(text)]
        if found:
            kind = max(found)[1]
            return next((d for d in dates if d.type is kind and d.value), None)
    return None


_LEAD_BEFORE = re.compile(r"\s*(?:[-•*·]|\d{1,2}[.)])?\s*")
_LEAD_AFTER = re.compile(r"\s*[:\-–)]")


def lead_date(text: str, s0: int, dates: list[DateMention]) -> DateMention | None:
    """The date a timeline line starts with ('- 3/2021: Dx AML -> 7+3'), if it does.

    Such a line is the history of that date: a treatment it tells without a date of its own
    was started then.
    """
    first = min((d for d in dates if d.value is not None), key=lambda d: d.start, default=None)
    if first is None or not _LEAD_BEFORE.fullmatch(text, s0, first.start):
        return None
    return first if _LEAD_AFTER.match(text, first.end) else None
