"""Snippets: fragment → score → format, in the manner of Whoosh's highlighter.

``fragments`` cuts the text into windows around matched words; ``best_fragment`` scores them
by how many distinct query terms they hold; ``format_fragment`` marks matches as ``**word**``.
Marking is plain text: every renderer escapes the snippet first, then turns marks into bold.
"""

from __future__ import annotations

from qanoon.indexer.analysis import spans

WINDOW = 220


def best_fragment(text: str, query_terms: set[str], window: int = WINDOW) -> tuple[int, int, list[tuple[int, int]]]:
    """(start, end, matches) of the window holding the most distinct query terms."""
    initials = frozenset(t[0] for t in query_terms if t)
    hits = [(s, e, t) for t, s, e in spans(text[:200000], initials) if t in query_terms]
    if not hits:
        return 0, min(len(text), window), []
    best, best_score = (0, 0), -1.0
    for i, (s, _e, _t) in enumerate(hits):
        j = i
        terms_in = set()
        while j < len(hits) and hits[j][1] - s <= window:
            terms_in.add(hits[j][2])
            j += 1
        score = len(terms_in) + 0.1 * (j - i)
        if score > best_score:
            best, best_score = (i, j), score
    i, j = best
    start = max(0, hits[i][0] - 40)
    end = min(len(text), start + window)
    return start, end, [(s, e) for s, e, _t in hits[i:j] if s >= start and e <= end]


def make_snippet(text: str, query_terms: set[str], window: int = WINDOW) -> str:
    """A one-line snippet of ``text`` with query terms marked ``**like this**``."""
    if not text:
        return ""
    start, end, matches = best_fragment(text, query_terms, window)
    out, pos = [], start
    for s, e in matches:
        out.append(text[pos:s])
        out.append(f"**{text[s:e]}**")
        pos = e
    out.append(text[pos:end])
    frag = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + frag + ("…" if end < len(text) else "")
