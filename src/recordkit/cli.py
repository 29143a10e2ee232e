"""Command line: a thin layer over the library. The only module that exits the process."""

from __future__ import annotations

import errno
import functools
import logging
import os
import sys
import traceback
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from recordkit import __version__
from recordkit._logging import configure_logging, err_console
from recordkit.collector import relax
from recordkit.exceptions import BadArgumentsError, ExitCode, RecordkitError
from recordkit.review.cli import register_review_commands
from recordkit.safety import describe_error
from recordkit.signals import Terminated, install_sigterm_handler

if TYPE_CHECKING:
    from rich.console import Console

log = logging.getLogger(__name__)


class _Handled(TyperGroup):
    """The one place where errors become exit codes (see the README's table)."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; map every error to its documented exit code."""
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except Terminated as e:
            err_console().print("terminated (SIGTERM)", highlight=False)
            raise typer.Exit(int(ExitCode.terminated)) from e
        except KeyboardInterrupt as e:
            err_console().print("interrupted", highlight=False)
            raise typer.Exit(int(ExitCode.ctrl_c)) from e
        except RecordkitError as e:
            err_console().print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(int(e.exit_code)) from e
        except Exception as e:
            if isinstance(e, OSError) and e.errno == errno.EPIPE:
                raise
            if logging.getLogger("recordkit").isEnabledFor(logging.DEBUG):
                err_console().print(traceback.format_exc(), highlight=False, markup=False)
            err_console().print(
                f"[bold red]error:[/] unexpected {_escape(describe_error(e))} "
                "(a recordkit bug; -vv shows the traceback)",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(int(ExitCode.other_error)) from e


app = typer.Typer(
    cls=_Handled,
    help="recordkit: a leukaemia patient's records -> a dated, sourced timeline and review packet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Check clinical rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@functools.cache
def out_console() -> Console:
    """The rich console on stdout (rich is imported when a command first prints)."""
    from rich.console import Console

    return Console()


Verbose = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log detail.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors; no progress bars.")]
PipelineName = Annotated[
    str | None,
    typer.Option("--pipeline", "-p", help="Pipeline name in pipelines/ or a .toml file."),
]


@app.command()
def process(
    inputs: Annotated[list[Path], typer.Argument(help="A patient folder, or a folder of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: usable CPUs)."),
    ] = None,
    pipeline: PipelineName = None,
    cache_dir: Annotated[
        Path | None, typer.Option(help="Page-text cache (default $XDG_CACHE_HOME/recordkit).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache.")
    ] = False,
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
    settings = load_pipeline(pipeline)
    show = not quiet and sys.stderr.isatty()
    with RichProgress() if show else nullcontext(NullProgress()) as bar:
        report = run_batch(
            inputs,
            out,
            settings,
            jobs=jobs,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            progress=bar,
        )
    if not quiet:
        from recordkit.batch_summary import print_summary

        print_summary(report, err_console())
    raise typer.Exit(int(report.exit_code))


@app.command()
def validate(
    out: Annotated[Path, typer.Argument(help="The output folder of `recordkit process`.")],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of fixtures, <case_id>.json.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    min_f1: Annotated[
        float | None,
        typer.Option("--min-f1", min=0, max=1, help="Exit 7 when the overall F1 is below this."),
    ] = None,
    case: Annotated[list[str] | None, typer.Option("--case", help="Only these case ids.")] = None,
    corrected: Annotated[
        bool,
        typer.Option(
            "--corrected", help="Score the reviewed events (events-corrected.json) instead."
        ),
    ] = False,
) -> None:
    """Score events.json files against hand-checked fixtures: precision, recall, F1.

    Misses and false positives are listed with the source text near them.

    Example: recordkit validate out --gold samples/gold --min-f1 0.95
    """
    from recordkit.outputs import dumps
    from recordkit.validate import report, total, validate_dir

    configure_logging(0)
    scores = validate_dir(out, gold, case, "events-corrected.json" if corrected else "events.json")
    rep = report(scores)
    if as_json:
        sys.stdout.write(dumps(rep))
    else:
        per, overall = total(scores)
        from rich.table import Table

        table = Table(title=f"recordkit validate: {len(scores)} case(s)")
        for col in ("kind", "gold", "found", "matched", "precision", "recall", "F1"):
            table.add_column(col, justify="left" if col == "kind" else "right")
        for k, c in [*per.items(), ("overall", overall)]:
            table.add_row(
                k,
                str(c.tp + c.fn),
                str(c.tp + c.fp),
                str(c.tp),
                f"{c.precision:.3f}",
                f"{c.recall:.3f}",
                f"{c.f1:.3f}",
                style="bold" if k == "overall" else None,
            )
        out_console().print(table)
        for cs in rep["cases"]:
            for m in cs["misses"]:
                out_console().print(
                    f"[red]miss[/] {cs['case_id']}: {m['item']}  closest: {m['closest']}"
                    f"  {m['near'][:160]}",
                    highlight=False,
                    markup=True,
                )
            for fp in cs["false_positives"]:
                out_console().print(
                    f"[yellow]extra[/] {cs['case_id']}: {fp['item']}  {fp['near'][:160]}",
                    highlight=False,
                )
    if min_f1 is not None and rep["overall"]["f1"] < min_f1:
        err_console().print(f"overall F1 {rep['overall']['f1']:.3f} is below {min_f1}")
        raise typer.Exit(int(ExitCode.validation_below_threshold))


@app.command()
def packet(
    case_out: Annotated[Path, typer.Argument(help="OUT/<case_id>, holding events.json.")],
) -> None:
    """Rebuild timeline.csv, the figure and review-packet.pdf from events.json.

    The reviewer's corrections (corrections.json, see `recordkit review`) are applied on top.

    Example: recordkit packet out/aml-fig1
    """
    import json

    from pydantic import ValidationError

    from recordkit.config import Settings
    from recordkit.models import CaseFacts, Manifest
    from recordkit.pipeline import CaseReport
    from recordkit.render import write_case_outputs
    from recordkit.render.index import refresh_index
    from recordkit.timeline import number_events

    path = case_out / "events.json"
    if not path.is_file():
        raise BadArgumentsError(f"{path} does not exist")
    try:
        facts = CaseFacts.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as e:
        raise BadArgumentsError(f"{path} is not a valid events file:\n{e}") from e
    facts = facts.model_copy(update={"events": tuple(number_events(facts.events))})
    mpath = case_out / "manifest.json"
    manifest = Manifest.model_validate(json.loads(mpath.read_text())) if mpath.is_file() else None
    rep = CaseReport(facts.case_id, files=0, failed=0, duplicates=0, pages=0, ocr_pages=0)
    written = write_case_outputs(case_out, facts, manifest, Settings(), rep)
    made = sorted(v for k, v in written.items() if k != "events")  # events.json is the input
    if refresh_index(case_out.resolve().parent) is not None:  # its row counts what is to check
        made.append("../index.html")
    err_console().print(f"rebuilt {', '.join(made)} from events.json in {case_out}")
    for problem in rep.problems:
        err_console().print(f"[yellow]warning:[/] {_escape(problem)}", highlight=False)
    if rep.problems:
        raise typer.Exit(int(ExitCode.partial_failure))


@app.command()
def schema() -> None:
    """Print the JSON Schema of events.json.

    Example: recordkit schema > events.schema.json
    """
    import json

    from recordkit.models import CaseFacts

    sys.stdout.write(json.dumps(CaseFacts.model_json_schema(), indent=2) + "\n")


@rules_app.command("validate")
def rules_validate(
    path: Annotated[
        Path | None,
        typer.Argument(help="A folder of rule files (default: the rule set recordkit ships)."),
    ] = None,
) -> None:
    """Check a folder of rule files without running the pipeline (exit 6 when invalid).

    Every check is made, those a run leaves to the test suite too (unit factors, patterns).
    Example: recordkit rules validate my-rules
    """
    from importlib import resources

    from recordkit.nlp.rules import load_rules_from
    from recordkit.nlp.sections import load_section_rules
    from recordkit.relapse import load_relapse_rules

    path = path or Path(str(resources.files("recordkit.rules")))
    rs = load_rules_from(path)
    if (path / "sections.json").is_file():
        load_section_rules(str(path / "sections.json"))
    if (path / "relapse.json").is_file():
        load_relapse_rules(str(path / "relapse.json"))
    out_console().print(
        f"ok: {len(rs.triggers)} triggers, {len(rs.vocabulary.regimens)} regimens, "
        f"{len(rs.vocabulary.drugs)} drugs, {len(rs.analytes.analytes)} analytes"
    )


@app.command()
def doctor(
    pipeline: PipelineName = None,
) -> None:
    """Check the system programs recordkit needs, and say how to install what is missing.

    Example: recordkit doctor
    """
    from recordkit.config import load_pipeline
    from recordkit.deps import probe_tesseract

    settings = load_pipeline(pipeline)
    rep = probe_tesseract(settings.ocr.languages)
    out_console().print(f"recordkit {__version__}")
    out_console().print(
        f"tesseract: {rep.version or 'not found'}; languages: {', '.join(rep.languages) or '-'}"
    )
    if rep.problem:
        err_console().print(f"[bold red]problem:[/] {rep.problem}", highlight=False, soft_wrap=True)
        raise typer.Exit(int(ExitCode.missing_dependency))
    out_console().print("all required programs found")


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="One document (PDF, image, Word or text file).")],
    pipeline: PipelineName = None,
    page: Annotated[int | None, typer.Option(min=1, help="Show only this page.")] = None,
) -> None:
    """Show what each pass made of one file: blocks, tables, dates, candidate facts.

    Prints the document's own text to stdout (nothing is logged). Exit 1 when FILE is
    not a file.

    Example: recordkit explain "records/Bone marrow report.pdf" --page 1
    """
    from recordkit.config import load_pipeline
    from recordkit.explain import explain as run_explain

    configure_logging(-1)
    if not file.is_file():
        raise BadArgumentsError(f"{file} is not a file")
    run_explain(file, load_pipeline(pipeline), out_console(), page)


@app.command()
def version() -> None:
    """Print recordkit's version.

    Example: recordkit version
    """
    out_console().print(__version__)


register_review_commands(app)


def main() -> None:
    """Console-script entry point."""
    relax()  # recordkit.collector: fewer collector runs while the libraries are imported
    os.umask(0o077)
    install_sigterm_handler()
    app()
