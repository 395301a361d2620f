"""A file read as if a few bytes were inserted into it, without writing a copy.

`SplicedFile(path, at, part)` reads as `path[:at] + part + path[at:]`: the export signs an
original with its new XMP packet this way (`app.core.media.xmp.packet_insert`) instead of
copying the whole picture first and hashing the copy (0.1-0.3 s for 50 MB, on the core the
thumbnail's decode needs). The original is only ever opened for reading.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["SplicedFile"]


class SplicedFile:
    """A read-only, seekable binary stream over `path` with `part` inserted at `at`."""

    def __init__(self, path: Path, at: int, part: bytes) -> None:
        self._file = Path(path).open("rb")  # noqa: SIM115 (open for the stream's lifetime)
        original = os.fstat(self._file.fileno()).st_size
        if not 0 <= at <= original:
            self._file.close()
            raise ValueError(f"insert at {at} outside a file of {original} bytes")
        self._at, self._part = at, part
        self._size = original + len(part)
        self._pos = 0
        self.name = str(path)

    @property
    def size(self) -> int:
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._pos
        elif whence == os.SEEK_END:
            offset += self._size
        elif whence != os.SEEK_SET:
            raise ValueError(f"invalid whence ({whence})")
        if offset < 0:
            raise ValueError("negative seek position")
        self._pos = offset
        return offset

    def readinto(self, buffer: Any) -> int:
        """Fills `buffer` from the current position (short only at the end). c2pa reads in
        thousands of small pieces, nearly all of them before or after the part: those go
        straight to the file (its buffer serves the small ones)."""
        pos, wanted = self._pos, memoryview(buffer).nbytes
        if pos + wanted <= self._at or pos >= self._at + len(self._part):
            in_file = pos if pos < self._at else pos - len(self._part)
            if in_file != self._file.tell():
                self._file.seek(in_file)
            got = self._file.readinto(buffer) or 0
            if got == 0 and wanted:  # the original shrank under us: end here, the checks say
                self._size = min(self._size, pos)
            self._pos += got
            return got
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view) and self._pos < self._size:
            got = self._read_piece(view[filled:])
            if got == 0:
                break
            filled += got
        return filled

    def read(self, size: int = -1) -> bytes:
        left = max(self._size - self._pos, 0)
        wanted = left if size is None or size < 0 else min(size, left)
        buffer = bytearray(wanted)
        got = self.readinto(buffer)
        return bytes(buffer[:got])

    def _read_piece(self, view: memoryview) -> int:
        """Bytes from the one region the position is in: the head, the part, or the tail."""
        pos, at, inserted = self._pos, self._at, len(self._part)
        if at <= pos < at + inserted:
            piece = self._part[pos - at : pos - at + len(view)]
            view[: len(piece)] = piece
            got = len(piece)
        else:
            in_file = pos if pos < at else pos - inserted
            limit = at - pos if pos < at else len(view)
            self._file.seek(in_file)
            got = self._file.readinto(view[: min(len(view), limit)]) or 0
            if got == 0:  # the original shrank under us: end here, the checks will say
                self._size = pos
        self._pos += got
        return got

    def write(self, data: bytes) -> int:
        raise io.UnsupportedOperation("a spliced file is read-only")

    def flush(self) -> None:
        """Nothing to flush: the stream is only ever read."""

    def close(self) -> None:
        self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed

    def __enter__(self) -> SplicedFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
