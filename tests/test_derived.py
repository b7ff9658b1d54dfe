"""What is derived from the knowledge base is kept between runs, and remade when the
knowledge base or the code changes (issue 19: cold search)."""

from __future__ import annotations

from pathlib import Path

import pytest
from qanoon.search import derived


def test_a_value_is_made_once_per_knowledge_base_and_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made: list[int] = []

    def make() -> dict[str, int]:
        made.append(1)
        return {"flags": len(made)}

    assert derived.cached("flags", "corpus-1", make) == {"flags": 1}
    assert derived.cached("flags", "corpus-1", make) == {"flags": 1} and len(made) == 1   # read back, not made again
    assert derived.cached("flags", "corpus-2", make) == {"flags": 2}                       # another knowledge base
    monkeypatch.setattr(derived, "code_fingerprint", lambda: "other code")
    assert derived.cached("flags", "corpus-1", make) == {"flags": 3}                       # other code


def test_a_damaged_or_unwritable_cache_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    derived.cached("kb", "c", lambda: [1, 2])
    for path in (tmp_path / "qanoon" / "derived").glob("kb-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert derived.cached("kb", "c", lambda: [3]) == [3]
    (tmp_path / "qanoon" / "derived").chmod(0o500)
    try:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "qanoon" / "derived" / "no" / "such"))
        assert derived.cached("kb", "c", lambda: [4]) == [4]
    finally:
        (tmp_path / "qanoon" / "derived").chmod(0o700)


def test_the_library_reads_its_flags_from_the_cache(kb_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qanoon.search import Library, library

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = Library(kb_home).flags
    monkeypatch.setattr(library, "find_gaps", lambda *a, **k: pytest.fail("flags worked out again"))
    again = Library(kb_home).flags
    assert [f.id for f in again] == [f.id for f in first] and again
