"""Printable renderings of comparisons, gap flags and checklists: Markdown, and HTML made
from that Markdown with the markdown package (one self-contained page, inline CSS, A4).

Every value is escaped before it enters Markdown, so a document holding ``<script>`` prints as
text in the HTML.
"""

from __future__ import annotations

import html
import re
from typing import Any

from qanoon.indexer.corpus_format import fact_label, fact_sentence, fact_value
from qanoon.indexer.jurisdictions import JURISDICTIONS
from qanoon.search import tilemap

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 60em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.6em; border-bottom: 2px solid #333; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #aaa; }
table { border-collapse: collapse; width: 100%; margin: .8em 0; font-size: .92em; page-break-inside: auto; }
th, td { border: 1px solid #999; padding: .3em .45em; vertical-align: top; text-align: left; }
th { background: #eee; } tr { page-break-inside: avoid; }
code { font-size: .9em; } .muted, em { color: #555; }
@media print { a { color: inherit; text-decoration: none; } }
"""


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!~])")


def esc(text: Any) -> str:
    """Escape a value for Markdown that becomes HTML: Markdown syntax characters are
    backslash-escaped (so a document's ``[x](javascript:...)`` stays text), then HTML is escaped
    and table pipes neutralised."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text if text is not None else ""))
    return html.escape(text, quote=False).replace("|", "&#124;").replace("\n", " ")


def code(text: Any) -> str:
    """Text for inside a Markdown code span (which shows its content literally)."""
    return str(text).replace("`", "'").replace("|", "/")


def fact_text(f: dict[str, Any]) -> str:
    qual = f" ({f['applies_to']})" if f.get("applies_to") else ""
    unconf = " *unconfirmed*" if not f.get("confirmed", True) else ""
    return f"{esc(fact_label(f['key']))}{esc(qual)}: **{esc(fact_value(f['key'], f['value']))}**{unconf}"


def evidence_text(e: dict[str, Any]) -> str:
    """A flag's evidence as cited, marked when it rests on what we could not confirm (a law
    known only from reports)."""
    return e["citation"] + ("" if e.get("confirmed", True) else " (unconfirmed)")


STATUS_LABELS = {"own": "own law", "federal": "federal law", "none": "no law (recorded)", "unknown": "not assessed"}


def grid_markdown(d: dict[str, Any], with_map: bool = False, compact: bool = False) -> list[str]:
    """The comparison at a glance: a row per jurisdiction with the governing law, the values it
    records, the basis and the status; with ``with_map``, the schematic map (for HTML);
    ``compact`` (a handout) leaves the basis out and keeps two values a row."""
    if not d.get("grid"):
        return []
    head = ["Jurisdiction", "Governing law", "Values", *([] if compact else ["Basis"]), "Status"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for g in d["grid"]:
        values = "<br>".join(esc(v) for v in (g["values"][:2] if compact else g["values"])) or "—"
        status = STATUS_LABELS.get(g["status"], g["status"]) + ("" if g["confirmed"] else ", partly unconfirmed")
        basis = "" if compact else f" {esc(g['basis'])} |"
        lines.append(f"| {esc(g['label'])} | {esc(g['governing'])} | {values} |{basis} {esc(status)} |")
    if with_map:
        lines += ["", tilemap.svg(d["grid"], d.get("measure", ""))]
    return [*lines, ""]


def compare_markdown(d: dict[str, Any], with_map: bool = False) -> str:
    lines = [f"## {esc(d['label'])}", "", f"*{esc(d['definition'])}*", "", *grid_markdown(d, with_map),
             "| Jurisdiction | Provisions | Our summary | Facts |", "|---|---|---|---|"]
    for row in d["rows"]:
        governs = f"<br>*{esc(row['governing'])}*" if row.get("governing") else ""
        if not row["cells"]:
            lines.append(f"| {esc(row['label'])}{governs} | — | {esc(row['absence'])} | |")
            continue
        for i, c in enumerate(row["cells"]):
            label = esc(row["label"]) + governs if i == 0 else ""
            facts = "<br>".join(fact_text(f) for f in c["facts"])
            lines.append(f"| {label} | {esc(c['citation'])}<br>*{esc(c['heading'])}* | {esc(c['summary'])} | {facts} |")
    return "\n".join(lines)


def pairing_markdown(d: dict[str, Any]) -> str:
    left, right = d["left"], d["right"]
    lines = [f"## {esc(left['title'])} and {esc(right['title'])}", ""]
    if d["elements"]:
        lines += [f"| | {esc(left['title'])} | {esc(right['title'])} |", "|---|---|---|"]
        for e in d["elements"]:
            lcell = f"{esc(e['left'])}<br>*{esc(e['left_citation'])}*"
            rcell = f"{esc(e['right'])}<br>*{esc(e['right_citation'])}*"
            lines.append(f"| **{esc(e['element'])}** | {lcell} | {rcell} |")
        lines.append("")
    for t in d["topics"]:
        lines += [f"### {esc(t['label'])}", "", "| " + esc(left["title"]) + " | " + esc(right["title"]) + " |", "|---|---|"]
        lc = "<br><br>".join(f"**{esc(c['citation'])}** {esc(c['summary'])}" for c in t["left"])
        rc = "<br><br>".join(f"**{esc(c['citation'])}** {esc(c['summary'])}" for c in t["right"])
        lines += [f"| {lc} | {rc} |", ""]
    return "\n".join(lines)


def status_text(f: dict[str, Any]) -> str:
    """Whether a flag is confirmed, and when its facts were last checked."""
    return ("confirmed" if f.get("confirmed", True) else "unconfirmed") + (f", checked {f['checked']}" if f.get("checked") else "")


def gaps_markdown(flags: list[dict[str, Any]]) -> str:
    lines = ["| Severity | Kind | Topic | Finding | Legal basis | Evidence | Status | Recommendation |", "|---|---|---|---|---|---|---|---|"]
    for f in flags:
        ev = "<br>".join(f"`{code(e['id'])}` {esc(evidence_text(e))}" for e in f["evidence"])
        lines.append(f"| {esc(f['severity'])} | {esc(f['kind'])} | {esc(f['topic'])} | {esc(f['summary'])} | {esc(f.get('basis', ''))} | {ev} "
                     f"| {esc(status_text(f))} | {esc(f['recommendation'])} |")
    return "\n".join(lines)


VERDICT_LABELS = {"met": "met", "partly": "partly met", "not_met": "not met", "not_assessed": "not assessed"}


def checklist_markdown(d: dict[str, Any]) -> str:
    app = d["applicability"]
    lines = [f"## Checklist: {esc(d['area'])} law in {esc(JURISDICTIONS.get(d['jurisdiction'], d['jurisdiction']))}", "",
             f"*{esc(app['summary'])}*", "",
             "| Element | Standard | Verdict | Reason | Provisions |", "|---|---|---|---|---|"]
    for i in d["items"]:
        prov = "<br>".join(esc(evidence_text(e)) for e in i["evidence"] if e["verdict"] != "not_assessed")
        verdict = VERDICT_LABELS[i["status"]] + ("" if i["confirmed"] or i["status"] == "not_assessed" else " (unconfirmed)")
        lines.append(f"| {esc(i['element'])} | {esc(i['standard'])} | **{esc(verdict)}** | {esc(i['reason'])} | {prov} |")
    return "\n".join(lines)


def to_html(markdown_text: str, title: str) -> str:
    """One self-contained HTML page from Markdown: inline CSS, no external assets."""
    import markdown

    body = markdown.markdown(markdown_text, extensions=["tables"])
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>{body}</body></html>")


def compare_table(d: dict[str, Any]) -> str:
    """Terminal table of a topic comparison: the grid first, then the provisions."""
    lines = [f"{d['label']}: {d['definition']}", ""]
    for g in d.get("grid", []):
        lines.append(f"{g['label']:<28} {STATUS_LABELS.get(g['status'], g['status'])}: {g['governing']}")
        lines += [f"{'':28} {v}" for v in g["values"]]
    if d.get("grid"):
        lines += ["", "Provisions:"]
    for row in d["rows"]:
        lines.append(f"{row['label']}")
        if row.get("governing") and row["cells"]:
            lines.append(f"    [{row['governing']}]")
        if not row["cells"]:
            lines.append(f"    {row['absence']}")
        for c in row["cells"]:
            lines.append(f"    {c['citation']} — {c['heading']}")
            for f in c["facts"]:
                lines.append(f"        {fact_sentence(f)}" + ("" if f.get("confirmed", True) else " [unconfirmed]"))
    return "\n".join(lines)


def gaps_table(flags: list[dict[str, Any]]) -> str:
    lines = []
    for f in flags:
        lines.append(f"[{f['severity']}] {f['kind']} · {f['topic']}: {f['summary']}")
        if f.get("basis"):
            lines.append(f"    basis: {f['basis']}")
        lines.append(f"    status: {status_text(f)}")
        lines.append(f"    → {f['recommendation']}")
        for e in f["evidence"]:
            lines.append(f"    evidence: {evidence_text(e)} ({e['id']})")
    lines.append(f"{len(flags)} flags")
    return "\n".join(lines)


def checklist_table(d: dict[str, Any]) -> str:
    lines = [d["applicability"]["summary"], ""]
    for i in d["items"]:
        verdict = VERDICT_LABELS[i["status"]] + ("" if i["confirmed"] or i["status"] == "not_assessed" else "?")
        prov = "; ".join(evidence_text(e) for e in i["evidence"][:2] if e["verdict"] != "not_assessed")
        lines.append(f"[{verdict:>12}] {i['standard']}: {i['element']}")
        lines.append(f"               {i['reason']}" + (f" ({prov})" if prov else ""))
    counts = d["counts"]
    lines.append(", ".join(f"{n} {VERDICT_LABELS[s]}" for s, n in counts.items()) + " (? = unconfirmed)")
    return "\n".join(lines)


PLAN_LABELS = {"bill": "Bills", "resolution": "Resolutions", "question": "Oversight questions",
               "call-attention": "Call-attention notices", "committee": "References to standing committees"}


WHO_LABELS = {"house": "this House", "parliament": "Parliament", "federal-executive": "the Federal Government"}


def _rule_line(r: dict[str, Any]) -> str:
    """A rule of procedure and what a member must know of it: notice, who moves, conditions."""
    parts = [f"{r['citation']} ({r['heading']})"]
    if r["notice"]:
        parts.append("notice: " + "; ".join(r["notice"]))
    if r["moved_by"]:
        parts.append("moved by: " + "; ".join(r["moved_by"]))
    if r["conditions"]:
        parts.append("conditions: " + "; ".join(r["conditions"]))
    return " · ".join(parts) + ("" if r["confirmed"] else " · rule details partly unconfirmed")


def _plan_head(d: dict[str, Any]) -> list[str]:
    c = d["counts"]
    return [f"{d['house']}, under the {d['rules']}" if d["rules"] else f"{d['house']}: its rules of procedure are not in the knowledge base",
            f"{c['flags_with_action']} of {c['flags']} flags lead to an action. {d['specimen']}"]


def plan_markdown(d: dict[str, Any]) -> str:
    lines = [f"*{esc(line)}*" for line in _plan_head(d)] + [""]
    for kind, actions in d["sections"].items():
        lines += [f"## {PLAN_LABELS[kind]}", ""]
        for n, a in enumerate(actions, 1):
            lines += [f"### {n}. {esc(a['title'])} ({esc(a['severity'])})", "",
                      f"- **Rule:** {esc(_rule_line(a['rule']))}",
                      f"- **Who can act:** {esc(WHO_LABELS[a['competence']['who']])}: {esc(a['competence']['basis'])}"]
            if a["addressed_to"]:
                lines.append(f"- **Addressed to:** {esc(a['addressed_to'])}")
            lines.append(f"- **Evidence:** {len(a['flags'])} flag(s)")
            lines += [f"    - {esc(f['summary'])} ({esc(', '.join(f['citations']))}"
                      + ("" if f["confirmed"] else "; unconfirmed") + ")" for f in a["flags"][:8]]
            if len(a["flags"]) > 8:
                lines.append(f"    - and {len(a['flags']) - 8} more")
            if a["questions"]:
                lines.append("- **Questions:**")
                lines += [f"    1. {esc(q)}" for q in a["questions"]]
            if a["outline"]:
                lines += ["", f"*Drafting outline. {esc(a['specimen'])}*", "",
                          "| Element | Standard | Today | Model provision |", "|---|---|---|---|"]
                lines += [f"| {esc(i['requirement'])} | {esc(i['standard'])} | {esc(VERDICT_LABELS.get(i['verdict'], i['verdict']))} "
                          f"| {esc('; '.join(i['models']) or '-')} |" for i in a["outline"]]
            lines.append("")
    if d["advocacy"]:
        lines += ["## In the districts", ""] + [f"- {esc(x)}" for x in d["advocacy"]] + [""]
    if d["not_actionable"]:
        lines += ["## Flags with no action here", ""] + [f"- `{code(x['id'])}`: {esc(x['reason'])}" for x in d["not_actionable"]]
    return "\n".join(lines)


def plan_table(d: dict[str, Any]) -> str:
    lines = _plan_head(d)
    for kind, actions in d["sections"].items():
        lines += ["", PLAN_LABELS[kind].upper()]
        for a in actions:
            lines.append(f"[{a['severity']}] {a['title']}")
            lines.append(f"    rule: {_rule_line(a['rule'])}")
            lines.append(f"    who can act: {WHO_LABELS[a['competence']['who']]}: {a['competence']['basis']}")
            lines.append(f"    evidence: {len(a['flags'])} flag(s), e.g. {a['flags'][0]['summary']}")
            lines += [f"    ? {q}" for q in a["questions"]]
            lines += [f"    - {VERDICT_LABELS.get(i['verdict'], i['verdict'])}: {i['standard']}"
                      + (f" (model: {'; '.join(i['models'])})" if i["models"] else "") for i in a["outline"] if i["verdict"] != "met"]
    if d["advocacy"]:
        lines += ["", "IN THE DISTRICTS"] + [f"  {x}" for x in d["advocacy"]]
    if d["not_actionable"]:
        lines += ["", f"{len(d['not_actionable'])} flag(s) with no action here: " + "; ".join(sorted({x['reason'] for x in d['not_actionable']}))]
    return "\n".join(lines)
