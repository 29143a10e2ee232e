"""Load the clinical rule files (package data) into validated, compiled rule sets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from recordkit.dates.types import DateType
from recordkit.exceptions import InvalidRulesError

TriggerKind = Literal[
    "relapse",
    "remission",
    "car_t",
    "transplant",
    "dli",
    "gvhd",
    "engraftment",
    "death",
    "diagnosis_cue",
    "ignore",
]


class TableRole(StrEnum):
    """What a lab table's column holds."""

    ANALYTE = "analyte"
    VALUE = "value"
    UNIT = "unit"
    FLAG = "flag"
    REFERENCE = "reference"
    DATE = "date"
    SPECIMEN = "specimen"


RULE_SETS = {"recordkit.rules.v1"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TriggerRule(_Strict):
    """One event trigger: a regular expression for a kind of event."""

    id: str
    kind: TriggerKind
    pattern: str
    case_sensitive_below: int = Field(
        0, ge=0, description="Matches shorter than this must match case."
    )


class Regimen(_Strict):
    """A regimen: its usual abbreviation, drugs and spellings."""

    name: str
    drugs: list[str]
    aliases: list[str]


class Disease(_Strict):
    """A disease label and the ways it is written."""

    label: str
    patterns: list[str]


class Vocabulary(_Strict):
    """vocabulary.json: drugs, regimens, diseases, antigens, grafts, donors, organs."""

    about: str = Field("", alias="_about")
    drugs: dict[str, list[str]]
    regimens: list[Regimen]
    companion_drugs: list[str]
    regimen_glossary: dict[str, str]
    diseases: list[Disease]
    antigens: list[str]
    grafts: dict[str, list[str]]
    grafts_by_procedure_name: dict[str, list[str]] = Field(default_factory=dict)
    donors: dict[str, list[str]]
    gvhd_organs: dict[str, list[str]]


class Modifier(_Strict):
    """A ConText modifier: category, direction and trigger phrases."""

    category: Literal["negated", "planned", "family", "ongoing", "historical"]
    direction: Literal["forward", "backward", "bidirectional"]
    phrases: list[str]


class ContextRules(_Strict):
    """context.json: modifiers, pseudo-phrases and clause terminators."""

    about: str = Field("", alias="_about")
    modifiers: list[Modifier]
    pseudo: list[str]
    terminators: list[str]


class Analyte(_Strict):
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
    bare_small_unit: str | None = Field(
        None, description="Unit assumed for a bare value below `bare_small_below`."
    )
    bare_small_below: float = 0
    bare_count_max: float | None = Field(
        None, description="A bare count above this is cells per microlitre, not x10^9/L."
    )
    lakh_letter_below: float | None = Field(
        None, description="A count below this with an 'L' after it is in lakhs, not flagged low."
    )


class AnalyteRules(_Strict):
    """analytes.json: analytes, unit spellings and the cues around values."""

    about: str = Field("", alias="_about")
    analytes: dict[str, Analyte]
    units: dict[str, list[str]]
    foreign_units: list[str]
    value_flags: list[str]
    stop_words: list[str]
    threshold_signs: list[str]
    below_signs: list[str]
    marrow_cues: list[str]
    not_marrow_cues: list[str]
    flow_population_cues: list[str]
    other_specimen_cues: list[str] = Field(
        default_factory=list, description="Specimens whose cell counts are no blood count (CSF)."
    )
    blood_specimen_cues: list[str] = Field(default_factory=list)
    hypothetical_cues: dict[str, list[str]] = Field(
        default_factory=dict,
        description="'threshold' words (in the sentence) and 'condition' words (in the clause) "
        "before a name: the value is a plan, not a result.",
    )
    reference_cues: list[str]
    negative_words: list[str]
    recipient_cues: list[str]
    locus_names: list[str]
    lineage_cues: list[str] = Field(default_factory=list)
    table_headers: dict[TableRole, list[str]] = Field(default_factory=dict)
    ocr_names: dict[str, list[str]] = Field(
        default_factory=dict, description="Long names also read through OCR confusions."
    )
    ocr_confusions: list[str] = Field(
        default_factory=list, description="Groups of characters OCR mistakes for each other."
    )
    prior_value_cues: list[str] = Field(
        default_factory=list,
        description="Words before an earlier value of the same analyte: '92 %, down from 99 %'.",
    )

    def patterns(self) -> list[tuple[str, str]]:
        """Every regular expression in the file, with where it is."""
        out = [(f"analytes.{a}", p) for a, s in self.analytes.items() for p in s.names]
        out += [
            (f"analytes.{a}.stop_words", p) for a, s in self.analytes.items() for p in s.stop_words
        ]
        out += [(f"units.{u}", p) for u, ps in self.units.items() for p in ps]
        out += [(f"table_headers.{k}", p) for k, ps in self.table_headers.items() for p in ps]
        cues = self.hypothetical_cues
        out += [(f"hypothetical_cues.{k}", p) for k, ps in cues.items() for p in ps]
        for key in (
            "foreign_units",
            "value_flags",
            "stop_words",
            "marrow_cues",
            "not_marrow_cues",
            "flow_population_cues",
            "other_specimen_cues",
            "blood_specimen_cues",
            "reference_cues",
            "recipient_cues",
            "locus_names",
            "lineage_cues",
            "prior_value_cues",
        ):
            out += [(key, p) for p in getattr(self, key)]
        return out


class ValueCue(_Strict):
    """A value and the patterns that say it."""

    value: str
    patterns: list[str]


class AttributeRules(_Strict):
    """attributes.json: how an event's attributes are read around its mention."""

    about: str = Field("", alias="_about")
    relapse_type: list[ValueCue]
    relapse_by_mrd_in_sentence: str
    remission_depth: list[ValueCue]
    gvhd_form: list[ValueCue]
    gvhd_grade: str
    engraftment_platelet: list[str]
    dli_dose: str
    cycle: str
    genetics: str
    transplant_field_labels: list[str]

    def patterns(self) -> list[tuple[str, str]]:
        """Every regular expression in the file, with where it is."""
        out = [
            (f"{key} {cue.value}", p)
            for key in ("relapse_type", "remission_depth", "gvhd_form")
            for cue in getattr(self, key)
            for p in cue.patterns
        ]
        for key in ("relapse_by_mrd_in_sentence", "gvhd_grade", "dli_dose", "cycle", "genetics"):
            out.append((key, getattr(self, key)))
        out += [("transplant_field_labels", p) for p in self.transplant_field_labels]
        return out


class AttributionWeights(_Strict):
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


class AttributionRules(_Strict):
    """attribution.json: how dates are linked to the mentions they belong to."""

    about: str = Field("", alias="_about")
    weights: AttributionWeights
    conjunctions: list[str]
    clause_words: list[str]
    today_words: list[str] = Field(default_factory=list)
    assessment_words: list[str] = Field(default_factory=list)
    given_kinds: list[str] = Field(default_factory=list)


class YearWindow(_Strict):
    """Years a stated date may fall in: from `first` to this year plus `years_ahead`."""

    first: int = Field(1900, ge=1800)
    years_ahead: int = Field(1, ge=0, le=5)


class DateRules(_Strict):
    """dates.json: month names, typed date labels, fax header cues, day/month order cues."""

    about: str = Field("", alias="_about")
    months: dict[int, list[str]]
    labels: dict[DateType, list[str]]
    fax_line_cues: list[str]
    count_words: list[str] = Field(
        default_factory=list, description="A number right after one of these counts, not a day."
    )
    year_window: YearWindow = YearWindow()
    month_first_cues: list[str]
    day_first_cues: list[str]
    salutations: list[str] = Field(
        default_factory=list, description="A letter's greeting; a date alone above it is its date."
    )

    @field_validator("months")
    @classmethod
    def _twelve_months(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(1, 13)) or not all(v.values()):
            raise ValueError("months must name each of the months 1..12")
        return v


@dataclass(frozen=True)
class RuleSet:
    """Every rule file of a rule set, validated."""

    triggers: tuple[TriggerRule, ...]
    vocabulary: Vocabulary
    context: ContextRules
    analytes: AnalyteRules
    dates: DateRules
    attribution: AttributionRules
    attributes: AttributeRules


def _read(folder: Path | Any, name: str) -> str:
    try:
        return folder.joinpath(name).read_text(encoding="utf-8")
    except OSError as e:
        raise InvalidRulesError(f"rule file {name} cannot be read: {e}") from e


def _check_regex(where: str, pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as e:
        raise InvalidRulesError(f"{where}: bad regular expression {pattern!r}: {e}") from e


def parse_triggers(text: str, name: str = "triggers.jsonl") -> tuple[TriggerRule, ...]:
    """Parse a JSONL trigger file; errors name the file and line."""
    rules = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            rule = TriggerRule.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as e:
            raise InvalidRulesError(f"{name} line {n}: {e}") from e
        _check_regex(f"{name} line {n}", rule.pattern)
        rules.append(rule)
    return tuple(rules)


def _model(model: type[BaseModel], text: str, name: str) -> Any:
    try:
        return model.model_validate(json.loads(text))
    except (json.JSONDecodeError, ValidationError) as e:
        raise InvalidRulesError(f"{name}: {e}") from e


def load_rules_from(folder: Path | Any, check_units: bool = True) -> RuleSet:
    """Load and validate the rule files in `folder`.

    `check_units` also checks every unit factor against pint's definitions (0.4 s, for
    pint's registry); the shipped rule set is checked so by the test suite instead.
    """
    rs = RuleSet(
        triggers=parse_triggers(_read(folder, "triggers.jsonl")),
        vocabulary=_model(Vocabulary, _read(folder, "vocabulary.json"), "vocabulary.json"),
        context=_model(ContextRules, _read(folder, "context.json"), "context.json"),
        analytes=_model(AnalyteRules, _read(folder, "analytes.json"), "analytes.json"),
        dates=_model(DateRules, _read(folder, "dates.json"), "dates.json"),
        attribution=_model(AttributionRules, _read(folder, "attribution.json"), "attribution.json"),
        attributes=_model(AttributeRules, _read(folder, "attributes.json"), "attributes.json"),
    )
    for where, p in rs.analytes.patterns():
        _check_regex(f"analytes.json {where}", p)
    for where, p in rs.attributes.patterns():
        _check_regex(f"attributes.json {where}", p)
    for a_name, analyte in rs.analytes.analytes.items():
        for u in analyte.units:
            if u not in rs.analytes.units:
                raise InvalidRulesError(f"analytes.json {a_name}: unit {u!r} is not in `units`")
        if analyte.report_as and analyte.report_as not in rs.analytes.analytes:
            raise InvalidRulesError(f"analytes.json {a_name}: report_as names no analyte")
    if check_units:
        from recordkit.values import check_factors  # values imports this module

        for problem in check_factors(rs.analytes):
            raise InvalidRulesError(f"analytes.json {problem}")
    for i, cue in enumerate(
        [*rs.dates.fax_line_cues, *rs.dates.month_first_cues, *rs.dates.day_first_cues]
    ):
        _check_regex(f"dates.json cue {i + 1}", cue)
    for reg in rs.vocabulary.regimens:
        for drug in reg.drugs:
            if drug not in rs.vocabulary.drugs:
                raise InvalidRulesError(
                    f"vocabulary.json: regimen {reg.name} names unknown drug {drug!r}"
                )
    return rs


@lru_cache(maxsize=4)
def load_rules(name: str = "recordkit.rules.v1") -> RuleSet:
    """Load a named rule set (package data) or a folder of rule files."""
    if name in RULE_SETS:  # shipped with recordkit; its unit factors are checked by the tests
        return load_rules_from(resources.files("recordkit.rules"), check_units=False)
    folder = Path(name)
    if not folder.is_dir():
        raise InvalidRulesError(f"rule set {name!r} is neither a known name nor a folder")
    return load_rules_from(folder)
