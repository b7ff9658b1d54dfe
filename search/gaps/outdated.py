"""Outdated: a provision still points to a repealed instrument, or a recorded fact predates a
later amendment of the provision it describes."""

from __future__ import annotations

import re

from qanoon.indexer.citations import format_citation
from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.indexer.structure.eids import provision_eid
from qanoon.search.gaps.model import Evidence, Flag

kind = "outdated"


def _mentions(text: str, names: list[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"\b{re.escape(n.lower())}\b", low) for n in names if len(n) > 3)


_REF = re.compile(r"\bss?\.\s*((?:\d+[A-Z]?(?:\([0-9a-z]+\))*(?:,\s*|\s+and\s+|\s*-\s*)?)+)")
_PART = re.compile(r"(\d+[A-Z]?)((?:\([0-9a-z]+\))*)")


def _path(citation: str, num: str) -> tuple[str, ...]:
    """'PTPA s. 2(a)' -> ('2', 'a'): the provision and the sub-units a fact or change names."""
    m = re.search(rf"\b{re.escape(num)}((?:\([0-9a-z]+\))*)", citation)
    return (num, *re.findall(r"\(([0-9a-z]+)\)", m.group(1))) if m else (num,)


def _changed(text: str) -> list[tuple[str, ...]]:
    """Every unit an amendment's description names: 's. 2(fa)' -> ('2', 'fa'); 'ss. 3 and 4' -> ('3',), ('4',)."""
    return [(num, *re.findall(r"\(([0-9a-z]+)\)", subs)) for group in _REF.findall(text) for num, subs in _PART.findall(group)]


def _touches(changed: list[tuple[str, ...]], fact: tuple[str, ...]) -> bool:
    """An amendment touches a fact when one names the other or a unit containing it: a change to
    s. 3 touches s. 3(1), a change to s. 3(1) touches a fact on s. 3, but inserting s. 2(fa) leaves
    s. 2(a) alone."""
    return any(c[: len(fact)] == fact[: len(c)] for c in changed)


def find(kb: KnowledgeBase) -> list[Flag]:
    flags = []
    repealed = {i.id: i for i in kb.instruments if i.status == "repealed"}
    for inst in kb.instruments:
        if inst.status != "in_force":
            continue
        for p in inst.provisions:
            if re.search(r"\brepeal", p.heading, re.I) or re.match(r"\W*(omitted|repealed)\b", p.summary, re.I):
                continue  # a provision that is itself gone, or that does the repealing
            for rid, old in repealed.items():
                if rid == inst.id or old.repealed_by == inst.id:
                    continue
                if rid in p.refers_to or _mentions(p.summary, [*old.short_names, old.title]):
                    new = kb.get(old.repealed_by)
                    flags.append(Flag(
                        kind=kind, topic=p.topics[0] if p.topics else "ratification", severity="medium",
                        summary=f"{format_citation(inst.title, p.kind, p.num)} still refers to the repealed {old.title}"
                                + (f" (replaced by the {new.title})." if new else "."),
                        recommendation=f"Amend {inst.short_names[0] if inst.short_names else inst.title} {p.num} to refer to the law now in force.",
                        evidence=[
                            Evidence(inst.id, provision_eid(p.kind, p.num), format_citation(inst.title, p.kind, p.num), inst.jurisdiction),
                            Evidence(old.id, "", old.title, old.jurisdiction, note=f"repealed by {old.repealed_by}"),
                        ],
                        jurisdictions=[inst.jurisdiction],
                        basis=f"the {old.title} was repealed by the {new.title if new else old.repealed_by}",
                        checked=inst.checked,
                    ))
        for am in inst.amendments:
            if not am.date:
                continue
            changed = _changed(am.changes)
            for p in inst.provisions:
                stale = [f for f in p.facts if f.holds_from and f.holds_from[:4] < am.date[:4] and not f.previous
                         and _touches(changed, _path(f.citation, p.num))]
                reviewed = any(f.holds_from[:4] >= am.date[:4] for f in p.facts if f.holds_from)
                if stale and not reviewed:  # facts recorded after the amendment show it was read
                    flags.append(Flag(
                        kind=kind, topic=p.topics[0] if p.topics else "definitions", severity="low",
                        summary=f"{stale[0].citation}: {stale[0].key} = {stale[0].value} is recorded as holding from {stale[0].holds_from}; "
                                f"{am.title} ({am.date}) amended this provision, so the value may be out of date.",
                        recommendation="Check the value against the amended text; record the new value, or confirm it did not change.",
                        evidence=[Evidence(inst.id, provision_eid(p.kind, p.num), stale[0].citation, inst.jurisdiction, value=stale[0].value)],
                        jurisdictions=[inst.jurisdiction],
                        basis=f"{am.title} names {stale[0].citation.split(' ', 1)[-1]} among the units it changed", checked=inst.checked,
                    ))
    return flags
