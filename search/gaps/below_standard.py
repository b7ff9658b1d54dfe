"""Below standard: a recorded value falls short of an international benchmark."""

from __future__ import annotations

from indexer.knowledge import JURISDICTIONS, KnowledgeBase, standards
from indexer.structure.eids import provision_eid
from search.gaps.measures import measured
from search.gaps.model import Evidence, Flag

kind = "below-standard"


def find(kb: KnowledgeBase) -> list[Flag]:
    flags = []
    measures = standards()["measures"]
    for std in standards()["standards"]:
        m = measures[std["measure"]]
        inst = kb.get(std["instrument"])
        prov = inst.provision(std["num"]) if inst else None
        std_ev = Evidence(
            instrument_id=std["instrument"], eid=provision_eid(prov.kind, prov.num) if prov else "",
            citation=std["citation"], jurisdiction="international", value=std["minimum"],
        )
        for v in measured(kb, std["measure"]):
            if not isinstance(v.value, (int, float)) or v.value >= std["minimum"]:
                continue
            where = JURISDICTIONS.get(v.jurisdiction, v.jurisdiction)
            flags.append(Flag(
                kind=kind, topic=m["topic"], severity=std["severity"] if v.evidence.confirmed else "low",
                summary=f"{where}: {m['label'].lower()} is {v.value} ({v.evidence.citation}); the standard is {std['minimum']} ({std['citation']}).",
                recommendation=std["recommendation"], evidence=[v.evidence, std_ev],
                jurisdictions=[v.jurisdiction], values={v.jurisdiction: v.value},
                standard={"value": std["minimum"], "citation": std["citation"], "accepted": std.get("accepted", "")},
            ))
    return flags
