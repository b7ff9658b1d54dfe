"""The values that flow between floors: what a reader returns and what the parser builds.

- ``RawDocument``: a file's text as read, with page offsets and warnings (readers → structure);
- ``Provision``: one unit of the legal hierarchy (structure → index), a typed tree in the
  manner of bluebell's ``HierElement``; every output starts from ``to_dict``;
- ``DocumentMeta``: what an instrument is (title, year, jurisdiction, type, status...).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RawDocument:
    """A file's text as a reader produced it.

    ``page_offsets[i]`` is where page ``i + 1`` starts in ``text`` (empty when the format has no
    pages). ``title_hint`` is a title the container states (HTML ``<title>``, a JSON field).
    """

    path: Path
    format: str
    text: str
    page_offsets: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    title_hint: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None for formats without pages."""
        if not self.page_offsets:
            return None
        return max(1, bisect_right(self.page_offsets, offset))

    def with_text(self, text: str, page_offsets: tuple[int, ...]) -> RawDocument:
        return replace(self, text=text, page_offsets=page_offsets)


@dataclass
class Provision:
    """One unit of an instrument: a Part, Chapter, section, subsection, clause, Article...

    ``text`` is the unit's own text (without its children's); ``full_text`` joins both.
    ``start`` is the offset of the unit's first line in the parsed text (for page look-ups).
    """

    kind: str
    num: str
    heading: str = ""
    text: str = ""
    eid: str = ""
    start: int = 0
    page: int | None = None
    children: list[Provision] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        parts = [self.text] + [c.label_line() for c in self.children]
        return "\n".join(p for p in parts if p)

    def label_line(self) -> str:
        own = f"({self.num}) " if self.kind in {"subsection", "clause", "subclause"} else ""
        head = f"{self.heading}. " if self.heading and own == "" else ""
        line = f"{own}{head}{self.text}".strip()
        return "\n".join([line] + [c.label_line() for c in self.children])

    def walk(self, ancestors: tuple[Provision, ...] = ()) -> Iterator[tuple[Provision, tuple[Provision, ...]]]:
        """Every unit below and including this one, with its ancestors (outermost first)."""
        yield self, ancestors
        for child in self.children:
            yield from child.walk(ancestors + (self,))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "num": self.num, "heading": self.heading, "text": self.text,
            "eid": self.eid, "page": self.page,
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provision:
        return cls(
            kind=data["kind"], num=data["num"], heading=data.get("heading", ""),
            text=data.get("text", ""), eid=data.get("eid", ""), page=data.get("page"),
            children=[cls.from_dict(c) for c in data.get("children", [])],
        )


@dataclass(frozen=True)
class DocumentMeta:
    """What an instrument is. ``id`` is the work id (``pk/act/2018/ptpa``), shared by every
    version of the same instrument; ``version`` says which expression this document is."""

    id: str
    title: str
    year: int | None
    jurisdiction: str
    type: str
    status: str = "in_force"
    number: str = ""
    short_names: tuple[str, ...] = ()
    issuing_body: str = ""
    version: str = "as enacted"   # "as enacted" | "as amended" | "ocr" | "knowledge base"
    version_rank: int = 1          # higher is more current

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "year": self.year,
            "jurisdiction": self.jurisdiction, "type": self.type, "status": self.status,
            "number": self.number, "short_names": list(self.short_names),
            "issuing_body": self.issuing_body, "version": self.version,
            "version_rank": self.version_rank,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        data = dict(data)
        data["short_names"] = tuple(data.get("short_names", ()))
        return cls(**data)
