"""A regimen's name from the regimen aliases and drug names written together in one clause.

"FLAG-IDA plus dasatinib" is DASATINIB+FLAG-IDA, "azacitidine + HAG" is AZA+HAG (the regimen
whose drugs are exactly those named), "LDAC + venetoclax" is LDAC+VEN (a regimen that
`builds_on` the one named by its alias), "decitabine" alone is DECITABINE, "3+7" with idarubicin is
IA (a drug named with a schedule takes the place of the one it `substitutes`). Supportive companions
(G-CSF, steroids) never name a regimen; a targeted drug given with a named regimen joins its name.
A list that joins names by a slash and parts them by a word ('X/Y and Z') lists two treatments.
Drugs the vocabulary lists in no regimen together ('azacitidine + gilteritinib') are still one
course, named from its drugs as the vocabulary abbreviates them (AZA+GILTERITINIB).
"""

from __future__ import annotations

import re
from itertools import pairwise

from recordkit.nlp.mention import Mention
from recordkit.nlp.rules import Regimen, Vocabulary
from recordkit.nlp.spans import any_of

_SYMBOL_JOIN = re.compile(r"\s*[/+]\s*")  # 'hyper-CVAD/ponatinib', 'AZA + VEN'


def _by_drugs(voc: Vocabulary, drugs: set[str]) -> Regimen | None:
    """The regimen whose drugs are exactly `drugs`, else the largest one they contain.

    Companion drugs (a steroid, a TKI) count only when nothing else is named: a TKI given with
    a steroid is the TKI's course.
    """
    core = {d for d in drugs if d not in voc.companion_drugs}
    core = core or {d for d in drugs if _single(voc, d)}  # 'dasatinib and prednisone': the TKI
    own = [r for r in voc.regimens if r.builds_on is None]  # 'venetoclax' alone is no LDAC+VEN
    exact = next((r for r in own if r.drugs and set(r.drugs) == drugs), None)
    if exact:
        return exact
    best = None
    for reg in own:
        need = set(reg.drugs)
        bigger = best is None or len(need) > len(best.drugs)
        if need and need <= drugs and bigger and (need == core or len(need) > 1):
            best = reg
    return best


def _single(voc: Vocabulary, drug: str) -> Regimen | None:
    return next((r for r in voc.regimens if r.drugs == [drug] and r.builds_on is None), None)


def _substituted(voc: Vocabulary, reg: Regimen, extra: set[str]) -> Regimen | None:
    """The regimen `reg` becomes when a drug named with it takes the place of one of its own."""
    for own, others in reg.substitutes.items():
        took = extra & set(others)
        if len(took) == 1:
            drugs = set(reg.drugs) - {own} | took
            return next((r for r in voc.regimens if r.drugs and set(r.drugs) == drugs), None)
    return None


_CAPITALS = re.compile(r"[A-Z]{2,}")


def _abbreviation(voc: Vocabulary, drug: str) -> str:
    """How a regimen's name writes a drug.

    Its own course's name (AZA, GILTERITINIB), else its shortest spelling in capitals (VEN).
    """
    alone = _single(voc, drug)
    if alone is not None:
        return alone.name
    short = sorted((s for s in voc.drugs.get(drug, []) if _CAPITALS.fullmatch(s)), key=len)
    return short[0] if short else drug.upper()


def named_from_drugs(voc: Vocabulary, drugs: set[str]) -> str | None:
    """A name for anti-leukaemic drugs given together that no listed regimen is made of.

    Each drug must be part of some regimen the vocabulary lists, and one a course of its own
    ('venetoclax/gilteritinib': GILTERITINIB+VEN); supportive companions are left out of the
    name. None for fewer than two such drugs, or one the vocabulary gives no course ('fludarabine
    and cyclophosphamide').
    """
    supportive = {d for d in voc.companion_drugs if _single(voc, d) is None}
    core = sorted(drugs - supportive)
    in_regimens = {d for r in voc.regimens for d in r.drugs}
    if len(core) < 2 or not set(core) <= in_regimens or not any(_single(voc, d) for d in core):
        return None
    return "+".join(_abbreviation(voc, d) for d in core)


def regimen_name(voc: Vocabulary, names: list[str], drugs: list[str]) -> str | None:
    """The canonical name for regimen aliases `names` and drugs `drugs` written as one group."""
    given = set(drugs)
    if not names:
        found = _by_drugs(voc, given)
        return found.name if found else named_from_drugs(voc, given)
    reg = next(r for r in voc.regimens if r.name == names[0])
    supportive = {d for d in voc.companion_drugs if _single(voc, d) is None}
    extra = given - set(reg.drugs) - supportive
    if not extra:
        return reg.name
    built = next(
        (r for r in voc.regimens if r.builds_on == reg.name and set(r.drugs) == extra), None
    )
    if built is not None:  # 'low-dose cytarabine + venetoclax': LDAC+VEN
        return built.name
    swapped = _substituted(voc, reg, extra)
    if swapped is not None:  # '3+7' with idarubicin: IA
        return regimen_name(voc, [swapped.name], drugs)
    union = set(reg.drugs) | extra
    whole = next((r for r in voc.regimens if reg.drugs and r.drugs and set(r.drugs) == union), None)
    if whole:
        return whole.name
    added = [s.name for d in sorted(extra) if (s := _single(voc, d)) is not None]
    return "+".join([reg.name, *added])


def _named(voc: Vocabulary, group: list[Mention]) -> tuple[str | None, bool]:
    """The name of a group's aliases and drugs together, and whether it is one known regimen."""
    names = [m.attrs["name"] for m in group if m.kind == "regimen"]
    drugs = {m.attrs["name"] for m in group if m.kind == "drug"}
    name = regimen_name(voc, names, sorted(drugs))
    reg = next((r for r in voc.regimens if r.name == name), None)
    return name, reg is not None and (bool(names) or set(reg.drugs) == drugs)


def listed_apart(voc: Vocabulary, group: list[Mention], text: str) -> list[list[Mention]]:
    """A clause's drug group as the treatments it lists.

    'hyper-CVAD/ponatinib and blinatumomab' is two treatments, not one regimen of three drugs:
    where a slash or plus joins names and one of `list_words` parts them, the symbols bind
    closer than the word, unless all the names together are one regimen the vocabulary knows,
    or a part names none ('FLAG and idarubicin/venetoclax' stays whole).
    """
    gaps = [text[a.end : b.start] for a, b in pairwise(group)]
    listed = re.compile(rf"[\s,]*(?:{any_of(voc.list_words)})[\s,]*", re.I)
    cuts = [k + 1 for k, gap in enumerate(gaps) if listed.fullmatch(gap)]
    if not cuts or not any(_SYMBOL_JOIN.fullmatch(g) for g in gaps) or _named(voc, group)[1]:
        return [group]
    parts = [group[a:b] for a, b in pairwise([0, *cuts, len(group)])]
    return parts if all(_named(voc, p)[0] for p in parts) else [group]


__all__ = ["listed_apart", "named_from_drugs", "regimen_name"]
