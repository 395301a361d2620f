"""A plain JPEG's size and orientation come from its headers, as Pillow reads them (the
read path no longer imports Pillow for it); anything less plain is still Pillow's."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image

from app.core.media import probe as probe_module
from app.core.media.probe import probe

XMP = b"http://ns.adobe.com/xap/1.0/\x00"
FRAME_64X48 = b"\xff\xc0\x00\x11\x08\x00\x30\x00\x40"  # SOF0: 8 bits, height 48, width 64


def _pillow_says(path: Path) -> tuple[int | None, int | None, int]:
    with Image.open(path) as img:
        return img.width, img.height, probe_module._orientation(img)


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def _with_segments(jpeg: bytes, *segments: bytes) -> bytes:
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def _jpeg(mode: str = "RGB", size: tuple[int, int] = (64, 48), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 128).save(out, format="JPEG", **save)
    return out.getvalue()


def _xmp(orientation: str) -> bytes:
    return _segment(0xE1, XMP + f"<x:xmpmeta {orientation}/>".encode())


def _exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _segment(0xE1, b"Exif\x00\x00" + exif.tobytes())


def _cases() -> dict[str, bytes]:
    plain = _jpeg()
    return {
        "plain": plain,
        "grey": _jpeg("L"),
        "cmyk": _jpeg("CMYK"),
        "progressive": _jpeg(progressive=True),
        "icc": _jpeg(icc_profile=b"\x00" * 300),
        "xmp attribute": _with_segments(plain, _xmp('tiff:Orientation="6"')),
        "xmp element": _with_segments(plain, _xmp("<tiff:Orientation>8</tiff:Orientation>")),
        "xmp out of range": _with_segments(plain, _xmp('tiff:Orientation="9"')),
        "two xmp": _with_segments(
            plain, _xmp('tiff:Orientation="3"'), _xmp('tiff:Orientation="5"')
        ),
        "exif": _with_segments(plain, _exif(6)),
        "exif and xmp": _with_segments(plain, _exif(3), _xmp('tiff:Orientation="6"')),
        "c2pa app11": _with_segments(plain, _segment(0xEB, b"JP" + b"\x00" * 200)),
        "comment": _with_segments(plain, _segment(0xFE, b"hello")),
        "cut icc": _with_segments(plain, _segment(0xE2, b"ICC_PROFILE\x00")),
        "short jfif": _with_segments(plain, _segment(0xE0, b"JFIF\x00")),
        "bad tables": _with_segments(plain, _segment(0xDB, b"\x00" * 10)),
        "mpf": _with_segments(plain, _segment(0xE2, b"MPF\x00" + b"\x00" * 20)),
        "fill bytes": plain[:2] + b"\xff" + plain[2:],
        "cut": plain[:200],
        "zero size": plain.replace(
            b"\xff\xc0\x00\x11\x08\x00\x30\x00\x40", b"\xff\xc0\x00\x11\x08\x00\x00\x00\x40"
        ),
    }


CASES = _cases()
PLAIN = {"plain", "grey", "cmyk", "progressive", "icc", "c2pa app11", "comment"}
PLAIN |= {"xmp attribute", "xmp element", "xmp out of range", "two xmp"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_headers_say_what_pillow_says(tmp_path: Path, name: str) -> None:
    path = tmp_path / "picture.jpg"
    path.write_bytes(CASES[name])
    fast = probe_module._plain_jpeg(path, path.stat().st_size)
    if name in PLAIN:
        assert fast is not None
    if name == "zero size":
        assert FRAME_64X48 in CASES["plain"] and fast is None
    if fast is not None:
        assert fast == _pillow_says(path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_probe_is_the_same_either_way(tmp_path: Path, monkeypatch, name: str) -> None:
    path = tmp_path / "picture.jpg"
    path.write_bytes(CASES[name])
    fast = probe(path)
    monkeypatch.setattr(probe_module, "_plain_jpeg", lambda *_: None)
    assert probe(path) == fast


def test_a_huge_frame_is_left_to_pillow(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "picture.jpg"
    path.write_bytes(_jpeg(size=(600, 600)))
    assert probe_module._plain_jpeg(path, path.stat().st_size) == (600, 600, 1)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)
    assert probe_module._plain_jpeg(path, path.stat().st_size) is None
    assert "too large" in (probe(path).problem or "")


@pytest.mark.corpus
def test_corpus_jpegs_read_the_same(corpus: Path, monkeypatch) -> None:
    pictures = [
        p for p in sorted((corpus / "files").glob("*")) if p.read_bytes()[:3] == b"\xff\xd8\xff"
    ]
    assert pictures
    fast = [probe(p) for p in pictures]
    monkeypatch.setattr(probe_module, "_plain_jpeg", lambda *_: None)
    assert [probe(p) for p in pictures] == fast
