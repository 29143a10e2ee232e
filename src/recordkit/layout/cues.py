"""What a single line of text looks like: a list item, a heading, a field, a page header."""

from __future__ import annotations

import re

BULLET = re.compile(
    r"^\s*(?:\(cid:\d+\)|[•●▪■◦○·∙‣⁃*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s)|[a-h]\)(?=\s))\s*"
)
# a course listed one per line: 'C1 (12 Jan 2023) – FLAG-Ida', 'Cycle 2: ...', 'Zyklus 3 ...'
COURSE_ITEM = re.compile(
    r"^\s*(?:(?-i:C)|cycle|course|block|round|Zyklus|Kurs|cure|ciclo|curso)\s?\d{1,2}"
    r"(?=\s*[:(\u2013-]|\s+(?:on|from|am|vom|ab|le|el|started|\d))",
    re.I,
)
# 'Label: value': a label opens with a capital, an abbreviation ('aGvHD maximum grade: III')
# or Han, and may state a threshold ('Platelet recovery (>= 20): Date 15/09/2022')
FIELD = re.compile(
    r"^\s*((?:[A-Z]|[a-z](?=[A-Z])|[\u4e00-\u9fff])(?:(?![.;]\s)[\w ./()'&<>=≥≤-]){0,38}?)"
    r"\s*[:：]\s*\S"
)
PAGE_MARK = re.compile(
    r"^\s*(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*/\s*\d+|-\s*\d+\s*-|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$",
    re.I,
)
EDGE_LINE = re.compile(
    r"\bpage\s*\d+\b|\bprinted\b|\bfax(?:ed)?\b|\bP\.\s?\d{2,3}\b|\bconfidential\b|\bfrom\s*:|"
    r"第\s*\d+\s*页",
    re.I,
)
_CARRY_ON = frozenset(
    {"a", "an", "the", "and", "or", "of", "with", "to", "in", "on", "at", "for", "by", "from"}
    | {"as", "than", "after", "before", "into", "under"}
)
_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9]{1,}(?:[-/][A-Za-z0-9]+)*[,.;:)]?$")
_SENTENCE_END = re.compile(r"[.!?。；;]\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# a cumulative printout's column header date and its cells' values (a flag or a dash for none)
SERIES_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}")
SERIES_VALUE = re.compile(r"[<>]?\d+(?:[.,]\d+)?(?:\s?[*HLhl])?|[-–—]{1,2}|n/?a", re.I)


# a banner rule: a run of dashes, equals or the like, perhaps round a section's title
# ('--- HEMATOLOGY -------', '=====', '*** Chemistry ***'): a divider, never prose
_RULE = re.compile(r"^\s*[-=_*#~]{3,}(?:\s*([^-=_*#~\s][^-=_*#~]{0,60}?)\s*(?:[-=_*#~]{3,})?)?\s*$")


def rule_title(text: str) -> str | None:
    """The title a banner rule line carries ('' for a bare rule), or None for other lines."""
    m = _RULE.match(text)
    return None if m is None else (m.group(1) or "").strip()


def ends(text: str) -> bool:
    """The line ends a sentence, or opens what follows with a colon."""
    t = text.rstrip()
    return bool(_SENTENCE_END.search(t)) or t.endswith((":", "："))


def is_list_start(text: str) -> bool:
    """A bullet, dash or number that opens a list item."""
    return bool(BULLET.match(text)) and len(text.strip()) > 2


def is_field(text: str) -> bool:
    """'Label: value' with a short label."""
    m = FIELD.match(text)
    return bool(m) and len(m.group(1).split()) <= 5


def is_heading(text: str) -> bool:
    """A short line that names what follows: upper case, or a label ending in a colon."""
    t = text.strip()
    if not t or len(t) > 80 or _SENTENCE_END.search(t) or is_list_start(t):
        return False
    words = t.split()
    letters = [c for c in t if c.isalpha() and not _CJK.match(c)]
    if t.endswith((":", "：")) and len(words) <= 6:
        return True
    if len(letters) >= 3 and all(c.isupper() for c in letters) and len(words) <= 10:
        return not re.search(r"\d{2}", t)
    if _CJK.search(t) and len(t) <= 12 and not re.search(r"\d", t):
        return True
    return (
        1 <= len(words) <= 5
        and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
        and not re.search(r"\d", t)
    )


def is_short_title(text: str) -> bool:
    """A few words without sentence punctuation or figures: a heading in sentence case."""
    t = text.strip()
    words = t.split()
    return (
        1 <= len(words) <= 6
        and t[:1].isupper()
        and not _SENTENCE_END.search(t)
        and not re.search(r"[\d,;:]", t)
    )


def is_page_mark(text: str) -> bool:
    """'Page 2 of 3', '2/3', '- 2 -'."""
    return bool(PAGE_MARK.match(text))


def looks_like_edge(text: str) -> bool:
    """Text typical of running headers and footers (page numbers, print and fax lines)."""
    return bool(EDGE_LINE.search(text)) or is_page_mark(text)


# a date ends the line: day-first ('5 March 2021'), year-first ('2022.05.06') or Chinese ('6日')
_ENDS_IN_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d{2}\W?$|\d\s*日$|(?<!\d)(?:19|20)\d{2}([-/.])\d{1,2}\1\d{1,2}$"
)


# an entry's header line: a date, a time, a title or signature ('2021-09-10 10:30 病程记录',
# '15/11/2023 10:40 Dr L Grant'): whole, however the entry's first line begins
_ENTRY_HEADER = re.compile(
    r"^\s*(?:\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2\d{2,4})"
    r"\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[^\d\n]{1,40})?$"
)


# a line that opens with a date or a span of dates and then ':', ' - ', a tab or a column's
# gap of two spaces or more before a word: an entry of a dated list ('1/18/2022: BM bx - ...',
# '2022-02-14 - started hyper-CVAD', '18 Jan 2022: relapse', '3/2022 - 7/2022: 4 cycles', a
# typed list's '22-11-2017   BMA   blasts 88%' or 'Jun 2018      HiDAC 1', or an ordinal before
# its word, '14.05.2021   2. Rezidiv'), not a bare range, a wrapped date or a value under its
# name ('14/12/2023  98%' below 'Donor chimerism')
_DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}/\d{4}"
    r"|(?:\d{1,2}\s)?[A-Z][a-z]{2,8}\.?\s(?:19|20)\d{2})"
)
_WORD_NEXT = r"(?=[^\W\d_]|\d{1,2}\.[ \t]+[^\W\d_])"  # a word, or an ordinal before one
_DATED_ENTRY = re.compile(
    rf"^\s*{_DATE}(?:\s*[-\u2013]\s*{_DATE})?(?:\s*[:：|]|\s+[-\u2013]\s+|\t| {{2,}}{_WORD_NEXT})"
    r"(?!\s*\d{1,4}[-/.]\d)"
)


def opens_dated_entry(text: str) -> bool:
    """The line opens with a date set off by ':', ' - ', a tab or a gap: an entry of its own."""
    return bool(_DATED_ENTRY.match(text))


def heads_dated_line(text: str, pos: int) -> bool:
    """The date at `pos` opens its line of `text` as a dated entry's: the record's own date.

    In a typed list of one record a line ('22-11-2017   BMA   blasts 88%   (diagnosis)'), the
    line's leading date dates what the line tells; a day count or an after-word in the line
    ('(D28 of induction)', '(post FLAG C2)') only says when that was.
    """
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return not text[start:pos].strip() and opens_dated_entry(text[pos : end if end >= 0 else None])


_DATE_VALUE_WORDS = 4  # 'Discharge Date: 20/04/2022', 'Admitted: 5 March 2021 10:40'


def _dated_field(text: str) -> bool:
    """A field whose value is its date alone, not a sentence that ends in a date.

    'Discharge Date: 20/04/2022' is whole; 'Diagnosis: AML with NPM1 mutation and
    FLT3-ITD, diagnosed 14/03/2023' is prose a word processor may wrap at any word.
    """
    m = FIELD.match(text)
    return bool(m) and len(text[m.end(1) :].lstrip(" :：").split()) <= _DATE_VALUE_WORDS


# a value alone on its line ('10.4', '85 H', '<0.01%', '3.2 x10^9/L') and a label of a few
# words, any figures only in brackets ('Hemoglobin (g/dL)', 'Platelets (x10^9/L):')
_BARE_VALUE = re.compile(r"[<>≤≥]?\d+(?:[.,]\d+)?\s*(?:%|[^\W\d_][\w/^µ×.]{0,10})?(?:\s+[HL*])?")
_LABEL = re.compile(r"[^\W\d_][^\d()\[\]:：]{0,30}(?:[(\[][^()\[\]]{1,16}[)\]])?\s*[:：]?")


def labels_value(label: str, nxt: str) -> bool:
    """`label` names the value that stands alone on the next line: one field over two lines."""
    t = label.strip()
    short = bool(_LABEL.fullmatch(t)) and len(t.split()) <= 5
    return short and bool(_BARE_VALUE.fullmatch(nxt.strip()))


# a line that opens with two words in lower case: prose, not the next item of a value list
# ('skin biopsy confirmed ...' goes on a sentence; 'plt 20' is a value of its own)
_PROSE_OPENING = re.compile(r"[a-z][a-z'-]*\s+[a-z][a-z'-]*\b")


def _clause_goes_on(prev: str, nxt: str) -> bool:
    """A line ending in ';' whose next line opens with words in lower case: one sentence.

    Typed letters are wrapped at a fixed width, so 'He developed a rash on 14/12/2023;'
    / 'skin biopsy confirmed acute GvHD' is a clause break, not a sentence end.
    """
    return prev.endswith(";") and bool(_PROSE_OPENING.match(nxt))


# a letter's dateline, whole on its line: a place, a comma and the date ('Leeds, 5 March 2021',
# 'Londrina, 27 de setembro de 2021', 'Berlin, den 05.03.2021', 'Lyon, le 5 mars 2021',
# 'Boston, March 5, 2021'): the letter's own date, never the first words of what follows
_DATELINE = re.compile(
    r"^\s*(?-i:[A-ZÀ-Þ])[^\W\d_]+(?:[ '-][^\W\d_]+){0,3},\s*"
    r"(?:(?:den|le|el|il|em|am|on)\s+)?"
    r"(?:\d{1,2}(?:\.|º|st|nd|rd|th)?\s+(?:de\s+)?[^\W\d_]{3,10}\.?,?\s+(?:de\s+)?(?:19|20)\d{2}"
    r"|\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}"
    r"|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+(?:19|20)\d{2})\.?\s*$"
)


def is_dateline(text: str) -> bool:
    """A letter's place-and-date line ('Londrina, 27 de setembro de 2021')."""
    return bool(_DATELINE.match(text))


def continues(prev: str, nxt: str) -> bool:
    """True when `nxt` carries on the sentence `prev` broke off (a soft line wrap)."""
    p, n = prev.rstrip(), nxt.lstrip()
    if rule_title(p) is not None or rule_title(n) is not None:
        return False  # a banner rule parts what stands above and below it
    if is_dateline(p):
        return False  # the letter's date line stands alone
    if labels_value(p, n):
        return True
    if not p or not n or _ENTRY_HEADER.match(p) or (ends(p) and not _clause_goes_on(p, n)):
        return False
    if is_list_start(n) or is_field(n) or opens_dated_entry(nxt):
        return False
    if COURSE_ITEM.match(n) and COURSE_ITEM.match(p):
        return False  # 'C1 (DATE) – FLAG-Ida' / 'C2 (DATE) – FLAG-Ida': courses one per line
    if _ENDS_IN_DATE.search(p) and (n[:1].isdigit() or _dated_field(p)):
        # 'Admission date: 5 March 2021' / '6 March 2021 bone marrow: ...'; a field that
        # ends in its date is whole ('Discharge Date: 20/04/2022' / 'allo-HSCT on ...')
        return False
    if n[:1].islower() or n[:1] in "(%)&,/" or n[:1].isdigit() or p.endswith((",", "-", "&")):
        return True
    last = p.split()[-1]
    first = n.split()[0]
    # "... consistent with / MRD-negative remission": a sentence cut after a small word, or
    # carried on by an abbreviation, goes on
    return last in _CARRY_ON or (p[-1:].islower() and bool(_ABBREVIATION.match(first)))
