"""Logging set-up: everything goes to stderr; document text and names are never logged."""

from __future__ import annotations

import logging

from rich.console import Console
from rich.logging import RichHandler

stderr_console = Console(stderr=True)


def configure_logging(verbosity: int = 0) -> None:
    """Send recordkit's log records to stderr: -1 errors, 0 warnings, 1 info, 2 debug."""
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    root = logging.getLogger("recordkit")
    root.handlers.clear()
    handler = RichHandler(console=stderr_console, show_path=False, show_time=False)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
