"""Turn a parsed document (or a knowledge-base instrument) into the flat records the engine stores.

One record per section/Article/rule/schedule, one per subsection, and one per instrument.
Full-text units that the knowledge base also covers are joined to it here: they carry our
summary, topic tags and facts, so search shows one provision with both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from qanoon.indexer.citations import format_citation
from qanoon.indexer.corpus_format import KB_DOC
from qanoon.indexer.facts import extract as extract_facts
from qanoon.indexer.knowledge import CuratedProvision, Instrument, KnowledgeBase
from qanoon.indexer.models import DocumentMeta, RawDocument
from qanoon.indexer.structure.eids import provision_eid
from qanoon.indexer.structure.tree import MAIN_KINDS, ParseResult
from qanoon.indexer.topics import tag_text

UNIT_KINDS = MAIN_KINDS | {"schedule", "unit"}

# What each kind of fact is about, in the words people search with ("minimum age", "penalty").
_FACT_WORDS = {
    "max_prison_years": "imprisonment punishment", "min_prison_years": "minimum imprisonment punishment",
    "max_fine_pkr": "fine penalty", "min_fine_pkr": "minimum fine penalty", "fine_or_prison": "fine imprisonment",
    "death_penalty": "death penalty", "life_imprisonment": "life imprisonment", "age": "minimum age",
    "investigating_agency": "investigation agency", "trial_court": "court trial", "bailable": "bail",
    "cognizable": "cognizable", "compoundable": "compoundable", "body": "body authority", "standard": "standard",
    "notice_days": "notice days", "moved_by": "who may move", "limit": "limit", "admissibility": "admissible admissibility",
}
_NAMED_FACTS = {"body", "investigating_agency", "trial_court"}


def topic_text(topics: Iterable[str], facts: list[dict[str, Any]]) -> str:
    """The searchable words of a provision's curated knowledge: its topics, and what each of its
    facts is about ("minimum age" and "domestic work" for the age a Domestic Workers Act sets),
    so that a question in those words finds the provision that records the answer."""
    words = [t.replace("-", " ") for t in topics]
    for f in facts:
        words.append(_FACT_WORDS.get(str(f.get("key")), str(f.get("key", "")).replace("_", " ")))
        words.append(str(f.get("applies_to") or ""))
        if f.get("key") in _NAMED_FACTS:   # the name of the body, agency or court
            words.append(str(f.get("value") or ""))
    return " ".join(w for w in words if w.strip())


def _instrument_names(meta: DocumentMeta, inst: Instrument | None) -> str:
    names = list(meta.short_names)
    if inst:
        names += [*inst.short_names, *inst.aliases]
    return " | ".join(dict.fromkeys(names))


def _base(meta: DocumentMeta, doc_id: str, names: str) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "instrument_id": meta.id, "jurisdiction": meta.jurisdiction,
        "type": meta.type, "status": meta.status, "year": meta.year or 0,
        "version_rank": meta.version_rank, "title": meta.title, "names": names,
    }


def successors(kb: KnowledgeBase, cp: CuratedProvision | None) -> list[dict[str, str]]:
    """The provisions now doing a repealed provision's work: unit id and citation, for ranking
    it below them and saying where the law now is."""
    out = []
    for uid in cp.replaced_by if cp else ():
        iid, _, eid = uid.rpartition("/")
        inst = kb.get(iid)
        p = next((p for p in inst.provisions if p.eid == eid), None) if inst else None
        out.append({"id": uid, "citation": format_citation(inst.title, p.kind, p.num) if inst and p else uid})
    return out


def _curated_fields(cp: CuratedProvision | None) -> dict[str, Any]:
    if cp is None:
        return {}
    out: dict[str, Any] = {"summary": cp.summary, "topics": list(cp.topics), "facts": [f.to_dict() for f in cp.facts]}
    if cp.status:   # a section repealed from a law still in force
        out["status"] = cp.status
    return out


def unit_records(
    meta: DocumentMeta, parsed: ParseResult, doc: RawDocument, doc_id: str, kb: KnowledgeBase, source: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Records for one ingested document version."""
    inst = kb.get(meta.id)
    names = _instrument_names(meta, inst)
    base = _base(meta, doc_id, names)
    if doc.extra.get("ocr"):  # text read by OCR from a scan: say so wherever it is shown
        source = {**source, "ocr": True, "ocr_pages": doc.extra.get("ocr_pages", [])}
    yield {
        **base, "id": f"{doc_id}#instrument", "record": "instrument", "eid": "", "kind": "instrument",
        "number": "", "heading": meta.title, "body": parsed.preamble[:4000],
        "data": {"meta": meta.to_dict(), "source": source, "warnings": parsed.warnings[:20]},
    }
    for root in parsed.units:
        for unit, ancestors in root.walk():
            top = next((a for a in (*ancestors, unit) if a.kind in UNIT_KINDS), None)
            if top is None or unit.kind not in UNIT_KINDS | {"subsection"}:
                continue
            number = top.num
            unit_num = number if unit is top else f"{number}({unit.num})"
            curated = inst.provision(number) if inst and top.kind in MAIN_KINDS else None
            text = unit.full_text
            context = [f"{a.kind.title()} {a.num}: {a.heading}".strip(": ") for a in ancestors if a.kind in {"part", "chapter"}]
            heading = top.heading or (curated.heading if curated else "")
            cur = _curated_fields(curated)
            topics = sorted(set(cur.get("topics", [])) | tag_text(heading, text, kb.topics))
            page = doc.page_at(unit.start) if unit is top else doc.page_at(top.start)
            text, rest = split_long(text)
            yield {
                **base, "status": cur.get("status", base["status"]), "id": f"{doc_id}#{unit.eid}",
                "record": "provision", "eid": unit.eid, "kind": unit.kind, "number": number, "unit": unit_num, "heading": heading,
                "body": text, "summary": cur.get("summary", "") if unit is top else "",
                "topics": topics, "topic_text": topic_text(topics, cur.get("facts", []) if unit is top else []),
                "data": {
                    "citation": format_citation(meta.title, top.kind, unit_num),
                    "context": context, "source": {**source, "page": page},
                    "facts": cur.get("facts", []) if unit is top else [], "version": meta.version,
                    "extracted_facts": [f.to_dict() for f in extract_facts(text, format_citation(meta.title, top.kind, unit_num))]
                    if unit is top and top.kind in MAIN_KINDS else [],
                    "top_kind": top.kind, "replaced_by": successors(kb, curated),
                },
            }
            for k, part in enumerate(rest, 2):   # a unit too long for one record: its continuation
                eid = provision_eid("unit", str(k), unit.eid)
                yield {
                    **base, "id": f"{doc_id}#{eid}", "record": "provision", "eid": eid, "kind": "unit", "number": number,
                    "unit": f"{unit_num} (part {k})", "heading": heading, "body": part, "summary": "", "topics": topics,
                    "topic_text": "",
                    "data": {"citation": f"{format_citation(meta.title, top.kind, unit_num)} (continued, part {k})",
                             "context": context, "source": {**source, "page": page}, "facts": [], "version": meta.version,
                             "extracted_facts": [], "top_kind": top.kind, "replaced_by": []},
                }


# A record's text is capped: one unit of a hundred megabytes (a one-line file) made every search
# that matched it take tens of seconds and a gigabyte. The longest real unit seen is about 64,000
# characters (Constitution Art. 89); longer text goes on in continuation records.
MAX_UNIT_CHARS = 200_000


def split_long(text: str, limit: int = MAX_UNIT_CHARS) -> tuple[str, list[str]]:
    """``text`` cut into pieces of at most ``limit`` characters, at a line break or a space
    where there is one near the limit: (the first piece, the rest)."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind("\n", limit // 2, limit), text.rfind(" ", limit // 2, limit))
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip()
    pieces.append(text)
    return pieces[0], pieces[1:]


def kb_meta(inst: Instrument) -> DocumentMeta:
    return DocumentMeta(
        id=inst.id, title=inst.title, year=inst.year, jurisdiction=inst.jurisdiction, type=inst.type,
        status=inst.status, number=inst.number, short_names=inst.short_names,
        issuing_body=inst.issuing_body, version="knowledge base", version_rank=0,
    )


def kb_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """Records for the embedded knowledge base: each instrument and each curated provision."""
    for inst in kb.instruments:
        meta = kb_meta(inst)
        names = _instrument_names(meta, inst)
        base = _base(meta, KB_DOC, names)
        source = {"file": str(inst.path.relative_to(inst.path.parents[3])), "url": inst.source_url, "name": inst.source_name}
        yield {
            **base, "id": f"kb:{inst.id}#instrument", "record": "instrument", "eid": "", "kind": "instrument",
            "number": "", "heading": inst.title, "body": inst.overview,
            "topics": sorted({*inst.topics, *(t for p in inst.provisions for t in p.topics)}),
            "data": {"meta": meta.to_dict(), "source": source, "warnings": []},
        }
        for p in inst.provisions:
            yield {
                **base, "status": p.status or base["status"], "id": f"kb:{inst.id}#{p.eid}", "record": "provision", "eid": p.eid,
                "kind": p.kind, "number": p.num, "unit": p.num, "heading": p.heading,
                "body": "", "summary": p.summary, "topics": list(p.topics),
                "topic_text": topic_text(p.topics, [f.to_dict() for f in p.facts]),
                "data": {
                    "citation": format_citation(inst.title, p.kind, p.num), "context": [],
                    "source": source, "facts": [f.to_dict() for f in p.facts],
                    "version": "knowledge base", "top_kind": p.kind, "replaced_by": successors(kb, p),
                },
            }
