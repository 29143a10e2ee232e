"""An MRD-negative marrow no remission is named with: the remission it tells, where it is new.

'Tisagenlecleucel infused on 13/02/2024. Bone marrow on 12/03/2024: MRD negative.', and
'Blinatumomab cycle 1 from 01/03/2023. Repeat marrow on 07/04/2023: MRD negative.': a marrow's
result written without a time word ('day +28', 'after') tells a remission when the patient was
not already known to be in an MRD-negative remission then. So it does after a relapse told
earlier on the page and no remission since (nor a transplant: one is given in a remission, told
or not), and after a remission told MRD-positive or of no stated depth ('CRi on day 28, MRD
0.3%. ... Pre-transplant marrow: MRD negative': the remission deepened, which clinicians
record). It does not after an MRD-negative remission or an earlier MRD-negative marrow, nor
after a transplant or DLI given in a remission told before it ('Day +100 marrow: MRD negative'
confirms the remission the transplant was given in). Where the page tells no state at all, a
treatment told just above it (`story_start`: a few lines, not past a heading or table) that
gives a remission (a CAR-T, a course) makes it one; a transplant or DLI, given in remission,
does not. A result with no marrow word beside it ('Result: ... MRD negative') is a marrow's where
the report's last head line naming a specimen above it names the marrow ('Specimen: Bone marrow
aspirate'; `specimen_heads`), as a report's blasts are, and so is one in a treatment table's
response cell that gives the test's own date ('DATE | Inotuzumab C2 | MRD negative (flow,
DATE)'): the course's response, a remission where it is new (a bare 'MRD negative' repeating
the column's state course by course is the same remission going on). A marrow its own
report calls a relapse is none ('Flow MRD: negative (<0.1%). NGS: NPM1 detected, VAF 2.5%.
/ Impression: molecular relapse'): a relapse told, undated, after the result in its block or
in the lines of fields right below it (`_REPORT_BLOCKS`, not past a heading or table) is what
that marrow found.
"""

from __future__ import annotations

import re

from recordkit.layout import BlockKind, PageLayout
from recordkit.nlp.attributes import tells_mrd_negative, tells_mrd_positive
from recordkit.nlp.drug_groups import regimen_anchors
from recordkit.nlp.mention import Anchor, Mention
from recordkit.nlp.past_points import story_start
from recordkit.nlp.raw import DROP_FLAGS
from recordkit.nlp.rules import RuleSet

MARROW_NEGATIVE = "marrow_negative"  # the trigger kind of a marrow's MRD-negative result
_GIVEN = ("car_t", "regimen")  # treatments a remission may follow
_IN_REMISSION = ("transplant", "dli")  # treatments given in a remission: they give none
_STATES = ("remission", "relapse", MARROW_NEGATIVE)  # an earlier clear marrow: in remission
BY_SPECIMEN = "remission.from_mrd.specimen"  # the trigger of a result its report's head places


def _of_marrow(
    m: Mention, heads: tuple[tuple[int, bool], ...], outcomes: tuple[tuple[int, int], ...]
) -> bool:
    """Whether `m` is a marrow's result: by its own words, its report's specimen, its cell."""
    if m.kind != MARROW_NEGATIVE or m.attrs.get("rule") != BY_SPECIMEN:
        return True
    if any(lo <= m.start < hi for lo, hi in outcomes):
        return True  # 'DATE | InO C2 | MRD negative (flow, DATE)': the course's response
    named = [marrow for at, marrow in heads if at < m.start]
    return bool(named) and named[-1]


def _told(mentions: list[Mention], text: str, end: int, rules: RuleSet) -> list[Anchor]:
    """The events told on the page before `end`, as anchors, in order; none a cue drops."""
    before = [m for m in mentions if m.end <= end]
    told = [Anchor(m.kind, m.start, m.end, m.attrs, m.flags) for m in before]
    told += regimen_anchors(before, text, rules)
    kinds = (*_GIVEN, *_IN_REMISSION, *_STATES)
    return sorted(
        (a for a in told if a.kind in kinds and not a.flags & DROP_FLAGS), key=lambda a: a.start
    )


_CLAUSE_END = re.compile(r"[;\n]|\.(?!\d)")  # a remission's depth is told in its clause
_CLAUSE_REACH = 80  # characters either side of a remission that may tell its depth


def _clause(text: str, a: Anchor) -> str:
    """The text of `a`'s clause, at most _CLAUSE_REACH characters either side of it."""
    lo, hi = max(0, a.start - _CLAUSE_REACH), min(len(text), a.end + _CLAUSE_REACH)
    ends_before = [m.end() for m in _CLAUSE_END.finditer(text, lo, a.start)]
    after = _CLAUSE_END.search(text, a.end, hi)
    return text[ends_before[-1] if ends_before else lo : after.start() if after else hi]


_REPORT_BLOCKS = 3  # a marrow report's blocks from its result on: findings, impression
_REPORT_KINDS = (BlockKind.FIELD, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
_DATED = re.compile(r"\b\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?\b|\b(?:19|20)\d{2}\b")
_DAY = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")  # a day's date, as written


def _report_end(layout: PageLayout, pos: int) -> int:
    """Where the report of the result at `pos` ends: its block and the prose below it."""
    blocks = [b for b in layout.blocks if b.end > pos]
    end = pos
    for b in blocks[:_REPORT_BLOCKS]:
        if b.kind not in _REPORT_KINDS:
            break
        end = b.end
    return end


def _called_relapse(mentions: list[Mention], text: str, layout: PageLayout, m: Mention) -> bool:
    """Whether the marrow report of result `m` calls an undated relapse after it."""
    end = _report_end(layout, m.start)
    return any(
        r.kind == "relapse"
        and m.end <= r.start < end
        and not r.flags & DROP_FLAGS
        and not _DATED.search(_clause(text, Anchor(r.kind, r.start, r.end, r.attrs, r.flags)))
        for r in mentions
    )


def _sample_start(text: str, m: Mention) -> int:
    """Where the marrow of result `m` is told: its day, the last written on its line before it.

    'Blinatumomab x 28 days (MRD+) | BM 08/02/2021: MRD negative': the row's marrow begins at
    its day; what the line tells before it (why the course was given) is no result of it.
    """
    line = text.rfind("\n", 0, m.start) + 1
    days = list(_DAY.finditer(text, line, m.start))
    return days[-1].start() if days else line


def _same_sample(text: str, relapse: Anchor, m: Mention) -> bool:
    """Whether the relapse told before is the marrow of result `m`, by its day.

    '0.44% IS on the marrow of DATE: molecular relapse. On the same marrow (DATE): flow MRD
    negative': the relapse's clause gives the day `m`'s marrow is told with.
    """
    day = _DAY.match(text, _sample_start(text, m))
    return day is not None and day.group(0) in set(_DAY.findall(_clause(text, relapse)))


def _is_new(
    mentions: list[Mention], text: str, layout: PageLayout, m: Mention, rules: RuleSet
) -> bool:
    """Whether marrow result `m` tells a remission the page has not already told."""
    told = _told(mentions, text, m.start, rules)
    states = [a for a in told if a.kind in _STATES]
    if states:
        last = states[-1]  # a relapse, or a remission not MRD-negative: this one is new
        since = {a.kind for a in told if a.start > last.start}
        if last.kind == "relapse":  # a transplant after it was given in a remission not told
            return "transplant" not in since and not _same_sample(text, last, m)
        return (
            last.kind == "remission"
            and not since & set(_IN_REMISSION)  # a transplant's marrow confirms the remission
            and not tells_mrd_negative(_clause(text, last), rules)
        )
    return bool(told) and told[-1].kind in _GIVEN and told[-1].start >= story_start(layout, m.start)


def marrow_remissions(
    mentions: list[Mention],
    text: str,
    layout: PageLayout,
    span: tuple[int, int],
    rules: RuleSet,
    specimen_heads: tuple[tuple[int, bool], ...] = (),
    outcomes: tuple[tuple[int, int], ...] = (),
) -> list[Anchor]:
    """The remissions the MRD-negative marrows of sentence `span` newly tell (`_is_new`).

    `text` is the page's analysis text, in `layout`'s offsets; `specimen_heads` the page's
    report head lines that name a specimen (offset, whether it is marrow); `outcomes` the
    spans of its treatment tables' response cells that hold a date of their own.
    """
    s0, s1 = span
    mentions = [m for m in mentions if _of_marrow(m, specimen_heads, outcomes)]
    if any(m.kind in ("remission", "relapse") and s0 <= m.start < s1 for m in mentions):
        return []  # 'marrow: MRD negative, CR': told; 'CNS relapse; the marrow MRD negative'
    return [
        Anchor("remission", m.start, m.end, dict(m.attrs), set(m.flags))
        for m in mentions
        if m.kind == MARROW_NEGATIVE
        and s0 <= m.start < s1
        and _is_new(mentions, text, layout, m, rules)
        and not tells_mrd_positive(text[max(s0, _sample_start(text, m)) : s1], rules)
        and not _called_relapse(mentions, text, layout, m)
    ]


__all__ = ["MARROW_NEGATIVE", "marrow_remissions"]
