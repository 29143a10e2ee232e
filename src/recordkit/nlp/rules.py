"""Load the clinical rule files (package data) into validated, compiled rule sets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from recordkit.exceptions import InvalidRulesError
from recordkit.nlp.analyte_rules import Analyte, AnalyteRules, DiseaseBurden, TableRole
from recordkit.nlp.attribute_rules import AttributeRules, ValueCue
from recordkit.nlp.attribution_rules import AttributionRules
from recordkit.nlp.context_rules import ContextRules
from recordkit.nlp.date_rules import DateRules
from recordkit.nlp.rule_models import Regimen, TriggerRule, Vocabulary
from recordkit.rule_cache import compiled

RULE_SETS = {"recordkit.rules.v1"}


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
        compiled(pattern)
    except re.error as e:
        raise InvalidRulesError(f"{where}: bad regular expression {pattern!r}: {e}") from e


def _check_patterns(rs: RuleSet) -> None:
    """Compile every regular expression of the rule files other than triggers.jsonl."""
    files = {
        "vocabulary.json": rs.vocabulary,
        "context.json": rs.context,
        "analytes.json": rs.analytes,
        "attributes.json": rs.attributes,
        "attribution.json": rs.attribution,
        "dates.json": rs.dates,
    }
    for name, model in files.items():
        for where, p in model.patterns():
            _check_regex(f"{name} {where}", p)
    for i, pattern in enumerate(rs.dates.stay_days):
        if "n" not in compiled(pattern).groupindex:
            raise InvalidRulesError(f"dates.json stay_days {i + 1}: no group named n (the day)")


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


def load_rules_from(folder: Path | Any, thorough: bool = True) -> RuleSet:
    """Load and validate the rule files in `folder`.

    `thorough` also checks what costs time to check: every unit factor against pint's
    definitions (0.4 s, for pint's registry) and every regular expression by compiling it
    (about 2,000 of them, 0.04 s of each run). The shipped rule set is checked so by the
    test suite instead; a rule folder of the user's is checked on every load.
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
    if thorough:
        _check_patterns(rs)
    for a_name, analyte in rs.analytes.analytes.items():
        for u in analyte.units:
            if u not in rs.analytes.units:
                raise InvalidRulesError(f"analytes.json {a_name}: unit {u!r} is not in `units`")
        if analyte.report_as and analyte.report_as not in rs.analytes.analytes:
            raise InvalidRulesError(f"analytes.json {a_name}: report_as names no analyte")
    if thorough:
        from recordkit.values import check_factors  # values imports this module

        for problem in check_factors(rs.analytes):
            raise InvalidRulesError(f"analytes.json {problem}")
    names = {r.name for r in rs.vocabulary.regimens}
    for reg in rs.vocabulary.regimens:
        if reg.builds_on is not None and reg.builds_on not in names:
            raise InvalidRulesError(
                f"vocabulary.json: regimen {reg.name} builds on unknown {reg.builds_on!r}"
            )
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
        return load_rules_from(resources.files("recordkit.rules"), thorough=False)
    folder = Path(name)
    if not folder.is_dir():
        raise InvalidRulesError(f"rule set {name!r} is neither a known name nor a folder")
    return load_rules_from(folder)


__all__ = [
    "Analyte",
    "AnalyteRules",
    "AttributeRules",
    "AttributionRules",
    "ContextRules",
    "DateRules",
    "DiseaseBurden",
    "Regimen",
    "RuleSet",
    "TableRole",
    "TriggerRule",
    "ValueCue",
    "Vocabulary",
    "load_rules",
    "load_rules_from",
    "parse_triggers",
]
