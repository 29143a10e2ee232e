"""The worker pool behind the reading stage and case finishing, with crash isolation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from recordkit.config import Settings
from recordkit.text.worker import Outcome, make_pool
from recordkit.workerenv import WorkerEnvironment, stop_workers

log = logging.getLogger(__name__)

CRASH_REASON = "the parser process crashed on this file"


class TaskRunner:
    """Runs worker tasks; when a worker dies, finds the culprit by re-running tasks alone."""

    def __init__(self, jobs: int, settings: Settings) -> None:
        self.jobs, self.settings = jobs, settings
        self._pool: ProcessPoolExecutor | None = None
        self._env: WorkerEnvironment | None = None
        self.pending: dict[
            Future[Outcome], tuple[Callable[..., Outcome], tuple[Any, ...], Any]
        ] = {}

    @property
    def pool(self) -> ProcessPoolExecutor:
        """The worker pool, started on first use (a fully cached run starts no workers)."""
        if self._pool is None:
            if self._env is None:
                self._env = WorkerEnvironment()
            self._pool = make_pool(self.jobs, self.settings, self._env.context())
        return self._pool

    def submit(self, tag: Any, fn: Callable[..., Outcome], *args: Any) -> None:
        """Queue `fn(*args)`; its outcome is reported with `tag`."""
        self.pending[self.pool.submit(fn, *args)] = (fn, args, tag)

    def restart(self) -> None:
        """Replace a broken pool with a fresh one."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def _isolate(
        self, tasks: list[tuple[Callable[..., Outcome], tuple[Any, ...], Any]]
    ) -> list[tuple[Any, Outcome]]:
        results = []
        for fn, args, tag in tasks:
            try:
                results.append((tag, self.pool.submit(fn, *args).result()))
            except BrokenProcessPool:
                self.restart()
                crashed = Outcome(status="unreadable", reason=CRASH_REASON, describes_file=False)
                results.append((tag, crashed))
        return results

    def completed(self) -> list[tuple[Any, Outcome]]:
        """Wait for at least one task; return (tag, outcome) of every finished task."""
        done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
        results, broken = [], []
        for fut in done:
            fn, args, tag = self.pending.pop(fut)
            try:
                results.append((tag, fut.result()))
            except BrokenProcessPool:
                broken.append((fn, args, tag))
        if broken:
            broken += list(self.pending.values())
            self.pending.clear()
            log.warning("a worker process died; re-running %d task(s) one at a time", len(broken))
            self.restart()
            results += self._isolate(broken)
        return results

    def discard_pending(self, key: Any = None) -> None:
        """Forget unfinished tasks (of a case that failed): their results are never read.

        With `key`, only the tasks whose tag starts with it (one case's, when several cases
        are read at once).
        """
        for fut, (_fn, _args, tag) in list(self.pending.items()):
            if key is None or (isinstance(tag, tuple) and tag and tag[0] == key):
                fut.cancel()
                del self.pending[fut]

    def close(self, *, interrupted: bool = False) -> None:
        """Stop the workers (at once when interrupted) and remove their temporary files."""
        if self._pool is not None:
            if interrupted:
                stop_workers(self._pool)
            self._pool.shutdown(wait=not interrupted, cancel_futures=True)
            self._pool = None
        if self._env is not None:
            self._env.close()
            self._env = None


__all__ = ["CRASH_REASON", "TaskRunner"]
