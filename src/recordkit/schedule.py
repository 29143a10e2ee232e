"""Case scheduling: a case's extraction and outputs run in the worker pool.

Once a case's files are read, its facts, figure and packet are made by a worker (the
`finish_case` task) while the main process goes on to read the next case's files with the
other workers. The main process only schedules tasks and writes small files (manifest and
state); with two workers one case renders while the next case's pages are read.

A task's result is handed to its `on_done` callback when it is collected; an exception
raised while extracting or rendering a case goes to that case's `on_error` callback (when
none is given, it is raised from `collect`), so a failure stays attributable to its case.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from recordkit.config import Settings
from recordkit.exceptions import RecordkitError
from recordkit.models import DocumentResult, Manifest
from recordkit.tasks import TaskRunner

log = logging.getLogger(__name__)


CRASH = "the worker process died while extracting or rendering this case"
# Run case tasks in the main process instead: for fault-injection tests and debugging only.
RUN_INLINE = False


class CaseWorkerCrashed(RecordkitError):
    """The worker process died while extracting or rendering a case (run alone, to be sure)."""


@dataclass(frozen=True)
class Finished:
    """What `finish_case` made of one case."""

    events: int
    measurements: int
    warnings: tuple[str, ...]
    outputs: dict[str, str]
    problems: tuple[str, ...] = ()  # sources not appended to the packet, drawings that failed


def finish_case(
    case_id: str,
    results: list[DocumentResult],
    manifest: Manifest,
    case_out: str,
    settings: Settings,
    root: str,
) -> Finished:
    """Worker task: extract a case's facts and write the outputs the settings ask for."""
    from recordkit.extract import extract_case
    from recordkit.pattern_store import save_patterns
    from recordkit.render import write_case_outputs
    from recordkit.render.names import shown_without_file_names

    facts = extract_case(case_id, results, settings, root)
    save_patterns()  # the rule patterns this worker compiled serve the next process
    sink = SimpleNamespace(outputs={}, problems=[])  # what write_case_outputs reports
    written = write_case_outputs(Path(case_out), facts, manifest, settings, sink)  # type: ignore[arg-type]
    warnings = (*shown_without_file_names(facts),)
    return Finished(
        len(facts.events), len(facts.measurements), warnings, written, tuple(sink.problems)
    )


@dataclass
class _Task:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    pool: ProcessPoolExecutor


class CaseFinisher:
    """Runs case-level tasks on the reader's worker pool and hands back their results."""

    def __init__(self, runner: TaskRunner) -> None:
        self.runner = runner
        self.pending: dict[Future[Any], _Task] = {}

    def submit(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Queue `fn(*args)` behind the reading tasks already queued."""
        if RUN_INLINE:  # in this process, where a test's injected fault can reach it
            try:
                result = fn(*args)
            except Exception as e:
                self._fail(_Task(fn, args, on_done, on_error, None), e)  # type: ignore[arg-type]
                return
            on_done(result)
            return
        pool = self.runner.pool
        self.pending[pool.submit(fn, *args)] = _Task(fn, args, on_done, on_error, pool)

    def _isolate(self, broken: list[_Task]) -> None:
        """After a worker died: run every task of the broken pool again, one at a time."""
        pools = {id(t.pool) for t in broken}
        for fut, task in list(self.pending.items()):
            if id(task.pool) in pools:  # queued on the broken pool: it fails too
                broken.append(self.pending.pop(fut))
        log.warning("a worker process died; running %d case task(s) one at a time", len(broken))
        if id(self.runner.pool) in pools:  # the reader has not replaced it yet
            self.runner.restart()
        for task in broken:
            task.pool = self.runner.pool
            try:
                result = task.pool.submit(task.fn, *task.args).result()
            except BrokenProcessPool:
                self.runner.restart()
                self._fail(task, CaseWorkerCrashed(CRASH))
                continue
            except Exception as e:  # extraction or rendering failed: that case's error
                self._fail(task, e)
                continue
            task.on_done(result)

    @staticmethod
    def _fail(task: _Task, error: BaseException) -> None:
        if task.on_error is None:
            raise error
        task.on_error(error)

    def collect(self, block: bool = False) -> None:
        """Settle finished tasks; with `block`, wait until none is left."""
        while self.pending:
            done = [f for f in self.pending if f.done()]
            if not done and block:
                done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
            if not done:
                return
            broken = []
            for fut in done:
                task = self.pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    broken.append(task)
                    continue
                except Exception as e:  # extraction or rendering failed: that case's error
                    self._fail(task, e)
                    continue
                task.on_done(result)
            if broken:
                self._isolate(broken)


__all__ = ["CaseFinisher", "CaseWorkerCrashed", "Finished", "finish_case"]
