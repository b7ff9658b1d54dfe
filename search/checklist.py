"""Checklist for drafters: each element of the standards for an area (``corpus/assessments``),
with the verdict for the laws that apply in one jurisdiction (met, partly, not met or not
assessed), the provisions it rests on and the reason. Jurisdictions differ where the laws that
govern them differ: the Punjab's bonded labour Act is read for the Punjab, the federal Act for
the capital territory and for Balochistan, which still relies on it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.search.applicability import Applicability
from qanoon.search.assessment import element_verdicts


@dataclass
class Item:
    element: str         # the requirement, in our words
    standard: str        # its citation (TIP Protocol Art. 3(a))
    status: str          # met | partly | not_met | not_assessed
    reason: str
    confirmed: bool
    core: bool
    evidence: list[dict[str, Any]] = field(default_factory=list)   # id, citation, verdict of each governing law assessed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Checklist:
    jurisdiction: str
    area: str
    applicability: Applicability
    items: list[Item]

    def to_dict(self) -> dict[str, Any]:
        return {"jurisdiction": self.jurisdiction, "area": self.area, "applicability": self.applicability.to_dict(),
                "items": [i.to_dict() for i in self.items],
                "counts": {s: sum(i.status == s for i in self.items) for s in ("met", "partly", "not_met", "not_assessed")}}


def checklist(kb: KnowledgeBase, jurisdiction: str, area: str) -> Checklist:
    app, verdicts = element_verdicts(kb, jurisdiction, area)
    items = []
    for v in verdicts:
        evidence = []
        for e in v.evidence:
            inst = kb.get(e["instrument_id"])
            name = inst.short_names[0] if inst and inst.short_names else e["title"]
            evidence.append({"id": e["instrument_id"], "title": e["title"], "verdict": e["verdict"], "confirmed": e["confirmed"],
                             "citation": ", ".join(f"{name} {p}" for p in e["provisions"]) or e["title"]})
        items.append(Item(v.element.requirement, v.element.citation, v.verdict, v.reason, v.confirmed, v.element.core, evidence))
    return Checklist(jurisdiction, area, app, items)
