"""A PNG's manifest store for the signer chain: read chunk by chunk, the same bytes
`find_store` gives (it read the whole file, up to 256 MB, to find them)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from app.core.media.jumbf import find_store
from app.core.reading import signer_chain
from tests.helpers.signing import created_manifest, make_test_chain, sign_file


def _whole_file_store(path: Path) -> bytes:
    store = find_store(path)
    return store.logical if store else b""


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = struct.pack(">I", zlib.crc32(kind + body))
    return struct.pack(">I", len(body)) + kind + body + crc


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (64, 48), "teal").save(path, "PNG")
    return path


def test_a_signed_png_gives_the_same_store(tmp_path: Path) -> None:
    chain, key, _root = make_test_chain(tmp_path)
    signed = tmp_path / "signed.png"
    sign_file(_png(tmp_path / "src.png"), signed, chain, key, created_manifest("signed"))
    store = signer_chain._embedded_store(signed)
    assert store[4:8] == b"jumb"
    assert store == _whole_file_store(signed)
    assert signer_chain.signer_chains(signed)


def test_odd_pngs_give_the_same_store(tmp_path: Path) -> None:
    png = _png(tmp_path / "plain.png").read_bytes()
    box = struct.pack(">I", 40) + b"jumb" + b"a" * 32
    after_header = 8 + 25  # signature + IHDR chunk
    head, tail = png[:after_header], png[after_header:]
    odd = {
        "store": head + _chunk(b"caBX", box) + tail,
        "two stores": head + _chunk(b"caBX", box) + _chunk(b"caBX", box[::-1]) + tail,
        "not jumbf": head + _chunk(b"caBX", b"nothing here") + tail,
        "none": png,
        "cut": head + _chunk(b"caBX", box)[:30],
        "at the end": png[:-12] + _chunk(b"caBX", box) + png[-12:],
        "after IEND": png + _chunk(b"caBX", box),
    }
    for name, data in odd.items():
        path = tmp_path / f"{name.replace(' ', '-')}.png"
        path.write_bytes(data)
        assert signer_chain._embedded_store(path) == _whole_file_store(path), name


@pytest.mark.corpus
def test_corpus_pngs_give_the_same_store(corpus: Path) -> None:
    pictures = [p for p in sorted((corpus / "files").glob("*")) if p.read_bytes()[:4] == b"\x89PNG"]
    assert pictures
    for path in pictures:
        assert signer_chain._embedded_store(path) == _whole_file_store(path), path.name


def test_a_png_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chain, key, _root = make_test_chain(tmp_path)
    signed = tmp_path / "signed.png"
    sign_file(_png(tmp_path / "src.png"), signed, chain, key, created_manifest("signed"))

    def whole_file(path: Path) -> None:
        raise AssertionError(f"{path} was read whole")

    monkeypatch.setattr(signer_chain, "find_store", whole_file)
    assert signer_chain.signer_chains(signed)
