"""The rule patterns' compiled programs, kept between runs as Python keeps compiled modules.

Python's `re` compiles a pattern in two steps: a parser and a code generator, both written in
Python, turn the pattern into a program (a list of integers), and `_sre.compile` makes the
Pattern object from that program in microseconds. recordkit's rule files give about 2,300
patterns, most of them long alternations of clinical words, and the two Python steps cost
~0.4 s of CPU in every process that extracts, on every run; `re` keeps nothing between
processes. This store keeps each pattern's program in one file beside recordkit's bytecode
(`recordkit/__pycache__/patterns.<python>.bin`), so that a later process only hands the
programs to `_sre`.

- Only patterns that come from rule files pass through here (`rule_cache.compiled`); a
  pattern built from a document's own text is compiled the usual way and never written.
- The file is marshal data, like a .pyc, written owner-only by an atomic rename. It holds
  the exact Python version and `_sre.MAGIC` it was made by; any other file, an unreadable
  one, or a program `_sre` refuses is ignored and the pattern compiled afresh.
- Where the folder cannot be written (a read-only install) every process compiles, as before.
"""

from __future__ import annotations

import _sre
import logging
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

log = logging.getLogger(__name__)

# flags, code, groups, group index, index group: `_sre.compile`'s arguments after the pattern
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
MADE_BY = (sys.version, _sre.MAGIC, _sre.CODESIZE)
KEEP_UNUSED = 6000  # programs kept that this process did not use, before they are dropped


def default_path() -> Path:
    """Where the store lives: recordkit's own `__pycache__`, beside its bytecode."""
    return Path(__file__).parent / "__pycache__" / f"patterns.{sys.implementation.cache_tag}.bin"


def program(pattern: str, flags: int) -> Program:
    """`re`'s program for `pattern` (the steps of `re.compile` before `_sre.compile`)."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    names = dict(tree.state.groupdict)
    index: list[str | None] = [None] * tree.state.groups
    for name, i in names.items():
        index[i] = name
    return (
        int(flags | tree.state.flags),
        [int(c) for c in code],
        tree.state.groups - 1,
        names,
        tuple(index),
    )


class PatternStore:
    """Programs by (pattern, flags): read from `path` once, written back when it grew."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.programs: dict[tuple[str, int], Program] = self._read() if path else {}
        self.used: set[tuple[str, int]] = set()
        self.grew = False

    def _read(self) -> dict[tuple[str, int], Program]:
        assert self.path is not None
        try:
            made_by, programs = marshal.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, EOFError, TypeError) as e:
            log.debug("pattern store not read (%s): compiling afresh", type(e).__name__)
            return {}
        return programs if made_by == MADE_BY and isinstance(programs, dict) else {}

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """The Pattern `re.compile(pattern, flags)` gives, from its kept program if there is one."""
        key = (pattern, int(flags))
        self.used.add(key)
        kept = self.programs.get(key)
        if kept is not None:
            try:
                return _sre.compile(pattern, *kept)
            except Exception:
                log.debug("a kept pattern program was refused: compiling afresh")
        try:
            made = program(pattern, int(flags))
        except re.error:
            raise
        except Exception:
            return re.compile(pattern, flags)
        self.programs[key] = made
        self.grew = True
        return _sre.compile(pattern, *made)

    def save(self) -> None:
        """Write the programs back if this process compiled new ones; a failure is not an error.

        What another worker wrote since this one read the file is kept too.
        """
        if not (self.grew and self.path):
            return
        keep: dict[Any, Program] = {**self._read(), **self.programs}
        unused = [k for k in keep if k not in self.used]
        if len(unused) > KEEP_UNUSED:  # rules edited many times: keep what this run used
            for k in unused:
                del keep[k]
        try:
            _write_private(self.path, marshal.dumps((MADE_BY, keep)))
        except OSError as e:
            log.debug("pattern store not written (%s)", type(e).__name__)
            return
        self.programs, self.grew = keep, False


def _write_private(path: Path, data: bytes) -> None:
    """`data` into `path` by an atomic rename, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".patterns-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_store: PatternStore | None = None


def store() -> PatternStore:
    """This process's store, read at its first use."""
    global _store
    if _store is None:
        _store = PatternStore(default_path())
    return _store


def use_store(path: Path | None) -> PatternStore:
    """Point this process at another store (None: keep nothing); for tests and tools."""
    global _store
    _store = PatternStore(path)
    return _store


def save_patterns() -> None:
    """Write this process's new programs, if any (after a case is extracted)."""
    if _store is not None:
        _store.save()


__all__ = ["PatternStore", "default_path", "program", "save_patterns", "store", "use_store"]
