"""Drug and regimen mentions named together -> one regimen anchor.

Two drugs join when only a connective ('and', '+', '/', 'with', 联合, or a conjunction of
attribution.json: 'azacitidine et vénétoclax'), a combination's link
('venetoclax was added to azacitidine') or a dose, route and days on one line stand between
them, or a semicolon after a dose in a chart's row ('Azacitidine 140 mg SC; venetoclax 400 mg
OD'), or a start verb and date before 'with' the drug ('Hyper-CVAD course 1A commenced DATE
with dasatinib': one course, its date the regimen's), or when a bracket glosses a regimen by its
drugs; a drug among a line of capitalised
words (a list of names, not a treatment) joins none, and a comma alone never joins a named
regimen to another treatment ('hyper-CVAD, blinatumomab': two lines of therapy).
"""

from __future__ import annotations

import re
from functools import lru_cache

from recordkit.nlp.cue_scope import CELL_SEP
from recordkit.nlp.mention import Anchor, Mention
from recordkit.nlp.raw import NAMED_FROM_DRUGS
from recordkit.nlp.regimens import composed_name, listed_apart
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.spans import any_of
from recordkit.rule_cache import compiled

_JOINS = r"and|with|plus|\+|/|,|、|和|联合|及"


@lru_cache(maxsize=4)
def _connect(conjunctions: tuple[str, ...]) -> re.Pattern[str]:
    """Only a connective: a symbol, 'with', 'plus', or a conjunction ('and', 'et', 'e', 'y')."""
    words = f"{_JOINS}|{any_of(list(conjunctions))}" if conjunctions else _JOINS
    return compiled(rf"^[\s,()+/&-]*(?:{words})?[\s,()+/&-]*$", re.I)


_DOSED_GAP = 60  # characters between two drugs with their doses: '75 mg/m2 SC D1-7 + '


@lru_cache(maxsize=4)
def _dosing(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return compiled("|".join(f"(?:{p})" for p in patterns), re.I) if patterns else None


@lru_cache(maxsize=4)
def _links(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len)[::-1])
    return compiled(rf"^\s*(?:{alt})\s*$", re.I) if phrases else None


def _joined(gap: str, rules: RuleSet) -> bool:
    """Two drugs with only a connective between them, or a dose, route and days on one line.

    'Venetoclax was added to azacitidine', 'azacitidine with the addition of venetoclax':
    a combination's link joins them too.
    """
    connect = _connect(tuple(rules.attribution.conjunctions))  # 'azacitidine et vénétoclax'
    if len(gap) <= 12 and connect.match(gap):
        return True
    links = _links(tuple(rules.vocabulary.combination_links))
    if links is not None and links.match(gap):
        return True
    dosing = _dosing(tuple(rules.vocabulary.dosing))
    if dosing is None or len(gap) > _DOSED_GAP:
        return False
    bare = dosing.sub(" ", gap)
    return bare != gap and "\n" not in bare and bool(connect.match(bare))


def _spelled_out(group: list[Mention], text: str) -> list[Mention]:
    """A drug list with a new name in brackets after it is that name spelled out.

    'liposomal daunorubicin and cytarabine (CPX-351)' is CPX-351, not DA: the bracketed
    name is what was given. A bracket repeating a listed drug ('venetoclax and azacitidine
    (AZA)') names only that drug, and the list stands.
    """
    *listed, last = group
    if not listed or not (
        re.search(r"\(\s*$", text[: last.start]) and re.match(r"\s*\)", text[last.end :])
    ):
        return group
    if last.kind != "drug" or any(m.kind != "drug" for m in listed):
        return group  # a regimen's alias in brackets already names the group
    return group if last.attrs["name"] in {m.attrs["name"] for m in listed} else [last]


_GLOSS_OPENS = re.compile(r"\s*[(（][^()（）\n]{0,20}")  # '(維奈妥拉+': a bracket opened
_GLOSS_CLOSES = re.compile(r"[^()（）\n]{0,20}[)）]")  # '+G-CSF)': closed after its names


def _named_drugs(group: list[Mention], rules: RuleSet) -> set[str]:
    """The drugs a group names: its drugs, those of the regimens it names, and their contents.

    `drug_contents`: CPX-351 is made of daunorubicin and cytarabine.
    """
    voc = rules.vocabulary
    regimens = {r.name: r.drugs for r in voc.regimens}
    named = {m.attrs["name"] for m in group if m.kind == "drug"}.union(
        *(regimens.get(m.attrs["name"], []) for m in group if m.kind == "regimen")
    )
    return named.union(*(voc.drug_contents.get(d, []) for d in named))


def _glosses(before: list[Mention], group: list[Mention], text: str, rules: RuleSet) -> bool:
    """A bracket right after a regimen naming only its drugs, in another language or script.

    'azacitidine plus venetoclax (維奈妥拉+阿扎胞苷)': the bracket translates the regimen
    (a name the vocabulary lacks beside one it knows) and is the same course, not a second.
    """
    if not (
        _GLOSS_OPENS.fullmatch(text, before[-1].end, group[0].start)
        and _GLOSS_CLOSES.match(text, group[-1].end)
    ):
        return False
    own = _named_drugs(group, rules)
    return bool(own) and own <= _named_drugs(before, rules)


def _dose_detail(before: list[Mention], m: Mention, text: str, rules: RuleSet) -> bool:
    """A drug of the regimen just named, with its dose, in a bracket opened after it.

    'azacitidine + venetoclax on DATE (cycle 1, aza 75 mg/m2 D1-7, ven 400 mg ...)': the
    bracket gives the regimen's dosing, no course of its own.
    """
    gap = text[before[-1].end : m.start]
    k = gap.rfind("(")
    if k < 0 or ")" in gap[k:] or k > 40 or re.search(r"[;\n]|\.\s", gap):
        return False  # the bracket opened within a few words after the regimen, still open
    if m.kind != "drug" or m.attrs["name"] not in _named_drugs(before, rules):
        return False
    dosing = _dosing(tuple(rules.vocabulary.dosing))
    return dosing is not None and dosing.match(text[m.end : m.end + 30].lstrip()) is not None


_CAPITAL_WORD = re.compile(r"[^\W\d_]{2,}")


def _among_capital_words(m: Mention, text: str, items: list[Mention], rules: RuleSet) -> bool:
    """A two-letter name standing among words in capitals, with no treatment on its line.

    'DA PRONTO SOCCORSO', 'HEMATOLOGIA DA SANTA CASA': the preposition, not the DA regimen.
    A course word ('INDUCTION DA'), a treatment verb ('DA GIVEN'), a dose or another drug on
    the line makes it a treatment.
    """
    name = text[m.start : m.end]
    if len(name) != 2 or not name.isalpha() or not name.isupper():
        return False
    lo, hi = text.rfind("\n", 0, m.start) + 1, text.find("\n", m.end)
    hi = len(text) if hi < 0 else hi
    before = re.search(r"([^\W\d_]+)\s+$", text[lo : m.start])
    after = re.match(r"\s+([^\W\d_]+)", text[m.end : hi])
    words = [w.group(1) for w in (before, after) if w]
    if not any(_CAPITAL_WORD.fullmatch(w) and w.isupper() for w in words):
        return False
    line = text[lo:hi]
    cues = [*rules.dates.courses, *rules.vocabulary.treatment_verbs]
    courses = compiled(rf"\b(?:{any_of(cues)})", re.I)
    dosing = _dosing(tuple(rules.vocabulary.dosing))
    others = any(o is not m and lo <= o.start < hi for o in items)
    return not (others or courses.search(line) or (dosing and dosing.search(line)))


_COMMA_ONLY = re.compile(r"\s*,\s*")
_SEMICOLON_ONLY = re.compile(r"[\s()]*;[\s()]*")
_COLUMN_GAP = re.compile(r"\S {2,}(?=\S)")  # a row of a chart set out in columns by spaces


def _charted_together(gap: str, at: int, text: str, rules: RuleSet) -> bool:
    """'DATE | C2 D1 | Azacitidine 140 mg SC; venetoclax 400 mg OD': one row, one course.

    A chart's row lists everything given that day, each drug with its dose, a semicolon
    between them: the drugs make one course. Only in a table's row (its cells, or a line
    set out in columns by runs of spaces): in prose a semicolon
    after a dose may part successive lines of therapy ('imatinib 400 mg; dasatinib 100 mg').
    """
    dosing = _dosing(tuple(rules.vocabulary.dosing))
    if dosing is None or len(gap) > _DOSED_GAP or "\n" in gap:
        return False
    bare = dosing.sub(" ", gap)
    if bare == gap or not _SEMICOLON_ONLY.fullmatch(bare):
        return False
    lo, hi = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    line = text[lo : len(text) if hi < 0 else hi]
    return CELL_SEP in line or len(_COLUMN_GAP.findall(line)) >= 2  # its cells, or columns


@lru_cache(maxsize=4)
def _begun_with(verbs: tuple[str, ...]) -> re.Pattern[str]:
    return compiled(
        rf"^\s*(?:(?:course|cycle|block|part)\s*\d{{1,2}}[AB]?\s+)?(?:{any_of(list(verbs))})\s+"
        r"(?:on\s+|in\s+)?[^\W_][\w./-]*(?:\s+[\w.]+){0,2}?\s+with\s*$",
        re.I,
    )


def _started_with(before: list[Mention], m: Mention, gap: str, rules: RuleSet) -> bool:
    """'Hyper-CVAD course 1A commenced DATE with dasatinib 100 mg od': one course, both drugs.

    The date after the start verb is the regimen's named before it; 'with' a drug after it
    adds that drug to the course (a TKI or venetoclax beside the chemotherapy), no course
    of its own.
    """
    if m.kind != "drug" or not any(b.kind == "regimen" for b in before) or len(gap) > _DOSED_GAP:
        return False
    verbs = rules.dates.given_verbs
    words = (*verbs.words, *verbs.course_began, *verbs.listed_course_began)
    return bool(_begun_with(words).match(gap))


def _successive(before: Mention, m: Mention, gap: str) -> bool:
    """'hyper-CVAD, blinatumomab -> allo': a named regimen is a whole course of its own.

    A comma alone between a regimen the vocabulary names and another treatment lists
    successive lines of therapy, never one combined course ('7+3 + midostaurin', 'FLAG-Ida
    with venetoclax' name their combination with a connective).
    """
    return bool(_COMMA_ONLY.fullmatch(gap)) and "regimen" in (before.kind, m.kind)


def regimen_anchors(mentions: list[Mention], text: str, rules: RuleSet) -> list[Anchor]:
    """Group drug and alias mentions into regimen anchors."""
    voc = rules.vocabulary
    items = [m for m in mentions if m.kind in ("regimen", "drug")]
    items = [m for m in items if not _among_capital_words(m, text, items, rules)]
    groups: list[list[Mention]] = []
    after_its_date: set[int] = set()  # 'Hyper-CVAD ... started DATE with dasatinib'
    for m in items:
        gap = text[groups[-1][-1].end : m.start] if groups else ""
        if groups and _successive(groups[-1][-1], m, gap):
            groups.append([m])
        elif groups and (
            _joined(gap, rules)
            or _glosses(groups[-1], [m], text, rules)
            or _charted_together(gap, m.start, text, rules)
        ):
            groups[-1].append(m)
        elif groups and _started_with(groups[-1], m, gap, rules):
            groups[-1].append(m)
            after_its_date.add(id(m))  # the course's span ends before its date: it owns it
        elif groups and _dose_detail(groups[-1], m, text, rules):
            continue  # 'AZA+VEN on DATE (aza 75 mg/m2 D1-7, ...)': the regimen's own dosing
        else:
            groups.append([m])
    anchors = []
    for g in [part for group in groups for part in listed_apart(voc, group, text)]:
        given = _spelled_out(g, text)
        names = [m.attrs["name"] for m in given if m.kind == "regimen"]
        drugs = sorted({m.attrs["name"] for m in given if m.kind == "drug"})
        flags = set().union(*(m.flags for m in g))
        name, made = composed_name(voc, names, drugs)
        if name is None:
            continue
        if made:
            flags.add(NAMED_FROM_DRUGS)  # 'azacitidine + gilteritinib': a name of our making
        fuzzy = any(m.attrs.get("fuzzy") for m in g)
        anchors.append(
            Anchor(
                "regimen",
                g[0].start,
                max(x.end for x in g if id(x) not in after_its_date or x is g[0]),
                {"name": name, "drugs": drugs or None, "fuzzy": fuzzy},
                flags,
            )
        )
    return anchors


__all__ = ["regimen_anchors"]
