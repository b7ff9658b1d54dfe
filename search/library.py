"""The one library API that the CLI and the web app call: ``Library(home)``.

It opens the index in a home folder, makes sure the embedded knowledge base is indexed, and
offers the public verbs: ``ingest``, ``search``, ``show``, ``list``, ``coverage`` (and the
compare, gaps and brief verbs of later modules). Everything it raises for a user's mistake is a
``QanoonError`` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qanoon.indexer.backend import Backend
from qanoon.indexer.corpus_format import CORPUS_DIR
from qanoon.indexer.errors import QueryError
from qanoon.indexer.home import resolve_home
from qanoon.indexer.jurisdictions import JURISDICTIONS, resolve, resolve_all
from qanoon.indexer.kb_index import KB_SUFFIXES, corpus_hash, ensure_kb
from qanoon.indexer.store import (
    cache_dir,
    choose_engine,
    index_lock,
    new_staging,
    open_backend,
    save_template,
    seed_from_template,
    stale_knowledge_base_only,
    swap_in,
)
from qanoon.search.answers import direct_answer
from qanoon.search.derived import cached, tree_stamp
from qanoon.search.engine import Options, ShowResult, list_instruments, search, show
from qanoon.search.names import Names
from qanoon.search.results import Hit, SearchResults

if TYPE_CHECKING:   # imported when a command needs them, not to search: a search on a cold start
    # spent a third of its imports on the readers, the downloader, the gap finders and the planner
    from qanoon.indexer.fetch import Download
    from qanoon.indexer.ingest import IngestReport, Progress
    from qanoon.indexer.knowledge import KnowledgeBase
    from qanoon.search.applicability import Applicability
    from qanoon.search.checklist import Checklist
    from qanoon.search.compare import Comparison, Pairing
    from qanoon.search.gaps import Flag
    from qanoon.search.plan import Plan


def kb_digest() -> str:
    """The embedded knowledge base's ``corpus_hash``, kept under its files' stamp: reading and
    hashing its ~120 files cost a cold search about 4 ms."""
    return cached("corpus-hash", tree_stamp(CORPUS_DIR, KB_SUFFIXES), lambda: corpus_hash(CORPUS_DIR))


class Library:
    """Qanoon over one home folder."""

    def __init__(self, home: str | Path | None = None, *, lock_timeout: float = 0.0, index: Path | None = None,
                 engine: str | None = None) -> None:
        """The home's index, or the index in ``index`` (a rebuild's staging folder); ``engine``
        is the search engine a new index gets (``indexer.store.choose_engine``)."""
        self.home = home
        self._digest = digest = kb_digest()
        self._names: tuple[object, Names] | None = None
        if index is None and stale_knowledge_base_only(home):
            with Library.rebuilt(home, lock_timeout=max(lock_timeout, 30.0)):
                pass
        if index is None:
            seed_from_template(home, digest, choose_engine(home, engine))
        self.backend: Backend = open_backend(home, lock_timeout=lock_timeout, folder=index, engine=engine)
        if ensure_kb(self.backend, digest=digest) and len(list(self.backend.records(record="instrument"))) == len(self.kb.instruments):
            save_template(home, digest, source=index)

    @classmethod
    @contextmanager
    def rebuilt(cls, home: str | Path | None = None, *, lock_timeout: float = 0.0, engine: str | None = None) -> Iterator[Library]:
        """A Library on a new, empty index (the knowledge base only) built beside the home's
        index, which takes its place when the block ends without an error. Until then searches
        read the old index, whose write lock is held so that no ingest writes to what is about
        to be replaced; after an error or a kill, the old index is as it was. The new index
        keeps the home's engine unless ``engine`` names another."""
        digest = kb_digest()
        engine = engine or choose_engine(home)
        with index_lock(home, lock_timeout):
            staging = new_staging(home, digest, engine)
            try:
                lib = cls(home, lock_timeout=lock_timeout, index=staging, engine=engine)
                yield lib
                swap_in(home, staging)
            finally:
                import shutil  # only to rebuild: a search does not import it

                shutil.rmtree(staging, ignore_errors=True)

    @property
    def names(self) -> Names:
        """The names of every instrument in the index, remade when the index changes, by this
        process or another (a web app serving while ``qanoon ingest`` adds a law), and kept
        between runs until then (normalising them took a quarter of a cold search)."""
        generation = self.backend.generation()
        kept = self._names
        if kept is None or kept[0] != generation:
            kept = self._names = (generation, cached("names", f"{self._digest}:{generation}", lambda: Names(self.backend),
                                                     folder=resolve_home(self.home) / "cache"))
        return kept[1]

    @cached_property
    def kb(self) -> KnowledgeBase:
        """The parsed knowledge base (a search reads its flags and names from the cache, and
        does not import the model's classes)."""
        from qanoon.indexer.knowledge import default

        return cached("kb", self._digest, default)

    def ingest(self, paths: list[Path], *, overrides: dict[str, Any] | None = None, workers: int | None = None,
               max_bytes: int | None = None, timeout: float | None = 300.0, progress: Progress | None = None,
               ocr: bool = True, ocr_lang: str = "eng") -> IngestReport:
        from qanoon.indexer.ingest import ingest

        kwargs: dict[str, Any] = {}
        if max_bytes:
            kwargs["max_bytes"] = max_bytes
        report = ingest(paths, self.backend, cache_dir=cache_dir(self.home), overrides=overrides, workers=workers,
                        timeout=timeout, progress=progress, kb=self.kb, ocr=ocr, ocr_lang=ocr_lang, **kwargs)
        return report

    def fetch(self, ids: tuple[str, ...] = (), urls: dict[str, str] | None = None, timeout: float = 30.0,
              progress: Any = None) -> tuple[list[Download], IngestReport | None]:
        """Download the official texts the knowledge base points to (all, or ``ids``, or the
        explicit ``urls``) into the home folder, then ingest what arrived."""
        from qanoon.indexer.fetch import fetch_all

        if urls is None:
            wanted = {self.names.resolve(i) or i for i in ids}
            urls = {i.id: i.source_url for i in self.kb.instruments
                    if i.source_url.startswith("http") and (not ids or i.id in wanted)}
        downloads = fetch_all(urls, resolve_home(self.home) / "downloads", progress, timeout)
        paths = [d.path for d in downloads if d.path]
        return downloads, (self.ingest(paths) if paths else None)

    def search(self, query: str, opts: Options | None = None) -> SearchResults:
        results = search(self.backend, query, opts, names=self.names)
        for hit in results.hits:
            hit.flags = self.flags_for(hit)[:5]
        if not (opts and opts.plain) and (answer := direct_answer(self, query)):
            results.answer = answer.to_dict()
        return results

    def show(self, what: str, opts: Options | None = None) -> ShowResult:
        return show(self.backend, what, opts, names=self.names)

    def list(self, jurisdiction: tuple[str, ...] = (), type: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        return list_instruments(self.backend, jurisdiction=resolve_all(jurisdiction), type=type)

    @cached_property
    def flags(self) -> list[Flag]:
        from qanoon.search.gaps import find_gaps

        return cached("flags", self._digest, lambda: find_gaps(self.kb))

    def compare(self, topic: str, jurisdictions: tuple[str, ...] = ()) -> Comparison:
        from qanoon.search.compare import compare_topic, resolve_topic

        return compare_topic(self.kb, resolve_topic(topic, self.kb), self.backend, resolve_all(jurisdictions))

    def compare_instruments(self, a: str, b: str, topic: str | None = None) -> Pairing:
        from qanoon.search.compare import compare_instruments, resolve_topic

        return compare_instruments(self.kb, self.names, a, b, resolve_topic(topic, self.kb) if topic else None)

    def gaps(self, topic: str | None = None, jurisdictions: tuple[str, ...] = (), kinds: tuple[str, ...] = ()) -> list[Flag]:
        """The flags, optionally on one topic (or subject area), for some jurisdictions, of some kinds."""
        from qanoon.search.applicability import load_model
        from qanoon.search.compare import resolve_topic
        from qanoon.search.gaps import KINDS, find_gaps

        unknown = [k for k in kinds if k.lower() not in KINDS]
        if unknown:
            raise QueryError(f"'{unknown[0]}' is not a kind of gap; use one of: {', '.join(KINDS)}")
        area = load_model().areas.get(topic.strip().lower()) if topic else None
        topics = area.topics if area else ((resolve_topic(topic, self.kb),) if topic else ())
        flags = [f for f in self.flags if (not topics or f.topic in topics)]
        return find_gaps(self.kb, jurisdictions=resolve_all(jurisdictions, pakistan_only=True),
                         kinds=tuple(k.lower() for k in kinds), flags=flags)

    def plan(self, jurisdiction: str, topic: str | None = None) -> Plan:
        """The legislative action plan for one jurisdiction's House, from its flags (on a topic or area)."""
        from qanoon.search.plan import build_plan

        return build_plan(self.kb, resolve(jurisdiction, pakistan_only=True), self.gaps(topic), topic or "")

    def checklist(self, jurisdiction: str, area: str) -> Checklist:
        from qanoon.search.checklist import checklist

        return checklist(self.kb, resolve(jurisdiction, pakistan_only=True), area.strip().lower())

    def applicable(self, jurisdiction: str, topic: str) -> Applicability:
        """Which law governs ``topic`` (or a subject area) in ``jurisdiction``, and on what basis."""
        from qanoon.search.applicability import applicable, load_model
        from qanoon.search.compare import resolve_topic

        area = load_model().areas.get(topic.strip().lower())
        return applicable(self.kb, resolve(jurisdiction, pakistan_only=True), area.id if area else resolve_topic(topic, self.kb))

    def flags_for(self, hit: Hit) -> list[dict[str, Any]]:
        """The flags, as dictionaries, that cite this provision (or the section it belongs to)
        as evidence: a flag about a law's age limit belongs on the provision that sets it, not on
        every provision of that law on the same topic."""
        return self.flags_by_section.get((hit.instrument_id, hit.eid.split("__")[0]), [])

    @cached_property
    def flags_by_section(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """Flags by the (instrument, section) their evidence cites, in flag order; coverage
        flags are about other jurisdictions and belong on no provision. Kept between runs as
        plain dictionaries, each made once and shared by every section it cites: a search then
        neither works out nor unpickles the flags, nor imports the code that finds them."""

        def by_section() -> dict[tuple[str, str], list[dict[str, Any]]]:
            out: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for f in self.flags:
                if f.kind == "coverage":
                    continue
                d = f.to_dict()
                for key in dict.fromkeys((e.instrument_id, e.eid.split("__")[0]) for e in f.evidence if e.eid):
                    out.setdefault(key, []).append(d)
            return out

        return cached("flags-by-section", self._digest, by_section)

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
