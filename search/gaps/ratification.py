"""Ratification: an instrument relevant to a topic that Pakistan is not a party to."""

from __future__ import annotations

from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.indexer.structure.eids import provision_eid
from qanoon.search.gaps.model import Evidence, Flag

kind = "ratification"
_STATUS = {"not_party": "is not a party to", "signed": "has signed but not ratified"}


def find(kb: KnowledgeBase) -> list[Flag]:
    flags = []
    for inst in kb.instruments:
        if inst.pakistan is None or inst.pakistan.status not in _STATUS:
            continue
        topics = [t for p in inst.provisions for t in p.topics if t not in {"definitions", "ratification"}]
        # the commonest topic, ties to the first in alphabetical order, so the flag is the same every run
        topic = min(set(topics), key=lambda t: (-topics.count(t), t)) if topics else "ratification"
        key = inst.provisions[0] if inst.provisions else None
        name = inst.short_names[0] if inst.short_names else inst.title
        evidence = [Evidence(inst.id, "", inst.title, "international", value=inst.pakistan.status,
                             note=inst.pakistan.source, confirmed=inst.pakistan.confirmed)]
        if key:
            evidence.append(Evidence(inst.id, provision_eid(key.kind, key.num), f"{name} {key.num}", "international"))
        flags.append(Flag(
            kind=kind, topic=topic, severity="high" if inst.type in {"protocol", "convention"} else "medium",
            summary=f"Pakistan {_STATUS[inst.pakistan.status]} the {inst.title}{'' if inst.pakistan.confirmed else ' (status unconfirmed)'}.",
            recommendation=f"Consider ratifying or acceding to the {name}, and align domestic law with it.",
            evidence=evidence, jurisdictions=["federal"], values={"federal": inst.pakistan.status},
            basis="ratifying or acceding to a treaty is for the federal executive (Constitution Art. 90; Federal Legislative List, "
                  "Part I, entry 3: external affairs and the implementing of treaties)",
            confirmed=inst.pakistan.confirmed, checked=inst.checked,
        ))
    return flags
