"""The first-read summary of a case: diagnosis, lines of therapy, transplant, relapses, status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from recordkit.models import CaseFacts, Event
from recordkit.render.table import _as_date, event_label, transplant_day0

EARLY_DAYS = 183  # relapse within 6 months of the transplant is "early"


@dataclass
class Summary:
    """Sentences for the summary page, each already phrased for a transplant physician."""

    diagnosis: str
    lines: list[str] = field(default_factory=list)
    transplant: str = "No transplant recorded."
    relapses: list[str] = field(default_factory=list)
    gvhd: list[str] = field(default_factory=list)
    chimerism: str = "No chimerism result recorded."
    status: str = ""


def relapse_class(e: Event, day0: date | None) -> str:
    """'molecular' / 'haematological' plus early/late and the day count after the transplant."""
    kind = {
        "molecular": "Molecular relapse (MRD only)",
        "haematological": "Haematological relapse",
        "extramedullary": "Extramedullary relapse",
    }.get(e.type or "", "Relapse (type not stated)")
    d = _as_date(e.date)
    if d is None:
        return f"{kind}, date unknown"
    if day0 is None:
        return f"{kind} on {e.date}"
    days = (d - day0).days
    if days < 0:
        return f"{kind} on {e.date}, before the transplant"
    timing = (
        "early relapse (within 6 months of the transplant)"
        if days < EARLY_DAYS
        else "late relapse (more than 6 months after the transplant)"
    )
    return f"{kind} on {e.date}, day +{days}: {timing}"


def _day(d: str | None, day0: date | None) -> str:
    x = _as_date(d)
    return f" (day +{(x - day0).days})" if x and day0 and d and len(d) == 10 and x >= day0 else ""


def summarise(facts: CaseFacts) -> Summary:
    """Build the summary of a case from its facts alone."""
    ev = list(facts.events)
    day0 = transplant_day0(facts)
    diag = next((e for e in ev if e.kind == "diagnosis"), None)
    s = Summary(
        diagnosis="No diagnosis stated in the documents."
        if diag is None
        else f"{diag.label} diagnosed {diag.date or '(date unknown)'}"
        + (f"; genetics: {diag.genetics}" if diag.genetics else "")
    )
    line = 0
    for e in ev:
        if e.kind in ("regimen", "car_t", "transplant", "dli"):
            line += 1
            s.lines.append(
                f"{e.number}. {event_label(e)}{' cycle ' + str(e.cycle) if e.cycle else ''}"
                f", {e.date or 'date unknown'}"
            )
    tx = [e for e in ev if e.kind == "transplant"]
    if tx:
        t = tx[0]
        parts = [f"HSCT on {t.date or 'unknown date'}"]
        if t.donor:
            parts.append(f"{t.donor} donor")
        if t.grafts:
            parts.append("grafts " + " + ".join(t.grafts))
        s.transplant = (
            "; ".join(parts) + "." + (f" {len(tx)} transplants recorded." if len(tx) > 1 else "")
        )
    s.relapses = [relapse_class(e, day0) for e in ev if e.kind == "relapse"] or [
        "No relapse recorded."
    ]
    s.gvhd = [
        f"{event_label(e)} from {e.date or 'unknown date'}{_day(e.date, day0)}"
        for e in ev
        if e.kind == "gvhd"
    ] or ["No GVHD recorded."]
    chim = [m for m in facts.measurements if m.analyte == "chimerism" and m.value is not None]
    if chim:
        last = max(chim, key=lambda m: m.date or "")
        s.chimerism = (
            f"Latest donor chimerism {last.value:g}% on {last.date}{_day(last.date, day0)}."
        )
    dates = (
        [d.date for d in facts.documents if d.date]
        + [e.date for e in ev if e.date]
        + [m.date for m in facts.measurements if m.date]
    )
    last_doc = max(dates) if dates else None
    death = next((e for e in ev if e.kind == "death"), None)
    if death:
        s.status = f"Died on {death.date or '(date unknown)'}."
    else:
        state = [e for e in ev if e.kind in ("relapse", "remission") and e.date]
        latest = max(state, key=lambda e: e.date or "") if state else None
        mrd = [
            m for m in facts.measurements if m.analyte == "mrd" and m.date and m.value is not None
        ]
        lm = max(mrd, key=lambda m: m.date or "") if mrd else None
        what = (
            "status not stated"
            if latest is None
            else (
                f"in remission since {latest.date}"
                if latest.kind == "remission"
                else f"relapsed ({latest.type or 'type not stated'}) on {latest.date}"
            )
        )
        if latest is not None and latest.kind == "relapse":
            after = [e for e in ev if e.number and e.date and e.date > (latest.date or "")]
            if after:
                what += f", treated since ({', '.join(event_label(e) for e in after[:4])})"
        if lm is not None:
            what += f"; latest MRD {'negative' if lm.value == 0 else f'{lm.value:g}%'} on {lm.date}"
        s.status = f"At the last document ({last_doc or 'date unknown'}): {what}."
    return s
