"""The schema of analytes.json: analytes, their names and units, and how values are read.

`recordkit.nlp.rules` reads the file into `AnalyteRules`; `TableRole` names what a lab table's
column holds.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from recordkit.nlp.rule_models import StrictRules


class TableRole(StrEnum):
    """What a lab table's column holds."""

    ANALYTE = "analyte"
    VALUE = "value"
    UNIT = "unit"
    FLAG = "flag"
    REFERENCE = "reference"
    DATE = "date"
    SPECIMEN = "specimen"
    ROW_NUMBER = "row_number"  # a row's running number (序号, No., #): never a value
    TIME_POINT = "time_point"  # the day a row's sample was taken, counted (Day, D+): no value
    ADMINISTRATION = "administration"  # a product given (Start, Finish, Volume): no results
    PRIOR = "prior"  # an earlier result of the test (Antériorité, Previous): not this specimen's
    COUNT = "count"  # raw copies beside the ratio (BCR::ABL1 copies): a count, never a result


class BareAlternative(StrictRules):
    """Another unit a bare small value may be written in, and the page words that say so."""

    unit: str
    cues: list[str] = Field(
        default_factory=list, description="On the page: bare values are in `unit`."
    )
    usual_cues: list[str] = Field(
        default_factory=list, description="On the page: bare values are in the usual unit."
    )


class DiseaseBurden(StrictRules):
    """When an analyte's share of abnormal cells is the disease itself, never a residue of it."""

    samples: list[str] = Field(
        default_factory=list,
        description="Before the value in its sentence: a diagnostic or relapse sample, whose "
        "share of abnormal cells is the disease's burden ('Diagnostic bone marrow: flow 74.5%').",
    )
    compared_with: list[str] = Field(
        default_factory=list,
        description="Right before a sample word: the earlier sample a result is compared with.",
    )
    share_from: float | None = Field(
        None, description="A share at or above this is a blast population, not a residue."
    )
    unless_named: list[str] = Field(
        default_factory=list,
        description="Words in the sentence or page heading that name the value a residue (MRD).",
    )


class Analyte(StrictRules):
    """One analyte: reported unit, names, accepted units with factors, plausible range."""

    unit: str
    names: list[str]
    units: dict[str, float]
    range: tuple[float, float]
    requires_marrow: bool = False
    report_as: str | None = Field(None, description="Reported under this analyte's name.")
    absolute_count: bool = Field(False, description="A percentage is never this analyte.")
    below_detection_is_zero: bool = False
    max_gap: int = Field(48, ge=4, le=120, description="Characters from name to value.")
    stop_words: list[str] = Field(default_factory=list)
    header_names: list[str] = Field(
        default_factory=list, description="Further names as a table column header."
    )
    negative_needs: list[str] = Field(
        default_factory=list, description="A negative result counts only with one of these."
    )
    negative_genetics: list[str] = Field(
        default_factory=list,
        description="A negative result after one of these in its sentence (a cytogenetics "
        "label, a karyotype, 'at diagnosis') is the disease's genetics, never a result.",
    )
    classified_negative: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Per marker (a pattern its name as written matches): page words that class "
        "the disease as lacking it ('Ph negative' for BCR::ABL1); a negative result of that "
        "marker on such a page is the disease's classification, never MRD.",
    )
    context_needs: list[str] = Field(
        default_factory=list,
        description="A value counts only where its sentence or page heading says one of these.",
    )
    burden: DiseaseBurden | None = Field(
        None, description="Where the value is the disease's burden, not this analyte's result."
    )
    bare_small_unit: str | None = Field(
        None, description="Unit assumed for a bare value below `bare_small_below`."
    )
    bare_small_below: float = 0
    bare_small_alternative: BareAlternative | None = Field(
        None, description="Another unit a bare value below `bare_small_below` may be in."
    )
    bare_count_max: float | None = Field(
        None, description="A bare count above this is cells per microlitre, not x10^9/L."
    )
    absolute_cues: list[str] = Field(
        default_factory=list,
        description="Words of a name that say an absolute count ('ANC', 'abs', '#'): after a name "
        "without one, a bare number read per microlitre that could be a percentage is a share.",
    )
    lakh_letter_below: float | None = Field(
        None, description="A count below this with an 'L' after it is in lakhs, not flagged low."
    )
    part_labels: list[str] = Field(
        default_factory=list,
        description="Specimens one name's values may be listed by ('PB whole blood 93%, PB CD3 "
        "72%, BM 89%'): each labelled value after the first is the analyte's too; a label may "
        "also name a lineage (`lineage_cues`), whose sorted fraction the value is then of.",
    )

    def patterns(self) -> list[tuple[str, str]]:
        """The regular expressions of its cue lists beside its names, each with its key."""
        keyed = {
            k: getattr(self, k)
            for k in ("stop_words", "part_labels", "header_names", "negative_needs",
                      "negative_genetics", "context_needs", "absolute_cues")
        }  # fmt: skip
        told = self.classified_negative
        keyed |= {f"classified_negative.{k}": [k, *ps] for k, ps in told.items()}
        if self.burden is not None:
            keyed |= {f"burden.{k}": ps for k, ps in self.burden.model_dump().items()
                      if isinstance(ps, list)}  # fmt: skip
        if self.bare_small_alternative is not None:
            alt = self.bare_small_alternative
            keyed |= {"bare_small_alternative.cues": alt.cues,
                      "bare_small_alternative.usual_cues": alt.usual_cues}  # fmt: skip
        return [(k, p) for k, ps in keyed.items() for p in ps]


class AnalyteRules(StrictRules):
    """analytes.json: analytes, unit spellings and the cues around values."""

    about: str = Field("", alias="_about")
    analytes: dict[str, Analyte]
    units: dict[str, list[str]]
    foreign_units: list[str]
    value_flags: list[str]
    stop_words: list[str]
    threshold_signs: list[str]
    below_signs: list[str]
    approximate_signs: list[str] = Field(
        default_factory=list,
        description="Signs and words before a figure that make it an estimate ('~35% blasts', "
        "'approx. 35%'): no count of its own, doubted.",
    )
    limit_signs: list[str] = Field(
        default_factory=list,
        description="Below signs a lab writes before its reporting limit ('Neuts <0.1 x10^9/L'):"
        " a count so written, with its unit, is read as that limit and doubted as a bound.",
    )
    marrow_cues: list[str]
    not_marrow_cues: list[str]
    count_parts: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Counts that are parts of another ('anc' of 'wbc'): a whole count a scan "
        "read with no point, ten times a part beside it, may have lost its point (doubted).",
    )
    marrow_service_names: list[str] = Field(
        default_factory=list,
        description="Departments and services ('Bone Marrow Transplant Unit'): no marrow specimen.",
    )
    flow_population_cues: list[str]
    morphology_methods: list[str] = Field(
        default_factory=list,
        description="Words stating a blast count's method as morphology ('on aspirate "
        "differential', 'by morphology'): a bracket after them ('(CD19-negative by flow, see "
        "FC..)') describes the blasts, and makes the count no flow population.",
    )
    stain_cues: list[str] = Field(
        default_factory=list,
        description="Staining words ('CD34 blasts approx. 6%' on a trephine, 'IHC', 'MPO positive "
        "in 70% of blasts'): a stain's estimate or share of the blasts, not their marrow count.",
    )
    other_specimen_cues: list[str] = Field(
        default_factory=list, description="Specimens whose cell counts are no blood count (CSF)."
    )
    other_site_cues: list[str] = Field(
        default_factory=list,
        description="Sites other than marrow and blood a clause's blasts may be counted in "
        "(a CSF cytospin, an LP, a skin or testis biopsy): never the marrow count.",
    )
    blood_specimen_cues: list[str] = Field(default_factory=list)
    blood_panel_names: list[str] = Field(
        default_factory=list,
        description="A blood count panel's names (CBC, FBC, haemogram): named in a field before "
        "its blasts, with no marrow named in the field, they make the blasts blood's.",
    )
    hypothetical_cues: dict[str, list[str]] = Field(
        default_factory=dict,
        description="'threshold' words (in the sentence) and 'condition' words (in the clause) "
        "before a name: the value is a plan, not a result.",
    )
    reference_cues: list[str]
    negative_words: list[str]
    negative_cells: list[str] = Field(
        default_factory=list,
        description="A lab's abbreviations for undetectable, alone in a result cell ('UD', "
        "'ND', 'not det.'): a negative result.",
    )
    series_cues: list[str] = Field(
        default_factory=list,
        description="Words before a value in its clause that make it the summary of repeated "
        "tests ('此后定期复查MRD均阴性', 'MRD has been repeatedly negative'): no one "
        "specimen's result, and no date of the paragraph is its.",
    )
    unreached_cues: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Words that say a negative result was not reached: 'before' the name "
        "('未能达到MRD阴性', 'failed to achieve MRD negativity') or 'after' the negative word "
        "('MRD negativity was not achieved'). The negative word is then no value.",
    )
    method_joiners: list[str] = Field(
        default_factory=list,
        description="Words that join a result to the assay that found it ('MRD-negative CR by "
        "flow (<0.01%)'): a remission's depth word followed by its assay's bracketed result "
        "below a threshold is the test's result, not only the remission's depth.",
    )
    assay_names: list[str] = Field(
        default_factory=list,
        description="An assay's name a table cell may write before its result ('FCM negativ', "
        "'PCR: 0.01 %' in an MRD column): the result is read after it.",
    )
    recipient_cues: list[str]
    donor_cues: list[str] = Field(
        default_factory=lambda: ["donor"],
        description="Words naming the donor's side of a chimerism ('99 % Spender', '99% donor').",
    )
    locus_names: list[str]
    lineage_cues: list[str] = Field(default_factory=list)
    whole_sample_cues: list[str] = Field(
        default_factory=list,
        description="Words naming a chimerism's whole sample ('unfractionated', 'whole blood', "
        "'unsorted'): a label naming it before any lineage is no sorted fraction.",
    )
    marker_names: list[str] = Field(
        default_factory=list,
        description="Antigens a flow report calls negative or positive ('CD19阴性'): a negative "
        "word right after one is the marker's, not the measured value's.",
    )
    other_analytes: list[str] = Field(
        default_factory=list, description="Tests not reported (Hct, MCV): a list skips their slot."
    )
    blood_product_cues: list[str] = Field(
        default_factory=list,
        description="Words naming a blood product given ('apheresis', 'red cells', 'FFP'): such "
        "a row of a table with Start, Finish or Volume columns is a unit given, not a count.",
    )
    table_headers: dict[TableRole, list[str]] = Field(default_factory=dict)
    ocr_names: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Long names (8 letters or more) also read, on OCR pages only, through OCR "
        "confusions and dropped accents ('Leucécitos', 'Leuc6citos'); the value is doubted.",
    )
    ocr_confusions: list[str] = Field(
        default_factory=list, description="Groups of characters OCR mistakes for each other."
    )
    assay_cues: list[str] = Field(
        default_factory=list,
        description="Words naming the assay, not the patient's result ('LOD / LLOQ', 'events "
        "analysed'): a row they label is no result, and they end a value search.",
    )
    result_labels: list[str] = Field(
        default_factory=list,
        description="A report's result field labels ('RESULT:', 'Interpretation:'): such a "
        "field right under a line naming one test ('B-ALL MRD (10-color, 1,250,000 events "
        "acquired)') gives that test's result ('RESULT: NEGATIVE').",
    )
    prior_value_cues: list[str] = Field(
        default_factory=list,
        description="Words before an earlier value of the same analyte: '92 %, down from 99 %'.",
    )
    later_value_cues: list[str] = Field(
        default_factory=list,
        description="Words before a later dated value of a trend: '0.02% on DATE to 1.8% on DATE'.",
    )
    count_words: list[str] = Field(
        default_factory=list,
        description="Words after which a number counts ('post-course 2 marrow', 'week 3'): "
        "the value search steps over it, as over a day number.",
    )
    list_joiners: list[str] = Field(
        default_factory=list,
        description="Words that join the last item of a list to it ('PB 93% and BM 89%').",
    )
    trend_since_cues: list[str] = Field(
        default_factory=list,
        description="Words before a date that a trend runs from ('Hb 88, Plt 45 - falling "
        "since D+30'): when the trend began, never when the values were drawn.",
    )
    baseline_cues: list[str] = Field(
        default_factory=list,
        description="Words after an earlier value, in a bracket or after 'vs', that say when it "
        "was measured: '(420% at diagnosis on DATE)'; the date is that value's.",
    )

    def patterns(self) -> list[tuple[str, str]]:
        """Every regular expression in the file, with where it is."""
        out = [(f"analytes.{a}", p) for a, s in self.analytes.items() for p in s.names]
        out += [(f"analytes.{a}.{k}", p) for a, s in self.analytes.items() for k, p in s.patterns()]
        out += [(f"units.{u}", p) for u, ps in self.units.items() for p in ps]
        out += [(f"table_headers.{k}", p) for k, ps in self.table_headers.items() for p in ps]
        cues = self.hypothetical_cues
        out += [(f"hypothetical_cues.{k}", p) for k, ps in cues.items() for p in ps]
        out += [(f"unreached_cues.{k}", p) for k, ps in self.unreached_cues.items() for p in ps]
        for key in (
            "foreign_units",
            "count_words",
            "value_flags",
            "stop_words",
            "marrow_cues",
            "not_marrow_cues",
            "marrow_service_names",
            "flow_population_cues",
            "stain_cues",
            "morphology_methods",
            "other_specimen_cues",
            "other_site_cues",
            "blood_specimen_cues",
            "blood_panel_names",
            "reference_cues",
            "recipient_cues",
            "donor_cues",
            "blood_product_cues",
            "locus_names",
            "lineage_cues",
            "whole_sample_cues",
            "list_joiners",
            "assay_names",
            "marker_names",
            "other_analytes",
            "assay_cues",
            "result_labels",
            "prior_value_cues",
            "later_value_cues",
            "baseline_cues",
            "trend_since_cues",
            "series_cues",
            "negative_cells",
        ):
            out += [(key, p) for p in getattr(self, key)]
        return out
