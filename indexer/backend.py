"""The small engine interface the rest of Qanoon talks to (the django-haystack pattern).

Only ``indexer/whoosh_backend.py`` knows Whoosh. Another engine would implement ``Backend``
and ``Transaction`` and nothing else would change.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

# The fields every indexed record carries (see ``indexer/records.py``). 7: the index pickles
# its analyser by module path, which became ``qanoon.indexer.analysis`` when the package was
# named, and "organized" no longer shares the stem of "organ" (``analysis.SPLIT_WORD``).
SCHEMA_VERSION = 7


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
