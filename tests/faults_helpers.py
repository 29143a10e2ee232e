"""Small builders shared by the fault tests: cases of text documents, settings, an inline runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recordkit.config import Settings
from recordkit.text.worker import Outcome

LETTER = (
    "Haematology clinic letter, 12 March 2023.\n"
    "Diagnosis: acute myeloid leukaemia (AML) in January 2023.\n"
    "Induction with IA started on 20 January 2023.\n"
)


def quick_settings(*, figure: bool = False, packet: bool = False) -> Settings:
    """Default settings, with the slow outputs only where a test needs them."""
    s = Settings()
    outputs = s.outputs.model_copy(update={"figure": figure, "packet": packet})
    return s.model_copy(update={"outputs": outputs})


def text_case(base: Path, name: str, files: dict[str, str] | None = None) -> Path:
    folder = base / name
    folder.mkdir(parents=True)
    for fname, text in (files or {"letter.txt": LETTER}).items():
        (folder / fname).write_text(text, encoding="utf-8")
    return folder


class InlineRunner:
    """Runs worker tasks in this process, one after another (to inject faults into them)."""

    jobs = 1  # workers, as TaskRunner says

    def __init__(self) -> None:
        self.pending: dict[int, tuple[Any, Outcome]] = {}
        self._n = 0

    def submit(self, tag: Any, fn: Any, *args: Any) -> None:
        self._n += 1
        self.pending[self._n] = (tag, fn(*args))

    def completed(self) -> list[tuple[Any, Outcome]]:
        done = list(self.pending.values())
        self.pending.clear()
        return done

    def close(self, **_: Any) -> None:
        pass
