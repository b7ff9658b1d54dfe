"""The small engine interface the rest of Qanoon talks to (the django-haystack pattern).

Only ``indexer/whoosh_backend.py`` knows Whoosh and only ``indexer/tantivy_backend.py`` knows
tantivy. Each implements ``Backend`` and ``Transaction``; what both need (the schema file that
says which engine and schema wrote an index, how a query's words are weighted, which typed word
is a likely typo) is here, once.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qanoon.indexer.analysis import terms
from qanoon.indexer.errors import IndexStateError

# The fields every indexed record carries (see ``indexer/records.py``). 7: the index pickles
# its analyser by module path, which became ``qanoon.indexer.analysis`` when the package was
# named, and "organized" no longer shares the stem of "organ" (``analysis.SPLIT_WORD``). 8: each
# record stores its distinct words for the coverage check (``indexer/cover.py``). 9: a Whoosh
# index holds the word pairs of the phrase fields (``whoosh_scoring.pair_tokens``).
SCHEMA_VERSION = 9
SCHEMA_FILE = "qanoon-schema.json"
REBUILD_HINT = "rebuild it with: qanoon ingest --rebuild PATH... (the knowledge base is re-indexed on its own)"
ENGINES = ("whoosh", "tantivy")
# Words of a phrase match in order with at most this many other words between two of them
# ("sale of children" finds "sale or trafficking of children" only within the gap).
PHRASE_GAP = 1
# Fields matched as whole values (ids, filters), not as analysed text.
KEYWORD_FIELDS = frozenset({"instrument_id", "number", "eid", "jurisdiction", "type", "status", "kind", "doc_id", "record", "topics"})


@dataclass(frozen=True)
class Query:
    """What the search layer asks the engine: weighted terms and phrases, and filters.

    ``should`` holds (field, text, boost, is_phrase) clauses of which any may match;
    ``must`` holds clauses that all must match; filters restrict by exact field values.
    """

    should: tuple[tuple[str, str, float, bool], ...] = ()
    must: tuple[tuple[str, str, float, bool], ...] = ()
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year: int | None = None
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    limit: int = 50
    facet_fields: tuple[str, ...] = ()
    default_scoring: bool = False   # the engine's stock ranking, for baselines


@dataclass
class EngineHit:
    fields: dict[str, Any]
    score: float


@dataclass
class EngineResults:
    hits: list[EngineHit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class Transaction(ABC):
    """A batch of writes that commits as a whole or not at all."""

    @abstractmethod
    def add(self, record: dict[str, Any]) -> None: ...

    @abstractmethod
    def delete_doc(self, doc_id: str) -> None: ...


class Backend(ABC):
    """A search engine holding Qanoon records."""

    folder: Path   # the index folder

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Transaction]:
        """Writes inside the ``with`` block commit on success and are discarded on error."""

    @abstractmethod
    def search(self, query: Query) -> EngineResults: ...

    @abstractmethod
    def records(self, **equals: str) -> Iterator[dict[str, Any]]:
        """Every stored record whose fields equal the given values."""

    @abstractmethod
    def suggest(self, words: Iterable[str]) -> dict[str, list[str]]:
        """Spelling suggestions, from the indexed vocabulary, for each of ``words`` that no
        heading or text has; a word they have (its reduced form is indexed) gets none."""

    @abstractmethod
    def generation(self) -> object:
        """A value that changes whenever what a search sees changes (a commit, by this process
        or another, or a rebuild's exchange of folders): what a cache of answers is keyed by."""

    @staticmethod
    @abstractmethod
    def holds_only_knowledge_base(folder: Path) -> bool:
        """Whether the index in ``folder``, whatever Qanoon schema wrote it, holds nothing but
        the embedded knowledge base (False when that cannot be told)."""

    @abstractmethod
    def rarity(self, words: Iterable[str]) -> dict[str, float]:
        """How rare each analysed word is among the records' texts (inverse document frequency):
        a rare word says more about what a question asks than a common one."""

    def index_documents(self, records: Iterable[dict[str, Any]]) -> None:
        with self.transaction() as txn:
            for record in records:
                txn.add(record)

    def delete(self, doc_id: str) -> None:
        with self.transaction() as txn:
            txn.delete_doc(doc_id)


# --- the schema file: which engine and schema version wrote an index folder -----------------

def warn_waiting(folder: Path, timeout: float) -> None:
    """Say once that an ingest waits for another's write lock. ``logging`` is imported only
    here: a search never waits, and importing it took a cold search 2-3 ms."""
    import logging

    logging.getLogger("qanoon").warning("another ingest is writing to %s; waiting up to %g s for it to finish...",
                                        folder, timeout)


def write_atomic(path: Path, text: str) -> None:
    """Write a small file so that a reader (or a crash) sees the old content or the new, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_schema_file(folder: Path, engine: str) -> None:
    write_atomic(folder / SCHEMA_FILE, json.dumps({"schema_version": SCHEMA_VERSION, "engine": engine}))


def _schema_file(folder: Path) -> dict[str, Any] | None:
    try:
        info = json.loads((folder / SCHEMA_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"schema_version": "unreadable"}
    return info if isinstance(info, dict) else {"schema_version": "unreadable"}


def recorded_engine(folder: Path) -> str | None:
    """The engine that wrote the index in ``folder`` (indexes from before there was a choice
    are Whoosh's), or None where there is no index yet."""
    info = _schema_file(folder)
    return None if info is None else str(info.get("engine") or "whoosh")


def _schema_version(folder: Path) -> object:
    info = _schema_file(folder)
    return None if info is None else info.get("schema_version")


def schema_is_current(folder: Path) -> bool:
    return _schema_version(folder) == SCHEMA_VERSION


def check_schema(folder: Path) -> None:
    """Refuse, with the way out, an index written with another schema than this version's."""
    version = _schema_version(folder)
    if version != SCHEMA_VERSION:
        older = "an older" if version is None or (isinstance(version, int) and version < SCHEMA_VERSION) else "another"
        raise IndexStateError(
            f"{folder}: index written by {older} version of Qanoon (schema {version}, this one needs "
            f"{SCHEMA_VERSION}); {REBUILD_HINT}"
        )


# --- engine-neutral query and record helpers -------------------------------------------------

def merge_should(clauses: tuple[tuple[str, str, float, bool], ...]
                 ) -> tuple[dict[str, dict[str, float]], list[tuple[str, str, float, bool]]]:
    """The should-clauses as, per text field, each analysed word with the sum of the boosts of
    the clauses it came from (a clause of several words scores the sum of its words' scores
    times its boost, so the scores are the same), and the clauses left as they are: phrases of
    several words and keyword clauses. A query and its synonyms repeat words across fields, and
    an engine scores one disjunction per field faster than one per clause."""
    weights: dict[str, dict[str, float]] = {}
    kept: list[tuple[str, str, float, bool]] = []
    for clause in clauses:
        field_name, text, boost, phrase = clause
        words = [] if field_name in KEYWORD_FIELDS else terms(text)
        if field_name in KEYWORD_FIELDS or (phrase and len(words) > 1):
            kept.append(clause)
            continue
        per = weights.setdefault(field_name, {})
        for w in words:
            per[w] = per.get(w, 0.0) + boost
    return {f: per for f, per in weights.items() if per}, kept


def likely_typo(typed: str, known: str) -> bool:
    """Whether ``known`` is what ``typed`` probably meant: typing keeps a word's first letter,
    a short word two edits away is another word ("benami" is not a misspelt "became"), and so
    is a word of four letters or fewer with one letter changed ("fake" is not a misspelt
    "fate"), while one with a letter dropped or doubled is a typo ("chid" for "child")."""
    if typed[:1] != known[:1] or (len(typed) <= 4 and len(known) == len(typed)):
        return False
    return distance(typed, known) <= (1 if len(typed) <= 6 else 2)


def closest_words(typed: str, known: Iterable[str], frequency: Callable[[str], int]) -> list[str]:
    """Up to three of the ``known`` words that ``typed`` probably misspells, the nearest first and,
    among equals, the most frequent. Each engine lists its words (those beginning with the
    letter ``typed`` begins with: ``likely_typo`` keeps it) and counts them; the choice is made
    here, the same on both. Whoosh's own corrector measured every word of a field against the
    typo (a third of a second on the shared corpus) and ranked them by frequency alone."""
    close = [(distance(typed, w), -frequency(w), w) for w in known
             if abs(len(w) - len(typed)) <= 2 and w != typed and likely_typo(typed, w)]
    return [w for _d, _n, w in sorted(close)[:3]]


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def decode(fields: dict[str, Any]) -> dict[str, Any]:
    """A stored record as the search layer reads it: ``data`` parsed, ``topics`` a list."""
    data = fields.get("data")
    if isinstance(data, (str, bytes)):
        fields["data"] = json.loads(data)
    topics = fields.get("topics")
    fields["topics"] = [t for t in (topics if isinstance(topics, list) else str(topics or "").split(",")) if t]
    return fields
