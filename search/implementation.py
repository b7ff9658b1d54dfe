"""Whether what a law requires has been done: ``corpus/implementation.toml``.

A law may require a body, a fund or rules; whether the government set them up is a fact about
the world, not about the text, so it is recorded apart from the instruments, each record with
its source and date. The legislative action plan turns these records into oversight questions
that say what is known ("reported not functioning in 2023") instead of asking blind.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qanoon.indexer.corpus_format import CORPUS_DIR
from qanoon.indexer.errors import KnowledgeBaseError
from qanoon.indexer.jurisdictions import PAKISTAN

STATUSES = ("done", "not_done", "not_functioning", "partly")


@dataclass(frozen=True)
class Record:
    jurisdiction: str
    instrument: str
    provision: str
    body: str
    status: str
    as_of: str
    summary: str
    source: str
    url: str = ""
    confirmed: bool = False

    def sentence(self) -> str:
        """Where the record comes from: "a report of 2023-01 (APP, 19 January 2023)"."""
        return f"a report of {self.as_of} ({self.source}" + ("" if self.confirmed else "; unconfirmed") + ")"


@lru_cache(maxsize=2)
def load_records(corpus_dir: Path = CORPUS_DIR) -> tuple[Record, ...]:
    """Every record of ``corpus/implementation.toml`` (none when the file is absent)."""
    path = corpus_dir / "implementation.toml"
    if not path.exists():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(f"{path}: invalid TOML: {exc}") from None
    out = []
    for raw in data.get("record", []):
        missing = [k for k in ("jurisdiction", "instrument", "provision", "body", "status", "as_of", "summary", "source") if not raw.get(k)]
        if missing:
            raise KnowledgeBaseError(f"{path}: record of {raw.get('body', '?')}: missing '{missing[0]}'")
        if raw["status"] not in STATUSES or raw["jurisdiction"] not in PAKISTAN:
            raise KnowledgeBaseError(f"{path}: record of {raw['body']}: unknown status or jurisdiction")
        out.append(Record(raw["jurisdiction"], raw["instrument"], str(raw["provision"]), raw["body"], raw["status"],
                          str(raw["as_of"]), raw["summary"], raw["source"], raw.get("url", ""), bool(raw.get("confirmed", False))))
    return tuple(out)


def records_for(jurisdiction: str, instrument: str, provision: str) -> list[Record]:
    """The records on the body a provision requires, in one jurisdiction, latest first."""
    found = [r for r in load_records() if (r.jurisdiction, r.instrument, r.provision) == (jurisdiction, instrument, provision)]
    return sorted(found, key=lambda r: r.as_of, reverse=True)
