"""Imported first by the workers' fork server: the collector is relaxed before its imports.

The workers it forks inherit the setting (`recordkit.collector`).
"""

from __future__ import annotations

from recordkit.collector import relax

relax()
