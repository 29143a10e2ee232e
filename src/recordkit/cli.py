"""Command line: a thin layer over the library. The only module that exits the process."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from recordkit import __version__
from recordkit._logging import configure_logging, stderr_console
from recordkit.exceptions import ExitCode, RecordkitError

log = logging.getLogger(__name__)

app = typer.Typer(
    help="recordkit: a leukaemia patient's records -> a dated, sourced timeline and review packet.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Check clinical rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
stdout = Console()

Verbose = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log detail.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors; no progress bars.")]


def _fail(e: RecordkitError) -> None:
    stderr_console.print(f"[bold red]error:[/] {e}", highlight=False)
    raise typer.Exit(int(e.exit_code))


@app.command()
def process(
    inputs: Annotated[list[Path], typer.Argument(help="A patient folder, or a folder of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                             help="Worker processes (default: usable CPUs).")] = None,
    pipeline: Annotated[str | None, typer.Option(
        "--pipeline", "-p", help="Pipeline name in pipelines/ or a .toml file.")] = None,
    cache_dir: Annotated[Path | None, typer.Option(
        help="Page-text cache (default $XDG_CACHE_HOME/recordkit).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Process patient folders into OUT/<case_id>/ (manifest, events, timeline, packet).

    Exit 0 when every file was read, 4 when some could not be (see each manifest),
    1 for bad arguments, 3 when tesseract or a language pack is missing.

    Example: recordkit process samples/patients --out out --jobs 2
    """
    from recordkit.config import load_pipeline
    from recordkit.pipeline import run_batch
    from recordkit.progress import NullProgress, RichProgress

    configure_logging(-1 if quiet else verbose)
    try:
        settings = load_pipeline(pipeline)
        show = not quiet and sys.stderr.isatty()
        if show:
            with RichProgress() as bar:
                report = run_batch(inputs, out, settings, jobs=jobs, cache_dir=cache_dir,
                                   use_cache=not no_cache, progress=bar)
        else:
            report = run_batch(inputs, out, settings, jobs=jobs, cache_dir=cache_dir,
                               use_cache=not no_cache, progress=NullProgress())
    except RecordkitError as e:
        _fail(e)
        return
    if not quiet:
        table = Table(title=f"recordkit: {len(report.cases)} case(s) -> {out}")
        for col in ("case", "status", "files", "unread", "pages", "OCR", "events", "measurements"):
            table.add_column(col, justify="left" if col in ("case", "status") else "right")
        for c in report.cases:
            table.add_row(c.case_id, c.status, str(c.files), str(c.failed), str(c.pages),
                          str(c.ocr_pages), str(c.events), str(c.measurements))
        stderr_console.print(table)
    raise typer.Exit(int(report.exit_code))


@app.command()
def doctor(
    pipeline: Annotated[str | None, typer.Option("--pipeline", "-p")] = None,
) -> None:
    """Check the system programs recordkit needs, and say how to install what is missing.

    Example: recordkit doctor
    """
    from recordkit.config import load_pipeline
    from recordkit.deps import probe_tesseract

    try:
        settings = load_pipeline(pipeline)
    except RecordkitError as e:
        _fail(e)
        return
    rep = probe_tesseract(settings.ocr.languages)
    stdout.print(f"recordkit {__version__}")
    stdout.print(f"tesseract: {rep.version or 'not found'}; languages: "
                 f"{', '.join(rep.languages) or '-'}")
    if rep.problem:
        stderr_console.print(f"[bold red]problem:[/] {rep.problem}", highlight=False)
        raise typer.Exit(int(ExitCode.missing_dependency))
    stdout.print("all required programs found")


@app.command()
def version() -> None:
    """Print recordkit's version.

    Example: recordkit version
    """
    stdout.print(__version__)


def main() -> None:
    """Console-script entry point."""
    os.umask(0o077)
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.ctrl_c))
