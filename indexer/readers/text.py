"""Plain text: decode bytes the way real files arrive (BOMs, UTF-16, cp1252)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from qanoon.indexer.errors import InputError
from qanoon.indexer.models import RawDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """True when a sample of ``data`` is mostly control bytes: junk, not text.

    NUL bytes are left out of the count (``decode`` drops them), so a text sprinkled with NULs
    is still read; a file of nothing but NULs and controls is still junk.
    """
    sample = data[:65536]
    nuls = sample.count(0)
    if not sample or nuls == len(sample):
        return bool(sample)
    controls = sum(1 for b in sample if b < 32 and b not in (0, 9, 10, 12, 13))
    return controls / (len(sample) - nuls) > 0.10


def looks_western(data: bytes) -> bool:
    """True when ``data`` could be text in cp1252: mostly ASCII, with a few accented letters and
    typographic marks. Random bytes and other 8-bit encodings (Arabic, Cyrillic) are not."""
    sample = data[:65536]
    high = sum(1 for b in sample if b >= 0x80)
    return high <= 0.30 * len(sample)


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Decode file bytes to text; return the text and any warnings.

    Order: a BOM decides; else strict UTF-8; else cp1252 (which maps nearly every byte), with a
    warning. Binary junk is refused. Stray NUL bytes are dropped with a warning.
    """
    warnings: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{path}: not valid {encoding} after its byte-order mark") from None
            break
    else:
        if looks_binary(data):
            raise InputError(f"{path}: binary content, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if not looks_western(data.replace(b"\x00", b"")):
                raise InputError(f"{path}: binary content or an unknown encoding (not UTF-8, UTF-16 or cp1252)") from None
            text = data.decode("cp1252", errors="replace")
            warnings.append(f"{path}: not UTF-8; read as cp1252")
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append(f"{path}: NUL bytes removed")
    return text, warnings


# YAML front matter ("---" / "title: ..." / "---") that exports and archives put first: it is
# the file's metadata, not its text, and its title names the document.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*\r?\n", re.S)
_FRONT_TITLE = re.compile(r"(?m)^title:\s*(?P<q>[\"']?)(?P<title>.+?)(?P=q)\s*$")


def split_front_matter(source: str) -> tuple[str, str]:
    """(title from the front matter or "", the text after it)."""
    m = _FRONT_MATTER.match(source)
    if not m:
        return "", source
    title = _FRONT_TITLE.search(m["body"])
    return (title["title"].strip().rstrip(".") if title else ""), source[m.end():]


def read(path: Path, data: bytes) -> RawDocument:
    text, warnings = decode(data, path)
    title, text = split_front_matter(text)
    return RawDocument(path=path, format="text", text=text, title_hint=title, warnings=tuple(warnings))
