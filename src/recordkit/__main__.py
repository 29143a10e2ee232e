from __future__ import annotations

from recordkit.cli import main

main()
