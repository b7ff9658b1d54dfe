"""``qanoon fetch`` against a local HTTP server on 127.0.0.1, and offline."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from qanoon.search import Library, QanoonError

from tests.conftest import FIXTURES


@pytest.fixture()
def server(tmp_path: Path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "sample.txt").write_bytes((FIXTURES / "sample-act-2021.txt").read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_downloads_and_ingests_with_provenance(home: Path, server: str) -> None:
    lib = Library(home)
    downloads, report = lib.fetch(urls={"pk/act/2021/sample": f"{server}/sample.txt"})
    assert downloads[0].path and downloads[0].path.parent == home / "downloads"
    assert report is not None and report.by_status("indexed")
    hit = lib.search("sample workshop").hits[0]
    assert hit.instrument_id == "pk/act/2021/sample"
    assert hit.source["retrieved_from"].endswith("/sample.txt") and hit.source["retrieved_on"]


def test_offline_says_so_and_changes_nothing(home: Path) -> None:
    lib = Library(home)
    before = lib.list()
    downloads, report = lib.fetch(urls={"pk/act/2021/sample": "http://127.0.0.1:9/nothing.pdf"}, timeout=2)
    assert report is None and "could not reach" in downloads[0].error
    assert lib.list() == before


def test_fetch_without_targets_is_an_error(home: Path) -> None:
    with pytest.raises(QanoonError, match="nothing to fetch"):
        Library(home).fetch(urls={})
