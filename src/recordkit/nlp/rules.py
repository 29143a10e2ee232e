"""Load the clinical rule files (package data) into validated, compiled rule sets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
    """One analyte: reported unit, names, accepted units, plausible range."""

    unit: str
    names: list[str]
    units: dict[str, float]
    range: tuple[float, float]
    requires_marrow: bool = False


class AnalyteRules(_Strict):
    """analytes.json: analytes and the cues around values."""

    about: str = Field("", alias="_about")
    analytes: dict[str, Analyte]
    marrow_cues: list[str]
    not_marrow_cues: list[str]
    reference_cues: list[str]
    negative_words: list[str]
    recipient_cues: list[str]


class DateRules(_Strict):
    """dates.json: date labels and spelling cues for day/month order."""

    about: str = Field("", alias="_about")
    collection_labels: list[str]
    report_labels: list[str]
    document_labels: list[str]
    month_first_cues: list[str]
    day_first_cues: list[str]


@dataclass(frozen=True)
class RuleSet:
    """Every rule file of a rule set, validated."""

    triggers: tuple[TriggerRule, ...]
    vocabulary: Vocabulary
    context: ContextRules
    analytes: AnalyteRules
    dates: DateRules


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


def load_rules_from(folder: Path | Any) -> RuleSet:
    """Load and validate the rule files in `folder`."""
    rs = RuleSet(
        triggers=parse_triggers(_read(folder, "triggers.jsonl")),
        vocabulary=_model(Vocabulary, _read(folder, "vocabulary.json"), "vocabulary.json"),
        context=_model(ContextRules, _read(folder, "context.json"), "context.json"),
        analytes=_model(AnalyteRules, _read(folder, "analytes.json"), "analytes.json"),
        dates=_model(DateRules, _read(folder, "dates.json"), "dates.json"),
    )
    for a_name, analyte in rs.analytes.analytes.items():
        for p in analyte.names:
            _check_regex(f"analytes.json {a_name}", p)
    for reg in rs.vocabulary.regimens:
        for drug in reg.drugs:
            if drug not in rs.vocabulary.drugs:
                raise InvalidRulesError(
                    f"vocabulary.json: regimen {reg.name} names unknown drug {drug!r}"
                )
    return rs


def rules_digest(name: str = "recordkit.rules.v1") -> str:
    """A digest of a rule set's files (part of a case's fingerprint)."""
    import hashlib

    folder = resources.files("recordkit.rules") if name in RULE_SETS else Path(name)
    h = hashlib.sha256()
    for fname in (
        "triggers.jsonl",
        "vocabulary.json",
        "context.json",
        "analytes.json",
        "dates.json",
        "sections.json",
        "relapse.json",
    ):
        if folder.joinpath(fname).is_file():
            h.update(folder.joinpath(fname).read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=4)
def load_rules(name: str = "recordkit.rules.v1") -> RuleSet:
    """Load a named rule set (package data) or a folder of rule files."""
    if name in RULE_SETS:
        return load_rules_from(resources.files("recordkit.rules"))
    folder = Path(name)
    if not folder.is_dir():
        raise InvalidRulesError(f"rule set {name!r} is neither a known name nor a folder")
    return load_rules_from(folder)
