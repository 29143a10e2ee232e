"""`recordkit explain FILE`: what each pass made of one file, and what it dropped and why.

For a coordinator asking "why is this value missing?": the page's blocks (with sections where
found), tables as grids, every date with its type, and every candidate fact with the date it
was given, or the reason it was dropped. Prints to stdout only, at the user's request.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from recordkit.cache import PageCache, default_cache_dir, text_settings_key
from recordkit.config import Settings
from recordkit.dates import find_dates, infer_order
from recordkit.deps import check_dependencies
from recordkit.documents import read_case
from recordkit.ingest import Case
from recordkit.layout import BlockKind, PageLayout, analyse_document
from recordkit.models import DocumentResult
from recordkit.nlp import build_nlp
from recordkit.nlp.facts import extract_document
from recordkit.nlp.measurements import finder_for
from recordkit.nlp.raw import DROP_FLAGS, RawFact
from recordkit.nlp.rules import load_rules
from recordkit.tasks import TaskRunner


def read_one(path: Path, settings: Settings, use_cache: bool = True) -> DocumentResult:
    """Read a single file as the batch would (same workers, limits and cache)."""
    report = check_dependencies(settings.ocr.languages)
    with tempfile.TemporaryDirectory(prefix="recordkit-explain-") as tmp:
        folder = Path(tmp) / "case"
        folder.mkdir()
        shutil.copyfile(path, folder / path.name)
        cache = (
            PageCache(default_cache_dir(), text_settings_key(settings, report.version or ""))
            if use_cache
            else None
        )
        runner = TaskRunner(1, settings)
        try:
            (result,) = read_case(Case(path.stem, folder), settings, runner, cache)
        finally:
            runner.close()
            if cache:
                cache.close()
    return result


def _blocks(layout: PageLayout) -> Table:
    t = Table(title="blocks", show_lines=False, expand=True)
    t.add_column("#", justify="right")
    t.add_column("kind")
    t.add_column("text")
    for i, b in enumerate(layout.blocks, 1):
        text = layout.text[b.start : b.end]
        if b.kind is BlockKind.TABLE:
            text = f"table: {len(b.rows)} rows (grid below)"
        t.add_row(str(i), b.kind.value, text[:160])
    return t


def _grids(layout: PageLayout) -> list[Table]:
    out = []
    for b in layout.blocks:
        if b.kind is not BlockKind.TABLE:
            continue
        grid = layout.grid(b)
        t = Table(title="table", show_header=False, show_lines=True)
        for _ in grid[0]:
            t.add_column()
        for row in grid:
            t.add_row(*row)
        out.append(t)
    return out


def _dates(layout: PageLayout, settings: Settings) -> Table:
    rules = load_rules(settings.extract.rules).dates
    order, why = infer_order(layout.text, rules)
    t = Table(title=f"dates (day/month order: {order or 'unsettled'}, from {why})")
    for col in ("as written", "date", "precision", "type", "note"):
        t.add_column(col)
    for d in find_dates(layout.text, order, rules):
        rel = "relative" if d.relative else ""
        t.add_row(
            d.raw.replace("\n", " "),
            str(d.value or ""),
            d.precision or "",
            str(d.type or ""),
            d.reason or rel,
        )
    return t


def _fate(f: RawFact) -> str:
    dropped = sorted(f.flags & DROP_FLAGS)
    section = getattr(f, "section", "body")
    if dropped:
        return "dropped: " + ", ".join(dropped)
    if section not in ("body", None):
        return f"section: {section}"
    return "kept"


def _facts(result: DocumentResult, settings: Settings) -> Table:
    rules = load_rules(settings.extract.rules)
    text = "\n".join(lay.text for lay in analyse_document(list(result.pages)))
    order, _ = infer_order(text, rules.dates)
    nlp = build_nlp(settings.extract.rules, settings.extract.fuzzy_min_score)
    facts, _doc_date = extract_document(
        list(result.pages), order, rules, 0, nlp, finder_for(rules.analytes)
    )
    t = Table(title="candidate facts", expand=True)
    for col in ("page", "kind", "what", "date", "basis", "fate", "quote"):
        t.add_column(col)
    for f in sorted(facts, key=lambda f: f.order):
        what = (
            f"{f.attrs.get('analyte')} {f.measurement.value} ({f.measurement.raw})"
            if f.measurement
            else ", ".join(f"{k}={v}" for k, v in sorted(f.attrs.items()) if not k.startswith("_"))
        )
        date = str(f.date.value or f.date.reason or "")
        t.add_row(
            str(f.source.page),
            f.kind,
            what,
            date,
            f.date.basis or "",
            _fate(f),
            f.source.quote.replace("\n", " ")[:80],
        )
    return t


def explain(path: Path, settings: Settings, console: Console, page: int | None = None) -> int:
    """Print the report for `path`; returns how many pages were shown."""
    result = read_one(path, settings)
    rec = result.record
    console.print(
        Panel(
            f"{rec.path}: {rec.type}, {rec.pages} page(s), read by {rec.method or '-'}, "
            f"status {rec.status}" + (f" ({rec.reason})" if rec.reason else "")
        )
    )
    shown = 0
    for p, layout in zip(result.pages, analyse_document(list(result.pages)), strict=True):
        if page is not None and p.page != page:
            continue
        conf = f", OCR confidence {p.ocr_confidence:.0f}%" if p.ocr_confidence else ""
        console.rule(f"page {p.page} ({p.method}{conf})")
        console.print(Group(_blocks(layout), *_grids(layout), _dates(layout, settings)))
        shown += 1
    if result.pages:
        console.print(_facts(result, settings))
    return shown
