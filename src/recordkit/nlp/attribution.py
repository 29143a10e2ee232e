"""The date-attribution policy: which date of a sentence belongs to which mention.

One rule with named weights (rules/attribution.json): the cost of linking a date to a
mention is the text between them, made dearer by each comma, semicolon, table-cell break
and conjunction it crosses, and by leaving a bracket ('allo-HCT (Flu/Mel conditioning) on
DATE': the date is not the bracket's); a date written after its mention ("started on 5 May")
is preferred to one written before, and a clause word between a date and a later mention
("X on DATE after Y") sends the date to the earlier one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from recordkit.dates import DateMention
from recordkit.dates.types import specimen_date
from recordkit.nlp.date_claims import narrow, told_before
from recordkit.nlp.rules import AttributionRules
from recordkit.nlp.shared_dates import give_listed_to_treatment, share_with_companion
from recordkit.nlp.spans import (
    ARROW,
    Span,
    any_of,
    details_end,
    diagnosis_before,
    left_brackets,
    opens_bracket,
    outside_brackets,
    result_after,
)
from recordkit.rule_cache import compiled

_RIGHT_AFTER = re.compile(r"\s*(?:\(|,)?\s*(?:on|am|vom|from|at|in|im)?\s*", re.I)
# 'transplant on DATE with post-transplant cyclophosphamide': what came with the event
_ACCOMPANYING = ["with", "using", "under", "including", "and"]
_PARTED = re.compile(r",|\s[-–—]\s")  # 'FLAG-Ida in Oct 2021 - CR2': what came of it after


def _gap_start(
    text: str, mention: Span, d: DateMention, given: bool, joins: re.Pattern[str] | None = None
) -> int:
    """Where the text between a mention and a later date begins.

    'donor lymphocyte infusion (DLI, 1x10^6 CD3/kg) on DATE': a mention that ends inside a
    bracket it opened (its own abbreviation) is followed by the rest of that bracket, dose and
    all; the gap is read from the bracket's opening, so leaving it costs nothing. A bracket
    written right after a treatment (`given`) holds its details ('HSCT (PBSC graft,
    reduced-intensity conditioning) on DATE'): the gap is read from its close.
    """
    own = text[mention.start : mention.end]
    opened = own.rfind("(")
    if opened >= 0 and opens_bracket(own):
        return mention.start + opened
    return details_end(text, mention.end, d.start, joins) if given else mention.end


@dataclass(frozen=True)
class DatePolicy:
    """The attribution rule, compiled from its rule file."""

    rules: AttributionRules

    def __post_init__(self) -> None:
        words = any_of(self.rules.conjunctions)
        clause = any_of(self.rules.clause_words)
        # a conjunction is a word of its own, never a letter of an abbreviation ('e.g.', 'i.e.')
        conj = rf"(?<!\w)(?<![^\W\d_]\.)(?:{words})(?![\w.])"
        object.__setattr__(self, "_conj", compiled(conj, re.I))
        object.__setattr__(self, "_clause", compiled(rf"\b(?:{clause})\b", re.I))
        tests = any_of(self.rules.assessment_words)
        assessed = rf"(?<![A-Za-z])(?:{tests})[^\w)）]{{0,4}}(?:on\s+)?$"
        object.__setattr__(self, "_assessed", compiled(assessed, re.I))
        # '21.11.12复查骨穿', '2022年3月2日行骨髓穿刺': a Chinese verb phrase may lead the test
        verb = r"(?:于[\u4e00-\u9fff]{1,4}?)?(?:行|查|做)?"  # '于我院查', '行': no '因MRD'
        then = rf"[ \t]*[)）\]]?[ \t]*[-–—:]?[ \t]*{verb}(?:{tests})(?![A-Za-z])"
        object.__setattr__(self, "_test_after", compiled(then, re.I))
        object.__setattr__(self, "_test_first", compiled(rf"[(（]\s*(?:{tests})(?![A-Za-z])", re.I))
        object.__setattr__(
            self, "_test_line", compiled(rf"(?<![A-Za-z])(?:{tests})(?![A-Za-z])[^\n.;]*$", re.I)
        )
        leads = any_of(self.rules.date_prepositions)
        object.__setattr__(self, "_led", compiled(rf"\b(?:{leads})\s*$", re.I))
        response = any_of(self.rules.response_words)
        object.__setattr__(self, "_response", compiled(rf"(?<![A-Za-z])(?:{response})", re.I))
        told = any_of(self.rules.event_bracket_words)
        object.__setattr__(
            self, "_event_first", compiled(rf"[(（]\s*(?:{told})(?![A-Za-z])[^()（）]*$", re.I)
        )
        done = rf"(?<![A-Za-z])(?:{any_of(self.rules.event_participles)})"  # 'diagnosed (on)'
        object.__setattr__(self, "_participle", compiled(rf"{done}(?:\s+\w\w)?\s*$", re.I))
        started = any_of(self.rules.own_start_words) or r"(?!x)x"
        object.__setattr__(  # 'after AZA/VEN cycle 1 (started DATE)': the course's own start
            self,
            "_own_start",
            compiled(rf"(?:\s+[\w-]+){{0,3}}\s*[(（]\s*(?:{started})\s+(?:on\s+)?", re.I),
        )
        despite = any_of(self.rules.concessive_words)
        object.__setattr__(
            self, "_concessive", compiled(rf"\b(?:{despite})\b[^.;:\n]{{0,40}}$", re.I)
        )
        after = any_of(self.rules.after_words)
        object.__setattr__(  # 'After tisagenlecleucel, B-cell recovery ...': the time it tells
            self,
            "_after_lead",
            compiled(rf"(?<![^.;:\n])\s*(?:{after})\s+(?:[^\W\d_][\w+/-]*\s+){{0,3}}$", re.I),
        )
        together = any_of(self.rules.companion_words)
        object.__setattr__(  # 'DLI on DATE together with azacitidine'
            self, "_companion", compiled(rf"\s*,?\s*(?:{together})\s+(?:[\w-]+\s+){{0,2}}", re.I)
        )
        along = any_of(_ACCOMPANYING + self.rules.companion_words)
        object.__setattr__(self, "_accompanied", compiled(rf"\s*(?:{along})\b", re.I))
        why = any_of(self.rules.reason_words)
        object.__setattr__(  # 'DLI x3 for MRD relapse': between a treatment and its reason
            self,
            "_reason",
            compiled(rf"\s*(?:[x×]\s*\d+\s*)?(?:{why})\s+(?:[\w-]+\s+){{0,3}}", re.I),
        )
        ends = any_of(self.rules.end_words)
        object.__setattr__(self, "_ends", compiled(rf"(?<![^\W\d_])(?:{ends})\s*$", re.I))
        onset = any_of(self.rules.onset_words)
        object.__setattr__(  # 'onset DATE', 'Manifestation am DATE', 'onset: DATE'
            self, "_onset", compiled(rf"(?<![^\W\d_])(?:{onset})\s*[:(]?\s*(?:\w\w\s+)?$", re.I)
        )
        since = any_of(self.rules.since_words + self.rules.onset_words) or r"(?!x)x"
        object.__setattr__(self, "_since", compiled(rf"(?<![^\W\d_])(?:{since})\s*$", re.I))
        treated = [compiled(rf"(?:{c})\s*$", re.I) for c in self.rules.treatment_time_cues]
        object.__setattr__(self, "_treated", treated)  # each its own: a cue may name its treatment
        refs = "|".join(f"(?:{c})" for c in self.rules.reference_sample_cues) or r"(?!x)x"
        object.__setattr__(  # 'same phenotype as at relapse on DATE': words, no figures, between
            self,
            "_reference",
            compiled(rf"(?<![^\W\d_])(?:{refs})\s+(?:[^\W\d_][\w+-]*\s+){{0,6}}$", re.I),
        )

    def reference_samples(self, text: str, dates: list[DateMention]) -> dict[DateMention, int]:
        """Dates naming the earlier sample a result is compared with -> where the phrase starts.

        'MRD 0.3%, same phenotype as at relapse on DATE', 'compared with the sample of DATE'.
        """
        out = {}
        for d in dates:
            m = self._reference.search(text, max(0, d.start - 80), d.start)  # type: ignore[attr-defined]
            if m is not None:
                out[d] = m.start()
        return out

    def looked_back_on(self, text: str, mention: Span, d: DateMention) -> bool:
        """'Trotz DLI kam es ... am DATE': a treatment named after 'despite' is history.

        So is one of `given_kinds` an after-word opening its sentence names ('After
        tisagenlecleucel, B-cell recovery was seen in DATE'): the treatment is the time the
        sentence's news is told from, given before. It keeps only a date written right after
        it ('despite DLI on DATE', 'Following allo-SCT on DATE, ...').
        """
        lo = max(0, mention.start - 48)
        after = getattr(mention, "kind", None) in self.rules.given_kinds
        if not (
            self._concessive.search(text, lo, mention.start)  # type: ignore[attr-defined]
            or (after and self._after_lead.search(text, lo, mention.start))  # type: ignore[attr-defined]
        ):
            return False
        if mention.end > d.start:
            return True
        between = text[mention.end : d.start]  # 'on DATE'; 'cycle 1 (started DATE)'
        return not (_RIGHT_AFTER.fullmatch(between) or self._own_start.fullmatch(between))  # type: ignore[attr-defined]

    def event_bracket(self, text: str, d: DateMention) -> tuple[int, int] | None:
        """'B-ALL (diagnosed Feb 2023 at SGH)': the bracket holding an event's own date.

        Returns the bracket's span when `d` stands in a bracket that opens with an event word;
        a value outside it never takes the date ('..., CR1, MRD negative').
        """
        m = self._event_first.search(text, max(0, d.start - 40), d.start)  # type: ignore[attr-defined]
        if m is None:
            return None
        close = re.search(r"[()（）]", text[d.end : d.end + 80])
        if close is None or close.group(0) not in ")）":
            return None
        return m.start(), d.end + close.end()

    def participle_dated(self, text: str, d: DateMention) -> bool:
        """'AML with NPM1 mutation, diagnosed 20/01/2023, in CR1': an event's own date.

        A date written right after an event participle ('diagnosed', 'transplanted') that ends
        its clause dates what the sentence named before the word, not what follows.
        """
        return bool(
            self._participle.search(text, max(0, d.start - 32), d.start)  # type: ignore[attr-defined]
            and _CLAUSE_END.match(text, d.end)
        )

    def leads_a_date(self, words: str) -> bool:
        """Whether `words` are a date's preposition alone ('on', 'am')."""
        return bool(self._led.fullmatch(words))  # type: ignore[attr-defined]

    def past_note_head(self, text: str, mention: Span, own: list[DateMention]) -> list[DateMention]:
        """'Addendum DATE: Mrs Jones died at the hospice on DATE': the note's date and the event's.

        A date before the mention that a colon follows heads the note telling it, when it was
        written; where the mention has a date of its own after it, led by a date preposition
        ('on DATE'), that one is its date, however far the words between push it.
        """
        led = [
            d
            for d in own
            if mention.end <= d.start and self._led.search(text, max(0, d.start - 10), d.start)  # type: ignore[attr-defined]
        ]
        if not led:
            return own
        return [d for d in own if not (d.end <= mention.start and _NOTE_HEAD.match(text, d.end))]

    def onset(self, text: str, d: DateMention) -> bool:
        """'chronic GvHD of the skin since DATE': the date a since or onset word leads."""
        return bool(self._since.search(text, max(0, d.start - 16), d.start))  # type: ignore[attr-defined]

    def assessed_after(
        self, text: str, d: DateMention, value: Span, mentions: Sequence[Span]
    ) -> bool:
        """True when a course told after date `d` is followed by a response word before `value`.

        '2020.11.20予DA方案1疗程，评估未缓解（骨髓原始细胞35%）': the result was assessed after
        the course.
        """
        if d.end > value.start:
            return False
        kinds = _course_kinds(self)
        ends = [
            m.end
            for m in mentions
            if getattr(m, "kind", None) in kinds and d.end <= m.start and m.end <= value.start
        ]
        return bool(ends) and bool(self._response.search(text, max(ends), value.start))  # type: ignore[attr-defined]

    def of_a_test(self, text: str, d: DateMention) -> bool:
        """'Bone marrow on day 28 (DATE):': a test named before the date on its line."""
        return bool(self._test_line.search(text, max(0, d.start - 40), d.start))  # type: ignore[attr-defined]

    def assessed(self, text: str, d: DateMention) -> bool:
        """'(marrow 20/10/2022)', 'BMA on 20/10/2022': the date a test was done.

        Not a test word its bracket closes before the date: 'Allo-HSCT (haplo, BM) | DATE'
        names the graft the date's treatment used.
        """
        return bool(self._assessed.search(text, max(0, d.start - 24), d.start))  # type: ignore[attr-defined]

    def tests_next(self, text: str, d: DateMention) -> bool:
        """'on day 33 (DATE) myelogram - blasts 0,8%, CR': a date the test's name follows."""
        return bool(self._test_after.match(text, d.end))  # type: ignore[attr-defined]

    def bracketed_state(self, text: str, mentions: list, d: DateMention) -> Span | None:  # type: ignore[type-arg]
        """'achieved CR (BM blasts 0.8% on DATE)': the state a bracketed test result dates.

        A bracket written right after a state (a remission, a relapse) that opens with a test
        ('BM', 'marrow') holds the finding the state rests on: its date is the state's, never
        the treatment's before it; after a diagnosis and its own words, the diagnostic marrow's.
        """
        start = max(text.rfind("(", max(0, d.start - 60), d.start), text.rfind("（", 0, d.start))
        if start < max(0, d.start - 60) or any(c in text[start : d.start] for c in ")）"):
            return None
        if not self._test_first.match(text, start):  # type: ignore[attr-defined]
            return None
        states = set(self.rules.reported_kinds)
        for m in [m for m in mentions if m.end <= start]:  # a state told before the bracket
            if getattr(m, "kind", None) in states and not text[m.end : start].strip():
                return m  # type: ignore[no-any-return]
        return diagnosis_before(text, mentions, start)

    def gap_cost(self, text: str, a: int, b: int) -> float:
        """The cost of the text between offsets a and b."""
        w = self.rules.weights
        gap = text[min(a, b) : max(a, b)]
        return (
            len(gap)
            + w.comma * outside_brackets(gap).count(",")  # a comma inside brackets is the bracket's
            + w.semicolon * gap.count(";")
            + w.cell_break * gap.count(" | ")
            + w.conjunction * len(self._conj.findall(gap))  # type: ignore[attr-defined]
            + w.bracket_left * left_brackets(gap)
            + w.arrow * len(ARROW.findall(gap))
        )

    def link_cost(self, text: str, mention: Span, d: DateMention) -> float | None:
        """What linking date `d` to `mention` costs; None when they overlap."""
        w = self.rules.weights
        if mention.end <= d.start:
            given = getattr(mention, "kind", None) in self.rules.given_kinds
            start = _gap_start(text, mention, d, given, self._conj)  # type: ignore[attr-defined]
            return (self.gap_cost(text, start, d.start) - max(0, mention.end - start)) * (
                w.date_after_its_mention
            )
        if mention.start >= d.end:
            cost = self.gap_cost(text, d.end, mention.start) * w.date_before_its_mention
            if self._clause.search(text[d.end : mention.start]):  # type: ignore[attr-defined]
                cost += w.clause_word_between
            return cost
        return None

    def _led_away(self, text: str, mentions: list, mention: Span, d: DateMention) -> float:  # type: ignore[type-arg]
        """What a date led by 'on' costs more for reaching a later mention past ',', '(', 'with'.

        'allo-SCT ... on DATE, conditioning FLAMSA/Bu': the date is the object of the mention
        before it; 'AZA+VEN cycle 1 from DATE (CRi on D28 marrow)': the bracket after the date
        tells what came of the course later, as a spaced dash does ('FLAG-Ida in Oct 2021 - CR2').
        """
        gap = text[d.end : mention.start]
        if not (
            d.end <= mention.start
            and (
                _PARTED.search(outside_brackets(gap))
                or opens_bracket(gap)
                or self._accompanied.match(gap)  # type: ignore[attr-defined]
            )
            and self._led.search(text, max(0, d.start - 8), d.start)  # type: ignore[attr-defined]
            and any(m.end <= d.start and getattr(m, "kind", None) != "ignore" for m in mentions)
        ):
            return 0.0
        return self.rules.weights.led_date_comma

    def assign(
        self,
        text: str,
        mentions: list,  # type: ignore[type-arg]
        dates: list[DateMention],
        apart: Callable[[Span, DateMention], bool] | None = None,
    ) -> None:
        """Give every date to its cheapest mention (appended to the mention's `dates`).

        `apart(mention, date)` says where a table's columns forbid a link.
        """
        given = set(self.rules.given_kinds)
        for d in dates:
            state = self.bracketed_state(text, mentions, d)
            if state is not None:
                state.dates.append(d)  # type: ignore[attr-defined]
                continue
            assessed = self.assessed(text, d) or specimen_date(d) or self.tests_next(text, d)
            costs = [
                (c + self._led_away(text, mentions, m, d), i)
                for i, m in enumerate(mentions)
                if (c := self.link_cost(text, m, d)) is not None
                and not told_before(self, text, m, d)
                and not (assessed and getattr(m, "kind", None) in given)
                and not self.looked_back_on(text, m, d)
                and not _counts_from(m, d)
                and not (apart is not None and apart(m, d))
            ]
            costs = narrow(self, text, mentions, d, costs)
            if costs:
                mentions[min(costs)[1]].dates.append(d)
        give_listed_to_treatment(self, text, mentions)
        share_with_companion(self, text, mentions)

    def nearest(
        self, text: str, value: Span, dates: list[DateMention], mentions: Sequence[Span] = ()
    ) -> DateMention | None:
        """The date a value is most cheaply linked to, if the sentence has any.

        'AZA+VEN x2 from DATE -> CRi, MRD 0.08%': a result written after an arrow came after
        the course; a date before the arrow is the course's, never the result's. So is one
        before a course (of `mentions`) after which a response word leads to the result.
        """
        dates = [
            d
            for d in dates
            if not result_after(text, d, value, self, mentions)
            and not self.assessed_after(text, d, value, mentions)
        ]
        costs = [
            (
                self.gap_cost(text, d.end, value.end)  # the value's own words count too
                if d.end <= value.start
                else self.gap_cost(text, value.end, d.start),
                i,
            )
            for i, d in enumerate(dates)
        ]
        return dates[min(costs)[1]] if costs else None


_CLAUSE_END = re.compile(r"\s*(?:[,;.]|$)")
_NOTE_HEAD = re.compile(r"[ \t]*[:：]")  # 'Addendum DATE:'


def _course_kinds(policy: DatePolicy) -> set[str]:
    return {*policy.rules.given_kinds, "drug"}


def _counts_from(mention: Span, d: DateMention) -> bool:
    """A day count after a mention of the event it counts from is not that event's date.

    'CAR-T on DATE, day +28 after the infusion: CR': day 0 is the infusion's own day; the
    count dates what was found then.
    """
    rel = d.relative
    kind = getattr(mention, "kind", None)
    return rel is not None and rel.anchor_kind == kind and mention.end <= d.start
