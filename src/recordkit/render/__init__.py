"""Outputs of a case: events.json, timeline.csv, the figure and the review packet."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.config import Settings
from recordkit.models import CaseFacts, Manifest
from recordkit.outputs import atomic_path, write_bytes, write_json
from recordkit.review.store import apply_review

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
    if settings.outputs.figure:
        from recordkit.render.figure import draw_timeline

        with (
            atomic_path(case_out / "timeline.png") as png,
            atomic_path(case_out / "timeline.svg") as svg,
        ):
            figure = draw_timeline(facts, png, svg)
        written["figure"] = "timeline.png"
    if settings.outputs.packet:
        from recordkit.render.packet import build_packet

        problems: list[str] = []
        build_packet(case_out, facts, manifest, problems, figure)
        written["packet"] = "review-packet.pdf"
        if rep is not None:
            rep.problems += problems
    if rep is not None:
        rep.outputs.update(written)
    return written
