"""What the main process keeps for its workers: a log queue and a temporary folder.

Workers put page images under one temporary folder of the run (removed when the run ends,
however it ends) and send their log records through a queue to the main process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from recordkit._logging import own_level, start_forwarding
from recordkit.text.worker import WorkerContext


class WorkerEnvironment:
    """The run's worker log queue (with its listener) and temporary folder."""

    def __init__(self) -> None:
        self.temp_root = Path(tempfile.mkdtemp(prefix="recordkit-"))
        self.queue, self.listener = start_forwarding(multiprocessing.get_context("forkserver"))

    def context(self) -> WorkerContext:
        """What a worker is started with."""
        return WorkerContext(self.queue, own_level(), os.getpid(), str(self.temp_root))

    def close(self) -> None:
        """Show the last records, stop listening and remove the temporary folder."""
        with contextlib.suppress(Exception):
            self.listener.stop()
        self.queue.close()
        shutil.rmtree(self.temp_root, ignore_errors=True)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate a pool's worker processes now (Ctrl-C, SIGTERM): no task is waited for."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            proc.terminate()
