"""Sections of a document, medspaCy-sectionizer style, from rules/sections.json.

A heading line opens a section that lasts until the next heading; an inline heading
("Plan: DLI if ...") lasts to the end of its paragraph; a figure or table legend is a caption
to the end of its paragraph. In a case report (a document with a Discussion or Case
presentation heading) the text before its Introduction is the abstract. Later passes ask
`section_at(offset)`; mentions in sections whose `patient_events` is false never create events.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from recordkit.exceptions import InvalidRulesError
from recordkit.rule_cache import compiled


class SectionKind(StrEnum):
    """Where on a document a mention stands."""

    BODY = "body"
    ABSTRACT = "abstract"
    INTRODUCTION = "introduction"
    PRESENTATION = "presentation"
    HISTORY = "history"  # the history of the present illness, past history: past results retold
    DIAGNOSIS = "diagnosis"
    ASSESSMENT = "assessment"  # a note's assessment: what the writer finds now
    INVESTIGATIONS = "investigations"
    TREATMENT = "treatment"
    PLAN = "plan"
    PROCEDURE = "procedure"  # 'Procedure' alone: next steps, or what was done; dated = done
    ASSESSMENT_PLAN = "assessment_plan"  # assessment and plan as one: states found, plans made
    REQUEST = "request"  # a test request's clinical details: why it was asked, not what it found
    SERVICES = "services"  # what the hospital offers (a letterhead's list), not the patient's
    FAMILY_SOCIAL = "family_social"
    MEDICATIONS = "medications"
    DISCUSSION = "discussion"
    CONCLUSION = "conclusion"
    REFERENCES = "references"
    ABBREVIATIONS = "abbreviations"
    ACKNOWLEDGEMENTS = "acknowledgements"
    CAPTION = "caption"
    HEADING = "heading"


class SectionRule(BaseModel):
    """One section kind and the headings that open it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: SectionKind
    patient_events: bool
    document_date: bool = True  # an undated value in it may take the document's date
    # a finding reported here with no date of its own was found by the document's date
    reports_findings: bool = False
    # what the section is in a patient's record rather than an article ('Background:' of a
    # clinic letter is the patient's history, of a case report the literature)
    in_records: SectionKind | None = None
    # what the section is in a specimen's report rather than a letter (a lab report's
    # 'Diagnosis:' restates the request's clinical details)
    in_reports: SectionKind | None = None
    # true: written in capitals ('DIAGNOSIS:'), as a pathology report writes its own sections,
    # the heading is what it is in a letter, the report's own finding, not `in_reports`
    own_in_capitals: bool = False
    # false: a heading only on a line of its own ('Procedure' over a list of next steps, a
    # translated 'Procedere'), never as a field ('Procedure: allogeneic PBSCT on DATE')
    inline: bool = True
    headings: list[str]
    # event kinds that are the patient's even here ('Clinical details: T-ALL, diagnostic
    # sample' names the disease; the relapse or remission a request lists is why it was asked)
    except_kinds: list[str] = Field(default_factory=list)
    # true: an event dated in its own words is the patient's even here ('Clinical details:
    # Allo-SCT on 14/07/2023' states the history; an undated '?relapse' is why it was asked)
    keeps_dated: bool = False


class SectionRules(BaseModel):
    """sections.json: section kinds, their headings, caption patterns and case-report cues."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    about: str = Field("", alias="_about")
    sections: list[SectionRule]
    caption_patterns: list[str]
    abstract_when: list[str]
    case_report_cues: list[str]
    # headings records use as well as articles (an MDT note's 'Background', 'Discussion'):
    # never by themselves the evidence that a document is a case report
    record_headings: list[str] = []
    course_statements: list[str] = []
    # a letter's subject line ('Re: ...') or a title naming its document before its date
    # ('Relapse clinic letter, DATE'): the letter's subject; its date dates none of its mentions
    title_lines: list[str] = []


NOT_PATIENT = {SectionKind.CAPTION, SectionKind.HEADING}
_NUMBERING = re.compile(r"^\s*(?:#+\s*|[IVX]+\.\s+|\d{1,2}(?:\.\d{1,2})*\.?\s+|[-*•]\s+)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·]|\(cid:127\)|\d{1,2}[.)]|[a-z][.)])\s")
_DATEISH = re.compile(r"\d{1,4}[/.-]\d{1,2}|\b(?:19|20)\d\d\b|\d{1,2}-[A-Z]{3}-\d")
_MARKUP = re.compile(r"[*_#【】\[\]]")
_HEADING_DATE = re.compile(  # 'Plan (02/05/2023):', '出院計畫 2023/05/02:': the heading's date
    r"\s*[(（]?\s*\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?\s*[)）]?\s*(?=[:：]?\s*$)"
)

_GRID_LABEL = re.compile(r"^\s*\|?\s*([A-Za-z][A-Za-z /]{1,38}?)\s*\|\s*\S")  # 'Clinical | ...'
_FIELD_LINE = re.compile(r"^\s*[^:：\s][^:：]{0,30}[:：]\s*\S")  # 'Label: value' opens the line
_LATER_LABEL = re.compile(  # a later label: Chinese against its value, Latin after a gap
    r"(?P<zh>[\u4e00-\u9fff]{2,12})[:：]"
    r"|(?:\s{2,}|\t|\|\s*)(?P<latin>[A-Za-z][A-Za-z /]{1,38}?)\s*[:：]"
)
_QUALIFIER = re.compile(
    r"\s*[(（][^()（）]{1,30}[)）]\s*(?=[:：]?\s*$)"
)  # 'Peripheral blood (same day)'


@lru_cache(maxsize=8192)  # every heading of the rules, for every page's section reading
def _key(s: str) -> str:
    s = _MARKUP.sub("", _NUMBERING.sub("", s)).strip().rstrip(":：").strip()
    s = re.sub(r"\s*/\s*", "/", s)  # 'Assessment / Plan' is 'Assessment/Plan'
    return re.sub(r"\s+", " ", s).lower()


@lru_cache(maxsize=4)
def load_section_rules(path: str | None = None) -> SectionRules:
    """Load and validate sections.json (the package's, or one at `path`)."""
    src = Path(path) if path else resources.files("recordkit.rules").joinpath("sections.json")
    try:
        rules = SectionRules.model_validate(json.loads(src.read_text(encoding="utf-8")))
        for p in [*rules.caption_patterns, *rules.course_statements, *rules.title_lines]:
            compiled(p)
    except (OSError, json.JSONDecodeError, ValidationError, re.error) as e:
        raise InvalidRulesError(f"sections.json: {e}") from e
    return rules


@dataclass(frozen=True)
class Span:
    """A section's extent on one page's analysis text."""

    start: int
    end: int
    kind: SectionKind


class Sectionizer:
    """Heading lookup built once from the rules."""

    def __init__(self, rules: SectionRules | None = None) -> None:
        self.rules = rules or load_section_rules()
        self.by_heading = {_key(h): r.kind for r in self.rules.sections for h in r.headings}
        self.field_names = {_key(h) for r in self.rules.sections if r.inline for h in r.headings}
        self.patient = {r.kind: r.patient_events for r in self.rules.sections}
        self.excepted = {r.kind: frozenset(r.except_kinds) for r in self.rules.sections}
        self.dated_kept = {r.kind for r in self.rules.sections if r.keeps_dated}
        self.retold = {r.kind for r in self.rules.sections if not r.document_date}
        self.reporting = {r.kind for r in self.rules.sections if r.reports_findings}
        self.in_records = {r.kind: r.in_records for r in self.rules.sections if r.in_records}
        self.in_reports = {  # heading -> its kind in a specimen's report
            _key(h): r.in_reports for r in self.rules.sections if r.in_reports for h in r.headings
        }
        self.own_in_capitals = {
            _key(h) for r in self.rules.sections if r.own_in_capitals for h in r.headings
        }
        self.captions = [compiled(p, re.I) for p in self.rules.caption_patterns]
        self.course_statements = [compiled(p, re.I) for p in self.rules.course_statements]
        self.title_lines = [compiled(p, re.I) for p in self.rules.title_lines]

    def is_subject_line(self, line: str) -> bool:
        """'Re: Relapsed AML - clinic letter, DATE': a subject line or a dated document title."""
        return any(p.match(line) for p in self.title_lines)

    def states_a_course(self, line: str) -> bool:
        """'CONSOLIDATION HIDAC': an all-capitals line naming the course given, not a title."""
        return any(p.fullmatch(line.strip()) for p in self.course_statements)

    def heading(self, line: str, report: bool = False) -> tuple[SectionKind, bool] | None:
        """(kind, inline) when `line` is a heading: alone, or 'Heading: text'.

        A heading may carry its date ('Plan 02/05/2023:'). In a specimen's `report` a heading
        names what it is there (`in_reports`).
        """
        kind = self._kind(line, report)
        if kind is not None:
            return kind, False
        m = re.match(r"^([^:：]{2,40})[:：]\s*\S", line.strip())
        kind = self._kind(m.group(1), report) if m else None
        if m is None or kind is None or not self._is_field_name(m.group(1)):
            return self._request_cell(line, report)
        return kind, True

    def _request_cell(self, line: str, report: bool) -> tuple[SectionKind, bool] | None:
        """A request's field in a grid row's first cell: 'Clinical | AML in CR1 | ...'."""
        m = _GRID_LABEL.match(line)
        kind = self._kind(m.group(1), report) if m and self._is_field_name(m.group(1)) else None
        return (kind, True) if kind == SectionKind.REQUEST else None

    def later_field(self, line: str, report: bool = False) -> tuple[int, SectionKind] | None:
        """Where a line of fields names a test request's field after its first one.

        '采样日期：DATE 报告日期：DATE 临床信息：…', 'Collected: DATE   Clinical details: …':
        the field runs to the line's end. A label in Chinese may stand right against the value
        before it (so its start is not sure: the longest request label ending at the colon);
        a Latin one needs two spaces, a tab or a '|' before it.
        """
        first = _FIELD_LINE.match(line)
        if not first:
            return None
        for m in _LATER_LABEL.finditer(line, first.end() - 1):
            group = "latin" if m.group("latin") else "zh"
            label, at = m.group(group), m.start(group)
            starts = range(len(label) - 1) if group == "zh" else (0,)  # its start is not sure
            for i in starts:
                kind = self._kind(label[i:], report) if self._is_field_name(label[i:]) else None
                if kind == SectionKind.REQUEST:
                    return at + i, kind
        return None

    def _keys(self, text: str) -> tuple[str, str, str]:
        """The heading as written, without its date, and without a bracket qualifying it."""
        return (
            _key(text),
            _key(_HEADING_DATE.sub("", text, count=1)),
            _key(_QUALIFIER.sub("", text, count=1)),
        )

    def _kind(self, text: str, report: bool = False) -> SectionKind | None:
        """The section kind a heading's text names, with or without a date after it."""
        for key in self._keys(text):
            if report and key in self.in_reports and not self._own(key, text):
                return self.in_reports[key]
            if key in self.by_heading and len(key) <= 40:
                return self.by_heading[key]
        return None

    def _own(self, key: str, text: str) -> bool:
        """A report's own section heading: one written in capitals where that says so."""
        return key in self.own_in_capitals and text.upper() == text != text.lower()

    def _is_field_name(self, text: str) -> bool:
        """A heading that may open a section as a field ('Plan: ...'), not only alone."""
        return any(key in self.field_names for key in self._keys(text))

    def is_caption(self, line: str) -> bool:
        """True when `line` starts a figure or table legend."""
        return any(rx.match(line) for rx in self.captions)

    def patient_events(self, kind: SectionKind) -> bool:
        """False for sections whose mentions are not the patient's own events."""
        if kind in NOT_PATIENT:
            return False
        return self.patient.get(kind, True)

    def keeps(self, kind: SectionKind, event_kind: str, dated: bool = False) -> bool:
        """Whether an event of `event_kind` mentioned in a `kind` section is the patient's.

        `dated`: the mention is dated in its own words, by its document's own date.
        """
        if dated and kind in self.dated_kept:
            return True
        return self.patient_events(kind) or event_kind in self.excepted.get(kind, ())


_GLOSS = re.compile(r"(?:^|[;.])\s*[A-Z][A-Za-z0-9+/-]{1,12}\s*[,:=]\s+[a-z]")


def _is_glossary(line: str) -> bool:
    """A line of abbreviations and their expansions ("DLI, donor lymphocyte infusion; ...")."""
    return len(_GLOSS.findall(line)) >= 3


def _is_title(line: str) -> bool:
    """An all-capitals line without a date: a document or section title, not a statement."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", line)
    return (
        len(words) >= 2
        and len(words) <= 10
        and sum(len(w) for w in words) >= 8
        and not any(c.islower() for c in line)
        and not _DATEISH.search(line)
        and not re.search(r"[\u4e00-\u9fff]", line)
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, blank ones included, without the line breaks."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


class DocumentSections:
    """Sections across the pages of one document, read in page order."""

    def __init__(self, page_texts: list[str], sectionizer: Sectionizer | None = None) -> None:
        self.sz = sectionizer or Sectionizer()
        keys = {_key(ln) for t in page_texts for ln in t.splitlines() if ln.strip()}
        self.case_report = self._is_article(keys)
        self.current = SectionKind.ABSTRACT if self.case_report else SectionKind.BODY
        self.recast = {} if self.case_report else self.sz.in_records
        self.spans: list[Span] = []
        self._starts: list[int] = []

    def _is_article(self, keys: set[str]) -> bool:
        """A case report: an article's opening and a later section of one.

        Headings a record uses as well (an MDT note's 'Background' and 'Discussion') are not
        enough by themselves: one of them must be an article's own.
        """
        rules = self.sz.rules
        kinds = {self.sz.by_heading.get(k) for k in keys} - {None}
        shared = {_key(h) for h in rules.record_headings}
        own = {self.sz.by_heading.get(k) for k in keys - shared} - {None}
        cues = {self.sz.by_heading.get(_key(c)) for c in rules.case_report_cues}
        starts = {self.sz.by_heading.get(_key(c)) for c in rules.abstract_when}
        return bool(kinds & cues) and bool(kinds & starts) and bool(own & (cues | starts))

    def page(self, text: str, specimen_report: bool = False) -> None:
        """Find the sections of the next page; `text` is its layout text, one block a line.

        A legend runs to the end of its block (its paragraph). On a `specimen_report` page a
        section is what it is in a report (`in_reports`).
        """
        spans: list[Span] = []
        pos, kind, until = 0, self.current, None  # `until`: end of an inline/caption scope
        resume = self.current
        lines = _lines(text)
        for a, b in lines:
            line = text[a:b]
            if until is not None and a >= until:
                if line.strip() and kind != SectionKind.CAPTION and _LIST_ITEM.match(line):
                    until = b  # an inline heading's list goes on
                else:
                    spans.append(Span(pos, a, kind))
                    pos, kind, until = a, resume, None
            head = self.sz.heading(line, specimen_report) if line.strip() else None
            later = self.sz.later_field(line, specimen_report) if head is None else None
            if later is not None and until is None:  # '采样日期：DATE 临床信息：…'
                spans.append(Span(pos, a + later[0], kind))
                pos, kind, until = a + later[0], self.recast.get(later[1], later[1]), b
            elif head is not None:
                spans.append(Span(pos, a, kind))
                new, inline = head
                new = self.recast.get(new, new)
                if inline:
                    pos, kind, until = a, new, b
                    continue
                spans.append(Span(a, b, SectionKind.HEADING))
                pos, kind, resume, until = b, new, new, None
            elif until is None and _is_glossary(line):
                spans += [Span(pos, a, kind), Span(a, b, SectionKind.ABBREVIATIONS)]
                pos = b
            elif until is None and _is_title(line) and not self.sz.states_a_course(line):
                spans += [Span(pos, a, kind), Span(a, b, SectionKind.HEADING)]
                pos = b
            elif until is None and line.strip() and self.sz.is_caption(line):
                spans.append(Span(pos, a, kind))
                pos, kind, until = a, SectionKind.CAPTION, b
        spans.append(Span(pos, len(text), kind))
        self.current = resume
        self.spans = [s for s in spans if s.end > s.start]
        self._starts = [s.start for s in self.spans]

    def section_at(self, offset: int) -> SectionKind:
        """The section of the current page at `offset`."""
        i = bisect_right(self._starts, offset) - 1
        return self.spans[i].kind if i >= 0 else self.current

    def patient_events(self, offset: int) -> bool:
        """Whether a mention at `offset` of the current page can be the patient's event."""
        return self.sz.patient_events(self.section_at(offset))

    def takes_document_date(self, offset: int) -> bool:
        """False in a section of retold past results (a history), whose dates are not the page's."""
        return self.section_at(offset) not in self.sz.retold

    def reports_findings(self, offset: int) -> bool:
        """True in a note's assessment, whose undated findings are the note's own."""
        return self.section_at(offset) in self.sz.reporting


__all__ = [
    "DocumentSections",
    "SectionKind",
    "SectionRules",
    "Sectionizer",
    "Span",
    "load_section_rules",
]
