"""Below standard: the law that applies in a jurisdiction falls short of an international
standard, either in a number (an age below 18) or in an element of the standard that a recorded
assessment found not met, or met only in part.

One flag per finding, naming every jurisdiction where the same law's shortfall applies: the
federal 1929 Act's marriage age for girls is one finding for the provinces still governed by it.
"""

from __future__ import annotations

from typing import Any

from qanoon.indexer.corpus_format import readable, standards
from qanoon.indexer.jurisdictions import PAKISTAN
from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.indexer.structure.eids import provision_eid
from qanoon.search.assessment import ElementVerdict, element_verdicts, load_standards
from qanoon.search.gaps.measures import Measured, by_source, jurisdictions_for, measured, where
from qanoon.search.gaps.model import Evidence, Flag

kind = "below-standard"


def _relies(vs: list[Measured]) -> str:
    """'Khyber Pakhtunkhwa relies on the federal Child Marriage Restraint Act, 1929', 'Sindh: its own
    ...', or, where a federal law is both the federation's own and others' by extension, the law
    and where it is in force."""
    title = vs[0].governing.title
    js = [v.jurisdiction for v in vs]
    routes = {v.governing.route for v in vs}
    if routes == {"own"}:
        return f"{where(js)}: its own {title}"
    if "own" not in routes:
        return f"{where(js)} {'relies' if len(js) == 1 else 'rely'} on the federal {title}"
    return f"The federal {title}, in force in {where(js)}"


def _slug(instrument_id: str) -> str:
    return instrument_id.replace("/", "-")


def _from_measures(kb: KnowledgeBase) -> list[Flag]:
    flags = []
    measures = standards()["measures"]
    for std in standards()["standards"]:
        m = measures[std["measure"]]
        inst = kb.get(std["instrument"])
        prov = inst.provision(std["num"]) if inst else None
        std_ev = Evidence(instrument_id=std["instrument"], eid=provision_eid(prov.kind, prov.num) if prov else "",
                          citation=std["citation"], jurisdiction="international", value=std["minimum"])
        short = [v for v in measured(kb, std["measure"]) if isinstance(v.value, (int, float)) and v.value < std["minimum"]]
        for (iid, eid, _), found in by_source(short).items():
            # where the law applies by a confirmed route (KP, by the 1929 Act's extent) and where only
            # by a reported one (AJK, by an adoption not seen) are two findings of different weight
            for vs in ([v for v in found if v.governing.confirmed], [v for v in found if not v.governing.confirmed]):
                if vs:
                    flags.append(_measure_flag(kb, std, m, std_ev, iid, eid, vs))
    return flags


def _measure_flag(kb: KnowledgeBase, std: dict[str, Any], m: dict[str, Any], std_ev: Evidence, iid: str, eid: str,
                  vs: list[Measured]) -> Flag:
    """One value below the standard, in the jurisdictions where that law governs by routes of one weight."""
    ev, g = vs[0].evidence, vs[0].governing
    confirmed = ev.confirmed and all(v.governing.confirmed for v in vs)
    return Flag(
        id=f"{kind}-{std['measure']}-{_slug(iid)}-{eid}" + ("" if vs[0].governing.confirmed else "-unconfirmed"),
        kind=kind, topic=m["topic"], severity=std["severity"] if confirmed else "low",
        summary=f"{_relies(vs)}: {m['label'].lower()} is {readable(m['key'], ev.value)} ({ev.citation}); "
                f"the standard is {std['minimum']} ({std['citation']}).",
        recommendation=std["recommendation"], evidence=[ev, std_ev],
        jurisdictions=[v.jurisdiction for v in vs], values={v.jurisdiction: v.value for v in vs},
        standard={"value": std["minimum"], "citation": std["citation"], "accepted": std.get("accepted", "")},
        basis=f"{g.title} applies there: {g.basis}.", confirmed=confirmed,
        checked=kb.get(iid).checked if kb.get(iid) else "",
    )


_SEVERITY = {(True, "not_met"): "high", (True, "partly"): "medium", (False, "not_met"): "low", (False, "partly"): "low"}


def _from_elements(kb: KnowledgeBase) -> list[Flag]:
    """Elements a recorded assessment found not met or partly met by the best law applying in a
    jurisdiction; the same assessment across jurisdictions is one flag."""
    std = load_standards()
    found: dict[tuple[str, str], list[tuple[str, ElementVerdict]]] = {}
    for area in std.areas():
        for j in PAKISTAN:
            if j not in jurisdictions_for(kb, area):
                continue
            _, verdicts = element_verdicts(kb, j, area, standards=std)
            for v in verdicts:
                decided_by = kb.get(v.evidence[0]["instrument_id"]) if v.evidence else None
                if decided_by is not None and decided_by.type == "constitution":
                    continue   # the Constitution is a floor: gaps are read in the ordinary law that governs
                if v.verdict in {"not_met", "partly"}:
                    # every law that applies there and falls short alike: each is part of the answer
                    # (bar the Constitution, a floor under them, as above)
                    tied = tuple(e["instrument_id"] for e in v.evidence if e["verdict"] == v.verdict
                                 and getattr(kb.get(e["instrument_id"]), "type", "") != "constitution")
                    found.setdefault((v.element.id, tied), []).append((j, v))
    flags = []
    for (eid, tied), hits in found.items():
        v = hits[0][1]
        el = v.element
        laws = [next(e for e in v.evidence if e["instrument_id"] == i) for i in tied]
        open_laws = _not_assessed(hits)
        confirmed = all(law["confirmed"] for law in laws) and not open_laws
        std_inst = kb.get(el.standard)
        evidence = [_law_evidence(kb, law) for law in laws]
        if std_inst:
            art = std_inst.provision(el.article.split("(")[0])
            evidence.append(Evidence(el.standard, provision_eid(art.kind, art.num) if art else "", el.citation, "international"))
        js = [j for j, _ in hits]
        verdict = "not met" if v.verdict == "not_met" else "met only in part"
        severity = _SEVERITY[(el.core, v.verdict)] if confirmed else "low"
        bound = std_inst is not None and std_inst.pakistan is not None and std_inst.pakistan.status in {"ratified", "acceded"}
        if not bound and severity == "high":   # a benchmark Pakistan has not accepted is not an obligation
            severity = "medium"
        std_name = (std_inst.short_names[0] if std_inst.short_names else std_inst.title) if std_inst else ""
        party = "" if bound or std_inst is None else f"; Pakistan is not bound by the {std_name}: a benchmark, not an obligation"
        also = ", nor by" if v.verdict == "not_met" else ", and only in part by"
        by = also.join(f" the {law['title']} ({law['reason'].rstrip('.')})" for law in laws)
        titles = " or the ".join(law["title"] for law in laws)
        flags.append(Flag(
            id=f"{kind}-{eid}-" + "-".join(_slug(i) for i in tied), kind=kind, topic=el.topic,
            severity=severity, area=el.area,
            summary=f"{where(js)}: {el.citation} is {verdict} by{by}."
                    + (f" Not assessed: {_listed(open_laws)}, which also {'apply' if len(open_laws) > 1 else 'applies'} "
                       "there and may meet it." if open_laws else ""),
            recommendation=f"Amend the {titles} so that {'they do' if len(laws) > 1 else 'it does'} what {el.citation} asks: "
                           f"{el.requirement[0].lower()}{el.requirement[1:]}",
            evidence=evidence, jurisdictions=js, values={j: v.verdict for j, v in hits},
            standard={"element": eid, "citation": el.citation, "requirement": el.requirement, "core": el.core},
            basis=f"{el.citation}; the {titles} " + ("are the laws that apply" if len(laws) > 1 else "is the law that applies")
                  + f" there{party}",
            confirmed=confirmed, checked=min(law["checked"] for law in laws),
        ))
    return flags


def _not_assessed(hits: list[tuple[str, ElementVerdict]]) -> list[str]:
    """The laws that apply where the flag does, fall under the element and were recorded as not
    assessed against it (they may meet it), each with the jurisdictions it applies in when
    that is not all of the flag's."""
    where_open: dict[str, list[str]] = {}
    for j, v in hits:
        for e in v.evidence:
            if e["verdict"] == "not_assessed":
                where_open.setdefault(e["title"], []).append(j)
    every = len(hits)
    return [f"the {title}" + ("" if len(js) == every else f" ({where(js)})") for title, js in where_open.items()]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _law_evidence(kb: KnowledgeBase, law: dict[str, Any]) -> Evidence:
    """A law's assessment as evidence: the first provision cited that the knowledge base holds
    (so ``show`` finds it), else the law itself."""
    iid = law["instrument_id"]
    inst = kb.get(iid)
    name = inst.short_names[0] if inst and inst.short_names else law["title"]
    cited = ", ".join(f"{name} {p}" if p[0].isdigit() else p for p in law["provisions"]) or law["title"]
    held = next((p for num in law["provisions"] if inst and (p := inst.provision(num.split("(")[0]))), None)
    return Evidence(iid, provision_eid(held.kind, held.num) if held else "", cited, inst.jurisdiction if inst else "",
                    value=law["verdict"], note=law["reason"], confirmed=law["confirmed"])


def find(kb: KnowledgeBase) -> list[Flag]:
    return _from_measures(kb) + _from_elements(kb)
