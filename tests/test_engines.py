"""Choosing the search engine: ``ingest --engine``, ``QANOON_ENGINE``, and an index that keeps
the engine it was written with. The behaviour of each engine is in test_backend_contract.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from qanoon.cli import cli
from qanoon.indexer.backend import recorded_engine
from qanoon.search import Library

from tests.conftest import FIXTURES

pytest.importorskip("tantivy", reason="the tantivy engine is not installed (pip install 'qanoon[tantivy]')")


def invoke(home: Path, *args: str):
    return CliRunner().invoke(cli, ["--home", str(home), *args])


def test_ingest_with_engine_tantivy_makes_a_tantivy_home_that_searches(tmp_path: Path) -> None:
    home = tmp_path / "h"
    result = invoke(home, "ingest", "--engine", "tantivy", str(FIXTURES / "sample-act-2021.txt"))
    assert result.exit_code == 0, result.output
    assert recorded_engine(home / "index") == "tantivy"
    found = invoke(home, "search", "punishment for trafficking a child")
    assert found.exit_code == 0 and "Prevention of Trafficking in Persons Act, 2018" in found.output
    # the same answer as a Whoosh home gives first
    whoosh = invoke(tmp_path / "w", "search", "punishment for trafficking a child")
    assert found.output.splitlines()[0] == whoosh.output.splitlines()[0]


def test_a_home_keeps_its_engine_and_changing_it_takes_a_rebuild(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert invoke(home, "list").exit_code == 0               # a new home: Whoosh by default
    assert recorded_engine(home / "index") == "whoosh"
    refused = invoke(home, "ingest", "--engine", "tantivy", str(FIXTURES / "sample-act-2021.txt"))
    assert refused.exit_code == 1
    assert refused.output.strip().endswith("this index uses the whoosh engine; to move it to tantivy: "
                                           "qanoon ingest --rebuild --engine tantivy PATH...")
    moved = invoke(home, "ingest", "--rebuild", "--engine", "tantivy", str(FIXTURES / "sample-act-2021.txt"))
    assert moved.exit_code == 0, moved.output
    assert recorded_engine(home / "index") == "tantivy"
    # a later rebuild without --engine keeps the home's engine
    assert invoke(home, "ingest", "--rebuild", str(FIXTURES / "sample-act-2021.txt")).exit_code == 0
    assert recorded_engine(home / "index") == "tantivy"
    assert "Sample" in invoke(home, "list").output


def test_qanoon_engine_sets_the_engine_of_a_new_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QANOON_ENGINE", "tantivy")
    Library(tmp_path / "h")
    assert recorded_engine(tmp_path / "h" / "index") == "tantivy"
    monkeypatch.setenv("QANOON_ENGINE", "lucene")
    result = invoke(tmp_path / "other", "list")
    assert result.exit_code == 1 and "unknown search engine 'lucene'; use one of: whoosh, tantivy" in result.output


def test_a_search_reads_the_same_knowledge_base_through_either_engine(tmp_path: Path) -> None:
    whoosh, tantivy = Library(tmp_path / "w"), Library(tmp_path / "t", engine="tantivy")
    for query in ("PTPA s 3", "bonded labour", "minimum age of marriage in Sindh"):
        a, b = whoosh.search(query), tantivy.search(query)
        assert a.total == b.total
        assert {h.id for h in a.hits[:3]} & {h.id for h in b.hits[:3]}


def test_a_tantivy_home_without_tantivy_installed_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "h"
    Library(home, engine="tantivy")
    monkeypatch.setitem(sys.modules, "tantivy", None)   # as if the extra were not installed
    result = invoke(home, "search", "bonded labour")
    assert result.exit_code == 1
    assert result.output.strip().endswith("the tantivy engine is not installed; install it with: pip install 'qanoon[tantivy]'")
