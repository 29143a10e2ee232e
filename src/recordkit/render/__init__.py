"""Outputs of a case: events.json, timeline.csv, the figure and the review packet."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from recordkit.config import Settings
from recordkit.models import CaseFacts, Manifest
from recordkit.outputs import write_bytes, write_json

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
    if settings.outputs.timeline:
        write_bytes(case_out / "timeline.csv", timeline_csv(facts).encode("utf-8"))
        written["timeline"] = "timeline.csv"
    if settings.outputs.figure:
        from recordkit.render.figure import draw_timeline

        figure = draw_timeline(facts, case_out / "timeline.png", case_out / "timeline.svg")
        written["figure"] = "timeline.png"
    if settings.outputs.packet:
        from recordkit.render.packet import build_packet

        build_packet(case_out, facts, manifest, figure)
        written["packet"] = "review-packet.pdf"
    if rep is not None:
        rep.outputs.update(written)
    return written
