"""What a date is, from its label: `Label: date`, `Label` above the date, or a table header.

Labels come from rules/dates.json. A date on a fax header line is a fax date whatever else
the line says. A generic "Date" column header types nothing: a Day | Date | Event table's
dates are event dates of their rows, not the document's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from recordkit.dates.types import DateMention, DateType

if TYPE_CHECKING:
    from recordkit.nlp.rules import DateRules

_TIME = re.compile(r"(?:\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|hrs?|h)?)$", re.I)
_FILLER = " \t|,;"
_MAX_TABLE_ROWS = 60
_MAX_OTHER_HEADER_WORDS = 6  # Lab No | Collected | Test | Result | Units | Reference


@dataclass(frozen=True)
class _Line:
    start: int
    end: int


class LabelTyper:
    """Types date mentions by their labels (compiled once per rule set)."""

    def __init__(self, rules: DateRules) -> None:
        self.kinds: dict[str, DateType] = {
            lab.lower(): kind for kind, labs in rules.labels.items() for lab in labs
        }
        alt = "|".join(re.escape(k) for k in sorted(self.kinds, key=len, reverse=True))
        label = rf"(?<![A-Za-z])({alt})(?![A-Za-z])"
        sep = r"[\s:：=#.(\-–]*"
        tail = r"(?:\s*[/&]?\s*(?:date|time|dt|d/t)\b\.?)*"  # Collected Date/Time:
        self.at_end = re.compile(
            rf"{label}{tail}{sep}(?:\b(?:on|at|am|le|du)\b{sep})?$", re.I
        )
        self.anywhere = re.compile(label, re.I)
        self.fax = [re.compile(c, re.I) for c in rules.fax_line_cues]

    def type_all(self, text: str, found: list[DateMention]) -> list[DateMention]:
        """`found` (sorted by start) with each mention's type set where a label says it."""
        starts = {_line(text, d.start).start: d for d in found if self._first_on_line(text, d)}
        dated = {_line(text, d.start).start for d in found}
        out = []
        for i, d in enumerate(found):
            kind = (
                self._fax(text, d)
                or self._same_line(text, found[:i], d)
                or self._line_above(text, found, d, starts, dated)
            )
            out.append(d if kind is None else _with_type(d, kind))
        return out

    def _kind(self, label: str) -> DateType:
        return self.kinds[re.sub(r"\s+", " ", label.lower())]

    def _fax(self, text: str, d: DateMention) -> DateType | None:
        line = text[_line(text, d.start).start : _line(text, d.end).end]
        return DateType.FAX if any(c.search(line) for c in self.fax) else None

    def _prefix(self, text: str, before: list[DateMention], d: DateMention) -> str:
        """The text before `d` on its line, less earlier dates and times right before it."""
        line = _line(text, d.start)
        ends = {b.end: b.start for b in before if b.start >= line.start}
        p = text[line.start : d.start]
        while True:
            p = p.rstrip(_FILLER)
            if line.start + len(p) in ends:
                p = p[: ends[line.start + len(p)] - line.start]
                continue
            t = _TIME.search(p)
            if t and t.start() < len(p):
                p = p[: t.start()]
                continue
            return p

    def _same_line(
        self, text: str, before: list[DateMention], d: DateMention
    ) -> DateType | None:
        m = self.at_end.search(self._prefix(text, before, d))
        return self._kind(m.group(1)) if m else None

    def _first_on_line(self, text: str, d: DateMention) -> bool:
        return not text[_line(text, d.start).start : d.start].strip(_FILLER)

    def _line_above(
        self,
        text: str,
        found: list[DateMention],
        d: DateMention,
        starts: dict[int, DateMention],
        dated: set[int],
    ) -> DateType | None:
        line = _line(text, d.start)
        if line.start == 0:
            return None
        above = _line(text, line.start - 1)
        head = text[above.start : above.end].strip()
        row = [x for x in found if _line(text, x.start) == line]
        if self._first_on_line(text, d) and len(row) == 1:
            m = self.at_end.search(head)  # `Label` with its value on the next line
            if m:
                return self._kind(m.group(1))
        if above.start not in dated and (kind := self._header_row(head, row, d)):
            return kind
        return self._header_column(text, line, starts, dated, d)

    def _header_row(self, head: str, row: list[DateMention], d: DateMention) -> DateType | None:
        """A header row of labels over a row of dates: the k-th label types the k-th date."""
        labels = [self._kind(m.group(1)) for m in self.anywhere.finditer(head)]
        if not labels or len(labels) != len(row) or DateType.DOCUMENT in labels:
            return None
        return labels[row.index(d)] if self._header_like(head) else None

    def _header_like(self, line: str) -> bool:
        """Cells, not a sentence: few words besides the labels, no closing full stop."""
        rest = self.anywhere.sub(" ", line)
        return len(re.findall(r"[^\W\d_]{2,}", rest)) <= _MAX_OTHER_HEADER_WORDS and not (
            line.rstrip().endswith((".", "。"))
        )

    def _header_column(
        self,
        text: str,
        line: _Line,
        starts: dict[int, DateMention],
        dated: set[int],
        d: DateMention,
    ) -> DateType | None:
        """The first column of a table whose header cell is a date label."""
        if starts.get(line.start) is not d:
            return None
        for _ in range(_MAX_TABLE_ROWS):
            if line.start == 0:
                return None
            line = _line(text, line.start - 1)
            if line.start in starts:
                continue
            if line.start in dated:
                return None
            cell = text[line.start : line.end].strip()
            m = self.anywhere.match(cell)
            kind = self._kind(m.group(1)) if m and self._header_like(cell) else None
            return kind if kind is not DateType.DOCUMENT else None
        return None


def _line(text: str, pos: int) -> _Line:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return _Line(start, len(text) if end < 0 else end)


def _with_type(d: DateMention, kind: DateType) -> DateMention:
    return DateMention(d.start, d.end, d.raw, d.value, d.precision, d.relative, kind, d.reason)
