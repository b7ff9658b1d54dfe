"""Contract tests for every engine feature Qanoon relies on, run against each backend (Whoosh,
and tantivy where it is installed), so that the two behave alike and an upgrade of either
engine that breaks a feature fails here first."""

from __future__ import annotations

import errno
import inspect
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qanoon.indexer.analysis import terms
from qanoon.indexer.backend import Backend, Query, Transaction
from qanoon.indexer.errors import IndexStateError
from qanoon.indexer.whoosh_backend import WhooshBackend

ENGINES = ("whoosh", "tantivy")


def open_engine(engine: str, folder: Path) -> Backend:
    if engine == "tantivy":
        pytest.importorskip("tantivy", reason="the tantivy engine is not installed (pip install 'qanoon[tantivy]')")
        from qanoon.indexer.tantivy_backend import TantivyBackend

        return TantivyBackend(folder)
    return WhooshBackend(folder)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


def record(i: int, heading: str, body: str, **kw) -> dict:
    return {"id": f"d#{i}", "record": "provision", "doc_id": kw.pop("doc_id", "d"), "instrument_id": "x/act/2000/x",
            "eid": f"sec_{i}", "kind": "section", "number": str(i), "jurisdiction": kw.pop("jurisdiction", "federal"),
            "type": "act", "status": "in_force", "year": 2000, "version_rank": 2, "topics": kw.pop("topics", []),
            "title": "Test Act", "names": "", "heading": heading, "body": body, "summary": "", "topic_text": "", "data": {"k": i}}


def sample_records() -> list[dict]:
    return [
        record(1, "Trafficking in persons", "Whoever recruits or harbours persons for exploitation.", topics=["trafficking-offence"]),
        record(2, "Smuggling of migrants", "Whoever smuggles migrants across a border for benefit.", jurisdiction="punjab"),
        record(3, "Definitions", "In this Act, persons trafficked means victims of trafficking."),
    ]


@pytest.fixture()
def backend(engine: str, tmp_path: Path) -> Backend:
    b = open_engine(engine, tmp_path / "ix")
    b.index_documents(sample_records())
    return b


def test_backend_implements_the_whole_interface(backend: Backend) -> None:
    cls = type(backend)
    missing = [n for n, m in inspect.getmembers(Backend) if getattr(m, "__isabstractmethod__", False)
               and getattr(cls, n).__qualname__.startswith(Backend.__name__)]
    assert not missing
    assert not inspect.isabstract(cls)
    assert issubclass(cls, Backend) and Transaction


def test_stemming_analysis() -> None:
    assert terms("Trafficking trafficked") == ["traffick", "traffick"]
    assert "the" not in terms("the offence")
    # words that stem together but mean different things are kept apart; the two spellings meet
    assert terms("organized organised organization") == ["organis"] * 3
    assert terms("organs organ") == ["organ", "organ"]


def test_term_and_stemmed_search(backend: Backend) -> None:
    hits = backend.search(Query(should=(("body", "trafficked", 1.0, False),))).hits
    assert {h.fields["number"] for h in hits} == {"3"}  # "trafficking" there, via the stem


def test_rarity_weighs_rare_words_above_common_ones(backend: Backend) -> None:
    r = backend.rarity(terms("whoever smuggles"))
    assert r[terms("smuggles")[0]] > r["whoever"] > 0   # "whoever" is in two bodies, "smuggles" in one


def test_an_empty_index_answers_without_error(engine: str, tmp_path: Path) -> None:
    # Whoosh's idf takes log(0) on an empty index: a search during a rebuild raised ValueError
    from qanoon.search.engine import Options, search

    empty = open_engine(engine, tmp_path / "empty")
    assert empty.rarity(["trafficking"]) == {"trafficking": 0.0}
    assert search(empty, "punishment for trafficking", Options()).hits == []


class _FullDisk:
    """A file that takes ``budget`` bytes, then fails as a full disk does."""

    def __init__(self, file, budget: list[int]) -> None:
        self._file, self._budget = file, budget

    def write(self, data) -> int:
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._file.write(data)

    def __getattr__(self, name: str):
        return getattr(self._file, name)


def test_a_full_disk_leaves_the_index_unchanged_and_no_partial_files(tmp_path: Path, monkeypatch) -> None:
    """Whoosh: its file layer is Python, so a full disk can be made to happen inside it."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import StructFile

    backend = WhooshBackend(tmp_path / "ix")
    backend.index_documents(sample_records()[:1])
    before = sorted(p.name for p in (tmp_path / "ix").iterdir())
    budget = [4000]
    real = FileStorage.create_file

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        f = real(self, name, excl=excl, mode=mode, **kwargs)
        return StructFile(_FullDisk(f.file, budget), name=name)

    monkeypatch.setattr(FileStorage, "create_file", create_file)
    many = [record(i, f"Heading {i}", "Whoever recruits persons for exploitation. " * 40) for i in range(10, 60)]
    with pytest.raises(IndexStateError) as err:
        backend.index_documents(many)
    assert str(err.value) == f"{tmp_path / 'ix'}: could not write the index (No space left on device); the index is unchanged"
    assert sorted(p.name for p in (tmp_path / "ix").iterdir()) == before   # no partial segment left to fill the disk
    monkeypatch.setattr(FileStorage, "create_file", real)
    backend.index_documents(many)   # the retry, with space again, succeeds
    assert len(list(backend.records(record="provision"))) == 51


def test_a_commit_leaving_many_replaced_documents_merges_them_away(tmp_path: Path) -> None:
    # Whoosh counts a replaced document in its word statistics until its segment is merged, so
    # an index re-ingested many times would rank differently from a fresh one
    backend = WhooshBackend(tmp_path / "ix")
    backend.index_documents(sample_records())
    before = backend.rarity(terms("whoever smuggles"))
    with backend.transaction() as txn:
        txn.delete_doc("d")
        for r in sample_records():
            txn.add(r)
    assert backend.ix.doc_count_all() == backend.ix.doc_count() == 3
    assert backend.rarity(terms("whoever smuggles")) == before


def test_phrase_queries_work_on_written_index(backend: Backend) -> None:
    hits = backend.search(Query(should=(("body", "smuggles migrants", 1.0, True),))).hits
    assert [h.fields["number"] for h in hits] == ["2"]
    assert not backend.search(Query(should=(("body", "migrants smuggles", 1.0, True),))).hits


def test_field_boosts_change_ranking(backend: Backend) -> None:
    heading_first = backend.search(Query(should=(("heading", "trafficking", 5.0, False), ("body", "trafficking", 1.0, False))))
    assert heading_first.hits[0].fields["number"] == "1"


def test_filters_and_grouped_facets(backend: Backend) -> None:
    res = backend.search(Query(should=(("body", "whoever", 1.0, False),), filters={"jurisdiction": ("punjab",)},
                               facet_fields=("jurisdiction", "topics")))
    assert [h.fields["number"] for h in res.hits] == ["2"] and res.facets["jurisdiction"] == {"punjab": 1}


def test_stored_fields_round_trip(backend: Backend) -> None:
    rec = next(backend.records(eid="sec_1"))
    assert rec["data"] == {"k": 1} and rec["topics"] == ["trafficking-offence"]


def test_each_record_keeps_its_distinct_words_for_the_coverage_check(backend: Backend) -> None:
    from qanoon.indexer.cover import distinct_words

    rec = next(backend.records(eid="sec_1"))
    assert rec["words"] == distinct_words(rec) and " harbours" in rec["words"] and " trafficking" in rec["words"]
    # written anew from the record, whatever words a copied record brought with it
    backend.index_documents([{**record(7, "Copy", "Whoever smuggles."), "words": " stale"}])
    assert next(backend.records(eid="sec_7"))["words"] == distinct_words(record(7, "Copy", "Whoever smuggles."))


def test_an_index_holding_only_the_knowledge_base_is_told_apart(engine: str, backend: Backend, tmp_path: Path) -> None:
    cls = type(backend)
    assert not cls.holds_only_knowledge_base(backend.folder)          # the sample records are a user's
    kb_only = open_engine(engine, tmp_path / "kb")
    kb_only.index_documents([record(1, "Trafficking in persons", "Whoever recruits.", doc_id="kb")])
    assert cls.holds_only_knowledge_base(kb_only.folder)
    (tmp_path / "junk").mkdir()
    assert not cls.holds_only_knowledge_base(tmp_path / "junk")       # cannot tell: not an index


def test_spelling_suggestions(backend: Backend) -> None:
    close = backend.suggest(["smugling", "smuggling", "which"])
    assert {"smuggling", "smuggles"} & set(close["smugling"])
    assert set(close) == {"smugling"}   # a known word and a stop word need no correction


def test_a_typo_is_corrected_to_the_nearest_known_word_then_the_most_frequent() -> None:
    """The choice both engines make from the words they list (``backend.closest_words``)."""
    from qanoon.indexer.backend import closest_words

    counts = {"smuggling": 5, "smiling": 40, "simulating": 90, "muggling": 80, "smuggles": 9}
    assert closest_words("smugling", counts, counts.__getitem__) == ["smuggling", "smiling"]
    counts = {"bridge": 1, "bride": 2}
    assert closest_words("brige", counts, counts.__getitem__) == ["bride", "bridge"]   # as near: the more frequent first
    assert closest_words("fake", {"fate": 3, "fakes": 1}, lambda w: 1) == ["fakes"]   # "fate" is another word


def test_failed_transaction_changes_nothing(backend: Backend) -> None:
    with pytest.raises(RuntimeError), backend.transaction() as txn:
        txn.delete_doc("d")
        raise RuntimeError("boom")
    assert len(list(backend.records(doc_id="d"))) == 3


def test_delete_by_document(backend: Backend) -> None:
    backend.delete("d")
    assert not list(backend.records(doc_id="d"))


def test_old_schema_is_detected(engine: str, tmp_path: Path) -> None:
    open_engine(engine, tmp_path / "ix")
    (tmp_path / "ix" / "qanoon-schema.json").write_text('{"schema_version": 1}')
    with pytest.raises(IndexStateError, match="rebuild"):
        open_engine(engine, tmp_path / "ix")


def test_an_index_of_the_other_engine_is_refused_with_the_way_out(engine: str, tmp_path: Path) -> None:
    other = "whoosh" if engine == "tantivy" else "tantivy"
    open_engine(other, tmp_path / "ix")
    with pytest.raises(IndexStateError, match=f"index written by the {other} engine.*rebuild"):
        open_engine(engine, tmp_path / "ix")


def test_one_word_family_one_stem() -> None:
    """Porter (Whoosh's default) splits these families; the English Snowball stemmer does not."""
    from qanoon.indexer.analysis import terms

    assert terms("employing employed employment employer") == ["employ"] * 4
    assert terms("trafficked traffickers trafficking") == ["traffick"] * 3
    assert terms("age aged ages") == ["age"] * 3 and terms("agency") != ["age"]


@pytest.mark.parametrize(("forms", "stem"), [
    ("child children", "child"), ("woman women", "woman"), ("man men", "man"), ("wife wives", "wife"),
    ("marry married marriage marriages", "marriag"), ("smuggling smuggled smuggler smugglers", "smuggl"),
    ("sell selling sold sale", "sell"), ("buy buying bought", "buy"),
])
def test_forms_the_stemmer_leaves_apart_are_one_word(forms: str, stem: str) -> None:
    assert terms(forms) == [stem] * len(forms.split())


def test_the_same_word_in_another_form_is_found(backend: Backend) -> None:
    # the index and the query share one analyser: "smugglers" finds the text saying "smuggles"
    hits = backend.search(Query(should=(("body", "smugglers", 1.0, False),))).hits
    assert {h.fields["number"] for h in hits} == {"2"}


def test_a_kept_searcher_sees_a_commit_and_a_swapped_in_index(engine: str, tmp_path: Path) -> None:
    # searchers are kept between searches; they must not outlive what they read
    live = open_engine(engine, tmp_path / "index")
    live.index_documents([record(1, "Trafficking in persons", "Whoever recruits persons.")])
    ask = Query(should=(("body", "recruits", 1.0, False),), limit=10)
    assert [h.fields["id"] for h in live.search(ask).hits] == ["d#1"]
    live.index_documents([record(2, "Smuggling", "Whoever recruits migrants.", doc_id="e")])   # a commit
    assert sorted(h.fields["id"] for h in live.search(ask).hits) == ["d#1", "d#2"]
    # another folder built beside it, at the same generation, exchanged in as a rebuild does
    other = open_engine(engine, tmp_path / "staging")
    other.index_documents([record(7, "Forced labour", "Whoever recruits bonded labourers.")])
    other.index_documents([record(8, "Other", "Nothing here.", doc_id="f")])
    from qanoon.indexer.store import swap_in

    swap_in(tmp_path, tmp_path / "staging")
    assert [h.fields["id"] for h in live.search(ask).hits] == ["d#7"]


@given(st.text(alphabet=st.sampled_from(list("aeioutrnsAEIOU .,;-*'()0123456789ٹپاکستانéß\n")), max_size=300))
@settings(max_examples=300, deadline=None)
def test_the_fast_analysis_equals_the_indexing_chain(text: str) -> None:
    # search analyses questions and snippets in one loop; the index uses Whoosh's chain: a
    # word reduced differently by the two would never match
    from qanoon.indexer.analysis import analyzer, spans

    assert list(spans(text)) == [(t.text, t.startchar, t.endchar) for t in analyzer()(text, chars=True)]


def test_the_fast_analysis_equals_the_indexing_chain_on_legal_text() -> None:
    from qanoon.indexer.analysis import analyzer, spans

    text = ("S. 3(2): Whoever traffics a child (under 18) shall be punished with imprisonment; P.P.C. s. 371-A, "
            "the Anti-Trafficking Unit's officers, organised/organized crime, children's sale & sold, e-mail, 1st.")
    assert list(spans(text)) == [(t.text, t.startchar, t.endchar) for t in analyzer()(text, chars=True)]


def test_the_generation_changes_with_every_commit(backend: Backend) -> None:
    # what the web app's kept pages are keyed by: a commit must show, a search must not
    before = backend.generation()
    backend.search(Query(should=(("body", "whoever", 1.0, False),)))
    assert backend.generation() == before
    backend.index_documents([record(9, "New", "Whoever harbours migrants.", doc_id="n")])
    assert backend.generation() != before


@given(st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzAEIOUY")), min_size=1, max_size=14))
@settings(max_examples=500, deadline=None)
def test_a_stem_keeps_its_words_first_letter(word: str) -> None:
    # snippets stem only the words whose first letter a query term has (analysis.spans)
    from qanoon.indexer.analysis import stem

    assert stem(word.lower())[:1] == word.lower()[:1]


def test_spans_for_some_initials_are_the_spans_with_those_terms() -> None:
    from qanoon.indexer.analysis import spans

    text = "Sold children, bought wives and men: the sale of organs by organised groups, punished."
    wanted = {"sell", "child", "man", "organis", "punish"}
    every = [s for s in spans(text) if s[0] in wanted]
    assert [s for s in spans(text, frozenset(t[0] for t in wanted)) if s[0] in wanted] == every
    assert {s[0] for s in every} == wanted
