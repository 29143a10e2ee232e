"""The cyclic garbage collector's thresholds in recordkit's processes.

A worker that finishes a case imports spaCy, matplotlib and reportlab and builds many small
objects a page. With Python's default thresholds (700, 10, 10) the collector ran about 570
times while a worker finished the 25-page benchmark case: 0.45 s of its 2.6 s of CPU. With
a first generation of 20,000 objects it runs about 20 times (0.15 s). The older generations
keep their default ratios, so garbage that lives long is still collected, only after
20,000 rather than 700 new objects; at most that many more objects wait to be freed.
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 10, 10)


def relax() -> None:
    """Set the collector's thresholds for this process (the main process and each worker)."""
    gc.set_threshold(*THRESHOLDS)
