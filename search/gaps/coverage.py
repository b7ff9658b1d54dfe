"""Coverage: a province or territory has no provision on a topic that others regulate. A law of
its own recorded without provisions (``Instrument.topics``) covers it, and so does a federal
provision where federal law is the territory's law (``federal_law_applies_in``)."""

from __future__ import annotations

from indexer.knowledge import JURISDICTIONS, KnowledgeBase, standards
from indexer.structure.eids import provision_eid
from search.gaps.model import Evidence, Flag

kind = "coverage"


def find(kb: KnowledgeBase) -> list[Flag]:
    cov = standards()["coverage"]
    flags = []
    for topic in cov["topics"]:
        holders: dict[str, list[Evidence]] = {}
        federal = any(inst.jurisdiction == "federal" and inst.status == "in_force" and any(topic in p.topics for p in inst.provisions)
                      for inst in kb.instruments)
        for inst in kb.instruments:
            if inst.jurisdiction not in cov["jurisdictions"] or inst.status != "in_force":
                continue
            name = inst.short_names[0] if inst.short_names else inst.title
            for p in inst.provisions:
                if topic in p.topics:
                    holders.setdefault(inst.jurisdiction, []).append(Evidence(
                        instrument_id=inst.id, eid=provision_eid(p.kind, p.num),
                        citation=f"{name} {p.num}", jurisdiction=inst.jurisdiction,
                    ))
            if topic in inst.topics:   # a law known to exist, its provisions not recorded
                holders.setdefault(inst.jurisdiction, []).append(Evidence(
                    instrument_id=inst.id, eid="", citation=inst.title, jurisdiction=inst.jurisdiction,
                    note="provisions not recorded: official text not seen", confirmed=False,
                ))
        if not holders:
            continue
        label = kb.topics.get(topic, {}).get("label", topic)
        for j in cov["jurisdictions"]:
            if j in holders or (federal and j in cov.get("federal_law_applies_in", ())):
                continue
            recorded = next((n for n in kb.no_law if n.jurisdiction == j and n.topic == topic), None)
            if recorded:
                status = f"recorded absence, checked {recorded.checked}" + ("" if recorded.confirmed else ", unconfirmed")
            else:
                status = "no law in the knowledge base (missing data, not a recorded absence)"
            others = ", ".join(JURISDICTIONS[k] for k in sorted(holders))
            flags.append(Flag(
                kind=kind, topic=topic, severity="high" if recorded and recorded.confirmed else "medium",
                summary=f"{JURISDICTIONS[j]} has no law on {label.lower()} ({status}); {others} do.",
                recommendation=f"{JURISDICTIONS[j]}: enact a law on {label.lower()}, drawing on the laws of {others}.",
                evidence=[e for k in sorted(holders) for e in holders[k][:1]],
                jurisdictions=[j], values={j: None, **{k: "regulated" for k in holders}},
            ))
    return flags
