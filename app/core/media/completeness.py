"""Cheap checks that a file is complete before it is signed.

c2pa signs a truncated JPEG or MP4 without complaint (C2PA_NOTES), and a signature on a
broken file helps nobody. These checks read little: the end marker that must end a
JPEG/PNG/GIF, the RIFF size for WebP and every chunk header for WAV, the top-level box chain
(no payload) for ISO BMFF files (MP4, MOV, M4A, HEIC, AVIF), the frame headers of an MP3's
last 64 KB (a frame must end where the file ends) and its Xing/Info byte count, the CRC-16
of a FLAC's last frame, and a TIFF's directories and strip tables (every strip must lie
inside the file; small TIFFs are also decoded). Other types rely on `media.probe`
(Pillow / PyAV headers). Nothing here reads a whole file: on a 50 MB MP3 or TIFF each
check took about 1 ms (the header and a 64 KB tail).
"""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import Image

from app.core.i18n import _
from app.core.media.completeness_formats import flac_complete, mp3_complete, tiff_complete
from app.core.media.containers import ContainerTooOdd, bmff_boxes, riff_chunks

TAIL_SIZE = 64 * 1024
_BMFF = {"video/mp4", "video/quicktime", "audio/mp4", "image/heic", "image/heif", "image/avif"}
MAX_TOP_BOXES = 100_000
DECODE_BUDGET_PIXELS = 16_000_000  # a 16 Mpx 16-bit RGB TIFF decodes to ~96 MB
JPEG_END = b"\xff\xd9"  # EOI marker
PNG_END = b"IEND\xaeB`\x82"  # IEND chunk type + its fixed CRC


def damage_problem(path: Path, mime: str, format_name: str) -> str | None:
    """A sentence when `path` is visibly incomplete or damaged, else None."""
    try:
        complete = _is_complete(path, mime)
    except (OSError, struct.error):
        complete = False
    if complete:
        return None
    sentence = _(
        "The {format_name} file looks incomplete or damaged (it may have been cut short "
        "while copying or downloading). CredLabel labels only complete files; "
        "use the complete original."
    )
    return sentence.format(format_name=format_name)


def _is_complete(path: Path, mime: str) -> bool:
    # The end marker must end the file: an earlier one (an embedded EXIF/MPO thumbnail)
    # says nothing about whether the main picture is complete.
    if mime == "image/jpeg":
        return _ends_with(path, JPEG_END) or _decodes(path)
    if mime == "image/png":
        return _ends_with(path, PNG_END) or _decodes(path)
    if mime == "image/gif":
        return _ends_with(path, b";") or _decodes(path)
    if mime == "image/webp":
        return _riff_complete(path, mime)
    if mime == "audio/wav":
        return _riff_complete(path, mime) and _wav_chunks_complete(path)
    if mime in _BMFF:
        return _boxes_complete(path)
    if mime == "audio/mpeg":
        return mp3_complete(path)
    if mime == "audio/flac":
        return flac_complete(path)
    if mime == "image/tiff":
        return tiff_complete(path) and (_too_big_to_decode(path) or _decodes(path))
    return True


def _decodes(path: Path) -> bool:
    """The slow path, for files with data after the picture (motion photos append a
    video after the JPEG): decode it fully; a truncated picture raises."""
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        return False
    return True


def _too_big_to_decode(path: Path) -> bool:
    """Above this many pixels the full decode costs more memory than the check is worth;
    the strip tables were checked already."""
    try:
        with Image.open(path) as image:
            return image.width * image.height > DECODE_BUDGET_PIXELS
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False  # `_decodes` says no


def _ends_with(path: Path, marker: bytes) -> bool:
    """The file ends with `marker`, ignoring zero padding some writers append."""
    return _tail(path).rstrip(b"\x00").endswith(marker)


def _tail(path: Path) -> bytes:
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(0, size - TAIL_SIZE))
        return fh.read()


def _riff_complete(path: Path, mime: str) -> bool:
    with path.open("rb") as fh:
        head = fh.read(12)
        size = fh.seek(0, 2)
    declared: int = struct.unpack("<I", head[4:8])[0] + 8
    if mime == "audio/wav" and declared in (8, 0xFFFFFFFF + 8):
        return True  # streaming writers leave the size unset
    return declared <= size


def _boxes_complete(path: Path) -> bool:
    """Every top-level box fits in the file and they end exactly at its end."""
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        reached = 0
        try:
            for box in bmff_boxes(fh, end=size, max_parts=MAX_TOP_BOXES):
                if box.end > size:
                    return False
                reached = box.end
        except ContainerTooOdd:
            return False
    # A cut or broken box header ends the walk before the end of the file.
    return reached == size


def _wav_chunks_complete(path: Path) -> bool:
    """Every chunk (above all `data`) fits in the file: a WAV cut short keeps its header's
    sizes, so the RIFF size alone misses a file whose RIFF size was never filled in."""
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        try:
            for chunk in riff_chunks(fh, end=size, max_parts=MAX_TOP_BOXES):
                if chunk.kind == b"data" and chunk.length in (0, 0xFFFFFFFF):
                    return True  # a streaming writer: the data runs to the end of the file
                if chunk.body_end > size:
                    return False
        except ContainerTooOdd:
            return False
    return True  # the end, or a few stray bytes no reader looks at
