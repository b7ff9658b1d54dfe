"""Plain text: decode bytes the way real files arrive (BOMs, UTF-16, cp1252)."""

from __future__ import annotations

import codecs
from pathlib import Path

from indexer.errors import InputError
from indexer.models import RawDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """True when a sample of ``data`` is mostly control bytes: junk, not text."""
    sample = data[:65536]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.10


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
            text = data.decode("cp1252", errors="replace")
            warnings.append(f"{path}: not UTF-8; read as cp1252")
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append(f"{path}: NUL bytes removed")
    return text, warnings


def read(path: Path, data: bytes) -> RawDocument:
    text, warnings = decode(data, path)
    return RawDocument(path=path, format="text", text=text, warnings=tuple(warnings))
