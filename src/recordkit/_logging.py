"""Logging set-up: everything goes to stderr; document text and names are never logged.

recordkit's own records say what happened with file names, page numbers and counts. The
parsers it uses (pypdf, pdfminer, Pillow) word their warnings with bytes of the document,
so their records, and Python warnings, are reduced to the library's name; the message
is withheld. Worker processes send their records through a queue to the main process,
which shows them like its own.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import logging.handlers

    from rich.console import Console


@functools.cache
def err_console() -> Console:
    """The rich console on stderr, made (and rich imported) when something is first shown.

    An unchanged re-run with `-q` shows nothing and so never imports rich (about 35 ms).
    """
    from rich.console import Console

    return Console(stderr=True)


class _Shown(logging.Handler):
    """A rich handler on stderr, made on the first record that reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self._rich: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._rich is None:
            from rich.logging import RichHandler

            self._rich = RichHandler(console=err_console(), show_path=False, show_time=False)
            self._rich.setFormatter(logging.Formatter("%(message)s"))
        self._rich.emit(record)


OWN = "recordkit"
THIRD_PARTY_LEVEL = logging.WARNING


class WithholdThirdParty(logging.Filter):
    """Replace the message of a record from another library by the library's name."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite non-recordkit records in place; never drop a record."""
        if record.name != OWN and not record.name.startswith(OWN + "."):
            record.msg = (
                f"{record.name} reported a {record.levelname.lower()} "
                "(message withheld: it may quote the document)"
            )
            record.args = ()
            record.exc_info = record.exc_text = record.stack_info = None
        return True


def _handler() -> logging.Handler:
    handler = _Shown()
    handler.addFilter(WithholdThirdParty())
    return handler


def configure_logging(verbosity: int = 0) -> None:
    """Send log records to stderr: -1 errors, 0 warnings, 1 info, 2 debug.

    Other libraries' records are shown (message withheld) from -v on.
    """
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    own = logging.getLogger(OWN)
    own.handlers.clear()
    own.addHandler(_handler())
    own.setLevel(level)
    own.propagate = False
    root = logging.getLogger()
    root.handlers.clear()
    root.addHandler(_handler() if verbosity >= 1 else logging.NullHandler())
    root.setLevel(THIRD_PARTY_LEVEL)
    logging.captureWarnings(True)


class _Dispatch(logging.Handler):
    """Hand a record that came from a worker to this process's logger of the same name."""

    def handle(self, record: logging.LogRecord) -> bool:  # type: ignore[override]
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() does it
        pass


def start_forwarding(ctx: Any) -> tuple[Any, logging.handlers.QueueListener]:
    """A queue for workers' records and the listener that shows them here."""
    import logging.handlers  # with the workers only: an unchanged re-run has none

    queue = ctx.Queue()
    listener = logging.handlers.QueueListener(queue, _Dispatch())
    listener.start()
    return queue, listener


def init_worker_logging(queue: Any, level: int) -> None:
    """In a worker: send recordkit's records at `level` and others' warnings to the queue."""
    import logging.handlers

    handler = logging.handlers.QueueHandler(queue)
    handler.addFilter(WithholdThirdParty())
    root = logging.getLogger()
    root.handlers.clear()
    root.addHandler(handler)
    root.setLevel(THIRD_PARTY_LEVEL)
    own = logging.getLogger(OWN)
    own.handlers.clear()
    own.setLevel(level)
    own.propagate = True
    logging.captureWarnings(True)


def own_level() -> int:
    """The level recordkit's records are shown at in this process."""
    return logging.getLogger(OWN).getEffectiveLevel()
