"""Which law applies where, and why: ``applicable(kb, jurisdiction, topic, on=date)``.

Every claim Qanoon makes about a jurisdiction's law (a gap flag, a checklist verdict, a row of a
comparison, a note under search results) goes through this one function, so that none of them
can say "Sindh has no law on X" while a federal Act governs X in Sindh.

The rules, with the data they read from ``corpus/applicability.toml``:

- a jurisdiction's own law applies there (the federation's own law is federal law);
- a federal law whose extent clause reaches the whole of Pakistan (``[[extent]]``) applies in the
  Islamabad Capital Territory, whose law Parliament makes (Constitution Art. 142(d));
- in a province it applies until the province replaces it (``[[replaces]]``): on a devolved
  subject it continues in force as an existing law (Art. 270AA), on criminal law Parliament
  and the Assemblies legislate alike (Art. 142(b)), and on a subject of the Federal Legislative
  List (an area with ``subject = "federal"``) only Parliament legislates (Art. 142(a));
- in Gilgit-Baltistan and AJK a federal law applies only where it was adopted or extended there
  (``[[adopted]]``); otherwise the answer is "unknown", never "no law";
- "none" is said only where nothing applies and an absence was recorded (``corpus/jurisdictions``)
  that rests on the official code or on a source saying so; an absence that rests only on
  searches finding nothing (``basis = "not-found"``) leaves the answer "unknown".
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from qanoon.indexer.corpus_format import CORPUS_DIR
from qanoon.indexer.errors import KnowledgeBaseError, QueryError
from qanoon.indexer.jurisdictions import JURISDICTIONS, PAKISTAN
from qanoon.indexer.knowledge import Instrument, KnowledgeBase

LAW_TYPES = frozenset({"constitution", "act", "ordinance", "rules", "regulation"})
PROVINCES = ("punjab", "sindh", "kp", "balochistan")
TERRITORIES = ("gb", "ajk")   # federal Acts reach them only as adopted there


@dataclass(frozen=True)
class Area:
    """A subject area: its topics, and who legislates on it under the Constitution."""

    id: str
    label: str
    topics: tuple[str, ...]
    subject: str          # "devolved", "criminal" or "federal" (on the Federal Legislative List)
    basis: str = ""
    citation: str = ""
    # who administers it, for oversight questions: {"province": ..., "federal": ...}
    departments: tuple[tuple[str, str], ...] = ()

    def department(self, level: str) -> str:
        return dict(self.departments).get(level, "")


@dataclass(frozen=True)
class Link:
    """One recorded fact of applicability: an extent clause, a replacement or an adoption."""

    instrument: str
    citation: str
    confirmed: bool
    jurisdiction: str = ""     # where it was replaced or adopted
    applies_to: str = ""       # extent: "pakistan" or "ict"
    subject: str = ""          # extent: "criminal" for a criminal statute, whatever the area
    replaced: str = ""         # replaces: the federal law it took the place of
    how: str = ""
    checked: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Model:
    areas: dict[str, Area]
    extents: dict[str, Link]
    replacements: tuple[Link, ...]
    adoptions: tuple[Link, ...]

    def area_of(self, topic: str) -> Area | None:
        """The area a topic belongs to (an area id is its own area)."""
        if topic in self.areas:
            return self.areas[topic]
        return next((a for a in self.areas.values() if topic in a.topics), None)

    def replacement(self, federal_id: str, jurisdiction: str) -> Link | None:
        return next((r for r in self.replacements if r.replaced == federal_id and r.jurisdiction == jurisdiction), None)

    def adoption(self, federal_id: str, jurisdiction: str) -> Link | None:
        return next((a for a in self.adoptions if a.instrument == federal_id and a.jurisdiction == jurisdiction), None)


def _link(raw: dict[str, Any], path: Path, table: str) -> Link:
    missing = [k for k in ("instrument", "citation") if not raw.get(k)]
    if missing:
        raise KnowledgeBaseError(f"{path}: [[{table}]] entry without {missing[0]}")
    return Link(
        instrument=raw["instrument"], citation=raw["citation"], confirmed=bool(raw.get("confirmed", False)),
        jurisdiction=raw.get("jurisdiction", ""), applies_to=raw.get("applies_to", ""), subject=raw.get("subject", ""),
        replaced=raw.get("replaced", ""), how=raw.get("how", ""), checked=str(raw.get("checked", "")),
        source=raw.get("source", ""), note=raw.get("note", ""),
    )


@lru_cache(maxsize=4)
def load_model(corpus_dir: Path = CORPUS_DIR) -> Model:
    """``corpus/applicability.toml``, read once per process."""
    path = corpus_dir / "applicability.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(f"{path}: invalid TOML: {exc}") from None
    areas = {aid: Area(id=aid, label=a["label"], topics=tuple(a["topics"]), subject=a["subject"],
                       basis=a.get("basis", ""), citation=a.get("citation", ""),
                       departments=tuple(sorted(a.get("departments", {}).items())))
             for aid, a in data.get("areas", {}).items()}
    extents = {e.instrument: e for e in (_link(r, path, "extent") for r in data.get("extent", []))}
    bad = [e.instrument for e in extents.values() if e.applies_to not in {"pakistan", "ict"}]
    if bad:
        raise KnowledgeBaseError(f"{path}: extent of {bad[0]} must be 'pakistan' or 'ict'")
    return Model(
        areas=areas, extents=extents,
        replacements=tuple(_link(r, path, "replaces") for r in data.get("replaces", [])),
        adoptions=tuple(_link(r, path, "adopted") for r in data.get("adopted", [])),
    )


@dataclass(frozen=True)
class Governing:
    """A law that applies in a jurisdiction on a topic, and the legal route by which it does."""

    instrument_id: str
    title: str
    owner: str             # the jurisdiction whose law it is
    route: str             # own | constitution | federal-ict | federal-continuing | federal-criminal | federal-list | adopted
    basis: str             # why it applies there, in our words, with its citations
    confirmed: bool
    text_seen: bool        # False for a law known only by name (its provisions not recorded)
    replaced: tuple[str, ...] = ()   # titles of the federal laws it took the place of there

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Applicability:
    """What governs ``topic`` in ``jurisdiction``: ``status`` is own, federal, none or unknown."""

    jurisdiction: str
    topic: str
    area: str
    status: str
    governing: tuple[Governing, ...]
    basis: str
    confirmed: bool
    checked: str = ""
    absence: str = ""   # a recorded absence of the jurisdiction's own law, when there is one
    unreached: str = ""  # a federal law on the topic whose reach here is not known

    @property
    def has_law(self) -> bool | None:
        """True when some law applies, False when a recorded absence says none does, None when unknown."""
        return {"own": True, "federal": True, "none": False}.get(self.status)

    def summary(self) -> str:
        """One line a policymaker can read: which law, and on what basis."""
        where = JURISDICTIONS[self.jurisdiction]
        if self.status == "own":
            names = "; ".join(g.title for g in self.governing if g.route == "own")
            return f"{where} has its own law: {names}."
        if self.status == "federal":
            laws = [g.title for g in self.governing if g.route != "constitution"] or [g.title for g in self.governing]
            return f"{where} relies on federal law: " + "; ".join(laws) + "."
        return f"{where}: {self.basis}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["summary"] = self.summary()
        return d


def _started(inst: Instrument, on: date | None) -> bool:
    if on is None:
        return True
    start = inst.commencement or str(inst.year)
    return start <= on.isoformat()[: len(start)]


def _on_topic(inst: Instrument, topics: frozenset[str]) -> bool:
    return bool(topics & set(inst.topics)) or any(p.status != "repealed" and topics & set(p.topics) for p in inst.provisions)


def laws_on(kb: KnowledgeBase, topics: frozenset[str], on: date | None = None) -> list[Instrument]:
    """The Pakistani laws in force (on ``on``) with a provision, or a recorded subject, on any of
    ``topics``, in the knowledge base's order."""
    return [i for i in kb.instruments if i.jurisdiction in PAKISTAN and i.type in LAW_TYPES and i.status == "in_force"
            and _started(i, on) and _on_topic(i, topics)]


def _short(inst: Instrument) -> str:
    return inst.short_names[0] if inst.short_names else inst.title


def _federal_route(model: Model, area: Area | None, inst: Instrument, jurisdiction: str) -> tuple[str, str, bool] | None:
    """How a federal law reaches ``jurisdiction`` (route, basis, confirmed), or None where it does not."""
    extent = model.extents.get(inst.id)
    if extent is None or extent.applies_to != "pakistan":
        return None
    reach = f"its extent clause ({extent.citation}) covers the whole of Pakistan"
    if inst.type == "constitution" and jurisdiction not in TERRITORIES:
        return "constitution", f"the Constitution governs the whole federation ({extent.citation})", extent.confirmed
    if model.replacement(inst.id, jurisdiction):   # the capital territory's or a province's own law took its place
        return None
    if jurisdiction == "ict":
        return "federal-ict", f"Parliament makes the capital territory's law (Constitution Art. 142(d)); {reach}", extent.confirmed
    if jurisdiction in PROVINCES:
        if area is not None and area.subject == "federal":
            return ("federal-list", f"{reach}; the subject is on the Federal Legislative List, where only Parliament "
                    f"legislates (Constitution Art. 142(a); {area.citation})", extent.confirmed)
        if extent.subject == "criminal" or (area is not None and area.subject == "criminal"):
            return ("federal-criminal", f"{reach}; Parliament legislates on criminal law alongside the provinces "
                    "(Constitution Art. 142(b))", extent.confirmed)
        return ("federal-continuing", f"{reach}; on a subject devolved to the provinces it stays in force until the "
                "province replaces it (Constitution Art. 270AA(6))", extent.confirmed)
    adopted = model.adoption(inst.id, jurisdiction)
    if adopted:
        return "adopted", f"adopted or extended there ({adopted.citation})", adopted.confirmed and extent.confirmed
    return None


def _governs(kb: KnowledgeBase, model: Model, area: Area | None, inst: Instrument, jurisdiction: str) -> Governing | None:
    """Whether ``inst`` applies in ``jurisdiction``, and by which route: its own law there, or a
    federal law that reaches it."""
    if inst.jurisdiction == jurisdiction:
        replaced = tuple(r.replaced for r in model.replacements if r.instrument == inst.id and r.jurisdiction == jurisdiction)
        titles = tuple(t.title for t in map(kb.get, replaced) if t)
        basis = "its own law" + (f", which took the place of the {'; '.join(titles)} there" if titles else "")
        return Governing(inst.id, inst.title, inst.jurisdiction, "own", basis, True, bool(inst.provisions), titles)
    if inst.jurisdiction == "federal" and (route := _federal_route(model, area, inst, jurisdiction)):
        return Governing(inst.id, inst.title, "federal", route[0], route[1], route[2], bool(inst.provisions))
    return None


def governs(kb: KnowledgeBase, jurisdiction: str, instrument_id: str, area_id: str, on: date | None = None) -> Governing | None:
    """Whether a law in force applies in ``jurisdiction`` whatever its topic tags: a law that
    was assessed against an element of a standard counts where it applies (the Penal Code's
    offences against children bear on child labour's worst forms though none is tagged so)."""
    model = load_model()
    inst = kb.get(instrument_id)
    if inst is None or inst.type not in LAW_TYPES or inst.status != "in_force" or not _started(inst, on):
        return None
    return _governs(kb, model, model.areas.get(area_id), inst, jurisdiction)


def applicable(kb: KnowledgeBase, jurisdiction: str, topic: str, on: date | None = None,
               model: Model | None = None) -> Applicability:
    """Which laws govern ``topic`` (a topic id, or an area id for all its topics) in
    ``jurisdiction`` on the date ``on`` (today's law when None), with the basis of each."""
    if jurisdiction not in PAKISTAN:
        raise QueryError(f"'{jurisdiction}': applicability is worked out for {', '.join(PAKISTAN)}")
    model = model or load_model()
    area = model.area_of(topic)
    topics = frozenset(area.topics if area and topic == area.id else (topic,))
    if topic not in kb.topics and not (area and topic == area.id):
        raise QueryError(f"'{topic}': not a topic or subject area of the knowledge base")
    laws = laws_on(kb, topics, on)
    governing: list[Governing] = []
    unreached: list[Instrument] = []    # federal laws whose reach here is not recorded
    for inst in laws:
        if (g := _governs(kb, model, area, inst, jurisdiction)) is not None:
            governing.append(g)
        elif inst.jurisdiction == "federal" and (jurisdiction in TERRITORIES or inst.id not in model.extents):
            unreached.append(inst)
    checked = max([i.checked for i in laws if i.checked] or [""])
    area_id = area.id if area else topic
    recorded = next((n for n in kb.no_law if n.jurisdiction == jurisdiction and n.topic in topics), None)
    searched = recorded if recorded is not None and recorded.basis == "not-found" else None
    if searched is not None:   # searches that found nothing do not show that nothing exists
        recorded = None
    absence = ""
    if recorded:
        absence = f"recorded absence, checked {recorded.checked}" + ("" if recorded.confirmed else ", unconfirmed")
    if any(g.route == "own" for g in governing):
        return Applicability(jurisdiction, topic, area_id, "own", tuple(governing), "its own law applies",
                             all(g.confirmed for g in governing), checked)
    if governing:
        return Applicability(jurisdiction, topic, area_id, "federal", tuple(governing), "; ".join(g.basis for g in governing),
                             all(g.confirmed for g in governing), checked, absence)
    if unreached:
        # name the law with the most on the topic (an Act before the Constitution)
        first = min(unreached, key=lambda i: (i.type == "constitution", -sum(bool(topics & set(p.topics)) for p in i.provisions))).title
        why = ("federal Acts reach it only as adopted there, and no adoption is recorded" if jurisdiction in TERRITORIES
               else "its extent is not recorded")
        return Applicability(jurisdiction, topic, area_id, "unknown", (),
                             f"whether the federal {first} applies there is not known ({why}): not assessed"
                             + (f"; no law of its own ({absence}; source: {recorded.source})" if recorded else "")
                             + (f"; no law of its own was found in searches ({searched.source})" if searched else ""),
                             False, recorded.checked if recorded else checked, absence, first)
    if recorded:
        return Applicability(jurisdiction, topic, area_id, "none", (),
                             f"no law applies ({absence}; source: {recorded.source})" + (f"; {recorded.note}" if recorded.note else ""),
                             recorded.confirmed, recorded.checked, absence)
    if searched is not None:
        return Applicability(jurisdiction, topic, area_id, "unknown", (),
                             f"no law of its own was found in searches ({searched.source}, {searched.checked}), which does "
                             "not show that there is none: not assessed", False, searched.checked)
    return Applicability(jurisdiction, topic, area_id, "unknown", (),
                         "no law on record and no recorded absence: not assessed", False, "")
