"""Kind-specific attributes of an event anchor.

Relapse type, remission depth, CAR-T target, grafts and donor, DLI dose, GVHD organ, grade
and form, engraftment lineage, cycle, and the genetics of a diagnosis.
"""

from __future__ import annotations

import re
from typing import Any

from recordkit.dates import ORDINALS
from recordkit.nlp.anchors import Anchor
from recordkit.nlp.rules import RuleSet

_GENETICS = re.compile(
    r"\b(?:NPM1|FLT3(?:-ITD|-TKD)?|KMT2A(?:-\w+)?|MLL(?:-\w+)?|BCR-ABL1?|Ph(?:iladelphia)?[- ]"
    r"(?:positive|negative|chromosome)|TP53|CEBPA|RUNX1(?:-RUNX1T1)?|CBFB-MYH11|IDH[12]|DNMT3A|"
    r"ASXL1|inv\(16\)|t\(\d+;\d+\)|complex karyotype|normal karyotype|monosomy \d+|FAB M\d)"
    r"(?:[- ](?:mutated|mutation|positive|negative|wild-type|rearrangement|rearranged))?",
    re.I,
)


def _first(table: dict[str, list[str]], hay: str) -> str | None:
    for key, pats in table.items():
        if any(re.search(rf"(?<![A-Za-z]){p}", hay, re.I if len(p) > 3 else 0) for p in pats):
            return key
    return None


def attributes(
    a: Anchor, window: str, prefix: str, sentence: str, rules: RuleSet, page_blasts: float
) -> dict[str, Any]:
    """The anchor's attributes, read from its window and sentence."""
    voc, out = rules.vocabulary, dict(a.attrs)
    out.pop("rule", None)
    low = window.lower()
    if a.kind == "relapse":
        if re.search(r"molecular|MRD only|分子", window, re.I):
            out["type"] = "molecular"
        elif re.search(r"\bCNS\b|extramedullary|testicular|isolated|髓外", window, re.I):
            out["type"] = "extramedullary"
        elif re.search(r"ha?ematolog|morpholog|blasts|血液学", window, re.I) or page_blasts >= 5:
            out["type"] = "haematological"
        elif re.search(r"\bMRD\b", sentence):
            out["type"] = "molecular"
    elif a.kind == "remission":
        m = re.search(r"\bCRi\b|\bCRh\b", window)
        out["depth"] = (
            m.group(0)
            if m
            else "MRD-negative"
            if re.search(r"MRD[- ]negative", window, re.I)
            else "CR"
            if re.search(r"complete|\bCR\b|morpholog|完全", window, re.I)
            else None
        )
    elif a.kind == "car_t":
        for ag in voc.antigens:
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(ag)}(?![0-9])", window, re.I):
                out["target"] = ag.replace("-", "").upper()
                break
    elif a.kind == "transplant":
        grafts = [
            g
            for g, pats in voc.grafts.items()
            if any(re.search(p, sentence, 0 if p.isupper() else re.I) for p in pats)
        ]
        out["grafts"] = grafts or None
        out["donor"] = _first(voc.donors, sentence)
    elif a.kind == "dli":
        m = re.search(
            r"\d+(?:\.\d+)?\s*[x×]\s*10\^?\s*\d+\s*(?:CD3\+?\s*)?(?:cells\s*)?/\s*kg", window, re.I
        )
        out["dose"] = m.group(0) if m else None
    elif a.kind == "gvhd":
        out["organ"] = _first(voc.gvhd_organs, window)
        m = re.search(r"grade\s*(IV|I{1,3}|[1-4])\b|([1-4]|IV|I{1,3})\s*度", window, re.I)
        if m:
            g = (m.group(1) or m.group(2)).upper()
            out["grade"] = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(g) or int(g)
        out["form"] = (
            "chronic"
            if re.search(r"chronic|\bcGVHD|慢性", window, re.I)
            else "acute"
            if re.search(r"acute|\baGVHD|急性", window, re.I)
            else None
        )
    elif a.kind == "engraftment":
        near = prefix[-25:].lower() or low
        out["lineage"] = "platelet" if "platelet" in near or "血小板" in near else "neutrophil"
    elif a.kind == "regimen":
        m = re.search(r"\b(?:cycle|course|C)\s*(\d{1,2})\b|第\s*(\d+)\s*(?:个)?疗程", window)
        if m:
            out["cycle"] = int(m.group(1) or m.group(2))
    elif a.kind == "diagnosis":
        genes = sorted({g.group(0) for g in _GENETICS.finditer(sentence)}, key=sentence.find)
        out["genetics"] = ", ".join(genes) or None
    return {k: v for k, v in out.items() if v is not None and k != "fuzzy"}


def ordinal(text: str, a: Anchor) -> int | None:
    """'the second DLI': the ordinal written just before the anchor, if any."""
    m = re.search(
        r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:\w+\s+)?$",
        text[max(0, a.start - 20) : a.start],
        re.I,
    )
    return ORDINALS[m.group(1).lower()] if m else None
