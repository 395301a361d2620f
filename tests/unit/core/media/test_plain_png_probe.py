"""A plain PNG is sized from its header without Pillow, with exactly Pillow's answer; any
other PNG still goes to Pillow."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from app.core.media import plain_png, probe
from tests.helpers.signing import created_manifest, make_test_chain, sign_file


def _chunk(kind: bytes, body: bytes, *, crc: int | None = None) -> bytes:
    value = zlib.crc32(body, zlib.crc32(kind)) if crc is None else crc
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", value)


def _after_ihdr(data: bytes, extra: bytes) -> bytes:
    return data[:33] + extra + data[33:]


def _variants(folder: Path) -> dict[str, bytes]:
    def saved(mode: str, **kwargs: object) -> bytes:
        path = folder / "tmp.png"
        Image.new(mode, (40, 30)).save(path, "PNG", **kwargs)
        return path.read_bytes()

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "hello")
    text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta tiff:Orientation='6'/>")
    zipped = PngImagePlugin.PngInfo()
    zipped.add_itxt("Title", "zipped", zip=True)
    exif_text = PngImagePlugin.PngInfo()
    exif_text.add_text("exif", "not really")
    exif = Image.Exif()
    exif[0x0112] = 6
    rgb = saved("RGB")
    ihdr = bytearray(rgb[16:29])
    ihdr[11] = 1  # filter method Pillow refuses
    huge = struct.pack(">II", 20_000, 20_000) + rgb[24:29]
    store = struct.pack(">I", 16) + b"jumb" + b"x" * 8
    out = {mode: saved(mode) for mode in ("1", "L", "LA", "RGB", "RGBA", "I;16", "P")}
    out |= {
        "text": saved("RGB", pnginfo=text),
        "zipped text": saved("RGB", pnginfo=zipped),
        "exif text": saved("RGB", pnginfo=exif_text),
        "exif": saved("RGB", exif=exif.tobytes()),
        "store": _after_ihdr(rgb, _chunk(b"caBX", store)),
        "bad crc": _after_ihdr(rgb, _chunk(b"caBX", store, crc=1)),
        "gamma": _after_ihdr(rgb, _chunk(b"gAMA", struct.pack(">I", 45455))),
        "filter": rgb[:8] + _chunk(b"IHDR", bytes(ihdr)) + rgb[33:],
        "huge": rgb[:8] + _chunk(b"IHDR", huge) + rgb[33:],
        "no pixels": rgb[:33] + _chunk(b"IEND", b""),
        "cut": rgb[:40],
    }
    return out


def test_plain_pngs_get_pillows_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chain, key, _root = make_test_chain(tmp_path)
    variants = _variants(tmp_path)
    src = tmp_path / "src.png"
    src.write_bytes(variants["text"])
    sign_file(src, tmp_path / "signed.png", chain, key, created_manifest("signed"))
    variants["signed"] = (tmp_path / "signed.png").read_bytes()
    fast = []
    for name, data in variants.items():
        path = tmp_path / f"{name.replace(' ', '-').replace(';', '')}.png"
        path.write_bytes(data)
        quick = plain_png.plain_png(path)
        if quick is not None:
            fast.append(name)
        with monkeypatch.context() as patched:
            patched.setattr(probe, "plain_png", lambda _path: None)  # Pillow alone
            expected = probe.probe(path)
        assert probe.probe(path) == expected, name
    assert set(fast) >= {"RGB", "RGBA", "L", "text", "store", "signed"}
    assert not set(fast) & {"P", "zipped text", "exif text", "bad crc", "filter", "huge"}


@pytest.mark.corpus
def test_corpus_pngs_get_pillows_answer(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pictures = [p for p in sorted((corpus / "files").glob("*")) if p.read_bytes()[:4] == b"\x89PNG"]
    assert pictures
    for path in pictures:
        with monkeypatch.context() as patched:
            patched.setattr(probe, "plain_png", lambda _path: None)
            expected = probe.probe(path)
        assert probe.probe(path) == expected, path.name
