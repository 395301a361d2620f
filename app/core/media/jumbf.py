"""Find the C2PA manifest store (JUMBF) inside a file, byte for byte, without the library.

The tamper demo (`app.core.workshop.tamper`) needs to know where the credentials sit to strip them
or
to change one byte inside them. c2pa exposes no byte offsets, so this module reads the
containers itself: JPEG APP11 segments (the store may be split over several), the PNG
`caBX` chunk, the BMFF (MP4/MOV/HEIC/AVIF) `uuid` box, the RIFF (WAV/WebP/AVI) `C2PA`
chunk, and, for anything else, a contiguous store found by its UUID.

`Store.spans` are the places in the file that hold the store; `Store.logical` is the store
with the container's framing removed, and `Store.file_offset` maps back.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.media.containers import (
    ContainerTooOdd,
    bmff_boxes,
    jpeg_segments,
    png_chunks,
    riff_chunks,
)

# The manifest store superbox's description UUID ("c2pa" + the JUMBF suffix).
STORE_UUID = bytes.fromhex("6332706100110010800000aa00389b71")
BMFF_C2PA_UUID = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")
MAX_SCAN = 256 * 1024 * 1024  # never read more than this looking for a store


@dataclass(frozen=True)
class Span:
    """`length` bytes at `offset` in the file: one container unit holding the store."""

    offset: int
    length: int


@dataclass(frozen=True)
class Store:
    """Where a manifest store is. `removable` spans are whole container units (segments,
    chunks, boxes) that can be cut out; `payload` pairs (file offset, length) hold the
    store's own bytes in order."""

    removable: tuple[Span, ...]
    payload: tuple[tuple[int, int], ...]
    logical: bytes
    container: str  # "jpeg" | "png" | "bmff" | "riff" | "raw"

    def file_offset(self, logical_offset: int) -> int:
        """The file position of byte `logical_offset` of the store."""
        rest = logical_offset
        for offset, length in self.payload:
            if rest < length:
                return offset + rest
            rest -= length
        raise ValueError("offset beyond the manifest store")


@dataclass(frozen=True)
class Box:
    """One JUMBF box in `Store.logical`: type, label (superboxes), payload range, children."""

    kind: bytes
    start: int
    payload_start: int
    end: int
    label: str = ""
    children: tuple[Box, ...] = ()


def find_store(path: Path) -> Store | None:
    """The manifest store embedded in `path`, or None when there is none we can locate."""
    data = _head(path)
    try:
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data)
        if data[4:8] == b"ftyp":
            return _bmff(data)
        if data[:4] == b"RIFF":
            return _riff(data)
    except ContainerTooOdd:
        return None  # far from any real file: no store we could locate safely
    return _raw(data)


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(MAX_SCAN)


def _jpeg(data: bytes) -> Store | None:
    removable: list[Span] = []
    payload: list[tuple[int, int]] = []
    for segment in jpeg_segments(io.BytesIO(data)):
        # APP11 "JP" segments carry JUMBF; the first holds the box header, each following
        # one repeats the 8-byte box header before continuing the data.
        pos = segment.offset
        if segment.kind == b"\xeb" and data[pos + 4 : pos + 6] == b"JP":
            body_start, body_end = pos + 12, segment.end
            sequence = struct.unpack(">I", data[pos + 8 : pos + 12])[0]
            skip = 0 if sequence == 1 or not payload else 8
            if sequence == 1 and payload:
                break  # a second store (e.g. another En): keep the first only
            removable.append(Span(pos, segment.size))
            payload.append((body_start + skip, body_end - body_start - skip))
    return _store(data, removable, payload, "jpeg")


def _png(data: bytes) -> Store | None:
    for chunk in png_chunks(io.BytesIO(data)):
        if chunk.kind == b"caBX":
            payload = [(chunk.body_start, chunk.length)]
            return _store(data, [Span(chunk.offset, chunk.size)], payload, "png")
    return None


def _bmff(data: bytes) -> Store | None:
    for box in bmff_boxes(io.BytesIO(data)):
        body = box.body_start
        if box.kind == b"uuid" and data[body : body + 16] == BMFF_C2PA_UUID:
            # uuid, version+flags, purpose string (NUL-terminated), then for "manifest"
            # an 8-byte offset to the first auxiliary box, then the JUMBF store.
            purpose_end = data.index(b"\x00", body + 20)
            if data[body + 20 : purpose_end] != b"manifest":
                continue
            start = purpose_end + 1 + 8
            return _store(data, [Span(box.offset, box.size)], [(start, box.end - start)], "bmff")
    return None


def _riff(data: bytes) -> Store | None:
    for chunk in riff_chunks(io.BytesIO(data)):
        if chunk.kind == b"C2PA":
            span = Span(chunk.offset, chunk.size)
            return _store(data, [span], [(chunk.body_start, chunk.length)], "riff")
    return None


def _raw(data: bytes) -> Store | None:
    at = data.find(STORE_UUID)
    start = at - 16
    if at < 0 or start < 0 or data[start + 4 : start + 8] != b"jumb":
        return None
    length = struct.unpack(">I", data[start : start + 4])[0]
    return _store(data, [Span(start, length)], [(start, length)], "raw")


def _store(
    data: bytes, removable: list[Span], payload: list[tuple[int, int]], container: str
) -> Store | None:
    if not payload:
        return None
    logical = b"".join(data[offset : offset + length] for offset, length in payload)
    if logical[4:8] != b"jumb":
        return None
    return Store(tuple(removable), tuple(payload), logical, container)


# -- JUMBF boxes -------------------------------------------------------------------------


def parse_boxes(
    data: bytes,
    start: int = 0,
    end: int | None = None,
    *,
    skip: Callable[[str], bool] | None = None,
    limit: int | None = None,
) -> tuple[Box, ...]:
    """The boxes between `start` and `end` of `data` (the first `limit` of them), superboxes
    parsed recursively, except that a superbox whose label `skip` accepts keeps only its
    description box (its label) as children."""
    end = len(data) if end is None else end
    boxes: list[Box] = []
    try:
        for part in bmff_boxes(io.BytesIO(data), start, end):
            if part.end > end or len(boxes) == limit:
                break
            boxes.append(_box(data, part.kind, part.offset, part.body_start, part.end, skip=skip))
    except ContainerTooOdd:
        pass  # keep the boxes found so far
    return tuple(boxes)


def _box(
    data: bytes,
    kind: bytes,
    start: int,
    payload: int,
    end: int,
    *,
    skip: Callable[[str], bool] | None,
) -> Box:
    if kind != b"jumb":
        return Box(kind, start, payload, end)
    children = parse_boxes(data, payload, end, skip=skip, limit=1 if skip else None)
    label = _label(data, children[0]) if children and children[0].kind == b"jumd" else ""
    if skip is not None and not skip(label):
        children = parse_boxes(data, payload, end, skip=skip)
    return Box(kind, start, payload, end, label, children)


def _label(data: bytes, jumd: Box) -> str:
    # jumd: 16-byte type UUID, a toggles byte, then the NUL-terminated label if bit 1 is set.
    toggles = data[jumd.payload_start + 16]
    if not toggles & 0x02:
        return ""
    begin = jumd.payload_start + 17
    stop = data.find(b"\x00", begin, jumd.end)
    return data[begin : stop if stop >= 0 else jumd.end].decode("utf-8", "replace")


def child(box: Box, label_prefix: str) -> Box | None:
    """The first child superbox whose label starts with `label_prefix`."""
    return next((c for c in box.children if c.label.startswith(label_prefix)), None)


# -- CBOR text values -----------------------------------------------------------------------

_SKIP_KEYS = frozenset({"action", "alg", "digitalSourceType", "relationship", "url"})


def cbor_text_values(data: bytes, start: int, end: int) -> list[tuple[int, int, str]]:
    """(offset, length, key) of every text string that is a map value in the CBOR item at
    `start`, except values whose meaning a reader checks (action names, algorithms ...).
    Changing one letter of such a value keeps the CBOR valid. Empty on anything unusual."""
    found: list[tuple[int, int, str]] = []
    try:
        _cbor_item(data, start, end, found, key=None)
    except (IndexError, ValueError):
        return []
    return found


def _cbor_head(data: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head)."""
    major, info = data[pos] >> 5, data[pos] & 0x1F
    if info < 24:
        return major, info, pos + 1
    if info > 27:
        raise ValueError("indefinite or reserved CBOR length")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[pos + 1 : pos + 1 + size], "big"), pos + 1 + size


def _cbor_item(
    data: bytes, pos: int, end: int, found: list[tuple[int, int, str]], key: str | None
) -> int:
    """Walk one CBOR item; return the position after it."""
    if pos >= end:
        raise ValueError("CBOR runs past its box")
    major, arg, pos = _cbor_head(data, pos)
    if major in (2, 3):
        if major == 3 and key is not None and key not in _SKIP_KEYS:
            found.append((pos, arg, key))
        return pos + arg
    if major == 4:
        for _ in range(arg):
            pos = _cbor_item(data, pos, end, found, key)
        return pos
    if major == 5:
        for _ in range(arg):
            key_start = pos
            pos = _cbor_item(data, pos, end, [], None)
            name = _cbor_key(data, key_start)
            pos = _cbor_item(data, pos, end, found, name)
        return pos
    if major == 6:
        return _cbor_item(data, pos, end, found, key)
    return pos  # integers, simple values and floats: the head is the whole item


def _cbor_key(data: bytes, pos: int) -> str:
    major, arg, start = _cbor_head(data, pos)
    return data[start : start + arg].decode("utf-8", "replace") if major == 3 else ""
