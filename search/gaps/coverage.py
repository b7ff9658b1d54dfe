"""Coverage: no law applies in a jurisdiction on a topic that others regulate.

The claim "has no law" is made only where ``applicable`` says nothing governs there and an
absence was recorded; its basis is that record. Where a federal Act still governs (the 1929
marriage Act in Khyber Pakhtunkhwa) there is no coverage gap: below-standard and divergence
flags say what is wrong with that law. Where it is not known whether a federal Act reaches
Gilgit-Baltistan or AJK, the flag says the territory has no law of its own and that the rest
is not assessed.
"""

from __future__ import annotations

from qanoon.indexer.corpus_format import standards
from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.indexer.structure.eids import provision_eid
from qanoon.search.applicability import Applicability, applicable
from qanoon.search.gaps.measures import where
from qanoon.search.gaps.model import Evidence, Flag

kind = "coverage"


def _evidence(kb: KnowledgeBase, app: Applicability, topic: str) -> list[Evidence]:
    """The first provision on the topic of each law that governs in a jurisdiction with its own law."""
    out = []
    for g in app.governing:
        inst = kb.get(g.instrument_id)
        if inst is None or g.route != "own":
            continue
        p = next((p for p in inst.provisions if topic in p.topics), None)
        name = inst.short_names[0] if inst.short_names else inst.title
        out.append(Evidence(inst.id, provision_eid(p.kind, p.num), f"{name} {p.num}", inst.jurisdiction) if p else
                   Evidence(inst.id, "", inst.title, inst.jurisdiction, note="provisions not recorded: official text not seen",
                            confirmed=False))
    return out


def find(kb: KnowledgeBase) -> list[Flag]:
    cov = standards()["coverage"]
    flags = []
    for topic in cov["topics"]:
        apps = {j: applicable(kb, j, topic) for j in cov["jurisdictions"]}
        holders = [j for j, a in apps.items() if a.status == "own"]
        if not holders:
            continue
        label = kb.topics.get(topic, {}).get("label", topic).lower()
        examples = [e for j in holders for e in _evidence(kb, apps[j], topic)[:1]]
        for j, app in apps.items():
            if app.status == "none":
                summary = f"{where([j])} has no law on {label} ({app.absence}); {where(holders)} have their own."
                severity = "high" if app.confirmed else "medium"
            elif app.status == "unknown" and app.absence:
                summary = (f"{where([j])} has no law of its own on {label} ({app.absence}); whether the federal {app.unreached} "
                           "applies there is not recorded: not assessed.")
                severity = "low"
            else:
                continue
            flags.append(Flag(
                id=f"{kind}-{topic}-{j}", kind=kind, topic=topic, severity=severity, summary=summary,
                recommendation=f"{where([j])}: enact a law on {label}, drawing on the laws of {where(holders)}.",
                evidence=examples, jurisdictions=[j],
                # None: no law applies; "not assessed": no law of its own, and whether a federal law reaches it is not known
                values={j: None if app.status == "none" else "not assessed", **{k: "own law" for k in holders}},
                basis=app.basis, confirmed=app.confirmed and app.status == "none", checked=app.checked,
            ))
    return flags
