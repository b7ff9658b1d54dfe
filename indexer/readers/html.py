"""HTML through beautifulsoup4: keep headings, paragraphs, lists and tables in reading order.

Scripts, styles, navigation, headers, footers, forms and asides are dropped. Block elements
become line breaks, so that a section heading stays at the start of its own line, where the
structure parser looks for it; table cells are joined with `` | ``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qanoon.indexer.models import RawDocument
from qanoon.indexer.readers.text import decode

DROP = ("script", "style", "nav", "header", "footer", "noscript", "form", "aside", "iframe", "svg", "button")
BLOCKS = (
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section",
    "article", "blockquote", "pre", "dd", "dt", "ul", "ol", "hr", "title", "main", "center",
)


def html_to_text(markup: str) -> tuple[str, str]:
    """Visible text of an HTML page and its ``<title>``.

    The tree is walked with an explicit stack, in time linear in its size, so a page of deeply
    nested tags can neither exhaust the recursion limit nor take quadratic time.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(DROP):
        tag.decompose()
    if soup.title:
        soup.title.decompose()
    text = _visible_text(soup)
    text = re.sub(r"[ \t\xa0]+", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n", text)
    text = re.sub(r"(?m)^ ?\| ?", "", text)
    return text.strip(), title


_NEWLINE, _CELL_END = object(), object()


def _visible_text(root: Any) -> str:
    """The strings under ``root`` in document order, with a line break around every block
    element and `` | `` after every table cell."""
    from bs4.element import CData, NavigableString, Tag

    blocks, out = set(BLOCKS), []
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if node is _NEWLINE:
            out.append("\n")
        elif node is _CELL_END:
            out.append(" | ")
        elif isinstance(node, Tag):
            if node.name in blocks:
                out.append("\n")
                stack.append(_NEWLINE)
            elif node.name in ("td", "th"):
                stack.append(_CELL_END)
            stack.extend(reversed(node.contents))
        elif type(node) in (NavigableString, CData):
            out.append(str(node))
    return "".join(out)


# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">, in the
# first bytes of the page (where the HTML standard says to look), read as ASCII
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str:
    """The charset a page declares in its first 4 KB, or ""."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else ""


def read(path: Path, data: bytes) -> RawDocument:
    markup, warnings = decode(data, path, declared_charset(data))
    text, title = html_to_text(markup)
    return RawDocument(path=path, format="html", text=text, title_hint=title, warnings=tuple(warnings))
