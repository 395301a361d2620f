"""The XMP instance IDs a file names, found and renewed without reading its media data.

c2pa-rs gives a new claim the `xmpMM:InstanceID` it finds in the signed file's XMP, whatever
the manifest definition says (read: c2pa-rs `Builder::sign`), so a copy of a Premiere, Sony or
Photoshop file would repeat its parent's ID. `refresh_instance_id` rewrites each such value in
the export's temporary copy with a fresh one of the same length, byte for byte in place
(JPEG APP1, PNG iTXt with its chunk CRC, MP4 `uuid` box, ...), so nothing else moves and
nothing is re-encoded.

Where the search looks: the container is walked (containers.py) and its bulk media parts —
a JPEG's entropy-coded scan, PNG `IDAT`, BMFF `mdat`, RIFF audio/video/bitstream chunks — are
skipped: XMP never lives there, and reading them made a 1 GB video cost a second of CPU with
the interpreter lock held (the window froze) and a gigabyte of mapped pages. The rest is read
in bounded chunks, so memory stays flat and other threads run between chunks. A file whose
container cannot be walked is searched whole, chunk by chunk.
"""

from __future__ import annotations

import os
import re
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from app.core.media.containers import (
    ContainerTooOdd,
    Part,
    bmff_boxes,
    jpeg_segments,
    png_chunks,
    png_chunks_at,
    riff_chunks,
)

# `xmpMM:InstanceID="..."` (attribute) or `<xmpMM:InstanceID>...</...>` (element).
_INSTANCE_ID = re.compile(rb"xmpMM:InstanceID(?:\s{0,64}=\s{0,64}[\"']|>)([^\"'<>\s]{8,200})")
_LONGEST_MATCH = 16 + 64 + 1 + 64 + 1 + 200
_UUID_PREFIXES = (b"xmp.iid:", b"xmp:iid:")
_HEX = re.compile(rb"[0-9a-fA-F]")
_CHUNK = 4 << 20

_PNG_MEDIA = frozenset({b"IDAT", b"fdAT"})
_BMFF_MEDIA = frozenset({b"mdat", b"free", b"skip"})
_RIFF_MEDIA = frozenset({b"data", b"VP8 ", b"VP8L", b"ALPH", b"ANMF", b"idx1"})


class InstanceIdError(Exception):
    """The copy could not be rewritten (a read-only or vanished temporary file)."""


def find_instance_ids(path: Path) -> list[tuple[int, bytes]]:
    """Each `xmpMM:InstanceID` value in the file with its offset, in file order."""
    # Unbuffered: a buffered file reads 8 KB for each 8-byte part header of the walk.
    with path.open("rb", buffering=0) as handle:
        size = handle.seek(0, os.SEEK_END)
        found: dict[int, bytes] = {}
        for start, end in _searched_ranges(handle, size, path):
            for offset, value in _search(handle, start, end):
                found[offset] = value
    return sorted(found.items())


def has_instance_id(path: Path) -> bool:
    """True when the file's XMP names an `xmpMM:InstanceID`."""
    try:
        return bool(find_instance_ids(path))
    except OSError:
        return False


def refresh_instance_id(path: Path) -> bool:
    """Give every `xmpMM:InstanceID` in the file at `path` (a temporary copy) a fresh value
    of the same length (`xmp.iid:UUID` → `xmp:iid:NEW-UUID`); PNG chunk CRCs are
    recomputed. Returns False when there is none. Raises `InstanceIdError`."""
    try:
        found = find_instance_ids(path)
        if not found:
            return False
        with path.open("r+b") as handle:
            for offset, value in found:
                handle.seek(offset)
                handle.write(_fresh_like(value))
            if _kind(handle) == "png":
                _fix_png_crcs(handle, [offset for offset, _ in found])
            handle.flush()
    except (OSError, ContainerTooOdd) as exc:
        raise InstanceIdError(str(exc)) from exc
    return True


def _fresh_like(value: bytes) -> bytes:
    """A new ID as long as `value`: a fresh `xmp:iid:` UUID when it fits exactly, else every
    hex digit of the old one redrawn (so the shape stays, the ID does not)."""
    fresh = b"xmp:iid:" + str(uuid.uuid4()).encode()
    if value.startswith(_UUID_PREFIXES) and len(value) == len(fresh):
        return fresh
    digits = iter(uuid.uuid4().hex * (len(value) // 32 + 1))
    return _HEX.sub(lambda _m: next(digits).encode(), value)


def _fix_png_crcs(handle: BinaryIO, offsets: list[int]) -> None:
    """Recompute the CRC of each PNG chunk an ID was rewritten in (reading that chunk only)."""
    for chunk in list(png_chunks(handle)):
        if any(chunk.body_start <= at < chunk.body_end for at in offsets):
            handle.seek(chunk.offset + 4)
            crc = zlib.crc32(handle.read(4 + chunk.length))
            handle.seek(chunk.body_end)
            handle.write(crc.to_bytes(4, "big"))


# -- where to look --------------------------------------------------------------------------


def _kind(handle: BinaryIO) -> str | None:
    handle.seek(0)
    head = handle.read(12)
    if head.startswith(b"\xff\xd8"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp":
        return "bmff"
    if head.startswith(b"RIFF"):
        return "riff"
    return None


def _searched_ranges(handle: BinaryIO, size: int, path: Path) -> list[tuple[int, int]]:
    """The byte ranges that can hold XMP: the whole file minus its bulk media parts."""
    try:
        skipped = _media_parts(handle, size, path)
    except ContainerTooOdd:
        skipped = []
    ranges, at = [], 0
    for start, end in sorted(skipped):
        if start > at:
            ranges.append((at, start))
        at = max(at, end)
    if at < size:
        ranges.append((at, size))
    return ranges


def _media_parts(handle: BinaryIO, size: int, path: Path) -> list[tuple[int, int]]:
    kind = _kind(handle)
    if kind == "jpeg":
        for segment in jpeg_segments(handle):
            if segment.kind == b"\xda":  # the scan and what follows it: no XMP c2pa reads
                return [(segment.end, size)]
        return []
    if kind == "png":
        return [(c.body_start, c.body_end) for c in png_chunks_at(path) if c.kind in _PNG_MEDIA]
    if kind == "bmff":
        return [(b.body_start, b.end) for b in bmff_boxes(handle) if b.kind in _BMFF_MEDIA]
    if kind == "riff":
        return [(c.body_start, c.end) for c in riff_chunks(handle, size) if _riff_media(handle, c)]
    return []


def _riff_media(handle: BinaryIO, chunk: Part) -> bool:
    if chunk.kind in _RIFF_MEDIA:
        return True
    if chunk.kind == b"LIST":  # an AVI's `movi` list holds the frames
        handle.seek(chunk.body_start)
        return handle.read(4) == b"movi"
    return False


def _search(handle: BinaryIO, start: int, end: int) -> Iterator[tuple[int, bytes]]:
    """Matches in [start, end), read in overlapping chunks so none is cut at a boundary."""
    at = start
    while at < end:
        handle.seek(at)
        data = handle.read(min(_CHUNK + _LONGEST_MATCH, end - at))
        if not data:
            return
        last = at + len(data) >= end
        for match in _INSTANCE_ID.finditer(data):
            if not last and match.start() >= _CHUNK:
                continue  # the next chunk sees it whole (a match is never longer than the overlap)
            yield at + match.start(1), match.group(1)
        at += _CHUNK
