"""What is built from a rule set once a process: patterns compiled from a rule file's lists.

Rule models hold lists, so they are not hashable: a thing built from one is kept by the
identity of the rule object it was built from, and built again for another object (a
custom rule folder, a test's own rules).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

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


__all__ = ["per_rule_set"]
