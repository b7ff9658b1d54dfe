"""Comparison: one topic across jurisdictions and standards, or two instruments side by side.

``compare_topic`` builds one row per Pakistani jurisdiction and one per international
instrument: the provisions on the topic (our summaries from the knowledge base, plus ingested
full texts that the topic rules tagged), their facts, and, for an empty row, whether the
absence is a recorded fact or just missing data. ``compare_instruments`` pairs the provisions
of two instruments topic by topic, led by the teaching contrasts of ``corpus/comparisons.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from qanoon.indexer.backend import Backend
from qanoon.indexer.citations import format_citation
from qanoon.indexer.corpus_format import CORPUS_DIR, KB_DOC
from qanoon.indexer.errors import QueryError
from qanoon.indexer.jurisdictions import JURISDICTIONS
from qanoon.indexer.jurisdictions import PAKISTAN as PAKISTAN_ORDER  # noqa: E402  (the order rows are shown in)
from qanoon.indexer.knowledge import Instrument, KnowledgeBase
from qanoon.indexer.structure.eids import provision_eid
from qanoon.search.applicability import applicable
from qanoon.search.names import Names, norm_name
from qanoon.search.query import detect_topics


@dataclass
class Cell:
    """One provision in a comparison."""

    id: str
    citation: str
    heading: str
    summary: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    status: str = "in_force"
    source: str = ""


@dataclass
class Row:
    jurisdiction: str
    label: str
    cells: list[Cell] = field(default_factory=list)
    absence: str = ""  # when empty: "recorded" (with date) or "no data"
    governing: str = ""   # which law governs here, in one line (applicability)
    basis: str = ""       # on what legal basis
    status: str = ""      # own | federal | none | unknown


@dataclass
class GridRow:
    """One jurisdiction at a glance: the law that governs, its values, the basis, the status."""

    jurisdiction: str
    label: str
    governing: str
    values: list[str]          # "Minimum marriage age for girls: 16 years (CMRA s. 2(a))"
    basis: str
    status: str                # own | federal | none | unknown
    confirmed: bool
    first: float | None = None  # the first measure's value, for shading a map


@dataclass
class Comparison:
    topic: str
    label: str
    definition: str
    rows: list[Row]
    grid: list[GridRow] = field(default_factory=list)   # leads the comparison; the provisions follow
    measure: str = ""                                      # what ``GridRow.first`` measures

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve_topic(text: str, kb: KnowledgeBase) -> str:
    """A topic id from an id, a label or words (``domestic workers`` → ``domestic-workers``)."""
    key = text.strip().lower().replace(" ", "-")
    if key in kb.topics:
        return key
    for tid, entry in kb.topics.items():
        names = [entry.get("label", ""), *entry.get("synonyms", [])]
        if any(norm_name(n) == norm_name(text) for n in names):
            return tid
    found = detect_topics(text)
    if found:
        return found[0]
    raise QueryError(f"'{text}': not a topic; see corpus/topics.toml (for example: domestic-workers, minimum-marriage-age)")


def _cell(inst: Instrument, p: Any) -> Cell:
    return Cell(
        id=f"{inst.id}/{provision_eid(p.kind, p.num)}", citation=format_citation(inst.title, p.kind, p.num),
        heading=p.heading, summary=p.summary, facts=[f.to_dict() for f in p.facts], status=inst.status,
        source=inst.source_url,
    )


def compare_topic(kb: KnowledgeBase, topic: str, backend: Backend | None = None,
                  jurisdictions: tuple[str, ...] = (), include_repealed: bool = False) -> Comparison:
    rows = {j: Row(j, JURISDICTIONS[j]) for j in PAKISTAN_ORDER}
    intl: dict[str, Row] = {}
    untexted: dict[str, list[str]] = {}   # laws on the topic known without their provisions
    for inst in kb.instruments:
        if inst.status == "repealed" and not include_repealed:
            continue
        if topic in inst.topics:
            untexted.setdefault(inst.jurisdiction, []).append(inst.title)
        cells = [_cell(inst, p) for p in inst.provisions if topic in p.topics]
        if not cells:
            continue
        if inst.jurisdiction == "international":
            intl.setdefault(inst.id, Row("international", inst.title)).cells.extend(cells)
        elif inst.jurisdiction in rows:
            rows[inst.jurisdiction].cells.extend(cells)
    if backend is not None:
        known = {i.id for i in kb.instruments}
        seen: set[tuple[str, str]] = set()
        for rec in backend.records(topics=topic, record="provision"):
            if rec.get("doc_id") == KB_DOC or rec["instrument_id"] in known or rec.get("kind") == "subsection":
                continue
            key = (rec["instrument_id"], rec.get("number", ""))
            if key in seen or rec.get("jurisdiction") not in rows:
                continue
            seen.add(key)
            rows[rec["jurisdiction"]].cells.append(Cell(
                id=f"{rec['instrument_id']}/{rec['eid']}", citation=rec["data"].get("citation", ""),
                heading=rec.get("heading", ""), summary=(rec.get("body") or "")[:300], status=rec.get("status", ""),
                facts=rec["data"].get("extracted_facts", []),
                source=rec["data"].get("source", {}).get("file", ""),
            ))
    # every row says which law governs there and why (search/applicability.py); an empty row says
    # whether that is federal law, a law known without its text, a recorded absence or no data
    for row in rows.values():
        app = applicable(kb, row.jurisdiction, topic)
        row.governing = app.summary()
        row.basis = app.basis
        row.status = app.status
        if row.cells:
            continue
        if app.status == "federal":
            row.absence = f"none of its own: {app.summary()} (see Federal)"
        elif row.jurisdiction in untexted:
            row.absence = (f"no provision recorded: {'; '.join(untexted[row.jurisdiction])} is known to exist, "
                           "but its official text was not seen")
        else:
            row.absence = f"no provision found: {app.basis}"
    chosen = [rows[j] for j in PAKISTAN_ORDER if not jurisdictions or j in jurisdictions]
    if not jurisdictions or "international" in jurisdictions:
        chosen += list(intl.values())
    entry = kb.topics.get(topic, {})
    grid, measure = _grid(kb, topic, [r for r in chosen if r.jurisdiction in PAKISTAN_ORDER])
    return Comparison(topic=topic, label=entry.get("label", topic), definition=entry.get("definition", ""), rows=chosen,
                      grid=grid, measure=measure)


def _grid(kb: KnowledgeBase, topic: str, rows: list[Row]) -> tuple[list[GridRow], str]:
    """Per jurisdiction, the values the law that applies there records for the topic's measures
    (``corpus/standards.toml``), beside its governing law, basis and status."""
    from qanoon.indexer.corpus_format import fact_value
    from qanoon.search.gaps.measures import measures_of

    values: dict[str, list[str]] = {}
    first: dict[str, float] = {}
    confirmed: dict[str, bool] = {}
    measure = ""
    for m, measured_values in measures_of(kb, topic):
        for v in measured_values:
            shown = f"{m['label']}: {fact_value(m['key'], v.value)} ({v.evidence.citation})"
            if shown not in values.setdefault(v.jurisdiction, []):
                values[v.jurisdiction].append(shown)
            confirmed[v.jurisdiction] = confirmed.get(v.jurisdiction, True) and v.evidence.confirmed
            if isinstance(v.value, (int, float)) and not isinstance(v.value, bool) and (not measure or measure == m["label"]):
                measure = m["label"]
                first.setdefault(v.jurisdiction, float(v.value))
    grid = [GridRow(r.jurisdiction, r.label, r.governing, values.get(r.jurisdiction, []), r.basis, r.status,
                    confirmed.get(r.jurisdiction, True), first.get(r.jurisdiction)) for r in rows]
    return grid, measure


@lru_cache(maxsize=1)
def teaching_contrasts() -> dict[str, Any]:
    with open(CORPUS_DIR / "comparisons.toml", "rb") as fh:
        return tomllib.load(fh)


@dataclass
class Pairing:
    left: dict[str, Any]
    right: dict[str, Any]
    elements: list[dict[str, Any]]
    topics: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def compare_instruments(kb: KnowledgeBase, names: Names, a: str, b: str, topic: str | None = None) -> Pairing:
    """Two instruments side by side, provision by provision on the topics they share."""
    ids = []
    for name in (a, b):
        iid = names.resolve(name) if not kb.get(name) else name
        if not iid or not kb.get(iid):
            raise QueryError(f"'{name}': no instrument of the knowledge base by that name (try 'qanoon list')")
        ids.append(iid)
    left, right = kb.get(ids[0]), kb.get(ids[1])
    assert left is not None and right is not None
    elements: list[dict[str, Any]] = []
    for contrast in teaching_contrasts().values():
        if {contrast["left"], contrast["right"]} == {left.id, right.id}:
            flip = contrast["left"] != left.id
            for e in contrast["elements"]:
                ls, rs = ("right", "left") if flip else ("left", "right")
                lp, rp = left.provision(e[f"{ls}_cite"]), right.provision(e[f"{rs}_cite"])
                elements.append({
                    "element": e["element"],
                    "left": e[ls], "left_citation": format_citation(left.title, lp.kind if lp else "section", e[f"{ls}_cite"]),
                    "right": e[rs], "right_citation": format_citation(right.title, rp.kind if rp else "section", e[f"{rs}_cite"]),
                })
    shared = [t for t in kb.topics if (not topic or t == topic)
              and any(t in p.topics for p in left.provisions) and any(t in p.topics for p in right.provisions)]
    topics = [{
        "topic": t, "label": kb.topics[t].get("label", t),
        "left": [asdict(_cell(left, p)) for p in left.provisions if t in p.topics],
        "right": [asdict(_cell(right, p)) for p in right.provisions if t in p.topics],
    } for t in shared if t != "definitions"]
    return Pairing(left=_meta(left), right=_meta(right), elements=elements, topics=topics)


def _meta(inst: Instrument) -> dict[str, Any]:
    return {"id": inst.id, "title": inst.title, "jurisdiction": inst.jurisdiction, "type": inst.type, "status": inst.status}
