"""Markdown: render with the markdown package, then read the HTML like any web page."""

from __future__ import annotations

import re
from pathlib import Path

from qanoon.indexer.errors import InputError
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
_NUMBERED_LINE = re.compile(r"(?m)^(\s{0,3}\d{1,4}[A-Z]{0,2})\.(?:\s+#{1,6})?\s+")


# Lists and quotations nested deeper than this are refused at once: the markdown package recurses
# once per level (a list 3,000 deep ran for minutes, then failed), and no law nests like that.
MAX_NESTING = 100
_QUOTES = re.compile(r"^(?:[ \t]*>)+")


def nesting(source: str) -> int:
    """The deepest nesting of lists (by indentation, four columns a level) or quotations."""
    deepest = 0
    for line in source.split("\n"):
        quotes = m.group(0).count(">") if (m := _QUOTES.match(line)) else 0
        wide = line.expandtabs(4)
        indent = len(wide) - len(wide.lstrip(" "))
        deepest = max(deepest, quotes, indent // 4)
    return deepest


def read(path: Path, data: bytes) -> RawDocument:
    import markdown

    source, warnings = decode(data, path)
    title, source = split_front_matter(source)
    if (depth := nesting(source)) > MAX_NESTING:
        raise InputError(f"{path}: lists or quotations nested {depth} levels deep (more than {MAX_NESTING}); not read")
    source = _CLOSED_HEADING.sub(r"\1 \2", _TIGHT_HEADING.sub(r"\1 ", source))
    source = _NUMBERED_LINE.sub(r"\1\\. ", source)
    try:
        html = markdown.markdown(source, extensions=["tables"])
    except RecursionError:
        raise InputError(f"{path}: nested too deeply for the Markdown reader; not read") from None
    text, _ = html_to_text(html)
    return RawDocument(path=path, format="markdown", text=text, title_hint=title, warnings=tuple(warnings))
