"""Qanoon's disjunctions on Whoosh, scored a block of postings at a time.

A search asks Whoosh for one disjunction of weighted words per text field, and a few phrases
(``whoosh_backend._merged``). Whoosh scores such a query one posting at a time through a chain of
Python calls (the union matcher, the boost wrapper, the scorer, the field-length column) and
then walks an array slot for every document to find the matches: most of a warm search, and the
reason Qanoon's query cost two-thirds more than the four-field query of the words typed.

``top_documents`` computes the same scores from the same postings with Whoosh's own BM25F
formula, operation for operation, a block of postings at a time. Phrases cost a quarter of a
warm search, because Whoosh reads every position of every word of a phrase to match it; in
headings and summaries they are matched through the word pairs indexed beside the field
(``pair_tokens``). A two-word phrase matches exactly the documents holding its pair, scored as
Whoosh scores a phrase, the sum of its words' scores; a longer one is left to Whoosh where every
pair of it is found, and matches nothing where one is not. Phrases in body text are Whoosh's.
Documents come back in Whoosh's order (score, then document number), with the
count of every match, and facet counts over them. A query with any other part (a second filter,
exclusions, another scorer) gets None, and the caller lets Whoosh run it: nothing here decides
what matches. This reads whoosh3's insides (its posting blocks and length columns); the tests
compare every score with Whoosh's own, and an attribute that moved in a later whoosh3 sends the
query back to Whoosh.
"""

from __future__ import annotations

import heapq
import itertools
import weakref
from collections import Counter
from collections.abc import Set
from functools import lru_cache
from typing import Any

from qanoon.indexer.analysis import terms
from qanoon.indexer.backend import PHRASE_GAP
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching import FilterMatcher, NullMatcherClass, WrappingMatcher
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

Scores = dict[int, float]
# per segment reader, read once: each text field's coded length in every document, and each
# keyword field's values
_LENGTHS: weakref.WeakKeyDictionary[Any, dict[str, bytes]] = weakref.WeakKeyDictionary()
_VALUES: weakref.WeakKeyDictionary[Any, dict[str, list[tuple[str, frozenset[int]]]]] = weakref.WeakKeyDictionary()


class _Unsupported(Exception):
    """A part of the query this module does not score: Whoosh runs the whole query."""


def top_documents(searcher: Any, q: wq.Query, limit: int, facet_fields: tuple[str, ...] = ()
                  ) -> tuple[list[tuple[float, int]], int, dict[str, dict[str, int]]] | None:
    """(score, document number) of the best ``limit`` matches of ``q``, best first; the number
    of matches; and for each of ``facet_fields``, how many matches hold each of its values.
    None when ``q`` has a part that only Whoosh scores."""
    found: list[tuple[float, int]] = []
    counts: dict[str, Counter[str]] = {f: Counter() for f in facet_fields}
    context = searcher.context()   # as Whoosh's collector builds each segment's matcher
    try:
        for sub, offset in searcher.leaf_searchers():
            scores = _scores(q, sub, context)
            found.extend((s, offset + d) for d, s in scores.items())
            for f in facet_fields:
                for value, docs in _values(sub.reader(), f):
                    if n := len(scores.keys() & docs):
                        counts[f][value] += n
    except (_Unsupported, AttributeError):   # AttributeError: a whoosh3 whose insides moved; Whoosh runs it
        return None
    # Whoosh's top-N collector keeps the highest scores, and the lower document number of two
    # equal scores
    top = heapq.nsmallest(limit, found, key=lambda t: (-t[0], t[1]))
    return top, len(found), {f: dict(c) for f, c in counts.items()}


def _scores(q: wq.Query, sub: Any, context: Any) -> Scores:
    """Each matching document's score for ``q`` in one segment."""
    if type(q) is wq.Or and q.matcher_type == wq.Or.ARRAY_MATCHER:
        subs = q.subqueries
        if len(subs) == 1:   # Whoosh gives a lone clause's matcher, without the disjunction's boost
            return _scores(subs[0], sub, context)
        # Whoosh's array union: each clause's score times the boost, added in clause order; a
        # document matches when its sum is above zero
        acc: Scores = {}
        boost = q.boost
        for s in subs:
            for d, v in _scores(s, sub, context).items():
                acc[d] = acc.get(d, 0.0) + v * boost
        return {d: v for d, v in acc.items() if v > 0}
    if type(q) is wq.And and len(q.subqueries) == 2:   # the words, and a filter (a jurisdiction, a law)
        words, only = q.subqueries
        return _within(_scores(words, sub, context), only.matcher(sub, context))
    if type(q) is wq.Term:
        return _term_scores(q, sub, context)
    if type(q) is wq.Phrase:
        return _phrase_scores(q, sub, context)
    raise _Unsupported(type(q).__name__)


# The phrase fields (``search.query.PHRASE_BOOSTS``) whose word pairs are indexed. Not body text:
# its 225,000 different pairs in the shared corpus (against 11,000 words) tripled the index;
# hashed into 65,536 buckets, to tell where a phrase cannot be, they still doubled it and added
# two-thirds to an ingest, to take another 7% off the median search and nothing off the slowest.
PAIRED_FIELDS = ("heading", "summary")


def pair_field(field: str) -> str:
    return f"{field}_pairs"


def _pair(first: str, second: str) -> str:
    return f"{first} {second}"


def pair_tokens(text: str) -> str:
    """The pairs of indexed words of ``text`` that a phrase may match (the second at most
    ``PHRASE_GAP`` words after the first, counted as the index numbers positions: stop words
    left out), as the comma-separated value of the field ``pair_field`` names."""
    words = terms(text)
    return ",".join(sorted({_pair(a, b) for i, a in enumerate(words) for b in words[i + 1:i + 2 + PHRASE_GAP]}))


def _phrase_scores(q: wq.Phrase, sub: Any, context: Any) -> Scores:
    """Whoosh's matches and scores of a phrase (its words in order, each at most ``q.slop``
    positions after the one before), found from the pairs of words indexed for its field."""
    if q.fieldname not in PAIRED_FIELDS or q.slop != PHRASE_GAP + 1 or len(q.words) < 2:
        return _each_posting(q.matcher(sub, context))
    docs: set[int] | None = None
    for a, b in itertools.pairwise(q.words):
        with_pair = _documents(sub.reader(), pair_field(q.fieldname), _pair(a, b))
        docs = with_pair if docs is None else docs & with_pair
        if not docs:   # a pair no document holds: neither does any document hold the phrase
            return {}
    if len(q.words) > 2:   # the pairs are there, perhaps not one after the other: Whoosh decides
        return _each_posting(q.matcher(sub, context))
    first, second = (_term_scores(wq.Term(q.fieldname, w), sub, context) for w in q.words)
    # Whoosh's phrase matcher scores a match as the intersection of its words' matchers does, the
    # first word's score plus the second's, then applies the phrase's boost (a boost of 1 too)
    try:
        return {d: (first[d] + second[d]) * q.boost for d in docs}
    except KeyError:   # a pair without its words: an index the analyser did not write; Whoosh runs it
        raise _Unsupported("pairs") from None


def _documents(reader: Any, field: str, token: str) -> set[int]:
    """The live documents whose ``field`` holds ``token``."""
    if (field, token) not in reader:
        return set()
    m, deleted = _live(reader.postings(field, token))
    return set(_postings(m)[0]) - deleted


def _live(m: Any) -> tuple[Any, Set[int]]:
    """A segment's postings matcher without Whoosh's filter of its deleted documents, and those."""
    if type(m) is FilterMatcher and m._exclude and m.boost == 1.0:
        return m.child, m._ids
    return m, frozenset()


def _term_scores(q: wq.Term, sub: Any, context: Any) -> Scores:
    m = q.matcher(sub, context)   # Whoosh's own: the word's postings with its scorer, maybe boosted
    boost = 1.0
    if type(m) is WrappingMatcher:   # a boosted word: Whoosh multiplies the word's score by it
        boost, m = m.boost, m.child
    m, deleted = _live(m)   # a segment with deleted documents
    if isinstance(m, NullMatcherClass):
        return {}
    scorer = getattr(m, "scorer", None)
    if type(scorer) is not BM25FScorer:
        raise _Unsupported(type(scorer).__name__)
    ids, weights = _postings(m)
    norm = _norms(scorer.K1, scorer.B, scorer.avgfl)
    lengths = _lengths(sub.reader(), q.fieldname)
    idf, k1p1 = scorer.idf, scorer.K1 + 1
    # bm25() of whoosh.scoring with its length term looked up: the same operations, the same
    # floats (and a word's boost of 1.0, which Whoosh does not apply, changes no float)
    return {d: idf * ((w * k1p1) / (w + norm[lengths[d]])) * boost
            for d, w in zip(ids, weights, strict=True) if d not in deleted}


def _postings(m: Any) -> tuple[list[int], list[float]]:
    """A word's document numbers and weights in one segment, read a block at a time."""
    if type(m) is W3LeafMatcher:
        ids: list[int] = []
        weights: list[float] = []
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids[m._i:])   # from where the matcher stands: the first block may be begun
            weights.extend(m._weights[m._i:])
            m._next_block()
        return ids, weights
    raise _Unsupported(type(m).__name__)


def _each_posting(m: Any) -> Scores:
    """Scores from Whoosh's own matcher, one posting at a time (a phrase's)."""
    out: Scores = {}
    while m.is_active():
        out[m.id()] = m.score()
        m.next()
    return out


def _within(scores: Scores, m: Any) -> Scores:
    """The documents of ``scores`` that Whoosh's matcher ``m`` matches too, each with the two
    scores added, as Whoosh's intersection adds them; ``m`` skips to each document in turn,
    rather than walking a filter that holds most of the index."""
    out: Scores = {}
    for d in sorted(scores):
        if not m.is_active():
            break
        if m.id() < d:
            m.skip_to(d)
        if m.is_active() and m.id() == d:
            out[d] = scores[d] + m.score()
    return out


@lru_cache(maxsize=256)
def _norms(K1: float, B: float, avgfl: float) -> tuple[float, ...]:
    """bm25()'s length term for each of the 256 coded field lengths (one table per field, while
    the index stays the same)."""
    return tuple(K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256))


def _values(reader: Any, field: str) -> list[tuple[str, frozenset[int]]]:
    """Each value of a keyword field (a jurisdiction, a type, a topic) in a segment, with the
    documents that hold it, read from the field's postings once per segment: Whoosh's facets read
    them again for every search."""
    per = _VALUES.setdefault(reader, {})
    if field not in per:
        held = []
        for term in reader.lexicon(field):
            if not term:   # an empty value is not a facet (as the backend drops it from Whoosh's)
                continue
            m = reader.postings(field, term)
            if type(m) is FilterMatcher:   # deleted documents: never among the matches counted
                m = m.child
            held.append((term.decode("utf-8"), frozenset(_postings(m)[0])))
        per[field] = held
    return per[field]


def _lengths(reader: Any, field: str) -> bytes:
    """The coded length of ``field`` in every document of a segment: one byte each, read in one
    piece once per segment (Whoosh reads one from its column for each posting)."""
    per = _LENGTHS.setdefault(reader, {})
    if field not in per:
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if type(column) is not NumericColumn.Reader or column._typecode != "B":
            raise _Unsupported(f"lengths of {field}")
        raw = column._dbfile.get(column._basepos, column._count)
        per[field] = raw + bytes(reader.doc_count_all() - len(raw))   # the column stops at its last document
    return per[field]
