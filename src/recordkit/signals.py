"""Ending cleanly: SIGTERM handled like Ctrl-C, and workers that never outlive the batch.

``timeout``, systemd and docker stop a program with SIGTERM; recordkit turns it into the
same unwinding as Ctrl-C (workers stopped, temporary files removed). A worker also watches
the main process: when that dies, even by ``kill -9``, the worker removes its temporary
page images, stops its own child programs (tesseract) and exits at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import shutil
import signal
import threading
from pathlib import Path
from types import FrameType

PR_SET_PDEATHSIG = 1


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived; unwinds like Ctrl-C."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def install_sigterm_handler() -> None:
    """Make SIGTERM raise `Terminated` in the main thread (call from the main thread)."""
    signal.signal(signal.SIGTERM, _on_sigterm)


def _kill_children() -> None:
    """SIGKILL this process's own children (tesseract runs), found through /proc."""
    tasks = Path("/proc/self/task")
    if not tasks.is_dir():
        return
    for task in tasks.iterdir():
        with contextlib.suppress(OSError, ValueError):
            for pid in (task / "children").read_text().split():
                with contextlib.suppress(OSError):
                    os.kill(int(pid), signal.SIGKILL)


def _wait_for_exit(pid: int) -> None:
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # pragma: no cover - old kernel or not Linux
        fd = None
    if fd is not None:
        select.select([fd], [], [])
        return
    while True:  # pragma: no cover
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        threading.Event().wait(0.5)


def die_with_parent(main_pid: int, temp_dir: Path | None) -> None:
    """In a worker: exit (cleaning `temp_dir`) as soon as the main process is gone."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # the fork server's death

    def watch() -> None:
        _wait_for_exit(main_pid)
        for _ in range(2):  # again: the worker may have started a tesseract run meanwhile
            _kill_children()
            if temp_dir is not None:
                shutil.rmtree(temp_dir, ignore_errors=True)
        if temp_dir is not None:
            with contextlib.suppress(OSError):
                temp_dir.parent.rmdir()
        os._exit(1)

    if os.getpid() != main_pid:
        threading.Thread(target=watch, name="recordkit-parent-watch", daemon=True).start()
