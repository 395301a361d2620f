"""The IPTC XMP mirror: `Iptc4xmpExt:DigitalSourceType` set to the disclosed IPTC term.

Some platforms read only IPTC XMP, not C2PA; writing the same term there helps them. It is
written with exiv2 (through pyexiv2, a maintained binding) into the export's temporary copy
before signing — never into the original — and only for types exiv2 rewrites without
re-encoding: JPEG, PNG, WebP and TIFF. exiv2 cannot write GIF or HEIF/AVIF (BMFF), and
audio/video are left alone. After writing, both versions are decoded and their pixels
compared; a difference raises `XmpError` so the caller can fall back to a clean copy.

Instance IDs are renewed in app/core/media/instance_ids.py.
"""

from __future__ import annotations

import hashlib
import logging
import mmap
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image

from app.core import safe_write
from app.core.errors import CredLabelError
from app.core.media.containers import ContainerTooOdd, jpeg_segments, png_chunks
from app.core.vocabulary import IPTC_BASE

log = logging.getLogger(__name__)

XMP_KEY = "Xmp.iptcExt.DigitalSourceType"
# Types exiv2 writes in place, without touching the compressed picture data (measured).
XMP_MIMES: dict[str, str] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "image/tiff": "TIFF",
}


class XmpError(CredLabelError):
    """The XMP mirror could not be written, or writing it changed the pixels."""


def quiet_pyexiv2() -> Any:
    """pyexiv2 with exiv2's own log muted: exiv2 prints "[warn] ..." lines to stdout from
    C code, which broke `--json` output; our XmpError says what went wrong instead."""
    import pyexiv2

    pyexiv2.set_log_level(4)  # 4 = mute
    return pyexiv2


@dataclass(frozen=True)
class XmpResult:
    written: bool
    note: str | None = None  # why it was skipped, for people


def can_write(mime: str | None) -> bool:
    return mime in XMP_MIMES


def skipped_note(format_name: str) -> str:
    supported = ", ".join(XMP_MIMES.values())
    return (
        f"The AI label was not copied into the IPTC XMP metadata: CredLabel can write it "
        f"without re-encoding only for {supported}, not {format_name}. "
        "The Content Credentials carry it in any case."
    )


def write_digital_source_type(
    path: Path, mime: str | None, term: str, *, original: Path | None = None
) -> XmpResult:
    """Set the IPTC DigitalSourceType of the file at `path` (a temporary copy) to `term`.
    `original`: a file with the same content as `path` now (the export's source), to
    compare the pixels with; without it a journaled temporary backup is made beside `path`
    (`app.core.safe_write`: unpredictable name, no planted link followed, removed after a
    crash). Raises `XmpError` when exiv2 fails or the decoded pixels changed."""
    if not can_write(mime):
        return XmpResult(False, skipped_note(mime or "this type"))
    before_bytes = image_data_digest(path, mime)
    backup, reference = None, original
    if reference is None:
        backup = _backup(path)  # cheap next to a decode; only decoded when bytes moved
        reference = backup.path
    try:
        _write(path, {XMP_KEY: IPTC_BASE + term})
        # Only when the coded picture bytes moved (or the type has no byte check) are
        # both versions decoded and their pixels compared.
        bytes_moved = before_bytes is None or image_data_digest(path, mime) != before_bytes
        if bytes_moved and _checked_digest(path) != _checked_digest(reference):
            raise XmpError("Writing the XMP metadata changed the picture, so it was not used.")
    finally:
        safe_write.discard(backup)
    return XmpResult(True)


def _backup(path: Path) -> safe_write.TempFile:
    try:
        temp, handle = safe_write.open_temp(path.parent, path.name, ".before-xmp")
        with handle, path.open("rb") as src:
            shutil.copyfileobj(src, handle, 1 << 20)
    except (OSError, CredLabelError) as exc:
        raise XmpError("The XMP metadata could not be checked.", str(exc)) from exc
    return temp


def image_data_digest(path: Path, mime: str | None) -> str | None:
    """sha256 of the bytes that carry the picture, metadata left out: for JPEG every
    segment but APPn/COM plus the scan data; for PNG every chunk but text/XMP/EXIF/time.
    Equal digests mean identical pixels without decoding (a 50 MB JPEG decodes in ~1 s;
    this hashes it in place through a memory map, ~0.1 s, with no copy). None for other
    types."""
    if mime not in ("image/jpeg", "image/png"):
        return None
    with path.open("rb") as stream:
        if os.fstat(stream.fileno()).st_size == 0:
            return None
        with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            view = memoryview(mapped)
            try:
                if mime == "image/jpeg":
                    return _jpeg_data_digest(stream, view)
                return _png_data_digest(stream, view)
            except ContainerTooOdd:
                return None  # far from a normal file: let the decoder decide
            finally:
                view.release()


def _jpeg_data_digest(stream: BinaryIO, data: memoryview) -> str | None:
    digest = hashlib.sha256()
    for segment in jpeg_segments(stream):
        if segment.kind == b"\xda":  # start of scan: the rest is coded picture data
            digest.update(data[segment.offset :])
            return digest.hexdigest()
        if not (0xE0 <= segment.kind[0] <= 0xEF or segment.kind == b"\xfe"):
            digest.update(data[segment.offset : segment.end])
    return None  # no scan found: let the decoder decide


_PNG_METADATA_CHUNKS = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def _png_data_digest(stream: BinaryIO, data: memoryview) -> str | None:
    digest = hashlib.sha256()
    start = end = 0  # the run of picture chunks not hashed yet (one update per run)
    for chunk in png_chunks(stream):
        if chunk.kind in _PNG_METADATA_CHUNKS or chunk.offset != end:
            digest.update(data[start:end])
            start = end = chunk.offset
        if chunk.kind not in _PNG_METADATA_CHUNKS:
            end = chunk.end
        else:
            start = end = chunk.end
        if chunk.kind == b"IEND":
            digest.update(data[start:end])
            return digest.hexdigest()
    return None


def read_digital_source_type(path: Path) -> str | None:
    pyexiv2 = quiet_pyexiv2()

    try:
        with pyexiv2.Image(str(path)) as image:
            value = image.read_xmp().get(XMP_KEY)
    except RuntimeError as exc:
        raise XmpError("The XMP metadata could not be read.", str(exc)) from exc
    return value if isinstance(value, str) else None


def pixel_digest(path: Path) -> str:
    """sha256 of the decoded pixels (mode and size included), every frame. A frame that
    cannot be decoded (an MPO whose second picture is missing) ends the digest with the
    error's type, so a file compares equal only to one broken the same way."""
    digest = hashlib.sha256()
    with Image.open(path) as image:
        for index in range(getattr(image, "n_frames", 1)):
            try:
                image.seek(index)
                data = image.tobytes()
            except (OSError, ValueError, EOFError) as exc:
                digest.update(type(exc).__name__.encode())
                break
            digest.update(f"{image.mode}{image.size}".encode())
            digest.update(data)
    return digest.hexdigest()


def _checked_digest(path: Path) -> str:
    try:
        return pixel_digest(path)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise XmpError(
            "The picture could not be decoded to check the XMP metadata, so it was not used.",
            str(exc),
        ) from exc


def _write(path: Path, values: dict[str, str]) -> None:
    pyexiv2 = quiet_pyexiv2()

    try:
        with pyexiv2.Image(str(path)) as image:
            image.modify_xmp(values)
    except RuntimeError as exc:
        log.info("exiv2 could not write XMP to %s: %s", path, exc)
        raise XmpError("The XMP metadata could not be written.", str(exc)) from exc
