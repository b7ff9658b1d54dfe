"""Open the index and cache of a Qanoon home folder.

A new home starts from a copy of the knowledge-base index built before on this machine (kept
in the user cache, keyed by the knowledge base's content and the schema version), because
indexing the knowledge base from scratch takes seconds and every new home needs the same one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qanoon.indexer.backend import ENGINES, SCHEMA_VERSION, Backend, recorded_engine, schema_is_current
from qanoon.indexer.errors import IndexStateError
from qanoon.indexer.home import resolve_home


def template_dir(kb_hash: str, engine: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qanoon" / "kb-index"
    return base / f"v{SCHEMA_VERSION}-{engine}-{kb_hash[:20]}"


def choose_engine(home: str | Path | None, engine: str | None = None) -> str:
    """The engine of a home: the one its index was written with (an index records it), else
    the one asked for, else ``QANOON_ENGINE``, else Whoosh. Changing a home's engine takes a
    rebuild, which ``open_backend`` says."""
    wanted = engine or os.environ.get("QANOON_ENGINE") or "whoosh"
    if wanted not in ENGINES:
        raise IndexStateError(f"unknown search engine '{wanted}'; use one of: {', '.join(ENGINES)}")
    return recorded_engine(resolve_home(home) / "index") or wanted


def open_backend(home: str | Path | None = None, lock_timeout: float = 0.0, folder: Path | None = None,
                 engine: str | None = None) -> Backend:
    """The index of a home (or the index in ``folder``, a rebuild's staging folder), with the
    engine that wrote it; ``engine`` is the one a new index gets."""
    if folder is None:
        recover_swap(home)
    target = folder or resolve_home(home) / "index"
    recorded = recorded_engine(target)
    if engine and recorded and engine != recorded:
        raise IndexStateError(f"{target}: this index uses the {recorded} engine; to move it to {engine}: "
                              f"qanoon ingest --rebuild --engine {engine} PATH...")
    return backend_class(recorded or engine or choose_engine(home))(target, lock_timeout=lock_timeout)


def stale_knowledge_base_only(home: str | Path | None) -> bool:
    """Whether the home's index was written with another schema and holds nothing but the
    embedded knowledge base: nothing of the user's is lost by making it anew, which opening
    does rather than refuse it (a new release's schema would otherwise stop every home made by
    ``qanoon search`` alone, whose owner has no files to rebuild it from)."""
    index = resolve_home(home) / "index"
    if not index.is_dir() or schema_is_current(index):
        return False
    engine = recorded_engine(index) or "whoosh"
    return engine in ENGINES and backend_class(engine).holds_only_knowledge_base(index)


def backend_class(engine: str) -> type[Backend]:
    if engine == "tantivy":
        from qanoon.indexer.tantivy_backend import TantivyBackend

        return TantivyBackend
    from qanoon.indexer.whoosh_backend import WhooshBackend

    return WhooshBackend


@contextmanager
def index_lock(home: str | Path | None, timeout: float) -> Iterator[None]:
    """Hold the write lock of a home's index (where there is one), without opening it: its
    schema may be one this version cannot read."""
    index = resolve_home(home) / "index"
    if not index.is_dir():
        yield
        return
    if recorded_engine(index) == "tantivy":
        from qanoon.indexer.tantivy_backend import folder_lock
    else:
        from qanoon.indexer.whoosh_backend import folder_lock
    with folder_lock(index, timeout):
        yield


# --- rebuilding beside the live index -------------------------------------------------------
# ``ingest --rebuild`` builds a new index in a staging folder while searches go on reading the
# old one, then exchanges the two folders in one step (Linux renameat2 RENAME_EXCHANGE), so that
# no search ever sees a half-built or missing index and a SIGKILL at any moment leaves the old
# index whole. Where the exchange is not available, two renames are used, and a home whose index
# was moved aside but not replaced (a kill between them) gets it back on the next open.

_STAGING = ".index-rebuild-"
_ASIDE = ".index-old-"


def new_staging(home: str | Path | None, kb_hash: str, engine: str) -> Path:
    """A fresh staging folder beside the index, holding the knowledge-base index where a cached
    one exists (else an empty folder, which opening fills); stale ones of killed rebuilds go."""
    import shutil  # here and below, to build or copy an index: a search imports neither

    root = resolve_home(home)
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob(_STAGING + "*"):
        if not _running(old.name.removeprefix(_STAGING)):
            shutil.rmtree(old, ignore_errors=True)
    staging = root / f"{_STAGING}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    source = template_dir(kb_hash, engine)
    if source.is_dir():
        shutil.copytree(source, staging)
    return staging


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def swap_in(home: str | Path | None, staging: Path) -> None:
    """Put the index built in ``staging`` in place of the home's index, in one step where the
    system allows it; the old index ends in ``staging`` for the caller to remove."""
    index = resolve_home(home) / "index"
    if not index.exists():
        os.rename(staging, index)
        staging.mkdir()
        return
    if _exchange(staging, index):
        return
    aside = index.with_name(f"{_ASIDE}{os.getpid()}")
    os.rename(index, aside)
    os.rename(staging, index)
    os.rename(aside, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 with RENAME_EXCHANGE); False if unsupported."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def recover_swap(home: str | Path | None) -> None:
    """A rebuild killed between its two renames left the index aside: put it back."""
    root = resolve_home(home)
    index = root / "index"
    if index.exists():
        return
    for aside in sorted(root.glob(_ASIDE + "*")):
        try:
            os.rename(aside, index)
            return
        except OSError:
            continue


def seed_from_template(home: str | Path | None, kb_hash: str, engine: str) -> bool:
    """Copy the cached knowledge-base index of ``engine`` into a home that has no index yet."""
    target = resolve_home(home) / "index"
    source = template_dir(kb_hash, engine)
    if target.exists() or not source.is_dir():
        return False
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".index-"))
    shutil.copytree(source, tmp, dirs_exist_ok=True)
    try:
        os.replace(tmp, target)
    except OSError:  # another process created the index meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    return True


def save_template(home: str | Path | None, kb_hash: str, source: Path | None = None) -> None:
    """Keep a copy of a home's index (or of ``source``) that holds only the knowledge base, for new homes."""
    source = source or resolve_home(home) / "index"
    engine = recorded_engine(source)
    if engine is None:
        return
    target = template_dir(kb_hash, engine)
    if target.exists() or not source.is_dir():
        return
    import shutil
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tmp-"))
        shutil.copytree(source, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock", "WRITELOCK", ".tantivy-*"))
        os.replace(tmp, target)
    except OSError:
        pass  # a cache is an optimisation; failing to write one changes nothing


def cache_dir(home: str | Path | None = None) -> Path:
    return resolve_home(home) / "cache" / "text"
