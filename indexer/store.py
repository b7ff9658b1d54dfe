"""Open the index and cache of a Qanoon home folder.

A new home starts from a copy of the knowledge-base index built before on this machine (kept
in the user cache, keyed by the knowledge base's content and the schema version), because
indexing the knowledge base from scratch takes seconds and every new home needs the same one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from qanoon.indexer.backend import SCHEMA_VERSION, Backend
from qanoon.indexer.home import resolve_home


def template_dir(kb_hash: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qanoon" / "kb-index"
    return base / f"v{SCHEMA_VERSION}-{kb_hash[:20]}"


def open_backend(home: str | Path | None = None, lock_timeout: float = 0.0) -> Backend:
    from qanoon.indexer.whoosh_backend import WhooshBackend

    return WhooshBackend(resolve_home(home) / "index", lock_timeout=lock_timeout)


def seed_from_template(home: str | Path | None, kb_hash: str) -> bool:
    """Copy the cached knowledge-base index into a home that has no index yet."""
    target = resolve_home(home) / "index"
    source = template_dir(kb_hash)
    if target.exists() or not source.is_dir():
        return False
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".index-"))
    shutil.copytree(source, tmp, dirs_exist_ok=True)
    try:
        os.replace(tmp, target)
    except OSError:  # another process created the index meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    return True


def save_template(home: str | Path | None, kb_hash: str) -> None:
    """Keep a copy of a home's index that holds only the knowledge base, for new homes."""
    source = resolve_home(home) / "index"
    target = template_dir(kb_hash)
    if target.exists() or not source.is_dir():
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tmp-"))
        shutil.copytree(source, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock", "WRITELOCK"))
        os.replace(tmp, target)
    except OSError:
        pass  # a cache is an optimisation; failing to write one changes nothing


def cache_dir(home: str | Path | None = None) -> Path:
    return resolve_home(home) / "cache" / "text"
