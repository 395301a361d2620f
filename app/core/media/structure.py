"""Walks of a file's container structure that bound the work before Pillow or c2pa start.

Pillow and c2pa-rs crawl through some hostile structures for minutes (junk between JPEG
segments, hundreds of thousands of PNG chunks or MP4 boxes); a short bounded walk finds
them first, so the reader can say "damaged" at once instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from app.core.i18n import N_, _
from app.core.media.containers import (
    ContainerTooOdd,
    Part,
    bmff_boxes,
    jpeg_segments,
    png_chunks_at,
)

_BMFF_MIMES = frozenset(
    {"video/mp4", "video/quicktime", "audio/mp4", "image/heic", "image/heif", "image/avif"}
)
_BMFF_CONTAINERS = frozenset(
    {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"udta", b"moof", b"traf", b"edts", b"dinf"}
    | {b"mvex", b"meta", b"iprp", b"ipco"}
)
# Every C2PA manifest store is a JUMBF box labelled "c2pa"; a manifest kept online is pointed
# to from the XMP (`dcterms:provenance`). A file containing neither string has no credentials.
_CREDENTIAL_MARKS = (b"c2pa", b"provenance")
_PNG_IMAGE_DATA = frozenset({b"IDAT", b"fdAT"})
_TOO_ODD_JPEG = N_(
    "The file's structure is damaged (junk where the JPEG's parts should be), "
    "so its Content Credentials were not checked."
)
_TOO_ODD = N_(
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
            for _ in jpeg_segments(fh):
                pass
    except ContainerTooOdd:
        return True
    except OSError:
        return False
    return False


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
        return _(_TOO_ODD_JPEG) if jpeg_markers_broken(path) else None
    if mime == "image/png":
        odd_png, _exif = png_structure(path)
        return None if odd_png is None else _(_TOO_ODD).format(kind=odd_png)
    if mime not in _BMFF_MIMES:
        return None
    try:
        with path.open("rb") as fh:
            # Truncated or broken parts end the walk quietly: c2pa says so itself, quickly.
            for _part in bmff_boxes(fh, descend=_BMFF_CONTAINERS):
                pass
    except ContainerTooOdd as odd:
        return _(_TOO_ODD).format(kind=odd.kind)
    except OSError:
        return None
    return None


def png_structure(path: Path) -> tuple[str | None, Part | None]:
    """One walk of a PNG's chunk headers (`png_chunks_at`: shared by the export's other
    steps): the container's name when it crossed a bound (else None), and its first `eXIf`
    chunk (the probe's orientation)."""
    try:
        chunks = png_chunks_at(path)
    except ContainerTooOdd as odd:
        return odd.kind, None
    except OSError:
        return None, None
    return None, next((chunk for chunk in chunks if chunk.kind == b"eXIf"), None)


# Each search of a piece holds the GIL. Beside the thumbnail's decode (which needs it
# between its 64 KB reads) 4 MB pieces held that decode up by 45-65 ms for a 50 MB JPEG,
# 512 KB pieces by 15-20 ms; alone the search takes the same ~45 ms either way.
_SEARCH_READ = 512 << 10


def mentions_credentials(path: Path, mime: str | None = None) -> bool:
    """False only when `path` provably carries no Content Credentials, embedded or remote:
    neither mark above occurs anywhere in it. c2pa reads a JPEG or PNG whole (0.5 s for a
    50 MB photo, even without checks) just to find none; searching it in 512 KB reads takes
    tens of ms. A PNG's image data (`IDAT`/`fdAT` bodies, where c2pa never looks: its store
    is a `caBX` chunk, a remote one is named in the XMP chunk) is skipped: 2-3 ms instead of
    ~70 ms for a 50 MB PNG. True when a mark occurs (random picture data can contain one:
    then the library decides) or the file cannot be read."""
    try:
        with path.open("rb", buffering=0) as fh:  # read, never mapped: no SIGBUS if cut
            size = fh.seek(0, 2)
            ranges = _png_searched(path, size) if mime == "image/png" else None
            return any(_mentioned(fh, start, end) for start, end in ranges or [(0, size)])
    except OSError:
        return True


def _png_searched(path: Path, size: int) -> list[tuple[int, int]] | None:
    """The byte ranges of a PNG outside its image data, or None to search it whole (a walk
    that fails, or a chunk said to run past the end: c2pa's reading of such a file is the
    library's to decide)."""
    skipped = []
    try:
        for chunk in png_chunks_at(path):
            if chunk.kind in _PNG_IMAGE_DATA:
                if chunk.body_end > size:
                    return None
                skipped.append((chunk.body_start, chunk.body_end))
    except ContainerTooOdd:
        return None
    ranges, at = [], 0
    for start, end in skipped:
        ranges.append((at, start))
        at = end
    ranges.append((at, size))
    return ranges


def _mentioned(fh: BinaryIO, start: int, end: int) -> bool:
    """A credential mark in [start, end), read in pieces that overlap by a mark."""
    overlap = max(len(mark) for mark in _CREDENTIAL_MARKS) - 1
    fh.seek(start)
    tail, left = b"", end - start
    while left > 0 and (chunk := fh.read(min(_SEARCH_READ, left))):
        left -= len(chunk)
        window = tail + chunk
        if any(mark in window for mark in _CREDENTIAL_MARKS):
            return True
        tail = window[-overlap:]
    return False
