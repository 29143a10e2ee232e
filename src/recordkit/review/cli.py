"""The review commands of the CLI: `recordkit review` (the local app) and `recordkit fixture`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from recordkit._logging import configure_logging, err_console
from recordkit.exceptions import BadArgumentsError

Verbose = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log detail.")]
LOCAL_ONLY = "address can read them and change their review. Use 127.0.0.1 unless you are sure."


def review(
    out: Annotated[Path, typer.Argument(help="The output folder of `recordkit process`.")],
    port: Annotated[int, typer.Option("--port", min=0, max=65535)] = 8765,
    host: Annotated[str, typer.Option("--host", help="Address to bind (keep it local).")] = (
        "127.0.0.1"
    ),
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Name recorded with each correction.")
    ] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="The page cache `process` used.")] = None,
    verbose: Verbose = 0,
) -> None:
    """Check and correct a batch in the browser (a local app; Ctrl-C stops it).

    Corrections go to OUT/<case>/corrections.json and are applied on every later
    `process` and `packet`.

    Example: recordkit review out --port 8765
    """
    import getpass
    import ipaddress

    from recordkit.review.app import ReviewConfig, listen, serve

    configure_logging(verbose)
    if not out.is_dir():
        raise BadArgumentsError(f"{out} {'is not a folder' if out.exists() else 'does not exist'}")
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost"
    if not local:
        err_console().print(
            f"[bold red]WARNING: serving patient records on {host}: anyone who can reach this "
            f"{LOCAL_ONLY}[/]",
            highlight=False,
        )
    sock = listen(host, port)
    name = reviewer or getpass.getuser()
    err_console().print(
        f"recordkit review: http://{host}:{port}/ (reviewing as {name}; Ctrl-C to stop)",
        highlight=False,
    )
    serve(ReviewConfig(out, name, cache_dir), host, sock)


def fixture(
    case_out: Annotated[Path, typer.Argument(help="OUT/<case_id>, holding events.json.")],
    dest: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where to write (default OUT/<case>/fixture.json)."),
    ] = None,
) -> None:
    """Write a reviewed case, corrections applied, as a fixture (recordkit-fixture/1).

    Example: recordkit fixture out/aml-fig1 --out samples/gold/aml-fig1.json
    """
    from recordkit.fixture import to_fixture
    from recordkit.outputs import ensure_dir, write_json
    from recordkit.review.store import corrected_facts, read_events

    facts, orphans = corrected_facts(case_out, read_events(case_out))
    data, skipped = to_fixture(facts)
    target = dest or case_out / "fixture.json"
    ensure_dir(target.parent)  # a gold folder not made yet is made, owner-only
    target = write_json(target, data)
    for note in skipped:
        err_console().print(f"left out: {note}", highlight=False)
    if orphans:
        err_console().print(f"{len(orphans)} correction(s) no longer apply (see the review app)")
    err_console().print(
        f"wrote {target}: {len(data['events'])} events, {len(data['measurements'])} measurements"
    )


def register_review_commands(app: typer.Typer) -> None:
    """Add `review` and `fixture` to the CLI."""
    app.command()(review)
    app.command()(fixture)
