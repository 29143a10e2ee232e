"""Lists of values: date-value pairs after a name or a caption, figures over a legend, parts.

'Donor chimerism: 12/14/2023 98%, 01/25/2024 97%' gives two values.
Each value of such a list is dated by the date written right before it, never by another's.
'counts 2.1/95/32 (WBC/Hb/Plt)' gives three, the k-th figure to the k-th name.
'Chimerism: PB whole blood 93%, PB CD3 72%, BM 89%' gives three, each under its own label.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from recordkit.nlp.analyte_patterns import names_pattern
from recordkit.nlp.rules import AnalyteRules
from recordkit.nlp.value_pairs import figures, shared_unit
from recordkit.nlp.value_search import DATE_LIKE
from recordkit.nlp.value_types import DATED_ROW, ValueMention
from recordkit.rule_cache import compiled
from recordkit.values import NUMBER, UnitReader, convert, to_number

_FIRST_ROWS = "as the first row"  # a list's unit is its first value's
_ROW_GAP = re.compile(r"[\s,;]*")  # between one dated value and the next date
_AFTER_DATE = re.compile(rf"[ \t]*[:=]?[ \t]*({NUMBER})")  # '14/12/2023  98%', '12/14/2023: 98%'
# 'n/n/n (A/B/C)': figures joined by slashes, then their names in brackets in the same order
_SLASHED = re.compile(
    rf"(?<![\d/.])((?:{NUMBER})(?:\s?/\s?(?:{NUMBER})){{1,5}})\s*[(（]([^()（）\n]{{3,60}})[)）]"
)
# 'WBC / ANC (PB) | 1.8 / 0.4': names joined by slashes, perhaps a bracket, then the figures
_PAIRED = re.compile(
    r"(?<![\w/])([^\W\d_][^\s/|:()（）]*(?:[ \t]?/[ \t]?[^\W\d_][^\s/|:()（）]*){1,3})"
    r"(?:[ \t]*[(（][^()（）\n]{1,24}[)）])?[ \t]*[|:=]?[ \t]*(?=\d)"
)
_RESULT_LABEL = re.compile(r"[^\W\d][^:：\n]{0,40}[:：]\s")  # 'Peripheral blood unfractionated: '
PRIOR_DATE_REACH = 16  # a trend's earlier value: its own date follows it this closely
NamesIn = Callable[[str, int, int], list[tuple[str, int, int, bool]]]


def date_ends_at(dates: list[tuple[int, int]], text: str, pos: int) -> bool:
    """True when a date ends right before `pos` (spaces or a colon between)."""
    return any(y <= pos and not text[y:pos].strip(" \t:=") for _, y in dates)


def owned_dates(
    text: str, end: int, dates: list[tuple[int, int]], start: int | None = None
) -> list[tuple[int, int]]:
    """The date spans an earlier value owns.

    Written in its cue ('Vorwert 06/2022: 100 %', from `start`) or following it closely.
    """
    return [
        (d0, d1)
        for d0, d1 in dates
        if (end <= d0 <= end + PRIOR_DATE_REACH and not re.search(r"[;,)]", text[end:d0]))
        or (start is not None and start <= d0 < end)
    ]


def without_dates(text: str, a: int, b: int, dates: list[tuple[int, int]]) -> str:
    """text[a:b] with its dates (the found spans, then any date-like number) blanked."""
    chars = list(text[a:b])
    for d0, d1 in dates:
        for i in range(max(a, d0), min(b, d1)):
            chars[i - a] = " "
    return DATE_LIKE.sub(" ", "".join(chars))


def part_words(labels: list[str], lineages: list[str]) -> str:
    """The words a part's label is made of: a specimen ('PB', 'BM') or a lineage ('CD3')."""
    return "|".join(f"(?:{w})" for w in [*labels, *lineages])


class DatedLists:
    """Reads dated-value lists with the analyte rules."""

    def __init__(self, rules: AnalyteRules, units: UnitReader, names_in: NamesIn) -> None:
        self.rules = rules
        self.units = units
        self.names_in = names_in
        self.others = names_pattern(rules.other_analytes) if rules.other_analytes else None
        self.parts = {a: self._parts_pattern(spec.part_labels) for a, spec in
                      rules.analytes.items() if spec.part_labels}  # fmt: skip

    def _parts_pattern(self, labels: list[str]) -> re.Pattern[str]:
        """', PB CD3 72%', ' and BM 89%': a list's next item, its label made of part words only.

        The value before it may name its side ('KM 100 % Spender, pB CD3+ 99 % Spender'), and
        a bracket may open the item ('99% donor (T-cell 96%)': the fraction beside the whole).
        A part word may carry its lineage's marker in brackets ('T-cell (CD3) 45%').
        """
        words = part_words(labels, self.rules.lineage_cues)
        lineages = "|".join(f"(?:{w})" for w in self.rules.lineage_cues) or r"(?!)"
        marker = rf"[ \t]*[(（][ \t]*(?:{lineages})[ \t+]*[)）]"  # 'T-cell (CD3)', 'myeloid (CD15)'
        joiners = "|".join(f"(?:{w})" for w in self.rules.list_joiners) or r"(?!)"
        side = "|".join(f"(?:{w})" for w in self.rules.donor_cues) or r"(?!)"
        return compiled(
            rf"(?:[ \t]*(?:{side})(?![^\W\d_]))?"
            rf"[ \t]*(?:[,;，；][ \t]*(?:(?:{joiners})[ \t]+)?|[ \t]+(?:{joiners})[ \t]+"
            rf"|[(（][ \t]*)"
            rf"(?P<label>(?:(?:{words})(?:{marker})?[ \t+-]*)+?)[ \t]*[:=]?[ \t]*(?P<num>{NUMBER})",
            re.I,
        )

    def labelled_parts(
        self, text: str, analyte: str, span: tuple[int, int]
    ) -> list[tuple[ValueMention, str]]:
        """The further values of a list of parts, each with its label: ', PB CD3 72%, BM 89%'.

        From `span`'s start (the end of the list's first value), each item whose label names
        only the analyte's `part_labels` (specimens) or lineages, followed by a value written
        in one of the analyte's units, is one value; the list ends at anything else.
        """
        rx, spec = self.parts.get(analyte), self.rules.analytes[analyte]
        pos, s1 = span
        out: list[tuple[ValueMention, str]] = []
        while rx is not None and (m := rx.match(text, pos, s1)):
            written, end = self.units.unit_at(text, m.end("num"))
            conv = convert(to_number(m.group("num")), written, analyte, spec)
            if written not in spec.units or conv.value is None:
                break
            out.append((ValueMention(spec.report_as or analyte, m.start("label"), end,
                                     conv.value, spec.unit, text[m.start("num") : end].strip(),
                                     (), None, written), m.group("label")))  # fmt: skip
            pos = end
        return out

    def captioned_rows(
        self, text: str, caption: str, sent: tuple[int, int], dates: list[tuple[int, int]]
    ) -> list[ValueMention]:
        """'MRD (flow)' over '14/12/2023  0.5%' lines: a caption naming one analyte, then a list.

        The caption must stand right above the sentence and the list hold two values or more.
        """
        s0, s1 = sent
        names = {a for a, *_ in self.names_in(caption, 0, len(caption))}
        if len(names) != 1 or text[max(0, s0 - len(caption) - 2) : s0].strip() != caption.strip():
            return []
        rows = self.dated_rows(text, names.pop(), _FIRST_ROWS, (s0, s1), dates)
        return rows if len(rows) >= 2 else []

    def heading_analyte(self, heading: str) -> str | None:
        """The one test a heading names ('CHIMERISM (STR-PCR)'), else None.

        The sentences under it that name none are its results.
        """
        names = {a for a, *_ in self.names_in(heading, 0, len(heading))}
        return names.pop() if len(names) == 1 else None

    @staticmethod
    def result_line(text: str, sent: tuple[int, int]) -> bool:
        """A labelled line, a result field rather than prose: 'Peripheral blood: donor 97%'."""
        s0, s1 = sent
        line_start = s0 == 0 or text[s0 - 1] == "\n"
        return line_start and bool(_RESULT_LABEL.match(text, s0, s1))

    def dated_rows(
        self,
        text: str,
        analyte: str,
        unit: str | None,
        span: tuple[int, int],
        dates: list[tuple[int, int]],
    ) -> list[ValueMention]:
        """'Donor chimerism: 12/14/2023 98%, 01/25/2024 97%': each value after its own date.

        From `span`'s start, each date followed by a value in `unit` (`_FIRST_ROWS`: the first
        value's) is one value of the list; the list ends at anything else.
        """
        spec = self.rules.analytes[analyte]
        pos, s1 = span
        out: list[ValueMention] = []
        while True:
            at = _ROW_GAP.match(text, pos, s1).end()
            date = next(((x, y) for x, y in dates if x == at and y <= s1), None)
            m = _AFTER_DATE.match(text, date[1], s1) if date else None
            if date is None or m is None:
                return out
            written, end = self.units.unit_at(text, m.end(1))
            conv = convert(to_number(m.group(1)), written, analyte, spec)
            unit = written if unit == _FIRST_ROWS else unit
            if written != unit or conv.value is None:
                return out
            out.append(ValueMention(spec.report_as or analyte, date[0], end, conv.value,
                                    spec.unit, text[m.start(1) : end].strip(), (DATED_ROW,),
                                    None, written))  # fmt: skip
            pos = end

    def slashed(
        self, text: str, span: tuple[int, int]
    ) -> list[tuple[tuple[int, int], ValueMention]]:
        """'2.1/95/32 (WBC/Hb/Plt)': as many figures as the bracket names analytes, in order.

        Each value is given with its figure's span; the mention spans the list and legend.
        Every slash-separated part of the bracket must be one analyte's name and no more, or a
        test recordkit does not report (`other_analytes`: 'Hct'), whose figure is skipped; the
        figures carry no unit, so each is read in its analyte's usual unit, doubted as such.
        """
        out: list[tuple[tuple[int, int], ValueMention]] = []
        for m in _SLASHED.finditer(text, *span):
            numbers = list(re.finditer(f"(?:{NUMBER})", m.group(1)))
            names = [self._named(part.strip()) for part in m.group(2).split("/")]
            if len(names) != len(numbers) or None in names or not any(names):
                continue
            for num, analyte in zip(numbers, names, strict=True):
                if not analyte:  # another test's figure
                    continue
                spec = self.rules.analytes[analyte]
                conv = convert(to_number(num.group(0)), None, analyte, spec)
                if conv.value is None:
                    continue
                flags = ("unit_assumed",) if conv.assumed_unit else ()
                at = (m.start(1) + num.start(), m.start(1) + num.end())
                out.append((at, ValueMention(spec.report_as or analyte, m.start(), m.end(),
                            conv.value, spec.unit, num.group(0), flags)))  # fmt: skip
        return out

    def paired(
        self, text: str, span: tuple[int, int]
    ) -> list[tuple[tuple[int, int], ValueMention]]:
        """'WBC / ANC | 1.8 / 0.4 x10^9/L', 'Hb / PLT 7.9 g/dL / 22': n-th figure to n-th name.

        Read as `value_pairs` says; a figure of a test recordkit does not report is skipped.
        """
        out: list[tuple[tuple[int, int], ValueMention]] = []
        for m in _PAIRED.finditer(text, *span):
            names = [self._named(part.strip()) for part in m.group(1).split("/")]
            if None in names or not any(names):
                continue
            figs = figures(self.units, text, m.end(), len(names), span[1])
            if figs is None:
                continue
            for k, (analyte, fig) in enumerate(zip(names, figs, strict=True)):
                if not analyte:
                    continue
                spec = self.rules.analytes[analyte]
                unit = shared_unit(self.rules, analyte, figs, k)
                a, b = fig.start, fig.end
                conv = convert(fig.number, unit, analyte, spec)
                if conv.value is None:
                    continue
                flags = ("unit_assumed",) if conv.assumed_unit else ()
                out.append(((a, b), ValueMention(spec.report_as or analyte, m.start(), b,
                            conv.value, spec.unit, text[a:b].strip(), flags,
                            source_unit=unit)))  # fmt: skip
        return out

    def _named(self, part: str) -> str | None:
        """The analyte `part` names with nothing else; "" for a test not reported; else None."""
        hits = {a for a, x, y, _ in self.names_in(part, 0, len(part)) if x == 0 and y == len(part)}
        if len(hits) == 1:
            return hits.pop()
        return "" if not hits and self.others and self.others.fullmatch(part) else None


__all__ = ["DatedLists", "date_ends_at", "owned_dates", "without_dates"]
