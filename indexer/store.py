"""Open the index and cache of a Qanoon home folder."""

from __future__ import annotations

from pathlib import Path

from indexer.backend import Backend
from indexer.home import resolve_home


def open_backend(home: str | Path | None = None, lock_timeout: float = 0.0) -> Backend:
    from indexer.whoosh_backend import WhooshBackend

    return WhooshBackend(resolve_home(home) / "index", lock_timeout=lock_timeout)


def cache_dir(home: str | Path | None = None) -> Path:
    return resolve_home(home) / "cache" / "text"
