"""Progress reporting behind a small protocol: rich bars on a terminal, nothing otherwise."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from recordkit._logging import err_console


class ProgressReporter(Protocol):
    """What the pipeline tells about its progress."""

    def add_total(self, what: str, n: int) -> None:
        """Announce `n` more units of `what` ("files" or "pages")."""

    def advance(self, what: str, n: int = 1) -> None:
        """Mark `n` units of `what` done."""


class NullProgress:
    """Reports nothing (quiet mode, non-terminal stderr, library use)."""

    def add_total(self, what: str, n: int) -> None:  # noqa: D102
        pass

    def advance(self, what: str, n: int = 1) -> None:  # noqa: D102
        pass


class RichProgress:
    """Two rich progress bars, files and pages, on stderr."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description:>6}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console(),
            transient=False,
        )
        self._tasks = {w: self._progress.add_task(w, total=0) for w in ("files", "pages")}

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

    def add_total(self, what: str, n: int) -> None:  # noqa: D102
        task = self._tasks[what]
        current = self._progress.tasks[task].total or 0
        self._progress.update(task, total=current + n)

    def advance(self, what: str, n: int = 1) -> None:  # noqa: D102
        self._progress.advance(self._tasks[what], n)
