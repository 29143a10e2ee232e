"""Seeded mutation fuzzing: damaged PDFs, images and Word files never break a batch.

Each run mutates the same generated documents the same way (fixed seed), so a failure
reproduces. Bounded to a few dozen files so that it takes well under a minute.
"""

from __future__ import annotations

import io
import json
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PIL import Image
from typer.testing import CliRunner

from recordkit.cli import app
from recordkit.models import FileStatus
from tests.conftest import scan_image, text_pdf
from tests.faults_helpers import LETTER

pytestmark = pytest.mark.slow  # whole batches in subprocesses: make test only

SEED = 20261129
MUTANTS_PER_FILE = 4
VALID = set(FileStatus.__args__)  # type: ignore[attr-defined]


def _seeds(tmp: Path) -> dict[str, bytes]:
    text_pdf(tmp / "a.pdf", LETTER.splitlines())
    page = scan_image(["WBC 3.2 x10^9/L", "Platelets 85 x10^9/L"], dpi=100)
    out: dict[str, bytes] = {"letter.pdf": (tmp / "a.pdf").read_bytes()}
    for name, fmt in (("scan.png", "PNG"), ("photo.jpg", "JPEG"), ("fax.tif", "TIFF")):
        buf = io.BytesIO()
        page.save(buf, fmt)
        out[name] = buf.getvalue()
    buf = io.BytesIO()
    Image.new("L", (10, 10), 255).save(buf, "PDF")
    out["image.pdf"] = buf.getvalue()
    d = docx.Document()
    for line in LETTER.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    out["letter.docx"] = buf.getvalue()
    return out


def _flip(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 512))
    return data[:j] + data[i:j] * rng.randint(1, 4) + data[j:]


def _insert(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + rng.randbytes(rng.randint(1, 64)) + data[i:]


def _endstream(rng: random.Random, data: bytes) -> bytes:
    """`endstream` misspelt once: a PDF that readers accept and pypdf cannot copy."""
    if b"endstream" not in data:
        return _flip(rng, data)
    return data.replace(b"endstream", b"endsvream", 1)


def _keyword(rng: random.Random, data: bytes) -> bytes:
    """One structural keyword misspelt once."""
    pairs = [(b"endstream", b"endsvream"), (b"endobj", b"endobk"), (b"xref", b"xreg")]
    present = [(old, new) for old, new in pairs if old in data]
    if not present:
        return _flip(rng, data)
    old, new = rng.choice(present)
    return data.replace(old, new, 1)


def _zero(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    n = rng.randint(1, 256)
    return data[:i] + b"\x00" * n + data[i + n :]


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    _endstream,
    _flip,
    _truncate,
    _duplicate,
    _insert,
    _keyword,
    _zero,
]


def _fuzz_cases(base: Path) -> dict[str, list[str]]:
    rng = random.Random(SEED)
    cases: dict[str, list[str]] = {}
    for n, (name, data) in enumerate(sorted(_seeds(base.parent).items())):
        case = base / f"case-{n % 3}"
        case.mkdir(parents=True, exist_ok=True)
        stem, ext = name.rsplit(".", 1)
        others = [m for m in MUTATIONS if m is not _endstream]
        for m, mutate in enumerate([_endstream, *rng.sample(others, MUTANTS_PER_FILE - 1)]):
            fname = f"{stem}-{m}-{mutate.__name__.strip('_')}.{ext}"
            (case / fname).write_bytes(mutate(rng, data))
            cases.setdefault(case.name, []).append(fname)
    return cases


def test_mutated_documents_never_break_the_batch(tmp_path: Path, monkeypatch) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    cases = _fuzz_cases(tmp_path / "in")
    out = tmp_path / "out"
    args = ["process", str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "-q"]
    r = CliRunner().invoke(app, [*args, "--pipeline", "english-fast", "--no-cache"])
    assert r.exit_code in (0, 4), r.output
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    for case, names in cases.items():
        manifest = json.loads((out / case / "manifest.json").read_text())
        listed = {f["path"]: f for f in manifest["files"]}
        assert set(listed) == set(names), "every file is accounted for, once"
        for f in listed.values():
            assert f["status"] in VALID
            assert f["status"] == "ok" or f["reason"], f
        assert (out / case / "events.json").is_file() or manifest["errors"]
    assert not list(out.rglob("*.tmp*")), "no temporary output left"
    assert not [p for p in temp.rglob("*") if p.is_file()], "no temporary page image left"
    assert not list(temp.glob("recordkit-*")), "the run's temporary folder is removed"
