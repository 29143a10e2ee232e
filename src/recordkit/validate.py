"""Score extracted events.json files against hand-checked fixtures (recordkit-fixture/1 rules)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recordkit.exceptions import BadArgumentsError

log = logging.getLogger(__name__)

_ATTR = {"regimen": "name", "gvhd": "organ"}


def date_matches(gold: str | None, got: str | None) -> bool:
    """A gold date matches at its own precision; a gold date of null matches any date."""
    if gold is None:
        return True
    return got is not None and got[: len(gold)] == gold and len(got) >= len(gold)


def value_matches(gold: float, got: float | None) -> bool:
    """Within 0.5 % of the gold value (0.001 absolute below 0.1)."""
    if got is None:
        return False
    tol = 0.001 if abs(gold) < 0.1 else 0.005 * abs(gold)
    return abs(gold - got) <= tol + 1e-12


def _matches(kind: str, g: dict[str, Any], p: dict[str, Any], measurement: bool) -> bool:
    if not date_matches(g.get("date"), p.get("date")):
        return False
    if measurement:
        return value_matches(float(g["value"]), p.get("value"))
    attr = _ATTR.get(kind)
    if attr == "name":
        return _regimen_key(g.get(attr)) == _regimen_key(p.get(attr))
    return attr is None or g.get(attr) == p.get(attr)


def _regimen_key(name: Any) -> str | None:
    """A regimen name for matching: case, spaces and the order of '+' parts do not count."""
    if name is None:
        return None
    return "+".join(sorted(str(name).upper().replace(" ", "").split("+")))


@dataclass
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:  # noqa: D102
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:  # noqa: D102
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:  # noqa: D102
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:  # noqa: D102
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class CaseScore:
    """Per-kind counts and the items that did not match, for one case."""

    case_id: str
    counts: dict[str, Counts] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)


def _key(item: dict[str, Any], measurement: bool) -> str:
    return f"{'analyte' if measurement else 'event'}:{item['analyte' if measurement else 'kind']}"


def _near(item: dict[str, Any]) -> str:
    srcs = item.get("sources") or []
    if not srcs:
        return ""
    s = srcs[0]
    return f"{s['file']} p.{s['page']}: {item.get('context') or s['quote']}"


def score_case(gold: dict[str, Any], got: dict[str, Any]) -> CaseScore:
    """Match one case: each extracted item matches at most one gold item."""
    score = CaseScore(gold.get("case_id", "?"))
    for section, measurement in (("events", False), ("measurements", True)):
        preds = list(got.get(section, []))
        used: set[int] = set()
        golds = sorted(gold.get(section, []), key=lambda g: -len(g.get("date") or ""))
        for g in golds:
            key = _key(g, measurement)
            c = score.counts.setdefault(key, Counts())
            kind = g["analyte" if measurement else "kind"]
            hit = next(
                (
                    i
                    for i, p in enumerate(preds)
                    if i not in used
                    and p.get("analyte" if measurement else "kind") == kind
                    and _matches(kind, g, p, measurement)
                ),
                None,
            )
            if hit is None:
                c.fn += 1
                same = [p for p in preds if p.get("analyte" if measurement else "kind") == kind]
                closest = min(
                    same,
                    key=lambda p: abs(len(set(p.get("date") or "") ^ set(g.get("date") or ""))),
                    default=None,
                )
                score.misses.append(
                    {
                        "item": g,
                        "closest": None
                        if closest is None
                        else {
                            k: closest.get(k)
                            for k in ("date", "value", "name", "organ")
                            if closest.get(k) is not None
                        },
                        "near": _near(closest) if closest else "",
                    }
                )
            else:
                used.add(hit)
                c.tp += 1
        for i, p in enumerate(preds):
            if i not in used:
                score.counts.setdefault(_key(p, measurement), Counts()).fp += 1
                brief = {
                    k: p.get(k)
                    for k in ("kind", "analyte", "date", "value", "name", "organ")
                    if p.get(k) is not None
                }
                score.false_positives.append({"item": brief, "near": _near(p)})
    return score


def total(scores: list[CaseScore]) -> tuple[dict[str, Counts], Counts]:
    """Counts per kind over all cases, and over all items."""
    per: dict[str, Counts] = {}
    overall = Counts()
    for s in scores:
        for k, c in s.counts.items():
            agg = per.setdefault(k, Counts())
            agg.tp, agg.fp, agg.fn = agg.tp + c.tp, agg.fp + c.fp, agg.fn + c.fn
            overall.tp, overall.fp, overall.fn = (
                overall.tp + c.tp,
                overall.fp + c.fp,
                overall.fn + c.fn,
            )
    return dict(sorted(per.items())), overall


def validate_dir(
    out: Path, gold_dir: Path, cases: list[str] | None = None, events_file: str = "events.json"
) -> list[CaseScore]:
    """Score every fixture in `gold_dir` against ``out/<case_id>/<events_file>``."""
    if not gold_dir.is_dir():
        raise BadArgumentsError(f"gold folder {gold_dir} does not exist")
    fixtures = sorted(gold_dir.glob("*.json"))
    if not fixtures:
        raise BadArgumentsError(f"no fixtures (*.json) in {gold_dir}")
    scores, missing = [], []
    for path in fixtures:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise BadArgumentsError(f"fixture {path} is not valid JSON: {e}") from e
        case_id = gold.get("case_id") or path.stem
        if cases and case_id not in cases:
            continue
        events = out / case_id / events_file
        if not events.is_file():
            missing.append(case_id)
        got = json.loads(events.read_text(encoding="utf-8")) if events.is_file() else {}
        scores.append(score_case(gold, got))
    if not scores:
        raise BadArgumentsError(f"no fixture in {gold_dir} is for --case {', '.join(cases or [])}")
    if len(missing) == len(scores):
        raise BadArgumentsError(
            f"none of the cases of {gold_dir} has {events_file} in {out} (fixtures for "
            f"{', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}): nothing to score"
        )
    for case_id in missing:  # scored as all missed, and said so
        log.warning(
            "case %s has a fixture but no %s in %s: all its items count as missed",
            case_id,
            events_file,
            out,
        )
    return scores


def report(scores: list[CaseScore]) -> dict[str, Any]:
    """The JSON report: per kind, overall, and per case with misses and false positives."""
    per, overall = total(scores)
    return {
        "overall": overall.as_dict(),
        "per_kind": {k: c.as_dict() for k, c in per.items()},
        "cases": [
            {
                "case_id": s.case_id,
                "f1": round(total([s])[1].f1, 4),
                "misses": s.misses,
                "false_positives": s.false_positives,
            }
            for s in scores
        ],
    }
