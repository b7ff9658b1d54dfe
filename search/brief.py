"""Trainer briefs: a printable handout on one topic, or on two offences side by side.

Parts:
- ``build(lib, topic, jurisdictions)`` gathers the brief as one dict from the library's verbs
  (``compare``, ``gaps``, ``compare_instruments``) and the knowledge base: what the topic is,
  key provisions by jurisdiction, the comparison, the flags with evidence, the international
  standards with Pakistan's status, questions for group work, the date the knowledge base holds
  to and its sources. The web app's JSON and both renderings start from this dict.
- ``to_markdown(d)`` renders it, reusing ``reports.compare_markdown``, ``pairing_markdown`` and
  ``gaps_markdown``; ``to_html(d)`` turns that Markdown into one self-contained A4 page.
- ``brief(lib, topic, jurisdictions, fmt)`` does both steps for the CLI.

A topic that names a pair in ``corpus/briefs.toml`` (``trafficking-vs-smuggling``) gives a
side-by-side brief built on ``Library.compare_instruments``. Group-work questions are templates
in ``corpus/briefs.toml``, one per flag kind, filled from the flag's own data.

Escaping: every value goes through ``reports.esc`` before it enters Markdown; it escapes
Markdown's syntax as well as HTML, so ``[text](javascript:...)`` in a document stays text.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qanoon.indexer.citations import format_citation
from qanoon.indexer.corpus_format import CORPUS_DIR
from qanoon.indexer.errors import QueryError
from qanoon.indexer.jurisdictions import JURISDICTIONS, resolve_all
from qanoon.indexer.knowledge import CuratedProvision, Instrument
from qanoon.search import reports
from qanoon.search.applicability import load_model
from qanoon.search.compare import PAKISTAN_ORDER, resolve_topic, teaching_contrasts
from qanoon.search.results import UNOFFICIAL

if TYPE_CHECKING:
    from qanoon.search.library import Library

KEY_PROVISIONS_PER_JURISDICTION = 4
PAKISTAN_STATUS = {
    "ratified": "ratified",
    "acceded": "acceded",
    "signed": "signed, not ratified",
    "not_party": "not a party",
    "not_applicable": "not applicable",
}
# A link in a brief must be a web address; anything else is printed as text.
_SAFE_URL = re.compile(r"https?://[^\s<>\"'()\[\]\\]+")
# Two extra rules for print: keep headings with what follows, and break long ids in narrow cells.
_PRINT_CSS = (
    "h2, h3 { page-break-after: avoid; } td code { overflow-wrap: anywhere; word-break: break-all; } "
    "ol li, ul li { margin-bottom: .35em; } @media print { body { max-width: none; margin: 0; } }"
)


@lru_cache(maxsize=1)
def brief_data(corpus_dir: Path = CORPUS_DIR) -> dict[str, Any]:
    """``corpus/briefs.toml``: question templates per flag kind and the side-by-side pairs."""
    with open(corpus_dir / "briefs.toml", "rb") as fh:
        return tomllib.load(fh)


def topics_for_briefs(lib: Library) -> list[dict[str, str]]:
    """Every subject a brief can be written on: the pairs first, then the topics."""
    pairs = [{"id": name, "label": teaching_contrasts().get(name, {}).get("title", name)} for name in brief_data()["pairs"]]
    return pairs + [{"id": t, "label": e.get("label", t)} for t, e in lib.kb.topics.items()]


# ---------------------------------------------------------------------------------------------
# build: the brief as one dict


def build(lib: Library, topic: str, jurisdictions: tuple[str, ...] = (), plan: str | None = None) -> dict[str, Any]:
    """The brief on ``topic`` (an id, a label or words; or a pair such as
    ``trafficking-vs-smuggling``), limited to ``jurisdictions`` when given; with ``plan``, the
    legislative action plan of that jurisdiction's House on the topic's subject area.

    Raises ``QueryError`` for an unknown topic or jurisdiction.
    """
    jurisdictions = resolve_all(jurisdictions)
    name = topic.strip().lower().replace(" ", "-")
    if name in brief_data()["pairs"]:
        d = _pair_brief(lib, name, jurisdictions)
        topics = brief_data()["pairs"][name]["topics"]
    else:
        d = _topic_brief(lib, resolve_topic(topic, lib.kb), jurisdictions)
        topics = [d["topic"]]
    d["plan"] = None
    if plan:
        area = load_model().area_of(topics[0])
        d["plan"] = lib.plan(plan, area.id if area else topics[0]).to_dict()
    return d


def _flags(lib: Library, topics: list[str], jurisdictions: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every flag on the brief's topics and, where a topic leads a subject area (the trafficking
    offence leads trafficking), on the whole area: a brief must not say "no flag" while ``gaps``
    holds one on the same law."""
    model = load_model()
    areas = {a.id for topic in topics if (a := model.area_of(topic)) and a.topics[0] == topic}
    return [f.to_dict() for f in lib.gaps(None, jurisdictions) if f.topic in topics or (f.area in areas and f.topic in
                                                                                        {t for a in areas for t in model.areas[a].topics})]


def _topic_brief(lib: Library, topic: str, jurisdictions: tuple[str, ...]) -> dict[str, Any]:
    # Pakistani rows only: the international rows have a section of their own (``standards``).
    comparison = lib.compare(topic, tuple(j for j in jurisdictions if j != "international") or PAKISTAN_ORDER).to_dict()
    entry = lib.kb.topics.get(topic, {})
    governing = set(entry.get("governing", ()))
    provisions = [
        {
            "jurisdiction": row["jurisdiction"],
            "label": row["label"],
            "cells": _key_cells(row["cells"], governing),
            "more": max(0, len(row["cells"]) - KEY_PROVISIONS_PER_JURISDICTION),
        }
        for row in comparison["rows"]
        if row["jurisdiction"] != "international" and row["cells"]
    ]
    flags = _flags(lib, [topic], jurisdictions)
    d = {
        "kind": "topic",
        "topic": topic,
        "title": f"Training brief: {entry.get('label', topic)}",
        "label": entry.get("label", topic),
        "definition": entry.get("definition", ""),
        "also_called": list(entry.get("synonyms", []))[:6],
        "intro": "",
        "jurisdictions": list(jurisdictions),
        "provisions": provisions,
        "comparison": comparison,
        "pairing": None,
        "flags": flags,
        "standards": _standards(lib, [topic]),
    }
    return _finish(lib, d)


def _pair_brief(lib: Library, name: str, jurisdictions: tuple[str, ...]) -> dict[str, Any]:
    contrast = teaching_contrasts().get(name)
    if contrast is None:
        raise QueryError(f"'{name}': corpus/briefs.toml names a pair that corpus/comparisons.toml lacks")
    spec = brief_data()["pairs"][name]
    topics = [t for t in spec["topics"] if t in lib.kb.topics]
    pairing = lib.compare_instruments(contrast["left"], contrast["right"]).to_dict()
    provisions = []
    for side in ("left", "right"):
        # the provisions the teaching contrasts cite, then those on the brief's topics
        inst = lib.kb.get(pairing[side]["id"])
        assert inst is not None  # compare_instruments accepts knowledge-base instruments only
        cited = [str(el[f"{side}_cite"]).upper() for el in contrast["elements"]]
        chosen = [p for n in dict.fromkeys(cited) for p in inst.provisions if p.num.upper() == n]
        chosen += [p for p in inst.provisions if set(p.topics) & set(topics) and p not in chosen]
        provisions.append(
            {
                "jurisdiction": inst.jurisdiction,
                "label": inst.title,
                "cells": [_provision_cell(inst, p) for p in chosen],
                "more": 0,
            }
        )
    flags = _flags(lib, topics, jurisdictions)
    d = {
        "kind": "pair",
        "topic": name,
        "title": f"Training brief: {contrast.get('title', name)}",
        "label": contrast.get("title", name),
        "definition": " ".join(f"{lib.kb.topics[t]['label']}: {lib.kb.topics[t].get('definition', '')}" for t in topics),
        "also_called": [],
        "intro": spec.get("intro", ""),
        "jurisdictions": list(jurisdictions),
        "provisions": provisions,
        "comparison": None,
        "pairing": pairing,
        "flags": flags,
        "standards": _standards(lib, topics),
    }
    return _finish(lib, d)


def _key_cells(cells: list[dict[str, Any]], governing: set[str]) -> list[dict[str, Any]]:
    """The few provisions a trainer should open first: governing law, then those with facts."""

    def key(c: dict[str, Any]) -> tuple[bool, bool, bool]:
        iid = c["id"].rpartition("/")[0]
        return (iid not in governing, not c["facts"], c["heading"].lower().startswith("short title"))

    return sorted(cells, key=key)[:KEY_PROVISIONS_PER_JURISDICTION]


def _provision_cell(inst: Instrument, p: CuratedProvision) -> dict[str, Any]:
    """A knowledge-base provision in the shape of a comparison cell."""
    return {
        "id": f"{inst.id}/{p.eid}",
        "citation": format_citation(inst.title, p.kind, p.num),
        "heading": p.heading,
        "summary": p.summary,
        "facts": [f.to_dict() for f in p.facts],
        "status": inst.status,
        "source": inst.source_url,
    }


def _standards(lib: Library, topics: list[str]) -> list[dict[str, Any]]:
    """International instruments with provisions on the topics, with Pakistan's status."""
    out: dict[str, dict[str, Any]] = {}
    for t in topics:
        for row in lib.compare(t, ("international",)).to_dict()["rows"]:
            if row["jurisdiction"] != "international" or not row["cells"]:
                continue
            iid = row["cells"][0]["id"].rpartition("/")[0]
            inst = lib.kb.get(iid)
            entry = out.setdefault(iid, {"id": iid, "title": row["label"], "pakistan": _pakistan(inst), "cells": []})
            seen = {c["id"] for c in entry["cells"]}
            entry["cells"].extend(c for c in row["cells"] if c["id"] not in seen)
    # the instruments with most to say on the topics first
    return sorted(out.values(), key=lambda s: -len(s["cells"]))


def _pakistan(inst: Instrument | None) -> dict[str, Any]:
    p = inst.pakistan if inst else None
    if p is None:
        return {"status": "", "label": "not recorded", "date": "", "confirmed": True, "declarations": ""}
    return {
        "status": p.status,
        "label": PAKISTAN_STATUS.get(p.status, p.status),
        "date": p.date,
        "confirmed": p.confirmed,
        "declarations": p.declarations,
    }


def _finish(lib: Library, d: dict[str, Any]) -> dict[str, Any]:
    """Add the questions, the sources and the date the knowledge base holds to."""
    d["questions"] = questions(lib, d["flags"])
    cited = _cited_ids(d)
    sources, checked = [], []
    for iid in cited:
        inst = lib.kb.get(iid)
        if inst is None:
            sources.append({"id": iid, "title": iid, "source_name": "your ingested copy", "source_url": "", "checked": ""})
            continue
        sources.append(
            {
                "id": iid,
                "title": inst.title,
                "source_name": inst.source_name,
                "source_url": inst.source_url,
                "checked": inst.checked,
            }
        )
        if inst.checked:
            checked.append(inst.checked)
    d["sources"] = sorted(sources, key=lambda s: (s["source_url"] == "", s["title"]))
    d["holds_to"] = max(checked, default="")
    d["earliest_check"] = min(checked, default="")
    d["notice"] = UNOFFICIAL
    return d


def _cited_ids(d: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    cells = [c for p in d["provisions"] for c in p["cells"]]
    if d["comparison"]:
        cells += [c for row in d["comparison"]["rows"] for c in row["cells"]]
    if d["pairing"]:
        ids += [d["pairing"]["left"]["id"], d["pairing"]["right"]["id"]]
        cells += [c for t in d["pairing"]["topics"] for side in ("left", "right") for c in t[side]]
    cells += [c for s in d["standards"] for c in s["cells"]]
    ids += [c["id"].rpartition("/")[0] for c in cells]
    ids += [e["instrument_id"] for f in d["flags"] for e in f["evidence"]]
    return list(dict.fromkeys(ids))


# ---------------------------------------------------------------------------------------------
# questions for group work


def questions(lib: Library, flags: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One question per flag kind present, from that kind's template in ``corpus/briefs.toml``,
    filled from its most severe flag (``flags`` arrive most severe first)."""
    templates = brief_data()["questions"]
    out, seen = [], set()
    for f in flags:
        if f["kind"] in seen:
            continue
        seen.add(f["kind"])
        # a shortfall against an element of a standard (not a number) has a template of its own
        element = f["kind"] == "below-standard" and "element" in (f.get("standard") or {})
        template = templates.get(f"{f['kind']}-element" if element else f["kind"], templates["default"])
        out.append({"kind": f["kind"], "flag": f["id"], "question": template.format(**_fields(lib, f))})
    return out


def _fields(lib: Library, f: dict[str, Any]) -> dict[str, str]:
    label = lib.kb.topics.get(f["topic"], {}).get("label", f["topic"]).lower()
    ev = [e["citation"] for e in f["evidence"]]
    values = {j: v for j, v in f["values"].items() if v is not None}
    listing = "; ".join(f"{_place(j)} {_value(v)}" for j, v in values.items() if v != "own law")
    flagged = f["jurisdictions"][0] if f["jurisdictions"] else ""
    std = f.get("standard") or {}
    return {
        "where": _and([_place(j) for j in f["jurisdictions"]]) or "Pakistan",
        "topic": label,
        "holders": _and([_place(j) for j, v in values.items() if v == "own law"]) or "other jurisdictions",
        "requirement": str(std.get("requirement", "")).rstrip("."),
        "values": listing or f["summary"],
        "value": _value(f["values"].get(flagged, "")),
        "evidence": "; ".join(ev),
        "first": ev[0],
        "second": ev[1] if len(ev) > 1 else ev[0],
        "standard": str(std.get("citation", "")),
        "standard_value": _value(std.get("value", "")),
        "status": PAKISTAN_STATUS.get(str(f["values"].get("federal", "")), str(f["values"].get("federal", ""))),
        "summary": f["summary"],
    }


def _place(j: str) -> str:
    return JURISDICTIONS.get(j, j)


def _value(v: Any) -> str:
    if isinstance(v, list):
        return _and([str(x) for x in v], "or")
    return str(v)


def _and(items: list[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}" if items else ""


# ---------------------------------------------------------------------------------------------
# rendering


def _link(text: str, url: str) -> str:
    """A Markdown link when ``url`` is a plain web address, else the text alone (both inert)."""
    if url and _SAFE_URL.fullmatch(url):
        return f"[{reports.esc(text)}]({url})"
    return reports.esc(text)


def _demote(markdown_text: str) -> str:
    """Headings one level down, so a reused section sits under the brief's own headings."""
    return re.sub(r"(?m)^(#{1,5}) ", r"#\1 ", markdown_text)


def to_markdown(d: dict[str, Any], with_map: bool = False) -> str:
    """The brief as Markdown (see the module docstring for the sections); ``with_map`` adds the
    schematic map as SVG (for the HTML page)."""
    out = [f"# {reports.esc(d['title'])}", ""]
    scope = ", ".join(_place(j) for j in d["jurisdictions"]) or "all jurisdictions"
    out += [
        f"*Scope: {reports.esc(scope)}. The knowledge base holds to {reports.esc(d['holds_to'] or 'an unrecorded date')}. "
        f"{reports.esc(d['notice'])}*",
        "",
    ]

    out += ["## What the topic is", ""]
    if d["intro"]:
        out += [reports.esc(d["intro"]), ""]
    out += [reports.esc(d["definition"]), ""]
    if d["also_called"]:
        out += ["Also searched as: " + ", ".join(f"*{reports.esc(s)}*" for s in d["also_called"]) + ".", ""]

    out += ["## Key provisions by jurisdiction" if d["kind"] == "topic" else "## Key provisions of each Act", ""]
    if not d["provisions"]:
        out += ["No provision on this topic in the knowledge base for the chosen jurisdictions.", ""]
    for p in d["provisions"]:
        out += [f"### {reports.esc(_place(p['jurisdiction']) if d['kind'] == 'topic' else p['label'])}", ""]
        out += [
            f"- **{reports.esc(c['citation'])}** ({reports.esc(c['heading'])}): {reports.esc(c['summary'])}" for c in p["cells"]
        ]
        if p["more"]:
            out.append(f"- *{p['more']} more in the comparison below.*")
        out.append("")

    if d["comparison"]:
        out += ["## Comparison", "", _demote(reports.compare_markdown(d["comparison"], with_map=with_map)), ""]
    if d["pairing"]:
        out += ["## The two offences side by side", "", _demote(reports.pairing_markdown(d["pairing"])), ""]

    out += ["## Harmonisation flags", ""]
    out += [
        reports.gaps_markdown(d["flags"]) if d["flags"] else "No harmonisation flag on this topic for the chosen jurisdictions.",
        "",
    ]

    if d.get("plan"):
        p = d["plan"]
        out += [f"## Legislative action plan: {reports.esc(p['label'])}", "", _demote(reports.plan_markdown(p)), ""]

    out += ["## International standards that apply", ""]
    if not d["standards"]:
        out += ["No international instrument in the knowledge base has a provision on this topic.", ""]
    for s in d["standards"]:
        pk = s["pakistan"]
        status = pk["label"] + (f", {pk['date']}" if pk["date"] else "") + ("" if pk["confirmed"] else "; unconfirmed")
        out += [
            f"### {reports.esc(s['title'])}",
            "",
            f"Pakistan: **{reports.esc(status)}**."
            + (f" Declarations and notes: {reports.esc(pk['declarations'])}" if pk["declarations"] else ""),
            "",
        ]
        out += [
            f"- **{reports.esc(c['citation'])}** ({reports.esc(c['heading'])}): {reports.esc(c['summary'])}" for c in s["cells"]
        ]
        out.append("")

    out += ["## Questions for group work", ""]
    if d["questions"]:
        out += [f"{i}. {reports.esc(q['question'])} *({reports.esc(q['kind'])})*" for i, q in enumerate(d["questions"], 1)]
    else:
        out.append("1. No gap is flagged here. Which provision would you expect to see tested first in court, and why?")
    out.append("")

    out += ["## Date and sources", ""]
    dates = reports.esc(d["holds_to"] or "no recorded date")
    if d["earliest_check"] and d["earliest_check"] != d["holds_to"]:
        dates += f" (the oldest check among them is {reports.esc(d['earliest_check'])})"
    out += [
        f"The knowledge base holds to {dates}: the latest date on which the instruments cited here were "
        "checked against their sources. Summaries are ours, not the text of the law.",
        "",
    ]
    for s in d["sources"]:
        where = _link(s["source_name"] or s["source_url"], s["source_url"]) if s["source_url"] else reports.esc(s["source_name"])
        out.append(f"- {reports.esc(s['title'])}: {where}" + (f", checked {reports.esc(s['checked'])}" if s["checked"] else ""))
    out.append("")
    return "\n".join(out)


HANDOUT_FLAGS = 6
HANDOUT_QUESTIONS = 4


def handout_markdown(d: dict[str, Any], with_map: bool = False) -> str:
    """The brief as a handout of at most four A4 pages: what the topic is, the comparison at a
    glance (or the two offences side by side), the most severe flags in one line each, the
    standards with Pakistan's status, questions, and where to read more. Everything left out is
    named with the command that shows it."""
    out = [f"# {reports.esc(d['title'])}", "",
           f"*The knowledge base holds to {reports.esc(d['holds_to'] or 'an unrecorded date')}. {reports.esc(d['notice'])}*", "",
           reports.esc(d["intro"] or d["definition"]), ""]
    if d["comparison"]:
        out += ["## At a glance", "", *reports.grid_markdown(d["comparison"], with_map, compact=True)]
    if d["pairing"] and d["pairing"]["elements"]:
        left, right = d["pairing"]["left"], d["pairing"]["right"]
        out += ["## Side by side", "", f"| | {reports.esc(left['title'])} | {reports.esc(right['title'])} |", "|---|---|---|"]
        out += [f"| **{reports.esc(e['element'])}** | {reports.esc(e['left'])} | {reports.esc(e['right'])} |"
                for e in d["pairing"]["elements"]]
        out.append("")
    flags = d["flags"][:HANDOUT_FLAGS]
    out += ["## The gaps that matter most", ""]
    out += [f"- **{reports.esc(f['severity'])}** {reports.esc(_clip(f['summary'], 220))}" for f in flags] or ["- No harmonisation flag."]
    if len(d["flags"]) > len(flags):
        out.append(f"- *{len(d['flags']) - len(flags)} more: `qanoon gaps {reports.code(d['topic'])}`*")
    out += ["", "## Standards and Pakistan", ""]
    out += [f"- {reports.esc(s['title'])}: **{reports.esc(s['pakistan']['label'])}**" for s in d["standards"]] or ["- None on this topic."]
    out += ["", "## Questions for group work", ""]
    out += [f"{i}. {reports.esc(q['question'])}" for i, q in enumerate(d["questions"][:HANDOUT_QUESTIONS], 1)]
    out += ["", f"*The full brief, with every provision, flag and source: `qanoon brief {reports.code(d['topic'])}`.*", ""]
    return "\n".join(out)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def to_html(d: dict[str, Any], handout: bool = False) -> str:
    """The brief (or its handout) as one self-contained HTML page (inline CSS, no external assets, A4)."""
    text = handout_markdown(d, with_map=True) if handout else to_markdown(d, with_map=True)
    page = reports.to_html(text, d["title"])
    return page.replace("</style>", _PRINT_CSS + "</style>", 1)


def brief(lib: Library, topic: str, jurisdictions: tuple[str, ...] = (), fmt: str = "md") -> str:
    """The brief on ``topic`` as Markdown (``fmt="md"``) or HTML (``fmt="html"``)."""
    d = build(lib, topic, jurisdictions)
    return to_html(d) if fmt == "html" else to_markdown(d)
