"""Generic XML: every element's text on its own line, numbered elements as headings.

An element carrying a ``number`` (or ``num``/``n``) attribute and named like a legal unit
(article, section, rule...) becomes a heading line such as ``Article 4``, so the structure
parser sees the same shape as in a printed text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from qanoon.indexer.errors import InputError
from qanoon.indexer.models import RawDocument

_UNIT_TAGS = {"article": "Article", "section": "Section", "rule": "Rule", "chapter": "Chapter", "part": "Part"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _lines(elem: ET.Element, out: list[str]) -> None:
    tag = _local(elem.tag)
    num = elem.get("number") or elem.get("num") or elem.get("n")
    if tag in _UNIT_TAGS and num:
        out.append(f"{_UNIT_TAGS[tag]} {num}")
    if elem.text and elem.text.strip():
        out.append(" ".join(elem.text.split()))
    for child in elem:
        _lines(child, out)
        if child.tail and child.tail.strip():
            out.append(" ".join(child.tail.split()))


def read(path: Path, data: bytes) -> RawDocument:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc})") from None
    lines: list[str] = []
    _lines(root, lines)
    title = root.get("n") or root.get("title") or ""
    return RawDocument(path=path, format="xml", text="\n".join(lines), title_hint=title)
