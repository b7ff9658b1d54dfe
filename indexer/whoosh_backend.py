"""The Whoosh implementation of ``indexer.backend.Backend``.

The schema is declared once, with field types chosen by role: ``ID`` for ids and exact
filters, ``KEYWORD`` for topics, ``NUMERIC`` for years and version ranks, ``TEXT`` with the
shared analyzer for what people search, ``STORED`` for what results display. Writes go
through ``transaction()``, which commits on success and cancels on any error, so a failed
ingest leaves the last committed state untouched; Whoosh's write lock is an OS file lock that
dies with its process, so a killed ingest leaves no stale lock behind. Whoosh commits by writing
new segment files and then renaming a new table of contents into place, so a reader sees either
the previous commit or the new one, never a half-written one; files a killed writer left behind
are deleted by the next commit.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from itertools import islice
from pathlib import Path
from typing import Any

from qanoon.indexer import whoosh_files
from qanoon.indexer.analysis import analyzer, terms
from qanoon.indexer.backend import (
    KEYWORD_FIELDS,
    PHRASE_GAP,
    REBUILD_HINT,
    Backend,
    EngineHit,
    EngineResults,
    Query,
    Transaction,
    check_schema,
    closest_words,
    decode,
    merge_should,
    recorded_engine,
    warn_waiting,
    write_schema_file,
)
from qanoon.indexer.corpus_format import KB_DOC
from qanoon.indexer.cover import distinct_words
from qanoon.indexer.errors import IndexStateError
from qanoon.indexer.whoosh_scoring import PAIRED_FIELDS, pair_field, pair_tokens, top_documents
from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.sorting import FieldFacet

whoosh_files.install()   # before any index is opened: segment files are read in place, not copied
MAX_DELETED_SHARE = 0.25


@contextmanager
def folder_lock(folder: Path, timeout: float) -> Iterator[None]:
    """Whoosh's own write lock, taken without opening the index (to create or reset it)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.util.filelock import try_for

    folder.mkdir(parents=True, exist_ok=True)
    lock = FileStorage(str(folder)).lock("MAIN_WRITELOCK")
    if not try_for(lock.acquire, timeout=timeout, delay=0.25):
        raise IndexStateError(f"{folder}: another ingest is writing to this index; try again when it ends (or raise --wait)")
    try:
        yield
    finally:
        lock.release()


def _exists(folder: Path) -> bool:
    try:
        return windex.exists_in(str(folder))
    except Exception as exc:  # a damaged table of contents
        raise IndexStateError(f"{folder}: index cannot be opened ({exc.__class__.__name__}); {REBUILD_HINT}") from None


def make_schema() -> Schema:
    ana = analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        record=ID(stored=True),            # "provision" or "instrument"
        doc_id=ID(stored=True),            # the version: content hash, or "kb"
        instrument_id=ID(stored=True),
        eid=ID(stored=True),
        kind=ID(stored=True),
        number=ID(stored=True),            # top-level section/article number as printed
        unit=STORED,                       # full number, e.g. 3(2)
        jurisdiction=ID(stored=True),
        type=ID(stored=True),
        status=ID(stored=True),
        year=NUMERIC(stored=True),
        version_rank=NUMERIC(stored=True),
        topics=KEYWORD(stored=True, commas=True, lowercase=True),
        title=TEXT(analyzer=ana, stored=True, field_boost=1.0),
        names=TEXT(analyzer=ana, stored=True),
        heading=TEXT(analyzer=ana, stored=True, spelling=True),
        summary=TEXT(analyzer=ana, stored=True),
        body=TEXT(analyzer=ana, stored=True, spelling=True),
        topic_text=TEXT(analyzer=ana),
        data=STORED,                       # JSON: everything else the display needs
        words=STORED,                      # the distinct words, for the coverage check (indexer/cover.py)
        # the word pairs of each phrase field, to match phrases without reading positions
        **{pair_field(f): KEYWORD(commas=True) for f in PAIRED_FIELDS},
    )


class _WhooshTransaction(Transaction):
    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def add(self, record: dict[str, Any]) -> None:
        rec = dict(record)
        rec["data"] = json.dumps(rec.get("data", {}), ensure_ascii=False)
        rec["topics"] = ",".join(rec.get("topics", []))
        rec["words"] = distinct_words(record)
        for f in PAIRED_FIELDS:
            if record.get(f):
                rec[pair_field(f)] = pair_tokens(record[f])
        self.writer.add_document(**{k: v for k, v in rec.items() if v is not None})

    def delete_doc(self, doc_id: str) -> None:
        self.writer.delete_by_term("doc_id", doc_id)


def _or(subqueries: list[wq.Query], boost: float = 1.0) -> wq.Or:
    """A disjunction that loads its matches and scores into one array, sub-query by sub-query.
    Whoosh's default above 5,000 documents, a binary tree of union matchers, spent most of a
    search moving through the tree (``max_quality``, ``replace``) for the same scores."""
    q = wq.Or(subqueries, boost=boost)
    q.matcher_type = wq.Or.ARRAY_MATCHER
    return q


def _merged(clauses: tuple[tuple[str, str, float, bool], ...]) -> list[wq.Query]:
    """The should-clauses as one disjunction of weighted words per text field
    (``backend.merge_should``), then the phrases and keyword clauses: each disjunction is
    loaded separately."""
    weights, kept = merge_should(clauses)
    out = [_or([wq.Term(f, w, boost=b) for w, b in per.items()]) for f, per in weights.items()]
    return out + [c for c in (_clause(*k) for k in kept) if c is not None]


def _clause(field: str, text: str, boost: float, phrase: bool) -> wq.Query | None:
    if field in KEYWORD_FIELDS - {"topics"}:
        return wq.Term(field, text, boost=boost)
    if field == "topics":
        return wq.Term(field, text.lower(), boost=boost)
    words = terms(text)
    if not words:
        return None
    if phrase and len(words) > 1:
        return wq.Phrase(field, words, slop=PHRASE_GAP + 1, boost=boost)  # Whoosh counts 1 as adjacent
    if len(words) == 1:
        return wq.Term(field, words[0], boost=boost)
    return _or([wq.Term(field, w) for w in words], boost=boost)


def _folder_identity(folder: Path) -> int:
    """The index folder's inode: a rebuild exchanges folders, which a generation number alone
    may not show (the new index can be at the same generation as the old one)."""
    try:
        return os.stat(folder).st_ino
    except OSError:
        return 0


class WhooshBackend(Backend):
    """A Whoosh index in ``folder`` (created on first use)."""

    def __init__(self, folder: Path, lock_timeout: float = 0.0) -> None:
        from whoosh.scoring import BM25F

        # Headings are a few words and summaries vary in length for reasons unrelated to
        # relevance, so their length counts for less than in body text.
        self.weighting = BM25F(B=0.75, K1=1.2, heading_B=0.3, summary_B=0.3, title_B=0.2, names_B=0.2)
        self._plain = BM25F()             # Whoosh's defaults, for the baseline benchmarks
        self._local = threading.local()   # searchers are not shared between threads
        self.folder = folder
        self.lock_timeout = lock_timeout
        if recorded_engine(folder) not in (None, "whoosh"):
            raise IndexStateError(f"{folder}: index written by the {recorded_engine(folder)} engine, not Whoosh; {REBUILD_HINT}")
        if not _exists(folder):
            # Under the write lock, and the schema file first: a crash at any point leaves either
            # no index (made again next time) or a complete empty one.
            with folder_lock(folder, max(lock_timeout, 10.0)):
                if not _exists(folder):
                    write_schema_file(folder, "whoosh")
                    windex.create_in(str(folder), make_schema())
        check_schema(folder)
        try:
            self.ix = windex.open_dir(str(folder))
        except Exception as exc:
            raise IndexStateError(f"{folder}: index cannot be opened ({exc.__class__.__name__}: {exc}); {REBUILD_HINT}") from None

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        from whoosh.index import LockError

        try:
            writer = self.ix.writer(timeout=0.0)
        except LockError:
            if not self.lock_timeout:
                raise IndexStateError(f"{self.folder}: another ingest is writing to this index; try again when it ends "
                                      "(or use --wait SECONDS)") from None
            warn_waiting(self.folder, self.lock_timeout)
            try:
                writer = self.ix.writer(timeout=self.lock_timeout, delay=0.25)
            except LockError:
                raise IndexStateError(f"{self.folder}: another ingest is still writing to this index after "
                                      f"{self.lock_timeout:g} s; try again when it ends (or raise --wait)") from None
        generation = self.ix.latest_generation()
        try:
            yield _WhooshTransaction(writer)
            writer.commit()
        except BaseException as exc:
            unchanged = self.ix.latest_generation() == generation
            if unchanged:   # still under the write lock: no other writer's new files are about
                self._remove_unreferenced()
            with suppress(Exception):
                writer.cancel()
            if isinstance(exc, OSError):   # a full disk, a read-only folder
                raise IndexStateError(f"{self.folder}: could not write the index ({exc.strerror or exc}); "
                                      + ("the index is unchanged" if unchanged else "the write completed, but not its clean-up")) from None
            raise
        self.ix = windex.open_dir(str(self.folder))
        self._merge_if_stale()

    def _remove_unreferenced(self) -> None:
        """Delete what a failed write left behind (partial segment files): on a full disk they
        take the space a retry needs. Only files the last commit does not refer to go."""
        from whoosh.index import TOC, clean_files

        with suppress(Exception):
            toc = TOC.read(self.ix.storage, self.ix.indexname)
            clean_files(self.ix.storage, self.ix.indexname, toc.generation, toc.segments)

    def _merge_if_stale(self) -> None:
        """Merge the segments into one when deleted documents make up more than
        ``MAX_DELETED_SHARE`` of the index. Whoosh keeps a replaced document until its segment
        is merged, and counts it in the word statistics that rank results, so without this an
        index re-ingested many times ranks a little differently from a fresh one (and grows)."""
        from whoosh.index import LockError

        total = self.ix.doc_count_all()
        if total and (total - self.ix.doc_count()) / total > MAX_DELETED_SHARE:
            try:
                writer = self.ix.writer(timeout=0.0)
            except LockError:  # another ingest has begun: its own commit will merge
                return
            writer.commit(optimize=True)
            self.ix = windex.open_dir(str(self.folder))

    def _build(self, query: Query) -> wq.Query:
        should = _merged(query.should)
        must = [c for c in (_clause(*s) for s in query.must) if c is not None]
        parts: list[wq.Query] = []
        if should:
            parts.append(_or(should))
        parts.extend(must)
        for field, values in query.filters.items():
            parts.append(wq.Or([wq.Term(field, v) for v in values]))
        if query.year:
            parts.append(wq.Term("year", query.year))
        if query.should and not should and not must:
            return wq.NullQuery  # every word typed was a stop word or a symbol: match nothing, not everything
        q: wq.Query = wq.And(parts) if len(parts) > 1 else (parts[0] if parts else wq.Every())
        for field, values in query.exclude.items():
            q = wq.AndNot(q, wq.Or([wq.Term(field, v) for v in values]))
        return q

    def _searcher(self, default_scoring: bool = False) -> AbstractContextManager[Any]:
        """A searcher on the last commit, kept for the next search in the same thread while the
        index stays the same (opening one reads every segment's files: a fifth of a search),
        made anew after a commit or after a rebuild swapped another index folder in."""
        key = (default_scoring, _folder_identity(self.folder))
        cached = getattr(self._local, "searchers", {})
        searcher = cached.get(key)
        if searcher is not None:
            try:
                fresh = searcher.refresh()
            except Exception:   # files removed by a commit, or Whoosh refreshing an empty index: open anew
                fresh = None
            if fresh is searcher:
                return nullcontext(searcher)
            with suppress(Exception):
                searcher.close()
        for stale in [k for k in cached if k[0] == default_scoring]:
            with suppress(Exception):
                cached.pop(stale).close()
        searcher = self._open_searcher(self._plain if default_scoring else self.weighting)
        self._local.searchers = {**cached, key: searcher}
        return nullcontext(searcher)

    def _open_searcher(self, weighting: Any) -> Any:
        """A commit by another process between our reading the table of contents and opening
        its segments deletes those files; open again then."""
        for attempt in range(20):
            try:
                return self.ix.searcher(weighting=weighting)
            except OSError:
                if attempt == 19:
                    raise
                time.sleep(0.05)
        raise AssertionError("unreachable")

    def search(self, query: Query) -> EngineResults:
        wquery = self._build(query)

        with self._searcher(query.default_scoring) as searcher:
            if not query.default_scoring:
                # Qanoon's scoring, a block of postings at a time; the baselines' stock scoring,
                # and what that does not score, are Whoosh's own
                found = top_documents(searcher, wquery, query.limit, query.facet_fields)
                if found is not None:
                    top, total, facets = found
                    return EngineResults(hits=[EngineHit(fields=decode(searcher.stored_fields(d)), score=score) for score, d in top],
                                         total=total, facets=facets)
            kwargs: dict[str, Any] = {"limit": query.limit}
            if query.facet_fields:   # counts only: Whoosh would otherwise keep a list of documents per value
                kwargs["groupedby"] = {f: FieldFacet(f, allow_overlap=(f == "topics"), maptype=sorting.Count) for f in query.facet_fields}
            # optimize=False: every match is visited once, which also counts them (Whoosh's
            # block skipping cost more than it saved on these queries, and counted in a second pass)
            results = searcher.search(wquery, optimize=False, **kwargs)
            # the top ``limit`` only: with facets, Whoosh's results hold every match, and ranking
            # them all made a search with facets slower, and ranked differently, than one without
            hits = [EngineHit(fields=decode(dict(hit)), score=hit.score or 0.0) for hit in islice(results, query.limit)]
            facets = {f: {str(k): n for k, n in results.groups(f).items() if k not in (None, "")} for f in query.facet_fields}
            return EngineResults(hits=hits, total=len(results), facets=facets)

    @staticmethod
    def holds_only_knowledge_base(folder: Path) -> bool:
        try:
            ix = windex.open_dir(str(folder))
            with ix.searcher() as searcher:
                return searcher.search(wq.Every(), mask=wq.Term("doc_id", KB_DOC), limit=1).is_empty()
        except Exception:  # an index this version cannot read: it cannot tell
            return False

    def generation(self) -> object:
        # the table of contents' time as well: a rebuilt index may get a removed one's inode
        # and generation number
        from whoosh.index import TOC

        gen = self.ix.latest_generation()
        try:
            written = os.stat(self.folder / TOC._filename(self.ix.indexname, gen)).st_mtime_ns
        except OSError:
            written = 0
        return _folder_identity(self.folder), gen, written

    def records(self, **equals: str) -> Iterator[dict[str, Any]]:
        q: wq.Query = wq.And([wq.Term(k, v) for k, v in equals.items()]) if equals else wq.Every()
        with self._searcher() as searcher:
            for hit in searcher.search(q, limit=None):
                yield decode(dict(hit))

    def rarity(self, words: Iterable[str]) -> dict[str, float]:
        with self._searcher() as searcher:
            if not searcher.doc_count_all():   # an empty index: Whoosh's idf would take log(0)
                return dict.fromkeys(words, 0.0)
            return {w: searcher.idf("body", w) for w in words}

    def suggest(self, words: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        with self._searcher() as searcher:
            reader = searcher.reader()
            for word in words:
                stems = terms(word)   # none for a stop word: nothing to correct
                # no word is over 40 letters, and edit distance costs grow with the square of length
                if len(word) > 40 or not stems or any(
                        searcher.doc_frequency(field, t) for field in ("heading", "body") for t in stems):
                    continue
                typed = word.lower()
                # the unstemmed words of headings and texts (Whoosh's spelling fields)
                known = {w.decode() for field in ("heading", "body")
                         for w in reader.expand_prefix(searcher.schema[field].spelling_fieldname(field), typed[:1])}
                if close := closest_words(typed, known, lambda w: sum(searcher.doc_frequency(f, t)
                                                                     for f in ("heading", "body") for t in terms(w))):
                    out[word] = close
        return out

