"""HTML pages: one function per view template, each from the view's ``data`` dict to ``Markup``.

Parts: ``CSS`` (the only style sheet, inline in every page; no asset from anywhere), ``layout``
(header, navigation, footer with the notice and a link to the page as JSON), one renderer per
template in ``TEMPLATES``, and ``error_page``. Every value goes through ``web.markup.html``,
which escapes it; the pages need no JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qanoon.indexer.corpus_format import fact_label, fact_value
from qanoon.indexer.jurisdictions import JURISDICTIONS
from qanoon.search import reports, tilemap
from qanoon.search.render import without_explanations
from qanoon.search.results import status_label
from qanoon.web.markup import Markup, external, href, html, join, marked

KIND_HUE = {"coverage": 2, "below-standard": 30, "divergence": 275, "outdated": 205, "ratification": 165}
KIND_LETTER = {"coverage": "C", "below-standard": "B", "divergence": "D", "outdated": "O", "ratification": "R"}
KIND_MEANING = {
    "coverage": "no law where other jurisdictions have one",
    "below-standard": "a value short of an international benchmark",
    "divergence": "jurisdictions set different values",
    "outdated": "points to repealed law, or a value older than an amendment",
    "ratification": "an instrument Pakistan is not a party to",
}
SEVERITY_LIGHTNESS = {"high": 62, "medium": 78, "low": 91}

CSS = Markup(
    """
:root { --fg: #1b1b1b; --muted: #595959; --line: #d4d4d4; --accent: #0b5394; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
header { background: #0b3d63; color: #fff; padding: .55rem 1rem;
  display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; align-items: baseline; }
header a { color: #fff; text-decoration: none; } header a:hover, header a:focus { text-decoration: underline; }
.brand { font-weight: 700; font-size: 1.2rem; } nav a { margin-right: 1rem; display: inline-block; }
main { max-width: 64rem; margin: 0 auto; padding: .5rem 1rem 1rem; }
footer { max-width: 64rem; margin: 2rem auto 1rem; padding: .5rem 1rem 0;
  color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
a { color: var(--accent); }
h1 { font-size: 1.5rem; line-height: 1.25; margin: .8rem 0 .4rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
form.bar { display: flex; flex-wrap: wrap; gap: .5rem; margin: .6rem 0 1rem; align-items: center; }
form.bar input[type=search] { flex: 1 1 16rem; min-width: 0; }
input, select, button { font: inherit; padding: .4rem .5rem; border: 1px solid #9a9a9a; border-radius: 4px; max-width: 100%; }
button { background: #0b3d63; color: #fff; border-color: #0b3d63; cursor: pointer; }
.layout { display: grid; grid-template-columns: 1fr; gap: 1rem; }
@media (min-width: 52rem) { .layout { grid-template-columns: 14rem 1fr; } }
.facets h3 { font-size: .9rem; margin: .7rem 0 .2rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.facets ul { list-style: none; padding: 0; margin: 0; } .facets li { font-size: .9rem; }
ol.hits { padding-left: 1.4rem; } ol.hits > li { margin-bottom: 1.2rem; }
.cite { font-weight: 600; } .heading { font-style: italic; }
.badge { display: inline-block; font-size: .75rem; padding: 0 .45rem; border-radius: .7rem;
  background: #e6edf5; color: #1f3550; margin-left: .25rem; white-space: nowrap; }
.badge.warn { background: #fbe0de; color: #7f1d1d; }
mark { background: #ffe97a; padding: 0 .1em; }
.meta, .muted { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.snippet { margin: .25rem 0; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit;
  background: #fafafa; border: 1px solid var(--line); padding: .75rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f3f5; } .scroll { overflow-x: auto; }
table.matrix th, table.matrix td { text-align: center; font-size: .85rem; padding: .3rem; }
table.matrix th.topic { text-align: left; font-weight: 500; }
figure.map svg { max-width: 100%; height: auto; }
table.grid td:nth-child(3) { min-width: 16rem; } table.grid td:nth-child(4) { font-size: .85rem; }
div.answer { border: 1px solid #9ab; background: #f3f7fa; padding: .25rem .9rem; margin: .5rem 0 1rem; }
section.action { border-left: 4px solid #bbb; padding-left: .75rem; margin: 1rem 0; break-inside: avoid; }
section.action.s-high { border-left-color: #b00020; } section.action.s-medium { border-left-color: #c77700; }
table.matrix td a { display: block; color: #111; text-decoration: none; font-weight: 600; }
table.matrix td.none { color: #aaa; }
.flag { border-left: 4px solid #b45309; padding: .1rem 0 .1rem .7rem; margin: .8rem 0; }
@page { size: A4; margin: 12mm; }
@page matrix { size: A4 landscape; margin: 8mm; }
@media print {
  header nav, form, .bar, .facets, footer p:last-child { display: none; }
  header { background: none; color: #000; padding: 0; } header a { color: #000; }
  main, footer { max-width: none; margin: 0; padding: 0; }
  body { font-size: 10pt; } a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; } .layout { display: block; }
  table { font-size: 8.5pt; } tr, .flag, section.action, div.answer { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .matrix-page { page: matrix; }
  table.matrix { width: 100%; table-layout: fixed; }
  table.matrix th, table.matrix td { font-size: 6.5pt; padding: 1px 2px; overflow-wrap: anywhere; }
  table.matrix th.topic { width: 22%; }
}
.flag p { margin: .2rem 0; } .flag ul { margin: .2rem 0; padding-left: 1.2rem; }
.pager { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
ul.toc { columns: 2 18rem; padding-left: 1.2rem; } ul.plain { padding-left: 1.2rem; }
dl.meta-list { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta-list dt { font-weight: 600; }
dl.meta-list dd { margin: 0; overflow-wrap: anywhere; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; font-size: .85rem; } .legend + .legend { margin-top: .4rem; }
.legend span.swatch { display: inline-block; min-width: 2.2em; text-align: center; border-radius: 3px; font-weight: 600; }
.s-high { outline: 2px solid rgba(0,0,0,.45); outline-offset: -2px; }
.s-low { outline: 1px dashed rgba(0,0,0,.35); outline-offset: -2px; }
"""
    + "".join(
        f".k-{kind}.s-{sev} {{ background: hsl({hue}, 70%, {light}%); }}\n"
        for kind, hue in KIND_HUE.items()
        for sev, light in SEVERITY_LIGHTNESS.items()
    )
)


def layout(title: str, body: Markup, notice: str, json_url: str) -> Markup:
    return html(
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        "<title>{} · Qanoon</title><style>{}</style></head><body>"
        "<header><a class=brand href='/'>Qanoon</a><nav>"
        "<a href='/search'>Search</a><a href='/instruments'>Instruments</a><a href='/compare'>Compare</a>"
        "<a href='/gaps'>Gaps</a><a href='/plan'>Plans</a><a href='/brief'>Briefs</a></nav></header>"
        "<main>{}</main><footer><p>{}</p><p><a href='{}'>This page as JSON</a></p></footer></body></html>",
        title,
        CSS,
        body,
        notice,
        json_url,
    )


def place(j: str) -> str:
    return JURISDICTIONS.get(j, j)


def link_for(unit_id: str, eid: str = "-") -> str:
    """The page of a unit id: a provision's, or the instrument's when ``eid`` is known to be empty
    (flag evidence and search hits say so; contents and comparison cells are always provisions)."""
    return href(f"/provision/{unit_id}") if eid else href(f"/instrument/{unit_id}")


def _options(items: list[tuple[str, str]], selected: list[str] | str, blank: str) -> Markup:
    chosen = {selected} if isinstance(selected, str) else set(selected)
    opts = [html("<option value=''>{}</option>", blank)] if blank else []
    opts += [html("<option value='{}'{}>{}</option>", v, Markup(" selected") if v in chosen else "", label) for v, label in items]
    return join(opts)


def search_form(params: dict[str, Any], choices: dict[str, Any]) -> Markup:
    jur = [(j["id"], j["label"]) for j in choices["jurisdictions"]]
    types = [(t, t) for t in choices["types"]]
    return html(
        "<form class=bar action='/search' method=get role=search>"
        "<input type=search name=q value='{}' maxlength=500 aria-label='Search'"
        " placeholder='e.g. punishment for trafficking a child, PTPA s 3'>"
        "<select name=jurisdiction aria-label='Jurisdiction'>{}</select>"
        "<select name=type aria-label='Type'>{}</select><button type=submit>Search</button></form>",
        params.get("q", ""),
        _options(jur, (params.get("jurisdiction") or [""])[:1], "All jurisdictions"),
        _options(types, (params.get("type") or [""])[:1], "All types"),
    )


def flag_block(f: dict[str, Any]) -> Markup:
    evidence = join(
        html(
            "<li><a href='{}'>{}</a> <span class=muted>{}</span>{}</li>",
            link_for(e["id"], e["eid"]),
            e["citation"],
            e["id"],
            "" if e.get("confirmed", True) else Markup(" <em>unconfirmed</em>"),
        )
        for e in f["evidence"]
    )
    return html(
        "<div class='flag k-{} s-{}'><p><strong>{}</strong> · {} · <a href='{}'>{}</a></p><p>{}</p>"
        "<p class=muted>Recommendation: {}</p><ul>{}</ul></div>",
        f["kind"],
        f["severity"],
        f["severity"],
        f["kind"],
        href("/compare", topic=f["topic"]),
        f["topic"],
        f["summary"],
        f["recommendation"],
        evidence,
    )


def fact_rows(facts: list[dict[str, Any]]) -> Markup:
    if not facts:
        return Markup("")
    rows = join(
        html(
            "<tr><td>{}</td><td><strong>{}</strong>{}</td><td>{}{}</td><td>{}</td></tr>",
            fact_label(f["key"]) + (f" ({f['applies_to']})" if f.get("applies_to") else ""),
            fact_value(f["key"], f["value"]),
            "" if f.get("confirmed", True) else Markup(" <em>unconfirmed</em>"),
            f["citation"],
            html("<br><small>{}</small>", f["note"]) if f.get("note") else "",
            f.get("holds_from", ""),
        )
        for f in facts
    )
    return html(
        "<div class=scroll><table><tr><th>Fact</th><th>Value</th><th>Citation</th><th>Since</th></tr>{}</table></div>", rows
    )


# ---------------------------------------------------------------------------------------------
# pages


def index_page(d: dict[str, Any]) -> Markup:
    topics = join(
        html(
            "<li><a href='{}'>{}</a> <span class=muted>{}</span></li>",
            href("/compare", topic=t["id"]),
            t["label"],
            t["definition"],
        )
        for t in d["topics"]
    )
    pairs = join(
        html(
            "<li><a href='{}'>{}</a> · <a href='{}'>brief</a></li>",
            href("/compare", a=p["left"], b=p["right"]),
            p["label"],
            href("/brief", topic=p["id"]),
        )
        for p in d["pairs"]
    )
    return html(
        "<h1>Search Pakistan's law on trafficking in persons and smuggling of migrants</h1>"
        "<p class=muted>{} instruments, federal, provincial and international; {} harmonisation flags.</p>{}"
        "<h2>Side by side</h2><ul class=plain>{}</ul>"
        "<h2>Where the laws differ</h2>"
        "<p><a href='/gaps'>The gaps matrix</a>: topics by jurisdiction, coloured by kind and severity.</p>"
        "<h2>Topics</h2><ul class=plain>{}</ul>",
        d["instruments"],
        d["flags"],
        search_form(d["params"], d["choices"]),
        pairs,
        topics,
    )


def _facets(d: dict[str, Any]) -> Markup:
    res, params = d["results"], d["params"]
    parts = []
    for name, label in (("jurisdiction", "Jurisdiction"), ("type", "Type")):
        counts = sorted(res["facets"].get(name, {}).items(), key=lambda kv: -kv[1])
        if not counts:
            continue
        items = []
        for value, n in counts:
            active = value in params[name]
            new = {**params, name: [] if active else [value]}
            text = place(value) if name == "jurisdiction" else value
            items.append(
                html("<li><a href='{}'>{}{}</a> ({})</li>", href("/search", **new), Markup("✓ ") if active else "", text, n)
            )
        parts.append(html("<h3>{}</h3><ul>{}</ul>", label, join(items)))
    topics = sorted(res["facets"].get("topics", {}).items(), key=lambda kv: -kv[1])[:12]
    if topics:
        parts.append(
            html(
                "<h3>Topics</h3><ul>{}</ul>",
                join(
                    html(
                        "<li><a href='{}' title='compare across jurisdictions'>{}</a> ({})</li>", href("/compare", topic=t), t, n
                    )
                    for t, n in topics
                ),
            )
        )
    return join(parts)


def _hit(h: dict[str, Any]) -> Markup:
    status = html(" <span class='badge warn'>{}</span>", label) if (label := status_label(h)) else ""
    heading = html("<div class=heading>{}</div>", h["heading"]) if h.get("heading") and h["heading"] != h["title"] else ""
    src = h.get("source", {})
    where = src.get("name") or (src.get("file", "").rsplit("/", 1)[-1])
    # each law's explanation is on the topic's gaps page, with the evidence
    flags = join(html("<li>⚑ {}: {} <a href='{}#flags'>evidence</a></li>", f["kind"], without_explanations(f["summary"]),
                      href("/gaps", topic=f["topic"]))
                 for f in h.get("flags", [])[:3])
    return html(
        "<li><a class=cite href='{}'>{}</a> <span class=badge>{}</span>{}{}<p class=snippet>{}</p>"
        "<div class=meta>{} · {}{}</div>{}</li>",
        link_for(h["id"], h.get("eid", "")),
        h["citation"],
        place(h["jurisdiction"]),
        status,
        heading,
        marked(h.get("snippet") or h.get("summary") or ""),
        h["id"],
        h.get("version") or "",
        html(" · {}", where) if where else "",
        html("<ul class='meta plain'>{}</ul>", flags) if flags else "",
    )


def search_page(d: dict[str, Any]) -> Markup:
    form = search_form(d["params"], d["choices"])
    res = d["results"]
    if res is None:
        return html(
            "<h1>Search</h1>{}<p class=muted>Words, a citation such as <em>PTPA s 3</em>, or an instrument name.</p>", form
        )
    notes = []
    if a := res.get("answer"):   # a question about the law as a whole: its answer first
        notes.append(html(
            "<div class=answer><p><strong>{}</strong></p>{}<p class=muted>{}More: <code>{}</code></p></div>",
            a["lines"][0], join(html("<p>{}</p>", ln) for ln in a["lines"][1:]),
            "" if a["confirmed"] else "Partly unconfirmed. ", a["more"]))
    if res.get("interpreted_as"):
        notes.append(html("<p class=muted>Read as {}</p>", res["interpreted_as"]))
    if res.get("message"):
        notes.append(html("<p class=muted>{}</p>", res["message"]))
    if res.get("suggestions"):
        notes.append(
            html(
                "<p>Did you mean {}?</p>",
                join((html("<a href='{}'>{}</a>", href("/search", q=s), s) for s in res["suggestions"]), " or "),
            )
        )
    hits = join(_hit(h) for h in res["hits"])
    return html(
        "<h1>Results for “{}”</h1>{}<div class=layout><aside class=facets>{}</aside><section>{}"
        "<p class=muted>{} of {} matching units shown.</p><ol class=hits>{}</ol></section></div>",
        d["params"]["q"],
        form,
        _facets(d),
        join(notes),
        len(res["hits"]),
        res["total"],
        hits,
    )


def provision_page(d: dict[str, Any]) -> Markup:
    p, pl = d["provision"], d["place"]
    crumbs = join(
        [
            html("<a href='{}'>{}</a>", href(f"/instrument/{pl['instrument_id']}"), pl["title"]),
            *pl["context"],
            f"{p['unit']} {p['heading']}".strip(),
        ],
        " › ",
    )
    status = html(" <span class='badge warn'>{}</span>", label) if (label := status_label(p)) else ""
    parts = [
        html(
            "<p class=meta>{}</p><h1>{}{}</h1><p class=meta>{} · {} · version: {} · id {}</p>",
            crumbs,
            p["citation"],
            status,
            place(p["jurisdiction"]),
            p["type"],
            p.get("version") or "",
            p["id"],
        )
    ]
    if p.get("summary"):
        parts.append(html("<h2>Our summary</h2><p>{}</p>", p["summary"]))
    if p.get("text"):
        parts.append(html("<h2>Text <span class=muted>(unofficial copy)</span></h2><pre class=text>{}</pre>", p["text"]))
    if p.get("facts"):
        parts.append(html("<h2>Facts</h2>{}", fact_rows(p["facts"])))
    prev = (
        html(
            "<a href='{}' rel=prev>← {} {}</a>",
            link_for(pl["previous"]["id"]),
            pl["previous"]["number"],
            pl["previous"]["heading"],
        )
        if pl["previous"]
        else ""
    )
    nxt = (
        html("<a href='{}' rel=next>{} {} →</a>", link_for(pl["next"]["id"]), pl["next"]["number"], pl["next"]["heading"])
        if pl["next"]
        else ""
    )
    where = html("Provision {} of {} in the contents of ", pl["position"], pl["of"]) if pl["position"] else ""
    parts.append(
        html(
            "<h2>Place in the instrument</h2><p>{}<a href='{}'>{}</a>.</p><div class=pager><span>{}</span><span>{}</span></div>",
            where,
            href(f"/instrument/{pl['instrument_id']}"),
            pl["title"],
            prev,
            nxt,
        )
    )
    versions = [v for v in p.get("other_versions", []) if v]
    if versions or d.get("as_enacted"):
        links = [
            html("<a href='{}'>{}</a>", href(f"/provision/{p['id']}", as_enacted="1" if v == "as enacted" else ""), v)
            for v in versions
        ]
        parts.append(
            html("<h2>Other versions</h2><p>Shown: {}. Also held: {}.</p>", p.get("version") or "", join(links, ", ") or "none")
        )
    if d["flags"]:
        parts.append(html("<h2>Flags on this provision's topics</h2>{}", join(flag_block(f) for f in d["flags"])))
    src = p.get("source", {})
    url = external(src.get("url", ""))
    source = html("<a href='{}'>{}</a>", url, src.get("name") or url) if url else (src.get("file", "").rsplit("/", 1)[-1])
    parts.append(html("<h2>Source</h2><p>{}</p>", source or "not recorded"))
    return join(parts)


def instrument_page(d: dict[str, Any]) -> Markup:
    m, rec = d["instrument"], d.get("record")
    rows = [
        ("Id", m["id"]),
        ("Jurisdiction", place(m["jurisdiction"])),
        ("Type", m["type"]),
        ("Year", m.get("year") or ""),
        ("Number", m.get("number") or ""),
        ("Status", m["status"].replace("_", " ")),
        ("Also called", ", ".join(m.get("short_names") or [])),
    ]
    if rec:
        rows += [("In force from", rec["commencement"]), ("Checked against source", rec["checked"])]
        if rec["pakistan"]:
            pk = rec["pakistan"]
            rows.append(
                (
                    "Pakistan",
                    f"{pk['status'].replace('_', ' ')}"
                    + (f", {pk['date']}" if pk["date"] else "")
                    + ("" if pk["confirmed"] else " (unconfirmed)"),
                )
            )
    meta = join(html("<dt>{}</dt><dd>{}</dd>", k, v) for k, v in rows if v not in ("", None))
    parts = [html("<h1>{}</h1><dl class=meta-list>{}</dl>", m["title"], meta)]
    if rec and external(rec["source_url"]):
        parts.append(
            html("<p>Source: <a href='{}'>{}</a></p>", external(rec["source_url"]), rec["source_name"] or rec["source_url"])
        )
    if m.get("overview"):
        parts.append(html("<h2>Overview <span class=muted>(our words)</span></h2><p>{}</p>", m["overview"]))
    if rec and rec["amendments"]:
        parts.append(
            html(
                "<h2>Amendments</h2><ul class=plain>{}</ul>",
                join(
                    html("<li><strong>{}</strong> {}<br><span class=muted>{}</span></li>", a["title"], a["date"], a["changes"])
                    for a in rec["amendments"]
                ),
            )
        )
    toc = join(
        html("<li><a href='{}'>{}</a> {}</li>", link_for(c["id"]), c["number"], c["heading"]) for c in d.get("contents", [])
    )
    parts.append(
        html("<h2>Contents</h2><ul class=toc>{}</ul>", toc or Markup("<li class=muted>No provisions in the index.</li>"))
    )
    versions = join(html("<li>{}</li>", v["version"] or "") for v in d.get("versions", []))
    parts.append(html("<h2>Versions in the index</h2><ul class=plain>{}</ul>", versions))
    if d["flags"]:
        parts.append(html("<h2>Flags citing this instrument</h2>{}", join(flag_block(f) for f in d["flags"])))
    return join(parts)


def instruments_page(d: dict[str, Any]) -> Markup:
    groups = join(
        html(
            "<h2>{}</h2><div class=scroll><table>"
            "<tr><th>Title</th><th>Year</th><th>Type</th><th>Status</th></tr>{}</table></div>",
            g["label"],
            join(
                html(
                    "<tr><td><a href='{}'>{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    href(f"/instrument/{i['id']}"),
                    i["title"],
                    i["year"] or "",
                    i["type"],
                    (i["status"] or "").replace("_", " "),
                )
                for i in g["instruments"]
            ),
        )
        for g in d["groups"]
    )
    return html("<h1>Instruments</h1><p class=muted>{} instruments in the index.</p>{}", d["total"], groups)


def compare_page(d: dict[str, Any]) -> Markup:
    params = d["params"]
    form = html(
        "<form class=bar action='/compare' method=get><select name=topic aria-label='Topic'>{}</select>"
        "<button type=submit>Compare</button></form>",
        _options([(t["id"], t["label"]) for t in d["topics"]], params["topic"], "Choose a topic"),
    )
    if d["pairing"]:
        return html(
            "<h1>{} and {}</h1>{}{}", d["pairing"]["left"]["title"], d["pairing"]["right"]["title"], form, _pairing(d["pairing"])
        )
    c = d["comparison"]
    if not c:
        return html(
            "<h1>Compare</h1><p>One topic across the jurisdictions of Pakistan and the international standards.</p>{}"
            "<p>Or two instruments side by side: <a href='{}'>PTPA and PSMA</a>.</p>",
            form,
            href("/compare", a="PTPA", b="PSMA"),
        )
    rows = []
    for row in c["rows"]:
        if not row["cells"]:
            rows.append(html("<tr><th>{}</th><td colspan=3 class=muted>{}</td></tr>", row["label"], row["absence"]))
            continue
        for i, cell in enumerate(row["cells"]):
            facts = join(
                (
                    html(
                        "{}{}: <strong>{}</strong>{}",
                        fact_label(f["key"]),
                        f" ({f['applies_to']})" if f.get("applies_to") else "",
                        fact_value(f["key"], f["value"]),
                        "" if f.get("confirmed", True) else Markup(" <em>unconfirmed</em>"),
                    )
                    for f in cell["facts"]
                ),
                Markup("<br>"),
            )
            head = html("<th rowspan={}>{}</th>", len(row["cells"]), row["label"]) if i == 0 else ""
            rows.append(
                html(
                    "<tr>{}<td><a href='{}'>{}</a><br><em>{}</em></td><td>{}</td><td>{}</td></tr>",
                    head,
                    link_for(cell["id"]),
                    cell["citation"],
                    cell["heading"],
                    cell["summary"],
                    facts,
                )
            )
    grid = join(
        html("<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", g["label"], g["governing"],
             join((html("{}", v) for v in g["values"]), Markup("<br>")) or "—", g["basis"],
             reports.STATUS_LABELS.get(g["status"], g["status"]) + ("" if g["confirmed"] else ", partly unconfirmed"))
        for g in c.get("grid", [])
    )
    glance = html(
        "<h2>At a glance</h2><div class=scroll><table class=grid><tr><th>Jurisdiction</th><th>Governing law</th><th>Values</th>"
        "<th>Basis</th><th>Status</th></tr>{}</table></div><figure class=map>{}</figure><h2>Provisions</h2>",
        grid, Markup(tilemap.svg(c["grid"], c.get("measure", ""))),   # escaped inside tilemap.svg
    ) if c.get("grid") else Markup("")
    return html(
        "<h1>{}</h1>{}<p><em>{}</em></p><p><a href='{}'>Gaps on this topic</a> · <a href='{}'>Download a brief</a></p>"
        "{}<div class=scroll><table>"
        "<tr><th>Jurisdiction</th><th>Provision</th><th>Our summary</th><th>Facts</th></tr>{}</table></div>",
        c["label"],
        form,
        c["definition"],
        href("/gaps", topic=c["topic"]),
        href("/brief", topic=c["topic"]),
        glance,
        join(rows),
    )


def _pairing(p: dict[str, Any]) -> Markup:
    left, right = p["left"]["title"], p["right"]["title"]
    parts = []
    if p["elements"]:
        parts.append(
            html(
                "<div class=scroll><table><tr><th></th><th>{}</th><th>{}</th></tr>{}</table></div>",
                left,
                right,
                join(
                    html(
                        "<tr><th>{}</th><td>{}<br><em class=muted>{}</em></td><td>{}<br><em class=muted>{}</em></td></tr>",
                        e["element"],
                        e["left"],
                        e["left_citation"],
                        e["right"],
                        e["right_citation"],
                    )
                    for e in p["elements"]
                ),
            )
        )
    for t in p["topics"]:
        cells = [
            join(html("<p><a href='{}'>{}</a> {}</p>", link_for(c["id"]), c["citation"], c["summary"]) for c in t[side])
            for side in ("left", "right")
        ]
        parts.append(
            html(
                "<h2>{}</h2><div class=scroll><table>"
                "<tr><th>{}</th><th>{}</th></tr><tr><td>{}</td><td>{}</td></tr></table></div>",
                t["label"],
                left,
                right,
                *cells,
            )
        )
    return join(parts)


def gaps_page(d: dict[str, Any]) -> Markup:
    heads = join(html("<th scope=col>{}</th>", j["label"]) for j in d["jurisdictions"])
    rows = []
    for r in d["rows"]:
        cells = []
        for c in r["cells"]:
            if not c["count"]:
                cells.append(Markup("<td class=none>·</td>"))
                continue
            letters = " ".join(KIND_LETTER.get(k, k[:1].upper()) for k in c["kinds"])
            title = f"{c['count']} flag(s): {', '.join(c['kinds'])}; most severe: {c['severity']} {c['kind']}"
            cells.append(
                html(
                    "<td class='k-{} s-{}'><a href='{}#flags' title='{}'>{} <small>{}</small></a></td>",
                    c["kind"],
                    c["severity"],
                    href("/gaps", topic=r["topic"], jurisdiction=c["jurisdiction"]),
                    title,
                    letters,
                    c["count"],
                )
            )
        rows.append(
            html(
                "<tr><th class=topic scope=row><a href='{}#flags'>{}</a></th>{}</tr>",
                href("/gaps", topic=r["topic"]),
                r["label"],
                join(cells),
            )
        )
    legend = join(
        html("<span><span class='swatch k-{} s-high'>{}</span> {}: {}</span>", k, KIND_LETTER[k], k, KIND_MEANING[k])
        for k in d["kinds"]
    )
    shades = join(html("<span><span class='swatch k-coverage s-{}'>C</span> {}</span>", s, s) for s in ("high", "medium", "low"))
    parts = [
        html(
            "<h1>Harmonisation gaps</h1><p class=muted>{} flags. "
            "Each cell shows the kinds of flag on a topic in a jurisdiction and how many; "
            "its colour is the kind of the most severe flag, darker and outlined when severe. Open a cell for its evidence.</p>"
            "<div class=legend>{}</div><div class=legend>Severity: {}</div>"
            "<div class='scroll matrix-page'><table class=matrix><tr><th class=topic>Topic</th>{}</tr>{}</table></div>",
            d["total"],
            legend,
            shades,
            heads,
            join(rows),
        )
    ]
    if d["flags"] is not None:
        p = d["params"]
        scope = ", ".join([p["topic"], *[place(j) for j in p["jurisdiction"]], *p["kind"]])
        parts.append(
            html(
                "<h2 id=flags>Flags: {} <span class=muted>({})</span></h2>{}<p><a href='/gaps'>All topics</a></p>",
                scope,
                len(d["flags"]),
                join(flag_block(f) for f in d["flags"]) or Markup("<p>No flag here.</p>"),
            )
        )
    return join(parts)


def brief_form_page(d: dict[str, Any]) -> Markup:
    subjects = [(s["id"], s["label"]) for s in d["subjects"]]
    jur = [(j["id"], j["label"]) for j in d["choices"]["jurisdictions"]]
    return html(
        "<h1>Trainer briefs</h1>"
        "<p>A printable handout for a training session: what the topic is, key provisions, the comparison, "
        "harmonisation flags with evidence, international standards, questions for group work, and sources.</p>"
        "<form class=bar action='/brief' method=get><select name=topic aria-label='Topic' required>{}</select>"
        "<select name=jurisdiction aria-label='Jurisdiction'>{}</select>"
        "<select name=format aria-label='Format'>"
        "<option value=html>HTML (prints on A4)</option><option value=md>Markdown</option></select>"
        "<label><input type=checkbox name=handout value=1> Handout (at most 4 pages)</label>"
        "<button type=submit>Download</button></form>",
        _options(subjects, "", "Choose a topic"),
        _options(jur, "", "All jurisdictions"),
    )


def _plan_action(n: int, a: dict[str, Any]) -> Markup:
    r = a["rule"]
    rule_bits = [*(f"notice: {x}" for x in r["notice"]), *(f"moved by: {x}" for x in r["moved_by"]), *r["conditions"]]
    outline = Markup("")
    if a["outline"]:
        outline = html(
            "<p class=muted>Drafting outline. {}</p><table><tr><th>Element</th><th>Standard</th><th>Today</th>"
            "<th>Model provision</th></tr>{}</table>",
            a["specimen"],
            join(html("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", i["requirement"], i["standard"],
                      i["verdict"].replace("_", " "), "; ".join(i["models"]) or "-") for i in a["outline"]),
        )
    return html(
        "<section class='action s-{}'><h3>{}. {} <small>({})</small></h3>"
        "<p><b>Rule:</b> <a href='{}'>{}</a> ({}){}</p><ul>{}</ul>"
        "<p><b>Who can act:</b> {}: {}</p>{}"
        "<details><summary>Evidence: {} flag(s)</summary><ul>{}</ul></details>{}{}</section>",
        a["severity"], n, a["title"], a["severity"],
        link_for(f"{r['instrument_id']}/{r['eid']}"), r["citation"], r["heading"],
        Markup("") if r["confirmed"] else Markup(" <small class=muted>details partly unconfirmed</small>"),
        join(html("<li>{}</li>", x) for x in rule_bits),
        reports.WHO_LABELS[a["competence"]["who"]], a["competence"]["basis"],
        html("<p><b>Addressed to:</b> {}</p>", a["addressed_to"]) if a["addressed_to"] else Markup(""),
        len(a["flags"]),
        join(html("<li>{} <small class=muted>({}{})</small></li>", f["summary"], ", ".join(f["citations"]),
                  "" if f["confirmed"] else "; unconfirmed") for f in a["flags"]),
        html("<ol>{}</ol>", join(html("<li>{}</li>", q) for q in a["questions"])) if a["questions"] else Markup(""),
        outline,
    )


def plan_page(d: dict[str, Any]) -> Markup:
    f = d["form"]
    jur = [(j["id"], j["label"]) for j in f["jurisdictions"]]
    areas = [(a, a.replace("-", " ")) for a in f["areas"]]
    form = html(
        "<form class=bar action='/plan' method=get><select name=jurisdiction aria-label='Jurisdiction' required>{}</select>"
        "<select name=topic aria-label='Subject area'>{}</select><button type=submit>Make the plan</button></form>",
        _options(jur, f["params"]["jurisdiction"], "Choose a legislature"),
        _options(areas, f["params"]["topic"], "All subject areas"),
    )
    intro = html(
        "<h1>Legislative action plans</h1><p>What members of a House can do about the gaps in their jurisdiction's law: "
        "bills, resolutions, oversight questions, call-attention notices and committee references, each under a rule "
        "of the House's rules of procedure, with its evidence.</p>{}",
        form,
    )
    p = d["plan"]
    if p is None:
        return intro
    c = p["counts"]
    downloads = join(html("<a href='{}'>{}</a> ", href("/plan", jurisdiction=p["jurisdiction"], topic=p["topic"] or None, format=fmt), label)
                     for fmt, label in (("html", "Download (HTML, prints on A4)"), ("md", "Download (Markdown)")))
    sections = join(
        html("<h2>{}</h2>{}", reports.PLAN_LABELS[kind], join(_plan_action(n, a) for n, a in enumerate(acts, 1)))
        for kind, acts in p["sections"].items()
    )
    return html(
        "{}<h2 id=plan>{}</h2><p class=muted>{}. {} of {} flags lead to an action. {}</p><p>{}</p>{}{}{}",
        intro, p["house"], f"Under the {p['rules']}" if p["rules"] else "Its rules of procedure are not in the knowledge base",
        c["flags_with_action"], c["flags"], p["specimen"], downloads, sections,
        html("<h2>In the districts</h2><ul>{}</ul>", join(html("<li>{}</li>", x) for x in p["advocacy"])) if p["advocacy"] else Markup(""),
        html("<details><summary>{} flag(s) with no action here</summary><ul>{}</ul></details>", len(p["not_actionable"]),
             join(html("<li><code>{}</code>: {}</li>", x["id"], x["reason"]) for x in p["not_actionable"]))
        if p["not_actionable"] else Markup(""),
    )


def error_page(d: dict[str, Any]) -> Markup:
    e = d["error"]
    return html(
        "<h1>{} {}</h1><p>{}</p><p><a href='/'>Start again</a> or <a href='/search'>search</a>.</p>",
        e["status"],
        e["title"],
        e["message"],
    )


TEMPLATES: dict[str, Callable[[dict[str, Any]], Markup]] = {
    "index": index_page,
    "search": search_page,
    "provision": provision_page,
    "instrument": instrument_page,
    "instruments": instruments_page,
    "compare": compare_page,
    "gaps": gaps_page,
    "brief_form": brief_form_page,
    "plan": plan_page,
    "error": error_page,
}
