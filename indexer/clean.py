"""Small named cleaning steps for extracted text, kept in one name → function table.

Page steps take the list of page texts (they need to see every page to know what repeats);
text steps take one string. Each does one thing and says which quirk of real files it answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable

_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*(of\s+\d+)?\s*$", re.I)
# Gazette price and registration lines: "PRICE: Rs. 10.00", "[3581(2018)/Ex. Gaz.]", "Registered No. M-302/L.-7646".
_GAZETTE_LINE = re.compile(
    r"^\s*(price\s*[:.]?\s*rs\.?.*|\[\s*\d+\(\d{4}\)\s*/\s*ex\.?\s*gaz\.?\s*\]|registered\s+no\..*)$", re.I
)


def _edge_lines(page: str, n: int = 3) -> list[str]:
    lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
    return lines[:n] + lines[-n:]


def _norm_edge(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def drop_running_lines(pages: list[str]) -> list[str]:
    """Drop header/footer lines that repeat at the top or bottom of most pages.

    Gazette PDFs print the gazette name and part on every page; numbers are folded so that
    "Page 3" and "Page 4" count as the same line.
    """
    if len(pages) < 3:
        return pages
    counts = Counter(_norm_edge(ln) for page in pages for ln in set(_edge_lines(page)))
    running = {ln for ln, c in counts.items() if c >= max(3, len(pages) // 2) and len(ln) < 120}
    out = []
    for page in pages:
        edge = set(_edge_lines(page))
        out.append("\n".join(
            ln for ln in page.splitlines()
            if not (ln.strip() in edge and _norm_edge(ln.strip()) in running)
        ))
    return out


def drop_page_numbers(pages: list[str]) -> list[str]:
    """Drop lines that are only a page number, and gazette price and registration lines."""
    return [
        "\n".join(ln for ln in page.splitlines() if not (_PAGE_NUMBER.match(ln) and ln.strip()) and not _GAZETTE_LINE.match(ln))
        for page in pages
    ]


def normalise_unicode(text: str) -> str:
    """NFKC, non-breaking and zero-width spaces to plain ones, soft hyphens removed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\xad", "").replace("\u200b", "").replace("\ufeff", "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def join_hyphenated(text: str) -> str:
    """Join words broken across lines with a hyphen ("employ-\\nment" → "employment").

    Only lower-case letters on both sides, so "Anti-\\nMoney" and list dashes stay.
    """
    return re.sub(r"([a-z])-\n\s*([a-z])", r"\1\2", text)


def collapse_blank_lines(text: str) -> str:
    """Trailing spaces dropped and runs of blank lines folded to one."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


PAGE_CLEANERS: dict[str, Callable[[list[str]], list[str]]] = {
    "drop_running_lines": drop_running_lines,
    "drop_page_numbers": drop_page_numbers,
}
TEXT_CLEANERS: dict[str, Callable[[str], str]] = {
    "normalise_unicode": normalise_unicode,
    "join_hyphenated": join_hyphenated,
    "collapse_blank_lines": collapse_blank_lines,
}


def clean_pages(pages: list[str]) -> list[str]:
    for step in PAGE_CLEANERS.values():
        pages = step(pages)
    return pages


def clean_text(text: str) -> str:
    for step in TEXT_CLEANERS.values():
        text = step(text)
    return text
