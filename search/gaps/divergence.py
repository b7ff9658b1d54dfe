"""Divergence: jurisdictions of Pakistan set different values for the same measure (an age, or
the longest prison term for the same conduct)."""

from __future__ import annotations

from indexer.knowledge import JURISDICTIONS, KnowledgeBase, readable, standards
from search.gaps.measures import by_jurisdiction, measured
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
        shown = {j: (readable(m["key"], vs[0]) if len(vs) == 1 else [readable(m["key"], v) for v in vs])
                 for j, vs in values.items()}
        listing = "; ".join(f"{JURISDICTIONS.get(j, j)} {v}" for j, v in shown.items())
        flags.append(Flag(
            # one flag per measure: several measures share a topic (girls' and boys' marriage age)
            id=f"{kind}-{measure_id}-{'-'.join(sorted(per))}", kind=kind, topic=m["topic"], severity="medium",
            summary=f"{m['label']} differs across jurisdictions: {listing}.",
            recommendation=f"Harmonise the {m['label'].lower()} across the federation, at the highest of these values.",
            evidence=[v.evidence for vs in per.values() for v in vs],
            jurisdictions=sorted(per), values=shown,
        ))
    return flags
