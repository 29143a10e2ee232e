"""Outputs of a case: events.json, timeline.csv, the figure and the review packet."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.config import Settings
from recordkit.exceptions import RecordkitError
from recordkit.models import CaseFacts, Manifest
from recordkit.outputs import atomic_path, write_bytes, write_json
from recordkit.review.store import apply_review
from recordkit.safety import describe_error

if TYPE_CHECKING:
    from recordkit.pipeline import CaseReport

log = logging.getLogger(__name__)


def write_case_outputs(
    case_out: Path,
    facts: CaseFacts,
    manifest: Manifest | None,
    settings: Settings,
    rep: CaseReport | None = None,
) -> dict[str, str]:
    """Write every output the settings ask for; return name -> file name."""
    from recordkit.render.table import timeline_csv

    written: dict[str, str] = {}
    figure: bytes | None = None  # the figure as PDF, drawn once for the files and the packet
    if settings.outputs.events:
        write_json(case_out / "events.json", facts)
        written["events"] = "events.json"
    facts = apply_review(case_out, facts, written)  # corrections.json, on a fresh extraction
    if settings.outputs.timeline:
        write_bytes(case_out / "timeline.csv", timeline_csv(facts).encode("utf-8"))
        written["timeline"] = "timeline.csv"
    problems: list[str] = []
    if settings.outputs.figure:
        with _drawn("the timeline figure", problems, rep):
            figure = _draw_figure(case_out, facts)
            written["figure"] = "timeline.png"
    if settings.outputs.packet:
        from recordkit.render.packet import build_packet

        with _drawn("the review packet", problems, rep):
            build_packet(case_out, facts, manifest, problems, figure)
            written["packet"] = "review-packet.pdf"
    if rep is not None:
        rep.problems += problems
        rep.outputs.update(written)
    return written


def _draw_figure(case_out: Path, facts: CaseFacts) -> bytes:
    from recordkit.render.figure import draw_timeline

    with (
        atomic_path(case_out / "timeline.png") as png,
        atomic_path(case_out / "timeline.svg") as svg,
    ):
        return draw_timeline(facts, png, svg)


@contextmanager
def _drawn(what: str, problems: list[str], rep: CaseReport | None) -> Iterator[None]:
    """A drawing that fails is the case's problem, not its failure: what was extracted stays.

    events.json and timeline.csv are written before; the error (its type and place, never a
    message that could quote a document) goes to the case's problems, and the case is
    reported partial. An error recordkit already names (a full disk: OutputError) still fails
    the case with its own exit code, as does any error where no report is kept (a caller
    outside a batch).
    """
    try:
        yield
    except (OSError, RecordkitError):  # the machine's (a full disk), with its own exit code
        raise
    except Exception as e:
        if rep is None:
            raise
        log.error("%s of a case could not be drawn: %s", what, describe_error(e))
        problems.append(f"{what} could not be drawn ({describe_error(e)}); the other outputs stand")
