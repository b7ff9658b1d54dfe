"""Views: each takes the library and the request, and returns one ``Page`` whose ``data`` dict
is what both the HTML page (``web.pages``) and the JSON answer render.

Views only read: they call ``Library`` verbs and never write to the index or the disk. Ids in
a URL are looked up in the index and nowhere else; a view that cannot find one raises
``NotFound``. Every bound on input (query length, result count) is checked here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qanoon.indexer.corpus_format import TYPES
from qanoon.indexer.jurisdictions import JURISDICTIONS, resolve_all
from qanoon.search import Options, QanoonError, reports
from qanoon.search import brief as briefs
from qanoon.search.compare import PAKISTAN_ORDER, teaching_contrasts
from qanoon.search.results import UNOFFICIAL

if TYPE_CHECKING:
    from qanoon.search import Library
    from qanoon.web.app import Request

MAX_QUERY = 500  # characters in a search query
MAX_PARAM = 200  # characters in any other parameter
MAX_RESULTS = 50  # hits on one page
DEFAULT_RESULTS = 20
MAX_ID = 300
# A unit or instrument id: slash-separated segments of letters, digits, _ . - (no '.' or '..' segment).
_ID = re.compile(r"(?!.*(?:^|/)\.{1,2}(?:/|$))[A-Za-z0-9][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_.\-]+)*")
KIND_ORDER = ("coverage", "below-standard", "divergence", "outdated", "ratification")
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


class HTTPError(Exception):
    """An answer other than 200: the one error path renders it as a page or as JSON."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class NotFound(HTTPError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


class BadRequest(HTTPError):
    def __init__(self, message: str) -> None:
        super().__init__(400, message)


@dataclass
class Page:
    """What a view returns: the page template's name, its title and its data."""

    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Download:
    """A file the browser saves (a brief)."""

    body: str
    content_type: str
    filename: str
    inline: bool = False


# ---------------------------------------------------------------------------------------------
# parameters


def param(req: Request, name: str, limit: int = MAX_PARAM) -> str:
    value = req.get(name).strip()
    if len(value) > limit:
        raise BadRequest(f"parameter '{name}' is too long: {len(value)} characters; the limit is {limit}")
    return value


def choices(req: Request, name: str, allowed: Any) -> tuple[str, ...]:
    """The values of a repeatable parameter, each checked against ``allowed``; jurisdictions go
    through the one resolver, so ``Sindh``, ``KPK`` and ``Azad Kashmir`` work as on the command line."""
    raw = [v for v in req.all(name) if v.strip()]
    if name == "jurisdiction":
        try:
            raw = list(resolve_all(raw))
        except QanoonError as exc:
            raise BadRequest(str(exc)) from None
    values = tuple(dict.fromkeys(v.strip().lower() for v in raw))
    bad = [v for v in values if v not in allowed]
    if bad:
        raise BadRequest(f"'{bad[0][:40]}' is not a valid {name}; choose from: {', '.join(sorted(allowed))}")
    return values


def checked_id(value: str) -> str:
    value = value.strip("/")
    if len(value) > MAX_ID or not _ID.fullmatch(value):
        raise NotFound(f"'{value[:80]}' is not an id in the index")
    return value


def _choices_data() -> dict[str, Any]:
    return {
        "jurisdictions": [{"id": j, "label": label} for j, label in JURISDICTIONS.items()],
        "types": sorted(TYPES),
    }


# ---------------------------------------------------------------------------------------------
# views


def index(lib: Library, req: Request) -> Page:
    flags = lib.flags
    return Page(
        "index",
        "Qanoon",
        {
            "notice": UNOFFICIAL,
            "instruments": len(lib.list()),
            "flags": len(flags),
            "topics": [
                {"id": t, "label": e.get("label", t), "definition": e.get("definition", "")} for t, e in lib.kb.topics.items()
            ],
            "pairs": [
                {"id": name, "label": c.get("title", name), "left": c["left"], "right": c["right"]}
                for name, c in teaching_contrasts().items()
                if name in briefs.brief_data()["pairs"]
            ],
            "params": {"q": "", "jurisdiction": [], "type": []},
            "choices": _choices_data(),
        },
    )


def search(lib: Library, req: Request) -> Page:
    q = param(req, "q", MAX_QUERY)
    jurisdiction = choices(req, "jurisdiction", JURISDICTIONS)
    types = choices(req, "type", TYPES)
    try:
        limit = min(MAX_RESULTS, max(1, int(req.get("limit") or DEFAULT_RESULTS)))
    except ValueError:
        raise BadRequest("'limit' must be a whole number") from None
    params = {"q": q, "jurisdiction": list(jurisdiction), "type": list(types), "limit": limit}
    data: dict[str, Any] = {"notice": UNOFFICIAL, "params": params, "choices": _choices_data(), "results": None}
    if q:
        opts = Options(jurisdiction=jurisdiction, type=types, limit=limit, facets=True)
        data["results"] = lib.search(q, opts).to_dict()
    return Page("search", f"Search: {q}" if q else "Search", data)


def provision(lib: Library, req: Request, uid: str) -> Page:
    uid = checked_id(uid)
    if "/" not in uid:
        raise NotFound(f"'{uid}' is not a provision id (a provision id looks like pk/act/2018/ptpa/sec_3)")
    as_enacted = req.get("as_enacted") in {"1", "true", "yes"}
    try:
        shown = lib.show(uid, Options(as_enacted=as_enacted))
    except QanoonError:
        shown = None
    if shown is None or shown.kind != "provision" or shown.hit is None or shown.hit.id.lower() != uid.lower():
        raise NotFound(f"no provision '{uid}' in the index")
    hit = shown.hit
    data = shown.to_dict()
    contents = lib.show(hit.instrument_id).contents
    pos = next((i for i, c in enumerate(contents) if c["id"].lower() == hit.id.lower()), None)
    if pos is None:  # a subsection: its place is its section's
        pos = next((i for i, c in enumerate(contents) if c["number"] == hit.number), None)
    data["place"] = {
        "instrument_id": hit.instrument_id,
        "title": hit.title,
        "context": hit.context,
        "position": None if pos is None else pos + 1,
        "of": len(contents),
        "previous": contents[pos - 1] if pos else None,
        "next": contents[pos + 1] if pos is not None and pos + 1 < len(contents) else None,
    }
    data["as_enacted"] = as_enacted
    data["flags"] = lib.flags_for(hit)
    return Page("provision", hit.citation, data)


def instrument(lib: Library, req: Request, iid: str) -> Page:
    iid = checked_id(iid)
    try:
        shown = lib.show(iid)
    except QanoonError:
        shown = None
    if shown is None or shown.kind != "instrument" or shown.instrument.get("id", "").lower() != iid.lower():
        raise NotFound(f"no instrument '{iid}' in the index")
    data = shown.to_dict()
    inst = lib.kb.get(shown.instrument["id"])
    data["record"] = (
        None
        if inst is None
        else {
            "source_url": inst.source_url,
            "source_name": inst.source_name,
            "checked": inst.checked,
            "commencement": inst.commencement,
            "repealed_by": inst.repealed_by,
            "related": list(inst.related),
            "pakistan": None if inst.pakistan is None else vars(inst.pakistan),
            "amendments": [vars(a) for a in inst.amendments],
        }
    )
    data["flags"] = [f.to_dict() for f in lib.flags if any(e.instrument_id == shown.instrument["id"] for e in f.evidence)]
    return Page("instrument", shown.instrument.get("title", iid), data)


def instruments(lib: Library, req: Request) -> Page:
    jurisdiction = choices(req, "jurisdiction", JURISDICTIONS)
    items = lib.list(jurisdiction)
    groups = [
        {"jurisdiction": j, "label": label, "instruments": [i for i in items if i["jurisdiction"] == j]}
        for j, label in JURISDICTIONS.items()
    ]
    return Page(
        "instruments",
        "Instruments",
        {"notice": UNOFFICIAL, "groups": [g for g in groups if g["instruments"]], "total": len(items)},
    )


def compare(lib: Library, req: Request) -> Page:
    topic, a, b = param(req, "topic"), param(req, "a"), param(req, "b")
    jurisdiction = choices(req, "jurisdiction", JURISDICTIONS)
    data: dict[str, Any] = {
        "notice": UNOFFICIAL,
        "params": {"topic": topic, "a": a, "b": b, "jurisdiction": list(jurisdiction)},
        "topics": [{"id": t, "label": e.get("label", t)} for t, e in lib.kb.topics.items()],
        "comparison": None,
        "pairing": None,
    }
    try:
        if a and b:
            data["pairing"] = lib.compare_instruments(a, b, topic or None).to_dict()
            title = f"{data['pairing']['left']['title']} and {data['pairing']['right']['title']}"
        elif topic:
            data["comparison"] = lib.compare(topic, jurisdiction).to_dict()
            title = f"Compare: {data['comparison']['label']}"
        else:
            title = "Compare"
    except QanoonError as exc:
        raise BadRequest(str(exc)) from None
    return Page("compare", title, data)


def gaps(lib: Library, req: Request) -> Page:
    """The matrix of topics by jurisdictions, and the flags (with evidence) of one cell, row or
    column when ``topic`` / ``jurisdiction`` / ``kind`` are given."""
    topic = param(req, "topic")
    jurisdiction = choices(req, "jurisdiction", PAKISTAN_ORDER)
    kinds = choices(req, "kind", KIND_ORDER)
    if topic and topic not in lib.kb.topics:
        raise BadRequest(f"'{topic[:60]}' is not a topic id")
    every = [f.to_dict() for f in lib.flags]
    labels = {t: e.get("label", t) for t, e in lib.kb.topics.items()}
    rows = []
    for t in sorted({f["topic"] for f in every}, key=lambda t: labels.get(t, t).lower()):
        cells = []
        for j in PAKISTAN_ORDER:
            here = [f for f in every if f["topic"] == t and j in f["jurisdictions"]]
            here.sort(
                key=lambda f: (SEVERITY_ORDER[f["severity"]], KIND_ORDER.index(f["kind"]) if f["kind"] in KIND_ORDER else 9)
            )
            cells.append(
                {
                    "jurisdiction": j,
                    "count": len(here),
                    "severity": here[0]["severity"] if here else "",
                    "kind": here[0]["kind"] if here else "",
                    "kinds": sorted({f["kind"] for f in here}, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 9),
                }
            )
        rows.append({"topic": t, "label": labels.get(t, t), "cells": cells})
    chosen = None
    if topic or jurisdiction or kinds:
        chosen = [f.to_dict() for f in lib.gaps(topic or None, jurisdiction, kinds)]
    return Page(
        "gaps",
        "Harmonisation gaps",
        {
            "notice": UNOFFICIAL,
            "jurisdictions": [{"id": j, "label": JURISDICTIONS[j]} for j in PAKISTAN_ORDER],
            "kinds": list(KIND_ORDER),
            "rows": rows,
            "total": len(every),
            "params": {"topic": topic, "jurisdiction": list(jurisdiction), "kind": list(kinds)},
            "flags": chosen,
        },
    )


def brief(lib: Library, req: Request) -> Page | Download:
    """Without a topic, the form; with one, the brief as a download (html or md) or as JSON."""
    topic = param(req, "topic")
    jurisdiction = choices(req, "jurisdiction", JURISDICTIONS)
    fmt = (req.get("format") or "html").lower()
    if fmt not in {"html", "md", "json"}:
        raise BadRequest("'format' must be html, md or json")
    if not topic:
        return Page(
            "brief_form",
            "Trainer briefs",
            {
                "notice": UNOFFICIAL,
                "subjects": briefs.topics_for_briefs(lib),
                "choices": _choices_data(),
            },
        )
    try:
        d = briefs.build(lib, topic, jurisdiction)
    except QanoonError as exc:
        raise BadRequest(str(exc)) from None
    if fmt == "json":
        return Page("brief_form", d["title"], d)
    # the file name is made from the resolved topic id, never from the request
    name = re.sub(r"[^a-z0-9-]+", "-", d["topic"]) + ("-" + "-".join(jurisdiction) if jurisdiction else "")
    inline = req.get("inline") in {"1", "true", "yes"}
    handout = req.get("handout") in {"1", "true", "yes"}   # at most four A4 pages
    name += "-handout" if handout else ""
    if fmt == "md":
        text = briefs.handout_markdown(d) if handout else briefs.to_markdown(d)
        return Download(text, "text/markdown; charset=utf-8", f"brief-{name}.md", inline)
    return Download(briefs.to_html(d, handout), "text/html; charset=utf-8", f"brief-{name}.html", inline)


AREAS_FOR_PLANS = ("trafficking", "smuggling", "forced-labour", "child-labour", "marriage-age", "domestic-workers",
                   "home-based-workers", "child-protection", "recruitment")


def plan(lib: Library, req: Request) -> Page | Download:
    """Without a jurisdiction, the form; with one, the legislative action plan as a page, as
    JSON, or as a download (``format=md`` or ``html``)."""
    jurisdiction = choices(req, "jurisdiction", PAKISTAN_ORDER)
    topic = param(req, "topic").strip().lower()   # any case: "Forced-Labour" is forced-labour
    fmt = (req.get("format") or "page").lower()
    if fmt not in {"page", "html", "md", "json"}:
        raise BadRequest("'format' must be page, html, md or json")
    if topic and topic not in AREAS_FOR_PLANS:
        raise BadRequest(f"'{topic[:60]}' is not a subject area; choose one of {', '.join(AREAS_FOR_PLANS)}")
    form = {"jurisdictions": [{"id": j, "label": JURISDICTIONS[j]} for j in PAKISTAN_ORDER], "areas": list(AREAS_FOR_PLANS),
            "params": {"jurisdiction": list(jurisdiction[:1]), "topic": topic}}
    if not jurisdiction:
        return Page("plan", "Legislative action plans", {"notice": UNOFFICIAL, "form": form, "plan": None})
    try:
        d = lib.plan(jurisdiction[0], topic or None).to_dict()
    except QanoonError as exc:
        raise BadRequest(str(exc)) from None
    title = f"Legislative action plan: {d['label']}" + (f" ({topic})" if topic else "")
    if fmt in {"md", "html"}:
        name = f"plan-{jurisdiction[0]}" + (f"-{topic}" if topic else "")   # from resolved ids, never raw input
        body = f"# {title}\n\n{reports.plan_markdown(d)}"
        if fmt == "md":
            return Download(body, "text/markdown; charset=utf-8", f"{name}.md", req.get("inline") in {"1", "true", "yes"})
        return Download(reports.to_html(body, title), "text/html; charset=utf-8", f"{name}.html",
                        req.get("inline") in {"1", "true", "yes"})
    return Page("plan", title, {"notice": UNOFFICIAL, "form": form, "plan": d})
