"""A clinical mention found on a page: its kind, where it stands, what it names, its flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Mention:
    """A clinical mention on a page (offsets in the analysis text)."""

    kind: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


__all__ = ["Mention"]
