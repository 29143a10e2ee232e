"""A regimen's name from the regimen aliases and drug names written together in one clause.

"FLAG-IDA plus dasatinib" is DASATINIB+FLAG-IDA, "azacitidine + HAG" is AZA+HAG (the regimen
whose drugs are exactly those named), "LDAC + venetoclax" is LDAC+VEN (a regimen that
`builds_on` the one named by its alias), "decitabine" alone is DECITABINE, "3+7" with idarubicin is
IA (a drug named with a schedule takes the place of the one it `substitutes`). Supportive companions
(G-CSF, steroids) never name a regimen; a targeted drug given with a named regimen joins its name.
A list that joins names by a slash and parts them by a word ('X/Y and Z') lists two treatments.
Drugs the vocabulary lists in no regimen together ('azacitidine + gilteritinib') are still one
course, named from its drugs as the vocabulary abbreviates them (AZA+GILTERITINIB); so is a
listed regimen with another anti-leukaemic drug, named by alias or by drugs ('decitabine +
venetoclax + gilteritinib' is DEC+VEN+GILTERITINIB, 'CLAG-M + venetoclax' CLAG-M+VEN).
"""

from __future__ import annotations

import re
from itertools import pairwise

from recordkit.nlp.mention import Mention
from recordkit.nlp.rules import Regimen, Vocabulary
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled

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


def _joins(voc: Vocabulary, drug: str) -> bool:
    """A drug that joins the name of a regimen it is named with.

    A course of its own (a TKI, an FLT3 inhibitor) or one given on top of a backbone
    (`added_drugs`: venetoclax).
    """
    return _single(voc, drug) is not None or drug in voc.added_drugs


def _grown(voc: Vocabulary, reg: Regimen, union: set[str]) -> Regimen:
    """The largest listed regimen holding `reg`'s drugs and no drug outside `union`.

    'FLAG-Ida + venetoclax + gilteritinib': FLAG-IDA+VEN, which gilteritinib then joins.
    """
    if not reg.drugs:
        return reg
    held = [
        r
        for r in voc.regimens
        if r.builds_on in (None, reg.name) and set(reg.drugs) <= set(r.drugs) <= union
    ]
    return max(held, key=lambda r: len(r.drugs), default=reg)


def composed_name(voc: Vocabulary, names: list[str], drugs: list[str]) -> tuple[str | None, bool]:
    """The name for aliases `names` and drugs `drugs` written as one group, and if it is ours.

    A name of recordkit's making is for a reviewer to check.

    A listed regimen named with a companion drug (a TKI: 'Hyper-CVAD + ponatinib') is as
    clinicians name it; drugs named together that no listed regimen holds, or a regimen named
    with another anti-leukaemic drug ('decitabine + venetoclax + gilteritinib',
    'decitabine and sorafenib'), make a name of recordkit's own.
    """
    given = set(drugs)
    if not names:
        found = _by_drugs(voc, given)
        if found is None:
            made = named_from_drugs(voc, given)
            return made, made is not None
        if any(_joins(voc, d) for d in given - set(found.drugs)):
            return composed_name(voc, [found.name], drugs)[0], True
        return found.name, False
    reg = next(r for r in voc.regimens if r.name == names[0])
    supportive = {d for d in voc.companion_drugs if _single(voc, d) is None}
    extra = given - set(reg.drugs) - supportive
    if not extra:
        return reg.name, False
    built = next(
        (r for r in voc.regimens if r.builds_on == reg.name and set(r.drugs) == extra), None
    )
    if built is not None:  # 'low-dose cytarabine + venetoclax': LDAC+VEN
        return built.name, False
    swapped = _substituted(voc, reg, extra)
    if swapped is not None:  # '3+7' with idarubicin: IA
        return composed_name(voc, [swapped.name], drugs)
    whole = _grown(voc, reg, set(reg.drugs) | extra)  # 'FLAG + idarubicin': FLAG-IDA
    added = sorted(d for d in extra - set(whole.drugs) if _joins(voc, d))
    name = "+".join([whole.name, *(_abbreviation(voc, d) for d in added)])
    return name, any(d not in voc.companion_drugs for d in added)


def regimen_name(voc: Vocabulary, names: list[str], drugs: list[str]) -> str | None:
    """The canonical name for regimen aliases `names` and drugs `drugs` written as one group."""
    return composed_name(voc, names, drugs)[0]


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
    or a part names none ('FLAG and idarubicin/venetoclax' stays whole). Regimens each named
    by a name of their own ('DA and HiDAC x2', '7+3 et HiDAC') are as many treatments, as a
    drug added to one ('FLAG and idarubicin') is not.
    """
    gaps = [text[a.end : b.start] for a, b in pairwise(group)]
    listed = compiled(rf"[\s,]*(?:{any_of(voc.list_words)})[\s,]*", re.I)
    cuts = [k + 1 for k, gap in enumerate(gaps) if listed.fullmatch(gap)]
    parts = [group[a:b] for a, b in pairwise([0, *cuts, len(group)])]
    if cuts and all(any(m.kind == "regimen" for m in p) for p in parts):
        return parts if all(_named(voc, p)[0] for p in parts) else [group]
    if not cuts or not any(_SYMBOL_JOIN.fullmatch(g) for g in gaps) or _named(voc, group)[1]:
        return [group]
    return parts if all(_named(voc, p)[0] for p in parts) else [group]


__all__ = ["composed_name", "listed_apart", "named_from_drugs", "regimen_name"]
