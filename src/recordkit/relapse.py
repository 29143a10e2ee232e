"""Relapse timing as a transplant physician classifies it, from the case's dated events.

Early or late after the transplant before it (rules/relapse.json: 6 months) and, for ALL,
early or late after the diagnosis (30 months), each with its day count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from recordkit.exceptions import InvalidRulesError
from recordkit.models import Event, Measurement
from recordkit.rule_cache import compiled


class RelapseRules(BaseModel):
    """relapse.json: timing thresholds."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    about: str = Field("", alias="_about")
    early_after_transplant_days: int = Field(gt=0)
    early_after_diagnosis_days: int = Field(gt=0)
    diagnosis_timing_labels: list[str]
    haematological_blasts: float = Field(gt=0)
    stated_type: dict[str, list[str]] = Field(default_factory=dict)
    after_transplant: list[str] = Field(default_factory=list)
    extramedullary_findings: list[str] = Field(default_factory=list)


@lru_cache(maxsize=1)
def load_relapse_rules(path: str | None = None) -> RelapseRules:
    """relapse.json (the package's, or one at `path`), validated."""
    src = Path(path) if path else resources.files("recordkit.rules").joinpath("relapse.json")
    try:
        rules = RelapseRules.model_validate(json.loads(src.read_text(encoding="utf-8")))
        _stated_types(rules)  # a bad pattern is an error of the file, not of a case
        _any_of(tuple(rules.after_transplant))
        extramedullary_findings(rules)
        return rules
    except (OSError, json.JSONDecodeError, ValidationError, re.error) as e:
        raise InvalidRulesError(f"relapse.json: {e}") from e


def _day(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


@lru_cache(maxsize=4)
def _compiled(
    words: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((t, compiled("|".join(ps), re.I)) for t, ps in words)


def _stated_types(rules: RelapseRules) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each type with one pattern of the words that state it outright."""
    return _compiled(tuple((t, tuple(ps)) for t, ps in rules.stated_type.items() if ps))


@lru_cache(maxsize=4)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return compiled("|".join(words) or r"(?!x)x", re.I)


def extramedullary_findings(rules: RelapseRules) -> re.Pattern[str]:
    """A finding of disease outside the marrow: 'CNS3', 'CSF cytospin 92% blasts'."""
    return _any_of(tuple(rules.extramedullary_findings))


def told_after_transplant(sentence: str) -> bool:
    """'Molekulares Rezidiv nach alloSZT': the sentence tells its relapse after a transplant."""
    return bool(_any_of(tuple(load_relapse_rules().after_transplant)).search(sentence))


_BORROWED = "section"  # a result dated by an earlier sentence: written after, dated by it


def relapse_type(
    e: Event, measurements: list[Measurement], rules: RelapseRules, blood_blasts: bool = False
) -> str | None:
    """The relapse's type from the results dated with it, else as the text states it.

    Haematological: marrow blasts at or above the threshold, or circulating blasts on the
    relapse's page (`blood_blasts`: no marrow measurement, but disease in the blood);
    molecular: only MRD or chimerism shows disease; an extramedullary relapse stays so, and
    so does a type the text states outright ('haematological relapse') when the mention read it.
    A result whose only date is an earlier sentence's ('2022-09-06复发。10月10日复查MRD 0.85%',
    its own date unread) is no result dated with the relapse.
    """
    if e.type == "extramedullary" or not e.date:
        return e.type
    if blood_blasts and e.type == "haematological":
        return e.type
    if any(t == e.type and rx.search(e.context or "") for t, rx in _stated_types(rules)):
        return e.type
    same = [m for m in measurements if m.date and m.value is not None and m.date == e.date]
    same = [m for m in same if m.date_info.basis != _BORROWED]
    blasts = [m.value for m in same if m.analyte == "blasts" and m.value is not None]
    disease = [
        m
        for m in same
        if (m.analyte == "mrd" and (m.value or 0) > 0)
        or (m.analyte == "chimerism" and (m.value or 100) < 100)
    ]
    if blasts and max(blasts) >= rules.haematological_blasts:
        return "haematological"
    if disease and (not blasts or max(blasts) < rules.haematological_blasts):
        return "molecular"
    return e.type


def time_relapses(
    events: list[Event],
    measurements: Sequence[Measurement] = (),
    rules: RelapseRules | None = None,
    blood_blasts: Collection[int] = (),
) -> list[Event]:
    """Relapses with their type (from the results dated with them) and their timing.

    `blood_blasts` are the indexes of the relapses whose page showed circulating blasts.
    """
    rules = rules or load_relapse_rules()
    transplants = sorted(_day(e.date) for e in events if e.kind == "transplant" and e.date)
    diag = next((e for e in events if e.kind == "diagnosis" and e.date), None)
    out = []
    for k, e in enumerate(events):
        if e.kind != "relapse" or not e.date:
            out.append(e)
            continue
        when = _day(e.date)
        before = [t for t in transplants if t < when]
        parts, update = [], {}
        if before:
            days = (when - before[-1]).days
            early = days < rules.early_after_transplant_days
            update["days_after_transplant"] = days
            parts.append(f"{'early' if early else 'late'} after transplant (day +{days})")
        if diag and diag.date and _day(diag.date) < when:
            days = (when - _day(diag.date)).days
            update["days_after_diagnosis"] = days
            if diag.label in rules.diagnosis_timing_labels:
                early = days < rules.early_after_diagnosis_days
                parts.append(f"{'early' if early else 'late'} after diagnosis ({days} days)")
        update["type"] = relapse_type(e, list(measurements), rules, k in blood_blasts)
        out.append(e.model_copy(update={**update, "timing": "; ".join(parts) or None}))
    return out


__all__ = ["RelapseRules", "load_relapse_rules", "relapse_type", "time_relapses"]
