"""The date of an event mention that states none of its own, from what its sentence and page give.

In order: the specimen's collection date (for a finding, never a treatment, nor one retold
in a history or a test request's clinical details unless they call the sample diagnostic);
the date of a treatment told in the same sentence (for a state: "DA in January 2021
achieved CR"), unless it is later than the document, the state is the treatment's sequel
("complicated by GVHD") or it is bracketed after it ("AZA+VEN from DATE (CRi on D28
marrow)": found later); the date a timeline line starts with (for a treatment: "- 3/2021:
Dx AML -> 7+3"), and for a diagnosis or a state (not a response) in a later sentence of a
list item, the date the item opens with ("- DATE: Presented ... BM bx: AML"); the
document's date when the mention's own clause says "today", or for a state a note's
assessment reports ("Assessment: molecular relapse": found by then) or a diagnosis a
report's finding states ("Conclusion: consistent with AML"); for a state in a sentence with
no date, the date of a test told earlier in its paragraph ("Bone marrow (17-04-2023):
blasts 2%. Patient in CR2.") or on the line above its report's fields ("Bone marrow biopsy
(12.04.2024)", "Findings: ...", "Conclusion: relapse of AML"); for a
diagnosis given on admission ('入院诊断：急性髓系白血病'), the stay's admission date. Otherwise
none, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from recordkit.dates import DateMention
from recordkit.layout import BlockKind, PageLayout
from recordkit.nlp.anchors import FOUND, Anchor
from recordkit.nlp.attribution_rules import AttributionRules
from recordkit.nlp.earlier_tests import present_tests
from recordkit.nlp.episodes import sentence_date
from recordkit.nlp.page_dates import EARLIER, lead_date, paragraph_date, test_line_date
from recordkit.nlp.raw import LATER_COURSE, RawDate, raw_date
from recordkit.nlp.shared_dates import ONGOING
from recordkit.nlp.spans import any_of, opens_bracket, whole_words
from recordkit.rule_cache import compiled

if TYPE_CHECKING:
    from recordkit.nlp.attribution import DatePolicy
    from recordkit.nlp.page_scope import PageScope

_CLAUSE_BREAK = re.compile(r"[,;:.(]|\b(?:after|following|since|before|post|from|when)\b", re.I)


@dataclass(frozen=True)
class DatingRules:
    """What attribution.json says about undated events: treatments, and words for today."""

    given: frozenset[str]  # kinds given to a patient (a regimen, a transplant, ...)
    reported: frozenset[str]  # states a note's assessment reports (a relapse, a remission)
    responses: frozenset[str]  # states found weeks after a treatment began (a remission)
    today: re.Pattern[str]  # 'DLI given today': words that refer to the document's own day
    diagnostic: re.Pattern[str]  # 'diagnostic sample': a request whose specimen found the disease
    sequel: re.Pattern[str]  # 'complicated by': what follows came after the treatment before it
    reason: re.Pattern[str]  # 'DATE for MRD relapse': what follows is why the treatment was given
    sequel_kinds: frozenset[str] = frozenset()  # states that only follow a treatment (GVHD)
    joined: re.Pattern[str] = re.compile(r"[,;]")  # a comma or conjunction: a clause told after
    new: re.Pattern[str] = re.compile(r"(?!)")  # 'new-onset cGVHD': found on the note's day

    @classmethod
    def of(cls, rules: AttributionRules) -> DatingRules:
        """The dating rules of a rule set's attribution.json."""
        return cls(
            frozenset(rules.given_kinds),
            frozenset(rules.reported_kinds),
            frozenset(rules.response_kinds),
            whole_words(tuple(rules.today_words)),
            whole_words(tuple(rules.diagnostic_sample_words)),
            whole_words(tuple(rules.sequel_words)),
            compiled(rf"\s*(?:{any_of(rules.reason_words)})\s+(?:[\w-]+\s+){{0,3}}", re.I),
            frozenset(rules.sequel_kinds),
            compiled(rf"[,;]|\b(?:{any_of(rules.conjunctions)})\b", re.I),
            whole_words(tuple(rules.new_onset_words)),
        )


def said_today(text: str, a: Anchor, span: tuple[int, int], today: re.Pattern[str]) -> bool:
    """'DLI given today', 'BMA done today - relapse': 'today' in the mention's own clause.

    Not 'seen today, four months after her transplant': a comma or a clause word between
    them says the event is an earlier one. A 'today' heading its sentence as a label ('Today:
    C4D1 given.') dates what the sentence tells: its colon breaks no clause.
    """
    for m in today.finditer(text, *span):
        between = text[m.end() : a.start] if m.end() <= a.start else text[a.end : m.start()]
        if m.end() <= a.start and not text[span[0] : m.start()].strip():
            between = between.lstrip().removeprefix(":")  # 'Today: DLI given.'
        if len(between) <= 40 and not _CLAUSE_BREAK.search(between):
            return True
    return False


RETOLD_STATE = "a state's later course ('has improved', 'has resolved'): its onset told elsewhere"
RUNNING = "a treatment told as running ('now on maintenance'): its start told elsewhere"
KNOWN_BY_ADMISSION = "an admission's diagnosis: known by the admission, perhaps made earlier"
MADE_BY_TEST = "a diagnosis told after a test in its paragraph: dated by that test, perhaps later"


CONTINUING = (
    "a treatment told as running beside another ('alongside', 'continuing'): going on "
    "already, its start not stated"
)


AFTER_START = (
    "a response comes weeks after its treatment began: dated to the month it began, perhaps later"
)


RESULT_AFTER_START = (
    "a result written after a course's arrow was found after the course began: dated to the "
    "month it began, perhaps later"
)


RESULT_ON_COURSE_DAY = (
    "a response's test told after a course's start day measured what came of it, weeks later: "
    "dated to the month the course began, perhaps later"
)


RESULT_AFTER_NUMBERED = (
    "a result found after a numbered course the page dates: dated to the month that course "
    "was given, perhaps later"
)


RESULT_PAST_COURSE = (
    "a result told after a treatment's day, past a semicolon, was found after it began: dated "
    "to the month it began, perhaps later"
)


def month_after_start(start: DateMention, reason: str = AFTER_START) -> RawDate:
    """A response dated by its treatment's start day: that month at most, with the doubt."""
    month = start.value.replace(day=1) if start.value else None
    return RawDate(month, "month", start.raw, "sentence", reason=reason)


@dataclass(frozen=True)
class SentenceDating:
    """One sentence's dating evidence, for its event mentions that state no date."""

    text: str
    span: tuple[int, int]  # the sentence in `text`
    dates: list[DateMention]  # the sentence's dates
    anchors: list[Anchor]  # the sentence's event mentions
    collection: DateMention | None  # the page's specimen collection date
    doc_date: RawDate
    rules: DatingRules
    assessed: bool = False  # the sentence stands in a note's assessment
    retold: bool = False  # ... in a history or a request: what is retold, not found now
    tested: DateMention | None = None  # a test's date earlier in the paragraph ('Marrow (DATE):')
    admitted: DateMention | None = None  # the admission, for a diagnosis given on it ('入院诊断')
    item_lead: DateMention | None = None  # the date its list item opens with ('- DATE: ...')

    def date_of(self, a: Anchor, first_course: bool = True) -> RawDate:
        """The date of `a`, which states none of its own (`first_course`: not a later one)."""
        s0 = self.span[0]
        treatment = a.kind in self.rules.given
        if LATER_COURSE in a.flags:
            return RawDate(reason=RUNNING if treatment else RETOLD_STATE)
        if (
            self.collection is not None
            and not treatment  # a specimen dates a finding, not a treatment
            and not (a.kind == "diagnosis" and "historical" in a.flags)  # 'relapsed AML'
            and not (self.retold and not self.rules.diagnostic.search(self.text, *self.span))
            and not EARLIER.search(self.text[s0 : a.start])
        ):
            return raw_date(self.collection, "collection")
        shared = sentence_date(a, self.dates, self.anchors, a.kind in self.rules.responses)
        if (
            shared is not None
            and shared.end <= a.start
            and opens_bracket(self.text[shared.end : a.start])
        ):
            return RawDate(reason="a result bracketed after a course's start came later")
        if (
            shared is not None
            and not self._after_document(shared)
            and not self._sequel(shared, a)
            and not self._reason(shared, a)
            and not self._course_told_after(shared, a)
        ):
            if a.kind in self.rules.responses and shared.precision == "day":
                return month_after_start(shared)  # '3+7 on 05/11/2020, achieved CR'
            if a.kind in self.rules.responses and shared.precision == "month":
                # '03/2021 | DA 3+7 -> CR1': found after the course began, perhaps a month later
                return replace(raw_date(shared, "sentence"), reason=AFTER_START)
            return raw_date(shared, "sentence")  # a state found when its clause says
        if a.kind in self.rules.reported and self.tested is not None and not self.dates:
            return raw_date(self.tested, "section")  # '... blasts 2%. Patient in CR2.': that test
        if (
            a.kind == "diagnosis"
            and self.admitted is not None
            and not self.dates
            and "historical" not in a.flags  # '入院诊断：AML 移植后复发': known long before
        ):
            return replace(raw_date(self.admitted, "section"), reason=KNOWN_BY_ADMISSION)
        if self._made_by_the_test(a):
            tested = raw_date(self.tested, "section")  # type: ignore[arg-type]
            return replace(tested, reason=MADE_BY_TEST)
        if self._told_in_dated_item(a):  # '- DATE: Presented with ... BM bx: AML ...'
            return raw_date(self.item_lead, "section")  # type: ignore[arg-type]
        if treatment and first_course and "reference" not in a.flags:
            lead = lead_date(self.text, s0, self.dates)
            if lead is not None:  # '- 3/2021: Dx AML -> 7+3': the treatment began then
                return raw_date(lead, "sentence")
        doc = self.doc_date
        if (  # 'D5 FLAG-Ida, last day today': today is not the day of the course named
            doc.value is not None
            and "reference" not in a.flags
            and said_today(self.text, a, self.span, self.rules.today)
        ):
            return RawDate(doc.value, doc.precision, doc.raw, "today")
        assessed = self.assessed and a.kind in self.rules.reported
        if a.kind in self.rules.reported - self.rules.responses:  # 'new-onset mild cGVHD'
            assessed = assessed or said_today(self.text, a, self.span, self.rules.new)
        if doc.value is not None and (assessed or FOUND in a.flags):
            return RawDate(doc.value, doc.precision, doc.raw, "reported")  # found by then
        if treatment and ONGOING in a.flags:
            return RawDate(reason=CONTINUING)
        return RawDate(reason="no date stated with the mention")

    def _made_by_the_test(self, a: Anchor) -> bool:
        """'Marrow aspiration on DATE showed 34% blasts. A diagnosis of AML was made.': then.

        A diagnosis its sentence states without a date, after a test its paragraph dates, was
        made on that test (doubted: it may have been made later); not a disease retold as
        history ('known', 'treated': context 'historical') nor one named as a reference.
        """
        told = a.flags & {"historical", "reference"}
        return a.kind == "diagnosis" and self.tested is not None and not self.dates and not told

    def _told_in_dated_item(self, a: Anchor) -> bool:
        """'- DATE: Presented with fatigue. BM bx: AML with NPM1.': the item's date is the AML's.

        A history list item that opens with a date tells that day in every sentence of it: a
        diagnosis or a state (not a response, found weeks after a course the item may tell)
        in a later sentence with no date of its own was found then; not one retold as history
        or named as a time reference.
        """
        kinds = {"diagnosis"} | (self.rules.reported - self.rules.responses)
        told = a.flags & {"historical", "reference"}
        return self.item_lead is not None and not self.dates and a.kind in kinds and not told

    def _sequel(self, d: DateMention, a: Anchor) -> bool:
        """'3 DLI (last DLI DATE), complicated by GVHD': the state came after the treatment.

        So did a GVHD after the day of a treatment its sentence tells ('haplo BMT DATE (PTCy);
        stage 3 gut aGVHD'): no GVHD is found on the day of its transplant.
        """
        if d.end > a.start:
            return False
        if a.kind in self.rules.sequel_kinds and any(
            b.kind in self.rules.given and d in b.dates for b in self.anchors
        ):
            return True
        return bool(self.rules.sequel.search(self.text, d.end, a.start))

    def _course_told_after(self, d: DateMention, a: Anchor) -> bool:
        """'achieved CRi after AZA+VEN, and she started FLAG-Ida on DATE': a later course.

        A course told after a response, past a comma or a conjunction, was given after it:
        its date never dates the response ('achieved CR with DA given in 01/2021' still does).
        """
        if a.kind not in self.rules.responses or d.start < a.end:
            return False
        owner = next((b for b in self.anchors if d in b.dates), None)
        return (
            owner is not None
            and owner.start >= a.end
            and self.rules.joined.search(self.text, a.end, owner.start) is not None
        )

    def _reason(self, d: DateMention, a: Anchor) -> bool:
        """'Ivosidenib started DATE for relapsed AML': the treatment's reason, found before it."""
        return (
            a.kind in self.rules.reported - self.rules.responses
            and d.end <= a.start
            and self.rules.reason.fullmatch(self.text, d.end, a.start) is not None
        )

    def _after_document(self, d: DateMention) -> bool:
        """'AML in CR1 - proceed to allo HCT, admit 01/10/2022': a plan's date, not a finding's."""
        doc = self.doc_date.value
        return bool(doc and d.value and d.value > doc)


def tested_before(scope: PageScope, pos: int, policy: DatePolicy) -> DateMention | None:
    """The date of a test told earlier in `pos`'s paragraph ('Bone marrow (17-04-2023):').

    Not an earlier test's that the report compares with (`present_tests`). So is a date the
    test's name follows ('2022年3月2日行骨髓穿刺：'). Else of a test named on a line above, of
    whose report `pos`'s line is a part ('Bone marrow biopsy (12.04.2024)', 'Findings: ...',
    'Conclusion: relapse of AML').
    """
    dates = present_tests(scope, policy)
    earlier = paragraph_date(scope.layout, dates, pos)
    earlier = earlier or test_line_date(scope.layout, dates, pos)
    if earlier is None:
        return None
    named = policy.of_a_test(scope.text, earlier) or policy.tests_next(scope.text, earlier)
    return earlier if named else None


def item_lead(layout: PageLayout, dates: list[DateMention], pos: int) -> DateMention | None:
    """The date the list item holding `pos` opens with ('- 02/2022: Presented ...'), if any.

    So for a paragraph that opens with a date and a colon: a history's dated entry.
    """
    block = layout.block_at(pos)
    if block is None or block.kind not in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH):
        return None
    own = [d for d in dates if block.start <= d.start < min(pos, block.end)]
    lead = lead_date(layout.text, block.start, own)
    return lead if lead is not None and lead.end <= pos else None


__all__ = [
    "DatingRules",
    "SentenceDating",
    "item_lead",
    "said_today",
    "tested_before",
]
