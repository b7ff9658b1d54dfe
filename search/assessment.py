"""How the law that applies in a jurisdiction measures against each element of a standard.

``corpus/assessments/<area>.toml`` breaks the standards of an area (the Protocols, the ILO
conventions) into elements, one requirement each with its article, and records for each
Pakistani law a verdict (met, partly, not met, not assessed), the provisions it rests on and a
one-line reason. ``element_verdicts(kb, jurisdiction, area)`` reads those verdicts for the laws
that ``applicable`` says govern there. Only a recorded verdict states anything: an element no
governing law was assessed against is "not assessed", never "covered".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from qanoon.indexer.corpus_format import CORPUS_DIR
from qanoon.indexer.errors import KnowledgeBaseError, QueryError
from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.search.applicability import Applicability, applicable, governs, load_model

VERDICTS = ("met", "partly", "not_met", "not_assessed")
_RANK = {v: i for i, v in enumerate(VERDICTS)}   # the best verdict among the governing laws counts


@dataclass(frozen=True)
class Element:
    """One requirement of a standard, in our words."""

    id: str
    area: str
    standard: str      # the international instrument's id
    article: str
    citation: str
    requirement: str
    core: bool         # a "shall" obligation or part of an offence's definition
    topic: str


@dataclass(frozen=True)
class Assessment:
    """A recorded verdict: how one Pakistani law measures against one element."""

    element: str
    instrument: str
    verdict: str
    provisions: tuple[str, ...]
    reason: str
    checked: str
    confirmed: bool
    source: str = ""


@dataclass(frozen=True)
class Standards:
    elements: tuple[Element, ...]
    assessments: tuple[Assessment, ...]

    def of_area(self, area: str) -> list[Element]:
        return [e for e in self.elements if e.area == area]

    def areas(self) -> list[str]:
        return list(dict.fromkeys(e.area for e in self.elements))


def _load_file(path: Path) -> tuple[list[Element], list[Assessment]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(f"{path}: invalid TOML: {exc}") from None
    area = data.get("area") or path.stem
    elements = []
    for raw in data.get("elements", []):
        missing = [k for k in ("id", "standard", "citation", "requirement", "topic") if not raw.get(k)]
        if missing:
            raise KnowledgeBaseError(f"{path}: element {raw.get('id', '?')}: missing '{missing[0]}'")
        elements.append(Element(id=raw["id"], area=area, standard=raw["standard"], article=str(raw.get("article", "")),
                                citation=raw["citation"], requirement=raw["requirement"], core=bool(raw.get("core", True)),
                                topic=raw["topic"]))
    assessments = []
    for raw in data.get("assessments", []):
        verdict = raw.get("verdict", "")
        if verdict not in VERDICTS:
            raise KnowledgeBaseError(f"{path}: assessment of {raw.get('element', '?')}: unknown verdict '{verdict}'")
        if not raw.get("reason"):
            raise KnowledgeBaseError(f"{path}: assessment of {raw.get('element', '?')} by {raw.get('instrument', '?')}: no reason")
        assessments.append(Assessment(element=raw["element"], instrument=raw["instrument"], verdict=verdict,
                                      provisions=tuple(str(p) for p in raw.get("provisions", [])), reason=raw["reason"],
                                      checked=str(raw.get("checked", "")), confirmed=bool(raw.get("confirmed", False)),
                                      source=raw.get("source", "")))
    return elements, assessments


@lru_cache(maxsize=4)
def load_standards(corpus_dir: Path = CORPUS_DIR) -> Standards:
    """Every ``corpus/assessments/*.toml``, read once per process; element ids are unique."""
    elements: list[Element] = []
    assessments: list[Assessment] = []
    for path in sorted((corpus_dir / "assessments").glob("*.toml")):
        e, a = _load_file(path)
        elements += e
        assessments += a
    ids = [e.id for e in elements]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise KnowledgeBaseError(f"{corpus_dir / 'assessments'}: element id used twice: {', '.join(dupes)}")
    unknown = sorted({a.element for a in assessments} - set(ids))
    if unknown:
        raise KnowledgeBaseError(f"{corpus_dir / 'assessments'}: assessment of an unknown element: {unknown[0]}")
    return Standards(tuple(elements), tuple(assessments))


@dataclass
class ElementVerdict:
    """An element of a standard, and the verdict for a jurisdiction's applicable law."""

    element: Element
    verdict: str
    reason: str
    confirmed: bool
    checked: str = ""
    # the recorded assessments of the governing laws: instrument, title, provisions, verdict, reason
    evidence: list[dict[str, Any]] = field(default_factory=list)


def element_verdicts(kb: KnowledgeBase, jurisdiction: str, area: str, on: date | None = None,
                     standards: Standards | None = None) -> tuple[Applicability, list[ElementVerdict]]:
    """The area's applicability in ``jurisdiction`` and, per element, the best verdict among the
    laws that govern there: met if any of them meets it, and so on down to not assessed."""
    standards = standards or load_standards()
    if area not in load_model().areas or area not in standards.areas():
        raise QueryError(f"'{area}': no standard is broken into elements for it; choose one of {', '.join(standards.areas())}")
    app = applicable(kb, jurisdiction, area, on)
    laws = {g.instrument_id: g for g in app.governing}
    elements = standards.of_area(area)
    if app.governing:   # where the area's law is not established, another law's verdict would mislead
        ids = {el.id for el in elements}
        for iid in dict.fromkeys(a.instrument for a in standards.assessments if a.element in ids):
            if iid not in laws and (g := governs(kb, jurisdiction, iid, area, on)) is not None:
                laws[iid] = g
    out = []
    for el in elements:
        found = sorted((a for a in standards.assessments if a.element == el.id and a.instrument in laws),
                       key=lambda a: (_RANK[a.verdict], not a.confirmed, a.instrument))
        evidence = [{
            "instrument_id": a.instrument, "title": laws[a.instrument].title, "provisions": list(a.provisions),
            "verdict": a.verdict, "reason": a.reason, "confirmed": a.confirmed, "checked": a.checked,
        } for a in found]
        if not found or found[0].verdict == "not_assessed":
            why = ("no law governing it there was assessed against this element" if app.governing
                   else f"which law governs here is not established ({app.status})")
            out.append(ElementVerdict(el, "not_assessed", found[0].reason if found else why, False, "", evidence))
            continue
        best = found[0]
        out.append(ElementVerdict(el, best.verdict, best.reason, best.confirmed, best.checked, evidence))
    return app, out
