"""Mentions -> event anchors: triggers, drug groups named as regimens, diagnoses with disease."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from recordkit.dates import DateMention
from recordkit.nlp.car_t_days import car_t_days
from recordkit.nlp.disease_onsets import onset_mention
from recordkit.nlp.drug_groups import regimen_anchors
from recordkit.nlp.mention import TABLE_NOTE, TIME_POINT_NOTE, Anchor, Mention
from recordkit.nlp.raw import DROP_FLAGS, EVENT_KINDS, LATER_COURSE
from recordkit.nlp.rules import RuleSet

Pick = Callable[[list[Mention]], Mention] | None
FROM_MRD = "remission.from_mrd"  # the trigger of an MRD-negative marrow after therapy


def _inferred(a: Anchor) -> bool:
    """A remission only an MRD-negative marrow tells, no remission word naming it."""
    return str(a.attrs.get("rule", "")).startswith(FROM_MRD)


def _diagnoses(
    diseases: list[Mention], found: bool = False, since: bool = False, pick: Pick = None
) -> list[Anchor]:
    """One diagnosis per disease a diagnosis sentence names.

    'MDS-EB1 in 2019, which transformed to AML in March 2021' tells two; 'T-ALL (ALL)' one,
    by its most specific name; a disease also named where a cue drops it ('DD: MDS vs AML;
    marrow confirmed AML') is the asserted mention's. `found`: a report's finding (flag
    FOUND), dated by its report; `since`: a disease followed since a date (flag KNOWN_SINCE),
    diagnosed by then.
    """
    lineage = [d for d in diseases if d.attrs["label"] in ("B-ALL", "T-ALL")]
    out: list[Anchor] = []
    for label in dict.fromkeys(d.attrs["label"] for d in diseases):
        named = [d for d in diseases if d.attrs["label"] == label]
        named = [d for d in named if not d.flags & DROP_FLAGS] or named
        if label == "ALL" and lineage:
            continue  # the lineage's own mention is the diagnosis
        first = pick(named) if pick is not None else named[0]  # where its onset is told
        flags = set().union(*(d.flags for d in named)) | ({FOUND} if found else set())
        flags |= {KNOWN_SINCE} if since else set()
        out.append(Anchor("diagnosis", first.start, first.end, {"label": label}, flags))
    return out


DIAGNOSIS_CUE = "diagnosis.cue"  # triggers of the word diagnosis itself ('Date of diagnosis')
FINDING_CUE = "diagnosis.finding"  # triggers whose finding names a disease: 's/o AML'
FOUND = "finding"  # a diagnosis a report's finding states: found by the report's date
NOT_NEW = ("relapse", "remission")  # a finding beside these is of a disease known before


ONSET_CUE = "diagnosis.onset"  # a disease's onset ('AML | Onset 11/2021'): when it began
SINCE_CUE = "diagnosis.known_since"  # 'followed for MDS since 2019': known by then
KNOWN_SINCE = "known_since"  # a diagnosis told by the date since which it was followed
PROBLEM_LIST = "diagnosis.problem_list"  # a problem list's heading: its diseases' dates


def _finding(m: Mention) -> bool:
    return str(m.attrs.get("rule", "")).startswith(FINDING_CUE)


def _first_told(m: Mention) -> bool:
    """A cue that tells a disease begin (a finding, an onset): not of one relapsed or remitted.

    So is a problem list's heading: 'Relapsed AML 03/2023' in its item dates the relapse.
    """
    return _finding(m) or str(m.attrs.get("rule", "")).startswith((ONSET_CUE, PROBLEM_LIST))


def _diagnosed(inside: list[Mention]) -> tuple[list[Mention], bool, bool]:
    """The diseases a sentence diagnoses, and whether only a finding or a follow-up says so.

    Only a follow-up: 'followed for MDS since 2019', diagnosed by that date.
    A report's finding ('consistent with AML', 'Conclusion: AML') diagnoses only a disease
    found new: not beside a relapse or remission ('s/o relapsed AML', 'known AML, in
    remission'), nor one the text calls known, residual or treated (context 'historical').
    """
    cue = [m for m in inside if m.kind == "diagnosis_cue" and not (m.flags & DROP_FLAGS)]
    diseases = [m for m in inside if m.kind == "disease"]
    if any(m.kind in NOT_NEW for m in inside):
        listed = any(str(m.attrs.get("rule", "")).startswith(PROBLEM_LIST) for m in cue)
        cue = [m for m in cue if not _first_told(m)]
        if listed and not cue:  # 'Diagnoses: 1. B-ALL, 2nd relapse, DATE': the DATE is the
            told = [replace(d, flags=d.flags | {LATER_COURSE}) for d in diseases]  # relapse's
            return told, False, False
    found = bool(cue) and all(_finding(m) for m in cue)
    if found:
        diseases = [d for d in diseases if "historical" not in d.flags]
    since = bool(cue) and all(str(m.attrs.get("rule", "")).startswith(SINCE_CUE) for m in cue)
    return (diseases if cue else []), found, since


NEXT_SENTENCE = "date_in_next_sentence"  # flag: the diagnosis took the next sentence's date
_NOT_DISEASE = EVENT_KINDS | {"regimen", "drug"}  # what a cue's date may be told of instead
_CUE_THEN_DATE = re.compile(r"[ \t]*(?:(?:on|in)[ \t]+)?(?:\d|[A-Za-z]{3,9}\.?[ \t]+\d)")
_NAMED_BEFORE = 300  # characters before a sentence whose last disease a bare cue dates


def _dated_before(
    inside: list[Mention], mentions: list[Mention], text: str, s0: int
) -> list[Anchor]:
    """'AML with mutated NPM1. Diagnosed DATE (...)': the disease just named, dated by the cue.

    A sentence that opens with a diagnosis cue and its date ('Diagnosed DATE', 'Presented
    DATE with WCC 48') and names no disease tells when the disease of the sentence before it
    (in its paragraph, no event or course named between) was diagnosed; the anchor is the
    cue, so the date beside it is its, doubted as taken from the sentence after the disease's.
    """
    cue = next((m for m in inside if m.kind == "diagnosis_cue"), None)
    if cue is None or any(m.kind == "disease" for m in inside) or text[s0 : cue.start].strip():
        return []
    if str(cue.attrs.get("rule", "")) != DIAGNOSIS_CUE + ".en" or cue.flags & DROP_FLAGS:
        return []
    if not _CUE_THEN_DATE.match(text, cue.end):
        return []
    lo = max(text.rfind("\n\n", 0, s0), s0 - _NAMED_BEFORE)
    told = [m for m in mentions if m.kind == "disease" and lo <= m.start < s0]
    if not told or told[-1].flags & DROP_FLAGS:  # 'Her mother had AML. Diagnosed 2019 ...'
        return []
    last = told[-1]
    if any(m.kind in _NOT_DISEASE and last.start < m.start < s0 for m in mentions):
        return []  # 'AML in CR1. Presented DATE with fever', 'AML. FLAG-Ida x2. Diagnosed DATE'
    label = {"label": last.attrs["label"]}
    return [Anchor("diagnosis", cue.start, cue.end, label, {NEXT_SENTENCE})]


_ITEM_DATE = re.compile(  # 'B-ALL 11/2020', 'AML (03/2021)', 'AML Mar 2021': a date alone
    r"[ \t]*[(]?[ \t]*(?:(?:\d{1,2}[./-])?\d{1,2}[./-]\d{2,4}|[A-Za-z]{3,9}\.?[ \t]+\d{4})"
)
_ITEM_END = re.compile(r"[ \t]*[)]?[ \t]*(?:;|$)", re.M)


def _listed_items(inside: list[Mention], text: str, s0: int, s1: int) -> list[Anchor]:
    """'Course: B-ALL 11/2020; hyper-CVAD x2; ...': a disease and its date as a history's item.

    In a history written as items parted by semicolons, the date written right after a
    disease that is its item's only mention dates its diagnosis, not the next item's course.
    """
    out: list[Anchor] = []
    for m in inside:
        if m.kind != "disease" or m.flags & DROP_FLAGS:
            continue
        lo = max(text.rfind(";", s0, m.start), text.rfind(":", s0, m.start), s0 - 1) + 1
        date = _ITEM_DATE.match(text, m.end, s1)
        end = _ITEM_END.match(text, date.end(), s1) if date else None
        if date is None or end is None or text[lo : m.start].strip(" \t\n-•*"):
            continue
        if ";" not in text[s0:s1] or any(o is not m and lo <= o.start < end.end() for o in inside):
            continue
        out.append(Anchor("diagnosis", m.start, m.end, {"label": m.attrs["label"]}, set(m.flags)))
    return out


def column_cues(mentions: list[Mention], header: tuple[int, int] | None) -> list[Mention]:
    """The diagnosis cues of a table row's header ('Problem | Onset', 'Diagnosis | Date').

    A header names what the cells under it are: a disease in a row under 'Onset' or
    'Diagnosis' is diagnosed as if its row said so; so does a heading on a line of its own
    ('FINAL DIAGNOSIS:') for the lines under it.
    """
    if header is None:
        return []
    return [m for m in mentions if m.kind == "diagnosis_cue" and header[0] <= m.start < header[1]]


def find_anchors(
    mentions: list[Mention],
    text: str,
    s0: int,
    s1: int,
    rules: RuleSet,
    header: tuple[int, int] | None = None,
) -> list[Anchor]:
    """The event anchors of one sentence [s0, s1): triggers, regimens, diagnoses.

    What a cited trial or author reports (a literature aside) is no anchor: it takes no date;
    nor is a course table's note on a row's dose ('aza 5 days') or a drug heading its column,
    nor a results table's note of its sample's time point ('On nilotinib').
    `header` is the span of the header row of the table whose row the sentence is, or of the
    heading line above it.
    """
    unsaid = {"literature", TABLE_NOTE, TIME_POINT_NOTE}
    inside = [m for m in mentions if s0 <= m.start < s1 and not m.flags & unsaid]
    out = [
        Anchor(m.kind, m.start, m.end, dict(m.attrs), set(m.flags))
        for m in inside
        if m.kind in EVENT_KINDS or m.kind == "ignore"
    ]
    out = car_t_days(out, inside, mentions, text, s0, rules)
    out += regimen_anchors(inside, text, rules)
    turned = rules.attribution.transformation_words
    out += _diagnoses(
        *_diagnosed(inside + column_cues(mentions, header)),
        pick=lambda named: onset_mention(named, text, turned),
    )
    out += _dated_before(inside, mentions, text, s0)
    if not any(a.kind == "diagnosis" for a in out):
        out += _listed_items(inside, text, s0, s1)
    out.sort(key=lambda a: a.start)
    merged: list[Anchor] = []
    for a in out:  # same-kind neighbours with nothing between them are one mention, named by
        # the word that names it ('MRD-negative CR': CR, not the marrow's result)
        if (
            merged
            and merged[-1].kind == a.kind
            and a.kind != "ignore"
            and merged[-1].attrs.get("name") == a.attrs.get("name")
            and re.fullmatch(r"[\s(),\-]*", text[merged[-1].end : a.start])
        ):
            merged[-1].end = a.end
            merged[-1].flags |= a.flags
            if _inferred(merged[-1]) and not _inferred(a):  # 'MRD-negative CR': CR names it
                merged[-1].attrs["rule"] = a.attrs.get("rule")
        else:
            merged.append(a)
    return merged


_FIELD_VALUE = re.compile(r"[^\n]*?(?:[:：|\t]|[ \t]{2,})[ \t]*")  # 'Date of diagnosis: '


def _form_disease(mentions: list[Mention]) -> str | None:
    """The one disease a form page names (its ticked box), else None."""
    told = [m for m in mentions if m.kind == "disease" and not m.flags & DROP_FLAGS]
    labels = {m.attrs["label"] for m in told}
    if labels & {"B-ALL", "T-ALL"}:
        labels.discard("ALL")
    return labels.pop() if len(labels) == 1 else None


def form_diagnosis(
    mentions: list[Mention], text: str, span: tuple[int, int], dates: list[DateMention]
) -> Anchor | None:
    """A form's date-of-diagnosis field: the diagnosis of the disease the page names.

    'Date of diagnosis: 11/10/2021' over 'Primary disease diagnosis: [X] AML', a table's
    'Date of diagnosis | 21/03/2022' under 'Diagnosis | Ph-negative B-ALL': a field whose
    label is a diagnosis cue alone and whose value is its date alone dates the diagnosis of
    the one disease its page names elsewhere (none when the page names several).
    """
    s0, s1 = span
    inside = [m for m in mentions if s0 <= m.start < s1]
    cues = [m for m in inside if str(m.attrs.get("rule", "")).startswith(DIAGNOSIS_CUE)]
    dated = [d for d in dates if s0 <= d.start < s1]
    if not cues or len(cues) != len(inside) or len(dated) != 1 or cues[0].flags & DROP_FLAGS:
        return None
    d = dated[0]
    if not _FIELD_VALUE.fullmatch(text, s0, d.start) or text[d.end : s1].strip():
        return None
    label = _form_disease(mentions)
    if label is None:
        return None
    return Anchor("diagnosis", cues[0].start, cues[-1].end, {"label": label}, set())


_ITEM_ENDS = (";", "；")


def item_span(
    text: str, anchors: list[Anchor], i: int, s0: int, s1: int, parts: re.Pattern[str] | None = None
) -> tuple[int, int]:
    """Where anchor i's attributes are looked for: between its neighbours.

    A semicolon between it and a neighbour closes its item ('skin GVHD grade 2 (Feb 2022);
    mild chronic GVHD of the mouth'); so does a date the neighbour before owns ('gut GVHD
    grade III on DATE and liver GVHD on DATE'). Between two neighbours of one kind, the last
    comma or conjunction (`parts`) between them ends the first's phrase ('GvHD acuta
    intestinale di grado III e, successivamente, da una GvHD cronica del cavo orale').
    """
    a = anchors[i]
    lo = anchors[i - 1].end if i > 0 else s0
    if i > 0:
        lo = max([lo, *(d.end for d in anchors[i - 1].dates if d.end <= a.start)])
    hi = anchors[i + 1].start if i + 1 < len(anchors) else s1
    if i > 0:
        lo = max(lo, *(text.rfind(c, lo, a.start) + 1 for c in _ITEM_ENDS))
    if parts is not None and i > 0 and anchors[i - 1].kind == a.kind:
        lo = max([lo, *(m.end() for m in parts.finditer(text, lo, a.start))])
    if i + 1 < len(anchors):
        hi = min(hi, *(k for c in _ITEM_ENDS if (k := text.find(c, a.end, hi)) >= 0), hi)
    if parts is not None and i + 1 < len(anchors) and anchors[i + 1].kind == a.kind:
        hi = min([hi, *[m.start() for m in parts.finditer(text, a.end, hi)][-1:]])
    return lo, hi


def window(
    text: str, anchors: list[Anchor], i: int, s0: int, s1: int, parts: re.Pattern[str] | None = None
) -> str:
    """The text of anchor i's item (`item_span`)."""
    lo, hi = item_span(text, anchors, i, s0, s1, parts)
    return text[lo:hi]
