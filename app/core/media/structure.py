"""Walks of a file's container structure that bound the work before Pillow or c2pa start.

Pillow and c2pa-rs crawl through some hostile structures for minutes (junk between JPEG
segments, hundreds of thousands of PNG chunks or MP4 boxes); a short bounded walk finds
them first, so the reader can say "damaged" at once instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

# A JPEG header is a chain of segments before the scan; real files have dozens at most.
_MAX_JPEG_SEGMENTS = 10_000
_MAX_JPEG_JUNK = 1 << 20
_JPEG_NO_LENGTH = frozenset({0x01, 0xD8, *range(0xD0, 0xD8)})
# More parts than any real file has (a long fragmented MP4 has a few thousand boxes).
_MAX_PARTS = 20_000
_MAX_BOX_DEPTH = 32
_BMFF_MIMES = frozenset(
    {"video/mp4", "video/quicktime", "audio/mp4", "image/heic", "image/heif", "image/avif"}
)
_BMFF_CONTAINERS = frozenset(
    {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"udta", b"moof", b"traf", b"edts", b"dinf"}
    | {b"mvex", b"meta", b"iprp", b"ipco"}
)
_TOO_ODD_JPEG = (
    "The file's structure is damaged (junk where the JPEG's parts should be), "
    "so its Content Credentials were not checked."
)
_TOO_ODD = (
    "The file's structure is damaged or far from normal (more parts than any real {kind} "
    "file has), so its Content Credentials were not checked."
)


def picture_structure_broken(path: Path, mime: str | None) -> bool:
    """A JPEG or PNG whose structure Pillow would crawl through for minutes (see below)."""
    if mime == "image/jpeg":
        return jpeg_markers_broken(path)
    return mime == "image/png" and structure_problem(path, mime) is not None


def jpeg_markers_broken(path: Path) -> bool:
    """True when the JPEG's header segments are followed by a long run of junk instead of
    the next marker. Pillow steps through junk one byte at a time in Python (about 10 MB/s):
    a 3 GB file of zeros behind a JPEG header kept `Image.open` busy for minutes. A short
    bounded walk of the segment chain finds that first. Truncation is not "broken" here."""
    try:
        with path.open("rb") as fh:
            fh.seek(2)
            return _walk_jpeg_segments(fh)
    except OSError:
        return False


def _walk_jpeg_segments(fh: BinaryIO) -> bool:
    skipped = 0
    for _ in range(_MAX_JPEG_SEGMENTS):
        byte = fh.read(1)
        while byte and byte != b"\xff" and skipped <= _MAX_JPEG_JUNK:
            # Stray bytes between segments: tolerated (as Pillow does), within a bound.
            chunk = fh.read(64 * 1024)
            at = chunk.find(b"\xff")
            skipped += len(chunk) if at < 0 else at + 1
            if at >= 0:
                fh.seek(at - len(chunk) + 1, os.SEEK_CUR)
                byte = b"\xff"
            elif not chunk:
                return False
        if skipped > _MAX_JPEG_JUNK:
            return True
        if not byte:
            return False
        marker = fh.read(1)
        while marker == b"\xff":
            marker = fh.read(1)
        if not marker or marker in (b"\xda", b"\xd9"):  # start of scan / end: header done
            return False
        if marker == b"\x00" or marker[0] in _JPEG_NO_LENGTH:
            skipped += 1
            continue
        length = fh.read(2)
        if len(length) < 2:
            return False
        fh.seek(max(int.from_bytes(length, "big") - 2, 0), os.SEEK_CUR)
    return True


def structure_problem(path: Path, mime: str | None) -> str | None:
    """A sentence when the container has far more parts than any real file (PNG chunks,
    MP4 boxes) or a PNG chunk type that is not letters; else None.

    WORKAROUND: c2pa-rs 0.91.3 reads every part through a Python stream callback, and its
    MP4 walk is quadratic: a 200 KB MP4 of 25,000 empty boxes took 7 s, one of 2.6 million
    did not finish; 20 MB of empty PNG chunks took 16 s. Counting first bounds the work.
    """
    if mime == "image/jpeg":
        # c2pa-rs reads a JPEG whole: 3 GB of zeros behind a header took 7-20 s and 4 GB of
        # memory to end in "could not parse"; a broken marker chain is known at once.
        return _TOO_ODD_JPEG if jpeg_markers_broken(path) else None
    try:
        with path.open("rb") as fh:
            if mime == "image/png":
                return _png_problem(fh)
            if mime in _BMFF_MIMES:
                return _bmff_problem(fh, path.stat().st_size)
    except OSError:
        return None
    return None


def _png_problem(fh: BinaryIO) -> str | None:
    fh.seek(8)
    for _ in range(_MAX_PARTS):
        head = fh.read(8)
        if len(head) < 8:
            return None  # truncated: c2pa says so itself, quickly
        kind = head[4:8]
        if not kind.isalpha():
            return _TOO_ODD.format(kind="PNG")
        if kind == b"IEND":
            return None
        fh.seek(int.from_bytes(head[:4], "big") + 4, os.SEEK_CUR)
    return _TOO_ODD.format(kind="PNG")


def _bmff_problem(fh: BinaryIO, size: int) -> str | None:
    """Counts boxes, descending into the usual container boxes, up to `_MAX_PARTS`."""
    pending = [(0, size, 0)]
    count = 0
    while pending:
        start, end, depth = pending.pop()
        at = start
        while at + 8 <= end:
            fh.seek(at)
            head = fh.read(16)
            box_size, kind = int.from_bytes(head[:4], "big"), head[4:8]
            header = 8
            if box_size == 1 and len(head) == 16:
                box_size, header = int.from_bytes(head[8:16], "big"), 16
            elif box_size == 0:
                box_size = end - at
            if box_size < header:
                return None  # a broken box: c2pa and FFmpeg refuse it quickly
            count += 1
            if count > _MAX_PARTS:
                return _TOO_ODD.format(kind="MP4")
            if kind in _BMFF_CONTAINERS and depth < _MAX_BOX_DEPTH:
                pending.append((at + header, min(at + box_size, end), depth + 1))
            at += box_size
    return None
