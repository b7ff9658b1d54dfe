"""What is derived from the knowledge base and the index, kept between runs: the parsed
``KnowledgeBase``, the gap flags and the table of instrument names. Parsing ~100 TOML files,
working out every flag and normalising every name took most of a cold ``qanoon search`` (which
shows each hit's flags); each depends only on ``corpus/`` (and the names on the index) and on
the code that reads them, so they are pickled once under a key made of those, and a change to
any makes new ones. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's own source: derived data made by other code is not reused."""
    h = hashlib.sha256()
    for part in ("indexer", "search"):
        for path in sorted((_PACKAGE / part).rglob("*.py")):
            h.update(path.read_bytes())
    return h.hexdigest()


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qanoon" / "derived"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def cached(name: str, key: str, make: Callable[[], T], *, folder: Path | None = None) -> T:
    """``make()``, or the value it gave before for the same ``key`` (what the value is made
    from: the knowledge base's digest, an index's generation) and code. Values are kept in the
    machine's cache folder, one file per key; or, given a ``folder`` (a home's own cache), in one
    file there that a new key replaces: a home's names are remade after each ingest, and go
    with the home when it is deleted."""
    full = _digest(f"{key}:{code_fingerprint()}")
    path = folder / f"{name}.pickle" if folder else cache_folder() / f"{name}-{full}.pickle"
    try:
        with path.open("rb") as fh:
            kept, value = pickle.load(fh)
        if kept == full:
            return value
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        pass
    value = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((full, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
