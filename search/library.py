"""The one library API that the CLI and the web app call: ``Library(home)``.

It opens the index in a home folder, makes sure the embedded knowledge base is indexed, and
offers the public verbs: ``ingest``, ``search``, ``show``, ``list``, ``coverage`` (and the
compare, gaps and brief verbs of later modules). Everything it raises for a user's mistake is a
``QanoonError`` with a one-line message.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from indexer.backend import Backend
from indexer.ingest import IngestReport, Progress, ensure_kb, ingest
from indexer.knowledge import JURISDICTIONS, KnowledgeBase, default
from indexer.store import cache_dir, open_backend
from search.engine import Options, ShowResult, list_instruments, search, show
from search.names import Names
from search.results import SearchResults


class Library:
    """Qanoon over one home folder."""

    def __init__(self, home: str | Path | None = None, *, lock_timeout: float = 0.0) -> None:
        self.home = home
        self.backend: Backend = open_backend(home, lock_timeout=lock_timeout)
        ensure_kb(self.backend)

    @cached_property
    def names(self) -> Names:
        return Names(self.backend)

    @cached_property
    def kb(self) -> KnowledgeBase:
        return default()

    def ingest(self, paths: list[Path], *, overrides: dict[str, Any] | None = None, workers: int | None = None,
               max_bytes: int | None = None, timeout: float | None = 300.0, progress: Progress | None = None) -> IngestReport:
        kwargs: dict[str, Any] = {}
        if max_bytes:
            kwargs["max_bytes"] = max_bytes
        report = ingest(paths, self.backend, cache_dir=cache_dir(self.home), overrides=overrides, workers=workers,
                        timeout=timeout, progress=progress, kb=self.kb, **kwargs)
        self.__dict__.pop("names", None)
        return report

    def rebuild(self) -> None:
        """Empty the index (full texts included) and index the knowledge base again."""
        self.backend.clear()
        ensure_kb(self.backend)
        self.__dict__.pop("names", None)

    def search(self, query: str, opts: Options | None = None) -> SearchResults:
        return search(self.backend, query, opts, names=self.names)

    def show(self, what: str, opts: Options | None = None) -> ShowResult:
        return show(self.backend, what, opts, names=self.names)

    def list(self, jurisdiction: tuple[str, ...] = (), type: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        return list_instruments(self.backend, jurisdiction=jurisdiction, type=type)

    def coverage(self) -> dict[str, Any]:
        """Instruments per jurisdiction and type, with the recorded absences (``no_law``)."""
        table: dict[str, dict[str, int]] = {j: {} for j in JURISDICTIONS}
        for inst in self.list():
            row = table.setdefault(inst["jurisdiction"], {})
            row[inst["type"]] = row.get(inst["type"], 0) + 1
        absences: dict[str, list[str]] = {}
        for n in self.kb.no_law:
            absences.setdefault(n.jurisdiction, []).append(n.topic)
        return {"counts": table, "no_law": absences, "labels": dict(JURISDICTIONS)}
