"""Writing outputs: deterministic JSON, owner-only permissions."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from recordkit.exceptions import OutputError


def ensure_dir(path: Path) -> Path:
    """Create an owner-only folder."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
    except OSError as e:
        raise OutputError(f"cannot create output folder {path}: {e.strerror}") from e
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    """Write a file atomically, readable by its owner only."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        os.chmod(path, 0o600)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror}") from e
    return path


def dumps(data: Any) -> str:
    """JSON text that is byte-identical for identical data."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(path: Path, data: Any) -> Path:
    """Write `data` (a model or plain data) as deterministic UTF-8 JSON."""
    return write_bytes(path, dumps(data).encode("utf-8"))
