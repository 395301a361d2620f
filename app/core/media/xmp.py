"""The IPTC XMP mirror: `Iptc4xmpExt:DigitalSourceType` set to the disclosed IPTC term.

Some platforms read only IPTC XMP, not C2PA; writing the same term there helps them. A
picture without XMP gets a new packet spliced in as it is signed (`packet_insert`); one with
XMP has the term merged by exiv2 (through pyexiv2, a maintained binding), in the export's
temporary copy before signing — never into the original — and only for types exiv2 rewrites without
re-encoding: JPEG, PNG, WebP and TIFF. exiv2 cannot write GIF or HEIF/AVIF (BMFF), and
audio/video are left alone. After writing, both versions are decoded and their pixels
compared; a difference raises `XmpError` so the caller can fall back to a clean copy.

Instance IDs are renewed in app/core/media/instance_ids.py.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image

from app.core import safe_write
from app.core.errors import CredLabelError
from app.core.i18n import _
from app.core.media.containers import ContainerTooOdd, jpeg_segments, png_chunks_at
from app.core.media.picture_bytes import image_data_digest
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
    return _(
        "The AI label was not copied into the IPTC XMP metadata: CredLabel can write it "
        "without re-encoding only for {supported}, not {format_name}. "
        "The Content Credentials carry it in any case."
    ).format(supported=supported, format_name=format_name)


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
            raise XmpError(_("Writing the XMP metadata changed the picture, so it was not used."))
    finally:
        safe_write.discard(backup)
    return XmpResult(True)


def _backup(path: Path) -> safe_write.TempFile:
    try:
        temp, handle = safe_write.open_temp(path.parent, path.name, ".before-xmp")
        with handle, path.open("rb") as src:
            shutil.copyfileobj(src, handle, 1 << 20)
    except (OSError, CredLabelError) as exc:
        raise XmpError(_("The XMP metadata could not be checked."), str(exc)) from exc
    return temp


def read_digital_source_type(path: Path) -> str | None:
    pyexiv2 = quiet_pyexiv2()

    try:
        with pyexiv2.Image(str(path)) as image:
            value = image.read_xmp().get(XMP_KEY)
    except RuntimeError as exc:
        raise XmpError(_("The XMP metadata could not be read."), str(exc)) from exc
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
            _("The picture could not be decoded to check the XMP metadata, so it was not used."),
            str(exc),
        ) from exc


def _write(path: Path, values: dict[str, str]) -> None:
    pyexiv2 = quiet_pyexiv2()

    try:
        with pyexiv2.Image(str(path)) as image:
            image.modify_xmp(values)
    except RuntimeError as exc:
        log.info("exiv2 could not write XMP to %s: %s", path, exc)
        raise XmpError(_("The XMP metadata could not be written."), str(exc)) from exc


# -- a fresh XMP packet, spliced in as the original is signed ------------------------------
#
# When the original has no XMP at all (most camera JPEGs and PNGs), exiv2 is not needed and
# no copy is written: c2pa reads the original with one new packet inserted at a
# segment/chunk boundary (JPEG: an APP1 `http://ns.adobe.com/xap/1.0/` segment after the
# leading APP0/APP1 segments, XMP spec part 3 §1.1.3; PNG: an `iTXt` chunk with the keyword
# `XML:com.adobe.xmp` right after IHDR, part 3 §1.1.5). The export then hashes every
# non-metadata byte of the signed copy and of the original: equal digests are the proof
# that the pixels did not change.

_JPEG_XMP = b"http://ns.adobe.com/xap/1.0/\x00"
_JPEG_XMP_EXTENSION = b"http://ns.adobe.com/xmp/extension/\x00"
_PNG_XMP = b"XML:com.adobe.xmp\x00"


# An XML attribute value's escapes (xml.sax.saxutils.quoteattr's, without its import of
# urllib.request, http.client and ssl: 9 ms, on the thread beside the thumbnail's decode).
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


def xmp_packet(value: str) -> bytes:
    """A minimal XMP packet setting `Iptc4xmpExt:DigitalSourceType` to `value`."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f'Iptc4xmpExt:DigitalSourceType="{value.translate(_ATTRIBUTE_ESCAPES)}"/>'
        "</rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


@dataclass(frozen=True)
class PacketInsert:
    """A new XMP packet for a picture without XMP: `part` (a JPEG APP1 segment or a PNG
    iTXt chunk) goes in at byte `at` of the original; every other byte stays as it is."""

    at: int
    part: bytes


def packet_insert(source: Path, mime: str | None, term: str) -> PacketInsert | None:
    """Where a packet carrying `term` goes in `source` (a JPEG or PNG without any XMP), or
    None when it has XMP already or an unusual structure: exiv2 then merges the term into a
    copy. Nothing is written: the export signs the original with the part spliced in
    (`app.core.media.spliced`), and checks the signed copy's picture bytes afterwards."""
    if mime not in ("image/jpeg", "image/png"):
        return None
    # The walk reads part headers unbuffered (a buffered file reads 8 KB for each).
    with source.open("rb", buffering=0) as stream, source.open("rb") as data:
        if os.fstat(stream.fileno()).st_size == 0:
            return None
        try:
            at = _packet_place(stream, _Peek(data), mime, source)
        except ContainerTooOdd:
            return None
    if at is None:
        return None
    return PacketInsert(at, _packet_part(xmp_packet(IPTC_BASE + term), mime))


class _Peek:
    """`peek[a:b]`: those bytes of the file, read (never mapped), for the few bytes of a
    segment's or chunk's start that tell what it holds."""

    def __init__(self, data: BinaryIO) -> None:
        self._data = data

    def __getitem__(self, span: slice) -> bytes:
        self._data.seek(span.start)
        return self._data.read(span.stop - span.start)


def _packet_place(stream: BinaryIO, data: _Peek, mime: str, path: Path) -> int | None:
    """Where the new packet goes, or None when the file has XMP already."""
    if mime == "image/jpeg":
        place = 2  # after SOI, then after the leading APP0 (JFIF) / APP1 (Exif) segments
        leading = True
        for segment in jpeg_segments(stream):
            body = bytes(data[segment.body_start : segment.body_start + 35])
            if segment.kind == b"\xe1" and body.startswith((_JPEG_XMP, _JPEG_XMP_EXTENSION)):
                return None
            if leading and segment.kind in (b"\xe0", b"\xe1"):
                place = segment.end
            else:
                leading = False
            if segment.kind == b"\xda":
                return place
        return None  # no scan: let exiv2 and the decoder decide
    place = 0
    for chunk in png_chunks_at(path):
        if chunk.kind == b"IHDR":
            place = chunk.end
        if (
            chunk.kind == b"iTXt"
            and data[chunk.body_start : chunk.body_start + len(_PNG_XMP)] == _PNG_XMP
        ):
            return None
        if chunk.kind == b"IEND":
            return place or None
    return None


def _packet_part(packet: bytes, mime: str) -> bytes:
    """The packet as a JPEG APP1 segment or a PNG iTXt chunk (uncompressed, no language)."""
    if mime == "image/jpeg":
        body = _JPEG_XMP + packet
        return b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body
    body = b"iTXt" + _PNG_XMP + b"\x00\x00" + b"\x00\x00" + packet
    crc = zlib.crc32(body).to_bytes(4, "big")
    return (len(body) - 4).to_bytes(4, "big") + body + crc
