"""Media-side helpers of the tamper demo: where the picture/sound bytes are, re-encoding
like a platform upload, and screenshots. No credentials logic here (`app.core.workshop.tamper`).
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image, UnidentifiedImageError

from app.core.errors import CredLabelError
from app.core.i18n import _
from app.core.media.containers import (
    ContainerTooOdd,
    Part,
    bmff_boxes,
    jpeg_segments,
    png_chunks,
    riff_chunks,
)
from app.core.media.preview import preview_image
from app.core.model import MediaInfo, MediaKind

Edit = tuple[int, int, bytes]  # replace `length` bytes at `offset` with these bytes
MAX_HEADER_SCAN = 64 * 1024 * 1024
MAX_PNG_PIXEL_BYTES = 512 * 1024 * 1024  # inflated IDAT beyond this: refused, not decoded
REENCODE_JPEG_QUALITY = 80  # what large platforms are documented to use for uploads
SCREENSHOT_MAX_EDGE = 2560  # a large monitor's long edge: a screenshot holds no more
SCREENSHOT_PNG_LEVEL = 1  # fast, as screenshot tools save: level 6 took 9 s for 12 MP
REENCODE_PRESET = "veryfast"  # the default preset took 11 s for 3 s of 1080p on 2 cores


class TamperError(CredLabelError):
    """This tampering cannot be done on this file (with the reason)."""


def pixel_edit(media: MediaInfo) -> Edit:
    """One changed byte inside the media data (outside any manifest), file still valid."""
    data = _head(media.path)
    if media.mime == "image/jpeg":
        return _jpeg_scan_byte(data)
    if media.mime == "image/png":
        return _png_pixel(data)
    if data[4:8] == b"ftyp":
        return _bmff_mdat_byte(data)
    if data[:4] == b"RIFF":
        return _riff_data_byte(data)
    raise TamperError(
        _(
            "The pixel change demo is not available for {format} files; "
            "try JPEG, PNG, MP4/MOV/M4A, WAV or WebP."
        ).format(format=media.format_name)
    )


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(MAX_HEADER_SCAN)


def _flip(data: bytes, start: int, end: int, *, avoid_ff: bool = False) -> Edit:
    """Change a byte near the middle of data[start:end]. In JPEG entropy data a 0xFF byte
    (or a byte after one) starts a marker: those are skipped so the file stays valid."""
    end = min(end, len(data))  # a cut file may declare more data than it holds
    if end - start < 4:
        raise TamperError(_("The media data in this file is too small to change safely."))
    for pos in range((start + end) // 2, end - 1):
        if not avoid_ff or (data[pos] < 0xFE and data[pos - 1] != 0xFF):
            return (pos, 1, bytes([data[pos] ^ 0x01]))
    raise TamperError(_("CredLabel found no byte it could change safely in this file."))


def _jpeg_scan_byte(data: bytes) -> Edit:
    for segment in _parts(jpeg_segments, data):
        if segment.kind == b"\xda":  # start of scan: entropy-coded pixels follow the header
            start = segment.end
            end = data.find(b"\xff\xd9", start)
            return _flip(data, start, end if end > 0 else len(data), avoid_ff=True)
    raise TamperError(_("CredLabel could not find the picture data in this JPEG file."))


def _png_pixel(data: bytes) -> Edit:
    """Recompress the image data with one pixel byte changed: a changed deflate byte would
    make the PNG undecodable, so the IDAT chunks are rewritten as one valid chunk."""
    idats = [(c.offset, c.length) for c in _parts(png_chunks, data) if c.kind == b"IDAT"]
    if not idats:
        raise TamperError(_("CredLabel could not find the picture data in this PNG file."))
    raw = _inflate(b"".join(data[p + 8 : p + 8 + n] for p, n in idats))
    # The last byte of the last row: PNG filters carry a change forward to later bytes,
    # and nothing comes after this one, so exactly one colour value of one pixel changes.
    raw[-1] ^= 0x01
    body = zlib.compress(bytes(raw), 9)
    chunk = struct.pack(">I4s", len(body), b"IDAT") + body
    chunk += struct.pack(">I", zlib.crc32(b"IDAT" + body))
    first, last = idats[0], idats[-1]
    return (first[0], last[0] + last[1] + 12 - first[0], chunk)


def _parts(walker: Callable[[BinaryIO], Iterator[Part]], data: bytes) -> list[Part]:
    """The container's parts; a container far from any real file is refused in words."""
    try:
        return list(walker(io.BytesIO(data)))
    except ContainerTooOdd as exc:
        raise TamperError(
            _("The file's structure is far from normal, so CredLabel cannot change it safely.")
        ) from exc


def _inflate(compressed: bytes) -> bytearray:
    """The PNG's pixel rows; damaged or endless deflate data is refused in words."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, MAX_PNG_PIXEL_BYTES)
    except zlib.error as exc:
        raise _damaged_png() from exc
    if inflater.unconsumed_tail:
        raise TamperError(_("The picture data in this PNG file is too large to change safely."))
    if not inflater.eof or not raw:
        raise _damaged_png()
    return bytearray(raw)


def _damaged_png() -> TamperError:
    return TamperError(
        _(
            "The picture data in this PNG file is damaged, so CredLabel cannot change one "
            "pixel of it safely."
        )
    )


def _bmff_mdat_byte(data: bytes) -> Edit:
    for box in _parts(bmff_boxes, data):
        if box.kind == b"mdat":
            return _flip(data, box.body_start, min(box.end, len(data)))
    raise TamperError(_("CredLabel could not find the media data (mdat) in this file."))


def _riff_data_byte(data: bytes) -> Edit:
    for chunk in _parts(riff_chunks, data):
        if chunk.kind in (b"data", b"VP8 "):
            # A cut file holds less than the chunk declares: change a byte of what is there.
            end = min(chunk.body_end, len(data))
            return _flip(data, (chunk.body_start + end) // 2, end)
    raise TamperError(_("CredLabel could not find the sound or picture data in this file."))


# -- re-encode and screenshot ---------------------------------------------------------------


def reencode(media: MediaInfo, dest: Path) -> None:
    """Decode and compress again as a platform upload does (never copies metadata)."""
    if media.kind is MediaKind.IMAGE and media.mime != "image/svg+xml":
        _reencode_picture(media.path, dest)
    elif media.kind in (MediaKind.VIDEO, MediaKind.AUDIO):
        _reencode_av(media.path, dest, video=media.kind is MediaKind.VIDEO)
    else:
        raise TamperError(
            _("Re-encoding is not available for {format} files.").format(format=media.format_name)
        )


def _reencode_picture(source: Path, dest: Path) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as img:
                img.convert("RGB").save(dest, "JPEG", quality=REENCODE_JPEG_QUALITY)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TamperError(_("The picture is too large to re-encode safely."), str(exc)) from exc
    # RuntimeError and SyntaxError: Pillow's AVIF plugin raises them for undecodable data.
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, RuntimeError) as exc:
        raise TamperError(
            _(
                "The picture could not be re-encoded: it is damaged or in a format this "
                "computer cannot decode."
            ),
            str(exc),
        ) from exc


def _reencode_av(source: Path, dest: Path, *, video: bool) -> None:
    import av

    try:
        with av.open(str(source)) as src, av.open(str(dest), "w", format="mp4") as out:
            _transcode(src, out, video)
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise TamperError(
            _("The file could not be re-encoded: {reason}.").format(reason=exc)
        ) from exc


def _transcode(src: Any, out: Any, video: bool) -> None:
    streams: dict[int, Any] = {}
    if video and src.streams.video:
        vin = src.streams.video[0]
        rate = vin.average_rate or 25
        vout = out.add_stream("libx264", rate=rate, options={"preset": REENCODE_PRESET})
        vout.width, vout.height = vin.width // 2 * 2, vin.height // 2 * 2
        vout.pix_fmt = "yuv420p"
        streams[vin.index] = vout
    if src.streams.audio:
        ain = src.streams.audio[0]
        streams[ain.index] = out.add_stream("aac", rate=ain.rate or 44100)
    if not streams:
        raise TamperError(_("The file has no video or sound stream to re-encode."))
    inputs = [s for s in src.streams if s.index in streams]
    for packet in src.demux(*inputs):
        target = streams[packet.stream.index]
        for frame in packet.decode():
            frame.pts = None  # let the encoder number the frames in its own time base
            for encoded in target.encode(frame):
                out.mux(encoded)
    for stream in streams.values():
        for encoded in stream.encode():
            out.mux(encoded)


def screenshot(media: MediaInfo, dest: Path) -> None:
    """The pixels as shown on screen, drawn into a new PNG."""
    picture = preview_image(media.path, max_edge=SCREENSHOT_MAX_EDGE)
    if picture is None:
        raise TamperError(
            _("A screenshot needs something to see; {format} files have no picture.").format(
                format=media.format_name
            )
        )
    picture.convert("RGB").save(dest, "PNG", compress_level=SCREENSHOT_PNG_LEVEL)
