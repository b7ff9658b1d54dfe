"""Whoosh's segment files are read where they are mapped, not copied into memory when an index
is opened (issue 19: cold search, and the memory of a large Whoosh index)."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from qanoon.indexer import whoosh_files
from qanoon.indexer.backend import Query
from qanoon.indexer.whoosh_backend import WhooshBackend
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.filedb import compound

OPS = st.lists(st.one_of(st.tuples(st.just("read"), st.integers(-2, 40)),
                         st.tuples(st.just("readline"), st.integers(-2, 40)),
                         st.tuples(st.just("seek"), st.integers(-5, 700), st.integers(0, 2)),
                         st.tuples(st.just("tell"))), max_size=30)


def _outcome(f: object, op: tuple) -> tuple:
    try:
        return getattr(f, op[0])(*op[1:]), None
    except ValueError as exc:
        return None, type(exc)


@settings(max_examples=500, deadline=None)
@given(data=st.binary(max_size=600).map(lambda b: b.replace(b"x", b"\n")), ops=OPS)
def test_a_mapped_file_reads_as_a_copy_would(data: bytes, ops: list) -> None:
    """Every read, line, seek and position as from the ``BytesIO`` copy Whoosh made."""
    copy, mapped = io.BytesIO(data), whoosh_files._View(memoryview(data))
    for op in ops:
        assert _outcome(mapped, op) == _outcome(copy, op), op
    assert list(mapped) == list(copy)


def test_an_opened_index_reads_its_files_in_place(tmp_path: Path) -> None:
    backend = WhooshBackend(tmp_path / "ix")
    with backend.transaction() as txn:
        for i in range(3):
            txn.add({"id": f"d#{i}", "record": "provision", "doc_id": "d", "instrument_id": "x/act/2000/x", "eid": f"sec_{i}",
                     "kind": "section", "number": str(i), "jurisdiction": "federal", "type": "act", "status": "in_force",
                     "year": 2000, "version_rank": 2, "topics": [], "title": "Test Act", "names": "", "heading": f"Heading {i}",
                     "body": "Whoever traffics a child shall be punished.", "summary": "", "topic_text": "", "data": {"k": i}})
    assert compound.BufferFile is whoosh_files.MappedFile
    with backend._searcher() as searcher:
        reader = next(sub.reader() for sub, _ in searcher.leaf_searchers())
        lengths = reader._perdoc._cached_reader(_lenfield("body"), LENGTHS_COLUMN)   # a file packed in the segment
        assert isinstance(lengths._dbfile, whoosh_files.MappedFile)
    hits = backend.search(Query(should=(("body", "child", 1.0, False),))).hits
    assert sorted(h.fields["data"]["k"] for h in hits) == [0, 1, 2]
