"""The schema of dates.json: how dates are written and what a date's label says it is."""

from __future__ import annotations

from pydantic import Field, field_validator

from recordkit.dates.types import DateType
from recordkit.nlp.rule_models import StrictRules


class YearWindow(StrictRules):
    """Years a stated date may fall in: from `first` to this year plus `years_ahead`."""

    first: int = Field(1900, ge=1800)
    years_ahead: int = Field(1, ge=0, le=5)


class RocEra(StrictRules):
    """The Republic of China (Minguo) calendar Taiwan writes: year 1 is 1912."""

    about: str = Field("", alias="_about")
    marks: list[str] = Field(default_factory=list, description="Words that name the era: 民國.")
    offset: int = Field(1911, description="Added to an era year to give the western year.")


class RomanMonths(StrictRules):
    """Months in Roman numerals, as Eastern European records write them: 12.IV.2021, IV.2021."""

    about: str = Field("", alias="_about")
    read: bool = Field(True, description="Read upper-case Roman months between a day and a year.")
    not_after: list[str] = Field(
        default_factory=list,
        description="Words after which a numeral counts a stage or grade ('stage IV.2021').",
    )


class ArrivalStamps(StrictRules):
    """A receipt, registry or incoming-mail stamp: its date is the paper's arrival."""

    about: str = Field("", alias="_about")
    cues: list[str] = Field(
        default_factory=list,
        description="Regular expressions of a stamp on a line: a received date on that line, "
        "or any date inside the match, is the arrival's.",
    )


class SignatureLines(StrictRules):
    """The line of a document's signatories at its foot, which carries the day it was signed."""

    about: str = Field("", alias="_about")
    cues: list[str] = Field(
        default_factory=list,
        description="Regular expressions of a signature line: 'signature', 'Attending physician',"
        " '[round stamp]'.",
    )
    not_cues: list[str] = Field(
        default_factory=list,
        description="Regular expressions of a translator's or notary's line: its date is passed "
        "over.",
    )


class CourseOffsets(StrictRules):
    """Time counted from the treatment just told: 'after 6 weeks', 'at the end of that cycle'."""

    about: str = Field("", alias="_about")
    patterns: list[str] = Field(
        default_factory=list,
        description="Regular expressions; the offset in a group named weeks or months, else a "
        "cycle's end (its number in an optional group named cycle).",
    )
    cycle_days: int = Field(28, ge=7, le=56, description="The length of one cycle of a course.")


class DayCountChecks(StrictRules):
    """A day count written beside a date ('Day +30 marrow (28/05/2023)') checked against it."""

    about: str = Field("", alias="_about")
    tolerance_days: int = Field(2, ge=0, le=7, description="How far the two may differ unsaid.")
    time_points: list[int] = Field(
        default_factory=list, description="Counts that name a protocol's time point (day +100)."
    )
    time_point_days: int = Field(7, ge=0, le=21, description="How far those may differ unsaid.")
    doubt: str = Field(
        "",
        description="The doubt when they differ more: {count}, {date}, {actual}, {since} "
        "(the words naming day 0, from `since`) and {start} (day 0's date); empty: no check.",
    )
    since: dict[str, str] = Field(
        default_factory=dict, description="Kind of day 0 (transplant, car_t, regimen) -> words."
    )


class NarrativeCounts(StrictRules):
    """Dates a narrative counts from the date it told last: '3 months later', '次月', '同年6月'."""

    about: str = Field("", alias="_about")
    later: list[str] = Field(
        default_factory=list,
        description="Regular expressions of a count on from the last date: the count in a group "
        "named days, weeks, months or years (an empty group counts one).",
    )
    in_year: list[str] = Field(
        default_factory=list,
        description="Regular expressions of a month of the last date's year ('in March of that "
        "year'), the month (a name or a number) in a group named month; a matched group named "
        "next puts it in the year after; with no month, the year itself.",
    )
    numerals: dict[str, float] = Field(
        default_factory=dict, description="Counts written as words beyond English ('三', '半')."
    )


class GivenVerbs(StrictRules):
    """Words between a treatment and its date saying it was given or began then, taken literally.

    `words` are read by every check of such a date; each other list only where its name says.
    """

    about: str = Field("", alias="_about")
    words: list[str] = Field(description="'HiDAC C2 given 18/10/2021', 'cycle 2 started DATE'.")
    course_began: list[str] = Field(description="Also after a numbered course ('C2 began DATE').")
    listed_course_began: list[str] = Field(
        description="Also, only after a listed course's number ('cycle 2 commenced DATE')."
    )
    infused: list[str] = Field(
        description="Also, only after a treatment whose day a later result is not of."
    )


class ResultCaptions(StrictRules):
    """Words naming a set of results: a short line of them closed by its date captions a table."""

    about: str = Field("", alias="_about")
    words: list[str] = Field(
        default_factory=list, description="'Biologie', 'Esami', 'Bloods', matched as words."
    )


class EntryHeads(StrictRules):
    """The header line a multi-day progress note opens each dated entry with."""

    about: str = Field("", alias="_about")
    marks: str = Field(
        "", description="A regular expression of the marks set around such a line ('===', '##')."
    )
    counts: list[str] = Field(
        default_factory=list,
        description="Regular expressions of what such a line may hold after its date besides "
        "words: a time, a day of the stay or of a course ('HD 9', 'D+1'), a doctor's grade.",
    )
    marked_chars: int = Field(
        80, ge=0, le=160, description="How long the rest of a line so marked or counted may be."
    )


class JoinedMonths(StrictRules):
    """Month abbreviations that are words too ('ago', 'out', 'dic'): months only when joined.

    Read only between a day and a year joined by '-', '/' or '.' ('12-ago-2023').
    """

    about: str = Field("", alias="_about")
    months: dict[int, list[str]] = Field(default_factory=dict)


class LetterYears(StrictRules):
    """A month told with the year of the letter it is written in: 'in March this year'."""

    about: str = Field("", alias="_about")
    this: list[str] = Field(
        default_factory=list, description="Words after a month naming the letter's own year."
    )
    last: list[str] = Field(
        default_factory=list, description="Words after a month naming the year before it."
    )


class MatchGrades(StrictRules):
    """'HLA-identical donor (10/10)': a donor's match grade, never a day and month."""

    about: str = Field("", alias="_about")
    totals: list[int] = Field(default_factory=list, description="Loci counts typed: 10, 8, 12.")
    reach: int = Field(40, ge=0, le=200, description="How far on its line a donor word may be.")
    words: list[str] = Field(default_factory=list, description="Donor and HLA words.")


class DateRules(StrictRules):
    """dates.json: month names, typed date labels, fax header cues, day/month order cues."""

    about: str = Field("", alias="_about")
    months: dict[int, list[str]]
    joined_months: JoinedMonths = JoinedMonths()
    labels: dict[DateType, list[str]]
    fax_line_cues: list[str]
    comment_restates: list[str] = Field(
        default_factory=list,
        description="States a comment restates ('Comment (DATE): Neutrophil recovery'): one "
        "only a comment's date dates was reached by then, perhaps earlier.",
    )
    count_words: list[str] = Field(
        default_factory=list, description="A number right after one of these counts, not a day."
    )
    ordinal_nouns: list[str] = Field(
        default_factory=list,
        description="Nouns an ordinal 'N.' numbers ('1. Rezidiv', '2. CR'): no sentence's end.",
    )
    short_date_leads: list[str] = Field(
        default_factory=list,
        description="After one of these, '3.5.21' is a date, not a version or list number.",
    )
    clause_abbreviations: list[str] = Field(
        default_factory=list,
        description="Short abbreviations inside a clause ('dt.' dated, 'h/o' history of, 's/p' "
        "status post): their full stop before a date or a lower-case word ends no sentence.",
    )
    test_leads: list[str] = Field(
        default_factory=list,
        description="Chinese test words ('复查') that a month.day before them ('1.8复查') dates.",
    )
    year_window: YearWindow = YearWindow()
    roc_era: RocEra = RocEra()
    roman_months: RomanMonths = RomanMonths()
    arrival_stamps: ArrivalStamps = ArrivalStamps()
    signature_lines: SignatureLines = SignatureLines()
    month_first_cues: list[str]
    day_first_cues: list[str]
    birth_gap_years: int = Field(
        15,
        ge=0,
        le=60,
        description="A date this many years or more before every other date of a page (an "
        "unlabelled date of birth beside the patient's name) never dates its document; 0: off.",
    )
    result_captions: ResultCaptions = ResultCaptions()
    salutations: list[str] = Field(
        default_factory=list, description="A letter's greeting; a date alone above it is its date."
    )
    message_heads: list[str] = Field(
        default_factory=list,
        description="Regular expressions (case-blind, ^ at each line) opening a message of a mail "
        "thread: a From/Sent header block, 'On DATE, X wrote:', '--- Original Message ---'. "
        "Where a thread's messages disagree, each takes the day/month order its own "
        "unambiguous dates settle.",
    )
    message_subjects: list[str] = Field(
        default_factory=list,
        description="Regular expressions (case-blind, ^ at each line) of a message's subject "
        "line, carried over from the thread's first message: its dates (a birth date after "
        "the name) are not the message writer's and settle no day/month order.",
    )
    weekdays: list[str] = Field(
        default_factory=list,
        description="Weekday names a label may stand before its date ('Sent: Thursday, May 18, "
        "2023', 'Verzonden: woensdag 6 maart 2024'): the label is still the date's.",
    )
    sentence_date_nouns: list[str] = Field(
        default_factory=list,
        description="A preposition and the word for a date ('in data DATE', 'con fecha DATE'): "
        "that date is what the sentence tells, not the document's.",
    )
    day_count_links: list[str] = Field(
        default_factory=list,
        description="Words between a day count and the infusion it counts from ('day +180 "
        "after the allograft', 'J+180 de l'allogreffe').",
    )
    day_zero_date_links: list[str] = Field(
        default_factory=list,
        description="Words between that infusion and its own date ('the allograft of DATE').",
    )
    encounter_lists: list[str] = Field(
        default_factory=list,
        description="Labels of a list of visits ('Visits: DATE Clinic; DATE Infusion'): its "
        "dates are the visits' own, never the document's.",
    )
    infusions: dict[str, list[str]] = Field(
        default_factory=dict,
        description="The words naming each kind of infusion a '回输后+N天' counts from.",
    )
    courses: list[str] = Field(
        default_factory=list,
        description="Words naming a course of treatment: a bare day count after one is of the "
        "course, day 1 its first day.",
    )
    stay_days: list[str] = Field(
        default_factory=list,
        description="Regular expressions of a day of a hospital stay ('入院后第3天', 'hospital "
        "day 3'), the day in a group named n: counted from the admission, day 1 its day; an "
        "empty n group names the admission day itself ('on admission', 'al ingreso').",
    )
    course_offsets: CourseOffsets = CourseOffsets()
    given_verbs: GivenVerbs
    day_count_checks: DayCountChecks = DayCountChecks()
    narrative_counts: NarrativeCounts = NarrativeCounts()
    admission_diagnoses: list[str] = Field(
        default_factory=list,
        description="Labels of an admission's diagnosis ('入院诊断'): dated by the admission.",
    )
    entry_heads: EntryHeads = EntryHeads()
    letter_years: LetterYears = LetterYears()
    match_grades: MatchGrades = MatchGrades()
    seasons: list[str] = Field(
        default_factory=list,
        description="Seasons: 'in the autumn of 2022' is a date of that year (year precision).",
    )

    def patterns(self) -> list[tuple[str, str]]:
        """The regular expressions `rules validate` compiles, with where they are."""
        keyed = {
            "fax_line_cues": self.fax_line_cues,
            "arrival_stamps.cues": self.arrival_stamps.cues,
            "signature_lines.cues": self.signature_lines.cues,
            "signature_lines.not_cues": self.signature_lines.not_cues,
            "month_first_cues": self.month_first_cues,
            "day_first_cues": self.day_first_cues,
            "stay_days": self.stay_days,
            "entry_heads.counts": self.entry_heads.counts,
            "entry_heads.marks": [self.entry_heads.marks] if self.entry_heads.marks else [],
            "message_heads": self.message_heads,
            "message_subjects": self.message_subjects,
            "course_offsets.patterns": self.course_offsets.patterns,
            "narrative_counts.later": self.narrative_counts.later,
            "narrative_counts.in_year": self.narrative_counts.in_year,
        }
        return [(f"{k} {i}", p) for k, ps in keyed.items() for i, p in enumerate(ps, 1)]

    @field_validator("months")
    @classmethod
    def _twelve_months(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(1, 13)) or not all(v.values()):
            raise ValueError("months must name each of the months 1..12")
        return v
