"""Context checks around a value found after an analyte name.

Which values are not results although they follow an analyte's name: reference ranges,
peripheral-blood or flow-cytometry blasts, a single STR locus; and which chimerism values are
written as the recipient's share.
"""

from __future__ import annotations

import re

from recordkit.nlp.analyte_patterns import reference_bracket
from recordkit.nlp.rules import AnalyteRules, TableRole
from recordkit.nlp.value_clauses import (
    clause_start,
    result_clause_end,
    result_clause_start,
)
from recordkit.nlp.value_types import ValueMention, of_fraction
from recordkit.rule_cache import compiled

_DATE_END = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{2,4}$")  # '01/09/2022 - 87%' is no range
_LABEL_MARKS = " \t|:=([{"  # around a row label: a table's rule, a colon, an opening bracket
_CELL_GAP = re.compile(r"\s{2,}|\t|\|")
_PERCENT = re.compile(r"\d\s*[%％]")  # a percentage: a value's end
FRACTION_CHARS = 32  # a label longer than this is a sentence: the lineage word names the fraction
_BRACKET = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_LINE_LEAD = " \t|*-•·>#0123456789.)"  # a line's bullet, number or table rule before its label
# a field opened inside a line: after a sentence's full stop or a form line's wide gap
_FIELD_OPEN = re.compile(r"\.\s+|[ \t]{2,}")
_FIELD_LABEL = re.compile(r"[^:：;\n]{1,40}?[:：]")  # 'Peripheral blood (same day):'
# a line's opening label: its words up to a colon or a dash, no clause or sentence before it
_LINE_LABEL = re.compile(r"(?:[^:：;,.\n]|\.(?=\S)){1,40}?(?:[:：]|\s[-–—]\s)")


def _alt(words: list[str], flags: int = re.I) -> re.Pattern[str]:
    return compiled("|".join(f"(?:{w})" for w in words), flags)


def _joint_specimens(rules: AnalyteRules) -> re.Pattern[str]:
    """Blood and marrow named as one specimen: 'Peripheral blood and bone marrow', 'BM/PB'."""
    blood = "|".join(rules.not_marrow_cues + rules.blood_specimen_cues) or r"(?!)"
    marrow = "|".join(rules.marrow_cues)
    words = "|".join(rules.list_joiners) or r"(?!)"
    join = rf"\s*(?:[/&+＋]|(?<![A-Za-z])(?:{words})(?![A-Za-z]))\s*"
    return compiled(rf"(?:{blood}){join}(?:{marrow})|(?:{marrow}){join}(?:{blood})", re.I)


class ValueContext:
    """Cue patterns from analytes.json, compiled once."""

    def __init__(self, rules: AnalyteRules) -> None:
        self.marrow = _alt(rules.marrow_cues)
        self.service = _alt(rules.marrow_service_names or [r"(?!)"])
        self.not_marrow = _alt(rules.not_marrow_cues)
        self.flow = _alt(rules.flow_population_cues)
        self.stain = _alt(rules.stain_cues or [r"(?!)"])
        methods = "|".join(f"(?:{w})" for w in rules.morphology_methods) or r"(?!)"
        self.morphology = compiled(rf"(?:{methods})(?:\s*[(\[][^()\[\]\n]*[)\]])?", re.I)
        self.fluid = _alt(rules.other_specimen_cues or [r"(?!)"])
        self.blood = _alt(rules.blood_specimen_cues or [r"(?!)"])
        self.site = _alt(rules.other_specimen_cues + rules.other_site_cues or [r"(?!)"])
        self.panel = _alt(rules.blood_panel_names or [r"(?!)"])
        self.joint = _joint_specimens(rules)
        self.threshold = _alt(rules.hypothetical_cues.get("threshold") or [r"(?!)"])
        self.condition = _alt(rules.hypothetical_cues.get("condition") or [r"(?!)"])
        self.reference = _alt(rules.reference_cues)
        self.reference_bracket = reference_bracket(rules.reference_cues)
        unreached = rules.unreached_cues
        before = "|".join(f"(?:{w})" for w in unreached.get("before", [])) or r"(?!)"
        self.unreached_before = compiled(rf"(?:{before})\s*(?:(?:an?|the)\s+)?$", re.I)
        self.unreached_after = _alt(unreached.get("after") or [r"(?!)"])
        self.series_cue = _alt(rules.series_cues or [r"(?!)"])
        self.recipient = _alt(rules.recipient_cues)
        self.donor = _alt(rules.donor_cues)
        self.product = _alt(rules.blood_product_cues or [r"(?!)"])
        self.assay = _alt(rules.assay_cues or [r"(?!)"])  # 'LOD / LLOQ': the test's, no result
        results = "|".join(f"(?:{w})" for w in rules.result_labels) or r"(?!)"
        self.result_label = compiled(rf"[ \t]*(?:{results})[ \t]*[:：]", re.I)  # 'RESULT:'
        self.lineage = _alt(rules.lineage_cues or [r"(?!)"])
        self.whole = _alt(rules.whole_sample_cues or [r"(?!)"])  # 'Unfractionated', no fraction
        self.own_stops = {a: _alt(s.stop_words) for a, s in rules.analytes.items() if s.stop_words}
        marker = "|".join(rules.marker_names) or r"(?!)"
        sign = r"\s*(?:[+-]|(?i:pos\w*|neg\w*|dim|bright))?"
        # '91% blasts (CD19+, CD10+)': the blasts' immunophenotype, no flow population
        self.phenotype = compiled(
            rf"\s*[(\[]\s*(?:{marker}){sign}(?:\s*(?:[,/;]|and)?\s*(?:{marker}){sign})*\s*[)\]]"
        )
        # 'relapse work-up (CD34+ CD117+ blasts)': markers naming the blasts, no sorted fraction
        blasts = "|".join(rules.analytes["blasts"].names) if "blasts" in rules.analytes else "(?!)"
        run = rf"(?:{marker}){sign}(?:\s*(?:[,/;]|and)?\s*(?:{marker}){sign})*"
        self.blast_markers = compiled(rf"{run}\s*(?i:{blasts})")
        self.locus = compiled(r"(?<![A-Za-z0-9])(?:" + "|".join(rules.locus_names) + r")\b", re.I)
        labels = "|".join(rules.table_headers.get(TableRole.SPECIMEN) or [r"(?!)"])
        # 'Specimen: bone marrow aspirate', a field of a form line: up to the next field's gap
        self.specimen_field = compiled(
            rf"(?:^|(?<=\s\s)|(?<=\|))[ \t]*(?:{labels})[ \t]*[:：][^\n|]*?(?=[ \t]{{2,}}|\||$)",
            re.I | re.M,
        )

    def in_reference(self, text: str, name_end: int, start: int, end: int) -> bool:
        """True when the value is (part of) a reference range, not a result."""
        line_start = text.rfind("\n", 0, start) + 1
        # a reference bracket closed before the value ('WBC (normal <11): 3.2') is not its own
        before = self.reference_bracket.sub(" ", text[max(line_start, name_end) : start])[-22:]
        if self.reference.search(before):
            return True
        # a range goes on on its line: a dash on the next is its bullet ('- 2nd cycle ...')
        if re.match(r"[ \t]*(?:[-–~]|to\b)\s*\d", text[end : end + 6]):
            return True
        low = re.search(r"(\S*\d)\s*[-–~]\s*$", text[max(line_start, start - 16) : start])
        return bool(low) and not _DATE_END.search(low.group(1))

    def blasts_not_marrow(self, text: str, s0: int, s1: int, a: int, ve: int) -> bool:
        """Peripheral-blood blasts, a flow-cytometry population or another site's blasts.

        A clause naming a fluid or tissue and no marrow ('CSF cytospin 92% blasts', 'blasts
        ~80% of dermal infiltrate') counts that site's blasts, even in a marrow report.
        """
        window = self._blast_window(text, s0, s1, a, ve)
        site = self.site.search(window) and not self.names_marrow(window)
        if site or self._site_before(text, s0, a):
            return True
        return bool(self.not_marrow.search(window) or self.flow.search(window))

    def _site_before(self, text: str, s0: int, a: int) -> bool:
        """A fluid or site named before the blasts in their sentence (up to a semicolon).

        '腰穿：脑脊液白细胞56×10^6/L，细胞学可见原幼淋80%': the specimen named first owns the
        counts after it; a marrow named anywhere before them ('Marrow and LP: blasts 3%')
        keeps them the marrow's.
        """
        semi = max(text.rfind(";", s0, a), text.rfind("；", s0, a))
        part = text[max(s0, semi + 1) : a]
        return bool(self.site.search(part)) and not self.names_marrow(part)

    def blasts_stained(self, text: str, s0: int, s1: int, a: int, ve: int) -> bool:
        """A blast estimate by immunostaining ('CD34 blasts approx. 6%'), not by morphology.

        A marker's share told over a comma ('CD22 bright, 95% of blasts') runs from the clause
        before into the value's: a cue that ends inside the value's clause counts.
        """
        if self.stain.search(self._blast_window(text, s0, s1, a, ve)):
            return True
        start = clause_start(text, s0, a)
        prev = clause_start(text, s0, max(s0, start - 1))
        return any(m.end() > start for m in self.stain.finditer(text, prev, ve))

    def blasts_in_blood(self, text: str, s0: int, s1: int, a: int, ve: int) -> bool:
        """Circulating blasts: a blood specimen, not a flow population, named in the clause.

        Or on a blood count's line: a line whose label names blood ('CBC (DATE): WBC 4.6,
        blasts 12%' under a marrow report's specimen head).
        """
        window = self._blast_window(text, s0, s1, a, ve)
        if self.flow.search(window):
            return False
        return bool(self.not_marrow.search(window)) or self._line_of_blood(text, a)

    def _line_of_blood(self, text: str, pos: int) -> bool:
        """True when `pos`'s line, or its last field, opens with a blood specimen's label.

        'CBC (DATE): WBC 4.6, blasts 12%', 'Peripheral blood: ...': the line's label says what
        its values are of, however many counts come first; so does a field's label after a
        full stop or a wide gap ('Bone marrow aspirate DATE. Peripheral blood: Hb 7.1 g/dL,
        blasts 61%'). A marrow named after the label, before `pos`, takes the values back; a
        blood word further on ('aspirate, blood mixed') labels nothing.
        """
        line_start = text.rfind("\n", 0, pos) + 1
        line = self.service.sub(lambda m: " " * len(m.group(0)), text[line_start:pos])
        label = len(line) - len(line.lstrip(_LINE_LEAD))
        fields = [m.end() for m in _FIELD_OPEN.finditer(line, label)]
        if fields and _FIELD_LABEL.match(line, fields[-1]) and self._labels_blood(line, fields[-1]):
            return True
        opening = self._is_label(line, label) and self._labels_blood(line, label)
        return opening or self._panel_in(line, fields[-1] if fields else 0)

    def _is_label(self, line: str, at: int) -> bool:
        """True when the line's words from `at` are a label, not the opening of a sentence.

        A field's name before its colon or dash ('Peripheral blood:', 'PB -') or a blood
        count panel's name ('FBC Hb 96'); 'Blood counts recovered, blasts 2%' is prose.
        """
        return bool(_LINE_LABEL.match(line, at) or self.panel.match(line, at))

    def _panel_in(self, line: str, field: int) -> bool:
        """True when the field from `field` names a blood count panel and no marrow.

        'Labs: CBC WBC 4.6, blasts 12%': the panel's name, mid-line, says what the counts
        after it are of; a blood word alone does not ('aspirate, blood mixed').
        """
        return bool(self.panel.search(line, field)) and not self.marrow.search(line, field)

    def _labels_blood(self, line: str, label: int) -> bool:
        """True when `line` names blood at `label` and no marrow after it."""
        opens = self.blood.match(line, label) or self.not_marrow.match(line, label)
        return bool(opens) and not self.marrow.search(line, label)

    def both_specimens(self, text: str, s0: int, s1: int, a: int, ve: int) -> bool:
        """True when a blast value's clause names blood and marrow as one specimen.

        'Peripheral blood and bone marrow: blasts 40%': the marrow's count, as a marrow
        report's is, but which specimen it was counted in is not sure.
        """
        return bool(self.joint.search(self._blast_window(text, s0, s1, a, ve, joint=True)))

    def _blast_window(
        self, text: str, s0: int, s1: int, a: int, ve: int, joint: bool = False
    ) -> str:
        """The clause of a blast value (a table row's label cell with it).

        A bracket of markers right after the value ('91% blasts (CD19+, CD10+)') tells the
        blasts' immunophenotype: it is left out, its markers are no flow population's. Blood
        and marrow named as one specimen are blanked (`joint` keeps them): neither word
        makes the blasts blood's.
        """
        lo = result_clause_start(text, clause_start(text, s0, a), a)
        line_start = text.rfind("\n", s0, a) + 1 or s0
        line_end = text.find("\n", a, s1)
        row = text[line_start : line_end if line_end >= 0 else s1]
        if " | " in row:  # a table row: its label cell is one clause, commas and all
            lo = min(lo, line_start)
        phenotype = self.phenotype.match(text, ve, s1) or self.morphology.match(text, ve, s1)
        after = phenotype.end() if phenotype else ve  # '38% blasts on aspirate differential (..)'
        window = text[lo:ve] + text[after : max(after, result_clause_end(text, after, s1))]
        return window if joint else self.joint.sub(lambda m: " " * len(m.group(0)), window)

    def other_specimen(self, text: str, s0: int, name_start: int, unit: str | None) -> bool:
        """True when a cell count is of CSF, a body fluid or urine, not of blood.

        The specimen is named before the count's name in its sentence (up to a semicolon),
        with no blood specimen named nearer: 'CSF (14.01.2022): TLC 0 cells/cumm'. Such counts
        are written per microlitre (x10^6/L is one too); a bare one needs its specimen in its
        own clause ('CSF clear, WBC 3.2' is a blood count after a CSF result), one in x10^9/L
        is blood's.
        """
        if unit not in (None, "/uL", "x10^6/L"):  # x10^6/L is per microlitre too
            return False
        semi = max(text.rfind(";", s0, name_start), text.rfind("；", s0, name_start))
        lo = clause_start(text, s0, name_start) if unit is None else max(s0, semi + 1)
        cues = [(m.start(), True) for m in self.fluid.finditer(text, lo, name_start)]
        cues += [(m.start(), False) for m in self.blood.finditer(text, lo, name_start)]
        return bool(cues) and max(cues)[1]

    def hypothetical(self, text: str, s0: int, name_start: int) -> bool:
        """True when a value is a threshold or a condition of a plan, not a result.

        'Transfusion threshold Hb 80 g/L, platelets 10': a threshold word before the name in
        its sentence (up to a semicolon); 'if MRD negative, proceed to transplant', 'should
        MRD become positive': a condition word before the name in its clause.
        """
        semi = max(text.rfind(";", s0, name_start), text.rfind("；", s0, name_start))
        if self.threshold.search(text, max(s0, semi + 1), name_start):
            return True
        return bool(self.condition.search(text, clause_start(text, s0, name_start), name_start))

    def unreached(self, text: str, s0: int, name_start: int, value_end: int) -> bool:
        """True when a negative word is a result the text says was not reached.

        '未能达到MRD阴性', 'failed to achieve MRD negativity': the cue stands right before the
        name; 'MRD negativity was not achieved': right after the negative word.
        """
        if self.unreached_before.search(text, max(s0, name_start - 30), name_start):
            return True
        return bool(self.unreached_after.match(text[value_end : value_end + 30].lstrip()))

    def in_series(self, text: str, s0: int, value_start: int) -> bool:
        """True when the value's clause tells it as the summary of repeated tests.

        '此后定期复查MRD均阴性', 'MRD has been repeatedly negative': a cue before the value.
        """
        return bool(self.series_cue.search(text, clause_start(text, s0, value_start), value_start))

    def names_marrow(self, text: str) -> bool:
        """True when `text` names a marrow specimen; a 'Bone Marrow Transplant Unit' is none."""
        return bool(self.marrow.search(self.service.sub(" ", text)))

    def names_specimen(self, text: str) -> bool:
        """True when `text` names the specimen of a report: marrow, or blood."""
        blood = self.blood.search(text) or self.not_marrow.search(text)
        return self.names_marrow(text) or bool(blood)

    def specimen_head(self, heads: tuple[tuple[int, str], ...], pos: int) -> str:
        """The last of the report's head lines above `pos` that names its specimen, else ''.

        A title, heading or specimen field says what the values under it are of, up to the
        next one that names a specimen: 'BONE MARROW ASPIRATE REPORT' over 'Morphology' over
        'Blasts 34%'; a 'FULL BLOOD COUNT' heading below it starts a blood count.
        """
        named = [h for start, h in heads if start < pos and self.names_specimen(h)]
        return named[-1] if named else ""

    def marrow_context(self, sentence: str, page_head: str) -> bool:
        """True when the sentence or the page heading is about a marrow specimen."""
        return self.names_marrow(sentence) or self.names_marrow(page_head)

    def single_locus(self, text: str, a: int, vs: int) -> bool:
        """A per-locus STR row (its line starts with a locus) or a locus named before the value."""
        line_start = text.rfind("\n", 0, vs) + 1
        head = text[line_start:vs].lstrip(" |[{(")
        return bool(self.locus.match(head) or self.locus.search(text[a:vs]))

    def lineage_row(self, text: str, pos: int) -> bool:
        """True when the line of `pos` names a cell lineage before it ('CD3+ T cells 85%')."""
        line_start = text.rfind("\n", 0, pos) + 1
        return bool(self.lineage.search(text, line_start, pos))

    def fraction(self, label: str) -> str | None:
        """The sorted cell fraction a row label or column header names ('CD3+ T cells').

        None when it names no lineage: an unsorted, whole-blood or marrow value (so named
        before any lineage: 'Unfractionated CD3+ CD15+', rows a table ran together). Markers that
        describe the blasts ('BM aspirate, relapse work-up (CD34+ CD117+ blasts)') tell what
        the specimen was taken to find, not a fraction sorted from it.
        """
        label = self.blast_markers.sub(lambda m: " " * len(m.group(0)), label)
        cells = [c.strip(_LABEL_MARKS) for c in _CELL_GAP.split(label)]  # columns run together
        text = next((c for c in cells if self.lineage.search(c)), None)
        if text is None or self._whole_first(text):
            return None
        m = self.lineage.search(text)
        return self._name(text) if len(text) <= FRACTION_CHARS or m is None else m.group(0)

    def _whole_first(self, label: str) -> bool:
        """A label naming the whole sample before any lineage: 'Unfractionated CD3+ CD15+'."""
        whole, lineage = self.whole.search(label), self.lineage.search(label)
        return whole is not None and (lineage is None or whole.start() < lineage.start())

    def _name(self, label: str) -> str:
        """A fraction's label without a bracket naming no lineage: 'CD3 (% donor)' -> 'CD3'.

        Such a bracket holds the column's unit or a note; 'myeloid (CD15)' keeps its lineage's.
        """
        kept = _BRACKET.sub(lambda b: b.group(0) if self.lineage.search(b.group(0)) else "", label)
        return kept.strip(_LABEL_MARKS) or label

    def lineages(self, name: str) -> tuple[str, ...]:
        """The lineages a fraction's name names, written alike: 'myeloid (CD15)' -> myeloid, CD15.

        A fraction is the same whatever label it is written under ('CD15 (% donor)' in a
        table, 'myeloid (CD15)' in the letter): its lineages tell it.
        """
        words = (m.group(0) for m in self.lineage.finditer(name))
        return tuple(sorted({re.sub(r"[\W_]+", "", w).upper().removesuffix("S") for w in words}))

    def of_fraction(self, v: ValueMention, name: str | None) -> ValueMention:
        """`v` as the chimerism of the sorted fraction `name` names (`v` itself for None)."""
        return of_fraction(v, name, self.lineages(name) if name else ())

    def fraction_before(self, text: str, s0: int, pos: int, own: int | None = None) -> str | None:
        """The sorted fraction named before a value in its clause and line ('T-cell chimerism').

        A short line label before the value is the fraction's name; else the lineage word.
        `own` is where the value's own words (its name) begin: a percentage written before
        them is an earlier value's, and so is a lineage named before that ('CD3 chimerism
        rose to 98% and whole blood chimerism to 100%': the 100% is no CD3 fraction's).
        """
        line_start = text.rfind("\n", 0, pos) + 1
        lo = max(clause_start(text, s0, pos), line_start)
        earlier = list(_PERCENT.finditer(text, lo, pos if own is None else min(own, pos)))
        lo = earlier[-1].end() if earlier else lo
        m = self.lineage.search(text, lo, pos)
        if m is None:
            return None
        label = text[lo:pos].strip(_LABEL_MARKS)
        return self._name(label) if len(label) <= FRACTION_CHARS else m.group(0)

    def measures_other(self, analyte: str, label: str, header: list[str], col: int) -> bool:
        """A row's label or its value column's header names what else the value measures.

        'BCR::ABL1 DC/DF | No fusion | 0%' under 'Probe | Result | % nuclei': an analyte's own
        stop words (interphase FISH) make the value another test's, never the analyte's.
        """
        stops = self.own_stops.get(analyte)
        return (
            stops is not None
            and stops.search(f"{label}\n{''.join(header[col : col + 1])}") is not None
        )

    def recipient_share(self, text: str, a: int, vs: int, ve: int, s1: int) -> bool:
        """True when a chimerism value is the recipient's share ('recipient 0.9 %')."""
        before = text[max(0, a - 20) : vs]
        after = text[ve : min(s1, ve + 14)]
        if self.donor.match(after.strip()):
            return False
        if self.recipient.match(after.strip()):
            return True
        cues = [(m.start(), "r") for m in self.recipient.finditer(before)]
        cues += [(m.start(), "d") for m in self.donor.finditer(before)]
        return bool(cues) and max(cues)[1] == "r"
