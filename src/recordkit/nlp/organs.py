"""Which organs a GVHD mention and which lineages an engraftment mention name, one by one.

- "acute GVHD of skin and gut" is two events, one per organ; "with no gut or liver
  involvement" names no organ of the GVHD.
- "ANC D+19, plt D+31" gives each lineage its own day; "GVHD of the gut on DATE and of the
  liver on DATE" each organ its own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from recordkit.rule_cache import compiled

# 'no gut', 'keine Leber- oder Darmbeteiligung', 'sans atteinte digestive', 'sin afectación'
_DENIED = re.compile(
    r"\b(?:no|not|without|negative for|free of|nor|kein(?:e[mnrs]?)?|ohne|weder|sans|pas d(?:e|')|"
    r"aucune?|sin|sem)\b[^,.;:()]{0,20}$",
    re.I,
)


def denied(before: str) -> bool:
    """True when the text just before a cue denies it: 'no CNS involvement', 'without gut'."""
    return bool(_DENIED.search(before))


_ONE_PHRASE = re.compile(r"[\s-]+")
_EXPLAINED = re.compile(r"\s*\([^()]*\)")  # 'lungs (bronchiolitis obliterans syndrome)'
_STAGED = r"(?:\s*[:=-]?\s*(?:stage|grade)?\s*(?:[0-4]|IV|I{1,3})\b)?"  # 'gut stage 3, skin 0'
_JOINS = r"(?:,|and|und|et|y|e|or|/|&|\+|和|及|、|,\s*and)\s*(?:the\s+)?"


@lru_cache(maxsize=4)
def _coordination(heads: tuple[str, ...]) -> re.Pattern[str]:
    """What lies between two organs of a list: a join, after the first phrase's head noun.

    One word may stand before the head noun ('oral lichenoid changes and ...').
    """
    head = rf"(?:(?:[^\W\d_][\w-]*\s+)?(?:{'|'.join(heads)})\s*)?" if heads else ""
    return compiled(rf"{_STAGED}\s*{head}{_JOINS}", re.I)


def coordinated_organs(
    window: str,
    organs: dict[str, list[str]],
    heads: tuple[str, ...] = (),
    unstaged: str = "(?!x)x",
) -> list[str]:
    """Organs written together, in order; else [].

    "skin and gut", "cutaneous/intestinal"; a phrase may end in a head noun of `heads`
    ("oral changes, dry eyes and sclerotic skin"); a bracket right after an organ explains it
    and is part of its phrase ("lungs (bronchiolitis obliterans syndrome) and liver"); an
    organ may carry its stage ("gut stage 3, liver stage 1"), and one staged 0 (`unstaged`:
    "skin 0") is listed as not involved, no organ of the GVHD.
    """
    joined = _coordination(heads)
    hits = []
    for organ, pats in organs.items():
        for p in pats:
            for m in compiled(rf"(?<![A-Za-z]){p}(?![A-Za-z])", re.I if len(p) > 3 else 0).finditer(
                window
            ):
                if denied(window[: m.start()]):
                    continue  # 'with no gut or liver involvement': not the GVHD's organs
                hits.append((m.start(), m.end(), organ))
    hits.sort()
    chain: list[tuple[int, int, str]] = []
    for h in hits:
        if chain and h[0] < chain[-1][1]:
            continue
        if chain and h[2] == chain[-1][2] and _ONE_PHRASE.fullmatch(window, chain[-1][1], h[0]):
            chain[-1] = (chain[-1][0], h[1], h[2])  # 'ocular sicca', 'sclerotic skin': one organ
            continue
        if chain and not joined.fullmatch(window, chain[-1][1], h[0]):
            if len(chain) > 1:
                break
            chain = []
        chain.append(h)
        told = _EXPLAINED.match(window, h[1])
        if told:
            chain[-1] = (h[0], told.end(), h[2])
    staged_0 = compiled(unstaged, re.I)
    names = list(dict.fromkeys(o for _, e, o in chain if not staged_0.match(window, e)))
    return names if len(names) > 1 else []


def _field_case(p: str) -> re.RegexFlag:
    """A field capitalises its words ('Gut stage 1'); a short abbreviation keeps its case (GI)."""
    return re.I if len(p) > 3 or p.islower() else re.NOFLAG


def field_organs(line: str, organs: dict[str, list[str]], label: str, unstaged: str) -> list[str]:
    """The organs of a GVHD form's organ line, in order, leaving out those staged 0.

    'Organs involved: Skin stage 3, Liver stage 0, Gut stage 1' -> skin, gut. [] when the
    line does not start with an organ field's `label`.
    """
    start = re.match(label, line, re.I)
    if start is None:
        return []
    hits = sorted(
        (m.start(), m.end(), organ)
        for organ, pats in organs.items()
        for p in pats
        for m in re.finditer(rf"(?<![A-Za-z]){p}(?![A-Za-z])", line, _field_case(p))
        if m.start() >= start.end()
    )
    staged_0 = compiled(unstaged, re.I)
    kept = [o for _, e, o in hits if not staged_0.match(line, e) and not denied(line[:e])]
    return list(dict.fromkeys(kept))


def split_organs(
    new: list[Any],
    window: str,
    organs: dict[str, list[str]],
    listed: list[str] | None = None,
    heads: tuple[str, ...] = (),
    unstaged: str = "(?!x)x",
) -> list[Any]:
    """Copies of a GVHD mention's facts for each further organ written with the first.

    `listed`: the organs of a form's organ line after the mention's, where its own names none.
    """
    if not new or new[0].kind != "gvhd":
        return []
    names = listed or coordinated_organs(window, organs, heads, unstaged)
    out = []
    for f in new:
        f.attrs["organ"] = names[0] if names else f.attrs.get("organ")
        for k, organ in enumerate(names[1:], 1):
            twin = replace(f, attrs=dict(f.attrs, organ=organ), flags=set(f.flags))
            twin.order = (*f.order[:2], f.order[2] + k)
            out.append(twin)
    return out


def engraftment_lineages(
    text: str, span: tuple[int, int], owned: list[Any], words: dict[str, list[str]]
) -> list[tuple[Any, str]]:
    """(date, lineage) for an engraftment sentence that names both lineages with their days.

    'ANC D+19, plt D+31': each date takes the lineage named last before it; 'neutrophil and
    platelet engraftment on day +14 and day +21 respectively': the lineages in the dates'
    order. [] when the sentence does not give each lineage a day of its own.
    """
    s0, s1 = span
    hits = sorted(
        (m.start() + s0, lineage)
        for lineage, ws in words.items()
        for w in ws
        for m in re.finditer(rf"(?<![A-Za-z]){re.escape(w)}", text[s0:s1], re.I)
    )
    if len({lin for _, lin in hits}) < 2 or len(owned) < 2:
        return []
    if re.search(r"\brespectively\b", text[s0:s1], re.I):
        order = list(dict.fromkeys(lin for _, lin in hits))
        pairs = list(zip(owned, order, strict=False))
    else:
        pairs = [(d, next(lin for p, lin in reversed(hits) if p < d.start)) for d in owned
                 if any(p < d.start for p, _ in hits)]  # fmt: skip
    return _one_day_each(pairs)


def organ_dates(
    text: str, span: tuple[int, int], owned: list[Any], organs: dict[str, list[str]]
) -> list[tuple[Any, str]]:
    """(date, organ) for a GVHD sentence that gives each organ a date of its own.

    'acute GVHD of the gut, grade III, on DATE and of the liver on DATE': each date takes the
    organ named last before it. [] unless two organs or more have one date each.
    """
    s0, s1 = span
    hits = sorted(
        (m.start(), organ)
        for organ, pats in organs.items()
        for p in pats
        for m in compiled(rf"(?<![A-Za-z]){p}(?![A-Za-z])", re.I if len(p) > 3 else 0).finditer(
            text, s0, s1
        )
        if not denied(text[s0 : m.start()])
    )
    if len({organ for _, organ in hits}) < 2 or len(owned) < 2:
        return []
    pairs = [(d, next(o for p, o in reversed(hits) if p < d.start)) for d in owned
             if any(p < d.start for p, _ in hits)]  # fmt: skip
    return _one_day_each(pairs)


def _one_day_each(pairs: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """Each lineage's (or organ's) one day; [] unless two or more have one day each.

    'neutrophils day +14 (08/01/2023)': a day count and the calendar date beside it, the same
    day, are one engraftment of the lineage.
    """
    firsts: dict[str, Any] = {}
    for d, lineage in pairs:
        seen = firsts.setdefault(lineage, d)
        if seen is not d and (d.value is None or d.value != seen.value):
            return []
    return [(d, lin) for lin, d in firsts.items()] if len(firsts) > 1 else []


__all__ = [
    "coordinated_organs",
    "denied",
    "engraftment_lineages",
    "field_organs",
    "organ_dates",
    "split_organs",
]
