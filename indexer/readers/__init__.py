"""Readers turn a file into a ``RawDocument``; one module per format, chosen by extension.

``read(path)`` checks the file (exists, regular, not empty, not over the size limit), reads its
bytes once, and hands them to the format's reader. Everything a reader refuses is an
``InputError`` naming the file and the cause.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qanoon.indexer.errors import InputError
from qanoon.indexer.models import RawDocument
from qanoon.indexer.readers import html, json_provisions, markdown, pdf, text, xml

FORMATS: dict[str, Callable[[Path, bytes], RawDocument]] = {
    ".pdf": pdf.read,
    ".html": html.read,
    ".htm": html.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".txt": text.read,
    ".text": text.read,
    ".xml": xml.read,
    ".json": json_provisions.read,
}
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in FORMATS


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, after the checks every format shares."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    if path.suffix.lower() not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unsupported file type '{path.suffix or '(none)'}' (supported: {known})")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit (--max-size)")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    return data


def read(path: Path, data: bytes | None = None) -> RawDocument:
    """Read one file into a ``RawDocument`` (``data`` may be passed when already read)."""
    if data is None:
        data = read_bytes(path)
    doc = FORMATS[path.suffix.lower()](path, data)
    if not doc.text.strip():
        raise InputError(f"{path}: no text found")
    return doc
