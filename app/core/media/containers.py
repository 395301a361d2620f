"""The one walker per container format: JPEG segments, PNG chunks, ISO BMFF boxes, RIFF chunks.

Every module that looks inside a file's container (the structure check, the completeness
check, the manifest-store finder, the picture digest, the tamper demo, the probe) walks it
here, so the bounds that keep hostile files cheap live in one place: a cap on the number of
parts, on the box depth, and on the junk tolerated between JPEG segments. Crossing a bound
raises `ContainerTooOdd`; a part cut short by the end of the file is still yielded (its
`end` lies past the end) and the walk stops after it, so each caller decides what a cut
file means to it. The walkers read headers only, from any seekable binary stream
(`io.BytesIO` for bytes already in memory).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# More parts than any real file has (a long fragmented MP4 has a few thousand boxes).
MAX_PARTS = 20_000
MAX_BOX_DEPTH = 32
# A JPEG header is a chain of segments before the scan; real files have dozens at most.
MAX_JPEG_SEGMENTS = 10_000
MAX_JPEG_JUNK = 1 << 20
_JPEG_NO_LENGTH = frozenset({0x01, 0xD8, *range(0xD0, 0xD8)})
_JUNK_READ = 64 * 1024


class ContainerTooOdd(Exception):
    """The container crossed a bound no real file reaches (`kind`: the format's name)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class Part:
    """One unit of a container: `size` bytes at `offset`, of which `header` bytes come
    before the body of `length` bytes (PNG adds a CRC after it, RIFF a pad byte)."""

    offset: int
    kind: bytes
    header: int
    length: int
    size: int
    depth: int = 0

    @property
    def body_start(self) -> int:
        return self.offset + self.header

    @property
    def body_end(self) -> int:
        return self.body_start + self.length

    @property
    def end(self) -> int:
        return self.offset + self.size


# -- JPEG -----------------------------------------------------------------------------------


def jpeg_segments(fh: BinaryIO, start: int = 2) -> Iterator[Part]:
    """The segments of a JPEG's header from `start` (after the SOI marker), up to and
    including the start of scan (or end of image). Stray bytes between segments are
    tolerated as Pillow does, up to `MAX_JPEG_JUNK`: Pillow steps through junk one byte at
    a time (a 3 GB file of zeros behind a JPEG header kept it busy for minutes). `kind` is
    the marker byte; markers without a length have `size` 2."""
    fh.seek(start)
    skipped = 0
    for _ in range(MAX_JPEG_SEGMENTS):
        found = _next_ff(fh, skipped)
        if found is None:
            return
        skipped = found
        marker = fh.read(1)
        while marker == b"\xff":  # fill bytes before a marker
            marker = fh.read(1)
        if not marker:
            return
        offset = fh.tell() - 2
        if marker == b"\xd9":
            yield Part(offset, marker, 2, 0, 2)
            return
        if marker == b"\x00" or marker[0] in _JPEG_NO_LENGTH:
            skipped += 1
            if marker != b"\x00":
                yield Part(offset, marker, 2, 0, 2)
            continue
        field = fh.read(2)
        if len(field) < 2:
            return
        declared = int.from_bytes(field, "big")
        yield Part(offset, marker, 4, max(declared - 2, 0), 2 + max(declared, 2))
        if marker == b"\xda":  # start of scan: the header is done
            return
        fh.seek(offset + 2 + max(declared, 2))
    raise ContainerTooOdd("JPEG")


def _next_ff(fh: BinaryIO, skipped: int) -> int | None:
    """Moves past the next 0xFF byte; the junk count so far, None at the end of the file."""
    byte = fh.read(1)
    while byte and byte != b"\xff" and skipped <= MAX_JPEG_JUNK:
        chunk = fh.read(_JUNK_READ)
        at = chunk.find(b"\xff")
        skipped += len(chunk) if at < 0 else at + 1
        if at >= 0:
            fh.seek(at - len(chunk) + 1, os.SEEK_CUR)
            byte = b"\xff"
        elif not chunk:
            return None
    if skipped > MAX_JPEG_JUNK:
        raise ContainerTooOdd("JPEG")
    return skipped if byte else None


# -- PNG ------------------------------------------------------------------------------------


def png_chunks(fh: BinaryIO, max_parts: int = MAX_PARTS) -> Iterator[Part]:
    """The chunks of a PNG up to and including IEND. A chunk type that is not letters, or
    more chunks than `max_parts`, is not a PNG anyone wrote: `ContainerTooOdd`."""
    at = 8
    for _ in range(max_parts):
        fh.seek(at)
        head = fh.read(8)
        if len(head) < 8:
            return
        kind, length = head[4:8], int.from_bytes(head[:4], "big")
        if not kind.isalpha():
            raise ContainerTooOdd("PNG")
        yield Part(at, kind, 8, length, length + 12)
        if kind == b"IEND":
            return
        at += length + 12
    raise ContainerTooOdd("PNG")


def png_chunks_at(path: Path) -> tuple[Part, ...]:
    """`png_chunks` of the PNG at `path`. A file left alone for a while (`SETTLED_NS`) is
    walked once per version of it (device, inode, size, modification and change time):
    one export asks seven times (probe, thumbnail, instance ID, XMP place, credential
    search, picture bytes), each walk of a 50 MB PNG's ~800 headers 2-4 ms alone and
    5-15 ms beside the thumbnail's decode and c2pa's reading. A younger file (a copy just
    written) is walked each time: a change within the clock's granularity could keep
    its times. Raises `ContainerTooOdd` or `OSError` as the walk does."""
    with Path(path).open("rb", buffering=0) as fh:  # headers only: no 8 KB read for each
        key = _identity(fh)
        with _WALKED_LOCK:
            known = _WALKED.get(key)
            if known is not None:
                _WALKED.move_to_end(key)
        if known is None:
            try:
                known = tuple(png_chunks(fh))
            except ContainerTooOdd as odd:
                known = odd.kind
            settled = time.time_ns() - max(key[3], key[4]) > SETTLED_NS
            if settled and _identity(fh) == key:
                with _WALKED_LOCK:
                    _WALKED[key] = known
                    while len(_WALKED) > _WALKS_KEPT:
                        _WALKED.popitem(last=False)
    if isinstance(known, str):
        raise ContainerTooOdd(known)
    return known


def _identity(fh: BinaryIO) -> tuple[int, int, int, int, int]:
    info = os.fstat(fh.fileno())
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


SETTLED_NS = 2_000_000_000  # a file unchanged this long keeps its walk (see png_chunks_at)
_WALKS_KEPT = 8
_WALKED: OrderedDict[tuple[int, int, int, int, int], tuple[Part, ...] | str] = OrderedDict()
_WALKED_LOCK = threading.Lock()


# -- ISO BMFF (MP4, MOV, M4A, HEIC, AVIF) and JUMBF boxes -----------------------------------


def bmff_boxes(
    fh: BinaryIO,
    start: int = 0,
    end: int | None = None,
    *,
    descend: frozenset[bytes] = frozenset(),
    max_parts: int = MAX_PARTS,
) -> Iterator[Part]:
    """The boxes between `start` and `end` in file order, going into the box types in
    `descend` (up to `MAX_BOX_DEPTH` deep). A box smaller than its own header ends the
    walk: c2pa and FFmpeg refuse such a file quickly themselves."""
    end = fh.seek(0, os.SEEK_END) if end is None else end
    pending = [(start, end, 0)]
    count = 0
    while pending:
        at, stop, depth = pending.pop()
        while at + 8 <= stop:
            part = _box(fh, at, stop, depth)
            if part is None:
                return
            count += 1
            if count > max_parts:
                raise ContainerTooOdd("MP4")
            yield part
            at += part.size
            if part.kind in descend and depth < MAX_BOX_DEPTH:
                pending.append((at, stop, depth))  # this level goes on after the children
                pending.append((part.body_start, min(part.end, stop), depth + 1))
                break


def _box(fh: BinaryIO, at: int, stop: int, depth: int) -> Part | None:
    fh.seek(at)
    head = fh.read(16)
    if len(head) < 8:
        return None
    size, kind, header = int.from_bytes(head[:4], "big"), head[4:8], 8
    if size == 1 and len(head) == 16:
        size, header = int.from_bytes(head[8:16], "big"), 16
    elif size == 0:
        size = stop - at  # the last box runs to the end
    if size < header:
        return None
    return Part(at, kind, header, size - header, size, depth)


# -- RIFF (WAV, WebP, AVI) ------------------------------------------------------------------


def riff_chunks(fh: BinaryIO, end: int | None = None, max_parts: int = MAX_PARTS) -> Iterator[Part]:
    """The top-level chunks after the 12-byte RIFF header (each padded to an even size)."""
    end = fh.seek(0, os.SEEK_END) if end is None else end
    at = 12
    for _ in range(max_parts):
        if at + 8 > end:
            return
        fh.seek(at)
        head = fh.read(8)
        if len(head) < 8:
            return
        length = int.from_bytes(head[4:8], "little")
        yield Part(at, head[:4], 8, length, 8 + length + (length & 1))
        at += 8 + length + (length & 1)
    raise ContainerTooOdd("RIFF")
