"""Measured values: the recorded facts that answer one measure (``corpus/standards.toml``) in the
law that applies in each jurisdiction, each with its evidence and the route by which that law
applies there. Divergence and below-standard flags both read them.

A measure is read through ``applicable``: Khyber Pakhtunkhwa's marriage age is the federal 1929
Act's, because that Act still governs there, and Sindh's is its own 2013 Act's, which took its
place. On a devolved subject the federation has no row of its own: its Act counts where it
governs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from qanoon.indexer.corpus_format import standards
from qanoon.indexer.jurisdictions import JURISDICTIONS, PAKISTAN
from qanoon.indexer.knowledge import CuratedProvision, Fact, Instrument, KnowledgeBase
from qanoon.indexer.structure.eids import provision_eid
from qanoon.search.applicability import Governing, applicable, load_model
from qanoon.search.gaps.model import Evidence


@dataclass(frozen=True)
class Measured:
    jurisdiction: str
    value: Any
    evidence: Evidence
    governing: Governing


def evidence_of(inst: Instrument, p: CuratedProvision, f: Fact) -> Evidence:
    return Evidence(instrument_id=inst.id, eid=provision_eid(p.kind, p.num), citation=f.citation,
                    jurisdiction=inst.jurisdiction, value=f.value, note=f.applies_to, confirmed=f.confirmed)


def jurisdictions_for(kb: KnowledgeBase, topic: str) -> tuple[str, ...]:
    """The jurisdictions whose law is compared on ``topic``: all of Pakistan's, less the
    federation itself on a devolved subject (its Act counts where it still governs)."""
    area = load_model().area_of(topic)
    devolved = area is not None and area.subject == "devolved"
    return tuple(j for j in PAKISTAN if not (devolved and j == "federal"))


def lead_area(inst: Instrument) -> str:
    """The subject area (corpus/applicability.toml) most of an instrument's provisions are on
    ("" for none): what the law is about, though a clause or two may reach another area."""
    model = load_model()
    counts = Counter(a.id for p in inst.provisions if p.status != "repealed"
                     for a in {model.area_of(t) for t in p.topics} if a)
    return min(counts, key=lambda a: (-counts[a], a)) if counts else ""


def measured(kb: KnowledgeBase, measure_id: str) -> list[Measured]:
    """Every in-force fact that answers the measure, once per jurisdiction whose law it is."""
    m = standards()["measures"][measure_id]
    want = re.compile(m["applies_to"], re.I)
    skip = re.compile(m["not_applies_to"], re.I) if m.get("not_applies_to") else None
    out = []
    for j in jurisdictions_for(kb, m["topic"]):
        for g in applicable(kb, j, m["topic"]).governing:
            inst = kb.get(g.instrument_id)
            assert inst is not None
            if inst.type == "constitution":   # a floor under the ordinary law, not the law a legislature would amend
                continue
            if lead_area(inst) in m.get("not_in_areas", ()):
                continue   # e.g. a labour Act's "child": the age of its own work bans, which other standards measure
            for p in inst.provisions:
                if m["topic"] not in p.topics or p.status == "repealed":
                    continue
                for f in p.facts:
                    if f.key == m["key"] and want.search(f.applies_to) and not (skip and skip.search(f.applies_to)):
                        out.append(Measured(j, f.value, evidence_of(inst, p, f), g))
    return out


def measures_of(kb: KnowledgeBase, topic: str) -> list[tuple[dict[str, Any], list[Measured]]]:
    """The measures of ``topic`` (``corpus/standards.toml``) that have values, with their values."""
    out = []
    for mid, m in standards()["measures"].items():
        if m["topic"] == topic and (values := measured(kb, mid)):
            out.append((m, values))
    return out


def where(jurisdictions: list[str] | tuple[str, ...]) -> str:
    """'Punjab', 'Punjab and Sindh', 'Punjab, Sindh and Khyber Pakhtunkhwa'."""
    names = [JURISDICTIONS.get(j, j) for j in jurisdictions]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def by_source(values: list[Measured]) -> dict[tuple[str, str, str], list[Measured]]:
    """The values grouped by the fact they come from (instrument, provision, citation), in
    jurisdiction order: one law's figure is one finding, wherever it governs."""
    out: dict[tuple[str, str, str], list[Measured]] = {}
    for v in values:
        out.setdefault((v.evidence.instrument_id, v.evidence.eid, v.evidence.citation), []).append(v)
    return out
