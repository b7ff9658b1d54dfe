"""The block-at-a-time scorer gives Whoosh's own results for Qanoon's queries (issue 19: warm
search close to the engine): the same documents, the same scores to the last bit, the same order
and the same count of matches, on an index of several segments with deleted documents, words of
many posting blocks and rare words."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qanoon.indexer import whoosh_scoring
from qanoon.indexer.backend import Query
from qanoon.indexer.whoosh_backend import WhooshBackend
from whoosh import query as wq
from whoosh import sorting
from whoosh.sorting import FieldFacet

COMMON = ["trafficking", "person", "child", "smuggling", "migrant", "offence", "punishment", "imprisonment",
          "fine", "victim", "border", "labour", "bonded", "marriage", "age", "court"]
RARE = ["harbouring", "organ", "passport", "kafala", "vani"]
FIELDS = ("heading", "summary", "body", "title", "names", "topic_text")
JURISDICTIONS = ("federal", "punjab", "sindh")
TOPICS = ["trafficking-offence", "smuggling-offence", "bonded-labour", "child-marriage"]
FACETS = ("jurisdiction", "type", "topics")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(COMMON) if rng.random() < 0.93 else rng.choice(RARE) for _ in range(n))


def _record(i: int, rng: random.Random, doc_id: str) -> dict:
    return {"id": f"d{i}#{i}", "record": "provision", "doc_id": doc_id, "instrument_id": f"x/act/2000/x{i % 7}",
            "eid": f"sec_{i}", "kind": "section", "number": str(i), "jurisdiction": JURISDICTIONS[i % 3], "type": ("act", "rules")[i % 2],
            "status": "in_force", "year": 2000, "version_rank": 2, "topics": rng.sample(TOPICS, rng.randint(0, 3)), "title": _text(rng, 3),
            "names": _text(rng, 2), "heading": _text(rng, rng.randint(1, 6)), "body": _text(rng, rng.randint(5, 120)),
            "summary": _text(rng, rng.randint(0, 20)), "topic_text": _text(rng, rng.randint(0, 4)), "data": {}}


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> WhooshBackend:
    rng = random.Random(19)
    b = WhooshBackend(tmp_path_factory.mktemp("scoring") / "ix")
    # two segments (the second commit is small enough not to be merged), the first with deleted
    # documents, which Whoosh's postings still hold
    with b.transaction() as txn:
        for i in range(700):
            txn.add(_record(i, rng, f"d{i % 7}"))
    with b.transaction() as txn:
        for i in range(700, 790):
            txn.add(_record(i, rng, "late"))
    with b.transaction() as txn:
        txn.delete_doc("d3")
    return b


clause = st.tuples(st.sampled_from(FIELDS), st.lists(st.sampled_from(COMMON + RARE), min_size=1, max_size=4).map(" ".join),
                   st.sampled_from([0.5, 1.0, 1.2, 2.0, 2.5]), st.booleans())


def _whoosh_own(backend: WhooshBackend, q: wq.Query, limit: int) -> tuple[list[tuple[float, int]], int, dict]:
    """Whoosh's score of every matching document, best first, cut at ``limit``; how many match;
    and Whoosh's facet counts over them. Not Whoosh's top-``limit`` search: with a filter, once
    its estimates say that no further document can reach the top ``limit``, it stops, and the
    estimates of a phrase are low, so it can miss the best document and miscount (hypothesis
    found both)."""
    with backend._searcher() as searcher:
        facets = {f: FieldFacet(f, allow_overlap=(f == "topics"), maptype=sorting.Count) for f in FACETS}
        results = searcher.search(q, optimize=False, limit=None, groupedby=facets)
        counts = {f: {k: n for k, n in results.groups(f).items() if k not in (None, "")} for f in FACETS}
        return [(hit.score, hit.docnum) for hit in results][:limit], len(results), counts


def test_the_index_has_what_the_scorer_must_meet(backend: WhooshBackend) -> None:
    with backend._searcher() as searcher:
        readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
        assert [r.has_deletions() for r in readers] == [True, False]
        first, second = readers
        assert type(first.postings("body", "child")).__name__ == "FilterMatcher"
        assert type(second.postings("body", "child")).__name__ == "W3LeafMatcher"
        assert len(list(first.postings("body", "child").all_ids())) > 2 * 128   # several blocks of postings


filters = st.one_of(st.just({}), st.builds(lambda js: {"jurisdiction": tuple(js)}, st.sets(st.sampled_from(JURISDICTIONS), min_size=1)),
                    st.builds(lambda i: {"instrument_id": (f"x/act/2000/x{i}",)}, st.integers(0, 6)))


@settings(max_examples=200, deadline=None)
@given(should=st.lists(clause, min_size=1, max_size=12), only=filters, limit=st.sampled_from([1, 10, 150, 2000]))
def test_the_same_documents_scores_order_and_count_as_whoosh(backend: WhooshBackend, should: list, only: dict,
                                                             limit: int) -> None:
    q = backend._build(Query(should=tuple(should), filters=only, limit=limit))
    with backend._searcher() as searcher:
        ours = whoosh_scoring.top_documents(searcher, q, limit, FACETS)
    assert ours is not None
    assert ours == _whoosh_own(backend, q, limit)


def test_a_query_of_two_filters_is_left_to_whoosh(backend: WhooshBackend) -> None:
    """Whoosh adds three scores in an order of its own: not guessed at here."""
    query = Query(should=(("body", "child", 1.0, False),), filters={"jurisdiction": ("punjab",), "instrument_id": ("x/act/2000/x1",)})
    with backend._searcher() as searcher:
        assert whoosh_scoring.top_documents(searcher, backend._build(query), 10) is None
    hits = backend.search(query).hits   # answered by Whoosh itself
    assert hits and {(h.fields["jurisdiction"], h.fields["instrument_id"]) for h in hits} == {("punjab", "x/act/2000/x1")}


def test_the_backend_returns_whooshs_own_hits(backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    query = Query(should=(("heading", "child trafficking", 2.5, False), ("body", "child trafficking", 1.0, True)),
                  limit=50, facet_fields=FACETS)
    fast = backend.search(query)
    monkeypatch.setattr("qanoon.indexer.whoosh_backend.top_documents", lambda *a: None)
    own = backend.search(query)
    assert [(h.fields["id"], h.score) for h in fast.hits] == [(h.fields["id"], h.score) for h in own.hits]
    assert fast.total == own.total and len(fast.hits) == 50
    assert fast.facets == own.facets and set(fast.facets["topics"]) == set(TOPICS)


def test_scores_are_whooshs_on_a_real_index(kb_home: Path) -> None:
    """The embedded knowledge base, as a user's first search meets it."""
    from qanoon.search import Library
    from qanoon.search.query import to_engine_query, understand

    lib = Library(kb_home)
    backend = lib.backend
    if not isinstance(backend, WhooshBackend):
        pytest.skip("the home's engine is not Whoosh")
    for text in ("punishment for trafficking a child", "who investigates migrant smuggling", "minimum age of marriage",
                 "bonded labour", "definition of exploitation", "compensation for victims"):
        q = backend._build(to_engine_query(understand(text, lib.names), filters={}, year=None, limit=150, facets=False))
        with backend._searcher() as searcher:
            ours = whoosh_scoring.top_documents(searcher, q, 150, FACETS)
        assert ours == _whoosh_own(backend, q, 150), text


def test_a_whoosh_whose_insides_moved_answers_through_whoosh(backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    query = Query(should=(("body", "child trafficking", 1.0, False),), limit=20)
    before = [(h.fields["id"], h.score) for h in backend.search(query).hits]

    def moved(*args: object) -> None:
        raise AttributeError("'W3LeafMatcher' object has no attribute '_read_ids'")

    monkeypatch.setattr(whoosh_scoring, "_postings", moved)
    with backend._searcher() as searcher:
        assert whoosh_scoring.top_documents(searcher, backend._build(query), 20) is None
    assert [(h.fields["id"], h.score) for h in backend.search(query).hits] == before


def test_the_pairs_indexed_are_those_a_phrase_can_match() -> None:
    """Stop words take no place; one other word may stand between two words of a phrase."""
    assert whoosh_scoring.pair_tokens("sale or trafficking of children").split(",") == ["sell child", "sell traffick", "traffick child"]
    assert whoosh_scoring.pair_tokens("the border") == ""


@pytest.mark.parametrize(("field", "text", "whoosh_runs"), [
    ("summary", "child trafficking", 0),          # two words: their pair says where, their scores how well
    ("heading", "child trafficking", 0),
    ("summary", "child trafficking vani", 1),     # both pairs in the first segment only: Whoosh reads it
    ("heading", "vani kafala passport", 0),       # a pair no document holds: no document holds the phrase
])
def test_phrases_in_headings_and_summaries_are_matched_from_word_pairs(backend: WhooshBackend, monkeypatch: pytest.MonkeyPatch,
                                                                       field: str, text: str, whoosh_runs: int) -> None:
    """Whoosh's phrase matcher, which reads every position of every word, runs only for a phrase
    of three words or more, in a segment holding every pair of it; the results are Whoosh's."""
    q = backend._build(Query(should=((field, text, 2.5, True),), limit=150))
    expected = _whoosh_own(backend, q, 150)
    if len(text.split()) == 2:
        assert expected[1] > 0
    calls: list[wq.Phrase] = []
    matcher = wq.Phrase.matcher
    monkeypatch.setattr(wq.Phrase, "matcher", lambda self, *args: calls.append(self) or matcher(self, *args))
    with backend._searcher() as searcher:
        assert whoosh_scoring.top_documents(searcher, q, 150, FACETS) == expected
    assert len(calls) == whoosh_runs
