"""Settings: one validated pydantic model, loaded from a pipeline TOML file and CLI overrides."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from recordkit.exceptions import BadArgumentsError

TextMode = Literal["auto", "force_ocr", "text_only"]
OcrEngine = Literal["tesseract", "tesserocr"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OcrSettings(_Strict):
    """How pages without a usable text layer are OCR'd."""

    languages: tuple[str, ...] = Field(
        ("eng", "chi_sim"), min_length=1, description="Tesseract language packs, in order."
    )
    dpi: int = Field(300, ge=72, le=600, description="Resolution at which PDF pages are rendered.")
    page_timeout_s: float = Field(120, gt=0, description="Give up on one page's OCR after this.")
    text_mode: TextMode = Field("auto", description="auto | force_ocr | text_only")
    min_text_chars: int = Field(
        25, ge=0, description="A PDF page with fewer text-layer characters is OCR'd."
    )
    orientation_min_conf: float = Field(
        70, ge=0, le=100, description="Below this mean confidence, try orientation correction."
    )
    script_detect: bool = Field(
        True,
        description="Read a page with the non-Han languages first; add the Han ones (chi_sim, "
        "...) only when that pass shows Han script.",
    )
    recover_lost_lines: bool = Field(
        True,
        description="Read again, as one block, a band of ink between a page's words that no "
        "word covers: a line tesseract's page layout dropped.",
    )
    engine: OcrEngine = Field(
        "tesseract",
        description="tesseract (Debian's program, via pytesseract) | tesserocr (the tesserocr "
        "wheel's library, one engine kept alive per worker).",
    )


class LimitSettings(_Strict):
    """Guards against hostile or broken files."""

    max_file_mb: float = Field(200, gt=0, description="Files above this size are `too_large`.")
    max_image_pixels: int = Field(
        89_478_485, gt=0, description="Pillow's decompression-bomb limit, in pixels."
    )
    document_timeout_s: float = Field(
        300, gt=0, description="Wall-clock limit for parsing one document."
    )
    worker_memory_mb: int = Field(
        4096, ge=256, description="Address-space limit of each worker process."
    )
    max_pages: int = Field(500, ge=1, description="Documents with more pages are `too_large`.")


class ExtractSettings(_Strict):
    """Clinical extraction."""

    rules: str = Field("recordkit.rules.v1", description="Rule set name or a folder of rules.")
    fuzzy_min_score: float = Field(
        88, ge=50, le=100, description="rapidfuzz score needed for an OCR-garbled term."
    )


class OutputSettings(_Strict):
    """Which outputs a run writes."""

    events: bool = True
    timeline: bool = True
    figure: bool = True
    packet: bool = True


class Settings(_Strict):
    """All settings of one run."""

    name: str = "default"
    description: str = ""
    ocr: OcrSettings = OcrSettings()
    limits: LimitSettings = LimitSettings()
    extract: ExtractSettings = ExtractSettings()
    outputs: OutputSettings = OutputSettings()


def _pipeline_dirs() -> list[Path]:
    dirs = [Path.cwd() / "pipelines"]
    bundled = resources.files("recordkit").joinpath("pipelines")
    dirs.append(Path(str(bundled)))
    return dirs


def load_pipeline(name_or_file: str | None) -> Settings:
    """Load a named pipeline (``pipelines/NAME.toml``) or a TOML file into `Settings`."""
    name_or_file = name_or_file or "default"
    path = Path(name_or_file)
    if not (path.suffix == ".toml" and path.is_file()):
        for folder in _pipeline_dirs():
            candidate = folder / f"{name_or_file}.toml"
            if candidate.is_file():
                path = candidate
                break
        else:
            if name_or_file == "default":
                return Settings()
            raise BadArgumentsError(f"pipeline {name_or_file!r} not found (a name or a .toml file)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise BadArgumentsError(f"pipeline file {path}: {e}") from e
    data.setdefault("name", path.stem)
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(_problem(err) for err in e.errors())
        raise BadArgumentsError(f"pipeline file {path} is invalid: {problems}") from e


def _problem(err: Any) -> str:
    """One pydantic error as a pipeline file's author reads it: the key, then what is wrong."""
    key = ".".join(str(p) for p in err["loc"]) or "(top level)"
    if err["type"] == "extra_forbidden":
        return f"{key}: not a setting recordkit knows"
    given = err.get("input")
    shown = f" (given {given!r})" if isinstance(given, (str, int, float, bool)) else ""
    return f"{key}: {err['msg'][:1].lower()}{err['msg'][1:]}{shown}"
