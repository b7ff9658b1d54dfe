"""Direct answers to questions about the law as a whole, shown before the list of provisions.

"Does Punjab have its own trafficking law", "what has Pakistan not ratified", "difference
between trafficking and smuggling", "minimum marriage age in each province": no single provision
answers these; the knowledge base's structured data does. Each answer comes from one model
(which law applies where, treaty status, the teaching contrasts, the recorded facts), carries
its basis and whether it is confirmed, and names the command that says more. A question none of
these forms fits gets no answer, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from qanoon.indexer.corpus_format import fact_value
from qanoon.indexer.jurisdictions import JURISDICTIONS, PAKISTAN
from qanoon.search.query import detect_jurisdictions, detect_topics

if TYPE_CHECKING:
    from qanoon.search.library import Library

_OWN_LAW = re.compile(r"\b(?:does|do|has|have|is there|are there)\b.*\blaws?\b|\bown\b.*\blaws?\b", re.I)
_RATIFY = re.compile(r"\bratif|\bparty to\b|\bsigned\b", re.I)
_DIFFERENCE = re.compile(r"\bdifferen\w*\b.*\bbetween\b|\bvs\.?\b|\bversus\b|\bcompared? (?:with|to)\b", re.I)
_ACROSS = re.compile(r"\b(?:each|every|all|across|by|per)\s+(?:the\s+)?(?:province|jurisdiction|region)s?\b|\bprovinces\b", re.I)
STATUS_WORDS = {"not_party": "not a party", "signed": "signed, not ratified"}


@dataclass
class Answer:
    kind: str            # own-law | ratification | difference | across
    lines: list[str]     # the answer, a line each
    more: str            # the command that says more
    basis: str = ""
    confirmed: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def direct_answer(lib: Library, query: str) -> Answer | None:
    """The answer to a question about the law as a whole, or None."""
    topics = detect_topics(query)
    places = [j for j in detect_jurisdictions(query) if j in PAKISTAN]
    if _RATIFY.search(query) and (not topics or topics == ["ratification"]):
        return _ratification(lib)
    if _DIFFERENCE.search(query) and len(topics) >= 2:
        return _difference(lib, topics)
    if _ACROSS.search(query) and topics:
        return _across(lib, topics[0])
    if _OWN_LAW.search(query) and places and topics:
        return _own_law(lib, places[0], topics[0])
    return None


def _own_law(lib: Library, jurisdiction: str, topic: str) -> Answer:
    """Which law governs the topic asked about (the topic, not its whole area: a bonded labour
    Act with a clause on child victims is not a trafficking law)."""
    from qanoon.search.applicability import applicable  # each answer imports its own: most searches ask none

    app = applicable(lib.kb, jurisdiction, topic)
    place = JURISDICTIONS[jurisdiction]
    what = lib.kb.topics.get(topic, {}).get("label", topic).lower()
    own = [g for g in app.governing if g.route == "own"]
    # the laws the topic names as governing it nationally first: the PTPA, not every federal
    # Act with a clause on trafficking
    named = set(lib.kb.topics.get(topic, {}).get("governing", ()))
    federal = [g for g in app.governing if g.route != "constitution"]
    federal = [g for g in federal if g.instrument_id in named] or federal
    if own:
        first = f"Yes: {place} has its own law on {what}: " + "; ".join(g.title for g in own) + "."
    elif app.status == "federal":
        first = f"No law of its own on {what}: in {place} the federal " + "; ".join(g.title for g in federal) + " applies."
    elif app.status == "none":
        first = f"No law applies in {place} on {what}, as recorded."
    else:
        first = f"Not assessed: which law governs {what} in {place} is not established."
    basis = federal[0].basis if app.status == "federal" and federal else app.basis
    return Answer("own-law", [first, f"Basis: {basis}"], f"qanoon applies {topic} -j {jurisdiction}",
                  basis=basis, confirmed=app.confirmed)


def _ratification(lib: Library) -> Answer:
    rows = [(i, i.pakistan) for i in lib.kb.instruments if i.jurisdiction == "international" and i.pakistan
            and i.pakistan.status in STATUS_WORDS]
    lines = [f"{i.title}: {STATUS_WORDS[p.status]}" + ("" if p.confirmed else " (unconfirmed)") for i, p in rows]
    return Answer("ratification", ["Of the instruments in the knowledge base, Pakistan is not bound by these:", *lines],
                  "qanoon gaps --kind ratification", basis="treaty status as recorded per instrument (UN and ILO sources)",
                  confirmed=all(p.confirmed for _, p in rows))


def _difference(lib: Library, topics: list[str]) -> Answer | None:
    """The teaching contrast of the two laws that govern the two topics named, if one is written."""
    from qanoon.search.compare import teaching_contrasts

    governing = [tuple(lib.kb.topics.get(t, {}).get("governing", ())) for t in topics[:2]]
    for name, c in teaching_contrasts().items():
        if {c["left"], c["right"]} & set(governing[0]) and {c["left"], c["right"]} & set(governing[1]):
            left, right = lib.kb.get(c["left"]), lib.kb.get(c["right"])
            names = [(i.short_names[0] if i and i.short_names else iid) for i, iid in ((left, c["left"]), (right, c["right"]))]
            lines = [f"{c.get('title', name)} ({names[0]} and {names[1]}):"]
            lines += [f"{e['element']}: {names[0]}: {e['left']} {names[1]}: {e['right']}" for e in c.get("elements", [])[:6]]
            return Answer("difference", lines, f"qanoon compare {names[0]} {names[1]}",
                          basis="the teaching contrasts of corpus/comparisons.toml, each point cited to both Acts")
    return None


def _across(lib: Library, topic: str) -> Answer | None:
    """The values every jurisdiction's applicable law records for the topic's measures."""
    from qanoon.search.gaps.measures import measures_of

    lines: list[str] = []
    confirmed = True
    for m, values in measures_of(lib.kb, topic):
        per: dict[str, list[str]] = {}
        for v in values:
            shown = f"{fact_value(m['key'], v.value)} ({v.evidence.citation}" + ("" if v.evidence.confirmed else ", unconfirmed") + ")"
            if shown not in per.setdefault(v.jurisdiction, []):
                per[v.jurisdiction].append(shown)
            confirmed = confirmed and v.evidence.confirmed
        lines += [f"{m['label']}:"] + [f"  {JURISDICTIONS[j]}: {'; '.join(vs)}" for j, vs in per.items()]
        missing = [JURISDICTIONS[j] for j in PAKISTAN if j not in per and j != "federal"]
        if missing:
            lines.append("  not recorded: " + ", ".join(missing))
    if not lines:
        return None
    return Answer("across", lines, f"qanoon compare {topic}", basis="the law that applies in each jurisdiction "
                  "(corpus/applicability.toml) and the facts recorded for it", confirmed=confirmed)
