"""Import spaCy without its command-line package.

`import spacy` imports `spacy.cli` for one name (`spacy.info`), and with it requests, httpx,
weasel, jinja2 and every training command: about 0.2 s of CPU in each worker that extracts,
for code recordkit never runs (it builds a blank pipeline and downloads nothing). While spaCy
is imported, `spacy.cli` and `spacy.cli.info` are stand-ins; they are taken out of
`sys.modules` right after, so `import spacy.cli` later imports the real package, and
`spacy.info()` imports it when called.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

CLI, CLI_INFO = "spacy.cli", "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """The `info` of spaCy, from the real command-line package, imported on first call."""
    return importlib.import_module(CLI_INFO).info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """The spaCy module, its command-line package left unimported until something asks for it."""
    if "spacy" in sys.modules or CLI in sys.modules:
        return importlib.import_module("spacy")
    info = types.ModuleType(CLI_INFO)
    info.info = _info  # type: ignore[attr-defined]
    cli = types.ModuleType(CLI)
    cli.info = info  # type: ignore[attr-defined]
    sys.modules[CLI], sys.modules[CLI_INFO] = cli, info
    try:
        return importlib.import_module("spacy")
    finally:
        for name in (CLI_INFO, CLI):
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
