"""What is derived from the knowledge base and the index, kept between runs: the parsed
``KnowledgeBase``, the gap flags and the table of instrument names. Parsing ~100 TOML files,
working out every flag and normalising every name took most of a cold ``qanoon search`` (which
shows each hit's flags); each depends only on ``corpus/`` (and the names on the index) and on
the code that reads them, so they are pickled once under a key made of those, and a change to
any makes new ones. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent.parent


def file_stamp(paths: Iterable[Path]) -> str:
    """Each file's path, size and modification time: what Python's own bytecode cache trusts to
    tell that a source file is unchanged, at a fraction of the cost of reading and hashing the
    files at every start."""
    return "\n".join(_stamp(str(path), path.stat()) for path in sorted(paths))


def _stamp(path: str, st: os.stat_result) -> str:
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def tree_stamp(folder: Path, suffixes: tuple[str, ...]) -> str:
    """``file_stamp`` of every file under ``folder`` whose name ends in one of ``suffixes``,
    walked with ``os.scandir``: a cold start stamps the knowledge base and the package's own
    source, and listing them through ``pathlib`` took three times as long."""
    parts, pending = [], [str(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.name.endswith(suffixes) and entry.is_file():
                    parts.append(_stamp(entry.path, entry.stat()))
    return "\n".join(sorted(parts))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The stamp of the package's own source: derived data made by other code is not reused."""
    return "\n".join(tree_stamp(_PACKAGE / part, (".py",)) for part in ("indexer", "search"))


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qanoon" / "derived"


def cached(name: str, key: str, make: Callable[[], T], *, folder: Path | None = None) -> T:
    """``make()``, or the value it gave before for the same ``key`` (what the value is made
    from: the knowledge base's digest, an index's generation) and code. Values are kept in the
    machine's cache folder, one file per key; or, given a ``folder`` (a home's own cache), in one
    file there that a new key replaces: a home's names are remade after each ingest, and go
    with the home when it is deleted."""
    full = f"{key}\n{code_fingerprint()}"   # kept whole in the file: two keys that share a file name never mix
    path = folder / f"{name}.pickle" if folder else cache_folder() / f"{name}-{zlib.crc32(full.encode()):08x}.pickle"
    try:
        with path.open("rb") as fh:
            kept, value = pickle.load(fh)
        if kept == full:
            return value
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        pass
    value = make()
    try:
        import tempfile  # only to write, which a warm start does not

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((full, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
