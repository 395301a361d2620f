"""Hand-made hostile files: decompression bombs, deep nesting, lying sizes, loops.

Each function returns the bytes of one file. They start from small real files made here
(Pillow) and patch the fields a parser trusts: declared dimensions, box and chunk sizes,
offsets that point back at themselves.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

from PIL import Image

C2PA_UUID = bytes.fromhex("6332706100110010800000aa00389b71")  # "c2pa" JUMBF type


def _picture(fmt: str, size: tuple[int, int] = (16, 12), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, 128).save(buffer, fmt)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_declaring(width: int, height: int, bit_depth: int = 8, color: int = 2) -> bytes:
    """A PNG whose IHDR declares `width`×`height` over a tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def png_zlib_bomb(side: int = 8000) -> bytes:
    """A grey PNG of side² pixels whose IDAT is all zeros: tiny file, large decode."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def png_text_bomb() -> bytes:
    """A small PNG with a zTXt chunk that inflates to 64 MB."""
    base = _picture("PNG")
    text = b"Comment\x00\x00" + zlib.compress(b"A" * (64 << 20), 9)
    return base[:33] + _png_chunk(b"zTXt", text) + base[33:]


def png_lying_chunk_length() -> bytes:
    base = _picture("PNG")
    return base[:33] + struct.pack(">I", 0x7FFFFFFF) + b"tEXt" + b"x" * 32 + base[33:]


def jpeg_declaring(width: int, height: int) -> bytes:
    """A real baseline JPEG with its SOF0 dimensions replaced."""
    data = bytearray(_picture("JPEG"))
    at = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def gif_declaring(width: int, height: int) -> bytes:
    data = bytearray(_picture("GIF", mode="P"))
    struct.pack_into("<HH", data, 6, width, height)
    at = data.find(b"\x2c")  # image descriptor
    struct.pack_into("<HH", data, at + 5, width, height)
    return bytes(data)


def tiff_declaring(width: int, height: int) -> bytes:
    """A little-endian TIFF with one IFD: huge size, one strip pointing past the end."""
    entries = [
        (256, 4, 1, width),  # ImageWidth
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # no compression
        (262, 3, 1, 1),  # BlackIsZero
        (273, 4, 1, 4096),  # StripOffsets
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, width * height & 0xFFFFFFFF),  # StripByteCounts
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHII", tag, kind, count, value)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + b"\x00" * 64


def tiff_ifd_loop() -> bytes:
    """A TIFF whose first IFD names itself as the next one (an endless chain)."""
    data = bytearray(tiff_declaring(16, 16))
    struct.pack_into("<I", data, 8 + 2 + 9 * 12, 8)
    return bytes(data)


def webp_declaring(width: int, height: int) -> bytes:
    """A VP8X WebP whose canvas is `width`×`height` (24-bit fields, minus one)."""
    vp8x = bytes([0x10, 0, 0, 0]) + (width - 1).to_bytes(3, "little")
    vp8x += (height - 1).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x
    inner = _picture("WEBP")[12:]  # the real VP8 chunk after
    body += inner
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


FTYP = _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")


def mp4_nested(depth: int, kind: bytes = b"moov") -> bytes:
    """`depth` boxes of `kind`, each inside the previous one."""
    inner = _box(b"free", b"")
    # Built outside-in with the sizes precomputed: repeated wrapping would be quadratic.
    headers = [struct.pack(">I", 8 * level + len(inner)) + kind for level in range(depth, 0, -1)]
    return FTYP + b"".join(headers) + inner


def mp4_bad_box_sizes() -> list[tuple[str, bytes]]:
    """Box headers that lie: too small, 64-bit sizes far past the end, 'to end of file'."""
    mdat = b"\x00" * 256
    return [
        ("size-zero-to-end", FTYP + b"\x00\x00\x00\x00moov" + mdat),
        ("size-below-header", FTYP + b"\x00\x00\x00\x04moov" + mdat),
        ("size-one-largesize-huge", FTYP + b"\x00\x00\x00\x01moov" + b"\x7f" + b"\xff" * 7 + mdat),
        ("size-one-largesize-tiny", FTYP + b"\x00\x00\x00\x01moov" + b"\x00" * 7 + b"\x03"),
        ("size-past-end", FTYP + b"\xff\xff\xff\xffmoov" + mdat),
        ("uuid-box-truncated", FTYP + b"\x00\x00\x10\x00uuid" + b"\x01" * 8),
    ]


def jumbf_nested(depth: int) -> bytes:
    """`depth` JUMBF superboxes (jumb + jumd description), each inside the previous one."""
    inner = _box(b"json", b"{}")
    jumd = _box(b"jumd", C2PA_UUID + b"\x03n\x00")
    outer_jumd = _box(b"jumd", C2PA_UUID + b"\x03c2pa\x00")
    parts = []
    size = len(inner)
    for level in range(depth):  # innermost first
        description = outer_jumd if level == depth - 1 else jumd
        size += 8 + len(description)
        parts.append(struct.pack(">I", size) + b"jumb" + description)
    return b"".join(reversed(parts)) + inner


def jpeg_with_jumbf(jumbf: bytes) -> bytes:
    """A JPEG carrying `jumbf` in APP11 segments the way C2PA embeds it (JP, instance, seq)."""
    base = _picture("JPEG")
    segments = b""
    chunk = 65535 - 2 - 8
    for seq, start in enumerate(range(0, max(len(jumbf), 1), chunk), start=1):
        part = jumbf[start : start + chunk]
        payload = b"JP" + struct.pack(">HI", 1, seq) + part
        segments += b"\xff\xeb" + struct.pack(">H", len(payload) + 2) + payload
    return base[:2] + segments + base[2:]


def png_with_jumbf(jumbf: bytes) -> bytes:
    base = _picture("PNG")
    return base[:33] + _png_chunk(b"caBX", jumbf) + base[33:]


def jpeg_exif_loop() -> bytes:
    """A JPEG whose EXIF IFD0 points its Exif sub-IFD back at IFD0 (a loop)."""
    tiff = b"MM\x00*" + struct.pack(">I", 8)
    ifd = struct.pack(">H", 2)
    ifd += struct.pack(">HHII", 0x0112, 3, 1, 6 << 16)  # Orientation = 6
    ifd += struct.pack(">HHII", 0x8769, 4, 1, 8)  # ExifIFD -> IFD0 again
    ifd += struct.pack(">I", 8)  # next IFD -> IFD0 again
    exif = b"Exif\x00\x00" + tiff + ifd
    app1 = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    base = _picture("JPEG")
    return base[:2] + app1 + base[2:]


def wav_lying_sizes() -> bytes:
    fmt = _riff_chunk(b"fmt ", struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16))
    data = b"data" + struct.pack("<I", 0xFFFFFFF0) + b"\x00" * 64
    c2pa = b"C2PA" + struct.pack("<I", 0x7FFFFFFF) + b"\x00" * 16
    body = b"WAVE" + fmt + c2pa + data
    return b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + body


def _riff_chunk(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def mp3_huge_id3() -> bytes:
    """An ID3v2.3 tag that declares the largest size, then a few MPEG frames' worth."""
    size = bytes([0x7F, 0x7F, 0x7F, 0x7F])  # syncsafe 256 MB
    frame = b"TIT2" + struct.pack(">I", 0x0FFFFFFF) + b"\x00\x00" + b"\x03title"
    return b"ID3\x03\x00\x00" + size + frame + b"\xff\xfb\x90\x64" + b"\x00" * 400


def flac_lying_metadata() -> bytes:
    streaminfo = b"\x00" + (34).to_bytes(3, "big") + b"\x10\x00\x10\x00" + b"\x00" * 30
    picture = b"\x86" + (0xFFFFFF).to_bytes(3, "big") + b"\x00" * 32
    return b"fLaC" + streaminfo + picture


def crafted_cases() -> list[tuple[str, str, bytes | Callable[[], bytes]]]:
    """(name, suffix, bytes or a function making them): every hand-made hostile file."""
    cases: list[tuple[str, str, bytes | Callable[[], bytes]]] = [
        ("png-100000x100000", ".png", png_declaring(100_000, 100_000)),
        ("png-1x2147483647", ".png", png_declaring(1, 0x7FFFFFFF)),
        ("png-0x0", ".png", png_declaring(0, 0)),
        ("png-16bit-rgba-30000x30000", ".png", png_declaring(30_000, 30_000, 16, 6)),
        ("png-zlib-bomb-8000", ".png", lambda: png_zlib_bomb(8000)),
        ("png-ztxt-bomb", ".png", png_text_bomb),
        ("png-lying-chunk-length", ".png", png_lying_chunk_length()),
        ("jpeg-65535x65535", ".jpg", jpeg_declaring(65_535, 65_535)),
        ("jpeg-65535x1", ".jpg", jpeg_declaring(65_535, 1)),
        ("jpeg-0x0", ".jpg", jpeg_declaring(0, 0)),
        ("jpeg-exif-ifd-loop", ".jpg", jpeg_exif_loop()),
        ("gif-65535x65535", ".gif", gif_declaring(65_535, 65_535)),
        ("tiff-100000x100000", ".tif", tiff_declaring(100_000, 100_000)),
        ("tiff-ifd-loop", ".tif", tiff_ifd_loop()),
        ("webp-16777216x16777216", ".webp", webp_declaring(1 << 24, 1 << 24)),
        ("wav-lying-sizes", ".wav", wav_lying_sizes()),
        ("mp3-huge-id3", ".mp3", mp3_huge_id3()),
        ("flac-lying-metadata", ".flac", flac_lying_metadata()),
        ("jpeg-jumbf-nested-1000", ".jpg", lambda: jpeg_with_jumbf(jumbf_nested(1000))),
        ("jpeg-jumbf-nested-20000", ".jpg", lambda: jpeg_with_jumbf(jumbf_nested(20_000))),
        ("png-jumbf-nested-5000", ".png", lambda: png_with_jumbf(jumbf_nested(5000))),
        ("jpeg-jumbf-empty", ".jpg", jpeg_with_jumbf(b"")),
        ("jpeg-jumbf-lying-size", ".jpg", jpeg_with_jumbf(b"\x7f\xff\xff\xffjumb" + b"\0" * 40)),
    ]
    for depth in (100, 1000, 10_000, 100_000):
        cases.append((f"mp4-nested-moov-{depth}", ".mp4", mp4_nested(depth)))
    for kind in (b"trak", b"meta", b"uuid"):
        cases.append((f"mp4-nested-{kind.decode()}-5000", ".mp4", mp4_nested(5000, kind)))
    cases += [(f"mp4-{name}", ".mp4", data) for name, data in mp4_bad_box_sizes()]
    return cases
