"""Lab values in a page's analysis text: analyte name + value (either order), units converted.

The value after a name is found by `value_search`; here it is judged in its context (a
reference range, peripheral-blood or flow blasts, a single STR locus, a cell count of CSF or
another body fluid are not results) and converted: a unit that does not fit the analyte gives
value null with an error, a percentage is never an absolute count, and a chimerism written as
the recipient's share becomes 100 - x (flag `derived`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from recordkit.nlp.analyte_patterns import (
    classified_negative,
    cue_patterns,
    inside_other,
    names_pattern,
)
from recordkit.nlp.disease_burden import DiseaseBurdens
from recordkit.nlp.label_values import after_label
from recordkit.nlp.ocr_names import OCR_NAME, Name, OcrNames
from recordkit.nlp.rules import Analyte, AnalyteRules
from recordkit.nlp.value_context import ValueContext
from recordkit.nlp.value_lists import DatedLists, date_ends_at
from recordkit.nlp.value_search import Hit, ValueSearch
from recordkit.nlp.value_trends import Trends
from recordkit.nlp.value_types import (
    DATED_ROW,
    MIXED_SPECIMEN,
    PER_MICROLITRE,
    SORTED_FRACTION,
    Drop,
    DroppedValue,
    ValueMention,
    of_fraction,
    unit_either,
)
from recordkit.rule_cache import per_rule_set
from recordkit.values import convert, either_unit, page_bare_unit

# another percentage later on the line, in no later clause: '36% donor. PB CD3: 88% donor.'
_PERCENT_LATER = re.compile(r"(?:[^\n.;,]|[.,](?=\d))*?\d\s*%")
# a bracket right after a result qualifies it: '(MR4.5)', '(sensitivity 0.001%)'
_QUALIFIER = re.compile(r"\s*\([^()\n]{1,40}\)")

__all__ = [
    "DATED_ROW",
    "PER_MICROLITRE",
    "SORTED_FRACTION",
    "Drop",
    "DroppedValue",
    "MeasurementFinder",
    "ValueMention",
    "finder_for",
    "names_pattern",
    "of_fraction",
    "unit_either",
]


def _keep(
    v: ValueMention | None,
    found: list[ValueMention],
    used: list[tuple[int, int]],
    span: tuple[int, int] | None = None,
) -> bool:
    """Add `v` unless its span (`span`, else its own) overlaps a value already kept."""
    if v is None:
        return False
    a, b = span or (v.start, v.end)
    if any(not (b <= x or a >= y) for x, y in used):
        return False
    used.append((a, b))
    found.append(v)
    return True


class SentenceHead(NamedTuple):
    """What stands above a sentence: the page's head and nearest heading, and its specimen's."""

    page: str  # the page's head with the nearest heading: what a value's context may name
    marrow: str  # the report's head line that names its specimen, with the nearest heading


class MeasurementFinder:
    """Finds analyte values; reference ranges, thresholds and non-marrow blasts are skipped."""

    def __init__(self, rules: AnalyteRules, scanned: bool = False) -> None:
        """`scanned`: for OCR pages, where long names are also read through OCR confusions."""
        self.rules = rules
        self.search = ValueSearch(rules)
        self.ctx = ValueContext(rules)
        self.lists = DatedLists(rules, self.search.units, self._names_in)
        self.ocr_names = OcrNames(rules) if scanned else None  # a scan's misread names
        self.on_scans = self if scanned else MeasurementFinder(rules, scanned=True)
        self.trends = Trends(rules, self.search.any_name)
        self.burdens = DiseaseBurdens(rules)
        self.context_needs = cue_patterns(rules, "context_needs")
        self.absolute = cue_patterns(rules, "absolute_cues")
        self.negative_needs = cue_patterns(rules, "negative_needs")
        self.genetics = cue_patterns(rules, "negative_genetics")

    def _names_in(self, text: str, s0: int, s1: int) -> list[Name]:
        """Analyte names in a sentence; on a scan long names also through OCR confusions.

        A name inside another analyte's longer name is part of that name, no name of its own:
        '0.012% of CD45+ leukocytes' names flow MRD's denominator, not a white cell count.
        """
        out = [
            (a, m.start(), m.end(), False) for a, rx in self.search.names.items()
            for m in rx.finditer(text, s0, s1)
        ]  # fmt: skip
        rx, tests = self.search.others, []  # another test's longer name: 'MPV' is no count
        tests = [("", *m.span(), False) for m in rx.finditer(text, s0, s1)] if rx else tests
        out = [n for n in out if not inside_other(n, out + tests)]
        if self.ocr_names is not None:  # 'piatetet', 'Leucécitos'
            out += self.ocr_names.found(text, s0, s1, out)
        order = list(self.search.names)
        return sorted(out, key=lambda t: (order.index(t[0]), t[1]))

    def find(
        self,
        text: str,
        sentence_spans: list[tuple[int, int]],
        page_head: str,
        masked: list[tuple[int, int]],
        dropped: list[DroppedValue] | None = None,
        headings: tuple[tuple[int, str], ...] = (),
        heads: tuple[tuple[int, str], ...] = (),
    ) -> list[ValueMention]:
        """All values in the text; `masked` are date spans the search steps over.

        `headings` are the page's headings (offset, text): a sentence's nearest heading above
        it says what specimen it reports, as the page's head does ('BONE MARROW, ASPIRATE:').
        `heads` are the report's head lines (`report_heads`): the last one above a sentence
        that names a specimen says whether it is of marrow; where none does, `page_head` does.
        Values found after a name but rejected are appended to `dropped` with the reason.
        """
        found: list[ValueMention] = []
        used: list[tuple[int, int]] = []
        bare_units = {a: page_bare_unit(spec, text) for a, spec in self.rules.analytes.items()}
        last: tuple[str, int] | None = None  # the analyte and end of a sentence's last value
        for s0, s1 in sentence_spans:
            prev, last = last, None
            above = [h for start, h in headings if start < s0]
            nearest = above[-1] if above else ""
            own = self.ctx.specimen_head(heads, s0) or page_head  # the report's, else the page's
            head = SentenceHead(f"{page_head}\n{nearest}", f"{own}\n{nearest}")
            for at, v in [*self.lists.slashed(text, (s0, s1)), *self.lists.paired(text, (s0, s1))]:
                _keep(v, found, used, at)
            names, named_values = self._names_in(text, s0, s1), len(found)
            for analyte, a, b, blurred in names:
                hit, mention, why = self._mention(
                    text, analyte, (a, b), (s0, s1), head, masked, bare_units[analyte]
                )
                if hit is not None and mention is None and dropped is not None:
                    raw = text[hit.start : hit.end].strip()
                    dropped.append(DroppedValue(analyte, hit.start, hit.end, raw, why))
                if hit is None and not self.rules.analytes[analyte].requires_marrow:
                    # 'mixed chimerism, falling from 99.0 % on 2023-12-01 (to 92 % on DATE)'
                    self._trend_only(text, analyte, (b, s1), masked, (found, used))
                if hit is None or mention is None:
                    continue
                if blurred:
                    mention = replace(mention, flags=(*mention.flags, OCR_NAME))
                if analyte == "donor_share":
                    mention = replace(mention, flags=(*mention.flags, "donor_share"))
                if not _keep(mention, found, used, (hit.start, hit.end)):
                    continue
                last = (analyte, hit.end)
                _keep(self.trends.earlier_value(text, mention, hit.end, s1, masked), found, used)
                for later in self.trends.later_values(text, mention, hit.end, s1, masked):
                    if not _keep(self.trends.same_quantity(text, mention, later), found, used):
                        break
                for part, label in self.lists.labelled_parts(text, analyte, (hit.end, s1)):
                    _keep(self.ctx.of_fraction(part, self.ctx.fraction(label)), found, used)
                if date_ends_at(masked, text, hit.start):
                    rows = self.lists.dated_rows(text, analyte, hit.unit, (hit.end, s1), masked)
                    if rows:
                        found[found.index(mention)] = replace(
                            mention, flags=(*mention.flags, DATED_ROW)
                        )
                    for row in rows:
                        _keep(row, found, used)
            told = (above[-1] if above else "", prev)
            # '8 x 10^-3 -> MRD high risk' under an MRD caption: the line's own name reads no value
            if not names or (
                len(found) == named_values
                and {n[0] for n in names} == {self.lists.heading_analyte(told[0])}
            ):
                self._unnamed(text, told, (s0, s1), (head, masked), (found, used))
        found = [self.trends.mark_baseline(text, v) for v in found]
        return sorted(self._overall_shares(text, found), key=lambda v: (v.start, v.analyte))

    def _trend_only(
        self,
        text: str,
        analyte: str,
        span: tuple[int, int],
        masked: list[tuple[int, int]],
        kept: tuple[list[ValueMention], list[tuple[int, int]]],
    ) -> None:
        """A name whose words give only a trend: its earlier dated value, then its later one.

        'MRD rose from 0.02% on DATE to 1.8% on DATE': the name's search stops at the trend's
        cue; both values are read, each with its own date.
        """
        b, s1 = span
        prior = self.trends.value(text, analyte, None, b, s1, masked)
        if prior is not None and _keep(prior, *kept):
            unit = prior.source_unit
            _keep(self.trends.value(text, analyte, unit, prior.end, s1, masked, True), *kept)

    def _unnamed(
        self,
        text: str,
        told: tuple[str, tuple[str, int] | None],
        sent: tuple[int, int],
        seen: tuple[SentenceHead, list[tuple[int, int]]],
        kept: tuple[list[ValueMention], list[tuple[int, int]]],
    ) -> None:
        """A sentence naming no analyte, read for its heading's or its line's earlier analyte.

        `told`: the heading ('CHIMERISM' over 'PB: donor 97%') and the value before it on the
        line ('NPM1mut/ABL1: 0.021 %. Compared with the pre-transplant value of 2.4 % (DATE)').
        """
        (head, masked), (s0, s1), prev = seen, sent, told[1]
        follows = prev[0] if prev and "\n" not in text[prev[1] : s0] else None
        for row in self.lists.captioned_rows(text, told[0], sent, masked):
            _keep(row, *kept)
        under = self.lists.heading_analyte(told[0])
        if trend := follows or under:  # an earlier value of the trend, dated in its own words
            _keep(self.trends.value(text, trend, None, s0, s1, masked), *kept)
        if under and self.lists.result_line(text, sent):
            _, mention, _ = self._mention(text, under, (s0, s0), sent, head, masked)
            if mention is not None and mention.error is None:  # inferred: plausible only
                _keep(mention, *kept)

    def _overall_shares(self, text: str, found: list[ValueMention]) -> list[ValueMention]:
        """`found` without the lineage fractions read only by their '% donor' (CD3+ T cells).

        Beside an unfractionated (whole-blood) value the overall chimerism is that value; a
        lineage fraction alone on the page is kept. A '% donor' with more percentages after it
        on its line heads a column ('Collected  1% donor  08-DEC-2021  99.1%'): no value; one
        whose clause ends before them is a value ('BM unfractionated: 41% donor. PB CD3: ...').
        """
        heads = [v for v in found if "donor_share" in v.flags and _PERCENT_LATER.match(text, v.end)]
        found = [v for v in found if v not in heads]  # '% donor' over a column of values
        shares = [v for v in found if "donor_share" in v.flags]
        lineage = [v for v in shares if self.ctx.lineage_row(text, v.start)]
        if not lineage or len(lineage) == len(shares):
            return found
        return [v for v in found if v not in lineage]

    def _mention(
        self,
        text: str,
        analyte: str,
        name: tuple[int, int],
        sent: tuple[int, int],
        head: SentenceHead,
        masked: list[tuple[int, int]],
        bare_unit: str | None = None,
    ) -> tuple[Hit | None, ValueMention | None, str]:
        spec = self.rules.analytes[analyte]
        (a, b), (s0, s1) = name, sent
        # '3% blasts, cellularity 40%': a percentage written just before the name is its value
        hit = (
            self.search.backward(text, analyte, s0, a)
            or self.search.forward(text, analyte, spec, b, s1, masked)
            or after_label(self.search, self.rules, text, analyte, spec, (b, s1), masked)
        )
        if hit is None:
            return None, None, "no value after the name"
        if self.ctx.in_reference(text, b, hit.start, hit.end):
            return hit, None, Drop.REFERENCE
        if self.ctx.hypothetical(text, s0, min(a, hit.start)):
            return hit, None, Drop.HYPOTHETICAL
        if self.ctx.in_series(text, s0, hit.start):
            return hit, None, Drop.SERIES  # '定期复查MRD均阴性': no one test's result
        if spec.absolute_count and self.ctx.other_specimen(text, s0, a, hit.unit):
            return hit, None, Drop.NOT_BLOOD
        context = self.context_needs.get(analyte)
        if context and not (context.search(text, s0, s1) or context.search(head.page)):
            return hit, None, Drop.NO_CONTEXT
        if self.burdens.of_disease(analyte, text, sent, (hit.start, hit.number), head.page):
            return hit, None, Drop.DISEASE_BURDEN  # a diagnostic marrow's flow blasts: no MRD
        needs = self.negative_needs.get(analyte)
        qualified = _QUALIFIER.match(text, hit.end)
        told = qualified.end() if qualified else hit.end
        genetics = self.genetics.get(analyte)
        unmeasured = needs is not None and not needs.search(text, a, told)
        diagnostic = (genetics is not None and genetics.search(text, s0, a)) or classified_negative(
            self.rules, analyte, text[a:b], text
        )  # 'Cytogenetics: ...'; a 'Ph negative' page
        if "negative" in hit.flags and (unmeasured or diagnostic):
            return hit, None, Drop.NOT_MRD  # 'BCR-ABL1 not detected' at diagnosis is genetics
        if self.search.other_measure(text, name, hit.end, analyte):
            return hit, None, Drop.SHARE_OF_OTHER  # '88% of nuclei' by FISH
        if "negative" in hit.flags and self.ctx.unreached(text, s0, a, hit.end):
            return hit, None, Drop.UNREACHED  # '未能达到MRD阴性': positive, its level unknown
        if spec.requires_marrow:
            lo, hi = min(a, hit.start), max(b, hit.end)
            if self.ctx.blasts_in_blood(text, s0, s1, lo, hi):
                return hit, None, Drop.IN_BLOOD
            if self.ctx.blasts_not_marrow(text, s0, s1, lo, hi):
                return hit, None, Drop.NOT_MARROW
            if self.ctx.blasts_stained(text, s0, s1, lo, hi):
                return hit, None, Drop.STAINED
            if not self.ctx.marrow_context(text[s0:s1], head.marrow):
                return hit, None, Drop.NO_MARROW_CONTEXT
        flags = hit.flags
        own = (min(a, hit.start), max(b, hit.end))
        if spec.requires_marrow and self.ctx.both_specimens(text, s0, s1, *own):
            flags = (*flags, MIXED_SPECIMEN)  # 'Peripheral blood and bone marrow: blasts 40%'
        value, error, assumed, either = self._value(hit, analyte, spec, bare_unit)
        flags = (*flags, *either)
        if assumed == "/uL" and self._may_be_share(analyte, text[max(s0, a - 5) : b], hit.number):
            return hit, None, Drop.SHARE  # 'Differential: Neutrophils 62, Lymphocytes 30'
        if (spec.report_as or analyte) == "chimerism":
            if self.ctx.single_locus(text, min(a, hit.start), hit.start):
                return hit, None, Drop.SINGLE_LOCUS
            if value is not None and self.ctx.recipient_share(text, a, hit.start, hit.end, s1):
                value, flags = round(100 - value, 6), (*flags, "derived")
        if value is None and error is None:
            return hit, None, "no value"
        if "unit_assumed" not in flags and hit.unit is None and not spec.unit.startswith("%"):
            flags = (*flags, "unit_assumed")
        if hit.unit is None and assumed == "/uL":
            flags = (*flags, PER_MICROLITRE)
        mention = ValueMention(
            spec.report_as or analyte,
            min(a, hit.start),
            max(b, hit.end),
            value,
            spec.unit,
            text[hit.start : hit.end].strip(),
            flags,
            error,
            hit.unit,
        )
        fraction = self.ctx.fraction_before(text, s0, hit.start, min(a, hit.start))
        return hit, self.ctx.of_fraction(mention, fraction), ""

    def _may_be_share(self, analyte: str, name: str, number: float) -> bool:
        """True when a bare count up to 100 may be a differential's share.

        The name (with the word before it, 'abs.') names no absolute count.
        """
        absolute = self.absolute.get(analyte)
        return absolute is not None and number <= 100 and not absolute.search(name)

    def _value(
        self, hit: Hit, analyte: str, spec: Analyte, bare_unit: str | None
    ) -> tuple[float | None, str | None, str | None, tuple[str, ...]]:
        """The value, an error, the unit assumed for a bare number and its unit doubt flags.

        `bare_unit` is the unit the page says its bare small values are in, if it says.
        """
        if {"negative", "below_detection"} & set(hit.flags):
            return 0.0, None, None, ()
        conv, either = either_unit(
            hit.number, convert(hit.number, hit.unit, analyte, spec), spec, bare_unit
        )
        return conv.value, conv.error, conv.assumed_unit, (*either, *conv.flags)


finder_for = per_rule_set(MeasurementFinder)  # its patterns compiled once a process, not a case
