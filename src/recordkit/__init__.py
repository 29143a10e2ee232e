"""recordkit: a leukaemia patient's medical records -> a dated, sourced treatment timeline."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
