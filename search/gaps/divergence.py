"""Divergence: jurisdictions of Pakistan set different values for the same measure."""

from __future__ import annotations

from indexer.knowledge import JURISDICTIONS, KnowledgeBase
from search.gaps.measures import by_jurisdiction, measured, standards
from search.gaps.model import Flag

kind = "divergence"


def find(kb: KnowledgeBase) -> list[Flag]:
    flags = []
    for measure_id, m in standards()["measures"].items():
        per = by_jurisdiction(measured(kb, measure_id))
        values = {j: sorted({v.value for v in vs}) for j, vs in per.items()}
        distinct = {v for vs in values.values() for v in vs}
        if len(per) < 2 or len(distinct) < 2:
            continue
        shown = {j: (vs[0] if len(vs) == 1 else vs) for j, vs in values.items()}
        listing = "; ".join(f"{JURISDICTIONS.get(j, j)} {v}" for j, v in shown.items())
        flags.append(Flag(
            kind=kind, topic=m["topic"], severity="medium",
            summary=f"{m['label']} differs across jurisdictions: {listing}.",
            recommendation=f"Harmonise the {m['label'].lower()} across the federation, at the highest of these values.",
            evidence=[v.evidence for vs in per.values() for v in vs],
            jurisdictions=sorted(per), values=shown,
        ))
    return flags
