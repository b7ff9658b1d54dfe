"""The one place where the web app escapes: ``Markup``, ``escape``, ``html`` and ``marked``.

Every page is built with ``html(template, *values)``: the template is trusted HTML written in
this package, and every value is escaped unless it is already ``Markup`` (HTML that this module
made). Nothing else in ``web/`` calls ``html.escape`` or builds markup by string concatenation
of raw values, so a document holding ``<script>`` can only ever show as text.

- ``escape(value)``: any value as ``Markup`` (escaped once; ``Markup`` passes unchanged).
- ``html(template, *values)``: ``template.format`` with every value escaped.
- ``join(parts, sep)``: concatenate escaped parts.
- ``marked(snippet)``: a search snippet, escaped first, then its ``**word**`` marks made ``<mark>``.
- ``href(path, **params)`` and ``external(url)``: URLs for attributes; only http(s) leaves the app.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlencode

_MARK = re.compile(r"\*\*(.+?)\*\*")
_WEB_URL = re.compile(r"https?://[^\s<>\"'\\]+", re.I)


class Markup(str):
    """A string of HTML made by this module; ``escape`` passes it through unchanged."""

    __slots__ = ()


def escape(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(_html.escape("" if value is None else str(value), quote=True))


def html(template: str, *values: Any, **named: Any) -> Markup:
    """``template`` (trusted) filled with escaped ``values``."""
    return Markup(template.format(*(escape(v) for v in values), **{k: escape(v) for k, v in named.items()}))


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    return Markup(escape(sep).join(escape(p) for p in parts))


def marked(snippet: str) -> Markup:
    """Escape the snippet, then turn the engine's ``**word**`` marks into ``<mark>word</mark>``."""
    return Markup(_MARK.sub(r"<mark>\1</mark>", escape(snippet)))


def href(path: str, **params: Any) -> str:
    """An app-internal URL: the path percent-encoded (slashes kept), then the query string.
    Parameters whose value is empty are left out; a list or tuple repeats the parameter."""
    query = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, (list, tuple)) else [vs]) if v not in ("", None)]
    return quote(path, safe="/") + ("?" + urlencode(query) if query else "")


def external(url: str) -> str:
    """``url`` when it is a plain http(s) address, else an empty string (no link is made)."""
    return url if url and _WEB_URL.fullmatch(url) else ""
