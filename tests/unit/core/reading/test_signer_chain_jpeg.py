"""A JPEG's manifest store for the signer chain: read segment by segment, the same bytes
`find_store` gives (it read the whole file, up to 256 MB, to find them)."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from app.core.media.jumbf import find_store
from app.core.reading import signer_chain
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file


def _whole_file_store(path: Path) -> bytes:
    store = find_store(path)
    return store.logical if store else b""


def _app11(sequence: int, body: bytes) -> bytes:
    data = b"JP" + b"\x00\x01" + struct.pack(">I", sequence) + body
    return b"\xff\xeb" + struct.pack(">H", len(data) + 2) + data


def test_a_signed_jpeg_gives_the_same_store(tmp_path: Path) -> None:
    chain, key, _root = make_test_chain(tmp_path)
    signed = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), signed, chain, key, created_manifest("signed"))
    store = signer_chain._embedded_store(signed)
    assert store[4:8] == b"jumb"
    assert store == _whole_file_store(signed)
    assert signer_chain.signer_chains(signed)


def test_continued_and_second_stores_are_joined_alike(tmp_path: Path) -> None:
    jpeg = make_jpeg(tmp_path / "plain.jpg").read_bytes()
    box = struct.pack(">I", 40) + b"jumb" + b"a" * 32
    header = b"\x00\x00\x00\x00jumb"  # repeated box header before each continuation
    segments = _app11(1, box[:20]) + _app11(2, header + box[20:])
    segments += _app11(1, struct.pack(">I", 16) + b"jumb" + b"b" * 8)  # a second store
    odd = {
        "continued": jpeg[:2] + segments + jpeg[2:],
        "not jumbf": jpeg[:2] + _app11(1, b"nothing here") + jpeg[2:],
        "none": jpeg,
        "short": jpeg[:2] + b"\xff\xeb\x00\x08JP\x00\x01\x00\x00" + jpeg[2:],
    }
    for name, data in odd.items():
        path = tmp_path / f"{name}.jpg"
        path.write_bytes(data)
        assert signer_chain._embedded_store(path) == _whole_file_store(path), name


@pytest.mark.corpus
def test_corpus_jpegs_give_the_same_store(corpus: Path) -> None:
    pictures = [
        p for p in sorted((corpus / "files").glob("*")) if p.read_bytes()[:2] == b"\xff\xd8"
    ]
    assert pictures
    for path in pictures:
        assert signer_chain._embedded_store(path) == _whole_file_store(path), path.name


def test_skipped_superboxes_keep_their_label_only(tmp_path: Path) -> None:
    """The signer chain does not parse the assertions; everything else is parsed alike."""
    from app.core.media.jumbf import parse_boxes

    chain, key, _root = make_test_chain(tmp_path)
    signed = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), signed, chain, key, created_manifest("signed"))
    store = signer_chain._embedded_store(signed)
    full = parse_boxes(store)
    lean = parse_boxes(store, skip="c2pa.assertions".__eq__)

    def shape(boxes: tuple[Any, ...]) -> list[Any]:
        # An assertion store by its label and first child (its description) only.
        return [
            (b.kind, b.label, b.start, b.end, [c.kind for c in b.children[:1]])
            if b.label == "c2pa.assertions"
            else (b.kind, b.label, b.start, b.end, shape(b.children))
            for b in boxes
        ]

    assert shape(lean) == shape(full)
    skipped = [b for top in lean for m in top.children for b in m.children if b.kind == b"jumb"]
    assert [len(b.children) for b in skipped if b.label == "c2pa.assertions"] == [1]
    parsed = [b for top in full for m in top.children for b in m.children if b.kind == b"jumb"]
    assert [len(b.children) > 1 for b in parsed if b.label == "c2pa.assertions"] == [True]
