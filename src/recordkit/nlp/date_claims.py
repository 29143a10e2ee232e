"""Which mentions may take a date, narrowed by the words that lead it.

A date's candidate mentions, each with its link cost, are narrowed before the cheapest takes
it: an event's own day ('Day 0 DATE') is a treatment's, an onset date a state's, a test's
date its results', a date after 'until' the next state's, a participle's date
('diagnosed DATE') what came before it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from recordkit.dates import DateMention, DateType
from recordkit.nlp.clause_time import phase_words
from recordkit.nlp.date_starts import known_for, started_from
from recordkit.nlp.next_events import not_after_sequence
from recordkit.nlp.raw import DEATH_CAUSE, LATER_COURSE
from recordkit.nlp.spans import Span, any_of, glosses_date
from recordkit.rule_cache import compiled

if TYPE_CHECKING:
    from recordkit.nlp.attribution import DatePolicy

Costs = list[tuple[float, int]]


def narrow(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """The candidates for `d` once the words that lead it have had their say."""
    if d.type is DateType.EVENT:  # 'Transplant: ..., Day 0 DATE, conditioning FLU/BU4'
        costs = _event_day(policy, mentions, d, costs)
    costs = _state_onset(policy, text, mentions, d, costs)
    costs = _treatment_time(policy, text, mentions, d, costs)
    costs = _treatment_reason(policy, text, mentions, d, costs)
    costs = _test_results(policy, text, mentions, d, costs)
    costs = _test_heads_its_time(policy, text, mentions, d, costs)
    costs = _stay_purpose(policy, text, mentions, d, costs)
    costs = _response_after_course(policy, text, mentions, d, costs)
    costs = _treatment_stop(policy, text, mentions, d, costs)
    costs = _not_negated_after(policy, text, mentions, d, costs)
    costs = not_after_sequence(policy, text, mentions, d, costs)  # 'DATE, then SCT'
    costs = known_for(policy, text, mentions, d, started_from(policy, text, mentions, d, costs))
    costs = [  # '4月2日（DLI后+23天）': the bracket's ignored anchor is no owner of the date
        (c, i)
        for c, i in costs
        if not (_ignored(mentions[i]) and glosses_date(text, d.end, mentions[i]))
    ]
    if policy._ends.search(text, max(0, d.start - 16), d.start):  # type: ignore[attr-defined]
        costs = _ended_state(policy, mentions, d, costs)
    if policy.participle_dated(text, d):  # 'diagnosed DATE, in CR1': the AML's
        before = [(c, i) for c, i in costs if mentions[i].end <= d.start]
        costs = _not_antecedent(policy, text, mentions, d, before) or before or costs
    return costs


@lru_cache(maxsize=4)
def _antecedent(words: tuple[str, ...]) -> re.Pattern[str]:
    """'arising from ', '(prior ': before a disease, what makes it the one it grew out of."""
    told = any_of(sorted(words, key=len, reverse=True)) or r"(?!x)x"
    return compiled(rf"(?<![^\W\d_])(?:{told})(?:\s+(?:a|an|the))?\s*[(（]?\s*$", re.I)


_CLAUSE_BROKEN = re.compile(r"[^,;(（]*[,;)）]")  # a clause break before the participle


def _not_antecedent(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'AML arising from MDS, diagnosed DATE': the date is the AML's, never the MDS's.

    A disease named after an antecedent word ('arising from', 'secondary to', 'prior') is one
    the disease named before it grew out of, known before: a participle's date written past
    a clause break after it is the later disease's. Empty when no earlier disease can take it.
    """
    antecedent = _antecedent(tuple(policy.rules.antecedent_words))
    grew_out_of = {
        i
        for _, i in costs
        if getattr(mentions[i], "kind", None) == "diagnosis"
        and antecedent.search(text, max(0, mentions[i].start - 40), mentions[i].start)
        and _CLAUSE_BROKEN.match(text, mentions[i].end, d.start)
    }
    later = [(c, i) for c, i in costs if i not in grew_out_of]
    diseases = [i for _, i in later if getattr(mentions[i], "kind", None) == "diagnosis"]
    return later if grew_out_of and diseases else []


def _ended_state(policy: DatePolicy, mentions: list[Span], d: DateMention, costs: Costs) -> Costs:
    """'He was in remission until DATE, when he relapsed': the next state's date.

    A date led by an end word ('until') closes the state before it; the state the
    sentence names after it began then. Without one, the costs are left as they are.
    """
    states = set(policy.rules.reported_kinds)
    later = [
        (c, i)
        for c, i in costs
        if mentions[i].start >= d.end and getattr(mentions[i], "kind", None) in states
    ]
    return later or costs


def _state_onset(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'Mild skin GvHD after DLI 3, onset DATE': an onset date is the state's, not the DLI's.

    A date led by an onset word tells when something began; a treatment (`given_kinds`)
    or an ignored phrase never takes it while another mention can.
    """
    if not policy._onset.search(text, max(0, d.start - 24), d.start):  # type: ignore[attr-defined]
        return costs
    not_given = {*policy.rules.given_kinds, "ignore"}
    began = [(c, i) for c, i in costs if getattr(mentions[i], "kind", None) not in not_given]
    return began or costs


_ITS_OWN_VERB = re.compile(r"\s*(?:(?:has|had|was|were|first|initially)\s+)*")


def _treatment_time(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'Acute GVHD from DATE, on ruxolitinib since DATE': a treatment's start is not the state's.

    A date led by a treatment-time cue ('on X since', 'started X on', 'steroids stopped') is
    when a treatment began or stopped: a state (`reported_kinds`) never takes it, unless the
    state is the verb's own subject ('GVHD started on DATE'). A cue that names its treatment
    itself (its `treatment` group: 'alloHCT DATE, on sorafenib maintenance since DATE') tells
    a continuing treatment: no mention before the cue takes the date. It may go to no mention.
    """
    cue = _treatment_cue(policy, text, d)
    if cue is None:
        return costs
    states = set(policy.rules.reported_kinds)
    named = bool(cue.groupdict().get("treatment"))
    return [
        (c, i)
        for c, i in costs
        if mentions[i].start >= d.end
        or (
            (
                getattr(mentions[i], "kind", None) not in states
                or _ITS_OWN_VERB.fullmatch(text, mentions[i].end, cue.start())
            )
            and not (named and mentions[i].end <= cue.start())
        )
    ]


def _treatment_cue(policy: DatePolicy, text: str, d: DateMention) -> re.Match[str] | None:
    """The treatment-time cue right before `d` that starts first, if any leads it."""
    lo = max(0, d.start - 48)
    found = [m for p in policy._treated if (m := p.search(text, lo, d.start))]  # type: ignore[attr-defined]
    return min(found, key=lambda m: m.start(), default=None)


def _treatment_reason(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'Salvage therapy started DATE for relapsed AML': the reason never takes the start.

    A state (`reported_kinds`, not a response) named after a reason word right after a
    treatment's date (led by a treatment-time cue, or after a treatment of `given_kinds`)
    is why the treatment was given: found before, never on the day it began.
    """
    given = set(policy.rules.given_kinds)
    treated = _treatment_cue(policy, text, d) is not None
    if not treated and not any(
        getattr(mentions[i], "kind", None) in given and mentions[i].end <= d.start for _, i in costs
    ):
        return costs
    return [(c, i) for c, i in costs if not named_as_reason(policy, text, mentions[i], d)]


def named_as_reason(policy: DatePolicy, text: str, mention: Span, d: DateMention) -> bool:
    """'... DATE for MRD relapse': a state named after a reason word right after the date."""
    reasons = set(policy.rules.reported_kinds) - set(policy.rules.response_kinds)
    return (
        getattr(mention, "kind", None) in reasons
        and mention.start >= d.end
        and policy._reason.fullmatch(text, d.end, mention.start) is not None  # type: ignore[attr-defined]
    )


def _event_day(policy: DatePolicy, mentions: list[Span], d: DateMention, costs: Costs) -> Costs:
    """A date its label calls an event's own ('Day 0 DATE') is a treatment's, if one is named.

    When a treatment (`given_kinds`) is named before it, a phrase the rules ignore
    (conditioning, lymphodepletion) never absorbs it.
    """
    given = set(policy.rules.given_kinds)
    if not any(getattr(mentions[i], "kind", None) in given and mentions[i].end <= d.start
               for _, i in costs):  # fmt: skip
        return costs
    return [(c, i) for c, i in costs if getattr(mentions[i], "kind", None) != "ignore"]


def _test_results(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'Post-induction marrow DATE: blasts 2%, CR': a test's date is its results'.

    A phrase the rules ignore written before the test ('post-induction', 'post C2': when
    it was done) never takes the date while a mention after the date, a result, can.
    """
    if not policy.of_a_test(text, d):
        return costs
    kept = [(c, i) for c, i in costs if not _ignored_before(mentions[i], d)]
    return kept if any(mentions[i].start >= d.end for _, i in kept) else costs


@lru_cache(maxsize=4)
def _test_after(tests: tuple[str, ...], after: tuple[str, ...]) -> re.Pattern[str]:
    """': BM after ', ': the marrow test after ': a test a date heads, timed by a treatment."""
    told = rf"(?:{any_of(list(tests))})(?![^\W\d_])"
    named = rf"(?:(?:the|his|her|a)\s+)?{told}(?:\s+(?:{told}|test|sample|examination))?"
    return compiled(
        rf"\s*[:\-–]?\s*{named}\s+(?:{any_of(list(after))})\s+(?:(?:the|his|her)\s+)?", re.I
    )


def _test_heads_its_time(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'04/15/2022: BM after InO C1: CR (<5% blasts)': the date is the marrow's, so the CR's.

    A date right before a test (`assessment_words`) timed by one of `after_words` and a
    treatment is the test's day: the treatment only says which course the test followed,
    given before, and never takes the date while a mention after it, a result, can.
    """
    rules = policy.rules
    timed = _test_after(tuple(rules.assessment_words), tuple(rules.after_words))
    given = set(rules.given_kinds)
    kept = [
        (c, i)
        for c, i in costs
        if not (
            getattr(mentions[i], "kind", None) in given
            and d.end <= mentions[i].start
            and timed.fullmatch(text, d.end, mentions[i].start)
        )
    ]
    if len(kept) == len(costs) or not any(mentions[i].start >= d.end for _, i in kept):
        return costs
    return kept


def told_before(policy: DatePolicy, text: str, mention: Span, d: DateMention) -> bool:
    """A state or treatment told before, which takes no date of its sentence.

    'GvHD has improved since DATE': a state's later course; 'died on DATE from relapsed AML':
    the known disease a death is owed to; 'seen on DATE, now on maintenance': a treatment
    begun before and running still, whose only date here is its start, written after it and
    led by a since or onset word ('now on maintenance since DATE').
    """
    flags = getattr(mention, "flags", ())
    if DEATH_CAUSE in flags:
        return True
    if LATER_COURSE not in flags:
        return False
    treatment = getattr(mention, "kind", None) in _course_kinds(policy)
    return not (treatment and mention.end <= d.start and policy.onset(text, d))


_NEVER = re.compile(r"(?!x)x")


@lru_cache(maxsize=8)
def _date_led_by(words: tuple[str, ...], prepositions: str) -> re.Pattern[str]:
    """One of `words`, perhaps a preposition, a colon or bracket, right before a date.

    'Admission on ', 'held ', 'abgesetzt am ': searched in the text that ends where the date
    begins.
    """
    if not words:
        return _NEVER
    lead = rf"(?<![^\W\d_])(?:{any_of(list(words))})(?:\s+(?:{prepositions}))?\s*[:(]?\s*$"
    return compiled(lead, re.I)


@lru_cache(maxsize=4)
def _purpose_after(purpose: tuple[str, ...]) -> re.Pattern[str]:
    """' for ' right after a date: what a stay begun then was for."""
    return compiled(rf"\s*[),]?\s*(?:{any_of(list(purpose))})\s", re.I) if purpose else _NEVER


def _stay_purpose(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'Admission on DATE for RIC-alloSCT': the stay began then, the transplant came later.

    A treatment (`given_kinds`) named after the purpose word never takes an admission's date.
    """
    rules = policy.rules
    lead = _date_led_by(tuple(rules.admission_words), "on|at|am|vom|le|el|il|em")
    purpose = _purpose_after(tuple(rules.purpose_words))
    if not (lead.search(text, max(0, d.start - 40), d.start) and purpose.match(text, d.end)):
        return costs
    given = set(policy.rules.given_kinds)
    return [
        (c, i)
        for c, i in costs
        if not (getattr(mentions[i], "kind", None) in given and mentions[i].start >= d.end)
    ]


_OWN_CLAUSE_END = re.compile(r"[,;]|\.(?:\s|$)|\s[-–]\s")


def _response_after_course(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'IA (3+7) DATE - CR after course 1': the response was found after the course.

    A state of `response_kinds` whose own clause goes on with an after-word and a treatment
    phase ('after course 1', 'after induction') was assessed weeks after that course began:
    a date written before it, unless a test's, is the course's start, never the state's.
    """
    if policy.assessed(text, d) or policy.of_a_test(text, d):
        return costs
    return [(c, i) for c, i in costs if not told_after_a_course(policy, text, mentions[i], d)]


def told_after_a_course(policy: DatePolicy, text: str, m: Span, d: DateMention) -> bool:
    """Whether `m`, written after `d`, is a response its own clause tells after a course."""
    if getattr(m, "kind", None) not in set(policy.rules.response_kinds) or m.start < d.end:
        return False
    after, phase = phase_words(tuple(policy.rules.after_words), tuple(policy.rules.phase_words))
    brk = _OWN_CLAUSE_END.search(text, m.end)
    end = brk.start() if brk else len(text)
    found = after.search(text, m.end, min(end, m.end + 12))
    return bool(found and phase.match(text, found.end(), end))


def _treatment_stop(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'Gilteritinib started D+74; held DATE for transaminitis': the date the treatment ended.

    A date led by a stop word (`stop_words`) is when a treatment told before it was held or
    stopped: no treatment (`given_kinds`) written before it takes it. It may go to no mention.
    """
    lead = _date_led_by(tuple(policy.rules.stop_words), r"on|in|at|as\s+of|am|le|el|il|em")
    if not lead.search(text, max(0, d.start - 24), d.start):
        return costs
    given = _course_kinds(policy)
    return [
        (c, i)
        for c, i in costs
        if not (getattr(mentions[i], "kind", None) in given and mentions[i].end <= d.start)
    ]


_ONE_CLAUSE = re.compile(r"[^;:.\n]*")


def _not_negated_after(
    policy: DatePolicy, text: str, mentions: list[Span], d: DateMention, costs: Costs
) -> Costs:
    """'DLI given on DATE without GvHD', 'DLI on DATE, no GvHD': the date is the DLI's.

    A state negated after a date is what did not happen with the treatment told right before
    the date, in the same clause: the treatment takes the date, never the negated state.
    """
    given = set(policy.rules.given_kinds)
    treated = any(
        getattr(mentions[i], "kind", None) in given
        and mentions[i].end <= d.start
        and "negated" not in getattr(mentions[i], "flags", ())
        and _ONE_CLAUSE.fullmatch(text, mentions[i].end, d.start)
        for _, i in costs
    )
    if not treated:
        return costs
    return [
        (c, i)
        for c, i in costs
        if not (d.end <= mentions[i].start and "negated" in getattr(mentions[i], "flags", ()))
    ]


def _course_kinds(policy: DatePolicy) -> set[str]:
    """What a course is told as: a treatment given (`given_kinds`) or a drug named alone."""
    return {*policy.rules.given_kinds, "drug"}


def _ignored(mention: Span) -> bool:
    return getattr(mention, "kind", None) == "ignore"


def _ignored_before(mention: Span, d: DateMention) -> bool:
    return getattr(mention, "kind", None) == "ignore" and mention.end <= d.start


__all__ = ["named_as_reason", "narrow", "told_after_a_course", "told_before"]
