"""Writing outputs: deterministic JSON, atomic replacement, owner-only permissions.

Every file recordkit writes goes to a temporary name beside its target and is renamed over
it only when complete, so a kill or a full disk leaves the previous file or none, never a
truncated one, and no temporary file stays behind. Permissions are set only on what
recordkit creates; folders it was given keep theirs.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from recordkit.exceptions import OutputError


def ensure_dir(path: Path) -> Path:
    """Create a folder (and missing parents) owner-only; an existing folder is left as it is."""
    missing: list[Path] = []
    p = path
    while not p.is_dir():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    try:
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                if not folder.is_dir():
                    raise
                continue
            os.chmod(folder, 0o700)
    except OSError as e:
        raise OutputError(f"cannot create output folder {path}: {e.strerror or e}") from e
    return path


LOCK_FILE = ".recordkit.lock"


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold OUT for this run; a second run writing to the same folder is refused."""
    import fcntl

    try:
        fd = os.open(out / LOCK_FILE, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError as e:
        raise OutputError(f"cannot write in {out}: {e.strerror}") from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            raise OutputError(
                f"another recordkit run is writing to {out}; wait for it to finish"
            ) from e
        yield
    finally:
        os.close(fd)


def _tmp_name(path: Path) -> Path:
    """A hidden temporary name beside `path` that keeps its suffix (matplotlib needs it)."""
    return path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces `path` on success and is removed on failure."""
    tmp = _tmp_name(path)
    try:
        yield tmp
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as e:
        _unlink_quietly(tmp)
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from e
    except BaseException:
        _unlink_quietly(tmp)
        raise


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _holds(path: Path, data: bytes) -> bool:
    """True when `path` is an owner-only regular file holding exactly `data`."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) or stat.S_IMODE(st.st_mode) != 0o600:
            return False
        return st.st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_bytes(path: Path, data: bytes) -> Path:
    """Write a file atomically, readable by its owner only.

    A file that already holds these bytes is left alone: an unchanged re-run rewrites (and
    syncs) nothing.
    """
    if _holds(path, data):
        return path
    with atomic_path(path) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    return path


def dumps(data: Any) -> str:
    """JSON text that is byte-identical for identical data."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(path: Path, data: Any) -> Path:
    """Write `data` (a model or plain data) as deterministic UTF-8 JSON."""
    return write_bytes(path, dumps(data).encode("utf-8"))
