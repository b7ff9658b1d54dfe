"""Plain-text renderings for the terminal. Each takes the ``to_dict`` of a result, so the
terminal shows exactly what ``--json`` holds."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from qanoon.indexer.corpus_format import fact_sentence, fact_value
from qanoon.search.results import status_label

JURISDICTION_LABELS = {
    "federal": "Federal", "ict": "ICT", "punjab": "Punjab", "sindh": "Sindh", "kp": "Khyber Pakhtunkhwa",
    "balochistan": "Balochistan", "gb": "Gilgit-Baltistan", "ajk": "AJK", "international": "International",
}


def _fact_line(f: dict[str, Any]) -> str:
    flag = "" if f.get("confirmed", True) else " [unconfirmed]"
    since = f" from {f['holds_from']}" if f.get("holds_from") else ""
    prev = "; before: " + ", ".join(f"{fact_value(f['key'], p['value'])} until {p.get('until') or '?'}"
                                     for p in f.get("previous", [])) if f.get("previous") else ""
    # what was checked, or why a fact is unconfirmed: the reader weighs the fact by it
    note = f"\n      {f['note']}" if f.get("note") else ""
    return f"{fact_sentence(f)}{since} ({f['citation']}){flag}{prev}{note}"


FLAG_LINES = 3
EXPLANATION_CHARS = 40   # a longer text in brackets explains; a shorter one cites ("Art. 6(4)", "(ss. 7-9)")


def without_explanations(text: str) -> str:
    """``text`` without its explanations in brackets, the brackets within them included."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                out.append(text[start:i])
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                span = text[start:i + 1]
                if len(span) <= EXPLANATION_CHARS:
                    out.append(span)
                elif out:
                    out[-1] = out[-1].rstrip()
                start = i + 1
    out.append(text[start:])
    return "".join(out)


def flag_lines(flag: dict[str, Any]) -> list[str]:
    """A flag under a search hit, in at most ``FLAG_LINES`` lines: what falls short, where, and
    against what, without each law's explanation in brackets (a flag naming several laws ran to
    a thousand characters); ``qanoon gaps TOPIC`` prints it whole, with its evidence."""
    text = without_explanations(flag["summary"])
    wrapped = textwrap.wrap(f"⚑ {flag['kind']}: {text}", 90)
    if len(wrapped) > FLAG_LINES or text != flag["summary"]:
        more = f" (qanoon gaps {flag['topic']})"
        wrapped = wrapped[:FLAG_LINES]
        wrapped[-1] = textwrap.shorten(wrapped[-1], 90 - len(more), placeholder="…") + more
    return ["   " + ln if i == 0 else "     " + ln for i, ln in enumerate(wrapped)]


def search_text(d: dict[str, Any]) -> str:
    lines = []
    if a := d.get("answer"):
        lines += [*a["lines"], ("" if a["confirmed"] else "(partly unconfirmed) ") + f"More: {a['more']}", ""]
    if d.get("interpreted_as"):
        lines.append(f"({d['interpreted_as']})")
    for i, h in enumerate(d["hits"], 1):
        where = JURISDICTION_LABELS.get(h["jurisdiction"], h["jurisdiction"])
        status = f" [{label}]" if (label := status_label(h)) else ""
        lines.append(f"{i}. {h['citation']}{status}  [{where}]")
        if h.get("heading") and h["heading"] != h["title"]:
            lines.append(f"   {h['heading']}")
        text = h.get("snippet") or h.get("summary") or ""
        if text:
            lines.extend("   " + ln for ln in textwrap.wrap(text, 96)[:3])
        src = h.get("source", {})
        where_from = src.get("file", "")
        if src.get("page"):
            where_from += f", p. {src['page']}"
        if h.get("version"):
            where_from = f"{h['version']}: {where_from}"
        lines.append(f"   {h['id']} — {where_from}")
        for flag in h.get("flags", [])[:3]:
            lines.extend(flag_lines(flag))
    if d.get("message"):
        lines.append(d["message"])
    if d.get("suggestions"):
        lines.append("did you mean: " + " | ".join(d["suggestions"]))
    if d.get("facets"):
        for name, counts in d["facets"].items():
            top = sorted(counts.items(), key=lambda kv: -kv[1])[:10]
            lines.append(f"{name}: " + ", ".join(f"{k} {v}" for k, v in top))
    if d["hits"]:
        lines.append(f"{len(d['hits'])} of {d['total']} matching units shown. {d['notice']}")
    return "\n".join(lines)


def show_text(d: dict[str, Any]) -> str:
    lines = []
    if d["kind"] == "provision":
        p = d["provision"]
        lines.append(p["citation"] + (f" [{label}]" if (label := status_label(p)) else ""))
        lines.append(f"{p['title']} › " + " › ".join([*p.get("context", []), f"{p['unit']} {p['heading']}".strip()]))
        lines.append(f"id: {p['id']}   version: {p.get('version', '')}")
        if p.get("summary"):
            lines.append("")
            lines.append("Summary (Qanoon, our words):")
            lines.extend("  " + ln for ln in textwrap.wrap(p["summary"], 96))
        if p.get("text"):
            lines.append("")
            lines.append("Text (unofficial copy):")
            lines.extend("  " + ln for ln in p["text"].splitlines())
        if p.get("facts"):
            lines.append("")
            lines.append("Facts:")
            lines.extend("  - " + _fact_line(f) for f in p["facts"])
        if p.get("other_versions"):
            lines.append(f"Other versions: {', '.join(v for v in p['other_versions'] if v)}")
        src = p.get("source", {})
        lines.append(f"Source: {src.get('url') or src.get('file', '')}" + (f", p. {src['page']}" if src.get("page") else ""))
        if src.get("ocr"):
            lines.append(f"Text read by OCR from a scan (pages {', '.join(map(str, src.get('ocr_pages', [])))}): check it against the original.")
    else:
        m = d["instrument"]
        lines.append(f"{m['title']}" + (f" ({m['number']})" if m.get("number") else ""))
        lines.append(f"id: {m['id']}   jurisdiction: {m['jurisdiction']}   type: {m['type']}   status: {m['status']}")
        if m.get("short_names"):
            lines.append(f"also: {', '.join(m['short_names'])}")
        if m.get("overview"):
            lines.append("")
            lines.extend(textwrap.wrap(m["overview"], 100))
        lines.append("")
        lines.append("Contents:")
        for c in d.get("contents", []):
            lines.append(f"  {c['number']:>6}  {c['heading']}")
        for v in d.get("versions", []):
            lines.append(f"version: {v['version']} — {v['source'].get('file', '')}")
    lines.append(d["notice"])
    return "\n".join(lines)


def list_text(items: list[dict[str, Any]]) -> str:
    lines = [
        f"{i['jurisdiction']:<13} {i['type']:<12} {i['year'] or '':<5} {i['title']}  ({i['id']}; {', '.join(v for v in i['versions'] if v)})"
        for i in items
    ]
    lines.append(f"{len(items)} instruments")
    return "\n".join(lines)


def coverage_text(c: dict[str, Any]) -> str:
    types = sorted({t for row in c["counts"].values() for t in row})
    head = f"{'jurisdiction':<26}" + "".join(f"{t[:11]:>12}" for t in types) + "   no law recorded on"
    lines = [head]
    for j, row in c["counts"].items():
        label = c["labels"].get(j, j)
        gaps = ", ".join(c["no_law"].get(j, [])) or "-"
        lines.append(f"{label:<26}" + "".join(f"{row.get(t, 0):>12}" for t in types) + f"   {gaps}")
    return "\n".join(lines)


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` on one line: control characters (a newline in a file name) shown escaped, as
    Python writes them, so that one message is always one line."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


_MARKED = re.compile(r"\*\*(.+?)\*\*")


def for_terminal(text: str, tty: bool) -> str:
    """Text for a terminal: the words a search matched (marked ``**word**`` in snippets) in bold
    where the output is a terminal that shows it, else plain; never Markdown's asterisks."""
    return _MARKED.sub("\033[1m\\1\033[0m" if tty else "\\1", text)


def ingest_text(r: dict[str, Any]) -> str:
    lines = []
    for o in r["outcomes"]:
        if o["status"] in ("failed", "skipped"):
            lines.append(one_line(f"{o['status']}: {o['path']}: {o['reason']}"))
        for w in o.get("warnings", [])[:3]:
            lines.append(one_line(f"warning: {w}" if w.startswith(o["path"]) else f"warning: {o['path']}: {w}"))
    lines.append(
        f"{r['files']} files: {r['indexed']} indexed ({r['units']} units), {r['unchanged']} unchanged, "
        f"{r['skipped']} skipped, {r['failed']} failed"
    )
    return "\n".join(lines)


def applicability_text(rows: list[dict[str, Any]]) -> str:
    """Per jurisdiction: the status, the laws that govern and the route by which each applies."""
    lines = []
    for r in rows:
        mark = "" if r["confirmed"] else "  [unconfirmed]"
        lines.append(f"{r['jurisdiction']:<12} {r['status']:<8} {r['summary']}{mark}")
        if r["status"] == "own":
            for g in r["governing"]:
                lines.append(f"{'':21}- {g['title']}: {g['basis']}" + ("" if g["text_seen"] else " (text not seen)"))
    return "\n".join(lines)
