"""The size of a plain PNG from its header, as Pillow would find it, without Pillow.

`probe` opened every PNG with Pillow for its size; the first `Image.open` in a process
initialises Pillow's plugins (BMP, GIF, JPEG, PPM, PNG: 15-35 ms measured at load ~4), which
the first PNG opened or inspected paid. A plain PNG's size is its IHDR. "Plain" is narrow on
purpose, so Pillow's answer is the same: IHDR first, a bit depth and colour type Pillow
knows, filter method 0, a size within Pillow's decompression-bomb limit, and before the
first IDAT only chunks Pillow reads without failing or taking metadata from (a `caBX`
manifest store, uncompressed text other than an "exif" key), each with a correct CRC, as
Pillow checks. Anything else (and any PNG with an eXIf chunk: its orientation comes from
Pillow's EXIF reader) returns None and Pillow decides.
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# (bit depth, colour type) → Pillow modes it opens without a palette: grey, RGB, grey +
# alpha, RGBA. Palette images need a PLTE chunk, which is not in the plain set.
_MODES = frozenset({(1, 0), (2, 0), (4, 0), (8, 0), (16, 0), (8, 2), (16, 2)})
_MODES |= frozenset({(8, 4), (16, 4), (8, 6), (16, 6)})
_PIL_MAX_PIXELS = 89_478_485  # Image.MAX_IMAGE_PIXELS unless someone changed it
_MAX_HEAD_CHUNKS = 16
_MAX_TEXT = 1 << 20  # text before the pixels: Pillow's own limit is far higher
_MAX_CHUNK = 64 << 20


def plain_png(path: Path) -> tuple[int, int, int] | None:
    """(width, height, orientation 1) of a plain PNG (see above) without an eXIf chunk
    before its pixels (the caller knows whether one follows them), else None."""
    try:
        with path.open("rb") as fh:
            if fh.read(8) != _SIGNATURE:
                return None
            size = None
            text = 0
            for index in range(_MAX_HEAD_CHUNKS):
                head = fh.read(8)
                if len(head) < 8:
                    return None
                length, kind = int.from_bytes(head[:4], "big"), head[4:8]
                if kind == b"IDAT":
                    return (*size, 1) if size is not None else None
                if length > _MAX_CHUNK:
                    return None
                body = fh.read(length)
                crc = fh.read(4)
                if len(body) < length or len(crc) < 4:
                    return None
                if zlib.crc32(body, zlib.crc32(kind)) != int.from_bytes(crc, "big"):
                    return None
                if index == 0:
                    size = _ihdr_size(kind, body)
                    if size is None:
                        return None
                elif kind in (b"tEXt", b"iTXt") and _plain_text(kind, body):
                    text += length
                    if text > _MAX_TEXT:
                        return None
                elif kind != b"caBX":
                    return None
    except OSError:
        return None
    return None


def _ihdr_size(kind: bytes, body: bytes) -> tuple[int, int] | None:
    if kind != b"IHDR" or len(body) != 13:
        return None
    width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
    if (body[8], body[9]) not in _MODES or body[11] != 0 or min(width, height) <= 0:
        return None
    pil = sys.modules.get("PIL.Image")
    limit = getattr(pil, "MAX_IMAGE_PIXELS", _PIL_MAX_PIXELS) if pil else _PIL_MAX_PIXELS
    if limit and width * height > limit:
        return None
    return width, height


def _plain_text(kind: bytes, body: bytes) -> bool:
    """Text Pillow stores without decompressing it and under a key other than "exif"
    (which Pillow takes as EXIF data, and then the orientation)."""
    key, _nul, rest = body.partition(b"\0")
    if not key or key == b"exif":
        return False
    return kind == b"tEXt" or (len(rest) >= 2 and rest[0] == 0)
