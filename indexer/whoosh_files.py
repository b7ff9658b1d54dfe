"""Whoosh's segment files, read where they are mapped.

whoosh3 maps each segment file into memory, then hands each file packed inside it to a
``BufferFile``, which copies it whole into a ``BytesIO``: opening an index read all of it into
the process's own memory. At fifty times the shared corpus that took a quarter of a second and
1.2 GB before the first search. ``MappedFile`` reads from the mapping itself and copies only
what each read returns, so the operating system's page cache holds the index, once for every
process, as it does for tantivy. ``install`` puts it in Whoosh's place; the Whoosh backend calls
it before opening an index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile, StructFile


class _View:
    """The file protocol Whoosh's ``StructFile`` uses (read, readline, seek, tell, iteration,
    close), over a read-only buffer."""

    def __init__(self, buf: memoryview) -> None:
        self._buf: memoryview | None = buf
        self._pos = 0
        self._len = len(buf)

    def read(self, n: int | None = -1) -> bytes:
        start = self._pos
        end = self._len if n is None or n < 0 else min(start + n, self._len)
        self._pos = max(start, end)
        return bytes(self._buf[start:end]) if self._buf is not None and end > start else b""

    def readline(self, limit: int | None = -1) -> bytes:
        end = self._len if limit is None or limit < 0 else min(self._pos + limit, self._len)
        line = bytearray()
        while self._pos < end:   # a piece at a time: a line is short, the rest of the file is not
            piece = self.read(min(256, end - self._pos))
            cut = piece.find(b"\n") + 1
            if cut:
                self._pos -= len(piece) - cut
                line += piece[:cut]
                break
            line += piece
        return bytes(line)

    def seek(self, pos: int, whence: int = 0) -> int:
        if whence == 0 and pos < 0:   # as BytesIO: an absolute position may not be negative,
            raise ValueError(f"negative seek value {pos}")
        self._pos = max(0, (0, self._pos, self._len)[whence] + pos)   # a relative one stops at 0
        return self._pos

    def tell(self) -> int:
        return self._pos

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def close(self) -> None:
        self._buf = None


class MappedFile(BufferFile):
    """A ``BufferFile`` that reads its buffer in place instead of copying it."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose: Callable[[StructFile], None] | None = None) -> None:
        self._buf = buf
        self._name = name
        self.file = _View(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False


def install() -> None:
    """Make Whoosh's packed segment files read in place (the name ``CompoundStorage`` calls)."""
    compound.BufferFile = MappedFile
