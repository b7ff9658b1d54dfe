"""Result values. The CLI's ``--json``, the web JSON and the HTML all render ``to_dict``."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

UNOFFICIAL = (
    "Unofficial copy for research. Official texts are published by the Government of Pakistan "
    "(Pakistan Code) and the issuing bodies; see each source."
)


@dataclass
class Hit:
    id: str
    instrument_id: str
    title: str
    year: int | None
    jurisdiction: str
    type: str
    status: str
    number: str
    unit: str
    kind: str
    heading: str
    citation: str
    snippet: str
    score: float
    source: dict[str, Any]
    summary: str = ""
    topics: list[str] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    version: str = ""
    other_versions: list[str] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""
    context: list[str] = field(default_factory=list)
    eid: str = ""
    replaced_by: list[str] = field(default_factory=list)   # citations of what now does a repealed provision's work

    def to_dict(self, full_text: bool = False) -> dict[str, Any]:
        # one level deep: the values are plain data, and a hit's flags are the library's own
        # dictionaries, made once (``Library.flags_for``): renderers only read them, and
        # ``asdict`` copying every one of them again was a fifth of a web search
        d = {f.name: (list(v) if isinstance(v := getattr(self, f.name), list) else dict(v) if isinstance(v, dict) else v)
             for f in _HIT_FIELDS}
        if not full_text:
            d.pop("text")
        d["score"] = round(self.score, 4)
        return d


_HIT_FIELDS = fields(Hit)


def status_label(hit: dict[str, Any]) -> str:
    """How a hit's status reads beside its citation: nothing when in force; "repealed", and
    where the law now is when the knowledge base knows ("repealed; now ... s. 371B")."""
    if hit.get("status") in ("in_force", "", None):
        return ""
    label = hit["status"].replace("_", " ")
    return f"{label}; now {', '.join(hit['replaced_by'])}" if hit.get("replaced_by") else label


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[Hit]
    interpreted_as: str = ""
    suggestions: list[str] = field(default_factory=list)
    message: str = ""
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    notice: str = UNOFFICIAL
    answer: dict[str, Any] | None = None   # a direct answer about the law as a whole (search/answers.py)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "total": self.total, "interpreted_as": self.interpreted_as, "answer": self.answer,
            "suggestions": self.suggestions, "message": self.message, "facets": self.facets,
            "notice": self.notice, "hits": [h.to_dict() for h in self.hits],
        }
