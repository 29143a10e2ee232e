"""The rule patterns' compiled programs kept between runs (`recordkit.pattern_store`).

A kept program must give the very Pattern `re.compile` gives, a second process must use the
kept programs instead of compiling, nothing of a document's own text may be written, and a
bad or foreign store file must cost only the time to compile afresh.
"""

from __future__ import annotations

import _sre
import json
import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from recordkit.pattern_store import MADE_BY, PatternStore, program

LETTER = """Haematology clinic letter, 14/06/2023
Patient: Orla Vantreese
Diagnosis: acute myeloid leukaemia (NPM1 mutated), diagnosed 02/02/2021.
She received FLAG-Ida x2 and an allogeneic stem cell transplant on 19/04/2023.
Day +41  29/05/2023: bone marrow blasts 3%, donor chimerism 96%, NPM1 MRD 0.8%.
Hb 98 g/L, WBC 3.4 x10^9/L, platelets 88 x10^9/L.
Impression: molecular relapse. Plan: donor lymphocyte infusion.
"""

# one process: extract LETTER with the store at argv[1], write it back, print what it did
RUN = """
import json, sys
from pathlib import Path
from recordkit.pattern_store import save_patterns, store, use_store
use_store(Path(sys.argv[1]))
from tests.conftest import facts_from_text
facts = facts_from_text({"letter.txt": sys.argv[2]})
grew = store().grew
save_patterns()
print(json.dumps({"grew": grew, "facts": facts.model_dump_json()}))
"""


def _extract_in_new_process(path: Path) -> dict:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(path), LETTER],
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, bytes, dict]:
    path = tmp_path_factory.mktemp("store") / "patterns.bin"
    first = _extract_in_new_process(path)
    written = path.read_bytes()
    second = _extract_in_new_process(path)
    return path, first, written, second


def test_kept_programs_give_the_patterns_re_compile_gives(two_runs) -> None:
    _, first, written, _ = two_runs
    assert first["grew"]
    made_by, programs = marshal.loads(written)
    assert made_by == MADE_BY
    assert len(programs) > 500  # the rule files' patterns, not a handful
    for (pattern, flags), kept in programs.items():
        ours, theirs = _sre.compile(pattern, *kept), re.compile(pattern, flags)
        assert (ours.flags, ours.groups, ours.groupindex) == (
            theirs.flags,
            theirs.groups,
            theirs.groupindex,
        ), pattern
        assert [m.span() for m in ours.finditer(LETTER)] == [
            m.span() for m in theirs.finditer(LETTER)
        ], pattern


def test_a_second_process_compiles_nothing_and_finds_the_same(two_runs) -> None:
    path, first, written, second = two_runs
    assert not second["grew"]
    assert path.read_bytes() == written  # nothing new, nothing written
    assert second["facts"] == first["facts"]
    facts = json.loads(first["facts"])
    assert any(m["analyte"] == "blasts" and m["value"] == 3.0 for m in facts["measurements"])


def test_no_document_text_is_kept_and_the_file_is_private(two_runs) -> None:
    path, _, written, _ = two_runs
    _, programs = marshal.loads(written)
    for pattern, _flags in programs:
        for text in ("29/05/2023", "19/04/2023", "Vantreese", "Orla"):
            assert text not in pattern
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_store_of_another_python_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "patterns.bin"
    other = ("2.7.18", MADE_BY[1], MADE_BY[2])
    path.write_bytes(marshal.dumps((other, {("x+", 0): program("y", 0)})))
    store = PatternStore(path)
    assert store.programs == {}
    assert store.compile("x+").fullmatch("xxx")


@pytest.mark.parametrize("damage", ["truncated", "not marshal", "refused program"])
def test_a_damaged_store_costs_only_a_fresh_compile(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "patterns.bin"
    bogus = (32, [1, 2, 3], 0, {}, ())  # code `_sre` rejects as invalid
    good = marshal.dumps((MADE_BY, {(r"(?P<n>\d+)%", 0): bogus}))
    path.write_bytes(
        {"truncated": good[: len(good) // 2], "not marshal": b"\x00junk", "refused program": good}[
            damage
        ]
    )
    store = PatternStore(path)
    rx = store.compile(r"(?P<n>\d+)%")
    assert rx.search("blasts 12%").group("n") == "12"
    store.save()  # the fresh program replaces the bad one
    assert PatternStore(path).programs[(r"(?P<n>\d+)%", 0)] == program(r"(?P<n>\d+)%", 0)


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = PatternStore(blocker / "patterns.bin")
    assert store.compile("a|b").match("b")
    store.save()  # logged at debug level, not raised: the next process compiles again
    assert store.grew and blocker.read_text() == ""
