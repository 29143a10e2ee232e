"""One page as the extraction passes see it: its text, dates, sections and the document's date.

Built once per page by `facts.extract_document`; the event and value passes read it and never
reach back to the page's sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from recordkit.dates import DateMention, DateType, restated
from recordkit.dates.relative import stay_dates
from recordkit.dates.yearless import Stay, with_years
from recordkit.layout import BlockKind, PageLayout
from recordkit.models import PageText, Source
from recordkit.nlp.page_dates import event_sentences, letter_date
from recordkit.nlp.raw import RawDate, raw_date
from recordkit.nlp.sections import DocumentSections
from recordkit.nlp.signed_dates import signed_date
from recordkit.nlp.text import AnalysisText
from recordkit.rule_cache import compiled, per_rule_set

if TYPE_CHECKING:
    from recordkit.nlp.date_rules import EntryHeads
    from recordkit.nlp.rules import DateRules

HEAD_CHARS = 400  # how far down a page its heading's date may stand
# an entry's header line: 'Date: 30/10/2023', '15/11/2023 10:40 Dr L Grant' (a label of a few
# words and a colon, or nothing, before the date; a time and a signature after it)
_ENTRY_HEAD = re.compile(r"(?:[^\W\d][^:：\n]{0,24}[:：]\s*)?$")
_ENTRY_TAIL = re.compile(r"\s*(?:\d{1,2}[:.h]\d{2}(?:\s*h)?)?(?:[\s,;-]+[^\d\n]{0,40})?$")


@per_rule_set
def _head_parts(heads: EntryHeads) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An entry header's marks, and what it may count after its date (`entry_heads`)."""
    counts = "|".join(f"(?:{c})" for c in heads.counts) or r"(?!)"
    return compiled(heads.marks or r"(?!)"), compiled(counts, re.IGNORECASE)


def _is_entry_head(lead: str, tail: str, heads: EntryHeads | None) -> bool:
    """Whether a line's words around its date are an entry header's.

    'Date: DATE' or 'DATE 10:40 Dr L Grant'; or, by `heads`, a line set off by marks or
    counting the day ('=== DATE 09:15 WARD ROUND - Dr A FY2 ===', 'DATE - HD 9 / FLAG-Ida D8'):
    its numbers all times, days and grades, the rest a few words.
    """
    if _ENTRY_HEAD.fullmatch(lead) and _ENTRY_TAIL.fullmatch(tail):
        return True
    if heads is None:
        return False
    marks, counts = _head_parts(heads)
    marked = bool(lead.strip()) and marks.fullmatch(lead.strip()) is not None
    if lead.strip() and not marked:
        return False
    rest = counts.sub(" ", tail)
    signed = marked or rest != tail or marks.search(tail) is not None
    rest = marks.sub(" ", rest)
    return signed and len(rest.strip()) <= heads.marked_chars and not re.search(r"\d", rest)


def entry_dates(
    layout: PageLayout, dates: list[DateMention], heads: EntryHeads | None = None
) -> list[tuple[int, int, DateMention]]:
    """A page of dated entries: each entry's header date dates what follows it.

    A progress note or a day-unit record holds several visits, each headed by its own date line
    ('Date: 30/10/2023', '15/11/2023 10:40 Dr L Grant', '=== 16/01/2024 WARD ROUND ===',
    '11/14/2023  HD 8 / D0'); the page's first date is not the date of the later entries'
    undated results. Only a page with two such lines or more is one. A
    date whose label says it never dates a result ('Typed: DATE', 'Printed: DATE') heads no
    entry: a letter's 'Clinic date' and 'Typed' lines are one visit, written up later. Nor does
    an event's own date ('Date of diagnosis: DATE' on a referral form): it dates that event.
    """
    heads_found = []
    for block in layout.blocks:
        line = layout.text[block.start : block.end]
        inside = [d for d in dates if block.start <= d.start < block.end and d.relative is None]
        if len(inside) != 1 or "\n" in line.strip() or inside[0].precision != "day":
            continue
        if not inside[0].dates_results or inside[0].type is DateType.EVENT:
            continue
        d = inside[0]
        lead, tail = layout.text[block.start : d.start], layout.text[d.end : block.end]
        if d.value and _is_entry_head(lead, tail, heads):
            heads_found.append((block, d))
    if len(heads_found) < 2:
        return []
    ends = [b.start for b, _ in heads_found[1:]] + [len(layout.text)]
    return [(b.end, end, d) for (b, d), end in zip(heads_found, ends, strict=True)]


def serial_samples(dates: list[DateMention], tables: list[tuple[int, int]]) -> list[DateMention]:
    """The collection dates of tables of serial samples (two dates or more).

    Such a table's date column dates its own rows, earlier samples among them: its first row
    is not the report's specimen.
    """
    rows: list[DateMention] = []
    for a, b in tables:
        inside = [d for d in dates if a <= d.start < b and d.label == "collection" and d.value]
        if len({d.value for d in inside}) > 1:
            rows += inside
    return rows


def specimen_dates(
    dates: list[DateMention], text: str, tables: list[tuple[int, int]] | None = None
) -> list[DateMention]:
    """A page's specimen dates: its first collection date, then each later one that heads.

    A later report on the page heads its own 'Collected: DATE' field, and a cumulative print's
    later result set its own line opened by the label ('Sample collected  DATE 08:30'); a
    prior-results table's date column does not, and a table of serial samples (`tables`: the
    page's table spans) gives no specimen date at all.
    """
    rows = {d.start for d in serial_samples(dates, tables or [])}
    found = [d for d in dates if d.label == "collection" and d.value and d.start not in rows]
    return found[:1] + [d for d in found[1:] if _heads_its_set(text, d)]


# the words before a date that open its line and only label it: 'Sample collected  '
_LABEL_LEAD = re.compile(r"[ \t]*[^\W\d][^\W\d]*(?:[ \t]+[^\W\d]+){0,3}[ \t]+")


def _heads_its_set(text: str, d: DateMention) -> bool:
    """Whether a later collection date heads a report or result set of its own.

    A field ending in a colon ('Collected: DATE'), or a line its label alone opens ('Sample
    collected  DATE'), as a cumulative results print heads each set, newest first.
    """
    before = text[: d.start]
    if before.rstrip().endswith((":", "：")):
        return True
    return _LABEL_LEAD.fullmatch(before[before.rfind("\n") + 1 :]) is not None


def _long_before_the_rest(d: DateMention, dates: list[DateMention], years: int) -> bool:
    """Whether `d` lies `years` or more before every other date of the page (there being one).

    An unlabelled date of birth beside the patient's name ('nata a Padova il 04/11/1979',
    'Mme X (08.02.1955)') stands decades before all the care the page tells.
    """
    if d.value is None or years <= 0:
        return False
    others = [o.value for o in dates if o.value and o.type is not DateType.BIRTH and o is not d]
    return bool(others) and all((o - d.value).days >= years * 365.25 for o in others)


def page_head_date(
    layout: PageLayout, dates: list[DateMention], doc: Any, rules: DateRules
) -> DateMention | None:
    """The date a page's head gives its document: a letter's, a labelled one, else the first.

    Of labelled dates a discharge date comes first: a discharge summary is written then, and
    its undated 'current' results are the patient's at discharge, not at admission.

    The head is the page above its first table (a date below one dates a result); an event's
    own date is never the document's, nor is a date decades before every other date of the
    page (`birth_gap_years`: an unlabelled date of birth); a report whose collection date
    cannot be read is dated by its report date.
    """
    text = layout.text
    letter = letter_date(text, dates, rules.salutations)
    if letter:
        return letter
    labelled = [d for d in dates if d.label == "document" and d.value]
    discharged = [d for d in labelled if d.type is DateType.DISCHARGE]
    stated = next(iter(discharged or labelled), None)  # a summary is written at discharge
    signed = signed_date(text, dates, *_signature_cues(rules))  # '... [round stamp]  DATE'
    top = min([HEAD_CHARS, *(b.start for b in layout.blocks if b.kind is BlockKind.TABLE)])
    told = event_sentences(doc._.rk_mentions, doc._.rk_sentences)
    near_top = (
        d
        for d in dates
        if d.value and d.start < top and d.label != "report"
        and d.type is not DateType.EVENT  # a visit's, a transplant's own date
        and not any(a <= d.start < b for a, b in told)
        and not _long_before_the_rest(d, dates, rules.birth_gap_years)
    )  # fmt: skip
    reported = (d for d in dates if d.type is DateType.REPORT and d.value)
    return stated or signed or next(near_top, None) or next(reported, None)


@per_rule_set
def _signature_cues(rules: DateRules) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    said = rules.signature_lines
    return [compiled(c, re.I) for c in said.cues], [compiled(c, re.I) for c in said.not_cues]


@dataclass
class PageScope:
    """A page's reading: text, dates, specimens, sections, and its document's date so far."""

    page: PageText
    layout: PageLayout
    at: AnalysisText
    doc: Any  # the spaCy Doc of the page's text
    dates: list[DateMention]
    sections: DocumentSections
    doc_date: RawDate
    doc_index: int
    heads: EntryHeads | None = None  # how a progress note heads its dated entries

    @property
    def text(self) -> str:
        """The analysis text every offset refers to."""
        return self.at.text

    @cached_property
    def entries(self) -> list[tuple[int, int, DateMention]]:
        """The page's dated entries (start, end, header date), if it is a page of entries."""
        return entry_dates(self.layout, self.dates, self.heads)

    def table_header(self, pos: int) -> tuple[int, int] | None:
        """The span of the header row of the table whose body row `pos` is in, if any.

        The header is the table's first row when it holds no date: a row of column names.
        """
        for block in self.layout.blocks:
            if block.kind is not BlockKind.TABLE or not block.start <= pos < block.end:
                continue
            head = block.rows[0]
            if pos >= head.end and not any(head.start <= d.start < head.end for d in self.dates):
                return head.start, head.end
        return None

    def heading_over(self, pos: int) -> tuple[int, int] | None:
        """The span of the heading line whose section `pos` is in, if a heading stands above it.

        A heading on a line of its own ('FINAL DIAGNOSIS:' over the diagnosis) names what the
        lines under it are, up to the next heading, as a table's header names its column.
        """
        above = [b for b in self.layout.blocks if b.kind is BlockKind.HEADING and b.end <= pos]
        return (above[-1].start, above[-1].end) if above else None

    def doc_date_at(self, pos: int) -> RawDate:
        """The document's date as it stands at `pos`.

        On a page of entries, the header date of the entry `pos` is in ('Date: 30/10/2023 ...
        Labs: Hb 9.6'); else the document's.
        """
        d = next((d for a, b, d in self.entries if a <= pos < b), None)
        return raw_date(d, "document") if d is not None else self.doc_date

    def after_its_entry(self, d: DateMention) -> bool:
        """Whether date `d` lies after the day of the dated entry it is written in.

        A progress note is written on its heading's day, so a later date in it is booked or
        planned ('P: day 28 BMAT ~12/02/2024' in the note of 03/02/2024): it dates none of
        the note's results.
        """
        head = next((h for a, b, h in self.entries if a <= d.start < b), None)
        return bool(head and head.value and d.value and d.value > head.value)

    @cached_property
    def specimens(self) -> list[DateMention]:
        """The page's specimen collection dates, first and heading ones."""
        return specimen_dates(self.dates, self.text, self.tables)

    @property
    def tables(self) -> list[tuple[int, int]]:
        """The spans of the page's tables."""
        return [(b.start, b.end) for b in self.layout.blocks if b.kind is BlockKind.TABLE]

    @property
    def conf(self) -> float:
        """How far the page's reading is trusted: its OCR confidence, else 1."""
        return (self.page.ocr_confidence or 0) / 100 if self.page.method == "ocr" else 1.0

    def source(self, start: int, end: int) -> Source:
        """Where text[start:end] stands in the page's own text, quoted."""
        a, b = self.at.page_span(start, end)
        return Source(
            file=self.page.file,
            page=self.page.page,
            start=a,
            end=b,
            quote=self.at.page_text[a:b],
            method=self.page.method,
        )

    def order(self, pos: int) -> tuple[int, int, int]:
        """Where a mention at `pos` stands in the case's story."""
        return (self.doc_index, self.page.page, pos)

    @cached_property
    def stated_date(self) -> DateMention | None:
        """The page's labelled date ('Date of clinic: DATE') when it stands above every specimen.

        Such a page is a letter or note that quotes a specimen ('Bloods drawn DATE: WBC ...'),
        not a specimen's report.
        """
        stated = next((d for d in self.dates if d.type is DateType.DOCUMENT and d.value), None)
        first = self.specimens[0] if self.specimens else None
        return stated if stated and (first is None or stated.start < first.start) else None

    def reports_a_specimen(self, salutations: list[str]) -> bool:
        """Whether the page is a specimen's report: a collection date, no letter's date above it."""
        letter = letter_date(self.text, self.dates, salutations)
        return bool(self.specimens) and self.stated_date is None and letter is None

    def specimen_at(self, pos: int) -> DateMention | None:
        """The specimen date of the report `pos` is in: the last heading one above it.

        A report's first specimen dates its whole page; a note's only what follows it.
        """
        specimens = self.specimens
        above = [d for d in specimens[1:] if d.start < pos]
        if above:
            return above[-1]
        first = specimens[0] if specimens else None
        if first is not None and first.start > pos and self.stated_date is not None:
            return None
        return first

    def value_evidence(self, pos: int) -> tuple[DateMention | None, RawDate]:
        """The specimen date of `pos` and the document's, unless `pos` is in a retold history."""
        if self.sections.takes_document_date(pos):
            return self.specimen_at(pos), self.doc_date_at(pos)
        return None, RawDate(reason="a past result retold in a history section")

    def stay(self) -> Stay:
        """The stay a day-wise chart on the page falls in: its admission and the document's date."""
        admitted = next(
            (d.value for d in self.dates if d.type is DateType.ADMISSION and d.value), None
        )
        return Stay(admitted, self.doc_date.value)

    def settle_document_date(self, rules: DateRules) -> None:
        """Date the document by this page if no earlier page did: stated, specimen, else head.

        Else a table of serial samples dates it by its latest sample: it was written after it.
        """
        if self.doc_date.value is not None:
            return
        specimens = self.specimens
        head = self.stated_date or (specimens[0] if specimens else None)
        head = head or page_head_date(self.layout, self.dates, self.doc, rules)
        serial = serial_samples(self.dates, self.tables)
        head = head or max(serial, key=lambda d: d.value or date.min, default=None)
        if head is not None:
            self.doc_date = raw_date(head, "document")

    def settle_stay_days(self, admitted: date | None) -> date | None:
        """Date the page's days of a stay ('入院后第3天') from its admission.

        `admitted` is the admission an earlier page of the document gives; returns the one
        that stands at the page's end, for the next page.
        """
        self.dates = stay_dates(self.dates, admitted)
        here = [d.value for d in self.dates if d.type is DateType.ADMISSION and d.value]
        return here[-1] if here else admitted

    def settle_yearless_dates(self, rules: DateRules) -> None:
        """Put the page's yearless narrative dates ('4月12日') in the year its dates give."""
        self.dates = restated(self.text, with_years(self.dates, self.stay()), rules)


__all__ = ["PageScope", "page_head_date", "specimen_dates"]
