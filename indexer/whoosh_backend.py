"""The Whoosh implementation of ``indexer.backend.Backend``.

The schema is declared once, with field types chosen by role: ``ID`` for ids and exact
filters, ``KEYWORD`` for topics, ``NUMERIC`` for years and version ranks, ``TEXT`` with the
shared analyzer for what people search, ``STORED`` for what results display. Writes go
through ``transaction()``, which commits on success and cancels on any error, so a failed
ingest leaves the last committed state untouched; Whoosh's write lock is an OS file lock that
dies with its process, so a killed ingest leaves no stale lock behind.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from whoosh import index as windex
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.sorting import FieldFacet

from indexer.analysis import analyzer, terms
from indexer.backend import SCHEMA_VERSION, Backend, EngineHit, EngineResults, Query, Transaction
from indexer.errors import IndexStateError

TEXT_FIELDS = ("title", "names", "heading", "summary", "body", "topic_text")


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
    )


class _WhooshTransaction(Transaction):
    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def add(self, record: dict[str, Any]) -> None:
        rec = dict(record)
        rec["data"] = json.dumps(rec.get("data", {}), ensure_ascii=False)
        rec["topics"] = ",".join(rec.get("topics", []))
        self.writer.add_document(**{k: v for k, v in rec.items() if v is not None})

    def delete_doc(self, doc_id: str) -> None:
        self.writer.delete_by_term("doc_id", doc_id)


def _clause(field: str, text: str, boost: float, phrase: bool) -> wq.Query | None:
    if field in {"instrument_id", "number", "eid", "jurisdiction", "type", "status", "kind", "doc_id", "record"}:
        return wq.Term(field, text, boost=boost)
    if field == "topics":
        return wq.Term(field, text.lower(), boost=boost)
    words = terms(text)
    if not words:
        return None
    if phrase and len(words) > 1:
        return wq.Phrase(field, words, slop=2, boost=boost)
    if len(words) == 1:
        return wq.Term(field, words[0], boost=boost)
    return wq.Or([wq.Term(field, w) for w in words], boost=boost)


class WhooshBackend(Backend):
    """A Whoosh index in ``folder`` (created on first use)."""

    def __init__(self, folder: Path, lock_timeout: float = 0.0) -> None:
        from whoosh.scoring import BM25F

        # Headings are a few words and summaries vary in length for reasons unrelated to
        # relevance, so their length counts for less than in body text.
        self.weighting = BM25F(B=0.75, K1=1.2, heading_B=0.3, summary_B=0.3, title_B=0.2, names_B=0.2)
        self.folder = folder
        self.lock_timeout = lock_timeout
        self._schema_file = folder / "qanoon-schema.json"
        if not windex.exists_in(str(folder)):
            folder.mkdir(parents=True, exist_ok=True)
            windex.create_in(str(folder), make_schema())
            self._schema_file.write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
        version = json.loads(self._schema_file.read_text()).get("schema_version") if self._schema_file.exists() else None
        if version != SCHEMA_VERSION:
            raise IndexStateError(
                f"{folder}: index written by an older Qanoon (schema {version}, need {SCHEMA_VERSION}); "
                "rebuild it with: qanoon ingest --rebuild PATH..."
            )
        self.ix = windex.open_dir(str(folder))

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        from whoosh.index import LockError

        try:
            writer = self.ix.writer(timeout=self.lock_timeout, delay=0.25)
        except LockError:
            raise IndexStateError(f"{self.folder}: another ingest is writing to this index; try again when it ends") from None
        try:
            yield _WhooshTransaction(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.ix = windex.open_dir(str(self.folder))

    def _build(self, query: Query) -> wq.Query:
        should = [c for c in (_clause(*s) for s in query.should) if c is not None]
        must = [c for c in (_clause(*s) for s in query.must) if c is not None]
        parts: list[wq.Query] = []
        if should:
            parts.append(wq.Or(should))
        parts.extend(must)
        for field, values in query.filters.items():
            parts.append(wq.Or([wq.Term(field, v) for v in values]))
        if query.year:
            parts.append(wq.Term("year", query.year))
        q: wq.Query = wq.And(parts) if len(parts) > 1 else (parts[0] if parts else wq.Every())
        for field, values in query.exclude.items():
            q = wq.AndNot(q, wq.Or([wq.Term(field, v) for v in values]))
        return q

    def search(self, query: Query) -> EngineResults:
        wquery = self._build(query)
        with self.ix.searcher(weighting=self.weighting) as searcher:
            kwargs: dict[str, Any] = {"limit": query.limit}
            if query.facet_fields:
                kwargs["groupedby"] = [FieldFacet(f, allow_overlap=(f == "topics")) for f in query.facet_fields]
            results = searcher.search(wquery, **kwargs)
            hits = [EngineHit(fields=_decode(dict(hit)), score=hit.score or 0.0) for hit in results]
            facets = {}
            for f in query.facet_fields:
                facets[f] = {str(k): len(v) for k, v in results.groups(f).items() if k not in (None, "")}
            return EngineResults(hits=hits, total=len(results), facets=facets)

    def records(self, **equals: str) -> Iterator[dict[str, Any]]:
        q: wq.Query = wq.And([wq.Term(k, v) for k, v in equals.items()]) if equals else wq.Every()
        with self.ix.searcher() as searcher:
            for hit in searcher.search(q, limit=None):
                yield _decode(dict(hit))

    def clear(self) -> None:
        with self.transaction() as txn:
            assert isinstance(txn, _WhooshTransaction)
            txn.writer.delete_by_query(wq.Every())

    def suggest(self, word: str) -> list[str]:
        with self.ix.searcher() as searcher:
            out: list[str] = []
            for field in ("heading", "body"):
                for s in searcher.suggest(field, word.lower(), limit=3, maxdist=2):
                    if s not in out:
                        out.append(s)
            return out[:3]


def _decode(fields: dict[str, Any]) -> dict[str, Any]:
    if isinstance(fields.get("data"), str):
        fields["data"] = json.loads(fields["data"])
    fields["topics"] = [t for t in str(fields.get("topics") or "").split(",") if t]
    return fields
