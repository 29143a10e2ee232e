"""The schema of attribution.json: how a date is given to the mention it belongs to."""

from __future__ import annotations

from pydantic import Field

from recordkit.nlp.rule_models import StrictRules


class AttributionWeights(StrictRules):
    """Named weights of the date-attribution rule."""

    comma: float
    semicolon: float
    cell_break: float
    conjunction: float
    date_before_its_mention: float
    date_after_its_mention: float
    clause_word_between: float
    bracket_left: float = 0.0
    arrow: float = 0.0  # '->' between a course and its result
    led_date_comma: float = 0.0  # 'X on DATE, conditioning Y': the date is X's


class ReferenceWords(StrictRules):
    """attribution.json reference_words: what makes a mention refer to an event told elsewhere."""

    about: str = Field("", alias="_about")
    words: list[str] = Field(default_factory=list)  # 'after', 'prior to', 'day +32 of'
    prefixes: list[str] = Field(default_factory=list)  # joined to the event's name: 'post-HiDAC'
    course_days: list[str] = Field(default_factory=list)  # 'FLAG-Ida D8', 'D5 FLAG-Ida'
    articles: list[str] = Field(default_factory=list)  # before a lead: 'after the completion of'
    leads: list[str] = Field(default_factory=list)  # 'after completing', 'after the end of'
    determiners: list[str] = Field(default_factory=list)  # 'after his transplant'
    offset_counts: list[str] = Field(default_factory=list)  # 'two months after', besides digits
    offset_units: list[str] = Field(default_factory=list)  # 'two months after'
    offset_words: list[str] = Field(default_factory=list)  # 'two months after'


class AttributionRules(StrictRules):
    """attribution.json: how dates are linked to the mentions they belong to."""

    about: str = Field("", alias="_about")
    weights: AttributionWeights
    conjunctions: list[str]
    clause_words: list[str]
    today_words: list[str] = Field(default_factory=list)
    new_onset_words: list[str] = Field(
        default_factory=list,
        description="'new-onset', '新发' (taken literally): a state (GVHD, relapse) its own "
        "clause calls new, with no date of its own, was found on the document's day.",
    )
    now_words: list[str] = Field(
        default_factory=list,
        description="'now', 'currently': a value whose own clause says so is a current "
        "result, never of a date written in an earlier clause.",
    )
    assessment_words: list[str] = Field(default_factory=list)
    given_kinds: list[str] = Field(default_factory=list)
    reported_kinds: list[str] = Field(default_factory=list)
    response_kinds: list[str] = Field(default_factory=list)
    response_analytes: list[str] = Field(
        default_factory=list,
        description="Results that measure a course's response ('mrd'): never of the day the "
        "course began.",
    )
    outcome_columns: list[str] = Field(default_factory=list)
    note_columns: list[str] = Field(
        default_factory=list,
        description="'Comment', 'Interpretation': a results table's column of notes beside each "
        "sample, whose treatments name the sample's time point, never a course given.",
    )
    count_columns: list[str] = Field(
        default_factory=list,
        description="'Cycles', 'No. of courses': a treatment table's column counting the courses "
        "of each row's regimen, the same in every row.",
    )
    end_columns: list[str] = Field(
        default_factory=list,
        description="'End', 'Stop': a treatment table's column giving the day a row's last "
        "course ended; its counted courses lie between the row's start and that day.",
    )
    course_table_kinds: list[str] = Field(
        default_factory=list,
        description="Treatments given in repeated doses: a table whose first column they "
        "head lists one per dated row ('DLI | Date | Dose').",
    )
    state_table_kinds: list[str] = Field(
        default_factory=list,
        description="States a table lists an episode of per row, under a heading naming one "
        "('GVHD history' over 'Type | Onset | Organs'), each dated by its onset column.",
    )
    onset_columns: list[str] = Field(
        default_factory=list,
        description="Header words of a state table's column dating each row ('Onset').",
    )
    course_columns: list[str] = Field(
        default_factory=list,
        description="'Cycle', 'Course': a first column so headed, under a heading naming one "
        "regimen, lists one course of it per dated row.",
    )
    course_plan_cells: list[str] = Field(
        default_factory=list,
        description="'planned', 'due': a treatment table's row saying so lists no course given.",
    )
    course_dose_notes: list[str] = Field(
        default_factory=list,
        description="'aza 5 days', 'venetoclax reduced to 100 mg': a course table's cell naming "
        "a drug of the table's regimen with one of these words notes the row's dose or schedule; "
        "it names no course.",
    )
    diagnostic_sample_words: list[str] = Field(default_factory=list)
    event_bracket_words: list[str] = Field(default_factory=list)
    event_participles: list[str] = Field(default_factory=list)
    transformation_words: list[str] = Field(
        default_factory=list,
        description="'transformed to', 'mit Übergang in': between a disease and the one it "
        "turned into.",
    )
    antecedent_words: list[str] = Field(
        default_factory=list,
        description="'arising from', 'secondary to', 'prior': right before a disease, one the "
        "disease named before it grew out of, known earlier.",
    )
    admission_words: list[str] = Field(
        default_factory=list,
        description="'admission', 'admitted', 'Aufnahme': before a date, the stay's first day, "
        "never the day of the treatment a purpose word names after it.",
    )
    purpose_words: list[str] = Field(
        default_factory=list,
        description="'for', 'zur': after an admission's date, the treatment the stay is for.",
    )
    hold_words: list[str] = Field(
        default_factory=list,
        description="'delayed', 'held', 'postponed': before a reason word, a course put off for "
        "the result the reason tells, measured before the course was given.",
    )
    indication_words: list[str] = Field(
        default_factory=list,
        description="'For', 'Per', 'Pour' opening a sentence: the reason a treatment named "
        "later in it was given; a value in the reason was measured before the treatment.",
    )
    confirming_words: list[str] = Field(
        default_factory=list,
        description="'biopsy', 'consistent with', 'confirmed': a finding that confirms the state "
        "its undated sentence names, whose onset the sentence before dates.",
    )
    interpretation_words: list[str] = Field(
        default_factory=list,
        description="'Consistent with', 'Diagnostic of': opening a line that concludes what the "
        "dated test findings just before it showed.",
    )
    after_words: list[str] = Field(default_factory=list)
    history_labels: list[str] = Field(
        default_factory=list,
        description="'Prior therapy', 'Previous treatment': a field line whose label holds one "
        "lists treatments given before, no step of the course the fields around it tell.",
    )
    reference_words: ReferenceWords = Field(default_factory=ReferenceWords)
    phase_words: list[str] = Field(default_factory=list)
    past_point_words: list[str] = Field(
        default_factory=list,
        description="'end of', 'post': before a phase word, a time point a result was found at "
        "('end-of-induction MRD'), of a story that may be long past.",
    )
    history_words: list[str] = Field(
        default_factory=list,
        description="'showed', 'had', 'achieved': a past-tense verb of a value's sentence that, "
        "after a diagnosis told in the past ('was diagnosed') in its story, reports an earlier "
        "finding, never one of its letter's day.",
    )
    time_point_labels: dict[str, list[str]] = Field(
        default_factory=dict,
        description="By event kind, regular expressions of a value's label naming that event's "
        "day ('WBC at diagnosis'): the value is of that day, not of its form's.",
    )
    course_day_words: list[str] = Field(
        default_factory=list,
        description="How a day of a course is written before a marrow's value on the course's "
        "line ('d15-KM', 'day 15 marrow'): counted from the line's date as day 1.",
    )
    presentation_labels: list[str] = Field(
        default_factory=list,
        description="A value's label naming the day the patient presented ('at presentation').",
    )
    presentation_dates: list[str] = Field(
        default_factory=list,
        description="What leads the day a letter says the patient presented on ('presented "
        "on', 'Vorstellung am'): the day a value labelled 'at presentation' was measured.",
    )
    undated_time_points: list[str] = Field(
        default_factory=list,
        description="A value's label naming a time before an event ('pre-transplant'): undated.",
    )
    concessive_words: list[str] = Field(default_factory=list)
    own_start_words: list[str] = Field(default_factory=list)  # '(started DATE)' after a course
    date_prepositions: list[str] = Field(default_factory=list)
    reason_words: list[str] = Field(default_factory=list)
    sequel_words: list[str] = Field(default_factory=list)
    sequence_words: list[str] = Field(
        default_factory=list,
        description="Words right after a date that open the next event ('DATE, then SCT', "
        "'DATE, danach SZT'): it came after that day and is never dated by it.",
    )
    sequel_kinds: list[str] = Field(
        default_factory=list,
        description="States that only ever follow a treatment (GVHD, engraftment): never dated "
        "by the day of a treatment told before them in their sentence.",
    )
    companion_words: list[str] = Field(default_factory=list)
    response_words: list[str] = Field(default_factory=list)
    reference_sample_cues: list[str] = Field(default_factory=list)
    earlier_test_cues: list[str] = Field(
        default_factory=list,
        description="'Previous myelogram (DATE)': words naming an earlier test a report "
        "compares with; its date never dates the findings told after it.",
    )
    specimen_numbers: list[str] = Field(
        default_factory=list,
        description="A lab's specimen number ('XYZ-23-BM-01177') in an earlier test's bracket, "
        "before its date or its results: no break between the test and them.",
    )
    end_words: list[str] = Field(default_factory=list)
    stop_words: list[str] = Field(
        default_factory=list,
        description="'held', 'stopped', 'discontinued' before a date: a treatment's end, never "
        "the day a treatment told before it was given.",
    )
    onset_words: list[str] = Field(default_factory=list)
    sign_onset_days: int = Field(
        0,
        description="How long before a finding confirming a GVHD the told onset of its "
        "organ's signs may lie to be its date (0: never).",
    )
    plan_date_leads: list[str] = Field(
        default_factory=list,
        description="'which was planned for DATE': words before the date a treatment was "
        "meant for; another date of the treatment's own is the day it was given.",
    )
    state_at_treatment: list[str] = Field(
        default_factory=list,
        description="What right before a state says a treatment was given in it ('in CR2').",
    )
    state_before_treatment: list[str] = Field(
        default_factory=list,
        description="What joins a state to a treatment told after it that was given in it "
        "('in CR1, s/p MUD PBSCT').",
    )
    state_arrow_to_treatment: list[str] = Field(
        default_factory=list,
        description="An arrow from a remission no arrow leads to a treatment given in it "
        "('CR1 -> MSD allo-PBSCT DATE'): the state it was given in.",
    )
    given_in_remission_kinds: list[str] = Field(
        default_factory=list,
        description="Treatments a state joined to them by `state_before_treatment` was given in.",
    )
    since_words: list[str] = Field(default_factory=list)
    disease_durations: list[str] = Field(
        default_factory=list,
        description="What right after a disease tells how long ago it was diagnosed "
        "('确诊AML 1年余'): no later date of its sentence is its diagnosis's.",
    )
    from_date_words: list[str] = Field(
        default_factory=list,
        description="Words right after a date that make it the day what follows began on "
        "('6月1日起加用芦可替尼'): no state told before the date takes it.",
    )
    treatment_time_cues: list[str] = Field(
        default_factory=list,
        description="What right before a date says a treatment began or stopped then "
        "('on ruxolitinib since', 'steroids stopped'); a named group `treatment` holds the "
        "treatment a cue names itself, and no mention before such a cue takes its date.",
    )

    def patterns(self) -> list[tuple[str, str]]:
        """The regular expressions `rules validate` compiles, with where they are."""
        refs = self.reference_words.model_dump(exclude={"about"})
        out = [(f"reference_words.{k}", p) for k, ps in refs.items() for p in ps]
        labels = self.time_point_labels
        out += [(f"time_point_labels.{k}", p) for k, ps in labels.items() for p in ps]
        for key in _PATTERN_KEYS:
            out += [(key, p) for p in getattr(self, key)]
        return out


_PATTERN_KEYS = (  # the lists of regular expressions; every other list is taken literally
    "undated_time_points",
    "presentation_labels",
    "presentation_dates",
    "reference_sample_cues",
    "earlier_test_cues",
    "specimen_numbers",
    "treatment_time_cues",
    "disease_durations",
    "state_at_treatment",
    "state_before_treatment",
    "state_arrow_to_treatment",
)


__all__ = ["AttributionRules", "AttributionWeights", "ReferenceWords"]
