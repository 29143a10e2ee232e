"""Page 1 of the packet, written the way a transplant physician summarises a case.

Each section is a heading and a list of sentences built from CaseFacts alone. A missing
value is written "not stated", never left empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from recordkit.models import CaseFacts, Event, Measurement
from recordkit.nlp.value_types import SORTED_FRACTION
from recordkit.render.course import (
    NOT_STATED,
    bounds,
    last_document,
    relapse_line,
    transplants,
    when,
)
from recordkit.render.doubts import cite, date_mark
from recordkit.render.names import display_names
from recordkit.render.table import event_label, transplant_day0

TREATMENTS = ("regimen", "car_t", "transplant", "dli")


@dataclass
class Summary:
    """The sections of page 1 in reading order: (heading, sentences)."""

    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def get(self, heading: str) -> list[str]:
        """The sentences of one section."""
        return next((lines for h, lines in self.sections if h == heading), [])

    def text(self) -> str:
        """All sections as plain text (for tests and logs of structure, not of content)."""
        return "\n".join(f"{h}: " + " | ".join(lines) for h, lines in self.sections)


def start(e: Event) -> date:
    """The first day an event's date can mean (date.min when undated)."""
    b = bounds(e.date)
    return b[0] if b else date.min


def _after(e: Event, day0: date | None) -> date | None:
    """day0 when the event is on or after it (day counts are given after transplants only)."""
    return day0 if day0 is not None and start(e) >= day0 else None


def _num(e: Event) -> str:
    return f"{e.number}. " if e.number else ""


def _diagnosis(facts: CaseFacts) -> list[str]:
    diag = [e for e in facts.events if e.kind == "diagnosis"]
    if not diag:
        return ["Diagnosis not stated in the documents."]
    return [
        f"{_num(e)}{e.label or 'Leukaemia (type not stated)'} diagnosed {when(e.date)}; "
        f"genetics: {e.genetics or NOT_STATED}."
        for e in diag
    ]


def _lines(facts: CaseFacts, day0: date | None) -> list[str]:
    """Regimens in order; consecutive cycles of one regimen are one line."""
    groups: list[list[Event]] = []
    for e in facts.events:
        if e.kind != "regimen":
            continue
        last = groups[-1][-1] if groups else None
        if last is not None and last.name == e.name and last.cycle and e.cycle:
            groups[-1].append(e)
        else:
            groups.append([e])
    out = []
    for g in groups:
        nums = [str(e.number) for e in g if e.number]
        num = (nums[0] if len(nums) == 1 else f"{nums[0]}\u2013{nums[-1]}") + ". " if nums else ""
        name = event_label(g[0])
        if len(g) > 1:
            name += f" cycles {g[0].cycle}\u2013{g[-1].cycle}"
        elif g[0].cycle:
            name += f" cycle {g[0].cycle}"
        dates = ", ".join(when(e.date, _after(e, day0)) for e in g)
        out.append(f"{num}{name}: {dates}")
    return out or ["No chemotherapy or targeted regimen recorded."]


def _car_t(facts: CaseFacts, day0: date | None) -> list[str]:
    return [
        f"{_num(e)}CAR-T, target {e.target or NOT_STATED}, infused {when(e.date, day0)}."
        for e in facts.events
        if e.kind == "car_t"
    ] or ["No CAR-T recorded."]


def _transplant(facts: CaseFacts, names: dict[str, str]) -> list[str]:
    out = []
    dated = transplants(facts)
    for i, (e, _) in enumerate(dated):
        label = "HSCT" if len(dated) == 1 else f"HSCT {i + 1}"
        conditioning = getattr(e, "conditioning", None) or (f"not extracted (see {cite(e, names)})")
        out.append(
            f"{_num(e)}{label} on {when(e.date)} (day 0); donor: {e.donor or NOT_STATED}; "
            f"grafts: {' + '.join(e.grafts) if e.grafts else NOT_STATED}; "
            f"conditioning: {conditioning}."
        )
    undated = [e for e in facts.events if e.kind == "transplant" and not bounds(e.date)]
    out += [f"{_num(e)}HSCT, date not stated; donor: {e.donor or NOT_STATED}." for e in undated]
    return out or ["No transplant recorded."]


def _dli(facts: CaseFacts, day0: date | None) -> list[str]:
    return [
        f"{_num(e)}DLI on {when(e.date, day0)}, dose {e.dose or NOT_STATED}."
        for e in facts.events
        if e.kind == "dli"
    ] or ["No DLI recorded."]


def _gvhd(facts: CaseFacts, day0: date | None) -> list[str]:
    return [
        f"{f'{e.form.capitalize()} GVHD' if e.form else 'GVHD (form not stated)'}, "
        f"organ {e.organ or NOT_STATED}, "
        f"grade {e.grade or NOT_STATED}, from {when(e.date, day0)}."
        for e in facts.events
        if e.kind == "gvhd"
    ] or ["No GVHD recorded."]


def _remission_name(e: Event) -> str:
    """'CR2' as its records number it; a depth other than CR keeps its number beside it."""
    depth = e.depth or "remission (depth not stated)"
    if e.ordinal is None:
        return depth
    return f"CR{e.ordinal}" if depth == "CR" else f"{depth} (remission {e.ordinal})"


def _remissions(facts: CaseFacts, day0: date | None) -> list[str]:
    found = [
        f"{_remission_name(e)} on {when(e.date, _after(e, day0))}"
        for e in facts.events
        if e.kind == "remission"
    ]
    text = "; ".join(found)
    return [text[0].upper() + text[1:] + "."] if found else ["No remission recorded."]


def _mark(item: Event | Measurement) -> str:
    """', date of the document' etc. when the source did not state the date with the item."""
    mark = date_mark(item)
    return f" [{mark}, see To check]" if mark else ""


def _value(m: Measurement) -> str:
    if m.value == 0 and m.analyte == "mrd":
        return "negative" + (f" ({m.raw})" if m.raw and m.raw.lower() != "negative" else "")
    return f"{m.value:g}%"


def latest(facts: CaseFacts, analyte: str) -> Measurement | None:
    """The latest dated result of an analyte.

    A chimerism is whole blood's or marrow's, never a sorted cell fraction's (CD3+ T cells).
    """
    found = [
        m
        for m in facts.measurements
        if m.analyte == analyte and m.date and m.value is not None
        and SORTED_FRACTION not in m.flags
    ]  # fmt: skip
    return max(found, key=lambda m: (bounds(m.date) or (date.min,))[0]) if found else None


def _results(facts: CaseFacts, day0: date | None) -> list[str]:
    out = []
    for analyte, name in (
        ("blasts", "Marrow blasts"),
        ("mrd", "MRD"),
        ("chimerism", "Donor chimerism"),
    ):
        m = latest(facts, analyte)
        out.append(
            f"{name}: {_value(m)} on {when(m.date, day0)}{_mark(m)}."
            if m
            else f"{name}: {NOT_STATED}."
        )
    return out


def _state_events(facts: CaseFacts) -> list[tuple[date, str, str, str]]:
    """Dated statements of disease state: relapses, remissions, MRD and blast results."""
    out = []
    for e in facts.events:
        if e.kind in ("relapse", "remission") and (b := bounds(e.date)):
            what = (
                f"{e.type or ''} relapse".strip()
                if e.kind == "relapse"
                else "remission" + (f" ({e.depth})" if e.depth else "")
            )
            out.append((b[0], e.date or "", what, _mark(e)))
    for analyte in ("mrd", "blasts"):
        m = latest(facts, analyte)
        if m is not None and (b := bounds(m.date)):
            name = "MRD" if analyte == "mrd" else "marrow blasts"
            out.append((b[0], m.date or "", f"{name} {_value(m)}", _mark(m)))
    return sorted(out)


def _status(facts: CaseFacts, day0: date | None, names: dict[str, str]) -> list[str]:
    doc = last_document(facts)
    shown = names.get(doc[1], "the latest document") if doc else ""
    if doc and doc[0] not in shown:
        shown += f", dated {doc[0]}"
    head = f"As of the last document ({shown})" if doc else "As of the documents"
    death = next((e for e in facts.events if e.kind == "death"), None)
    if death is not None:
        return [f"{head}: died on {when(death.date, day0)}."]
    state = _state_events(facts)
    if state:
        _, text, what, mark = state[-1]
        out = [f"{head}: latest disease assessment {what} on {when(text, day0)}{mark}."]
    else:
        out = [f"{head}: no disease assessment recorded."]
    treated = [e for e in facts.events if e.kind in TREATMENTS and bounds(e.date)]
    if treated:
        last = max(treated, key=start)
        out.append(f"Last treatment: {event_label(last)} on {when(last.date, day0)}.")
    relapses = [e for e in facts.events if e.kind == "relapse" and bounds(e.date)]
    if relapses:
        r = max(relapses, key=start)
        rb = start(r)
        after = [e for e in treated if start(e) > rb]
        names = list(dict.fromkeys(event_label(e) for e in after))
        out.append(
            f"Last relapse: {r.type or 'type not stated'} on {when(r.date, day0)}"
            + (
                f", treated since with {', '.join(names)}."
                if names
                else ", no treatment recorded since."
            )
        )
    if day0 is not None and not any(start(e) >= day0 for e in relapses):
        out.append("No relapse recorded after the transplant.")
    return out


def summarise(facts: CaseFacts, names: dict[str, str] | None = None) -> Summary:
    """Build page 1 of a case from its facts alone; documents are named by `names`."""
    names = names if names is not None else display_names(facts)
    day0 = transplant_day0(facts)
    relapses = [relapse_line(e, facts) for e in facts.events if e.kind == "relapse"]
    return Summary(
        [
            ("Diagnosis", _diagnosis(facts)),
            ("Lines of therapy", _lines(facts, day0)),
            ("CAR-T", _car_t(facts, day0)),
            ("Transplant", _transplant(facts, names)),
            ("DLI", _dli(facts, day0)),
            ("GVHD", _gvhd(facts, day0)),
            ("Remissions", _remissions(facts, day0)),
            ("Relapses", relapses or ["No relapse recorded."]),
            ("Latest results", _results(facts, day0)),
            ("Current status", _status(facts, day0, names)),
        ]
    )
