"""Patterns compiled once a process: from a rule set's lists, or where they are used.

Rule models hold lists, so they are not hashable: a thing built from one is kept by the
identity of the rule object it was built from, and built again for another object (a
custom rule folder, a test's own rules). A pattern built at its point of use is kept by
its text (`compiled`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from recordkit.pattern_store import store

R = TypeVar("R")
T = TypeVar("T")


def per_rule_set(build: Callable[[R], T]) -> Callable[[R], T]:
    """`build(rules)`, made once for each rule-set object and then reused."""
    made: dict[int, tuple[R, T]] = {}

    @wraps(build)
    def get(rules: R) -> T:
        got = made.get(id(rules))
        if got is None or got[0] is not rules:
            got = made[id(rules)] = (rules, build(rules))
        return got[1]

    return get


@lru_cache(maxsize=4096)
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` for a pattern made from rules, kept for the process.

    For a pattern built where it is used (a rule word given its word edges): Python keeps only
    the last 512 patterns it compiled, fewer than a rule set holds, so such a pattern would be
    compiled again at every use. Its program is also kept between runs (`pattern_store`), so
    a pattern made of a document's own text must not come here.
    """
    return store().compile(pattern, flags)


@lru_cache(maxsize=1024)
def compiled_with_text(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile` for a pattern holding a document's own text: kept for the process only."""
    return re.compile(pattern, flags)


__all__ = ["compiled", "compiled_with_text", "per_rule_set"]
