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
    from qanoon.search import Library, gaps

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = Library(kb_home)
    hit = first.search("punishment for trafficking a child").hits[0]
    assert hit.flags
    monkeypatch.setattr(gaps, "find_gaps", lambda *a, **k: pytest.fail("flags worked out again"))
    again = Library(kb_home)
    assert again.search("punishment for trafficking a child").hits[0].flags == hit.flags
    assert [f.id for f in again.flags] == [f.id for f in first.flags] and again.flags


def test_a_home_folder_keeps_one_value_which_a_new_key_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "machine"))
    home_cache = tmp_path / "home" / "cache"
    assert derived.cached("names", "generation-1", lambda: "one", folder=home_cache) == "one"
    assert derived.cached("names", "generation-1", lambda: "again", folder=home_cache) == "one"
    assert derived.cached("names", "generation-2", lambda: "two", folder=home_cache) == "two"
    assert derived.cached("names", "generation-1", lambda: "one again", folder=home_cache) == "one again"
    assert [p.name for p in home_cache.iterdir()] == ["names.pickle"] and not (tmp_path / "machine").exists()


def test_the_names_are_kept_until_the_index_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qanoon.search import Library, library

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    home = tmp_path / "home"
    assert Library(home).names.resolve("PTPA")
    real = library.Names
    monkeypatch.setattr(library, "Names", lambda *a, **k: pytest.fail("names worked out again"))
    assert Library(home).names.resolve("PTPA")
    # an ingest changes the index: its new law is found by name
    monkeypatch.setattr(library, "Names", real)
    law = tmp_path / "law.md"
    law.write_text("---\nid: pk/act/2031/harbouring\ntitle: The Harbouring of Migrants Act, 2031\njurisdiction: federal\n"
                   "type: act\nyear: 2031\n---\n\n## 1. Short title\n\nThis Act is the Harbouring of Migrants Act.\n",
                   encoding="utf-8")
    Library(home).ingest([law])
    assert str(Library(home).names.resolve("Harbouring of Migrants Act")).startswith("pk/act/2031/harbouring")


def test_a_library_sees_a_law_another_process_ingested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a web app keeps its Library while `qanoon ingest` adds a law: the law is found by name
    from qanoon.search import Library

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    home = tmp_path / "home"
    serving = Library(home)
    assert serving.names.resolve("Harbouring of Migrants Act") is None
    law = tmp_path / "law.md"
    law.write_text("---\ntitle: The Harbouring of Migrants Act, 2031\njurisdiction: federal\ntype: act\nyear: 2031\n---\n\n"
                   "## 1. Short title\n\nThis Act is the Harbouring of Migrants Act.\n", encoding="utf-8")
    Library(home).ingest([law])
    assert str(serving.names.resolve("Harbouring of Migrants Act")).startswith("pk/act/2031/")


def test_a_search_imports_only_what_searching_needs(kb_home: Path) -> None:
    """A cold ``qanoon search`` is mostly imports: the readers, the downloader, the gap finders,
    the planner, the report writers and the knowledge base's model are left to the commands that
    use them, and so are the standard modules only writing an index needs (copying, temporary
    folders, logging a wait) and TOML, which a search reads from the cache instead."""
    import subprocess
    import sys

    code = ("import contextlib, io, sys\nfrom qanoon.cli import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    cli.main(['--home', {str(kb_home)!r}, 'search', 'punishment for trafficking a child'], standalone_mode=False)\n"
            "print(' '.join(sorted(sys.modules)))")
    # twice: the first run may make the caches a search then reads
    for _ in range(2):
        loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert "qanoon.search.engine" in loaded
    unwanted = ("qanoon.indexer.ingest", "qanoon.indexer.fetch", "qanoon.indexer.readers", "qanoon.indexer.ocr",
                "qanoon.indexer.structure", "qanoon.search.gaps", "qanoon.search.plan", "qanoon.search.checklist",
                "qanoon.search.compare", "qanoon.search.applicability", "qanoon.search.reports",
                "qanoon.indexer.knowledge", "qanoon.indexer.models")   # the model classes: a search reads the cache
    assert [m for m in loaded if m.startswith(unwanted)] == []
    assert {"logging", "tempfile", "tomllib"}.isdisjoint(loaded)   # (Whoosh's own file code imports shutil)


def test_a_tree_stamp_covers_every_file_of_its_kinds_and_changes_with_any(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "top.md").write_text("one", encoding="utf-8")
    (tmp_path / "a" / "b" / "deep.toml").write_text("x = 1", encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("not a kind stamped", encoding="utf-8")
    kinds = (".md", ".toml")
    stamp = derived.tree_stamp(tmp_path, kinds)
    assert stamp == derived.file_stamp(p for p in tmp_path.rglob("*") if p.suffix in kinds)   # the same files
    (tmp_path / "a" / "notes.txt").write_text("changed, but not stamped", encoding="utf-8")
    assert derived.tree_stamp(tmp_path, kinds) == stamp
    (tmp_path / "a" / "b" / "deep.toml").write_text("x = 22", encoding="utf-8")             # an edit
    assert (edited := derived.tree_stamp(tmp_path, kinds)) != stamp
    (tmp_path / "a" / "new.md").write_text("", encoding="utf-8")                            # a new file
    assert derived.tree_stamp(tmp_path, kinds) != edited
