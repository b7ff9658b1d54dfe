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


def _utf16_without_bom(data: bytes) -> str | None:
    """The encoding of UTF-16 text that has no byte-order mark, or None. Its tell: NUL bytes
    (the high byte of every ASCII character) at odd offsets for little-endian, even for
    big-endian, and none on the other side; the decoded text must then read as text."""
    sample = data[:65536]
    pairs = len(sample) // 2
    if pairs < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    encoding = "utf-16-le" if odd >= 0.1 * pairs and even <= 0.01 * pairs else \
        "utf-16-be" if even >= 0.1 * pairs and odd <= 0.01 * pairs else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return encoding if controls <= 0.01 * max(1, len(text)) else None


def _by_line(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Bytes that are not UTF-8 as a whole, decoded line by line: UTF-8 where a line is, cp1252
    where it is not, so one pasted cp1252 line does not garble the rest of a UTF-8 file."""
    lines, bad = [], []
    for n, raw in enumerate(data.split(b"\n"), 1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            bad.append(n)
    non_ascii = sum(1 for raw in data.split(b"\n") if any(b >= 0x80 for b in raw))
    if len(bad) == non_ascii:
        return "\n".join(lines), [f"{path}: not UTF-8; read as cp1252"]
    shown = ", ".join(map(str, bad[:5])) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
    return "\n".join(lines), [f"{path}: line{'s' if len(bad) > 1 else ''} {shown} not UTF-8; read as cp1252"]


def decode(data: bytes, path: Path, declared: str = "") -> tuple[str, list[str]]:
    """Decode file bytes to text; return the text and any warnings.

    Order: a BOM decides; else an encoding the file declares (an HTML page's charset); else
    UTF-16 recognised by its NUL bytes; else strict UTF-8; else line by line, UTF-8 or cp1252
    (which maps nearly every byte), with a warning. Binary junk is refused. Stray NUL bytes are
    dropped with a warning.
    """
    warnings: list[str] = []
    declared = _codec(declared)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{path}: not valid {encoding} after its byte-order mark") from None
            break
    else:
        if declared and declared not in {"utf-8", "ascii"}:
            try:   # a page saved as UTF-8 that kept its old declaration: valid UTF-8 is no accident
                text = data.decode("utf-8")
                if any(b >= 0x80 for b in data):
                    warnings.append(f"{path}: declares {declared} but is UTF-8; read as UTF-8")
            except UnicodeDecodeError:
                text = data.decode(declared, errors="replace")
                if "\ufffd" in text:
                    warnings.append(f"{path}: bytes not valid in its declared charset {declared}, replaced")
        elif (utf16 := _utf16_without_bom(data)) is not None:
            text = data.decode(utf16)
            warnings.append(f"{path}: no byte-order mark; read as {utf16.upper()}")
        elif looks_binary(data):
            raise InputError(f"{path}: binary content, not text")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                if not looks_western(data.replace(b"\x00", b"")):
                    raise InputError(f"{path}: binary content or an unknown encoding (not UTF-8, UTF-16 or cp1252)") from None
                text, more = _by_line(data, path)
                warnings += more
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append(f"{path}: NUL bytes removed")
    return text, warnings


def _codec(name: str) -> str:
    """A declared charset as Python's codec name ("windows-1256" → "cp1256"), "" if unknown.
    Browsers read a page declared Latin-1 as cp1252, and so does this."""
    if not name:
        return ""
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return ""
    return "cp1252" if codec in {"latin-1", "iso8859-1"} else codec


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
