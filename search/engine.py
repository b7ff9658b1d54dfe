"""Search and look-up over the index: ``search``, ``show``, ``list_instruments``.

``search`` runs citation look-up first (a query shaped like ``PTPA s 3`` goes straight to the
provision), then free-text search with query understanding, re-ranks with ``ranking``,
collapses versions and subsections to one hit per provision, and writes snippets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from qanoon.indexer.analysis import term_set, terms
from qanoon.indexer.backend import Backend, Query
from qanoon.indexer.errors import QueryError
from qanoon.indexer.jurisdictions import JURISDICTIONS, resolve_all
from qanoon.search import ranking
from qanoon.search.citations import Citation, parse_citation
from qanoon.search.names import Names
from qanoon.search.query import to_engine_query, understand, vocabulary
from qanoon.search.results import Hit, SearchResults
from qanoon.search.snippets import make_snippet

FETCH = 150


@dataclass
class Options:
    jurisdiction: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    year: int | None = None
    limit: int = 10
    include_repealed: bool = False
    as_enacted: bool = False
    group_by: str = ""        # "" or "instrument"
    facets: bool = False
    plain: bool = False       # baseline ranking, for benchmarks

    def filters(self) -> dict[str, tuple[str, ...]]:
        out = {}
        if self.jurisdiction:
            out["jurisdiction"] = resolve_all(self.jurisdiction)
        if self.type:
            out["type"] = tuple(t.lower() for t in self.type)
        return out


def rank(fields: dict[str, Any], score: float, u: Any, governing: dict[str, tuple[str, ...]], opts: Options,
         coverage: ranking.Coverage) -> float:
    """The engine score after Qanoon's ranking adjustments (see ``search.ranking``), with the
    query's coverage check prepared once for all its candidates."""
    score = ranking.adjust(fields, score, include_repealed=opts.include_repealed, query_terms=u.term_set)
    score *= coverage(fields)
    score = ranking.governing_boost(fields, score, u.topics, governing)
    score = ranking.fact_intent_boost(fields, score, u.fact_keys, u.topics, u.term_set)
    return ranking.jurisdiction_prior(fields, score, u.jurisdictions or list(opts.jurisdiction))


def focus_within_instruments(scored: list[tuple[float, dict[str, Any]]], query_terms: frozenset[str],
                             wanted_facts: set[str] = frozenset(), equivalents: ranking.Equivalents = (),
                             topics: Sequence[str] = ()) -> list[tuple[float, dict[str, Any]]]:
    """Scores after ``ranking.heading_focus``, relative to the best-focused provision of the same
    instrument: headings order the provisions of one law, while which law answers best is left
    to the engine's score and the priors (an exact heading in a narrower law must not outrank
    the law that governs the question). A provision recording the kind of fact the query asks
    for (an age, a penalty) is as focused as a heading that names the question; a heading naming
    it in other words (``equivalents``: "Use of terms" for "definition") names it too."""
    focus = [max(ranking.heading_focus(ranking.in_query_words(term_set(f.get("heading") or ""), equivalents),
                                       term_set(f.get("title") or ""), query_terms),
                 ranking.fact_focus(f, wanted_facts, topics, query_terms))
             for _, f in scored]
    best: dict[str, float] = {}
    for (_, f), x in zip(scored, focus, strict=True):
        best[f["instrument_id"]] = max(best.get(f["instrument_id"], 0.0), x)
    return [(s * x / best[f["instrument_id"]], f) for (s, f), x in zip(scored, focus, strict=True)]


def unit_id(fields: dict[str, Any]) -> str:
    eid = fields.get("eid") or ""
    return f"{fields['instrument_id']}/{eid}" if eid else fields["instrument_id"]


def to_hit(fields: dict[str, Any], score: float, qterms: set[str], others: list[str] | None = None) -> Hit:
    """A hit from a record, with its snippet: made only for the hits a search returns (making
    snippets for every candidate was a third of a search's time)."""
    data = fields.get("data") or {}
    body = fields.get("body") or ""
    summary = fields.get("summary") or ""
    snippet_src = body if body and fields.get("version_rank", 0) else summary or body
    return Hit(
        id=unit_id(fields), instrument_id=fields["instrument_id"], title=fields.get("title", ""),
        year=fields.get("year") or None, jurisdiction=fields.get("jurisdiction", ""), type=fields.get("type", ""),
        status=fields.get("status", ""), number=fields.get("number", ""), unit=fields.get("unit") or fields.get("number", ""),
        kind=fields.get("kind", ""), heading=fields.get("heading", ""),
        citation=data.get("citation") or fields.get("title", ""), snippet=make_snippet(snippet_src, qterms),
        score=score, source=data.get("source", {}), summary=summary, topics=fields.get("topics", []),
        facts=data.get("facts") or data.get("extracted_facts", []), version=data.get("version", data.get("meta", {}).get("version", "")),
        other_versions=others or [], text=body, context=data.get("context", []), eid=fields.get("eid", ""),
        replaced_by=[r["citation"] for r in data.get("replaced_by", [])],
    )


def _collapse(scored: list[tuple[float, dict[str, Any]]], opts: Options) -> list[tuple[float, dict[str, Any], list[str]]]:
    """One entry per (instrument, provision): best score, shown from the preferred version."""
    groups: dict[tuple[str, str], list[tuple[float, dict[str, Any]]]] = {}
    order: list[tuple[str, str]] = []
    for score, f in scored:
        key = (f["instrument_id"], f.get("number") or "" if f.get("record") == "provision" else "#instrument")
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((score, f))
    out = []
    for key in order:
        members = groups[key]
        best_score = max(s for s, _ in members)
        # within the group: the top-level unit before its subsections, then the preferred version
        best_version = max(ranking.version_preference(f, opts.as_enacted) for _, f in members)
        candidates = [(s, f) for s, f in members if ranking.version_preference(f, opts.as_enacted) == best_version]
        chosen = max(candidates, key=lambda t: t[0])[1]
        versions = sorted({f.get("data", {}).get("version", "") for _, f in members} - {chosen.get("data", {}).get("version", "")})
        out.append((best_score, chosen, versions))
    out.sort(key=lambda t: -t[0])
    return out


def lookup_citation(backend: Backend, names: Names, cit: Citation, opts: Options) -> list[dict[str, Any]]:
    """Records of the provision a citation names, most preferred version first."""
    iid = names.resolve(cit.instrument)
    if iid is None:
        return []
    recs = [r for r in backend.records(instrument_id=iid, number=cit.number) if r.get("record") == "provision"]
    if not recs and re.fullmatch(r"[IVXL]+", cit.number):
        from qanoon.indexer.structure.headings import roman_to_int

        recs = [r for r in backend.records(instrument_id=iid, number=str(roman_to_int(cit.number))) if r.get("record") == "provision"]
    if not recs:
        return []
    if cit.sub:
        wanted = cit.unit.upper()
        subs = [r for r in recs if str(r.get("unit", "")).upper() == wanted]
        recs = subs or recs
    else:
        recs = [r for r in recs if r.get("kind") != "subsection"] or recs
    recs.sort(key=lambda r: ranking.version_preference(r, opts.as_enacted), reverse=True)
    return recs


def search(backend: Backend, query: str, opts: Options | None = None, names: Names | None = None) -> SearchResults:
    """Answer a query with provision-level hits (see the module docstring)."""
    opts = opts or Options()
    if not query or not query.strip():
        raise QueryError("empty query: type some words, a citation such as 'PTPA s 3', or an instrument name")
    names = names or Names(backend)
    u = understand(query, names)
    qterms = set(u.terms) | set(terms(" ".join(u.expansions)))  # words to mark in snippets
    hits: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    interpreted = ""
    cit = None if opts.plain else parse_citation(query)
    if cit:
        recs = lookup_citation(backend, names, cit, opts)
        if recs:
            r = recs[0]
            versions = sorted({x.get("data", {}).get("version", "") for x in recs[1:]} - {r.get("data", {}).get("version", "")})
            hits.append(to_hit(r, 1000.0, qterms, versions))
            seen.add((r["instrument_id"], r.get("number", "")))
            interpreted = f"citation: {r.get('data', {}).get('citation', cit.unit)}"
    # a provision the named law does not have: say so and show the law, not its words "s 99"
    missing = bool(cit and not hits and names.resolve(cit.instrument))
    if (missing or not u.text.strip()) and u.instruments and not hits:
        inst = next(iter(backend.records(instrument_id=u.instruments[0], record="instrument")), None)
        if inst:
            hits.append(to_hit(inst, 1.0, qterms))
            interpreted = (f"{inst.get('title')} has no provision {cit.unit} in the index" if missing and cit
                           else f"instrument: {inst.get('title')}")
    # a query that is wholly a citation asks for that provision: its words ("s", "3") are not a search
    found, total, facets = ([], len(hits), {}) if cit and hits else _ranked_hits(backend, u, opts, qterms, seen)
    titles = [names.info[i]["title"] if i in names.info else i for i in u.instruments]
    if not found and not hits and u.instruments and u.text.strip():
        # nothing within the named law: the law may be the subject, not the place ("repeal of PACHTO")
        wider = replace(u, text=" ".join([u.text, *titles]), instruments=[])
        found, total, facets = _ranked_hits(backend, wider, opts, qterms, seen)
        if found:
            interpreted = f"nothing within {', '.join(titles)} matched; searched every instrument for it"
    hits.extend(found)
    if opts.group_by == "instrument":
        per: dict[str, int] = {}
        grouped = []
        for h in hits:
            per[h.instrument_id] = per.get(h.instrument_id, 0) + 1
            if per[h.instrument_id] <= 3:
                grouped.append(h)
        first = {}
        for i, h in enumerate(grouped):
            first.setdefault(h.instrument_id, i)
        grouped.sort(key=lambda h: first[h.instrument_id])
        hits = grouped
    result = SearchResults(query=query, total=max(total, len(hits)), hits=hits[: opts.limit],
                           interpreted_as=interpreted, facets=facets)
    if u.instruments and not interpreted:
        result.interpreted_as = "within: " + ", ".join(titles)
    if u.truncated:
        result.message = f"query shortened to its first {len(u.text)} characters"
    if not (cit and hits):
        result.suggestions = suggest(backend, u.text)
    if not result.hits and result.suggestions and not opts.plain:
        # nothing for the words typed, something for the corrected ones: show that, and say so
        alt = search(backend, result.suggestions[0], replace(opts, plain=False), names)
        if alt.hits:
            result.hits, result.total = alt.hits, alt.total
            result.interpreted_as = f"no results for '{query}'; showing results for '{result.suggestions[0]}'"
    notes = query_notes(query)
    if not result.hits:
        tips = "try fewer or other words, a citation such as 'PTPA s 3', or remove filters"
        if not u.terms:
            tips = "the query has no searchable words (only stop words or symbols); " + tips
        notes += ["no results", tips]
    elif u.jurisdictions and not any(h.jurisdiction in own_law(u.jurisdictions) for h in result.hits):
        # the named province's own law did not make the list: say so, not let another's pass for it
        named = " or ".join(JURISDICTIONS.get(j, j) for j in u.jurisdictions)
        notes.append(f"nothing from {named} among these results; --jurisdiction {u.jurisdictions[0]} shows only its law")
    result.message = "; ".join(m for m in (result.message, *notes) if m)   # the shortening note stays
    return result


def _ranked_hits(backend: Backend, u: Any, opts: Options, qterms: set[str],
                 seen: set[tuple[str, str]]) -> tuple[list[Hit], int, dict[str, dict[str, int]]]:
    """The engine's hits for an understood query, ranked, one per provision not in ``seen``
    (which it extends); with the engine's total and facets."""
    eq: Query = to_engine_query(u, filters=opts.filters(), year=opts.year, limit=FETCH, facets=opts.facets, plain=opts.plain)
    if not eq.should:
        return [], 0, {}
    res = backend.search(eq)
    governing = vocabulary().governing
    # words count in the coverage check by their rarity (``Backend.rarity``)
    coverage = None if opts.plain else ranking.Coverage(u.term_set, u.equivalents, backend.rarity(u.term_set))
    scored = [
        (h.score if coverage is None else rank(h.fields, h.score, u, governing, opts, coverage), h.fields)
        for h in res.hits if h.fields.get("record") == "provision"
    ]
    if not opts.plain:
        scored = focus_within_instruments(scored, u.term_set, u.fact_keys, u.equivalents, u.topics)
    scored.sort(key=lambda t: -t[0])
    entries = _collapse(scored, opts)
    if not (opts.plain or opts.include_repealed):
        entries = ranking.below_successors(entries)
    hits: list[Hit] = []
    shown = len(entries) if opts.group_by else opts.limit   # grouping may reach deep into the list
    for score, f, versions in entries:
        key = (f["instrument_id"], f.get("number") or "")
        if key in seen:
            continue
        if len(hits) == shown:
            break
        seen.add(key)
        hits.append(to_hit(f, score, qterms, versions))
    return hits, res.total, res.facets


def own_law(jurisdictions: Sequence[str]) -> set[str]:
    """The jurisdictions whose law is the named ones' own: federal law is the capital
    territory's (Constitution Art. 142(d); the ``federal-ict`` route of search/applicability.py)."""
    return set(jurisdictions) | ({"federal"} if "ict" in jurisdictions else set())


def query_notes(query: str) -> list[str]:
    """What the query asked that Qanoon does not do, said once (the rest of it is still searched)."""
    notes = []
    if re.search(r"[*?]", query):
        notes.append("wildcards (* ?) are not supported; words are matched with their other forms already")
    if re.search(r"\b[A-Za-z_]+:\S", query) and not re.search(r"https?:", query):
        notes.append("field syntax (name:value) is not supported; searched the words instead "
                     "(use --jurisdiction, --type, --year to filter)")
    if re.search(r"[\u0600-\u06ff]", query) and not re.search(r"[A-Za-z]{2,}", query):
        notes.append("the texts are in English: try the English words (e.g. 'trafficking', 'smuggling of migrants')")
    return notes


def suggest(backend: Backend, text: str) -> list[str]:
    """Did-you-mean: the query with each word no text has replaced by the closest word the texts
    have. Offered whenever a word is unknown, not only when little is found: the other words
    of "trafiking penalty" find plenty, none of it about trafficking."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)[:8]]
    close = backend.suggest(words)
    out = [close[w][0] if w in close else w for w in words]
    return [" ".join(out)] if out != words else []


@dataclass
class ShowResult:
    """A provision in full with its place in the hierarchy, or an instrument with its contents."""

    kind: str                      # "provision" | "instrument"
    hit: Hit | None = None
    instrument: dict[str, Any] = field(default_factory=dict)
    contents: list[dict[str, Any]] = field(default_factory=list)
    versions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from qanoon.search.results import UNOFFICIAL

        out: dict[str, Any] = {"kind": self.kind, "notice": UNOFFICIAL}
        if self.hit:
            out["provision"] = self.hit.to_dict(full_text=True)
        if self.instrument:
            out["instrument"] = self.instrument
        if self.contents:
            out["contents"] = self.contents
        if self.versions:
            out["versions"] = self.versions
        return out


def _instrument_view(backend: Backend, iid: str, opts: Options) -> ShowResult:
    recs = list(backend.records(instrument_id=iid))
    inst_recs = [r for r in recs if r.get("record") == "instrument"]
    if not inst_recs:
        raise QueryError(f"no instrument '{iid}' in the index")
    inst_recs.sort(key=lambda r: ranking.version_preference(r, opts.as_enacted), reverse=True)
    top = inst_recs[0]
    meta = dict(top.get("data", {}).get("meta", {}))
    meta["overview"] = next((r.get("body", "") for r in inst_recs if r.get("doc_id") == "kb"), "")
    provs = [r for r in recs if r.get("record") == "provision" and r.get("kind") != "subsection"]
    best: dict[str, dict[str, Any]] = {}
    for r in provs:
        n = r.get("number", "")
        if n not in best or ranking.version_preference(r, opts.as_enacted) > ranking.version_preference(best[n], opts.as_enacted):
            best[n] = r
    from qanoon.indexer.structure.headings import order_key

    contents = [
        {"id": unit_id(r), "number": r.get("number"), "heading": r.get("heading"), "kind": r.get("kind")}
        for r in sorted(best.values(), key=lambda r: (r.get("kind") == "schedule", order_key(r.get("number", ""))))
    ]
    versions = [
        {"version": r.get("data", {}).get("meta", {}).get("version"), "source": r.get("data", {}).get("source", {})}
        for r in inst_recs
    ]
    return ShowResult(kind="instrument", instrument=meta, contents=contents, versions=versions)


def show(backend: Backend, what: str, opts: Options | None = None, names: Names | None = None) -> ShowResult:
    """One provision (by unit id or citation) or one instrument (by id, title or alias)."""
    opts = opts or Options()
    what = " ".join(what.split())
    if not what:
        raise QueryError("say what to show: a citation such as 'PTPA s 3', a unit id, or an instrument name")
    names = names or Names(backend)
    if "/" in what and " " not in what:
        iid, _, eid = what.rpartition("/")
        recs = [r for r in backend.records(instrument_id=iid, eid=eid.lower()) if r.get("record") == "provision"]
        if recs:
            recs.sort(key=lambda r: ranking.version_preference(r, opts.as_enacted), reverse=True)
            others = [r.get("data", {}).get("version", "") for r in recs[1:]]
            return ShowResult(kind="provision", hit=_with_neighbours(to_hit(recs[0], 1.0, set(), others), recs))
        if next(backend.records(instrument_id=what, record="instrument"), None):
            return _instrument_view(backend, what, opts)
    cit = parse_citation(what)
    if cit:
        recs = lookup_citation(backend, names, cit, opts)
        if recs:
            others = sorted({r.get("data", {}).get("version", "") for r in recs[1:]})
            return ShowResult(kind="provision", hit=_with_neighbours(to_hit(recs[0], 1.0, set(), others), recs))
        iid = names.resolve(cit.instrument)
        if iid:
            raise QueryError(f"'{what}': {names.info[iid]['title'] if iid in names.info else iid} has no provision {cit.unit} in the index")
    iid = names.resolve(what)
    if iid:
        return _instrument_view(backend, iid, opts)
    raise QueryError(f"'{what}': no provision or instrument by that name; try 'qanoon list' or a citation such as 'PTPA s 3'")


def _with_neighbours(hit: Hit, recs: list[dict[str, Any]]) -> Hit:
    hit.summary = hit.summary or next((r.get("summary", "") for r in recs if r.get("summary")), "")
    if not hit.facts:
        hit.facts = next((r.get("data", {}).get("facts", []) for r in recs if r.get("data", {}).get("facts")), [])
    return hit


def list_instruments(backend: Backend, *, jurisdiction: tuple[str, ...] = (), type: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Instruments in the index, one entry each, with their versions."""
    out: dict[str, dict[str, Any]] = {}
    for r in backend.records(record="instrument"):
        if jurisdiction and r.get("jurisdiction") not in jurisdiction:
            continue
        if type and r.get("type") not in type:
            continue
        entry = out.setdefault(r["instrument_id"], {
            "id": r["instrument_id"], "title": r.get("title"), "year": r.get("year") or None,
            "jurisdiction": r.get("jurisdiction"), "type": r.get("type"), "status": r.get("status"),
            "versions": [],
        })
        entry["versions"].append(r.get("data", {}).get("meta", {}).get("version", ""))
    return sorted(out.values(), key=lambda e: (e["jurisdiction"] or "", e["title"] or ""))
