"""What a date is, from its label: `Label: date`, `Label` above the date, or a table header.

Labels come from rules/dates.json. A date on a fax header line is a fax date whatever else
the line says. A generic "Date" column header types nothing: a Day | Date | Event table's
dates are event dates of their rows, not the document's date.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from recordkit.dates.types import DateMention, DateType
from recordkit.rule_cache import compiled

if TYPE_CHECKING:
    from recordkit.nlp.rules import DateRules

_TIME = re.compile(
    r"(?<!\d)(?:\d{1,2}(?::\d{2}(?::\d{2})?|h\d{2})\s*(?:[ap]\.?m\.?|hrs?)?"
    r"|\d{1,2}\.\d{2}\s*[ap]\.?m\.?)$",
    re.I,
)
_FILLER = " \t|,;"
_LABEL_WINDOW = 80  # a label and its punctuation end within this many characters of the date
_MAX_TABLE_ROWS = 60
_MAX_FAX_LINE = 240
_MAX_OTHER_HEADER_WORDS = 6  # Lab No | Collected | Test | Result | Units | Reference
_CELL_GAP = re.compile(r"\s{2,}|[\t|]")  # what separates a row's cells
_FIELD_NAME = re.compile(r"[^\W\d_]{2,}\.?\s*[:：]")  # 'Patient:', 'Name:' before a value


def _as_read(label: str) -> str:
    """A label as a pattern that an English-only OCR's reading of its accents still matches.

    Such a reader turns a Latin letter with an accent into one or two other marks ('Fecha
    de extracci6én', 'Médula 6sea', 'Ibafiez'): each stands for itself or for them, in a
    word its other letters tell (`_TOLD_BY` of them: 'né' stays as written).
    """
    return "".join(_word_as_read(w) for w in re.split(r"(\s+)", label))


_TOLD_BY = 5  # plain letters a word needs beside its accents to be told by them


def _word_as_read(word: str) -> str:
    if sum(c.isascii() and c.isalpha() for c in word) < _TOLD_BY:
        return re.escape(word)
    return "".join(f"(?:{c}|[^\\s:：|]{{1,2}})" if _accented(c) else re.escape(c) for c in word)


def _accented(c: str) -> bool:
    """A Latin letter with a mark ('ó', 'ç'), which an English-only OCR misreads."""
    return not c.isascii() and c.isalpha() and unicodedata.name(c, "").startswith("LATIN")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int


@dataclass
class _Page:
    """One text's lines and its mentions by line, built once per call."""

    text: str
    found: list[DateMention]
    breaks: list[int] = field(default_factory=list)
    line_of: list[_Line] = field(default_factory=list)
    by_line: dict[int, list[int]] = field(default_factory=dict)
    fax: dict[tuple[int, int], bool] = field(default_factory=dict)  # fax header line?
    column: dict[int, DateType | None] = field(default_factory=dict)  # a date column's type

    def __post_init__(self) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", self.text)]
        for i, d in enumerate(self.found):
            line = self.line(d.start)
            self.line_of.append(line)
            self.by_line.setdefault(line.start, []).append(i)

    def line(self, pos: int) -> _Line:
        """The line holding position `pos` (a line break belongs to the line it ends)."""
        k = bisect_left(self.breaks, pos)
        start = self.breaks[k - 1] + 1 if k > 0 else 0
        end = self.breaks[k] if k < len(self.breaks) else len(self.text)
        return _Line(start, end)

    def first_on_line(self, i: int) -> bool:
        """True if only filler stands between the start of the line and mention `i`."""
        return self.by_line[self.line_of[i].start][0] == i and not self.text[
            self.line_of[i].start : self.found[i].start
        ].strip(_FILLER)


class LabelTyper:
    """Types date mentions by their labels (compiled once per rule set)."""

    def __init__(self, rules: DateRules) -> None:
        self.kinds: dict[str, DateType] = {
            lab.lower(): kind for kind, labs in rules.labels.items() for lab in labs
        } | {lab.lower(): DateType.EVENT for lab in rules.encounter_lists}
        lists = sorted(rules.encounter_lists, key=len, reverse=True)
        visits = "|".join(re.escape(v) for v in lists)
        self.visits = compiled(rf"\s*(?:{visits})\s*[:：]", re.I) if visits else None
        alt = "|".join(_as_read(k) for k in sorted(self.kinds, key=len, reverse=True))
        self.misread = [(compiled(_as_read(k), re.I), kind) for k, kind in self.kinds.items()
                        if any(map(_accented, k))]  # fmt: skip
        label = rf"(?<![A-Za-z])({alt})(?![A-Za-z])"
        sep = r"[\s:：=#.(\-–]*"
        tail = r"(?:\s*[/&]?\s*(?:date|time|dt|d/t)\b\.?)*"  # Collected Date/Time:
        days = "|".join(re.escape(w) for w in sorted(rules.weekdays, key=len, reverse=True))
        day = rf"(?:[\s|]*(?<![^\W\d_])(?:{days})\.?)?" if days else ""  # 'Sent: Thursday, DATE'
        aside = r"(?:\s*\([^()\d\n]{1,40}\)\s*,?)?"  # 'Clinic (Dr J Smith), DATE': who saw
        self.at_end = compiled(
            rf"{label}{tail}{aside}{sep}(?:\b(?:on|at|am|le|du)\b{sep})?{day}$", re.I
        )
        self.anywhere = compiled(label, re.I)
        self.fax = [compiled(c, re.I) for c in rules.fax_line_cues]
        self.stamps = [compiled(c, re.I) for c in rules.arrival_stamps.cues]
        nouns = "|".join(r"\s+".join(map(re.escape, w.split())) for w in rules.sentence_date_nouns)
        self.in_sentence = compiled(rf"(?<![^\W\d_])(?:{nouns or '(?!)'})$", re.I)  # 'in data'

    def type_all(self, text: str, found: list[DateMention]) -> list[DateMention]:
        """`found` (sorted by start) with each mention's type set where a label says it."""
        page = _Page(text, found)
        out = []
        for i, d in enumerate(found):
            kind = (
                self._fax(page, i)
                or self._visit(page, i)
                or self._same_line(page, i)
                or self._line_above(page, i)
                or self._label_after(page, i)
            )
            if kind in (DateType.RECEIVED, None) and self._stamped(page, i, kind):
                kind = DateType.ARRIVAL
            out.append(d if kind is None else _with_type(d, kind))
        return out

    def _stamped(self, page: _Page, i: int, kind: DateType | None) -> bool:
        """A receipt or incoming-mail stamp's date: when the paper arrived, not what it tells.

        A date its label calls received, on a line a stamp cue finds ('RECEIVED 02 MAY 2023',
        no colon), or any date inside the stamp a cue matches ('[stamp: RECEIVED DATE *
        Registry]').
        """
        line, d = page.line_of[i], page.found[i]
        for cue in self.stamps:
            for m in cue.finditer(page.text, line.start, line.end):
                if kind is DateType.RECEIVED or m.start() <= d.start < m.end():
                    return True
        return False

    def _kind(self, label: str) -> DateType:
        key = re.sub(r"\s+", " ", label.lower())
        if key in self.kinds:
            return self.kinds[key]
        return next(kind for rx, kind in self.misread if rx.fullmatch(key))  # 'extracci6én'

    def _fax(self, page: _Page, i: int) -> DateType | None:
        span = (page.line_of[i].start, page.line(page.found[i].end).end)
        if span not in page.fax:
            line = page.text[span[0] : span[1]]
            page.fax[span] = len(line) <= _MAX_FAX_LINE and any(c.search(line) for c in self.fax)
        return DateType.FAX if page.fax[span] else None

    def _visit(self, page: _Page, i: int) -> DateType | None:
        """A date in a list of visits led by its label ('Visits: DATE Clinic; DATE Infusion').

        Each is a visit's own date; a visit's name ('Clinic') before the next date is no
        label of that date.
        """
        if self.visits is None:
            return None
        line = page.line_of[i]
        if self.visits.match(page.text, line.start, line.end):
            return DateType.EVENT
        if line.start == 0:
            return None
        above = page.line(line.start - 1)  # 'Visits:' alone above the list
        head = self.visits.match(page.text, above.start, above.end)
        alone = head is not None and not page.text[head.end() : above.end].strip()
        return DateType.EVENT if alone else None

    def _prefix_end(self, page: _Page, i: int) -> int:
        """Where the label of mention `i` must end: before earlier dates and times on its line."""
        start = page.line_of[i].start
        ends = {page.found[j].end: page.found[j].start for j in page.by_line[start] if j < i}
        e = page.found[i].start
        while True:
            while e > start and page.text[e - 1] in _FILLER:
                e -= 1
            if e in ends:
                e = ends[e]
                continue
            w = max(start, e - 20)
            t = _TIME.search(page.text, w, e)
            if t and t.start() < e:
                e = t.start()
                continue
            return e

    def _same_line(self, page: _Page, i: int) -> DateType | None:
        start = page.line_of[i].start
        e = self._prefix_end(page, i)
        if ";" in page.text[e : page.found[i].start]:
            return None  # 'DATE Clinic; DATE Infusion': a name closes the item before it
        before = page.text[max(start, e - _LABEL_WINDOW) : e]
        m = self.at_end.search(before)
        if m is None:
            return None
        kind = self._kind(m.group(1))
        if kind is DateType.DOCUMENT and self.in_sentence.search(before, 0, m.end(1)):
            return None  # 'Trapianto in data DATE': the sentence's date, not a field's
        return kind

    def _label_after(self, page: _Page, i: int) -> DateType | None:
        """'10/11/2022 | Date of sample': a header pair whose cells OCR read swapped.

        A date alone at the start of its line, the rest of the line only a label, is that
        label's, of a specimen, a report or a birth; never a visit's or the document's
        ('22/01/2024  Clinic' is a list of visits).
        """
        line, d = page.line_of[i], page.found[i]
        if not page.first_on_line(i) or len(page.by_line[line.start]) != 1:
            return None
        rest = page.text[d.end : line.end].strip(_FILLER + ":：")
        kind = self.kinds.get(re.sub(r"\s+", " ", rest.lower()))
        return kind if kind not in (None, DateType.DOCUMENT, DateType.EVENT) else None

    def _line_above(self, page: _Page, i: int) -> DateType | None:
        line = page.line_of[i]
        if line.start == 0:
            return None
        above = page.line(line.start - 1)
        head = page.text[above.start : above.end].strip()
        row = page.by_line[line.start]
        if page.first_on_line(i) and len(row) == 1 and above.start not in page.by_line:
            m = self.at_end.search(head[-_LABEL_WINDOW:])  # `Label` with its value below
            if m:
                return self._kind(m.group(1))
        if above.start not in page.by_line and (kind := self._header_row(page, head, i)):
            return kind
        return self._header_column(page, i)

    def _header_row(self, page: _Page, head: str, i: int) -> DateType | None:
        """A header row of labels over a row of dates: the k-th label types the k-th date.

        Both lines are rows of cells. A label word inside another field's value is no header
        cell (the name in 'Patient: John R. Sample   MRN 0001234'), and a sentence under a
        line of labels is no row of dates ('AML in CR1, s/p MUD PBSCT on DATE.' under a
        letter's patient banner retells history).
        """
        row = page.by_line[page.line_of[i].start]
        labels = [
            self._kind(m.group(1))
            for m in self.anywhere.finditer(head)
            if not self._in_field_value(head, m.start())
        ]
        if not labels or len(labels) != len(row) or DateType.DOCUMENT in labels:
            return None
        if not (self._header_like(head) and self._header_like(_without_dates(page, row))):
            return None
        return labels[row.index(i)]

    def _in_field_value(self, line: str, pos: int) -> bool:
        """Whether `pos` lies in the value of a field its cell names ('Patient: J. |Sample')."""
        cell = _CELL_GAP.split(line[:pos])[-1]
        return _FIELD_NAME.search(self.anywhere.sub(" ", cell)) is not None

    def _header_like(self, line: str) -> bool:
        """Cells, not a sentence: few words besides the labels, no closing full stop."""
        rest = self.anywhere.sub(" ", line)
        return len(re.findall(r"[^\W\d_]{2,}", rest)) <= _MAX_OTHER_HEADER_WORDS and not (
            line.rstrip().endswith((".", "。"))
        )

    def _header_column(self, page: _Page, i: int) -> DateType | None:
        """The first column of a table whose header cell is a date label."""
        if not page.first_on_line(i):
            return None
        line = page.line_of[i]
        kind: DateType | None = None
        for _ in range(_MAX_TABLE_ROWS):
            if line.start == 0:
                break
            line = page.line(line.start - 1)
            row = page.by_line.get(line.start)
            if row and page.first_on_line(row[0]):
                if line.start in page.column:  # the row above already knows its header
                    kind = page.column[line.start]
                    break
                continue  # another row of the same date column
            if not row:
                cell = page.text[line.start : line.end].strip()
                m = self.anywhere.match(cell)
                kind = self._kind(m.group(1)) if m and self._header_like(cell) else None
            break
        kind = kind if kind is not DateType.DOCUMENT else None
        page.column[page.line_of[i].start] = kind
        return kind


def _without_dates(page: _Page, row: list[int]) -> str:
    """The line of the mentions `row`, each mention blanked out."""
    line = page.line_of[row[0]]
    text = page.text[line.start : line.end]
    for j in reversed(row):
        d = page.found[j]
        text = text[: d.start - line.start] + " " + text[d.end - line.start :]
    return text


def _with_type(d: DateMention, kind: DateType) -> DateMention:
    return replace(d, type=kind)
