"""Find cases and their files; detect each file's type from its content; hash it."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from recordkit.exceptions import BadArgumentsError
from recordkit.models import FileType
from recordkit.own_outputs import is_output_tree, is_own_output

log = logging.getLogger(__name__)

IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class FoundFile:
    """A file under a case folder; `problem` is set for links that cannot be followed."""

    path: Path
    rel: str
    problem: str | None = None
    own_output: bool = False


@dataclass(frozen=True)
class Case:
    """One patient folder."""

    case_id: str
    root: Path


def _is_document(entry: Path) -> bool:
    return (
        entry.name not in IGNORED_NAMES
        and not entry.name.startswith(".")
        and (entry.is_file() or (entry.is_symlink() and not entry.is_dir()))
        and not is_own_output(entry)
    )


def find_cases(inputs: list[Path]) -> list[Case]:
    """Resolve INPUT folders to cases.

    A folder with document files directly inside is one patient; a folder with only
    subfolders holds one patient per subfolder. The case id is the folder's name.
    """
    cases: list[Case] = []
    for folder in inputs:
        entries = sorted(folder.iterdir())
        if any(_is_document(e) for e in entries):
            cases.append(Case(folder.resolve().name, folder))
        else:
            cases.extend(_patient_folders(entries))
    seen: dict[str, Path] = {}
    for case in cases:
        if case.case_id in seen:
            raise BadArgumentsError(
                f"two patient folders are both named {case.case_id!r}: "
                f"{seen[case.case_id]} and {case.root}"
            )
        seen[case.case_id] = case.root
    return sorted(cases, key=lambda c: c.case_id)


def _patient_folders(entries: list[Path]) -> list[Case]:
    """The subfolders that are patients: not hidden, not an earlier run's output folder."""
    cases = []
    for entry in entries:
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        if is_output_tree(entry):
            log.warning("skipped %s: it holds only recordkit's own outputs", entry)
            continue
        cases.append(Case(entry.name, entry))
    return cases


OUTSIDE = "points outside the folder"
UNLISTED = "a folder that cannot be listed"


def _rel_name(entry: Path, root: Path) -> str:
    """The path relative to the case folder; bytes that are not UTF-8 are shown escaped."""
    rel = entry.relative_to(root).as_posix()
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


_ESCAPED_BYTE = re.compile(r"\\x([0-9a-f]{2})")


def file_path(root: Path, rel: str) -> Path:
    r"""The file a manifest path names, found again to be opened.

    `rel` itself, or, when no file has that name, `rel` with the bytes `_rel_name` escaped
    put back (a name that is not UTF-8, listed as `M\xfcller.txt`).
    """
    path = root / rel
    if "\\x" not in rel or path.exists() or path.is_symlink():
        return path
    parts = _ESCAPED_BYTE.split(rel)  # text, byte, text, byte, ..., text
    raw = b"".join(
        bytes([int(part, 16)]) if k % 2 else part.encode("utf-8") for k, part in enumerate(parts)
    )
    return root / os.fsdecode(raw)


def walk_case(root: Path) -> list[FoundFile]:
    """Every file under `root`, sorted, each once.

    Symbolic links are followed only while they stay inside the case folder; a link that
    leads out of it (to /etc/passwd, to another patient) is listed with a reason and never
    read. Loops and dead links are reported too, and so is a folder that cannot be listed
    (no permission): its files are unknown, the rest of the case is read.
    """
    found: list[FoundFile] = []
    real_root = root.resolve()

    def visit(folder: Path) -> None:
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as e:  # listed with its reason; the rest of the case is read
            rel = "." if folder == root else _rel_name(folder, root)
            found.append(FoundFile(folder, rel, f"{UNLISTED}: {e.strerror or type(e).__name__}"))
            return
        for entry in entries:
            rel = _rel_name(entry, root)
            if entry.name in IGNORED_NAMES:
                continue
            if entry.is_symlink():
                problem = _link_problem(entry, real_root)
                if problem:
                    found.append(FoundFile(entry, rel, problem))
                    continue
            if entry.is_dir():
                visit(entry)
            elif entry.is_file():
                found.append(FoundFile(entry, rel, own_output=is_own_output(entry)))
            else:
                found.append(FoundFile(entry, rel, "not a regular file"))

    visit(root)
    return found


def _link_problem(entry: Path, real_root: Path) -> str | None:
    """Why a path reached through a link must not be followed, or None."""
    try:
        target = entry.resolve(strict=True)
    except RuntimeError:
        return "symbolic link loop"
    except OSError as e:
        return "symbolic link loop" if e.errno == errno.ELOOP else "broken symbolic link"
    if target != real_root and real_root not in target.parents:
        return OUTSIDE
    if target.is_dir():  # the folder is (or will be) walked by its own name
        return "symbolic link loop (points back into the tree)"
    return None


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_MAGIC: list[tuple[bytes, FileType]] = [
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
]
_BMP_INFO_SIZES = {12, 40, 52, 56, 64, 108, 124}  # the header sizes a BMP can have


def _is_bmp(head: bytes) -> bool:
    """'BM', then a header whose size is one a BMP has: a text 'BMT clinic note' is not one."""
    return (
        head.startswith(b"BM")
        and len(head) >= 18
        and int.from_bytes(head[14:18], "little") in _BMP_INFO_SIZES
    )


def detect_type(path: Path) -> tuple[FileType, str | None]:
    """Detect a file's type from its bytes; return (type, note) where note explains oddities."""
    with path.open("rb") as f:
        head = f.read(8192)
    if not head:
        return "unknown", "zero-byte file"
    if b"%PDF-" in head[:1024]:
        return "pdf", None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind, None
    if _is_bmp(head):
        return "bmp", None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp", None
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as z:
                if "word/document.xml" in z.namelist():
                    return "docx", None
        except zipfile.BadZipFile:
            return "docx" if path.suffix.lower() == ".docx" else "unknown", "damaged ZIP container"
        return "unknown", "a ZIP archive that is not a Word document"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "unknown", "legacy Microsoft Office (OLE) file; save it as .docx or PDF"
    if _looks_like_text(head):
        return "text", None
    return "unknown", "binary content of an unrecognised type"


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(head.count(c) for c in _CONTROLS)
    if controls * 100 > len(head):  # text in any 8-bit encoding has (almost) none
        return False
    if controls == 0 and _utf8(head):
        return True
    from charset_normalizer import from_bytes  # only for text that is not plain UTF-8

    best = from_bytes(head).best()
    return best is not None and best.percent_chaos < 20


_CONTROLS = [bytes([c]) for c in range(32) if c not in (9, 10, 12, 13)]


def _utf8(head: bytes) -> bool:
    """Valid UTF-8, allowing the file's first bytes to end inside a character."""
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes in any common encoding; return (text, encoding)."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnicodeDecodeError("unknown", data[:1], 0, 1, "no encoding fits")
    return str(best), best.encoding


def file_size(path: Path) -> int:
    """Size in bytes, following links."""
    return os.stat(path).st_size
