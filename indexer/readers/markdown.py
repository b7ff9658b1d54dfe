"""Markdown: render with the markdown package, then read the HTML like any web page."""

from __future__ import annotations

import re
from pathlib import Path

from qanoon.indexer.models import RawDocument
from qanoon.indexer.readers.html import html_to_text
from qanoon.indexer.readers.text import decode, split_front_matter

# Some exports write ATX headings without the space ("##Title"); markdown needs it.
# Also inside a quotation ("> ##96A##", Constitution export).
_TIGHT_HEADING = re.compile(r"(?m)^((?:>\s*)?#{1,6})(?=[^#\s])")
# ...and close them without the space too ("##14##"), which markdown would keep as "14##".
_CLOSED_HEADING = re.compile(r"(?m)^((?:>\s*)?#{1,6}) *(.*?[^#\s]) *#+ *$")
# "223. Escape from custody:" (Penal Code export) or "1. ## The Republic and its territories"
# (Constitution export, a heading mark after the number): markdown would make an ordered list
# and drop the number, which is the section or Article number. The dot is escaped (and a heading
# mark after it dropped), so the number stays in the text as printed; the structure parser
# decides what it is.
_NUMBERED_LINE = re.compile(r"(?m)^(\s{0,3}\d{1,3}[A-Z]{0,2})\.(?:\s+#{1,6})?\s+")


def read(path: Path, data: bytes) -> RawDocument:
    import markdown

    source, warnings = decode(data, path)
    title, source = split_front_matter(source)
    source = _CLOSED_HEADING.sub(r"\1 \2", _TIGHT_HEADING.sub(r"\1 ", source))
    source = _NUMBERED_LINE.sub(r"\1\\. ", source)
    html = markdown.markdown(source, extensions=["tables"])
    text, _ = html_to_text(html)
    return RawDocument(path=path, format="markdown", text=text, title_hint=title, warnings=tuple(warnings))
