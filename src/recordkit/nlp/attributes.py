"""Kind-specific attributes of an event anchor.

Relapse type, remission depth, CAR-T target, grafts and donor, DLI dose, GVHD organ, grade
and form, engraftment lineage, cycle, and the genetics of a diagnosis.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from recordkit.dates import ORDINALS, DateMention
from recordkit.nlp.anchors import FROM_MRD, Anchor
from recordkit.nlp.clause_time import course_number, phase_words
from recordkit.nlp.organs import denied
from recordkit.nlp.rules import AttributeRules, RuleSet, ValueCue
from recordkit.nlp.section_fields import PageFields, page_fields
from recordkit.nlp.spans import ARROW
from recordkit.relapse import load_relapse_rules
from recordkit.rule_cache import compiled, per_rule_set

if TYPE_CHECKING:
    from recordkit.layout import PageLayout


class _Cues:
    """attributes.json compiled once per rule set."""

    def __init__(self, rules: AttributeRules) -> None:
        def table(cues: list[ValueCue]) -> list[tuple[str, re.Pattern[str]]]:
            return [(c.value, compiled("|".join(map(_latin, c.patterns)), re.I)) for c in cues]

        self.relapse_stated = table([c for c in rules.relapse_type if c.stated])
        self.relapse_told = table([c for c in rules.relapse_type if not c.stated])
        self.relapse_by_mrd = compiled(rules.relapse_by_mrd_in_sentence, re.I)
        self.remission_depth = table(rules.remission_depth)
        self.mrd_positive = compiled("|".join(rules.mrd_positive) or "(?!x)x", re.I)
        self.gvhd_form = table(rules.gvhd_form)
        self.gvhd_grade = compiled(rules.gvhd_grade, re.I)
        self.platelet = [w.lower() for w in rules.engraftment_platelet]
        self.dli_dose = compiled(rules.dli_dose, re.I)
        self.cycle = compiled(rules.cycle, re.I)
        self.cycle_ordinals = table(rules.cycle_ordinals)
        self.genetics = compiled(rules.genetics, re.I)
        self.staged_sites = compiled("|".join(rules.staged_sites) or r"(?!x)x", re.I)
        labels = "|".join(rules.transplant_field_labels)
        self.transplant_fields = compiled(r"\s*(?:" + labels + r")\s*[:：]", re.I)
        self.stated_fields = compiled(  # 'Stem cell source - PBSC.': a field written in prose
            r"(?:^|(?<=[.;。；]))\s*(?:" + labels + r")\s*(?:[:：]|\s[-–—]\s)[^.;。；\n]*", re.I
        )


def _latin(pattern: str) -> str:
    """A pattern written in ASCII with Latin word boundaries: 'CRi' stands beside Han ('达CRi')."""
    return f"(?a:{pattern})" if pattern.isascii() else pattern


_cues = per_rule_set(_Cues)


MRD_NEGATIVE = "MRD-negative"  # the remission depth an MRD-negative marrow gives


def tells_mrd_negative(window: str, rules: RuleSet) -> bool:
    """Whether `window` tells an MRD-negative remission ('MRD-negative CR1'), not denied."""
    depths = [(v, rx) for v, rx in _cues(rules.attributes).remission_depth if v == MRD_NEGATIVE]
    return _pick(depths, window) is not None


def tells_mrd_positive(window: str, rules: RuleSet) -> bool:
    """Whether `window` gives a positive MRD result ('NGS MRD 2.1 x 10^-4', 'MRD 0.42%')."""
    return bool(_cues(rules.attributes).mrd_positive.search(window))


_DENIED_AFTER = re.compile(  # 'CNS negative', 'CSF: clear': the site found free of disease
    r"\s*[:-]?\s*(?:negative|neg\b|-ve\b|clear\b|free\b|uninvolved|not involved|no blasts)", re.I
)


def _pick(table: list[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    """The first value of `table` whose patterns match `text`, not where a cue is denied.

    'Relapse on 15/10/2022, no CNS involvement', '..., CNS negative' are not extramedullary.
    """
    return next(
        (
            value
            for value, rx in table
            if any(
                not denied(text[: m.start()]) and not _DENIED_AFTER.match(text, m.end())
                for m in rx.finditer(text)
            )
        ),
        None,
    )


def clear_site_staging(text: str, d: DateMention, rules: RuleSet) -> bool:
    """'CNS negative (CSF cytospin 19-03-2023: no blasts)': the date a site was found clear.

    A date in a bracket written right after a staged site with a negative word is the staging
    test's, never a relapse's or a treatment's.
    """
    opened = text.rfind("(", max(0, d.start - 60), d.start)
    if opened < 0 or ")" in text[opened : d.start]:
        return False
    lo = max(opened - 60, *(text.rfind(c, 0, opened) + 1 for c in ",;\n"))
    clause = text[lo:opened]
    return any(
        denied(clause[: m.start()]) or _DENIED_AFTER.match(clause, m.end())
        for m in _cues(rules.attributes).staged_sites.finditer(clause)
    )


def _first(table: dict[str, list[str]], hay: str) -> str | None:
    for key, pats in table.items():
        if any(compiled(rf"(?<![A-Za-z]){p}", re.I if len(p) > 3 else 0).search(hay) for p in pats):
            return key
    return None


_WORD_END = r"(?:(?<![A-Za-z])|(?![A-Za-z]))"  # a Latin word ends here ('Darm\w*': compounds)


def _named_organ(organs: dict[str, list[str]], window: str, unstaged: str) -> str | None:
    """The first organ of the table the window names, not one it denies or stages 0.

    'with no gut'; 'gut stage 3, skin 0': the skin is not involved.
    """
    staged_0 = compiled(unstaged, re.I)
    for organ, pats in organs.items():
        for p in pats:  # a Latin word whole: German 'gutes' is no gut; '皮肤GVHD' is the skin's
            rx = compiled(rf"(?<![A-Za-z]){p}{_WORD_END}", re.I if len(p) > 3 else 0)
            if any(
                not denied(window[: m.start()]) and not staged_0.match(window, m.end())
                for m in rx.finditer(window)
            ):
                return organ
    return None


def _grafts(table: dict[str, list[str]], text: str) -> list[str]:
    return [
        g
        for g, pats in table.items()
        if any(compiled(p, 0 if p.isupper() else re.I).search(text) for p in pats)
    ]


_NOW_IN = re.compile(r"\b(?:now|currently|presently|today)\s+(?:\w+\s+)?(?:on|in|at)\s+$", re.I)
COUNT_RECOVERY = "engraftment.recovery"  # triggers of 'ANC recovery', 'sortie d'aplasie'
MOLECULAR_RESPONSE = "remission.molecular_response"  # 'CMR', 'deep molecular response'


def transplant_fields(layout: PageLayout, rules: RuleSet) -> PageFields:
    """A page's `Donor: ...` and `Graft: ...` fields, where a transplant summary states them."""
    return page_fields(layout, _cues(rules.attributes).transplant_fields)


_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


def stated_fields(text: str, end: int, rules: RuleSet) -> str:
    """The transplant fields stated in prose after `end`, to its paragraph's end.

    'Allogeneic BMT on 22/12/2021. Stem cell source - PBSC.': the sentence after a transplant
    that states its graft or donor as a field is the transplant's, as a form's field is.
    """
    stop = _PARAGRAPH_END.search(text, end)
    rest = text[end : min(stop.start() if stop else len(text), end + 200)]
    found = _cues(rules.attributes).stated_fields.finditer(rest)
    return "\n".join(m.group(0).strip() for m in found)


def stated_relapse_type(window: str, rules: RuleSet) -> str | None:
    """The relapse type `window`'s words state outright ('isolated CNS relapse'), if any."""
    return _pick(_cues(rules.attributes).relapse_stated, window)


def attributes(
    a: Anchor,
    window: str,
    prefix: str,
    sentence: str,
    rules: RuleSet,
    page_blasts: float,
    fields: str = "",
    blood_blasts: float = 0.0,
) -> dict[str, Any]:
    """The anchor's attributes, read from its window and sentence.

    `fields` are the page's transplant fields (`transplant_fields`): a transplant summary's
    `Day 0:` line names neither donor nor graft, its `Donor:` and `Graft:` fields do. A
    relapse on a page showing circulating blasts (`blood_blasts`) is haematological, and
    says so to the relapse typing (`_blood_blasts`) that weighs the case's dated results.
    """
    voc, out = rules.vocabulary, dict(a.attrs)
    out.pop("rule", None)
    low = window.lower()
    cues = _cues(rules.attributes)
    if a.kind == "relapse":
        blasts_level = load_relapse_rules().haematological_blasts
        stated = _pick(cues.relapse_stated, window)  # molecular, combined, extramedullary
        if stated:
            out["_type_stated"] = True
        out["type"] = stated or (
            "haematological"
            if _pick(cues.relapse_told, window) or page_blasts >= blasts_level or blood_blasts > 0
            else "molecular"
            if cues.relapse_by_mrd.search(sentence)
            else None
        )
        if blood_blasts > 0 and out["type"] == "haematological":
            out["_blood_blasts"] = blood_blasts
    elif a.kind == "remission":
        own = _of_its_time(a, window, prefix, rules)
        out["depth"] = _pick(cues.remission_depth, own)
        if out["depth"] == MRD_NEGATIVE and cues.mrd_positive.search(own, _past_arrow(prefix)):
            # 'flow MRD negative; NPM1 MRD (qPCR) 0.42%': one assay positive, no MRD-negative CR
            out["depth"] = _pick([c for c in cues.remission_depth if c[0] != MRD_NEGATIVE], own)
        if str(a.attrs.get("rule", "")).startswith(FROM_MRD):  # a marrow's result, none named
            a.flags.add("from_mrd")
            out["depth"] = out["depth"] or MRD_NEGATIVE  # 'marrow: MRD undetectable'
        if a.attrs.get("rule") == MOLECULAR_RESPONSE:  # no remission in a chronic leukaemia
            out["_molecular_response"] = True
    elif a.kind == "car_t":
        names = "|".join(re.escape(ag) for ag in voc.antigens)
        dual = re.search(rf"(?<![A-Za-z0-9])(?:{names})\s*[/+&]\s*(?:{names})\b", window, re.I)
        for ag in [dual.group(0)] if dual else voc.antigens:  # 'CD19/CD22': both its targets
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(ag)}(?![0-9])", window, re.I):
                out["target"] = re.sub(r"\s+", "", ag.replace("-", "").upper())
                break
        else:  # 'axi-cel', 'Kymriah': the product names its target
            out["target"] = next(
                (ag for ag, names in voc.car_t_products.items() for n in names
                 if re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", window, re.I)),
                None,
            )  # fmt: skip
    elif a.kind == "transplant":
        stated = _grafts(voc.grafts, sentence) or _grafts(voc.grafts, fields)
        stated = stated or _grafts(voc.field_grafts, fields)  # 'Stem cell source: BM'
        implied = [] if stated else _grafts(voc.grafts_by_procedure_name, sentence)
        out["grafts"] = stated or implied or None
        if implied:  # 'BMT': a graft the procedure's name implies gives way to a stated one
            out["_grafts_implied"] = True
        out["donor"] = _first(voc.donors, sentence) or _first(voc.donors, fields)
    elif a.kind == "dli":  # the dose written after it, else one before it in its own clause
        m = cues.dli_dose.search(window, len(prefix))
        m = m or cues.dli_dose.search(prefix, _clause_start(prefix))
        out["dose"] = m.group(0) if m else None
    elif a.kind == "gvhd":
        out["organ"] = _named_organ(voc.gvhd_organs, window, rules.attributes.gvhd_organ_unstaged)
        m = cues.gvhd_grade.search(window)
        if m:
            g = (m.group(1) or m.group(2)).upper()
            out["grade"] = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(g) or int(g)
        out["form"] = _pick(cues.gvhd_form, window)
    elif a.kind == "engraftment":
        if str(a.attrs.get("rule", "")).startswith(COUNT_RECOVERY):  # only after a transplant
            a.flags.add("count_recovery")
        own = window[len(prefix) : len(prefix) + a.end - a.start]  # 'platelet recovery'
        after = _NEXT_WORD.match(window, len(prefix) + a.end - a.start)  # 'injerto plaquetario'
        near = (prefix[-25:] + own + (after.group(1) if after else "")).lower() or low
        out["lineage"] = "platelet" if any(w in near for w in cues.platelet) else "neutrophil"
    elif a.kind == "regimen":  # its own clause's number: not 'DA cycle 1 (DATE) and DA cycle 2'
        m = cues.cycle.search(window, _clause_start(prefix))
        if m and not _NOW_IN.search(window, max(0, m.start() - 24), m.start()):
            out["cycle"] = course_number(m)  # not 'is now on cycle 2': today's
        elif n := _pick(
            cues.cycle_ordinals, prefix[max(_clause_start(prefix), len(prefix) - 40) :]
        ):
            out["cycle"] = int(n)  # 'Secondo ciclo Hyper-CVAD', '2e cure de FLAG-Ida'
    elif a.kind == "diagnosis":
        genes = sorted({g.group(0) for g in cues.genetics.finditer(sentence)}, key=sentence.find)
        out["genetics"] = ", ".join(genes) or None
    return {k: v for k, v in out.items() if v is not None and k != "fuzzy"}


# the word right after a mention, past a 'de'/'des': 'injerto plaquetario', 'greffe des PNN'
_NEXT_WORD = re.compile(r"\s*(?:(?:de|des|du)\s+(?:(?:los|las|la|les)\s+)?)?(\w+)", re.I)
_CLAUSE_BREAK = re.compile(r"[;；,，]|\band\b|\bthen\b", re.I)


def _clause_start(prefix: str) -> int:
    """Where the clause that ends with `prefix` begins: after its last ';', ',' or 'and'."""
    ends = [m.end() for m in _CLAUSE_BREAK.finditer(prefix)]
    return ends[-1] if ends else 0


def _of_its_time(a: Anchor, window: str, prefix: str, rules: RuleSet) -> str:
    """A dated remission's window up to a later clause that names a later time of its own.

    'CR2 on marrow 12/10/2021, NPM1 MRD negative after C2': the marrow of that day showed CR2;
    MRD negativity was found after the second course (an after-word and a treatment phase or
    a numbered course), so its depth words are not that remission's. A remission whose own
    clause has no date, or names the same kind of time ('CR after C2, MRD negative after C2'),
    keeps them.
    """
    after, phase = phase_words(
        tuple(rules.attribution.after_words), tuple(rules.attribution.phase_words)
    )
    cycle = _cues(rules.attributes).cycle
    lo, own = a.start - len(prefix), len(prefix) + a.end - a.start
    breaks = list(_CLAUSE_BREAK.finditer(window, own))
    if not breaks or after.search(window, _clause_start(prefix), breaks[0].start()):
        return window
    if not any(lo + own <= d.start < lo + breaks[0].start() for d in a.dates):
        return window
    for brk, nxt in zip(breaks, [*breaks[1:], None], strict=True):
        end = nxt.start() if nxt else len(window)
        for m in after.finditer(window, brk.end(), end):
            if phase.match(window, m.end(), end) or cycle.match(window, m.end(), end):
                return window[: brk.start()]
    return window


def _past_arrow(prefix: str) -> int:
    """Where a remission's own result begins: past the last arrow before it, else at 0.

    'Blinatumomab for MRD+ disease -> MRD negative (<0.01%) 09/2021, CR1': the positive MRD
    is why the course was given, before it; what came of it is told after the arrow.
    """
    arrows = list(ARROW.finditer(prefix))
    return arrows[-1].end() if arrows else 0


_CR_NUMBER = re.compile(r"\b(?:CR|RC)\s?([1-4])\b")  # a remission's number: 'CR2', 'RC2'
_CR_BRACKET = re.compile(r"\s*[(\[]\s*(?:CR|RC)\s?([1-4])\b")  # 'CRi (CR2)', 'RC (RC2)'


def ordinal(text: str, a: Anchor) -> int | None:
    """'the second DLI', 'CR2': the ordinal written just before the anchor, or in it.

    A remission's number may also stand in its mention ('complete remission (CR1') or in a
    bracket right after it ('CRi (CR2) on 30/03/2020'): the remission is the second.
    """
    if a.kind == "remission":
        own = _CR_NUMBER.search(text, a.start, a.end) or _CR_BRACKET.match(text, a.end)
        if own:
            return int(own.group(1))
    m = re.search(
        rf"\b({_ORDINAL_WORDS})\s+(?:\w+\s+)?$", text[max(0, a.start - 20) : a.start], re.I
    )
    return ORDINALS[m.group(1).lower()] if m else None


_ORDINAL_WORDS = "|".join(w for w, n in ORDINALS.items() if 1 <= n <= 4)
