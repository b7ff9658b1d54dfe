"""What is derived from the knowledge base, kept between runs: the parsed ``KnowledgeBase`` and
the gap flags. Parsing ~100 TOML files and working out every flag took most of a cold
``qanoon search`` (which shows each hit's flags); both depend only on ``corpus/`` and on the
code that reads it, so they are pickled once per machine under a key made of both, and a change
to either makes new ones. A cache that cannot be read or written is simply not used.
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


def cached(name: str, corpus_digest: str, make: Callable[[], T]) -> T:
    """``make()``, or the value it gave before for the same knowledge base and code."""
    key = hashlib.sha256(f"{corpus_digest}:{code_fingerprint()}".encode()).hexdigest()[:24]
    path = cache_folder() / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError):
        pass
    value = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
