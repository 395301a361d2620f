"""What a file really is: its type from its first bytes, plus dimensions, duration and codecs.

The extension is never trusted (people rename files; c2pa's Builder does not detect the
format itself). Probing reads container headers only: Pillow for pictures (lazy, so the
pixels are not decoded; a plain JPEG's segment headers are read here, as Pillow reads them,
without importing it), PyAV for audio/video (header and stream info, no packets).
Damage found while probing becomes `MediaInfo.problem`, a plain sentence; only a path that
cannot be read at all raises `UnreadableFileError`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import struct
import sys
import warnings
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import UnreadableFileError
from app.core.i18n import N_, _
from app.core.media.containers import Part
from app.core.media.plain_png import plain_png
from app.core.media.structure import picture_structure_broken, png_structure
from app.core.model import MediaInfo, MediaKind

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

HEAD_SIZE = 4096

# MIME types c2pa embeds a manifest in and reads back Trusted (measured, C2PA_NOTES).
SIGNABLE_MIMES: frozenset[str] = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/tiff",
        "image/gif",
        "image/avif",
        "image/heic",
        "image/heif",
        "audio/wav",
        "audio/mpeg",
        "audio/flac",
        "video/mp4",
        "video/quicktime",
        "audio/mp4",
    }
)

# mime -> (kind, name for people)
_TYPES: dict[str, tuple[MediaKind, str]] = {
    "image/jpeg": (MediaKind.IMAGE, "JPEG"),
    "image/png": (MediaKind.IMAGE, "PNG"),
    "image/webp": (MediaKind.IMAGE, "WebP"),
    "image/gif": (MediaKind.IMAGE, "GIF"),
    "image/tiff": (MediaKind.IMAGE, "TIFF"),
    "image/x-adobe-dng": (MediaKind.IMAGE, "DNG"),
    "image/heic": (MediaKind.IMAGE, "HEIC"),
    "image/heif": (MediaKind.IMAGE, "HEIF"),
    "image/avif": (MediaKind.IMAGE, "AVIF"),
    "image/jxl": (MediaKind.IMAGE, "JPEG XL"),
    "image/svg+xml": (MediaKind.IMAGE, "SVG"),
    "video/mp4": (MediaKind.VIDEO, "MP4"),
    "video/quicktime": (MediaKind.VIDEO, "MOV"),
    "audio/mp4": (MediaKind.AUDIO, "M4A"),
    "video/x-msvideo": (MediaKind.VIDEO, "AVI"),
    "audio/wav": (MediaKind.AUDIO, "WAV"),
    "audio/mpeg": (MediaKind.AUDIO, "MP3"),
    "audio/flac": (MediaKind.AUDIO, "FLAC"),
    "application/pdf": (MediaKind.DOCUMENT, "PDF"),
    "application/c2pa": (MediaKind.OTHER, "C2PA manifest (sidecar)"),
}

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_AVIF_BRANDS = {b"avif", b"avis"}
_AUDIO_MP4_BRANDS = {b"M4A ", b"M4B ", b"M4P "}
_DNG_VERSION_TAG = 50706


def mime_for_c2pa(info: MediaInfo) -> str | None:
    """The MIME type to hand to c2pa's Builder/Reader, or None when c2pa cannot embed it."""
    if info.mime == "image/heif":
        return "image/heic"  # c2pa-rs knows HEIF still images under the HEIC type
    return info.mime if info.mime in SIGNABLE_MIMES else None


def signable_type_names() -> str:
    """`"JPEG, PNG, ..."`: the types a user can sign, for error sentences."""
    names = sorted({_TYPES[m][1] for m in SIGNABLE_MIMES if m in _TYPES and m != "image/heif"})
    return ", ".join(names)


def probe(path: Path, *, deep: bool = True) -> MediaInfo:
    """Detect the real type of `path` and probe what is cheap to know. Never raises on bad
    content; raises `UnreadableFileError` when the path cannot be read as a file. `deep=False`:
    the type from the file's first bytes only (no decoder is loaded or opened: what the
    unchecked first look at a file needs)."""
    path = Path(path)
    size = check_readable(path)
    head = _read_head(path)
    mime = detect_mime(head, path)
    kind, name = _TYPES.get(mime or "", (MediaKind.OTHER, "unknown type"))
    info = MediaInfo(
        path=path,
        mime=mime,
        kind=kind,
        size=size,
        format_name=name,
        can_sign=mime in SIGNABLE_MIMES,
    )
    if size == 0:
        return replace(info, problem=_("The file is empty."))
    if mime is None:
        return replace(info, problem=_("This is not a picture, video or audio file we recognise."))
    return probe_contents(info) if deep else info


def probe_contents(info: MediaInfo) -> MediaInfo:
    """What the deep probe adds to `probe(path, deep=False)`'s `info` (size, duration, codecs,
    orientation; a damaged picture's problem)."""
    if info.problem is not None or info.mime is None:
        return info
    if info.mime.startswith(("video/", "audio/")):
        return _probe_av(info)
    return _probe_image(info) if info.kind is MediaKind.IMAGE else info


_NO_PERMISSION = N_("You do not have permission to read {path}.")


def check_readable(path: Path) -> int:
    """The file's size; `UnreadableFileError` for missing, folders, FIFOs, devices, no
    permission. Checked with stat() first so a FIFO is never opened (it would block)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError(_("The file {path} does not exist.").format(path=path)) from None
    except OSError as exc:
        raise UnreadableFileError(_cannot_read(path, exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableFileError(_("{path} is a folder, not a file.").format(path=path))
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFileError(
            _("{path} is not a regular file (a pipe or a device).").format(path=path)
        )
    if not os.access(path, os.R_OK):
        raise UnreadableFileError(_(_NO_PERMISSION).format(path=path))
    return st.st_size


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(HEAD_SIZE)
    except PermissionError:
        raise UnreadableFileError(_(_NO_PERMISSION).format(path=path)) from None
    except OSError as exc:
        raise UnreadableFileError(_cannot_read(path, exc)) from exc


def _cannot_read(path: Path, exc: OSError) -> str:
    return _("The file {path} cannot be read: {reason}.").format(path=path, reason=exc.strerror)


def detect_mime(head: bytes, path: Path | None = None) -> str | None:
    """The MIME type from the first bytes (`path` only tells DNG from plain TIFF)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(
            head[8:12]
        )
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "image/x-adobe-dng" if path is not None and _is_dng(path) else "image/tiff"
    if head[4:8] == b"jumb":
        return "application/c2pa"
    if head[4:8] in (b"ftyp", b"styp"):
        return _mime_from_brands(head)
    if head.startswith((b"\x00\x00\x00\x0cJXL \r\n\x87\n", b"\xff\x0a")):
        return "image/jxl"
    return _detect_other(head)


def _detect_other(head: bytes) -> str | None:
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"ID3") or _is_mp3_frame(head):
        return "audio/mpeg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) and b"<svg" in head.lower():
        return "image/svg+xml"
    return None


def _is_mp3_frame(head: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a valid layer and bitrate index."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    layer = (head[1] >> 1) & 0x3
    bitrate = head[2] >> 4
    sample_rate = (head[2] >> 2) & 0x3
    return layer != 0 and bitrate not in (0, 15) and sample_rate != 3


def _mime_from_brands(head: bytes) -> str:
    """ISO base media: the major and compatible brands say which flavour it is."""
    box_size = int.from_bytes(head[:4], "big")
    end = min(max(box_size, 16), len(head))
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    major = head[8:12]
    if major in _AVIF_BRANDS:
        return "image/avif"
    if major in _HEIF_BRANDS:
        return "image/heic"
    if major in (b"mif1", b"msf1"):
        if brands & _AVIF_BRANDS:
            return "image/avif"
        return "image/heic" if brands & _HEIF_BRANDS else "image/heif"
    if major == b"qt  ":
        return "video/quicktime"
    if major in _AUDIO_MP4_BRANDS:
        return "audio/mp4"
    return "video/mp4"  # `probe` turns an MP4 without video into audio/mp4


def _is_dng(path: Path) -> bool:
    """A TIFF whose first IFD carries a DNGVersion tag."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            order = "<" if head[:2] == b"II" else ">"
            if head[2:4] not in (b"*\x00", b"\x00*"):
                return False  # BigTIFF: treat as TIFF
            (offset,) = struct.unpack(order + "I", head[4:8])
            fh.seek(offset)
            (count,) = struct.unpack(order + "H", fh.read(2))
            entries = fh.read(12 * min(count, 1024))
    except (OSError, struct.error):
        return False
    # A truncated last entry has no whole tag: stop before it (it raised struct.error).
    whole = range(0, len(entries) - 1, 12)
    tags = (struct.unpack(order + "H", entries[i : i + 2])[0] for i in whole)
    return any(tag == _DNG_VERSION_TAG for tag in tags)


def _probe_image(info: MediaInfo) -> MediaInfo:
    if info.mime == "image/svg+xml":
        return info
    # The reader relies on this walk; a PNG's also finds its eXIf chunk (`_orientation`).
    if info.mime == "image/png":
        odd, exif = png_structure(info.path)
    else:
        odd, exif = ("JPEG" if picture_structure_broken(info.path, info.mime) else None), None
    if odd is not None:
        return replace(info, problem=f"The {info.format_name} picture looks damaged.")
    plain = _plain_jpeg(info.path, info.size) if info.mime == "image/jpeg" else None
    plain = plain_png(info.path) if info.mime == "image/png" and exif is None else plain
    if plain is not None:
        return replace(info, width=plain[0], height=plain[1], orientation=plain[2])
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns (UserWarning) about damaged metadata such as a cut EXIF block;
            # the damage is reported in our own words instead.
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(info.path) as img:
                return replace(
                    info,
                    width=img.width,
                    height=img.height,
                    orientation=_orientation(img, exif),
                )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return replace(
            info,
            problem=_(
                "The picture is too large to preview safely "
                "(it may be a decompression bomb); its credentials can still be read."
            ),
        )
    # RuntimeError: Pillow's AVIF plugin raises it for undecodable data.
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error, RuntimeError):
        return _probe_image_fallback(info)


# Pillow's JPEG reader: markers whose segment it parses, the others it skips by length.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC} | {0xDE}
_READ = _SOF | {0xDB, 0xE0, 0xE1, 0xE2, 0xED, 0xEE}
_XMP_ORIENTATION = re.compile(rb'tiff:Orientation(="|>)([0-9])')  # as Image.getexif()
_PIL_MAX_PIXELS = 89_478_485  # Image.MAX_IMAGE_PIXELS unless someone changed it


def _plain_jpeg(path: Path, file_size: int) -> tuple[int, int, int] | None:
    """(width, height, orientation) of a plain JPEG, from its segment headers, exactly as
    Pillow finds them, without importing it (~10 ms); None (Pillow decides) for anything
    less plain: EXIF, MPO, Photoshop blocks, several frames, junk, damage, a huge size."""
    size: tuple[int, int] | None = None
    xmp: bytes | None = None
    icc: list[bytes] = []
    with path.open("rb") as fh:
        fh.read(2)  # SOI, checked by detect_mime
        while True:
            head = fh.read(4)
            if len(head) < 4 or head[0] != 0xFF or not 0xC0 <= head[1] <= 0xFE:
                return None
            marker, length = head[1], int.from_bytes(head[2:], "big") - 2
            if 0xD0 <= marker <= 0xD9 or length < 0:
                return None
            if marker == 0xDA:
                fh.seek(length, os.SEEK_CUR)
                break
            if marker not in _READ:
                fh.seek(length, os.SEEK_CUR)
                continue
            body = fh.read(length)
            if len(body) < length:
                return None
            if marker in _SOF:
                if size is not None or not _plain_frame(body) or (icc and len(min(icc)) < 14):
                    return None  # Pillow fails on a cut ICC part (IndexError)
                size, icc = (int.from_bytes(body[3:5], "big"), int.from_bytes(body[1:3], "big")), []
            elif not _plain_segment(marker, body):
                return None
            elif marker == 0xE1 and body.startswith(b"http://ns.adobe.com/xap/1.0/\0"):
                xmp = body.split(b"\0", 1)[1]
            elif marker == 0xE2 and body.startswith(b"ICC_PROFILE\0"):
                icc.append(body)
        if fh.tell() > file_size:
            return None  # the scan header is cut
    pil = sys.modules.get("PIL.Image")
    limit = getattr(pil, "MAX_IMAGE_PIXELS", _PIL_MAX_PIXELS) if pil else _PIL_MAX_PIXELS
    if size is None or min(size) <= 0 or (limit and size[0] * size[1] > limit):
        return None
    match = _XMP_ORIENTATION.search(xmp) if xmp else None
    return size[0], size[1], int(match[2]) if match and 1 <= int(match[2]) <= 8 else 1


def _plain_frame(body: bytes) -> bool:
    """A frame header Pillow takes: 8-bit, 1, 3 or 4 components of 3 bytes each."""
    return len(body) >= 6 and body[0] == 8 and body[5] in (1, 3, 4) and len(body) % 3 == 0


def _plain_segment(marker: int, body: bytes) -> bool:
    """Not a segment Pillow fails on or treats specially (EXIF, MPO, Photoshop)."""
    if marker == 0xDB:
        return _quantization_tables_whole(body)
    if body.startswith((b"Exif\0\0", b"MPF\0", b"Photoshop 3.0\0")):
        return False
    return not (body.startswith((b"JFIF", b"Adobe")) and len(body) < 7)


def _quantization_tables_whole(body: bytes) -> bool:
    while body:
        length = 1 + 64 * (1 if body[0] < 16 else 2)
        if len(body) < length:
            return False
        body = body[length:]
    return True


def _probe_image_fallback(info: MediaInfo) -> MediaInfo:
    """Types this Pillow may lack a plugin for are not "damaged"; HEIF files still have
    their size in the `ispe` box."""
    if info.mime in ("image/heic", "image/heif", "image/avif"):
        size = _ispe_size(info.path)
        return replace(info, width=size[0], height=size[1]) if size else info
    if info.mime == "image/jxl":
        return info
    return replace(info, problem=f"The {info.format_name} picture looks damaged.")


def _ispe_size(path: Path) -> tuple[int, int] | None:
    try:
        with path.open("rb") as fh:
            data = fh.read(256 * 1024)
    except OSError:
        return None
    at = data.find(b"ispe")
    if at < 0 or len(data) < at + 16:
        return None
    width, height = struct.unpack(">II", data[at + 8 : at + 16])
    return (width, height) if width and height else None


def _orientation(img: Image.Image, png_exif: Part | None = None) -> int:
    with contextlib.suppress(Exception):
        if img.format == "PNG" and "exif" not in img.info:
            # Pillow's PNG getexif() decodes the whole picture to look for an eXIf chunk
            # after the pixels (a 9400x9400 16-bit PNG: ~350 MB just to probe it); the
            # structure walk found the chunk (`png_exif`) without decoding anything.
            return _png_exif_orientation(img, png_exif)
        value = img.getexif().get(0x0112, 1)
        if isinstance(value, int) and 1 <= value <= 8:
            return value
    return 1


def _png_exif_orientation(img: Image.Image, chunk: Part | None) -> int:
    """The orientation in a PNG's eXIf `chunk` (1 without one)."""
    fh: Any = getattr(img, "fp", None)  # the open file of a not yet decoded picture
    if fh is None or chunk is None:
        return 1
    here = fh.tell()
    try:
        from PIL import Image

        fh.seek(chunk.body_start)
        exif = Image.Exif()
        exif.load(fh.read(min(chunk.length, _MAX_EXIF)))
        value = exif.get(0x0112, 1)
        return value if isinstance(value, int) and 1 <= value <= 8 else 1
    finally:
        fh.seek(here)


_MAX_EXIF = 1 << 20


def _probe_av(info: MediaInfo) -> MediaInfo:
    """Duration, frame rate, codecs and size from the container headers only."""
    import av

    try:
        with av.open(str(info.path), metadata_errors="ignore") as container:
            return _from_container(info, container)
    except (av.FFmpegError, OSError, ValueError, UnicodeDecodeError, IndexError) as exc:
        log.debug("PyAV could not open %s: %s", info.path, exc)
        return replace(info, problem=f"The {info.format_name} file looks damaged or incomplete.")


def _from_container(info: MediaInfo, container: object) -> MediaInfo:
    import av.container

    assert isinstance(container, av.container.InputContainer)
    video = container.streams.video[0] if container.streams.video else None
    audio = container.streams.audio[0] if container.streams.audio else None
    duration = container.duration / 1_000_000 if container.duration else None
    changes: dict[str, object] = {"duration_s": duration}
    unknown = [s for s in (video, audio) if s is not None and s.codec_context is None]
    if unknown:
        # PyAV gives no codec context when the codec tag is unknown (seen on damaged headers).
        changes["problem"] = f"The {info.format_name} file looks damaged or uses an unknown codec."
    if video is not None and video.codec_context is not None:
        rate = video.average_rate or video.guessed_rate
        changes.update(
            width=video.codec_context.width or None,
            height=video.codec_context.height or None,
            frame_rate=float(rate) if rate else None,
            video_codec=video.codec_context.name,
        )
    if audio is not None and audio.codec_context is not None:
        changes["audio_codec"] = audio.codec_context.name
    if info.mime == "video/mp4" and video is None and audio is not None:
        changes.update(mime="audio/mp4", kind=MediaKind.AUDIO, format_name="M4A")
    return replace(info, **changes)  # type: ignore[arg-type]
