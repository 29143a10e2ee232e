"""Start-up probe of the external programs recordkit needs, with install advice."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from recordkit.exceptions import MissingDependencyError

INSTALL_ADVICE = (
    "install it with `sudo apt-get install tesseract-ocr tesseract-ocr-eng "
    "tesseract-ocr-chi-sim tesseract-ocr-osd` (Debian/Ubuntu) or `brew install tesseract "
    "tesseract-lang` (macOS), or run `make setup`"
)
LANG_PACKAGES = {
    "eng": "tesseract-ocr-eng",
    "chi_sim": "tesseract-ocr-chi-sim",
    "osd": "tesseract-ocr-osd",
}
MIN_TESSERACT = (4, 1)


@dataclass(frozen=True)
class ToolReport:
    """What the probe found for one program."""

    name: str
    found: bool
    version: str | None
    languages: tuple[str, ...]
    problem: str | None


def tesseract_version(program: str = "tesseract") -> tuple[str, tuple[str, ...]] | None:
    """Return tesseract's version string and installed languages, or None when absent."""
    exe = shutil.which(program)
    if exe is None:
        return None
    asks = [  # both at once: every run, an unchanged re-run too, waits for them
        subprocess.Popen([exe, arg], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for arg in ("--version", "--list-langs")
    ]
    try:
        (out, err), (langs, _) = (ask.communicate(timeout=30) for ask in asks)
    finally:
        for ask in asks:
            if ask.poll() is None:
                ask.kill()
                ask.wait()
    first = (out or err).splitlines()[0] if (out or err) else ""
    names = tuple(line.strip() for line in langs.splitlines()[1:] if line.strip())
    return first.replace("tesseract", "").strip(), names


def probe_tesseract(
    languages: Sequence[str],
    version_of: Callable[[], tuple[str, tuple[str, ...]] | None] = tesseract_version,
) -> ToolReport:
    """Check tesseract exists, is recent enough and has the requested language packs."""
    found = version_of()
    if found is None:
        return ToolReport(
            "tesseract", False, None, (), f"tesseract is not installed: {INSTALL_ADVICE}"
        )
    version, installed = found
    m = re.match(r"v?(\d+)\.(\d+)", version)
    if m is None or (int(m.group(1)), int(m.group(2))) < MIN_TESSERACT:
        return ToolReport(
            "tesseract",
            True,
            version,
            installed,
            f"tesseract {version} is older than 4.1: {INSTALL_ADVICE}",
        )
    missing = [lang for lang in (*languages, "osd") if lang not in installed]
    if missing:
        pkgs = " ".join(
            LANG_PACKAGES.get(lang, f"tesseract-ocr-{lang.replace('_', '-')}") for lang in missing
        )
        return ToolReport(
            "tesseract",
            True,
            version,
            installed,
            f"tesseract language data missing: {', '.join(missing)}; "
            f"install with `sudo apt-get install {pkgs}`",
        )
    return ToolReport("tesseract", True, version, installed, None)


def check_dependencies(
    languages: Sequence[str],
    version_of: Callable[[], tuple[str, tuple[str, ...]] | None] = tesseract_version,
) -> ToolReport:
    """Raise `MissingDependencyError` (exit 3) unless tesseract is ready for `languages`."""
    report = probe_tesseract(languages, version_of)
    if report.problem:
        raise MissingDependencyError(report.problem)
    return report
