"""A file read with a few bytes inserted: every way c2pa reads a stream (whole, in pieces
across the insert, after seeks from either end) gives the original with the part in it."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest

from app.core.media.spliced import SplicedFile


@pytest.fixture
def original(tmp_path: Path) -> Path:
    path = tmp_path / "original.bin"
    path.write_bytes(random.Random(7).randbytes(100_000))
    return path


@pytest.mark.parametrize("at", [0, 1, 4_099, 99_999, 100_000])
def test_reads_as_the_original_with_the_part_inserted(original: Path, at: int) -> None:
    data, part = original.read_bytes(), b"<inserted packet>" * 11
    expected = data[:at] + part + data[at:]
    with SplicedFile(original, at, part) as spliced:
        assert spliced.read() == expected
        assert spliced.read() == b""  # at the end
        for size in (1, 7, 187, 4096, 65_536):  # pieces that straddle the part's edges
            spliced.seek(0)
            pieces = iter(lambda: spliced.read(size), b"")  # noqa: B023
            assert b"".join(pieces) == expected
        spliced.seek(-50, os.SEEK_END)
        assert spliced.read() == expected[-50:]
        spliced.seek(max(at - 3, 0))
        buffer = bytearray(40)
        filled = spliced.readinto(buffer)
        start = max(at - 3, 0)
        assert bytes(buffer[:filled]) == expected[start : start + 40]
        assert spliced.tell() == start + filled
    assert original.read_bytes() == data  # only ever read


def test_it_is_a_stream_c2pa_accepts_that_never_writes(original: Path) -> None:
    import c2pa

    with SplicedFile(original, 10, b"part") as spliced:
        c2pa.Stream(spliced)  # c2pa-python asks for read, write, seek, tell and flush
        spliced.flush()
        with pytest.raises(io.UnsupportedOperation):
            spliced.write(b"x")


def test_an_insert_outside_the_file_is_refused(original: Path) -> None:
    with pytest.raises(ValueError):
        SplicedFile(original, 100_001, b"x")


@pytest.mark.parametrize("start", [0, 5, 10, 30])  # before, across and after the part
def test_readinto_fills_any_buffer_by_its_bytes(original: Path, start: int) -> None:
    import array

    data, part = original.read_bytes(), b"0123456789"
    expected = data[:10] + part + data[10:]
    with SplicedFile(original, 10, part) as spliced:
        spliced.seek(start)
        words = array.array("H", bytes(12))  # 6 two-byte items: 12 bytes
        assert spliced.readinto(words) == 12
        assert words.tobytes() == expected[start : start + 12]
        assert spliced.tell() == start + 12
