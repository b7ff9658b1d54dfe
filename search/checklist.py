"""Checklist for drafters: the elements the Protocols and ILO conventions expect in law
(``corpus/checklists.toml``), each marked covered, partly covered or missing for a jurisdiction,
with the provisions that cover it. Federal law counts for every province and territory."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from indexer.citations import format_citation
from indexer.errors import QueryError
from indexer.knowledge import CORPUS_DIR, JURISDICTIONS, KnowledgeBase
from indexer.structure.eids import provision_eid


@dataclass
class Item:
    element: str
    standard: str
    status: str  # covered | partly covered | missing
    evidence: list[dict[str, str]] = field(default_factory=list)


def checklist(kb: KnowledgeBase, jurisdiction: str, topic: str) -> list[Item]:
    with open(CORPUS_DIR / "checklists.toml", "rb") as fh:
        lists = tomllib.load(fh)
    domains = lists.pop("domains")
    if topic not in lists:
        raise QueryError(f"'{topic}': no checklist; choose one of {', '.join(lists)}")
    if jurisdiction not in JURISDICTIONS or jurisdiction == "international":
        raise QueryError(f"'{jurisdiction}': not a jurisdiction of Pakistan ({', '.join(j for j in JURISDICTIONS if j != 'international')})")
    scope = {jurisdiction, "federal"}
    relevant = [i for i in kb.instruments if i.jurisdiction in scope and i.status == "in_force"
                and any(set(domains[topic]) & set(p.topics) for p in i.provisions)]
    items = []
    for el in lists[topic]:
        def provisions(tags: list[str]) -> list[dict[str, str]]:
            """Provisions on ``tags``, those of the instruments governing the topic first."""
            governing = {g for t in tags for g in kb.topics.get(t, {}).get("governing", ())}
            found = [(i.id not in governing, i, p) for i in relevant for p in i.provisions if set(tags) & set(p.topics)]
            return [
                {"id": f"{i.id}/{provision_eid(p.kind, p.num)}", "citation": format_citation(i.title, p.kind, p.num)}
                for _, i, p in sorted(found, key=lambda t: t[0])
            ]
        full = provisions(el["topics"])
        part = [] if full else provisions(el.get("partly", []))
        status = "covered" if full else "partly covered" if part else "missing"
        items.append(Item(el["element"], el["standard"], status, (full or part)[:4]))
    return items
