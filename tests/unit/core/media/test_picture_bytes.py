"""The picture bytes of a JPEG or PNG: a copy with metadata added, moved or removed has the
same picture; one byte of picture data changed, cut or added is a different picture. The
direct comparison and the digest agree."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from app.core.media.picture_bytes import image_data_digest, picture_ranges, same_picture_bytes
from tests.helpers.exports import make_picture


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _with_text(png: bytes, where: int) -> bytes:
    """`png` with an iTXt chunk inserted `where` bytes in (after the signature and IHDR)."""
    return png[:where] + _png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x/>") + png[where:]


def _agree(first: Path, second: Path, mime: str) -> bool:
    same = same_picture_bytes(first, second, mime)
    assert same == (image_data_digest(first, mime) == image_data_digest(second, mime))
    return same


@pytest.fixture
def png(tmp_path: Path) -> Path:
    return make_picture(tmp_path / "picture.png", size=(300, 200))


@pytest.fixture
def jpeg(tmp_path: Path) -> Path:
    return make_picture(tmp_path / "photo.jpg", size=(300, 200))


def test_metadata_added_to_a_png_leaves_the_same_picture(png: Path, tmp_path: Path) -> None:
    data = png.read_bytes()
    copy = tmp_path / "copy.png"
    copy.write_bytes(_with_text(data, 33))  # between IHDR and the image data
    assert _agree(png, copy, "image/png")
    copy.write_bytes(_with_text(data, len(data) - 12))  # before IEND
    assert _agree(png, copy, "image/png")


@pytest.mark.parametrize("change", ["flip", "cut", "extra chunk"])
def test_a_changed_png_picture_is_another_picture(png: Path, tmp_path: Path, change: str) -> None:
    data = bytearray(png.read_bytes())
    idat = data.index(b"IDAT")
    if change == "flip":
        data[idat + 20] ^= 1
    elif change == "cut":
        data = data[: len(data) - 12]  # no IEND
    else:
        data[len(data) - 12 : len(data) - 12] = _png_chunk(b"sBIT", b"\x08\x08\x08")
    copy = tmp_path / "copy.png"
    copy.write_bytes(_with_text(bytes(data), 33))
    assert not _agree(png, copy, "image/png")


def test_a_jpeg_with_a_comment_added_is_the_same_and_one_scan_byte_is_not(
    jpeg: Path, tmp_path: Path
) -> None:
    data = jpeg.read_bytes()
    copy = tmp_path / "copy.jpg"
    comment = b"\xff\xfe" + struct.pack(">H", 10) + b"labeled!"
    copy.write_bytes(data[:2] + comment + data[2:])
    assert _agree(jpeg, copy, "image/jpeg")
    changed = bytearray(copy.read_bytes())
    changed[-100] ^= 0x01  # inside the scan data
    copy.write_bytes(bytes(changed))
    assert not _agree(jpeg, copy, "image/jpeg")
    copy.write_bytes(data + b"\0")  # one byte more after the picture counts too
    assert not _agree(jpeg, copy, "image/jpeg")


def test_other_types_have_no_picture_bytes_to_compare(tmp_path: Path) -> None:
    sound = tmp_path / "a.wav"
    sound.write_bytes(b"RIFF....WAVE")
    assert picture_ranges(sound, "audio/wav") is None
    assert same_picture_bytes(sound, sound, "audio/wav")


def test_a_copy_that_is_not_a_png_any_more_is_not_the_same(png: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(png.read_bytes()[:40])
    assert picture_ranges(broken, "image/png") is None
    assert not same_picture_bytes(png, broken, "image/png")


def test_corpus_pictures_against_their_signed_self(corpus_file, tmp_path: Path) -> None:
    for name, mime in (("rs_C.jpg", "image/jpeg"), ("rs_IMG_0003_aca.png", "image/png")):
        original = corpus_file(name)
        copy = tmp_path / name
        data = bytearray(original.read_bytes())
        copy.write_bytes(bytes(data))
        assert _agree(original, copy, mime)
        ranges = picture_ranges(original, mime)
        assert ranges
        start, end = ranges[-1]
        middle = (start + (end or len(data))) // 2
        data[middle] ^= 0xFF
        copy.write_bytes(bytes(data))
        assert not _agree(original, copy, mime)
