"""Lab values in a page's analysis text: analyte name + value (either order), units converted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recordkit.nlp.rules import AnalyteRules
from recordkit.values import NUMBER, convert, read_unit, scientific, to_number

_COMPARATOR = re.compile(r"^(?:<|≤|<=|less than|below|under)\s*", re.I)
_ABOVE = re.compile(r"^(?:>|≥|>=|more than|above|over)\s*", re.I)


@dataclass(frozen=True)
class ValueMention:
    """One lab value found in text."""

    analyte: str
    start: int
    end: int
    value: float | None
    unit: str
    raw: str
    flags: tuple[str, ...] = ()
    error: str | None = None


def _names_rx(names: list[str]) -> re.Pattern[str]:
    parts = []
    for n in sorted(names, key=len, reverse=True):
        cs = len(re.sub(r"[^A-Za-z]", "", n)) <= 3 and n[:1].isupper()
        body = f"(?-i:{n})" if cs else n
        edge_l = r"(?<![A-Za-z])" if n[:1].isalpha() else ""
        edge_r = r"(?![A-Za-z])" if n[-1:].isalpha() or n.endswith("?") else ""
        parts.append(edge_l + body + edge_r)
    return re.compile("|".join(parts), re.I)


class MeasurementFinder:
    """Finds analyte values; values in reference ranges and peripheral-blood blasts are skipped."""

    def __init__(self, rules: AnalyteRules) -> None:
        self.rules = rules
        self.names = {a: _names_rx(spec.names) for a, spec in rules.analytes.items()}
        self.any_name = _names_rx([n for s in rules.analytes.values() for n in s.names])
        self.marrow = re.compile("|".join(rules.marrow_cues), re.I)
        self.not_marrow = re.compile("|".join(rules.not_marrow_cues), re.I)
        self.reference = re.compile("|".join(rules.reference_cues), re.I)
        self.negative = re.compile("|".join(re.escape(w) for w in rules.negative_words), re.I)

    def _value_at(
        self, text: str, pos: int, analyte: str
    ) -> tuple[int, int, float | None, str | None, tuple[str, ...]] | None:
        """The value at `pos`, after an optional comparator: (start, end, number, unit, flags)."""
        rest = text[pos:]
        flags: tuple[str, ...] = ()
        cm = _COMPARATOR.match(rest)
        if _ABOVE.match(rest):
            return None
        skip = cm.end() if cm else 0
        if cm:
            if analyte != "mrd":
                return None  # "blasts under 5%" is not a value
            flags = ("below_detection",)
        if analyte == "mrd":
            sci = scientific(rest[skip:])
            if sci:
                frac, n = sci
                return pos, pos + skip + n, frac * 100, "%", flags
        m = re.match(rf"({NUMBER})", rest[skip:])
        if not m:
            neg = self.negative.match(rest)
            if neg and analyte in ("mrd",):
                return pos, pos + neg.end(), 0.0, "%", ("negative",)
            return None
        num_end = pos + skip + m.end()
        unit, ulen = read_unit(text[num_end : num_end + 16])
        return pos, num_end + ulen, to_number(m.group(1)), unit, flags

    def _in_reference(self, text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 22) : start].split("\n")[-1]
        if self.reference.search(before):
            return True
        return bool(re.match(r"\s*[-–~]\s*\d", text[end : end + 4]))

    def find(
        self,
        text: str,
        sentence_spans: list[tuple[int, int]],
        page_head: str,
        masked: list[tuple[int, int]],
    ) -> list[ValueMention]:
        """All values in the text; `masked` are date spans the search steps over."""
        found: list[ValueMention] = []
        used: list[tuple[int, int]] = []
        page_marrow = bool(self.marrow.search(page_head))
        for s0, s1 in sentence_spans:
            sent = text[s0:s1]
            for analyte, rx in self.names.items():
                spec = self.rules.analytes[analyte]
                for nm in rx.finditer(sent):
                    a, b = s0 + nm.start(), s0 + nm.end()
                    hit = self._forward(text, analyte, b, s1, masked) or self._backward(
                        text, analyte, s0, a
                    )
                    if hit is None:
                        continue
                    vs, ve, number, unit, flags = hit
                    if any(not (ve <= x or vs >= y) for x, y in used):
                        continue
                    if self._in_reference(text, vs, ve):
                        continue
                    if spec.requires_marrow:
                        if self.not_marrow.search(text[max(s0, a - 25) : b]):
                            continue
                        if not (self.marrow.search(sent) or page_marrow):
                            continue
                    if spec.unit.startswith("%") and unit != "%" and "negative" not in flags:
                        continue
                    conv = (
                        convert(number, None if unit == "%" else unit, analyte, spec)
                        if number is not None
                        else None
                    )
                    if "below_detection" in flags or "negative" in flags:
                        value, error = 0.0, None
                        if self.negative.search(text[ve : ve + 14]) and "negative" not in flags:
                            flags = (*flags, "negative")
                    else:
                        value, error = (conv.value, conv.error) if conv else (None, "no value")
                        if conv and conv.assumed_unit:
                            flags = (*flags, "unit_assumed")
                    used.append((vs, ve))
                    start, end = min(a, vs), max(b, ve)
                    found.append(
                        ValueMention(
                            analyte, start, end, value, spec.unit, text[vs:ve].strip(), flags, error
                        )
                    )
        return sorted(found, key=lambda v: (v.start, v.analyte))

    def _forward(
        self, text: str, analyte: str, pos: int, limit: int, masked: list[tuple[int, int]]
    ) -> tuple | None:  # type: ignore[type-arg]
        end = min(limit, pos + 48)
        i = pos
        while i < end:
            span = next(((x, y) for x, y in masked if x <= i < y), None)
            if span:
                i = span[1]
                continue
            ch = text[i]
            if ch in ";。" or (
                i > pos and self.any_name.match(text, i) and not self.names[analyte].match(text, i)
            ):
                return None
            if (
                ch.isdigit()
                or ch in "<≤"
                or self.negative.match(text, i)
                or _COMPARATOR.match(text[i:])
            ):
                hit = self._value_at(text, i, analyte)
                if hit:
                    return hit
                if ch.isdigit() or _COMPARATOR.match(text[i:]):
                    return None
            i += 1
        return None

    def _backward(self, text: str, analyte: str, s0: int, name_start: int) -> tuple | None:  # type: ignore[type-arg]
        before = text[max(s0, name_start - 30) : name_start]
        m = re.search(
            rf"({NUMBER})\s*%\s*(?:of\s+)?(?:(?:bone\s+)?marrow\s+|BM\s+|donor\s+)?$", before
        )
        if not m or analyte not in ("blasts", "chimerism", "mrd"):
            return None
        vs = name_start - len(before) + m.start()
        return vs, vs + len(m.group(0).rstrip()), to_number(m.group(1)), "%", ()
