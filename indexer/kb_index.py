"""The embedded knowledge base in an index: its content hash, and indexing it where the index
lacks it or holds an older one. Apart from ``indexer/ingest.py`` (which reads files), so that
opening a home to search does not import the file readers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qanoon.indexer.backend import Backend
from qanoon.indexer.corpus_format import CORPUS_DIR, KB_DOC
from qanoon.indexer.errors import IndexStateError

if TYPE_CHECKING:
    from qanoon.indexer.knowledge import KnowledgeBase

# The version of the pipeline that turns texts into records (readers, structure, records): a
# new one re-reads every file and re-indexes the knowledge base.
PIPELINE_VERSION = "18"


KB_SUFFIXES = (".md", ".toml")   # the files the knowledge base is read from


def kb_files(kb_dir: Path) -> list[Path]:
    """The files the knowledge base is read from, in a fixed order."""
    return sorted(p for p in kb_dir.rglob("*") if p.suffix in KB_SUFFIXES and p.is_file())


def corpus_hash(kb_dir: Path) -> str:
    """The knowledge base's files and the pipeline version that turns them into records: a new
    release that indexes the same files differently re-indexes them."""
    import hashlib  # not to search: a search finds this digest kept under the files' stamp

    h = hashlib.sha256(PIPELINE_VERSION.encode())
    for p in kb_files(kb_dir):
        h.update(p.relative_to(kb_dir).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def ensure_kb(backend: Backend, kb: KnowledgeBase | None = None, kb_dir: Path | None = None, digest: str = "") -> bool:
    """Index the embedded knowledge base if the index lacks it or holds an older one (``digest``
    is its ``corpus_hash``, when the caller has it already). Returns True when it (re)indexed."""
    digest = digest or corpus_hash(kb_dir or CORPUS_DIR)
    state = next(backend.records(id="kb:#state"), None)
    if state and state.get("data", {}).get("hash") == digest:
        return False
    from qanoon.indexer.knowledge import default  # the model's classes, too: only to re-index
    from qanoon.indexer.records import kb_records  # the structure parser

    kb = kb or default()
    try:
        with backend.transaction() as txn:
            txn.delete_doc(KB_DOC)
            for rec in kb_records(kb):
                txn.add(rec)
            txn.add({"id": "kb:#state", "record": "state", "doc_id": KB_DOC, "data": {"hash": digest}})
    except IndexStateError:
        if state:  # another ingest holds the index: keep searching the knowledge base it has
            return False
        raise
    return True


