"""Harmonisation gap flags: one kind per module, each with ``kind`` and ``find(kb)``.

A new kind means one module and one line in ``KINDS``. Flags are derived from recorded facts
and standards (``corpus/``); none is written by hand as a finished flag.
"""

from __future__ import annotations

from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.search.applicability import load_model
from qanoon.search.gaps import below_standard, coverage, divergence, outdated, ratification
from qanoon.search.gaps.model import Evidence, Flag

KINDS = {m.kind: m.find for m in (coverage, divergence, below_standard, outdated, ratification)}
_ORDER = {"high": 0, "medium": 1, "low": 2}


def find_gaps(kb: KnowledgeBase, topic: str | None = None, jurisdictions: tuple[str, ...] = (),
              kinds: tuple[str, ...] = (), flags: list[Flag] | None = None) -> list[Flag]:
    """All flags (or the ``flags`` given), optionally for one topic, some jurisdictions or some
    kinds, most severe first. The order depends on the flags alone, so the same knowledge base
    gives the same list, in the same order, in every run."""
    if flags is None:
        flags = [f for kind, find in KINDS.items() if not kinds or kind in kinds for f in find(kb)]
    flags = [f for f in flags if not kinds or f.kind in kinds]
    if topic:
        flags = [f for f in flags if f.topic == topic]
    if jurisdictions:
        flags = [f for f in flags if set(f.jurisdictions) & set(jurisdictions)]
    model = load_model()
    for f in flags:
        if not f.area:
            f.area = a.id if (a := model.area_of(f.topic)) else ""
    seen, out = set(), []
    for f in sorted(flags, key=lambda f: (_ORDER[f.severity], f.kind, f.topic, f.id, f.summary)):
        if f.id not in seen:
            seen.add(f.id)
            out.append(f)
    return out


__all__ = ["Evidence", "Flag", "KINDS", "find_gaps"]
