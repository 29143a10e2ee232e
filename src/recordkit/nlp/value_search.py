"""The value search after an analyte's name (or the percentage before it).

After the name the search steps over dates, day numbers (+14, day 28), numbers that are part
of a token (CD34, NPM1), qualifiers ('500-cell'), numbers of another quantity (a dose, a
duration) and a unit's power of ten ('WBC 10^3/uL 4.4'); it stops at another analyte's name, a
stop word ('engraftment') or a threshold sign ('ANC >0.5'). A value may carry flags (H, L, *)
before its unit, which in a table row may come after the other columns' values.
"""

from __future__ import annotations

import re
from dataclasses import replace

from recordkit.nlp.analyte_patterns import (
    SHARE_OF,
    analyte_names,
    method_before,
    names_pattern,
    reference_bracket,
    words_pattern,
)
from recordkit.nlp.cell_repairs import Repair, point_after_zero
from recordkit.nlp.rules import Analyte, AnalyteRules
from recordkit.nlp.text import LEADER
from recordkit.nlp.value_before import PercentBefore
from recordkit.nlp.value_types import APPROXIMATE, AT_LIMIT, Hit
from recordkit.rule_cache import compiled
from recordkit.values import (
    NUMBER,
    UnitReader,
    grouped_count,
    lakh_letter,
    read_number,
    scientific,
    spaced_count,
)

DATE_LIKE = re.compile(
    r"\d{1,4}\s?([./-])\s?(?:\d{1,2}|[A-Za-z]{3,9})\s?\1\s?\d{2,4}(?![\d.,]\d)"
    r"|\d{4}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?|\d{1,2}:\d{2}"
)
_BRACKET_RANGE = re.compile(  # '(150-400)', '[130-170 g/L]' after a name: its reference
    r"[(\[]\s*\d[\d.,]*\s*(?:[-–~]|to)\s*\d[\d.,]*\s*[^()\[\]\d]{0,12}[)\]]"
)
_DAY_BEFORE = re.compile(r"(?:[+＋]|\b(?:day|d|Tag|D|J|d[íi]a)\s*[+＋-]?\s*|第\s*)$", re.I)
_TOKEN = re.compile(r"[A-Za-z]+(?:[\d]+[A-Za-z+#]*)*[+]?")
_REMISSION = re.compile(
    r"\s*(?:(?:complete|haematological|hematological|morphologic\w*)\s+)?"
    r"(?:remission|CRi?\b|CR\d?\b)",
    re.I,
)
# 'Neut (%)': a unit in brackets after the name; 'Hb, g/l': after a comma (indicator, unit)
_LEAD_OPEN = re.compile(r"[ \t]*(?:[(\[]|,(?=[ \t]*\S))?[ \t]*")
_LEAD_CLOSE = re.compile(r"[ \t]*[)\]]")
_ASIDE = re.compile(r"[(\[][^\W\d_]*(?:[ \t]+[^\W\d_]+){0,3}[ \t:]*")  # '(aspirated ', '(sample: '

_VALUE_NEXT = re.compile(r"[ \t]*[:=]?[ \t]*\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_POWER_OF_TEN = re.compile(  # 'WBC 10^3/uL 4.4', 'ANC (10^3 cells/uL)': a unit's factor
    r"[xX×*]?\s*10\s*(?:(?:\^|\*{1,2}|[eE])\s*\+?(?:3|4|5|6|9|12)|[³⁴⁵⁶⁹]|¹²)(?![\d.,]?\d)"
)
_NEXT_CELL = re.compile(r"[ \t]*(?:\||\t)[ \t|]*")  # a table row's cell border
_ROW_FILL = re.compile(
    r"(?:[ \t|]*(?:\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?\*{0,2}"
    r"|\(?[HL↑↓]{1,2}\)?|\*{1,2}))*"
)


def _dated_aside(text: str, i: int, masked: list[tuple[int, int]]) -> int | None:
    """Where a bracket opened at `i` closes when it only dates the sample, else None.

    'MRD in the bone marrow (aspirated DATE) was 0.02%': a few words and a date, no figure
    of its own; like a date alone, the bracket is no gap between a name and its value.
    """
    m = _ASIDE.match(text, i)
    if m is None:
        return None
    date = next(((x, y) for x, y in masked if m.end() <= x < y <= m.end() + 40), None)
    if date is None or date[0] != m.end():
        return None
    close = _LEAD_CLOSE.match(text, date[1])
    return close.end() if close else None


GO_ON = Hit(-1, -1, 0.0, None)  # a word the value search steps over


class ValueSearch:
    """Finds the value that belongs to an analyte name, with the rules' cues compiled once."""

    def __init__(self, rules: AnalyteRules) -> None:
        self.rules = rules
        self.units = UnitReader(rules)
        self.names = analyte_names(rules)
        self.any_name = names_pattern([n for s in rules.analytes.values() for n in s.names])
        self.others = names_pattern(rules.other_analytes) if rules.other_analytes else None
        stops = rules.stop_words + rules.prior_value_cues + rules.assay_cues  # 'LOD 0.01%'
        self.stops = {  # a trend's earlier value ('down from 45%') is not the one sought
            a: words_pattern(stops + spec.stop_words) for a, spec in rules.analytes.items()
        }
        self.own_stops = {a: words_pattern(s.stop_words) for a, s in rules.analytes.items()
                          if s.stop_words}  # fmt: skip
        signs = sorted(rules.threshold_signs, key=len, reverse=True)
        self.threshold = compiled(r"(?:" + "|".join(map(re.escape, signs)) + r")\s*(?=\d)", re.I)
        below = sorted(rules.below_signs, key=len, reverse=True)
        self.below = compiled(r"(?:" + "|".join(map(re.escape, below)) + r")\s*(?=\d)", re.I)
        self.negative = words_pattern([re.escape(w) for w in rules.negative_words])
        approx = "|".join(map(re.escape, sorted(rules.approximate_signs, key=len, reverse=True)))
        self.approx = compiled(rf"(?<![\w.])(?:{approx or '(?!)'})\s*$", re.I)  # '~35%'
        joiners = "|".join(re.escape(w) for w in rules.method_joiners) or r"(?!)"
        self.assay_result = compiled(  # ' by flow (<0.01%)': the assay's own result
            rf"\s*(?:(?:{joiners})\s+(?:[^\W\d_][\w-]*\s*){{1,3}})?[(\[]\s*{self.below.pattern}",
            re.I,
        )
        prior = "|".join(f"(?:{c})" for c in rules.prior_value_cues) or r"(?!)"
        negatives = "|".join(re.escape(w) for w in rules.negative_words) or r"(?!)"
        # 'from 45% to 12%', 'from undetectable to 0.9%': the later value is the one now
        self.from_to = compiled(
            rf"(?:{prior}|from)\s*(?:(?:{NUMBER})\s*%?|(?:{negatives})(?![A-Za-z]))\s*"
            rf"(?:to|→|->)\s*(?=\d)",
            re.I,
        )
        counts = "|".join(rules.count_words) or r"(?!)"
        self.counted = compiled(rf"(?<![A-Za-z])(?:{counts})\s*(?:no\.?\s*)?$", re.I)
        markers = "|".join(rules.marker_names) or r"(?!)"
        self.marker_before = compiled(rf"(?<![A-Za-z])(?:{markers})[\s-]*$")
        self.method_before = method_before(rules.list_joiners)
        self.reference_bracket = reference_bracket(rules.reference_cues)
        before = PercentBefore(rules, self.names, self.below).find  # '~30% blasts' too
        self.backward = lambda text, *at: self._approximate(text, before(text, *at))

    def forward(
        self,
        text: str,
        analyte: str,
        spec: Analyte,
        pos: int,
        limit: int,
        masked: list[tuple[int, int]],
    ) -> Hit | None:
        """The value after the name ending at `pos`, within the analyte's gap and the sentence."""
        end = min(limit, pos + spec.max_gap)
        lead_unit, i = self.lead_unit(text, pos, spec)
        sign_at = i
        below: str | None = None  # the below sign written before the value, if any
        while i < end:
            span = next(((x, y) for x, y in masked if x <= i < y), None)
            if span:  # a masked date ('sample taken on DATE was 0.04%') is no gap
                end = min(limit, end + span[1] - i)
                i = span[1]
                continue
            ch = text[i]
            if ch in ".…·" and (lead := LEADER.match(text, i)):
                end, i = min(limit, end + lead.end() - i), lead.end()  # 'Blasts ..... 62 %'
                continue
            boundary = i == 0 or not (text[i - 1].isascii() and text[i - 1].isalnum())
            if ch in ";。" or (ch == "\n" and text[i + 1 : i + 2] == "\n"):
                return None
            if ch.isalpha() and boundary and (trend := self.from_to.match(text, i)):
                # a trend's earlier value is stepped over to its current one, and is no gap:
                # 'transcripts rising from undetectable to 0.9%' is as near as 'rose to 0.9%'
                end, i = min(limit, end + trend.end() - i), trend.end()
                continue
            if ch.isalpha() and (boundary or not ch.isascii()):
                word = self._word(text, i, pos, analyte, spec)
                if word is not GO_ON:
                    return word
            if ch in "([" and (aside := _dated_aside(text, i, masked)):
                end, i = min(limit, end + aside - i), aside  # '(aspirated DATE)': no gap
                continue
            if ch in "([" and (ref := _BRACKET_RANGE.match(text, i)):
                i = ref.end()  # 'Platelets (150-400): 35': the range is the reference
                continue
            if ch in "([" and (ref := self.reference_bracket.match(text, i)):
                # 'WBC (normal <11 x10^9/L): 3.2': a stated reference is no gap either
                end, i = min(limit, end + ref.end() - i), ref.end()
                continue
            if self.threshold.match(text, i):
                return None
            if boundary and (power := _POWER_OF_TEN.match(text, i)):
                i = power.end()  # a header's unit: its power of ten is never the value
                continue
            bm = self.below.match(text, i)
            if bm:
                below, sign_at, i = bm.group(0).strip().lower(), i, bm.end()
                continue
            if ch.isascii() and ch.isalpha():
                unit, u_end = self.units.unit_at(text, i) if boundary else (None, i)
                m = _TOKEN.match(text, i)
                i = u_end if unit else m.end() if m else i + 1  # a unit's digits are no value
                continue
            if ch.isdigit():
                date = DATE_LIKE.match(text, i)
                if date and boundary:
                    i = date.end()
                    continue
                hit, i = self._number(text, i, spec, below, lead_unit)
                if hit is not None and below:
                    neg = self.negative.search(text, hit.end, min(len(text), hit.end + 14))
                    extra = ("negative",) if neg else ()
                    return Hit(sign_at, hit.end, hit.number, hit.unit, (*hit.flags, *extra))
                if hit is not None:
                    return hit
                if below:
                    return None
                continue
            i += 1
        return None

    def other_measure(self, text: str, name: tuple[int, int], end: int, analyte: str) -> bool:
        """True when the analyte's stop words name what the value ending at `end` measures.

        Before the name as its method ('FISH for BCR::ABL1: 88%', 'FISH: BCR::ABL1 fusion
        detected in 40%') or as what the value is a share of ('BCR::ABL1 positive in 88% of
        interphase nuclei', '40% of 200 nuclei'): an interphase FISH count, the disease's
        burden, never the transcript level.
        """
        own = self.own_stops.get(analyte)
        if own is None:
            return False
        method = self.method_before.search(text, max(0, name[0] - 40), name[0])
        tail = SHARE_OF.match(text, end)
        if method and own.fullmatch(method.group(1)):
            return True
        return bool(tail and own.search(tail.group(1)))

    def _word(self, text: str, i: int, pos: int, analyte: str, spec: Analyte) -> Hit | None:
        """What a word means to the value search.

        Another analyte's name or a stop word ends it (None); a negative word is the value
        where the analyte allows it; any other word is stepped over (GO_ON).
        """
        if i > pos and self.any_name.match(text, i) and not self.names[analyte].match(text, i):
            return None
        if i > pos and self._other_valued(text, i):
            return None  # 'WCC rising, LDH 612': the figure is the nearer name's, LDH's
        if self.stops[analyte].match(text, i):
            return None
        neg = self.negative.match(text, i)
        if not neg or self.marker_before.search(text, max(pos, i - 12), i):
            return GO_ON  # 'MRD阳性（CD19阴性）': the antigen is negative, not the MRD
        depth = _REMISSION.match(text, neg.end()) if i == pos + 1 and text[pos] == "-" else None
        if depth and not (
            spec.below_detection_is_zero and self.assay_result.match(text, depth.end())
        ):
            return None  # 'MRD-negative complete remission' names the remission's depth
        if spec.below_detection_is_zero:
            return Hit(i, neg.end(), 0.0, "%", ("negative",))
        return None

    def _other_valued(self, text: str, i: int) -> bool:
        """True when a test recordkit does not report is named at `i` with its own value.

        `other_analytes` ('LDH 612', 'CRP: 45'): a value belongs to the nearest name before
        it, so the search for an earlier name's value ends there; a unit ('K/uL') is no name.
        """
        other = self.others.match(text, i) if self.others else None
        if other is None or self.units.unit_at(text, i)[0] is not None:
            return False
        return _VALUE_NEXT.match(text, other.end()) is not None

    def lead_unit(self, text: str, pos: int, spec: Analyte) -> tuple[str | None, int]:
        """The unit a label writes after the name ('Neut (%)', 'Plt (×10^9/L)', 'Hb, g/l 98').

        'WBC 10^3/uL 4.4' too. The unit and its end; None and `pos` when there is none.
        Unbracketed, a unit other than % must be followed by the value.

        It is one of the analyte's units, or a % that makes a count's value a differential's
        share; 'Hb%' (haemoglobin in g%) names no unit of its own.
        """
        m = _LEAD_OPEN.match(text, pos)
        if m is None:
            return None, pos
        unit, end = self.units.unit_at(text, m.end())
        if unit is None or not (unit in spec.units or (unit == "%" and spec.absolute_count)):
            return None, pos
        if m.group(0).strip() not in ("", ","):  # a bracket: the unit must fill it
            close = _LEAD_CLOSE.match(text, end)
            return (unit, close.end()) if close else (None, pos)
        if unit == "%" or _VALUE_NEXT.match(text, end):  # 'WBC 10^3/uL 4.4': a header's unit
            return unit, end
        return None, pos

    def _number(
        self, text: str, i: int, spec: Analyte, below: str | None, lead_unit: str | None = None
    ) -> tuple[Hit | None, int]:
        """The value starting at `i`, or None and where to go on looking.

        A unit the label wrote after the name (`lead_unit`) is the value's when it has none.
        """
        day = _DAY_BEFORE.search(text[max(0, i - 6) : i])
        day = day or self.counted.search(text, max(0, i - 16), i)  # 'post-course 2 marrow'
        sci = scientific(text, i) if "%" in spec.units else None
        if sci:
            number, j = sci
        else:
            got = spaced_count(text, i, self.units) or read_number(text, i)
            if got is None:
                return None, i + 1
            number, j = got
        if day and not below:
            return None, j
        if re.match(r"\s*(?:[-–~]|to\b)\s*\d", text[j : j + 6]):
            return None, len(text)  # a range where the value would be: a reference statement
        flags, k = self.units.flags_at(text, j)
        if not sci and (zero_led := point_after_zero(text[i:j])) is not None:
            number, flags = zero_led, (*flags, Repair.ZERO_POINT)  # '09%': a point lost, 0.9 %
        unit, u_end = self.units.unit_at(text, k)
        if unit is None and (foreign := self.units.foreign_end(text, j)) is not None:
            return None, foreign  # '1.2 x 10^-4', '5 x 10^6/kg': the whole quantity is stepped over
        if unit is None and lead_unit is not None:
            unit, u_end = lead_unit, k
        number = grouped_count(number, text[i:j], unit)  # '3.400/µl': grouped, not decimal
        if sci and unit is None:
            number, unit, u_end = number * 100, "%", k  # a fraction: 7.1E-04 = 0.071 %
        if unit is None and _YEAR.fullmatch(text, i, j):
            return None, len(text)  # "above the ELN 2021 0.1% threshold": a year is no value
        if unit is None:
            row_unit = self._row_unit(text, k)
            if row_unit == "%" and spec.absolute_count:
                return None, k  # 'Neutrophils | 34 | % | 40-80': a differential's percentage
            unit = row_unit if row_unit in spec.units else None
            u_end = k
        if (lakh_end := lakh_letter(text, (i, j), number, unit, spec, self.units)) is not None:
            unit, u_end, flags = "lakh/uL", lakh_end, tuple(f for f in flags if f != "L")
        if unit == "%" and spec.absolute_count:
            return None, u_end
        if spec.unit.startswith("%") and unit not in spec.units:
            return None, len(text)  # a % analyte needs a %: '98' alone is not read
        if below:
            if not spec.below_detection_is_zero and not self._at_limit(below, unit, spec):
                return None, len(text)
            flags = (*flags, "below_detection" if spec.below_detection_is_zero else AT_LIMIT)
        return self._approximate(text, Hit(i, u_end, number, unit, flags)), u_end

    def _approximate(self, text: str, hit: Hit | None) -> Hit | None:
        """`hit`, flagged approximate when a sign before it says so ('~35% blasts')."""
        if hit is None or not self.approx.search(text, max(0, hit.start - 16), hit.start):
            return hit
        return replace(hit, flags=(*hit.flags, APPROXIMATE))  # an estimate, no count of its own

    def _at_limit(self, sign: str, unit: str | None, spec: Analyte) -> bool:
        """A count written under its lab's reporting limit ('Neuts <0.1 x10^9/L'): the limit.

        Only a sign a lab prints before its limit, and a unit of the count: a threshold in a
        sentence ('transfuse if plt < 10') has none.
        """
        return spec.absolute_count and sign in self.rules.limit_signs and unit in spec.units

    def _row_unit(self, text: str, pos: int) -> str | None:
        """The unit later on a table row ('39.5* 7.7 7.2 x10^9/L'), else None."""
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        m = _ROW_FILL.match(text, pos, min(line_end, pos + 40))
        if not m or m.end() == pos:
            m = _NEXT_CELL.match(text, pos, line_end)  # 'Neutrophils | 34 | %': the unit cell
        if not m or m.end() == pos:
            return None
        unit, _ = self.units.unit_at(text, m.end())
        return unit


__all__ = ["DATE_LIKE", "GO_ON", "Hit", "ValueSearch"]
