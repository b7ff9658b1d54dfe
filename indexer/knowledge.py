"""Load and validate the embedded knowledge base in ``corpus/``.

Parts:
- ``Fact``, ``CuratedProvision``, ``Instrument``, ``NoLaw``: frozen records of what the files say;
- ``load(corpus_dir)``: read every instrument and jurisdiction file, validating as it goes;
- ``validate(corpus_dir)``: every problem at once, for authors (``python -m qanoon.indexer.knowledge``).

The format is documented in ``corpus/README.md``; this module and ``corpus_format`` (its vocabulary
and TOML readers) are its only readers.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from qanoon.indexer.corpus_format import (
    CORPUS_DIR,
    FACT_KEYS,
    PAKISTAN_STATUSES,
    STATUSES,
    TYPES,
    load_topics,
    read_toml,
    split_front_matter,
)
from qanoon.indexer.errors import KnowledgeBaseError
from qanoon.indexer.jurisdictions import JURISDICTIONS

PROVISION_KINDS = {"section", "article", "rule", "paragraph", "schedule", "part", "chapter"}


@dataclass(frozen=True)
class PreviousValue:
    """A fact's value before an amendment changed it."""

    value: Any
    holds_from: str
    until: str
    citation: str


@dataclass(frozen=True)
class Fact:
    """One structured, cited fact about a provision (a penalty, an age, an agency)."""

    key: str
    value: Any
    citation: str
    applies_to: str = ""
    holds_from: str = ""
    confirmed: bool = True
    note: str = ""
    previous: tuple[PreviousValue, ...] = ()
    extracted: bool = False  # True when read from full text rather than written by us

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "value": self.value, "applies_to": self.applies_to,
            "citation": self.citation, "holds_from": self.holds_from,
            "confirmed": self.confirmed, "note": self.note, "extracted": self.extracted,
            "previous": [vars(p) for p in self.previous],
        }


@dataclass(frozen=True)
class CuratedProvision:
    """A key provision as the knowledge base records it: heading, our summary, tags, facts."""

    num: str
    kind: str
    heading: str
    summary: str
    topics: tuple[str, ...]
    facts: tuple[Fact, ...] = ()
    refers_to: tuple[str, ...] = ()
    status: str = ""   # "" = the instrument's; "repealed" for a section repealed or omitted from a law in force
    replaced_by: tuple[str, ...] = ()   # unit ids ("pk/act/1860/ppc/sec_371b") of the provisions now doing its work

    @property
    def eid(self) -> str:
        from qanoon.indexer.structure.eids import provision_eid

        return provision_eid(self.kind, self.num)


@dataclass(frozen=True)
class Amendment:
    title: str
    date: str
    changes: str = ""
    number: str = ""
    confirmed: bool = True


@dataclass(frozen=True)
class PakistanStatus:
    """Pakistan's relation to an international instrument."""

    status: str
    date: str = ""
    source: str = ""
    confirmed: bool = True
    declarations: str = ""


@dataclass(frozen=True)
class Instrument:
    """One instrument of the knowledge base, with its metadata and key provisions."""

    id: str
    title: str
    year: int
    jurisdiction: str
    type: str
    status: str
    path: Path
    short_names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    number: str = ""
    repealed_by: str = ""
    commencement: str = ""
    source_url: str = ""
    source_name: str = ""
    checked: str = ""
    related: tuple[str, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    pakistan: PakistanStatus | None = None
    provisions: tuple[CuratedProvision, ...] = ()
    overview: str = ""
    issuing_body: str = ""
    # what the instrument as a whole is on, for a law recorded without its provisions (its text
    # not seen): it still shows its province or territory has a law on the topic
    topics: tuple[str, ...] = ()

    def provision(self, num: str) -> CuratedProvision | None:
        wanted = num.strip().upper()
        return next((p for p in self.provisions if p.num.upper() == wanted), None)


ABSENCE_BASES = ("official", "reported", "not-found")


@dataclass(frozen=True)
class NoLaw:
    """A recorded absence: the jurisdiction has no law on the topic, as checked on a date."""

    jurisdiction: str
    topic: str
    checked: str
    note: str
    source: str
    confirmed: bool
    # what the absence rests on: "official" (the official code or list was read), "reported" (a
    # source says there is no such law), "not-found" (searches found none: not evidence enough
    # to tell a jurisdiction it has no law, so it is shown as not assessed)
    basis: str = "reported"


@dataclass(frozen=True)
class KnowledgeBase:
    instruments: tuple[Instrument, ...]
    no_law: tuple[NoLaw, ...]
    topics: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, instrument_id: str) -> Instrument | None:
        return next((i for i in self.instruments if i.id == instrument_id), None)


def _need(data: dict[str, Any], key: str, path: Path, where: str = "") -> Any:
    if key not in data or data[key] in ("", None):
        raise KnowledgeBaseError(f"{path}: {where}missing required field '{key}'")
    return data[key]


def _fact(raw: dict[str, Any], path: Path, where: str) -> Fact:
    key = _need(raw, "key", path, where)
    if key not in FACT_KEYS:
        raise KnowledgeBaseError(f"{path}: {where}unknown fact key '{key}'")
    if "value" not in raw:
        raise KnowledgeBaseError(f"{path}: {where}fact '{key}' has no value")
    citation = _need(raw, "citation", path, f"{where}fact '{key}': ")
    previous = tuple(
        PreviousValue(
            value=p.get("value"), holds_from=str(p.get("holds_from", "")),
            until=str(p.get("until", "")), citation=str(p.get("citation", citation)),
        )
        for p in raw.get("previous", [])
    )
    return Fact(
        key=key, value=raw["value"], citation=citation, applies_to=raw.get("applies_to", ""),
        holds_from=str(raw.get("holds_from", "")), confirmed=bool(raw.get("confirmed", True)),
        note=raw.get("note", ""), previous=previous,
    )


def _provision(raw: dict[str, Any], path: Path, topics: dict[str, Any]) -> CuratedProvision:
    num = str(_need(raw, "num", path, "provision: "))
    where = f"provision {num}: "
    kind = raw.get("kind", "section")
    if kind not in PROVISION_KINDS:
        raise KnowledgeBaseError(f"{path}: {where}unknown kind '{kind}'")
    tags = tuple(raw.get("topics", []))
    unknown = [t for t in tags if t not in topics]
    if unknown:
        raise KnowledgeBaseError(f"{path}: {where}unknown topic(s) {', '.join(unknown)}")
    status = raw.get("status", "")
    if status and status not in STATUSES:
        raise KnowledgeBaseError(f"{path}: {where}unknown status '{status}'")
    replaced_by = tuple(raw.get("replaced_by", []))
    if replaced_by and status not in {"repealed", "superseded"}:
        raise KnowledgeBaseError(f"{path}: {where}replaced_by is for a repealed provision (status = \"repealed\")")
    return CuratedProvision(
        num=num, kind=kind, heading=_need(raw, "heading", path, where),
        summary=_need(raw, "summary", path, where), topics=tags,
        facts=tuple(_fact(f, path, where) for f in raw.get("facts", [])),
        refers_to=tuple(raw.get("refers_to", [])), status=status, replaced_by=replaced_by,
    )


def load_instrument(path: Path, topics: dict[str, Any]) -> Instrument:
    """Read and validate one instrument file."""
    data, body = split_front_matter(path.read_text(encoding="utf-8"), path)
    jurisdiction = _need(data, "jurisdiction", path)
    if jurisdiction not in JURISDICTIONS:
        raise KnowledgeBaseError(f"{path}: unknown jurisdiction '{jurisdiction}'")
    kind = _need(data, "type", path)
    if kind not in TYPES:
        raise KnowledgeBaseError(f"{path}: unknown type '{kind}'")
    status = data.get("status", "in_force")
    if status not in STATUSES:
        raise KnowledgeBaseError(f"{path}: unknown status '{status}'")
    pakistan = None
    if "pakistan" in data:
        raw = data["pakistan"]
        if raw.get("status") not in PAKISTAN_STATUSES:
            raise KnowledgeBaseError(f"{path}: unknown Pakistan status '{raw.get('status')}'")
        pakistan = PakistanStatus(
            status=raw["status"], date=str(raw.get("date", "")), source=raw.get("source", ""),
            confirmed=bool(raw.get("confirmed", True)), declarations=raw.get("declarations", ""),
        )
    provisions = tuple(_provision(p, path, topics) for p in data.get("provisions", []))
    own_topics = tuple(data.get("topics", []))
    unknown = [t for t in own_topics if t not in topics]
    if unknown:
        raise KnowledgeBaseError(f"{path}: unknown topic(s) {', '.join(unknown)}")
    seen: set[str] = set()
    for p in provisions:
        if p.eid in seen:
            raise KnowledgeBaseError(f"{path}: provision {p.num} appears twice")
        seen.add(p.eid)
    return Instrument(
        id=_need(data, "id", path), title=_need(data, "title", path),
        year=int(_need(data, "year", path)), jurisdiction=jurisdiction, type=kind,
        status=status, path=path, short_names=tuple(data.get("short_names", [])),
        aliases=tuple(data.get("aliases", [])), number=data.get("number", ""),
        repealed_by=data.get("repealed_by", ""), commencement=str(data.get("commencement", "")),
        source_url=data.get("source_url", ""), source_name=data.get("source_name", ""),
        checked=str(data.get("checked", "")), related=tuple(data.get("related", [])),
        amendments=tuple(
            Amendment(
                title=a.get("title", ""), date=str(a.get("date", "")),
                changes=a.get("changes", ""), number=a.get("number", ""),
                confirmed=bool(a.get("confirmed", True)),
            )
            for a in data.get("amendments", [])
        ),
        pakistan=pakistan, provisions=provisions, overview=body,
        issuing_body=data.get("issuing_body", ""), topics=own_topics,
    )


def load_jurisdiction(path: Path, topics: dict[str, Any]) -> list[NoLaw]:
    """Read the recorded absences of one jurisdiction file."""
    data = read_toml(path)
    jurisdiction = _need(data, "jurisdiction", path)
    out = []
    for raw in data.get("no_law", []):
        topic = _need(raw, "topic", path, "no_law: ")
        if topic not in topics:
            raise KnowledgeBaseError(f"{path}: no_law: unknown topic '{topic}'")
        basis = raw.get("basis", "reported")
        if basis not in ABSENCE_BASES:
            raise KnowledgeBaseError(f"{path}: no_law: basis must be one of {', '.join(ABSENCE_BASES)}, not '{basis}'")
        out.append(NoLaw(
            jurisdiction=jurisdiction, topic=topic, checked=str(_need(raw, "checked", path)),
            note=raw.get("note", ""), source=raw.get("source", ""),
            confirmed=bool(raw.get("confirmed", True)), basis=basis,
        ))
    return out


def load(corpus_dir: Path = CORPUS_DIR) -> KnowledgeBase:
    """Read the whole knowledge base, failing on the first invalid file."""
    topics = load_topics(corpus_dir)
    instruments = tuple(
        load_instrument(p, topics) for p in sorted((corpus_dir / "instruments").rglob("*.md"))
    )
    ids = [i.id for i in instruments]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise KnowledgeBaseError(f"{corpus_dir}: instrument id used twice: {', '.join(sorted(dupes))}")
    no_law = tuple(
        n for p in sorted((corpus_dir / "jurisdictions").glob("*.toml"))
        for n in load_jurisdiction(p, topics)
    )
    return KnowledgeBase(instruments=instruments, no_law=no_law, topics=topics)


@lru_cache(maxsize=1)
def default() -> KnowledgeBase:
    """The embedded knowledge base, read once per process."""
    return load(CORPUS_DIR)


def validate(corpus_dir: Path = CORPUS_DIR) -> list[str]:
    """Every problem in the knowledge base, one line each (empty when valid)."""
    topics = load_topics(corpus_dir)
    problems = []
    for path in sorted((corpus_dir / "instruments").rglob("*.md")):
        try:
            load_instrument(path, topics)
        except KnowledgeBaseError as exc:
            problems.append(str(exc))
    for path in sorted((corpus_dir / "jurisdictions").glob("*.toml")):
        try:
            load_jurisdiction(path, topics)
        except KnowledgeBaseError as exc:
            problems.append(str(exc))
    if not problems:
        try:
            load(corpus_dir)
        except KnowledgeBaseError as exc:
            problems.append(str(exc))
    return problems


if __name__ == "__main__":
    found = validate(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS_DIR)
    print("\n".join(found) or "knowledge base is valid")
    sys.exit(1 if found else 0)
