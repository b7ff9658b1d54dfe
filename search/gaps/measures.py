"""Measured values: the recorded facts that answer one measure (``corpus/standards.toml``),
per jurisdiction, each with its evidence. Divergence and below-standard flags both read them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from indexer.knowledge import KnowledgeBase, standards
from indexer.structure.eids import provision_eid
from search.gaps.model import Evidence

PAKISTAN = ("federal", "ict", "punjab", "sindh", "kp", "balochistan", "gb", "ajk")


@dataclass(frozen=True)
class Measured:
    jurisdiction: str
    value: Any
    evidence: Evidence


def measured(kb: KnowledgeBase, measure_id: str) -> list[Measured]:
    """Every in-force Pakistani fact that answers the measure."""
    m = standards()["measures"][measure_id]
    want = re.compile(m["applies_to"], re.I)
    skip = re.compile(m["not_applies_to"], re.I) if m.get("not_applies_to") else None
    out = []
    for inst in kb.instruments:
        if inst.jurisdiction not in PAKISTAN or inst.status != "in_force":
            continue
        for p in inst.provisions:
            if m["topic"] not in p.topics:
                continue
            for f in p.facts:
                if f.key != m["key"] or not want.search(f.applies_to) or (skip and skip.search(f.applies_to)):
                    continue
                ev = Evidence(
                    instrument_id=inst.id, eid=provision_eid(p.kind, p.num), citation=f.citation,
                    jurisdiction=inst.jurisdiction, value=f.value, note=f.applies_to, confirmed=f.confirmed,
                )
                out.append(Measured(inst.jurisdiction, f.value, ev))
    return out


def by_jurisdiction(values: list[Measured]) -> dict[str, list[Measured]]:
    out: dict[str, list[Measured]] = {}
    for v in values:
        out.setdefault(v.jurisdiction, []).append(v)
    return out
