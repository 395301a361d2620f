"""The bytes that carry a picture, metadata left out: how CredLabel knows, without decoding,
that a labeled copy has the original's pixels (no re-encoding).

For a JPEG every segment but APPn/COM, then the scan data to the end; for a PNG every chunk
but text, XMP, EXIF, time and the C2PA store (`caBX`). `same_picture_bytes` compares two
files' picture bytes directly (read once each, compared in 1 MB pieces: ~20 ms for two
50 MB PNGs, where hashing both took ~100 ms and the original's hash ran while c2pa signed,
slowing it by ~15 ms); `image_data_digest` hashes them (the XMP writer's before/after check
and the privacy view's comparison). Files are read, never mapped: a file another program
shortens meanwhile must not crash the process (SIGBUS).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from app.core.media.containers import ContainerTooOdd, jpeg_segments, png_chunks_at

__all__ = ["image_data_digest", "picture_ranges", "same_picture_bytes"]

_READ = 1 << 20
# caBX: the C2PA manifest store a signed PNG carries (metadata, as a JPEG's APP11 is).
_PNG_METADATA_CHUNKS = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME", b"caBX"}

Range = tuple[int, int | None]  # start, end (None: to the end of the file)


def picture_ranges(path: Path, mime: str | None) -> list[Range] | None:
    """The byte ranges of `path` that carry its picture, in order, neighbours merged; None
    for types without them (only JPEG and PNG have), an empty file, or one far from
    normal (the decoder decides about those)."""
    if mime not in ("image/jpeg", "image/png"):
        return None
    try:
        if mime == "image/png":
            return _png_ranges(path)
        with path.open("rb", buffering=0) as stream:  # headers only: no 8 KB read for each
            return _jpeg_ranges(stream) if os.fstat(stream.fileno()).st_size else None
    except ContainerTooOdd:
        return None


def image_data_digest(path: Path, mime: str | None) -> str | None:
    """sha256 of the picture bytes (`picture_ranges`); None when it has none. Equal digests
    mean identical pixels without decoding (a 50 MB JPEG decodes in ~1 s; this hashes it
    in ~0.05 s)."""
    ranges = picture_ranges(path, mime)
    if ranges is None:
        return None
    digest = hashlib.sha256()
    with path.open("rb", buffering=0) as data:
        bytes_of = _Cursor(data, ranges)
        while left := bytes_of.left():
            digest.update(bytes_of.read(min(left, _READ)))
    return digest.hexdigest()


def same_picture_bytes(original: Path, copy: Path, mime: str | None) -> bool:
    """Whether `copy` carries exactly the picture bytes of `original`; True when the type
    has none to compare (`picture_ranges` of the original is None)."""
    before = picture_ranges(original, mime)
    if before is None:
        return True
    after = picture_ranges(copy, mime)
    if after is None:
        return False
    with original.open("rb", buffering=0) as first, copy.open("rb", buffering=0) as second:
        ours, theirs = _Cursor(first, before), _Cursor(second, after)
        # Pieces that end where either side's range ends: equal sizes, compared as read.
        while size := min(ours.left(), theirs.left(), _READ):
            if ours.read(size) != theirs.read(size):
                return False
        return ours.left() == theirs.left() == 0


class _Cursor:
    """A position in the picture bytes of an open file: `ranges` read in order."""

    def __init__(self, data: BinaryIO, ranges: list[Range]) -> None:
        size = os.fstat(data.fileno()).st_size  # a range "to the end" ends here
        self._fd = data.fileno()
        self._ranges = [(start, size if end is None else min(end, size)) for start, end in ranges]
        self._index = 0
        self._at = self._ranges[0][0] if self._ranges else 0

    def left(self) -> int:
        """Bytes left in the current range, moving on to the next one when it is used up;
        0 at the end."""
        while self._index < len(self._ranges):
            end = self._ranges[self._index][1]
            if self._at < end:
                return end - self._at
            self._index += 1
            if self._index < len(self._ranges):
                self._at = self._ranges[self._index][0]
        return 0

    def read(self, size: int) -> bytes:
        """The next `size` bytes of the current range (fewer if the file was cut meanwhile)."""
        block = os.pread(self._fd, size, self._at)
        self._at += size
        return block


def _jpeg_ranges(stream: BinaryIO) -> list[Range] | None:
    ranges: list[Range] = []
    for segment in jpeg_segments(stream):
        if segment.kind == b"\xda":  # start of scan: the rest is coded picture data
            _add(ranges, segment.offset, None)
            return ranges
        if not (0xE0 <= segment.kind[0] <= 0xEF or segment.kind == b"\xfe"):
            _add(ranges, segment.offset, segment.end)
    return None  # no scan found: let the decoder decide


def _png_ranges(path: Path) -> list[Range] | None:
    ranges: list[Range] = []
    for chunk in png_chunks_at(path):
        if chunk.kind not in _PNG_METADATA_CHUNKS:
            _add(ranges, chunk.offset, chunk.end)
        if chunk.kind == b"IEND":
            return ranges
    return None


def _add(ranges: list[Range], start: int, end: int | None) -> None:
    """Append [start, end), merged with the last range when they touch."""
    if ranges and ranges[-1][1] == start:
        ranges[-1] = (ranges[-1][0], end)
    else:
        ranges.append((start, end))
