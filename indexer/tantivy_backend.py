"""The tantivy implementation of ``indexer.backend.Backend``, for large deployments
(``pip install 'qanoon[tantivy]'``; choose it with ``qanoon ingest --rebuild --engine tantivy``).

Tantivy is a search engine library in Rust, embedded like Whoosh (no server), that scores and
collects matches outside Python, so a search costs about the same at 300,000 provisions as at
7,000, and the index is memory-mapped rather than held in Python objects.

Words are analysed by Qanoon's own analyzer (``indexer.analysis``) and handed to tantivy already
tokenized, so both engines index and query the same stems: ranking adjustments above the engine
stay engine-neutral. Scores differ a little (tantivy's BM25 has one length normalisation for all
fields, where the Whoosh backend normalises short headings less).

Writes go through ``transaction()``: tantivy's commit replaces its ``meta.json`` in one step, so
a reader sees the previous commit or the new one, and a writer that fails or is killed before
committing changes nothing (its segment files are removed by the next writer). One ingest writes
at a time, under ``folder_lock``, a file lock that dies with its process.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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

LOCK_FILE = "qanoon-write.lock"
TEXT_FIELDS = ("title", "names", "heading", "summary", "body", "topic_text")
FACETED = ("jurisdiction", "type", "topics")          # fast fields, counted by aggregation
SPELLING = "spelling"                                  # unstemmed words of headings and texts
WRITER_HEAP = 64_000_000


def _tantivy() -> Any:
    try:
        import tantivy
    except ImportError:
        raise IndexStateError("the tantivy engine is not installed; install it with: pip install 'qanoon[tantivy]'") from None
    return tantivy


def make_schema() -> Any:
    tv = _tantivy()
    sb = tv.SchemaBuilder()
    for name in sorted(KEYWORD_FIELDS) + ["id"]:
        sb.add_text_field(name, stored=True, tokenizer_name="raw", fast=name in FACETED)
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    sb.add_integer_field("version_rank", stored=True)
    for name in TEXT_FIELDS:
        # pre-tokenized by Qanoon's analyzer; "whitespace" is the name a query parser would use
        sb.add_text_field(name, stored=name != "topic_text", tokenizer_name="whitespace")
    sb.add_text_field(SPELLING, tokenizer_name="whitespace")
    sb.add_bytes_field("unit", stored=True)
    sb.add_bytes_field("data", stored=True)
    sb.add_bytes_field("words", stored=True)   # for the coverage check (indexer/cover.py)
    return sb.build()


@contextmanager
def folder_lock(folder: Path, timeout: float) -> Iterator[None]:
    """The one-writer lock of an index folder: an OS file lock, released when its process dies.
    Waits up to ``timeout`` seconds for another ingest, saying so once."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline, warned = time.monotonic() + timeout, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not timeout:
                    raise IndexStateError(f"{folder}: another ingest is writing to this index; try again when it ends "
                                          "(or use --wait SECONDS)") from None
                if time.monotonic() >= deadline:
                    raise IndexStateError(f"{folder}: another ingest is still writing to this index after "
                                          f"{timeout:g} s; try again when it ends (or raise --wait)") from None
                if not warned:
                    warned = True
                    warn_waiting(folder, timeout)
                time.sleep(0.25)
        yield
    finally:
        os.close(fd)


class _TantivyTransaction(Transaction):
    def __init__(self, writer: Any, folder: Path) -> None:
        self.writer = writer
        self.folder = folder
        self.tv = _tantivy()

    def add(self, record: dict[str, Any]) -> None:
        tv = self.tv
        doc = tv.Document()
        for name, value in record.items():
            if value is None or value == "" or name == "words":
                continue
            if name in TEXT_FIELDS:
                doc.add_pre_tokenized_text(name, _tokenized(str(value)))
            elif name == "topics":
                for topic in value:
                    doc.add_text("topics", topic.lower())
            elif name in ("year", "version_rank"):
                doc.add_integer(name, int(value))
            elif name == "data":
                doc.add_bytes("data", json.dumps(value, ensure_ascii=False).encode())
            elif name == "unit":
                doc.add_bytes("unit", str(value).encode())
            else:
                doc.add_text(name, str(value))
        spelling = " ".join(str(record.get(f) or "") for f in ("heading", "body"))
        doc.add_pre_tokenized_text(SPELLING, _tokenized(spelling, no_morph=True))
        doc.add_bytes("words", distinct_words(record).encode())
        try:
            self.writer.add_document(doc)   # may write a segment: a full disk shows here
        except (OSError, ValueError) as exc:
            raise _write_failed(self.folder, exc) from None

    def delete_doc(self, doc_id: str) -> None:
        self.writer.delete_documents_by_term("doc_id", doc_id)


def _write_failed(folder: Path, exc: Exception) -> IndexStateError:
    return IndexStateError(f"{folder}: could not write the index ({exc}); the index is unchanged")


def _tokenized(text: str, no_morph: bool = False) -> Any:
    """The text with Qanoon's analysed words (or, ``no_morph``, its unstemmed words), their
    positions renumbered past stop words as Whoosh does, so phrases match alike in both engines."""
    tv = _tantivy()
    tokens = [tv.Token(t.text, t.pos, t.startchar, t.endchar)
              for t in analyzer()(text, positions=True, chars=True, no_morph=no_morph)]
    return tv.PreTokenizedString(text, tokens)


class TantivyBackend(Backend):
    """A tantivy index in ``folder`` (created on first use)."""

    def __init__(self, folder: Path, lock_timeout: float = 0.0) -> None:
        tv = _tantivy()
        self.folder = folder
        self.lock_timeout = lock_timeout
        self._reload_lock = threading.Lock()
        if recorded_engine(folder) is None:
            with folder_lock(folder, max(lock_timeout, 10.0)):
                if recorded_engine(folder) is None:
                    tv.Index(make_schema(), path=str(folder), reuse=False)
                    write_schema_file(folder, "tantivy")   # last: a crash before it leaves no index
        check_schema(folder)
        if recorded_engine(folder) != "tantivy":
            raise IndexStateError(f"{folder}: index written by the {recorded_engine(folder)} engine, not tantivy; {REBUILD_HINT}")
        self._open()

    def _open(self) -> None:
        tv = _tantivy()
        try:
            self.ix = tv.Index.open(str(self.folder))
        except (ValueError, OSError) as exc:
            raise IndexStateError(f"{self.folder}: index cannot be opened ({exc}); {REBUILD_HINT}") from None
        self.schema = self.ix.schema
        self._seen = self._state()

    def _state(self) -> tuple[int, int, int]:
        """What changes when another process commits (meta.json replaced) or a rebuild swaps
        another folder in (the folder's inode)."""
        try:
            meta = os.stat(self.folder / "meta.json")
            return os.stat(self.folder).st_ino, meta.st_ino, meta.st_mtime_ns
        except OSError:
            return 0, 0, 0

    @staticmethod
    def holds_only_knowledge_base(folder: Path) -> bool:
        try:
            tv = _tantivy()
            ix = tv.Index.open(str(folder))
            not_kb = tv.Query.boolean_query([(tv.Occur.Must, tv.Query.all_query()),
                                             (tv.Occur.MustNot, tv.Query.term_query(ix.schema, "doc_id", KB_DOC))])
            return ix.searcher().search(not_kb, 1, count=True).count == 0
        except Exception:  # not installed, or an index this version cannot read: it cannot tell
            return False

    def generation(self) -> object:
        return self._state()

    def _searcher(self) -> Any:
        """The searcher on the last commit; reloaded (cheaply: tantivy maps segment files) only
        when a commit or a rebuild changed the index since the last search."""
        state = self._state()
        if state != self._seen:
            with self._reload_lock:
                if state[0] != self._seen[0]:
                    self._open()
                else:
                    self.ix.reload()
                    self._seen = state
        return self.ix.searcher()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with folder_lock(self.folder, self.lock_timeout):
            writer = self.ix.writer(WRITER_HEAP, 1)
            try:
                yield _TantivyTransaction(writer, self.folder)
                try:
                    writer.commit()
                except (OSError, ValueError) as exc:
                    raise _write_failed(self.folder, exc) from None
                writer.wait_merging_threads()
            except BaseException:
                # nothing was committed: drop the batch and the segment files it wrote
                try:
                    writer.rollback()
                    writer.garbage_collect_files()
                except Exception:   # best effort: the index itself is unchanged either way
                    import logging

                    logging.getLogger("qanoon").debug("clean-up after a failed write to %s did not complete", self.folder)
                raise
            finally:
                del writer
        self.ix.reload()
        self._seen = self._state()

    def _build(self, query: Query) -> Any:
        tv = _tantivy()
        Q, occ = tv.Query, tv.Occur
        weights, kept = merge_should(query.should)
        should = [Q.boost_query(Q.term_query(self.schema, f, w), b) for f, per in weights.items() for w, b in per.items()]
        should += [c for c in (self._clause(*k) for k in kept) if c is not None]
        must = [c for c in (self._clause(*m) for m in query.must) if c is not None]
        if query.should and not should and not must:
            return Q.empty_query()  # every word typed was a stop word or a symbol: match nothing, not everything
        parts: list[tuple[Any, Any]] = []
        if should:
            parts.append((occ.Must, Q.boolean_query([(occ.Should, c) for c in should])))
        parts += [(occ.Must, c) for c in must]
        # filters restrict without scoring: they are the same for every match
        for name, values in query.filters.items():
            parts.append((occ.Must, Q.const_score_query(Q.term_set_query(self.schema, name, list(values)), 0.0)))
        if query.year:
            parts.append((occ.Must, Q.const_score_query(Q.term_query(self.schema, "year", int(query.year)), 0.0)))
        if not parts:
            parts.append((occ.Must, Q.all_query()))
        for name, values in query.exclude.items():
            parts.append((occ.MustNot, Q.term_set_query(self.schema, name, list(values))))
        return Q.boolean_query(parts)

    def _clause(self, field_name: str, text: str, boost: float, phrase: bool) -> Any:
        Q = _tantivy().Query
        if field_name in KEYWORD_FIELDS:
            return Q.boost_query(Q.term_query(self.schema, field_name, text.lower() if field_name == "topics" else text), boost)
        words = terms(text)
        if not words:
            return None
        if phrase and len(words) > 1:
            return Q.boost_query(Q.phrase_query(self.schema, field_name, words, slop=PHRASE_GAP), boost)
        if len(words) == 1:
            return Q.boost_query(Q.term_query(self.schema, field_name, words[0]), boost)
        occ = _tantivy().Occur
        return Q.boost_query(Q.boolean_query([(occ.Should, Q.term_query(self.schema, field_name, w)) for w in words]), boost)

    def search(self, query: Query) -> EngineResults:
        searcher = self._searcher()
        tq = self._build(query)
        result = searcher.search(tq, max(query.limit, 1), count=True)
        hits = [EngineHit(fields=self._fields(searcher.doc(address)), score=score) for score, address in result.hits[:query.limit]]
        facets: dict[str, dict[str, int]] = {}
        if query.facet_fields and result.count:
            aggs = {f: {"terms": {"field": f, "size": 10_000}} for f in query.facet_fields}
            out = searcher.aggregate(tq, aggs)
            facets = {f: {str(b["key"]): int(b["doc_count"]) for b in out.get(f, {}).get("buckets", []) if b["key"] not in (None, "")}
                      for f in query.facet_fields}
        elif query.facet_fields:
            facets = {f: {} for f in query.facet_fields}
        return EngineResults(hits=hits, total=result.count, facets=facets)

    @staticmethod
    def _fields(doc: Any) -> dict[str, Any]:
        raw = doc.to_dict()
        fields: dict[str, Any] = {k: (v if k == "topics" else v[0]) for k, v in raw.items() if v}
        for name in ("data", "unit", "words"):
            if isinstance(fields.get(name), bytes):
                fields[name] = fields[name].decode()
        fields.setdefault("data", "{}")
        for name in (*TEXT_FIELDS, "unit"):   # stored empty, as Whoosh gives them back
            if name != "topic_text":
                fields.setdefault(name, "")
        return decode(fields)

    def records(self, **equals: str) -> Iterator[dict[str, Any]]:
        tv = _tantivy()
        Q = tv.Query
        searcher = self._searcher()
        q = Q.boolean_query([(tv.Occur.Must, Q.term_query(self.schema, k, v)) for k, v in equals.items()]) if equals else Q.all_query()
        total = searcher.num_docs
        if not total:
            return
        for _score, address in searcher.search(q, total, count=False).hits:
            yield self._fields(searcher.doc(address))

    def rarity(self, words: Iterable[str]) -> dict[str, float]:
        """Whoosh's formula (log(N / (df + 1)) + 1), so that ranking reads the same figure from
        either engine."""
        searcher = self._searcher()
        n = searcher.num_docs
        if not n:
            return dict.fromkeys(words, 0.0)
        return {w: math.log(n / (searcher.doc_freq("body", w) + 1)) + 1 for w in words}

    def suggest(self, words: Iterable[str]) -> dict[str, list[str]]:
        searcher = self._searcher()
        out: dict[str, list[str]] = {}
        for word in words:
            typed = word.lower()
            stems = terms(word)
            if len(word) > 40 or not stems or any(searcher.doc_freq(f, t) for f in ("heading", "body") for t in stems):
                continue
            known = dict(searcher.terms_with_prefix(SPELLING, typed[:1]))   # word → documents
            if close := closest_words(typed, known, known.__getitem__):
                out[word] = close
        return out

