"""timeline.csv: one row per event and measurement in date order.

Written by the standard library's `csv` writer (the dialect pandas uses for `to_csv`): a
few dozen rows do not need pandas, whose import cost each worker 0.2 s per run.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from recordkit.models import CaseFacts, Event, Measurement
from recordkit.safety import neutralise_cell

COLUMNS = [
    "date",
    "day",
    "number",
    "type",
    "kind",
    "label",
    "value",
    "unit",
    "file",
    "page",
    "quote",
    "id",
]
KIND_LABEL = {
    "diagnosis": "Diagnosis",
    "relapse": "Relapse",
    "remission": "Remission",
    "car_t": "CAR-T",
    "transplant": "HSCT",
    "dli": "DLI",
    "gvhd": "GVHD",
    "engraftment": "Engraftment",
    "death": "Death",
}
ANALYTE_LABEL = {
    "blasts": "Marrow blasts",
    "mrd": "MRD",
    "chimerism": "Donor chimerism",
    "wbc": "WBC",
    "hb": "Hb",
    "plt": "Platelets",
    "anc": "ANC",
}


def event_label(e: Event) -> str:
    """Short label of an event as Figure 1 writes it."""
    if e.kind == "regimen":
        return e.name or "Regimen"
    if e.kind == "diagnosis":
        return f"Diagnosis ({e.label})" if e.label else "Diagnosis"
    if e.kind == "relapse":
        return f"Relapse ({e.type})" if e.type else "Relapse"
    if e.kind == "car_t":
        return f"{e.target} CAR-T" if e.target else "CAR-T"
    if e.kind == "transplant":
        return "HSCT" + (f" ({'+'.join(e.grafts)})" if e.grafts else "")
    if e.kind == "gvhd":
        parts = [p for p in (e.form, e.organ, f"grade {e.grade}" if e.grade else None) if p]
        return "GVHD" + (f" ({', '.join(parts)})" if parts else "")
    if e.kind == "engraftment":
        return f"Engraftment ({e.lineage})"
    if e.kind == "remission":
        return f"Remission ({e.depth})" if e.depth else "Remission"
    return KIND_LABEL[e.kind]


def _as_date(text: str | None) -> date | None:
    if not text:
        return None
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


class DayZero(date):
    """The first transplant's date, knowing the later ones.

    Day counts run from the latest transplant on or before a date: a second transplant
    starts its own count.
    """

    later: tuple[date, ...] = ()

    def days_to(self, d: date) -> tuple[int, int]:
        """(days from the transplant that day counts from, which transplant: 1, 2, ...)."""
        all_days = (date(self.year, self.month, self.day), *self.later)
        k = max((i for i, t in enumerate(all_days) if t <= d), default=0)
        return (d - all_days[k]).days, k + 1


def transplant_day0(facts: CaseFacts) -> DayZero | None:
    """The transplants' dates at day precision: day 0 of the day counts."""
    days = sorted(
        {
            _as_date(e.date)
            for e in facts.events
            if e.kind == "transplant" and e.date and len(e.date) == 10
        }
    )
    if not days:
        return None
    first = DayZero(days[0].year, days[0].month, days[0].day)
    first.later = tuple(days[1:])
    return first


def _row(item: Event | Measurement, day0: date | None) -> dict[str, object]:
    src = item.sources[0] if item.sources else None
    d = _as_date(item.date)
    exact = d and day0 and item.date and len(item.date) == 10
    day = (day0.days_to(d)[0] if isinstance(day0, DayZero) else (d - day0).days) if exact else None
    if isinstance(item, Event):
        return {
            "date": item.date,
            "day": day,
            "number": item.number,
            "type": "event",
            "kind": item.kind,
            "label": event_label(item),
            "value": None,
            "unit": None,
            "file": src.file if src else None,
            "page": src.page if src else None,
            "quote": src.quote.replace("\n", " ") if src else None,
            "id": item.id,
        }
    return {
        "date": item.date,
        "day": day,
        "number": None,
        "type": "measurement",
        "kind": item.analyte,
        "label": ANALYTE_LABEL[item.analyte],
        "value": item.value,
        "unit": item.unit,
        "file": src.file if src else None,
        "page": src.page if src else None,
        "quote": src.quote.replace("\n", " ") if src else None,
        "id": item.id,
    }


def timeline_rows(facts: CaseFacts) -> list[dict[str, object]]:
    """Events and measurements in date order (undated last), with Figure 1 numbers and days."""
    day0 = transplant_day0(facts)
    rows = [_row(e, day0) for e in facts.events] + [_row(m, day0) for m in facts.measurements]
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or ""))  # stable


def _cell(value: object) -> object:
    """A CSV cell: empty for none, numbers as Python writes them, text neutralised."""
    if value is None:
        return ""
    return neutralise_cell(value) if isinstance(value, str) else value


def timeline_csv(facts: CaseFacts) -> str:
    """The timeline table as CSV text (deterministic).

    Text cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading
    apostrophe, so a quote from a document cannot become a formula.
    """
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(COLUMNS)
    for row in timeline_rows(facts):
        out.writerow([_cell(row[c]) for c in COLUMNS])
    return buf.getvalue()
