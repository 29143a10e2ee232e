"""The schema of attributes.json: how an event's attributes and its course count are read."""

from __future__ import annotations

from pydantic import Field

from recordkit.nlp.rule_models import StrictRules


class ValueCue(StrictRules):
    """A value and the patterns that say it."""

    value: str
    patterns: list[str]
    stated: bool = Field(
        False,
        description="The words state the value outright: tried before the values merely told "
        "by the words around (a relapse 'in the CNS' is extramedullary before 'blasts' tell one).",
    )


class CourseCounts(StrictRules):
    """attributes.json course_counts: how many courses one mention holds, and their dates."""

    about: str = Field("", alias="_about")
    numbers: dict[str, int]  # count words taken literally; a digit of a value they name too
    zh_counters: list[str]  # a count word written in Han counts before one of these
    course_nouns: list[str]  # counted before and after the regimen, in a total, the last
    count_links: list[str] = Field(
        default_factory=lambda: ["of"]
    )  # 'two cycles of', 'deux cures de'
    block_nouns: list[str]  # counted before and after the regimen only
    dose_nouns: list[str]  # counted before the mention, in a total, the first or the last
    dose_names: list[str]  # counted in a total of doses ('a total of two DLIs')
    later: list[str]  # 'two further cycles': the count does not begin at the first course
    series: list[str]  # 'four consecutive cycles'
    alternating: list[str]  # '4 cycles alternating hyper-CVAD / HD-MTX'
    phases: list[str]  # 'HiDAC consolidation x2'
    given_for: list[str]  # 'HiDAC was given for four cycles'
    totals: list[str]  # 'a total of two infusions'
    last: list[str]  # 'the last cycle started on DATE': the last course's date
    last_started: list[str]  # 'the last (C5) starting DATE'
    first: list[str]  # 'the first on DATE': the first course's date
    first_given: list[str]  # 'the first dose given on DATE'
    completed: list[str]  # 'completed March 2023': when the block of courses ended


class AttributeRules(StrictRules):
    """attributes.json: how an event's attributes are read around its mention."""

    about: str = Field("", alias="_about")
    relapse_type: list[ValueCue]
    relapse_by_mrd_in_sentence: str
    remission_depth: list[ValueCue]
    mrd_positive: list[str] = Field(
        default_factory=list,
        description="An MRD assay reported positive ('NPM1 MRD (qPCR) 0.42%', 'MRD+'): beside it "
        "another assay's negative result makes no MRD-negative remission.",
    )
    gvhd_form: list[ValueCue]
    gvhd_grade: str
    own_phrase_kinds: list[str] = Field(
        default_factory=list,
        description="Event kinds whose episodes, told one after another, each take their "
        "attributes from their own phrase (a comma or conjunction parts them).",
    )
    engraftment_platelet: list[str]
    engraftment_neutrophil: list[str] = Field(default_factory=list)
    dli_dose: str
    dli_dose_series: str = Field(
        default="(?!x)x",
        description="Each dose of escalating infusions written in order, the unit perhaps once "
        "after the last ('1x10^6 then 5x10^6 CD3+/kg'): the k-th is the k-th infusion's.",
    )
    cycle: str
    cycle_ordinals: list[ValueCue] = Field(
        default_factory=list,
        description="'secondo ciclo', '2e cure' right before a regimen: the course's number.",
    )
    cycle_range: str = Field(
        "(?!x)x",
        description="A numbered range of courses ('cycles 2 to 4', 'C2-C4', 'cycles 2B through "
        "4B'): groups 1-4 are the first number, its A/B half, the last number and its half.",
    )
    course_counts: CourseCounts
    genetics: str
    transplant_field_labels: list[str]
    staged_sites: list[str] = Field(
        default_factory=list,
        description="Sites staged for spread ('CNS negative (CSF cytospin DATE)'): the test's "
        "date of a site found clear is no relapse's.",
    )
    gvhd_organ_field: str = Field(
        "(?!x)x", description="The label of a GVHD form's organ line, on the line after its grade."
    )
    gvhd_organ_unstaged: str = Field("(?!x)x", description="An organ's stage 0: not involved.")
    gvhd_organ_heads: list[str] = Field(
        default_factory=list,
        description="'changes', 'involvement': the noun an organ's phrase in a list may end in.",
    )
    responses_not_remissions: list[str] = Field(
        default_factory=list,
        description="Diagnoses whose molecular responses ('CMR' on a TKI) are no remissions.",
    )

    def patterns(self) -> list[tuple[str, str]]:
        """Every regular expression in the file, with where it is."""
        out = [
            (f"{key} {cue.value}", p)
            for key in ("relapse_type", "remission_depth", "gvhd_form", "cycle_ordinals")
            for cue in getattr(self, key)
            for p in cue.patterns
        ]
        for key in ("relapse_by_mrd_in_sentence", "gvhd_grade", "dli_dose", "dli_dose_series",
                    "cycle", "cycle_range", "genetics", "gvhd_organ_field",
                    "gvhd_organ_unstaged"):  # fmt: skip
            out.append((key, getattr(self, key)))
        out += [("transplant_field_labels", p) for p in self.transplant_field_labels]
        out += [("staged_sites", p) for p in self.staged_sites]
        out += [("mrd_positive", p) for p in self.mrd_positive]
        out += [("gvhd_organ_heads", p) for p in self.gvhd_organ_heads]
        counts = self.course_counts.model_dump(exclude={"about", "numbers"})  # words literal
        return out + [(f"course_counts.{k}", p) for k, ps in counts.items() for p in ps]
