"""The one walker per container format: real files walked, hostile ones bounded, and the
users of the walk (picture digest, manifest finder, tamper demo) agreeing on odd JPEGs."""

from __future__ import annotations

import io
import itertools
import os
import struct
from pathlib import Path

import pytest

from app.core.media import containers
from app.core.media.containers import (
    ContainerTooOdd,
    bmff_boxes,
    jpeg_segments,
    png_chunks,
    riff_chunks,
)
from app.core.media.jumbf import find_store
from app.core.media.picture_bytes import image_data_digest
from app.core.media.probe import probe
from app.core.workshop.tamper_media import pixel_edit


def _kinds(parts: object) -> list[bytes]:
    return [part.kind for part in parts]  # type: ignore[attr-defined]


def test_each_walker_finds_the_credentials_part_of_a_real_file(corpus_file) -> None:
    with corpus_file("rs_C.jpg").open("rb") as fh:
        assert b"\xeb" in _kinds(jpeg_segments(fh))  # APP11 holds the JUMBF store
    with corpus_file("rs_IMG_0003_aca.png").open("rb") as fh:
        chunks = list(png_chunks(fh))
    assert b"caBX" in _kinds(chunks) and chunks[-1].kind == b"IEND"
    with corpus_file("rs_video1.mp4").open("rb") as fh:
        boxes = list(bmff_boxes(fh, descend=frozenset({b"moov"})))
    assert b"uuid" in _kinds(boxes) and b"mvhd" in _kinds(boxes)
    assert next(b for b in boxes if b.kind == b"mvhd").depth == 1
    with corpus_file("rs_100kb-signed.wav").open("rb") as fh:
        assert b"C2PA" in _kinds(riff_chunks(fh))


def test_parts_tile_a_real_mp4_exactly(corpus_file) -> None:
    path = corpus_file("rs_video1.mp4")
    with path.open("rb") as fh:
        boxes = list(bmff_boxes(fh))
    assert boxes[0].offset == 0
    assert all(a.end == b.offset for a, b in itertools.pairwise(boxes))
    assert boxes[-1].end == path.stat().st_size


def _png(chunks: int) -> bytes:
    empty = struct.pack(">I4s", 0, b"teXt") + b"\0\0\0\0"
    return b"\x89PNG\r\n\x1a\n" + empty * chunks


def test_every_format_has_a_bound_on_its_parts() -> None:
    with pytest.raises(ContainerTooOdd, match="PNG"):
        list(png_chunks(io.BytesIO(_png(containers.MAX_PARTS + 1))))
    boxes = struct.pack(">I4s", 8, b"free") * (containers.MAX_PARTS + 1)
    with pytest.raises(ContainerTooOdd, match="MP4"):
        list(bmff_boxes(io.BytesIO(boxes)))
    riff = b"RIFF\0\0\0\0WAVE" + struct.pack("<4sI", b"junk", 0) * (containers.MAX_PARTS + 1)
    with pytest.raises(ContainerTooOdd, match="RIFF"):
        list(riff_chunks(io.BytesIO(riff)))
    junk = b"\xff\xd8" + b"\0" * (containers.MAX_JPEG_JUNK + 2)
    with pytest.raises(ContainerTooOdd, match="JPEG"):
        list(jpeg_segments(io.BytesIO(junk)))


def test_a_settled_png_is_walked_once_per_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export asks for a PNG's chunks seven times: one walk per version of the file;
    any change (here the size, and a rewrite of the same size) walks it anew."""
    path = tmp_path / "picture.png"
    path.write_bytes(_png(5))
    walks: list[int] = []
    real = containers.png_chunks

    def counted(fh: object, *args: object) -> object:
        walks.append(1)
        return real(fh, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(containers, "png_chunks", counted)
    assert len(containers.png_chunks_at(path)) == 5
    assert len(containers.png_chunks_at(path)) == 5
    assert len(walks) == 2  # just written: its times could hide a change, so walked again
    monkeypatch.setattr(containers, "SETTLED_NS", 0)
    for _ in range(3):
        assert len(containers.png_chunks_at(path)) == 5
    assert len(walks) == 3
    path.write_bytes(_png(6))
    assert len(containers.png_chunks_at(path)) == 6
    same_size = _png(6)[:-8] + b"zTXt" + b"\0" * 4  # the last chunk of another type
    later = path.stat().st_mtime_ns + 3_000_000_000  # as a change seconds later has
    path.write_bytes(same_size)
    os.utime(path, ns=(later, later))
    assert containers.png_chunks_at(path)[-1].kind == b"zTXt"
    assert len(walks) == 5
    path.write_bytes(_png(containers.MAX_PARTS + 1))
    for _ in range(2):  # a refusal is remembered too, and raised each time
        with pytest.raises(ContainerTooOdd, match="PNG"):
            containers.png_chunks_at(path)
    assert len(walks) == 6


def test_png_chunk_type_that_is_not_letters_is_refused() -> None:
    odd = b"\x89PNG\r\n\x1a\n" + struct.pack(">I4s", 0, b"\0\0\0\0") + b"\0" * 4
    with pytest.raises(ContainerTooOdd):
        list(png_chunks(io.BytesIO(odd)))


def test_cut_files_end_the_walk_without_error() -> None:
    cut = _png(3)[:-2]
    assert len(list(png_chunks(io.BytesIO(cut)))) == 3  # the last one is cut short
    box = struct.pack(">I4s", 1000, b"mdat") + b"\0" * 10
    (only,) = bmff_boxes(io.BytesIO(box))
    assert only.end > len(box)


def _fill_bytes_jpeg(source: Path, tmp_path: Path) -> Path:
    """The same JPEG with 0xFF fill bytes before every header marker, as some writers
    leave them (allowed by the JPEG standard, B.1.1.2)."""
    data = source.read_bytes()
    out, pos = bytearray(data[:2]), 2
    while data[pos + 1] != 0xDA:
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        out += b"\xff\xff" + data[pos : pos + 2 + length]
        pos += 2 + length
    out += data[pos:]
    path = tmp_path / "fill.jpg"
    path.write_bytes(bytes(out))
    return path


def test_fill_bytes_before_markers_do_not_hide_the_picture(corpus_file, tmp_path) -> None:
    """Fill bytes change no pixel: the picture digest, the manifest finder and the tamper
    demo all see the same JPEG as without them (the old per-module walks stopped there)."""
    source = corpus_file("rs_C.jpg")
    filled = _fill_bytes_jpeg(source, tmp_path)
    assert image_data_digest(filled, "image/jpeg") == image_data_digest(source, "image/jpeg")
    store = find_store(filled)
    assert store is not None and store.logical == find_store(source).logical  # type: ignore[union-attr]
    offset, length, _ = pixel_edit(probe(filled))
    assert length == 1 and offset > filled.read_bytes().index(b"\xff\xda")


@pytest.mark.parametrize("at", [0, 5, 6, 7, 12, 13])
def test_a_credential_mark_across_two_reads_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    """The search reads the file in pieces: a mark cut between two of them still counts
    (missing it would label the file as having no history to carry forward)."""
    from app.core.media import structure

    monkeypatch.setattr(structure, "_SEARCH_READ", 8)
    data = bytearray(b"\x00" * 40)
    data[at : at + len(b"provenance")] = b"provenance"
    path = tmp_path / "file.bin"
    path.write_bytes(bytes(data))
    assert structure.mentions_credentials(path)
    path.write_bytes(b"\x00" * 40)
    assert not structure.mentions_credentials(path)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", len(body), kind) + body + b"\0\0\0\0"


def _png_with(*chunks: bytes, after: bytes = b"") -> bytes:
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(chunks) + _chunk(b"IEND", b"") + after


@pytest.mark.parametrize(
    ("name", "data", "mentioned"),
    [
        ("store", _png_with(_chunk(b"caBX", b"\0\0\0\x10jumbc2pa")), True),
        ("remote", _png_with(_chunk(b"iTXt", b"XML:com.adobe.xmp\0 dcterms:provenance")), True),
        ("pixels only", _png_with(_chunk(b"IDAT", b"noise c2pa noise")), False),
        ("after the end", _png_with(_chunk(b"IDAT", b"x"), after=b"c2pa"), True),
    ],
)
def test_a_png_is_searched_outside_its_image_data(
    tmp_path: Path, name: str, data: bytes, mentioned: bool
) -> None:
    """c2pa reads a PNG's store from its caBX chunk and a remote one from its XMP, never
    from the image data: a mark inside IDAT (random pixels can spell one) proves nothing,
    a mark anywhere else sends the file to the library."""
    from app.core.media import structure

    path = tmp_path / f"{name}.png"
    path.write_bytes(data)
    assert structure.mentions_credentials(path, "image/png") is mentioned
    assert structure.mentions_credentials(path)  # without the type: searched whole


def test_a_png_whose_image_data_runs_past_its_end_is_searched_whole(tmp_path: Path) -> None:
    from app.core.media import structure

    cut = _png_with(_chunk(b"IDAT", b"c2pa" * 8))[:-20]  # the IDAT's body cut short
    path = tmp_path / "cut.png"
    path.write_bytes(cut)
    assert structure.mentions_credentials(path, "image/png")


def test_each_signed_png_of_the_corpus_is_mentioned(corpus_file) -> None:
    from app.core.media import structure

    for name in ("rs_IMG_0003_aca.png", "rs_repro-sundae-ice-cream.png", "ts_amazon-titan-g1.png"):
        assert structure.mentions_credentials(corpus_file(name), "image/png"), name
