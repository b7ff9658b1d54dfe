"""Divergence: the same measure, or the same conduct, treated differently by the laws that apply
in Pakistan's jurisdictions, either across jurisdictions (girls may marry at 16 in one province
and 18 in the next) or within one, where overlapping statutes apply to the same conduct (holding
someone in debt bondage is bailable under the bonded labour Act and not bailable under the
trafficking Act, in the same province).

Measures are in ``corpus/standards.toml`` ``[measures]``; conducts, with the offence and
procedure provisions of each statute that punishes them, in ``[conducts]``.
"""

from __future__ import annotations

from typing import Any

from qanoon.indexer.corpus_format import readable, standards
from qanoon.indexer.jurisdictions import JURISDICTIONS
from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.search.applicability import applicable
from qanoon.search.gaps.measures import by_source, evidence_of, jurisdictions_for, measured, where
from qanoon.search.gaps.model import Evidence, Flag

kind = "divergence"

KEY_LABELS = {
    "max_prison_years": "the longest prison term", "min_prison_years": "the shortest prison term",
    "max_fine_pkr": "the largest fine", "bailable": "bail", "cognizable": "whether the police may arrest without a warrant",
    "compoundable": "whether the offence may be compounded", "trial_court": "the trial court",
}


def _shown(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return {"bailable": ("bailable", "not bailable"), "cognizable": ("cognizable", "not cognizable"),
                "compoundable": ("compoundable", "not compoundable")}.get(key, ("yes", "no"))[0 if value else 1]
    return str(readable(key, value))


def _measure_flags(kb: KnowledgeBase) -> list[Flag]:
    flags = []
    for measure_id, m in standards()["measures"].items():
        values = measured(kb, measure_id)
        per: dict[str, list[Any]] = {}
        for v in values:
            per.setdefault(v.jurisdiction, [])
            if v.value not in per[v.jurisdiction]:
                per[v.jurisdiction].append(v.value)
        distinct = {x for vs in per.values() for x in vs}
        if len(per) < 2 or len(distinct) < 2:
            continue
        shown = {j: (readable(m["key"], sorted(vs)[0]) if len(vs) == 1 else [readable(m["key"], x) for x in sorted(vs)])
                 for j, vs in per.items()}
        listing = "; ".join(f"{JURISDICTIONS[j]} {v}" for j, v in shown.items())
        sources = by_source(values)
        flags.append(Flag(
            id=f"{kind}-{measure_id}", kind=kind, topic=m["topic"], severity="medium",
            summary=f"{m['label']} differs across jurisdictions: {listing}.",
            recommendation=f"Harmonise the {m['label'].lower()} across the federation, at the highest of these values.",
            evidence=[vs[0].evidence for vs in sources.values()],
            jurisdictions=list(per), values=shown,
            basis="; ".join(f"{where([v.jurisdiction for v in vs])}: {vs[0].governing.title}" for vs in sources.values()),
            checked=max((kb.get(k[0]).checked for k in sources if kb.get(k[0])), default=""),
        ))
    return flags


def _conduct_flags(kb: KnowledgeBase) -> list[Flag]:
    """Per conduct and per key (penalty, bail, arrest, trial court): the values of each statute,
    where each applies, and a flag where they differ."""
    flags = []
    for cid, c in standards().get("conducts", {}).items():
        laws = []   # (instrument, offence provision, evidence per key)
        for off in c["offences"]:
            inst = kb.get(off["instrument"])
            if inst is None or inst.status != "in_force":
                continue
            facts: dict[str, Evidence] = {}   # the first fact per key; `applies_to` picks the offence's basic form
            for num in [off["offence"], *off.get("procedure", [])]:
                p = inst.provision(num)
                for f in (p.facts if p else ()):
                    picked = not f.applies_to or off.get("applies_to", "") in f.applies_to
                    if f.key in c["keys"] and f.key not in facts and picked:
                        facts[f.key] = evidence_of(inst, p, f)
            offence = inst.provision(off["offence"])
            where_in = [j for j in jurisdictions_for(kb, c["topic"])
                        if any(g.instrument_id == inst.id for g in applicable(kb, j, c["topic"]).governing)]
            if offence and where_in:
                laws.append((inst, offence, facts, where_in))
        for key in c["keys"]:
            having = [(inst, p, facts[key], js) for inst, p, facts, js in laws if key in facts]
            if len({_shown(key, ev.value) for _, _, ev, _ in having}) < 2:
                continue
            together = sorted({j for _, _, _, js in having for j in js
                               if len({_shown(key, ev.value) for _, _, ev, js2 in having if j in js2}) > 1},
                              key=list(JURISDICTIONS).index)
            parts = [f"{_shown(key, ev.value)} under {ev.citation} ({where(js)})" for _, _, ev, js in having]
            within = f" In {where(together)} these laws apply to the same conduct at once." if together else ""
            flags.append(Flag(
                id=f"{kind}-{cid}-{key}", kind=kind, topic=c["topic"], severity="medium" if together else "low",
                summary=f"{c['label']}: {KEY_LABELS.get(key, key)} differs: {'; '.join(parts)}.{within}",
                recommendation=f"Align {KEY_LABELS.get(key, key)} for {c['label'].lower()} across these statutes"
                               + (", or say in each which prevails" if together else "") + ".",
                evidence=[ev for _, _, ev, _ in having],   # each names the provision its fact is in (s. 17, not s. 11)
                jurisdictions=sorted({j for *_, js in having for j in js}, key=list(JURISDICTIONS).index),
                values={ev.citation: _shown(key, ev.value) for _, _, ev, _ in having},
                basis=c.get("note", ""), checked=max((inst.checked for inst, *_ in having), default=""),
            ))
    return flags


def find(kb: KnowledgeBase) -> list[Flag]:
    return _measure_flags(kb) + _conduct_flags(kb)
