"""HTML through beautifulsoup4: keep headings, paragraphs, lists and tables in reading order.

Scripts, styles, navigation, headers, footers, forms and asides are dropped. Block elements
become line breaks, so that a section heading stays at the start of its own line, where the
structure parser looks for it; table cells are joined with `` | ``.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.models import RawDocument
from indexer.readers.text import decode

DROP = ("script", "style", "nav", "header", "footer", "noscript", "form", "aside", "iframe", "svg", "button")
BLOCKS = (
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section",
    "article", "blockquote", "pre", "dd", "dt", "ul", "ol", "hr", "title", "main", "center",
)


def html_to_text(markup: str) -> tuple[str, str]:
    """Visible text of an HTML page and its ``<title>``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(DROP):
        tag.decompose()
    if soup.title:
        soup.title.decompose()
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" | ")
    for tag in soup.find_all(BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text("")
    text = re.sub(r"[ \t\xa0]+", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n", text)
    text = re.sub(r"(?m)^ ?\| ?", "", text)
    return text.strip(), title


def read(path: Path, data: bytes) -> RawDocument:
    markup, warnings = decode(data, path)
    text, title = html_to_text(markup)
    return RawDocument(path=path, format="html", text=text, title_hint=title, warnings=tuple(warnings))
