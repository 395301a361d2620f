"""Walks of a file's container structure that bound the work before Pillow or c2pa start.

Pillow and c2pa-rs crawl through some hostile structures for minutes (junk between JPEG
segments, hundreds of thousands of PNG chunks or MP4 boxes); a short bounded walk finds
them first, so the reader can say "damaged" at once instead.
"""

from __future__ import annotations

from pathlib import Path

from app.core.media.containers import ContainerTooOdd, bmff_boxes, jpeg_segments, png_chunks

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
        return _TOO_ODD_JPEG if jpeg_markers_broken(path) else None
    if mime != "image/png" and mime not in _BMFF_MIMES:
        return None
    try:
        with path.open("rb") as fh:
            # Truncated or broken parts end the walk quietly: c2pa says so itself, quickly.
            parts = (
                png_chunks(fh) if mime == "image/png" else bmff_boxes(fh, descend=_BMFF_CONTAINERS)
            )
            for _ in parts:
                pass
    except ContainerTooOdd as odd:
        return _TOO_ODD.format(kind=odd.kind)
    except OSError:
        return None
    return None
